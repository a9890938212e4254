"""The article report: findings first, the article with switchable layers, the tables, a glossary, methods.

Built only from a run folder's tables (:func:`helpers.runfolder.load_tables`): nothing is analysed again.
Each finding is a sentence a reader can check, linked to the place in the text that supports it; every
code appears with its plain name (:mod:`helpers.report.glossary`); all article text is HTML-escaped.

:func:`findings` computes the findings (who speaks and who does not, how transparent the sourcing is,
which frames dominate, which countries act on which, which numbers to check, how the article argues);
:func:`article_view` draws the text with its layers, each switched on and off by a checkbox that works in
any browser without a server or a script (pure CSS); :func:`page` assembles the self-contained HTML file
that :func:`write_article_report` writes (tables searchable and sortable with itables, offline).
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from helpers import config, corpus, resources
from helpers import glossary as g
from helpers import quotes as quotes_pkg
from helpers.report import tables as tbl
from helpers.runfolder import RunFolder, load_tables

#: Speaker types whose sourcing a reader cannot check.
VAGUE_TYPES: tuple[str, ...] = ("anonymous", "unspecified", "non_human")
#: Actor roles that speak for a state.
OFFICIAL_ROLES: frozenset[str] = frozenset({"government", "leader", "military", "legislature", "judiciary",
                                            "police", "intelligence", "state"})
#: A country is "prominent" when the article mentions it at least this many times (and it is among the
#: :data:`PROMINENT_MAX` most mentioned): the countries whose voices a reader would expect.
PROMINENT_MIN_MENTIONS: int = 3
PROMINENT_MAX: int = 4
#: Claim kinds a fact-checker checks first, in this order.
CLAIM_ORDER: tuple[str, ...] = ("money", "quantity", "percent", "count", "date", "duration", "age")
#: Most loaded passages shown per voice.
TOP_PASSAGES: int = 3


# ------------------------------------------------------------------------------------------------ data
@dataclass(frozen=True)
class Article:
    """One article and its rows in every table of a run folder."""

    id: str
    title: str
    source: str
    byline: str
    date: str
    url: str
    n_words: int
    text: str
    tables: dict[str, pd.DataFrame] = field(repr=False)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return " ".join(str(value).split())


def load_article(tables: Mapping[str, pd.DataFrame], article_id: str | None = None) -> Article:
    """The article ``article_id`` (the first when None) with its rows of every table.

    Raises:
        KeyError: when the article is not in the run folder.
    """
    aid = corpus.resolve_article_id(tables, article_id)
    one = corpus.select_articles(tables, aid)
    row = corpus.table(one, "articles").iloc[0]
    rows = {name: corpus.table(one, name).reset_index(drop=True) for name in
            ("sentences", "rhetoric_spans", "quotes", "speakers", "actors", "frames", "frame_evidence",
             "events", "claims")}
    rows["quotes"] = rows["quotes"].sort_values(["start", "end"], kind="stable").reset_index(drop=True)
    return Article(aid, _text(row.get("title")), _text(row.get("source")), _text(row.get("byline")),
                   _text(row.get("date"))[:10], _text(row.get("url")), int(row.get("n_words") or 0),
                   str(row.get("text") or ""), rows)


def _esc(value: Any) -> str:
    return html.escape(_text(value), quote=True)


def _snippet(text: str, start: int, end: int, limit: int = 220) -> str:
    piece = " ".join(text[start:end].split())
    return piece if len(piece) <= limit else piece[: limit - 1].rsplit(" ", 1)[0] + "…"


def _sentence_of(article: Article, offset: int) -> pd.Series | None:
    s = article["sentences"]
    hit = s[(s["start"] <= offset) & (s["end"] > offset)]
    return hit.iloc[0] if len(hit) else None


# ---------------------------------------------------------------------------------------- speakers
@dataclass(frozen=True)
class Voice:
    """A speaker of the article with what they were given.

    Attributes:
        name: the resolved speaker.
        type: ``person``, ``organisation``, ``anonymous``, ``unspecified`` or ``non_human``.
        role: title or description; organisation: affiliation.
        n_direct, n_partial, n_indirect: quotes by kind; words: words in their own words (direct, partial).
        first_quote: row number of their first quote (the anchor ``q-N``).
        countries: the countries the speaker is tied to (by their name, role or affiliation).
        official: the countries the speaker speaks for as an official.
    """

    name: str
    type: str
    role: str
    organisation: str
    n_direct: int
    n_partial: int
    n_indirect: int
    words: int
    first_quote: int
    countries: tuple[str, ...] = ()
    official: tuple[str, ...] = ()

    @property
    def named(self) -> bool:
        """A named person or organisation (not a vague, anonymous or non-human source, not a pronoun or a
        title left unresolved): the voices a report lists."""
        return quotes_pkg.is_named_voice(self.name, self.type)

    @property
    def described(self) -> str:
        """Name with role and affiliation, escaped: "Kate Mallinson (associate fellow, Chatham House)"."""
        shown = [self.name.lower()]
        extra = []
        for part in (self.role, self.organisation):
            if part and not any(part.lower() in s for s in shown):
                extra.append(part)
                shown.append(part.lower())
        extra = ", ".join(extra)
        return _esc(self.name) + (f" ({_esc(extra)})" if extra else "")


def _speaker_type(row: Mapping[str, Any]) -> str:
    kind = _text(row.get("speaker_type"))
    if kind:
        return kind
    return "anonymous" if bool(row.get("anonymous")) else "person"


def voices(article: Article) -> list[Voice]:
    """The article's speakers, most words quoted first; each tied to countries through the actors named
    in their name, role or affiliation ("Kazakh foreign ministry" → KAZ, official)."""
    quotes = article["quotes"]
    actors = article["actors"]
    known = [(a["text"].lower(), a["country"], a["role"]) for _, a in actors.iterrows()
             if isinstance(a.get("text"), str) and isinstance(a.get("country"), str)]
    out: list[Voice] = []
    attributed = quotes[quotes["kind"].isin(["direct", "partial", "indirect"]) & quotes["speaker"].notna()]
    for name, rows in attributed.groupby("speaker", sort=False):
        first = rows.iloc[0]
        described = " ".join(_text(first.get(k)).lower() for k in ("speaker", "role", "organisation"))
        mention = article.text[int(first["speaker_start"]):int(first["speaker_end"])].lower() \
            if pd.notna(first.get("speaker_start")) and pd.notna(first.get("speaker_end")) else ""
        ties = [(c, r) for text, c, r in known if re.search(rf"\b{re.escape(text)}\b", described + " " + mention)]
        kinds = rows["kind"].value_counts()
        own = rows[rows["kind"].isin(["direct", "partial"])]
        out.append(Voice(
            name=str(name), type=_speaker_type(first), role=_text(first.get("role")),
            organisation=_text(first.get("organisation")), n_direct=int(kinds.get("direct", 0)),
            n_partial=int(kinds.get("partial", 0)), n_indirect=int(kinds.get("indirect", 0)),
            words=int(own["n_words"].fillna(0).sum()) if "n_words" in own else 0,
            first_quote=int(rows.index[0]),
            countries=tuple(dict.fromkeys(c for c, _ in ties)),
            official=tuple(dict.fromkeys(c for c, r in ties if r in OFFICIAL_ROLES))))
    return sorted(out, key=lambda v: (-v.words, -(v.n_direct + v.n_partial + v.n_indirect), v.first_quote))


# ---------------------------------------------------------------------------------------- findings
@dataclass(frozen=True)
class Finding:
    """One finding: a topic and a sentence of escaped HTML with links to its evidence."""

    topic: str
    html: str


def _link(prefix: str, anchor: str, label: str) -> str:
    return f'<a href="#{prefix}-{anchor}">{label}</a>'


def _quotes_phrase(v: Voice) -> str:
    parts = []
    if v.n_direct:
        parts.append(g.counted(v.n_direct, "direct quote"))
    if v.n_partial:
        parts.append(g.counted(v.n_partial, "partial quote"))
    if v.n_indirect:
        parts.append(f"{'paraphrased' if not parts else ''} {g.counted(v.n_indirect, 'time')}".strip()
                     if not parts else g.counted(v.n_indirect, "paraphrase"))
    said = ", ".join(parts)
    return f"{said}; {g.counted(v.words, 'word')} in their own words" if v.words else said


def _who_speaks(article: Article, all_voices: list[Voice], prefix: str) -> list[Finding]:
    named = [v for v in all_voices if v.named]
    if not named:
        return [Finding("Who speaks", "No named person or organisation is quoted or paraphrased.")]
    items = "; ".join(f"{_link(prefix, f'q-{v.first_quote}', v.described)}: {_quotes_phrase(v)}" for v in named)
    people = sum(v.type == "person" for v in named)
    bodies = len(named) - people
    head = f"{g.counted(people, 'person', 'people')}" + (f" and {g.counted(bodies, 'organisation')}" if bodies else "")
    return [Finding("Who speaks", f"{head} are given voice: {items}.")]


def _prominent_countries(article: Article) -> list[tuple[str, int]]:
    actors = article["actors"].dropna(subset=["country"])
    counts = actors["country"].value_counts()
    return [(c, int(n)) for c, n in counts.items() if n >= PROMINENT_MIN_MENTIONS][:PROMINENT_MAX]


def _who_does_not(article: Article, all_voices: list[Voice], prefix: str) -> list[Finding]:
    out = []
    for code, mentions in _prominent_countries(article):
        officials = [v for v in all_voices if code in v.official]
        others = [v for v in all_voices if code in v.countries and code not in v.official and v.named]
        country = _esc(g.country_name(code))
        if officials:
            said = "; ".join(f"{_link(prefix, f'q-{v.first_quote}', v.described)}, {_quotes_phrase(v)}"
                             for v in officials)
            text = f"{country} ({g.counted(mentions, 'mention')}): officials quoted: {said}."
        else:
            text = f"{country} ({g.counted(mentions, 'mention')}): no official of {country} is quoted or paraphrased"
            text += (". Other voices from " + country + ": "
                     + ", ".join(_link(prefix, f"q-{v.first_quote}", v.described) for v in others) + "."
                     if others else ", nor anyone tied to it by name, title or affiliation.")
        out.append(Finding("Whose side is heard", text))
    return out


def _sourcing(article: Article, all_voices: list[Voice], prefix: str) -> list[Finding]:
    out = []
    paraphrased = [v for v in all_voices if v.named and v.n_indirect and not (v.n_direct + v.n_partial)]
    if paraphrased:
        who = ", ".join(_link(prefix, f"q-{v.first_quote}", v.described) for v in paraphrased)
        out.append(Finding("Sourcing", f"Only paraphrased, never quoted in their own words: {who}. "
                                       "What they said cannot be checked against their words."))
    quotes = article["quotes"]
    for kind in VAGUE_TYPES:
        rows = quotes[quotes["kind"].isin(["direct", "partial", "indirect"])
                      & (quotes.apply(_speaker_type, axis=1) == kind)] if len(quotes) else quotes
        if len(rows):
            mentions = []
            for i, q in rows.iterrows():
                shown = article.text[int(q["speaker_start"]):int(q["speaker_end"])] \
                    if pd.notna(q.get("speaker_start")) else _text(q.get("speaker"))
                mentions.append(_link(prefix, f"q-{i}", "“" + _esc(shown or q.get("speaker")) + "”"))
            rest = "rests" if len(rows) == 1 else "rest"
            out.append(Finding("Sourcing", f"{g.counted(len(rows), 'claim')} {rest} on "
                                           f"{g.name('speaker_type', kind).lower()}s: {', '.join(mentions)}."))
    missing = [label for label, value in (("byline", article.byline), ("date", article.date),
                                          ("outlet", article.source)) if not value]
    if missing:
        out.append(Finding("Sourcing", f"The article carries no {', no '.join(missing)}: who published it, and "
                                       "when, must be established elsewhere."))
    return out


def _frames(article: Article, prefix: str) -> list[Finding]:
    frames = article["frames"]
    evidence = article["frame_evidence"]
    out = []
    for kind, label in (("generic", "Generic frames"), ("issue", "Issue frames")):
        present = frames[(frames["kind"] == kind) & frames["present"].fillna(False).astype(bool)]
        present = present.sort_values("score", ascending=False)
        if present.empty:
            continue
        parts = []
        for _, f in present.iterrows():
            ev = evidence[(evidence["kind"] == kind) & (evidence["frame"] == f["frame"])]
            name = _esc(g.frame(f["frame"], kind))
            score = f"score {f['score']:.2f}, present from {f['threshold']:.2f}" if kind == "generic" \
                else f"{g.share(f['score'])} of the issue cues"
            if ev.empty:
                parts.append(f"<b>{name}</b> ({score})")
                continue
            best = ev.sort_values("score", ascending=False).iloc[0]
            quote = _esc(_snippet(article.text, int(best["start"]), int(best["end"]), 180))
            parts.append(f"<b>{name}</b> ({score}; strongest evidence: "
                         f"{_link(prefix, f's-{int(best.sent_index)}', '“' + quote + '”')})")
        out.append(Finding("Frames", f"{label}: " + "; ".join(parts) + "."))
    return out


def _countries_and_events(article: Article, prefix: str) -> list[Finding]:
    out = []
    countries = article["actors"].dropna(subset=["country"])["country"].value_counts()
    if len(countries):
        named = ", ".join(f"{_esc(g.country_name(c))} ({n:,})" for c, n in countries.head(8).items())
        more = f" and {len(countries) - 8} more" if len(countries) > 8 else ""
        out.append(Finding("Countries and actions", f"Countries named (mentions): {named}{more}."))
    events = article["events"]
    events = events[~events["negated"].fillna(False).astype(bool)] if len(events) else events
    if len(events):
        items = []
        for _, e in events.iterrows():
            who = _esc(g.country_name(e["actor_code"]) if _text(e.get("actor_code")) else e.get("actor")) or "someone"
            whom = _esc(g.country_name(e["target_code"]) if _text(e.get("target_code")) else e.get("target"))
            what = _esc(g.cameo_name(e["cameo"]) or e["action"])
            phrase = f"{who} → {what}" + (f" → {whom}" if whom else "")
            sent = e.get("sent_index")
            items.append(_link(prefix, f"s-{int(sent)}", phrase) if pd.notna(sent) else phrase)
        out.append(Finding("Countries and actions", "Who does what to whom (CAMEO event codes): "
                           + "; ".join(items) + "."))
    return out


def _numbers(article: Article, prefix: str) -> list[Finding]:
    claims = article["claims"]
    if claims.empty:
        return []
    order = {k: i for i, k in enumerate(CLAIM_ORDER)}
    claims = claims.assign(_o=claims["kind"].map(order).fillna(len(order))).sort_values(["_o", "start"])
    items = []
    for _, c in claims.iterrows():
        sent = _sentence_of(article, int(c["start"]))
        value = g.claim_value(c["kind"], c["value"], c["unit"]) if c["kind"] != "count" else ""
        shown = _esc(c["text"]) + (f" ({_esc(value)})" if value and value not in _text(c["text"]) else "")
        label = f"{shown} <small>{_esc(g.name('claim_kind', c['kind']).lower())}</small>"
        items.append(_link(prefix, f"s-{int(sent['sent_index'])}", label) if sent is not None else label)
    return [Finding("Numbers to check", f"{g.counted(len(claims), 'number')} a fact-checker should verify: "
                    + "; ".join(items) + ".")]


def _argument(article: Article, prefix: str) -> list[Finding]:
    spans = article["rhetoric_spans"]
    out = []
    if article.n_words:
        rates = spans["category"].value_counts()
        per_k = {c: 1000 * rates.get(c, 0) / article.n_words for c in ("hedge", "booster", "loaded", "fear")}
        out.append(Finding("How it argues", (
            f"Per 1,000 words: {per_k['hedge']:.1f} hedges, {per_k['booster']:.1f} boosters, "
            f"{per_k['loaded']:.1f} loaded and {per_k['fear']:.1f} fear words; "
            f"{g.counted(int(rates.get('technique', 0)), 'persuasion-technique candidate')}.")))
    loaded = spans[spans["category"].isin(["loaded", "fear", "technique"])]
    if loaded.empty:
        return out
    for voice, label in (("author", "In the author's voice"), ("quoted", "In quoted voices")):
        mine = loaded[loaded["voice"].fillna("author") == voice]
        if mine.empty:
            continue
        by_sentence: dict[int, list[pd.Series]] = {}
        for _, s in mine.iterrows():
            sent = _sentence_of(article, int(s["start"]))
            if sent is not None:
                by_sentence.setdefault(int(sent["sent_index"]), []).append(s)
        ranked = sorted(by_sentence.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:TOP_PASSAGES]
        parts = []
        sents = article["sentences"].set_index("sent_index")
        for index, found in ranked:
            row = sents.loc[index]
            words = sorted({_text(s["text"]).lower() for s in found if s["category"] != "technique"})
            techniques = sorted({g.name("technique", s["label"]) for s in found if s["category"] == "technique"})
            who = {_text(s.get("speaker")) for s in found if _text(s.get("speaker"))}
            why = ", ".join([*(f"“{w}”" for w in words), *techniques])
            by = f" ({', '.join(sorted(who))})" if who else ""
            parts.append(_link(prefix, f"s-{index}", "“" + _esc(_snippet(article.text, int(row["start"]),
                                                                          int(row["end"]), 160)) + "”")
                         + f"{html.escape(by)} <small>{_esc(why)}</small>")
        out.append(Finding("How it argues", f"{label}, the most loaded passages: " + "; ".join(parts) + "."))
    return out


def findings(article: Article, prefix: str = "fl") -> list[Finding]:
    """Every finding of the article report, in reading order.

    Args:
        article: from :func:`load_article`.
        prefix: the id prefix of the article view the links point into.
    """
    all_voices = voices(article)
    return [*_who_speaks(article, all_voices, prefix), *_who_does_not(article, all_voices, prefix),
            *_sourcing(article, all_voices, prefix), *_frames(article, prefix),
            *_countries_and_events(article, prefix), *_numbers(article, prefix), *_argument(article, prefix)]


def summary(article: Article) -> list[str]:
    """The report's opening sentences (escaped HTML): voices, sides, frames, numbers, language."""
    all_voices = voices(article)
    named = [v for v in all_voices if v.named]
    vague = [v for v in all_voices if not v.named]
    out = []
    people = sum(v.type == "person" for v in named)
    line = (f"{g.counted(len(named), 'named source')} {'is' if len(named) == 1 else 'are'} quoted or paraphrased"
            + (" (" + ", ".join(x for x in (g.counted(people, "person", "people") if people else "",
                                            g.counted(len(named) - people, "organisation") if len(named) > people
                                            else "") if x) + ")" if named else ""))
    if vague:
        line += f"; {g.counted(len(vague), 'source')} {'is' if len(vague) == 1 else 'are'} unnamed or vague"
    out.append(line + ".")
    silent, heard = [], []
    for code, _ in _prominent_countries(article):
        officials = [v for v in all_voices if code in v.official]
        if officials:
            words = sum(v.words for v in officials)
            heard.append(f"{_esc(g.country_name(code))}'s official voice is "
                         f"{g.listing([v.described for v in officials])} "
                         f"({g.counted(words, 'word')} in their own words)")
        else:
            silent.append(_esc(g.country_name(code)))
    if silent:
        out.append(f"No official of {g.listing(silent, 'or')} is quoted or paraphrased"
                   + (f"; {'; '.join(heard)}." if heard else "."))
    elif heard:
        out.append("; ".join(heard)[:1].upper() + "; ".join(heard)[1:] + ".")
    paraphrased = [v.described for v in named if v.n_indirect and not (v.n_direct + v.n_partial)]
    if paraphrased:
        out.append(f"Only paraphrased, never quoted: {g.listing(paraphrased)}.")
    frames = article["frames"]
    present = frames[frames["present"].fillna(False).astype(bool)].sort_values("score", ascending=False)
    generic = [g.frame(f).lower() for f in present[present["kind"] == "generic"]["frame"]]
    issue = [g.frame(f, "issue").lower() for f in present[present["kind"] == "issue"]["frame"]]
    if generic or issue:
        parts = []
        if generic:
            parts.append(f"{g.listing(generic[:2])} (generic frames"
                         + (("; all 5 are present)" if len(generic) == 5 else f"; {len(generic)} of the 5 are present)")
                            if len(generic) > 2 else ")"))
        if issue:
            parts.append(f"{g.listing(issue[:2])} (issues)")
        out.append(f"It frames the story {'mainly ' if len(generic) > 2 or len(issue) > 2 else ''}through "
                   f"{g.listing(parts)}.")
    claims = article["claims"]
    if len(claims):
        checkable = claims[claims["kind"].isin(["money", "quantity", "percent"])]["text"].map(_text).tolist()[:3]
        out.append(f"{g.counted(len(claims), 'number')} to check"
                   + (f", among them {g.listing([_esc(c) for c in checkable])}" if checkable else "") + ".")
    spans = article["rhetoric_spans"]
    emotive = spans[spans["category"].isin(["loaded", "fear"])]
    if article.n_words and len(emotive):
        own = (emotive["voice"].fillna("author") == "author").mean()
        out.append(f"Loaded and fear words: {1000 * len(emotive) / article.n_words:.1f} per 1,000 words, "
                   f"{g.share(own)} of them in the author's own voice.")
    return out


def findings_html(article: Article, prefix: str = "fl", heading: bool = False) -> str:
    """The Findings section: the opening summary, then one list per topic (``heading``: the article's title
    above it)."""
    grouped: dict[str, list[str]] = {}
    for f in findings(article, prefix):
        grouped.setdefault(f.topic, []).append(f.html)
    blocks = "".join(f"<h3>{html.escape(topic)}</h3><ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
                     for topic, items in grouped.items())
    lead = "".join(f"<li>{s}</li>" for s in summary(article))
    title = f"<h2>{_esc(article.title or article.id)}</h2>" if heading else ""
    return (f'{title}<section class="fl-findings" id="{prefix}-findings"><h2>Findings</h2>'
            f'<ul class="fl-summary" style="font-size:1.08em;background:#f6f6f2;border-left:4px solid #1a1a1a;'
            f'padding:.6em 1em .6em 2em">{lead}</ul>{blocks}</section>')


# ------------------------------------------------------------------------------------ article view
@dataclass(frozen=True)
class Layer:
    """A switchable layer of the article view.

    Attributes:
        key: CSS-safe key (``direct``, ``loaded``, ``frame-conflict`` …).
        label: the legend's name; definition: its hover text.
        style: ``underline`` (quotes), ``outline`` (speaker mention), ``bold`` (cue), ``dotted`` (technique)
            or ``background``.
        colour: a hex colour; on: shown when the report opens.
    """

    key: str
    label: str
    definition: str
    style: str
    colour: str
    on: bool = True


@dataclass(frozen=True)
class Mark:
    """A span of the text in a layer, with its hover text and extra CSS classes (a speaker's)."""

    start: int
    end: int
    layer: str
    title: str
    classes: tuple[str, ...] = ()


QUOTE_LAYERS: tuple[Layer, ...] = tuple(
    Layer(kind, g.name("quote_kind", kind), g.definition("quote_kind", kind), "underline", colour)
    for kind, colour in (("direct", "#1a7f37"), ("partial", "#1f5fbf"), ("indirect", "#8b1a89"),
                         ("scare", "#7a7a7a")))
SPEECH_LAYERS: tuple[Layer, ...] = (
    Layer("speaker", "Speaker", "The speaker as the article names them.", "outline", "#444444"),
    Layer("cue", "Reporting word", "The word that attributes the quote (said, according to …).", "bold",
          "#222222"),
)
RHETORIC_LAYERS: tuple[Layer, ...] = tuple(
    Layer(c, g.name("category", c), g.definition("category", c), "dotted" if c == "technique" else "background",
          colour) for c, colour in (("hedge", "#cfe8ff"), ("booster", "#ffdca8"), ("loaded", "#ffc4c4"),
                                     ("fear", "#e6c8ff"), ("technique", "#a86d00")))
#: Background colours of the generic frames (colour-blind-safe pastel set).
FRAME_COLOURS: dict[str, str] = {"conflict": "#fbd5cf", "economic": "#d4edcc", "human_interest": "#fff1a8",
                                 "morality": "#e1d8f0", "responsibility": "#d2e3f3"}
#: Colours cycled over the issue frames.
ISSUE_COLOURS: tuple[str, ...] = ("#f5e3d0", "#d6efec", "#f8dbe6", "#e4def5", "#e0f0d8", "#fdf0c8", "#dde8f6",
                                  "#efe0d4", "#d9ecf2", "#f3e1ec", "#e6ecd3", "#f1e9d2", "#dcdff3", "#eadcd9")


def _frame_layers(article: Article) -> list[Layer]:
    frames = article["frames"]
    present = frames[frames["present"].fillna(False).astype(bool)]
    layers = []
    for _, f in present.iterrows():
        if f["kind"] == "generic":
            layers.append(Layer(f"frame-{f['frame']}", g.frame(f["frame"]) + " frame",
                                g.definition("generic_frame", f["frame"]), "background",
                                FRAME_COLOURS.get(f["frame"], "#eeeeee"), on=False))
    issue = present[present["kind"] == "issue"].reset_index(drop=True)
    for i, f in issue.iterrows():
        layers.append(Layer(f"issue-{f['frame']}", g.frame(f["frame"], "issue") + " (issue)",
                            g.definition("issue_frame", f["frame"]), "background",
                            ISSUE_COLOURS[i % len(ISSUE_COLOURS)], on=False))
    return layers


def _css_key(value: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", value.lower())


def article_marks(article: Article, layers: Iterable[str] = ("quotes", "rhetoric", "frames")
                  ) -> tuple[list[Layer], list[Mark], dict[str, int]]:
    """The layers, the marks and the speakers (name → number) of the article view.

    Args:
        article: from :func:`load_article`.
        layers: which groups to draw: ``quotes`` (quotes by kind, speakers, cues), ``rhetoric`` (hedges,
            boosters, loaded and fear words, techniques), ``frames`` (each frame present).
    """
    wanted = set(layers)
    out_layers: list[Layer] = []
    marks: list[Mark] = []
    speakers: dict[str, int] = {}
    if "quotes" in wanted:
        out_layers += [*QUOTE_LAYERS, *SPEECH_LAYERS]
        for _, q in article["quotes"].iterrows():
            speaker = _text(q.get("speaker"))
            kind = _text(q.get("kind")) or "direct"
            sp = ()
            if speaker:
                speakers.setdefault(speaker, len(speakers) + 1)
                sp = (f"sp-{speakers[speaker]}",)
            title = f"{g.name('quote_kind', kind)}" + (f" · {speaker}" if speaker else " · no speaker")
            if _text(q.get("role")):
                title += f" ({_text(q.get('role'))})"
            marks.append(Mark(int(q["start"]), int(q["end"]), kind, title, ("q", *sp)))
            if pd.notna(q.get("speaker_start")) and pd.notna(q.get("speaker_end")):
                marks.append(Mark(int(q["speaker_start"]), int(q["speaker_end"]), "speaker",
                                  f"Speaker: {speaker}" if speaker else "Speaker", sp))
            if pd.notna(q.get("cue_start")) and pd.notna(q.get("cue_end")):
                marks.append(Mark(int(q["cue_start"]), int(q["cue_end"]), "cue",
                                  f"Reporting word: {_text(q.get('cue'))}"))
    if "rhetoric" in wanted:
        out_layers += list(RHETORIC_LAYERS)
        for _, s in article["rhetoric_spans"].iterrows():
            voice = _text(s.get("voice")) or "author"
            whose = f"quoted: {_text(s.get('speaker'))}" if voice == "quoted" and _text(s.get("speaker")) else \
                g.name("voice", voice).lower()
            if s["category"] == "technique":
                title = f"{g.name('technique', s['label'])}: {g.definition('technique', s['label'])} ({whose})"
            else:
                title = f"{g.name('category', s['category'])}: {_text(s['label'])} ({whose})"
            marks.append(Mark(int(s["start"]), int(s["end"]), s["category"], title))
    if "frames" in wanted:
        frame_layers = _frame_layers(article)
        out_layers += frame_layers
        keys = {layer.key for layer in frame_layers}
        for _, e in article["frame_evidence"].iterrows():
            key = f"{'frame' if e['kind'] == 'generic' else 'issue'}-{e['frame']}"
            if key in keys:
                cues = _text(e.get("cues"))
                title = f"{g.frame(e['frame'], e['kind'])} frame (sentence score {float(e['score']):.2f})"
                marks.append(Mark(int(e["start"]), int(e["end"]), key, title + (f": {cues}" if cues else "")))
    present = {m.layer for m in marks}
    return [layer for layer in out_layers if layer.key in present], marks, speakers


def _layer_css(layer: Layer, prefix: str) -> str:
    key, c = _css_key(layer.key), layer.colour
    cls = f".{prefix}-article .l-{key}"
    style = {
        "underline": f"text-decoration-line:underline;text-decoration-color:{c};text-decoration-thickness:3px;"
                     f"text-underline-offset:4px;text-decoration-style:"
                     + {"direct": "solid", "partial": "dashed", "indirect": "dotted"}.get(layer.key, "wavy"),
        "outline": f"outline:1.5px solid {c};outline-offset:1px;border-radius:2px",
        "bold": "font-weight:600",
        "dotted": f"border-bottom:2px dotted {c}",
        "background": f"background:{c}",
    }[layer.style]
    off = (f"#{prefix}-tg-{key}:not(:checked) ~ .{prefix}-article .l-{key}"
           "{background:transparent;text-decoration:none;border-bottom-color:transparent;outline:none;"
           "font-weight:inherit}")
    swatch_style = style.replace("text-decoration-line:underline", f"border-bottom:3px solid {c}")
    swatch = f".{prefix}-legend .sw-{key}{{{swatch_style}}}"
    return f"{cls}{{{style}}}\n{off}\n{swatch}"


def marked_html(text: str, marks: Sequence[Mark], anchors: Mapping[int, list[str]]) -> str:
    """The text with the marks nested where they nest and cut where they cross; escaped; anchors inserted."""
    n = len(text)
    clean = sorted({(max(0, m.start), min(n, m.end), m) for m in marks if min(n, m.end) > max(0, m.start)},
                   key=lambda s: (s[0], -s[1], s[2].layer))
    cuts = sorted({0, n, *(s[0] for s in clean), *(s[1] for s in clean), *(a for a in anchors if 0 <= a <= n)})
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        for anchor in anchors.get(a, []):
            parts.append(f'<a class="fl-anchor" id="{anchor}"></a>')
        chunk = html.escape(text[a:b])
        for _, _, m in reversed([s for s in clean if s[0] <= a and s[1] >= b]):
            classes = " ".join(["hl", f"l-{_css_key(m.layer)}", *(_css_key(c) for c in m.classes)])
            chunk = f'<span class="{classes}" title="{html.escape(m.title, quote=True)}">{chunk}</span>'
        parts.append(chunk)
    return "".join(parts)


def article_view(article: Article, layers: Iterable[str] = ("quotes", "rhetoric", "frames"),
                 prefix: str = "fl", title: str | None = None, frames_on: bool = False) -> str:
    """The article with its layers, each switched by a checkbox, and a choice of speaker; pure HTML and CSS.

    Sentences carry the anchors ``PREFIX-s-N`` and quotes ``PREFIX-q-N`` that the findings link to.

    Args:
        article: from :func:`load_article`.
        layers: the groups of layers to draw (see :func:`article_marks`).
        prefix: the prefix of every id and class, unique per view on a page.
        title: a heading above the text.
        frames_on: show the generic frames when the view opens (they start off otherwise).
    """
    view_layers, marks, speakers = article_marks(article, layers)
    if frames_on:
        view_layers = [Layer(x.key, x.label, x.definition, x.style, x.colour, True) if x.key.startswith("frame-")
                       else x for x in view_layers]
    anchors: dict[int, list[str]] = {}
    for _, s in article["sentences"].iterrows():
        anchors.setdefault(int(s["start"]), []).append(f"{prefix}-s-{int(s['sent_index'])}")
    for i, q in article["quotes"].iterrows():
        anchors.setdefault(int(q["start"]), []).append(f"{prefix}-q-{i}")
    css = [_layer_css(layer, prefix) for layer in view_layers]
    for number in speakers.values():
        css.append(f"#{prefix}-sp-{number}:checked ~ .{prefix}-article .q:not(.sp-{number}),"
                   f"#{prefix}-sp-{number}:checked ~ .{prefix}-article .l-speaker:not(.sp-{number})"
                   "{text-decoration:none;outline:none;opacity:.55}")
    toggles = "".join(f'<input type="checkbox" class="fl-toggle" id="{prefix}-tg-{_css_key(layer.key)}"'
                      f'{" checked" if layer.on else ""}>' for layer in view_layers)
    radios = ""
    if speakers:
        radios = f'<input type="radio" class="fl-toggle" name="{prefix}-sp" id="{prefix}-sp-0" checked>' + "".join(
            f'<input type="radio" class="fl-toggle" name="{prefix}-sp" id="{prefix}-sp-{n}">'
            for n in speakers.values())
    counts = pd.Series([m.layer for m in marks]).value_counts() if marks else pd.Series(dtype=int)
    legend = "".join(
        f'<label for="{prefix}-tg-{_css_key(layer.key)}" title="{html.escape(layer.definition, quote=True)}">'
        f'<span class="box"></span><span class="sw sw-{_css_key(layer.key)}">{html.escape(layer.label)}</span>'
        f' <small>{int(counts.get(layer.key, 0)):,}</small></label> ' for layer in view_layers)
    css += [f"#{prefix}-tg-{_css_key(layer.key)}:checked ~ .{prefix}-legend "
            f"label[for={prefix}-tg-{_css_key(layer.key)}] .box::before{{content:'\\2611'}}" for layer in view_layers]
    picker = ""
    if speakers:
        picker = (f'<div class="{prefix}-speakers fl-speakers"><b>Quotes of:</b> '
                  f'<label for="{prefix}-sp-0">everyone</label>'
                  + " ".join(f'<label for="{prefix}-sp-{n}">{html.escape(name)}</label>'
                             for name, n in speakers.items())
                  + "</div>")
        css += [f"#{prefix}-sp-{n}:checked ~ .{prefix}-speakers label[for={prefix}-sp-{n}]"
                "{background:#222;color:#fff}" for n in [0, *speakers.values()]]
    heading = f"<h3>{html.escape(title)}</h3>" if title else ""
    body = marked_html(article.text, marks, anchors)
    return (f'<div class="fl-view" id="{prefix}-view"><style>{VIEW_CSS}{chr(10).join(css)}</style>{toggles}{radios}'
            f'<div class="{prefix}-legend fl-legend"><b>Show:</b> {legend}</div>{picker}'
            f'<div class="{prefix}-article fl-article">{heading}{body}</div></div>')


#: Styles shared by every article view.
VIEW_CSS: str = """
.fl-view{margin:1em 0}
.fl-view .fl-toggle{position:absolute;opacity:0;pointer-events:none;width:1px;height:1px}
.fl-legend,.fl-speakers{position:sticky;top:0;z-index:2;background:#fafafa;border:1px solid #ddd;padding:.4em .6em;
  font:13px/1.9 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.fl-speakers{position:static;border-top:none}
.fl-legend label,.fl-speakers label{cursor:pointer;margin-right:.9em;white-space:nowrap;padding:1px 4px;
  border-radius:3px}
.fl-legend .box::before{content:'\\2610';margin-right:.25em}
.fl-legend small{color:#666}
.fl-article{font:17px/1.75 Georgia,"Times New Roman",serif;white-space:pre-wrap;max-width:46rem;padding:.5em 0}
.fl-article .hl{border-radius:2px}
.fl-anchor{scroll-margin-top:5em}
"""


# ---------------------------------------------------------------------------------------------- page
def report_tables(article: Article) -> list[tuple[str, str, pd.DataFrame]]:
    """``(key, caption, table)`` for each table of the report, in plain words (names beside codes, numbers
    formatted): quotes, sources, numbers, events, frames, countries, rhetoric; empty ones left out."""
    out = []
    quotes = article["quotes"]
    if len(quotes):
        out.append(("quotes", "Every quote: who said what, and how", pd.DataFrame({
            "speaker": quotes["speaker"].map(_text),
            "source type": quotes.apply(lambda r: g.name("speaker_type", _speaker_type(r)) if _text(r.get("speaker"))
                                        else "", axis=1),
            "kind": quotes["kind"].map(lambda k: g.name("quote_kind", k)),
            "words": quotes["quote"].map(_text),
            "reporting word": quotes["cue"].map(_text),
            "role": quotes["role"].map(_text)})))
    voices_ = voices(article)
    if voices_:
        out.append(("sources", "Source audit: each speaker", pd.DataFrame([{
            "speaker": v.name, "source type": g.name("speaker_type", v.type), "role": v.role,
            "affiliation": v.organisation, "direct": v.n_direct, "partial": v.n_partial, "paraphrased": v.n_indirect,
            "words in own words": v.words,
            "countries": ", ".join(g.country_name(c) for c in v.countries)} for v in voices_])))
    claims = article["claims"]
    if len(claims):
        out.append(("numbers", "Numbers to check", pd.DataFrame({
            "as written": claims["text"].map(_text),
            "kind": claims["kind"].map(lambda k: g.name("claim_kind", k)),
            "value": [g.claim_value(k, v, u) for k, v, u in zip(claims["kind"], claims["value"], claims["unit"])],
            "sentence": [_snippet(article.text, int(s["start"]), int(s["end"]))
                         if (s := _sentence_of(article, int(c))) is not None else "" for c in claims["start"]]})))
    events = article["events"]
    if len(events):
        out.append(("events", "Who does what to whom (CAMEO)", pd.DataFrame({
            "actor": [g.country(c) if _text(c) else _text(a) for c, a in zip(events["actor_code"], events["actor"])],
            "event": events["cameo"].map(g.cameo),
            "target": [g.country(c) if _text(c) else _text(t) for c, t in zip(events["target_code"], events["target"])],
            "as written": [_snippet(article.text, int(s), int(e), 120) for s, e in zip(events["start"], events["end"])],
            "happened": ["no (negated)" if n else "yes" for n in events["negated"].fillna(False)]})))
    frames = article["frames"]
    if len(frames):
        out.append(("frames", "Frames: score against the threshold at which each counts as present", pd.DataFrame({
            "frame": [g.frame(f, k) for f, k in zip(frames["frame"], frames["kind"])],
            "type": frames["kind"].map({"generic": "generic (Semetko & Valkenburg)", "issue": "issue"}),
            "score": frames["score"].round(2), "threshold": frames["threshold"].round(2),
            "present": frames["present"].map({True: "yes", False: "no"}),
            "questions answered yes": frames["items"].map(
                lambda s: "; ".join(g.frame_item(i) for i in _text(s).split(",") if i))})
            .sort_values(["type", "score"], ascending=[True, False])))
    actors = article["actors"]
    if len(actors):
        by = actors.dropna(subset=["code"]).groupby("code").agg(
            mentions=("text", "size"), as_written=("text", lambda t: ", ".join(sorted(set(t)))),
            roles=("role", lambda r: ", ".join(sorted(set(r.dropna())))))
        out.append(("countries", "Countries and organisations named", by.reset_index().assign(
            code=lambda d: d["code"].map(g.country)).rename(columns={"code": "country or organisation",
                                                                      "as_written": "as written"})
                    .sort_values("mentions", ascending=False)))
    spans = article["rhetoric_spans"]
    if len(spans):
        out.append(("rhetoric", "Rhetoric: every hedge, booster, loaded and fear word and technique candidate",
                    pd.DataFrame({
                        "category": spans["category"].map(lambda c: g.name("category", c)),
                        "label": [g.name("technique", lab) if c == "technique" else _text(lab)
                                  for c, lab in zip(spans["category"], spans["label"])],
                        "voice": [("quoted: " + _text(sp)) if v == "quoted" and _text(sp)
                                  else g.name("voice", v or "author")
                                  for v, sp in zip(spans["voice"], spans["speaker"])],
                        "words": spans["text"].map(lambda t: _text(t)[:200])})))
    return out


def tables_html(article: Article, prefix: str = "fl") -> str:
    """The report's tables, searchable and sortable (itables, offline; the page must include
    :func:`helpers.report.tables.offline_init` once)."""
    parts = [f"<h3>{html.escape(caption)}</h3>" + tbl.datatable_html(df, f"{prefix}-t-{key}")
             for key, caption, df in report_tables(article)]
    return f'<section class="fl-tables" id="{prefix}-tables"><h2>The tables</h2>{"".join(parts)}</section>'


def glossary_html(article: Article) -> str:
    """Plain definitions of the codes this article's report uses."""
    rows = []
    labels = set(article["rhetoric_spans"].query("category == 'technique'")["label"])
    rows += [(n, d) for code, n, d in g.entries("technique") if code in labels]
    frames = article["frames"]
    present = frames[frames["present"].fillna(False).astype(bool)]
    rows += [(g.frame(c), d) for c, _, d in g.entries("generic_frame") if c in set(present["frame"])]
    rows += [(n + " (issue frame)", d) for c, n, d in g.entries("issue_frame")
             if c in set(present[present["kind"] == "issue"]["frame"])]
    rows += [(n, d) for _, n, d in g.entries("quote_kind")]
    rows += [(n, d) for _, n, d in g.entries("speaker_type")]
    rows += [(n, d) for _, n, d in g.entries("category")]
    codes = sorted(set(article["events"]["cameo"].dropna()))
    rows += [(g.cameo(c), "CAMEO event code (Gerner et al. 2002), coded from the verb or event noun.") for c in codes]
    items = "".join(f"<li><b>{html.escape(n)}</b>: {html.escape(d)}</li>" for n, d in rows)
    return f'<section class="fl-glossary" id="glossary"><h2>Glossary</h2><ul>{items}</ul></section>'


def methods_html(manifest: Mapping[str, Any] | None = None) -> str:
    """How the report was made, with the stages' measured accuracy and the versions used."""
    accuracy = "".join(f"<tr><td>{html.escape(r['stage'])}</td><td>{html.escape(r['measure'])}</td>"
                       f"<td>{html.escape(r['value'])}</td><td>{html.escape(r['set'])}</td></tr>"
                       for r in resources.table("accuracy.tsv"))
    versions = (manifest or {}).get("versions", {})
    made = ", ".join(f"{html.escape(k)} {html.escape(str(v))}" for k, v in versions.items())
    return (
        '<section class="fl-methods" id="methods"><h2>Methods and error rates</h2>'
        "<p>framelab read the article once, parsed it with spaCy's small English model, and ran four stages on "
        "the same parse: rhetoric (TextBlob sentiment; hedges and boosters after Hyland 2005; loaded and fear "
        "words; persuasion-technique candidates under the 14 SemEval-2020 labels), quotes (direct, partial, "
        "indirect and scare quotes with resolved speakers), actors and events (countries and organisations "
        "from a Phoenix-style dictionary, CAMEO-coded who-does-what-to-whom from the parse) and frames (the "
        "five generic frames of Semetko &amp; Valkenburg 2000 from their coding questions; issue frames after "
        "the Media Frames Corpus). Findings are leads to check in the text, not verdicts: each stage was "
        "measured against human annotation of other news, with these results:</p>"
        "<table class=\"fl-accuracy\"><thead><tr><th>stage</th><th>measure</th><th>result</th><th>annotated set"
        f"</th></tr></thead><tbody>{accuracy}</tbody></table>"
        "<p>Counts of quotes and sources are lower bounds (missed attributions are mostly paraphrase); frames "
        "and techniques see words, not stance, so irony and negation are missed. Full figures, commands and "
        "error classes: <code>benchmarks/RESULTS.md</code> in the framelab repository.</p>"
        + (f"<p><small>Made with {made}.</small></p>" if made else "") + "</section>")


#: Styles of the stand-alone page.
PAGE_CSS: str = """
body{margin:0;background:#fff;color:#1a1a1a;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:64rem;margin:0 auto;padding:1.5em 1.2em 4em}
h1{font:700 1.9em/1.2 Georgia,"Times New Roman",serif;margin:.2em 0}
h2{margin-top:2em;border-bottom:2px solid #1a1a1a;padding-bottom:.2em}
h3{margin:1.2em 0 .3em}
.fl-meta{color:#555}
.fl-findings ul{padding-left:1.2em}.fl-findings li{margin:.35em 0}
.fl-findings a{color:#0b57d0}
.fl-findings small,.fl-tables small{color:#666}
nav.fl-toc a{margin-right:1em}
dl dt{font-weight:600;margin-top:.5em}dl dd{margin-left:1.2em}
table.fl-accuracy{border-collapse:collapse}table.fl-accuracy td,table.fl-accuracy th{border-bottom:1px solid #ddd;
  padding:.3em .6em;text-align:left;vertical-align:top}
"""


def page(tables: Mapping[str, pd.DataFrame], article_id: str | None = None,
         manifest: Mapping[str, Any] | None = None) -> str:
    """The self-contained HTML article report (styles, tables' scripts and data inline; no request leaves
    the file)."""
    article = load_article(tables, article_id)
    title = article.title or f"Article {article.id}"
    meta = " · ".join(_esc(x) for x in (article.source, article.byline, article.date) if x)
    meta += (" · " if meta else "") + f"{article.n_words:,} words"
    toc = ('<nav class="fl-toc"><a href="#fl-findings">Findings</a><a href="#fl-view">The article</a>'
           '<a href="#fl-tables">Tables</a><a href="#glossary">Glossary</a><a href="#methods">Methods</a></nav>')
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{_esc(title)} · framelab article report</title><style>{PAGE_CSS}</style></head><body><main>"
        f"<p class=\"fl-meta\">framelab article report</p><h1>{_esc(title)}</h1><p class=\"fl-meta\">{meta}</p>"
        f"{toc}{findings_html(article)}<section><h2>The article, with what was found in it</h2>"
        "<p>Switch each layer on or off in the bar above the text (the frames start switched off: switch one on "
        "to see the sentences that carry it); pick a speaker to see only their quotes. Hover a highlight for "
        "what it is.</p>"
        f"{article_view(article)}</section>{tbl.offline_init()}{tables_html(article)}{glossary_html(article)}"
        f"{methods_html(manifest)}</main></body></html>")


def write_article_report(run_dir: str | Path | None = None, article_id: str | None = None,
                         path: str | Path | None = None) -> Path:
    """Write the article report of one article of a run folder; return its path.

    Args:
        run_dir: the run folder (default :data:`helpers.config.RUN`).
        article_id: the article (default: the first).
        path: the file (default ``reports/article_<id>.html``).
    """
    folder = Path(run_dir) if run_dir is not None else config.RUN
    tables = load_tables(folder)
    aid = corpus.resolve_article_id(tables, article_id)
    out = Path(path) if path is not None else config.REPORTS / f"article_{re.sub(r'[^A-Za-z0-9_-]', '_', aid)}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page(tables, aid, RunFolder(folder).manifest()), encoding="utf-8")
    return out
