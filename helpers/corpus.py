"""Corpus aggregations: compare outlets, bias labels and months over the pipeline's tables.

Input is the dict of tables that :func:`helpers.pipeline.analyze_articles` returns (or
:func:`helpers.pipeline.load_tables` reads back): ``articles``, ``sentences``, ``rhetoric_spans``,
``quotes``, ``speakers``, ``actors``, ``frames``, ``events``, ``claims``. A missing table counts as empty.

Every article belongs to one group per grouping (:data:`GROUPINGS`):

- ``source``: the outlet (``articles.source``);
- ``bias``: ``left`` / ``center`` / ``right`` (``articles.bias``; the numeric labels 0/1/2 of
  Baly et al. 2020 are mapped to these names);
- ``month``: ``YYYY-MM`` from ``articles.date`` (ISO 8601); a date that does not start with a valid
  year-month is missing;
- ``article``: the article id (single-article mode: the same tables for one article).

**Missing values** (no source, no bias, no or invalid date) go to their own ``"unknown"`` group, listed
last, and are counted in :attr:`GroupReport.n_unknown`. When the column is absent or *no* article has a
value (the seed has no bias label), there is nothing to compare: every table is empty and
:attr:`GroupReport.note` says why.

Each aggregation documents its denominator. Rates are *pooled* within a group (total count / total
exposure), so long articles weigh more than short ones, except sentiment, which averages article means
(each article weighs the same), following the usual practice of content-analysis studies that take the
article as the unit of analysis (Semetko & Valkenburg 2000; Baly et al. 2020).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from helpers import config, resources, schema
from helpers.quotes import is_named_voice
from helpers.runfolder import load_tables

#: The groupings :func:`by_group` accepts.
GROUPINGS: tuple[str, ...] = ("source", "bias", "month", "article")
#: Label of the bucket holding articles without a value for the grouping.
UNKNOWN: str = "unknown"
#: Rhetoric span categories (:mod:`helpers.rhetoric`), in display order.
RHETORIC_CATEGORIES: tuple[str, ...] = ("hedge", "booster", "loaded", "fear", "technique")
#: The five generic frames of Semetko & Valkenburg (2000), in display order.
GENERIC_FRAMES: tuple[str, ...] = ("conflict", "economic", "human_interest", "morality", "responsibility")
#: Quote kinds that attribute words to someone (scare quotes do not).
ATTRIBUTED_KINDS: tuple[str, ...] = ("direct", "partial", "indirect")
#: Bias labels in display order; Baly et al. (2020) code them 0, 1, 2.
BIAS_ORDER: tuple[str, ...] = ("left", "center", "right")
_BIAS_CODES: dict[str, str] = {"0": "left", "1": "center", "2": "right", "centre": "center"}
#: Actor roles that are not countries (organisations are counted elsewhere).
_NON_COUNTRY_ROLES: frozenset[str] = frozenset(
    {"organisation", "organization", "igo", "ngo", "company", "business", "media", "international"})
_ISO3 = re.compile(r"^[A-Z]{3}$")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})")

@dataclass(frozen=True)
class GroupReport:
    """Every comparison table for one grouping; each table has a ``group`` column.

    Attributes:
        group: the grouping (``source``, ``bias``, ``month``, ``article``).
        articles: ``group, n_articles, n_words`` — the denominators.
        sentiment: see :func:`sentiment_by`.
        techniques: rhetoric densities by category, see :func:`technique_density_by`.
        technique_labels: densities of each persuasion technique label.
        frames: generic frames, see :func:`frame_shares_by`.
        issue_frames: issue frames (Media Frames Corpus dimensions), same columns.
        speakers: see :func:`top_speakers_by`.
        anonymity: see :func:`anonymity_by`.
        countries: see :func:`countries_by`.
        events: see :func:`events_by`.
        n_unknown: articles in the ``"unknown"`` group.
        note: why the tables are empty, or ``""``.
    """

    group: str
    articles: pd.DataFrame
    sentiment: pd.DataFrame
    techniques: pd.DataFrame
    technique_labels: pd.DataFrame
    frames: pd.DataFrame
    issue_frames: pd.DataFrame
    speakers: pd.DataFrame
    anonymity: pd.DataFrame
    countries: pd.DataFrame
    events: pd.DataFrame
    n_unknown: int = 0
    note: str = ""

    def tables(self) -> dict[str, pd.DataFrame]:
        """The comparison tables by name (``articles``, ``sentiment`` ... ``events``)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if isinstance(getattr(self, f.name), pd.DataFrame)}


# --------------------------------------------------------------------------------------------- inputs
def table(tables: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """Return ``tables[name]``; a missing table is the schema's empty table (:mod:`helpers.schema`), and a
    table lacking some of the schema's columns gets them as missing values."""
    df = tables.get(name)
    if df is None:
        return schema.empty(name)
    missing = [c for c in schema.TABLES[name].names if c not in df.columns]
    if missing and name != "articles":
        df = df.assign(**{c: pd.Series([None] * len(df), index=df.index, dtype=object) for c in missing})
    return df


def cameo_roots() -> pd.DataFrame:
    """The 20 CAMEO root codes with name and GDELT QuadClass (``helpers/resources/cameo_roots.tsv``)."""
    return resources.frame("cameo_roots.tsv")


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _month(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    m = _MONTH.match(value)
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if not (1800 <= year <= 2100 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}"


def _bias(value: Any) -> str | None:
    if _missing(value):
        return None
    text = str(value).strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    text = _BIAS_CODES.get(text, text)
    return text or None


def _source(value: Any) -> str | None:
    if _missing(value):
        return None
    text = " ".join(str(value).split())
    return text or None


def group_labels(articles: pd.DataFrame, group: str) -> pd.Series:
    """Label every article with its group.

    Args:
        articles: the ``articles`` table (needs ``id``; plus ``source``, ``bias`` or ``date``).
        group: one of :data:`GROUPINGS`.

    Returns:
        A string Series indexed by article id; missing values are ``"unknown"``. Empty when the column
        is absent or no article has a value.

    Raises:
        ValueError: for an unknown grouping.
    """
    if group not in GROUPINGS:
        raise ValueError(f"group must be one of {GROUPINGS}, not {group!r}")
    ids = articles["id"].astype(str) if "id" in articles else pd.Series(dtype=str)
    column = {"source": "source", "bias": "bias", "month": "date", "article": "id"}[group]
    if column not in articles or articles.empty:
        return pd.Series(dtype=str, name=group)
    convert = {"source": _source, "bias": _bias, "month": _month, "article": _source}[group]
    labels = pd.Series([convert(v) for v in articles[column]], index=ids.values, dtype=object, name=group)
    if labels.isna().all():
        return pd.Series(dtype=str, name=group)
    return labels.fillna(UNKNOWN).astype(str)


def _order(labels: pd.Series, group: str) -> list[str]:
    """Groups in display order: months chronologically, bias left→right, others by size; unknown last."""
    known = [g for g in labels.unique() if g != UNKNOWN]
    if group == "month":
        known = sorted(known)
    elif group == "bias":
        known = sorted(known, key=lambda g: (BIAS_ORDER.index(g) if g in BIAS_ORDER else len(BIAS_ORDER), g))
    elif group == "article":
        known = list(dict.fromkeys(labels))
    else:
        counts = labels.value_counts()
        known = sorted(known, key=lambda g: (-counts[g], g))
    return known + ([UNKNOWN] if (labels == UNKNOWN).any() else [])


def _with_group(df: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """Rows of ``df`` whose article is labelled, with a ``group`` column added."""
    if df.empty or labels.empty:
        return df.iloc[0:0].assign(group=pd.Series(dtype=str))
    keys = df["article_id"].astype(str)
    out = df.loc[keys.isin(labels.index)].copy()
    out["group"] = keys[keys.isin(labels.index)].map(labels).values
    return out


def _n_words(articles: pd.DataFrame) -> pd.Series:
    if "n_words" in articles:
        words = pd.to_numeric(articles["n_words"], errors="coerce")
    else:
        words = pd.Series(np.nan, index=articles.index)
    if words.isna().any() and "text" in articles:
        counted = articles["text"].fillna("").astype(str).str.split().str.len()
        words = words.fillna(counted)
    return pd.Series(words.fillna(0).astype(int).values, index=articles["id"].astype(str).values)


def _categorical(df: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    if "group" in df:
        df = df.copy()
        df["group"] = pd.Categorical(df["group"], categories=order, ordered=True)
        df = df.sort_values("group", kind="stable")
        df["group"] = df["group"].astype(str)
    return df.reset_index(drop=True)


# ------------------------------------------------------------------------------------- aggregations
def articles_by(tables: Mapping[str, pd.DataFrame], labels: pd.Series) -> pd.DataFrame:
    """Articles and words per group: the denominators of every other table.

    Returns:
        ``group, n_articles, n_words`` (``n_words`` from ``articles.n_words``, else counted by
        whitespace in ``text``).
    """
    articles = table(tables, "articles")
    if labels.empty:
        return pd.DataFrame(columns=["group", "n_articles", "n_words"])
    words = _n_words(articles)
    frame = pd.DataFrame({"group": labels.values, "n_words": words.reindex(labels.index).fillna(0).values})
    out = frame.groupby("group", sort=False).agg(n_articles=("n_words", "size"), n_words=("n_words", "sum"))
    return out.reset_index().astype({"n_articles": int, "n_words": int})


def _article_sentiment(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Per article: the mean polarity and subjectivity of its sentences (none: left out)."""
    sentences = table(tables, "sentences")
    if sentences.empty:
        return pd.DataFrame(columns=["article_id", "polarity", "subjectivity"])
    return (sentences.assign(article_id=sentences["article_id"].astype(str))
            .groupby("article_id")[["polarity", "subjectivity"]].mean().reset_index())


def sentiment_by(tables: Mapping[str, pd.DataFrame], labels: pd.Series) -> pd.DataFrame:
    """Mean sentiment per group; the article is the unit.

    Method: TextBlob polarity (-1..1) and subjectivity (0..1) per sentence (:mod:`helpers.rhetoric`), averaged per
    article over its ``sentences``, then averaged over the group's articles.

    Denominator: ``n_articles`` = articles of the group that have a sentiment value (articles with no
    sentence are left out of the mean but not of :func:`articles_by`).

    Returns:
        ``group, n_articles, mean_polarity, sd_polarity, mean_subjectivity, sd_subjectivity``.
    """
    columns = ["group", "n_articles", "mean_polarity", "sd_polarity", "mean_subjectivity", "sd_subjectivity"]
    if labels.empty:
        return pd.DataFrame(columns=columns)
    per_article = _with_group(_article_sentiment(tables), labels).dropna(subset=["polarity"])
    out = per_article.groupby("group", sort=False).agg(
        n_articles=("polarity", "size"), mean_polarity=("polarity", "mean"), sd_polarity=("polarity", "std"),
        mean_subjectivity=("subjectivity", "mean"), sd_subjectivity=("subjectivity", "std"))
    return _categorical(out.reset_index()[columns], _order(labels, "x"))


def technique_density_by(tables: Mapping[str, pd.DataFrame], labels: pd.Series, by: str = "category") -> pd.DataFrame:
    """Rhetoric spans per 1,000 words per group.

    Args:
        tables: the pipeline tables (``articles``, ``rhetoric_spans``).
        labels: :func:`group_labels` output.
        by: ``"category"`` (hedge, booster, loaded, fear, technique; every category gets a row, zero
            when absent) or ``"label"`` (each persuasion-technique label of category ``technique``).

    Denominator: all words of the group's articles (pooled): ``per_1000_words = 1000 * n_spans / n_words``;
    NaN when the group has no words.

    Returns:
        ``group, <by>, n_spans, n_words, per_1000_words``.
    """
    if by not in ("category", "label"):
        raise ValueError("by must be 'category' or 'label'")
    columns = ["group", by, "n_spans", "n_words", "per_1000_words"]
    denominators = articles_by(tables, labels)
    if denominators.empty:
        return pd.DataFrame(columns=columns)
    spans = _with_group(table(tables, "rhetoric_spans"), labels)
    if by == "label":
        spans = spans[spans["category"] == "technique"]
        keys = sorted(spans["label"].dropna().astype(str).unique())
    else:
        found = set(spans["category"].dropna().astype(str))
        keys = list(RHETORIC_CATEGORIES) + sorted(found - set(RHETORIC_CATEGORIES))
    counts = spans.groupby(["group", by]).size()
    rows = []
    for _, d in denominators.iterrows():
        for key in keys:
            n = int(counts.get((d["group"], key), 0))
            rate = 1000.0 * n / d["n_words"] if d["n_words"] else float("nan")
            rows.append((d["group"], key, n, int(d["n_words"]), rate))
    return _categorical(pd.DataFrame(rows, columns=columns), _order(labels, "x"))


def frame_shares_by(tables: Mapping[str, pd.DataFrame], labels: pd.Series, kind: str = "generic") -> pd.DataFrame:
    """Share of a group's articles in which each frame is present, and the frame's mean score.

    Method: the ``frames`` table's ``present`` flag and ``score`` per article (:mod:`helpers.frames`; generic frames
    after
    Semetko & Valkenburg 2000, issue frames after the Media Frames Corpus). With ``kind="generic"`` every
    frame of :data:`GENERIC_FRAMES` gets a row (zero when never present).

    Denominator: all articles of the group, for both ``share`` (present / articles) and ``mean_score``
    (sum of scores / articles; an article without a ``frames`` row counts as absent, score 0).

    Returns:
        ``group, frame, n_present, n_articles, share, mean_score``.
    """
    columns = ["group", "frame", "n_present", "n_articles", "share", "mean_score"]
    denominators = articles_by(tables, labels)
    if denominators.empty:
        return pd.DataFrame(columns=columns)
    frames = _with_group(table(tables, "frames"), labels)
    frames = frames[frames["kind"] == kind]
    present = frames[frames["present"].fillna(False).astype(bool)]
    keys = list(GENERIC_FRAMES) if kind == "generic" else []
    keys += sorted(set(frames["frame"].dropna().astype(str)) - set(keys))
    counts = present.drop_duplicates(["article_id", "frame"]).groupby(["group", "frame"]).size()
    scores = (frames.assign(score=pd.to_numeric(frames["score"], errors="coerce").fillna(0.0))
              .drop_duplicates(["article_id", "frame"]).groupby(["group", "frame"])["score"].sum())
    rows = []
    for _, d in denominators.iterrows():
        for key in keys:
            n, total = int(counts.get((d["group"], key), 0)), float(scores.get((d["group"], key), 0.0))
            rows.append((d["group"], key, n, int(d["n_articles"]), n / d["n_articles"], total / d["n_articles"]))
    return _categorical(pd.DataFrame(rows, columns=columns), _order(labels, "x"))


def canonical_speakers(names: Sequence[str] | Mapping[str, int], dominance: float = 0.75) -> dict[str, str]:
    """Map speaker names to one spelling across a corpus.

    Rules (conservative; anything ambiguous is left alone): whitespace is normalised; a leading article
    is lower-cased ("The president" → "the president"); a one-word capitalised name becomes the
    multi-word name of the corpus ending with that word when it is the only one ("Obama" → "Barack
    Obama") or, given quote counts, when it holds at least ``dominance`` of those names' quotes ("Trump"
    → "Donald Trump" beside a few "Ivanka Trump"); "Johnson" stays when "Boris Johnson" and "Sarah
    Johnson" are quoted alike.

    Args:
        names: speaker names, or name → number of quotes.
        dominance: the share of quotes a full name needs to absorb its surname when several share it.

    Returns:
        Every input name → its canonical form.
    """
    counts = dict(names) if isinstance(names, Mapping) else {n: 1 for n in names}
    cleaned: dict[str, str] = {}
    weight: dict[str, int] = {}
    for name in counts:
        text = " ".join(str(name).split())
        first, _, rest = text.partition(" ")
        if rest and first.lower() in {"the", "a", "an"}:
            text = f"{first.lower()} {rest}"
        cleaned[name] = text
        weight[text] = weight.get(text, 0) + int(counts[name])
    full: dict[str, set[str]] = {}
    for text in set(cleaned.values()):
        words = text.split()
        if len(words) > 1 and words[0][:1].isupper() and words[-1][:1].isupper():
            full.setdefault(words[-1], set()).add(text)
    out = {}
    for name, text in cleaned.items():
        candidates = sorted(full.get(text, set()) if " " not in text and text[:1].isupper() else set(),
                            key=lambda c: (-weight[c], c))
        total = sum(weight[c] for c in candidates)
        if len(candidates) == 1 or (candidates and weight[candidates[0]] >= dominance * total):
            out[name] = candidates[0]
        else:
            out[name] = text
    return out


def _attributed_quotes(tables: Mapping[str, pd.DataFrame], labels: pd.Series) -> pd.DataFrame:
    """Quotes with a speaker and an attributing kind, with the speaker's ``anonymous`` flag."""
    quotes = _with_group(table(tables, "quotes"), labels)
    quotes = quotes[quotes["kind"].isin(ATTRIBUTED_KINDS)].copy()
    quotes["speaker"] = [_source(s) for s in quotes["speaker"]] if not quotes.empty else pd.Series(dtype=str)
    quotes = quotes.dropna(subset=["speaker"])
    quotes["speaker_as_resolved"] = quotes["speaker"]
    speakers = table(tables, "speakers")
    if "anonymous" in quotes:
        quotes["anonymous"] = quotes["anonymous"].fillna(False).astype(bool)
    elif not speakers.empty and not quotes.empty:
        flags = (speakers.assign(article_id=speakers["article_id"].astype(str),
                                 speaker=[_source(s) for s in speakers["speaker"]],
                                 anonymous=speakers["anonymous"].fillna(False).astype(bool))
                 .drop_duplicates(["article_id", "speaker"])[["article_id", "speaker", "anonymous"]])
        quotes = quotes.assign(article_id=quotes["article_id"].astype(str)).merge(
            flags, on=["article_id", "speaker"], how="left")
        quotes["anonymous"] = quotes["anonymous"].fillna(False).astype(bool)
    else:
        quotes["anonymous"] = False
    if not quotes.empty:
        quotes["speaker"] = quotes["speaker_as_resolved"].map(
            canonical_speakers(quotes["speaker_as_resolved"].value_counts().to_dict()))
    return quotes


def top_speakers_by(tables: Mapping[str, pd.DataFrame], labels: pd.Series, top_n: int = 10) -> pd.DataFrame:
    """The most-quoted speakers of each group.

    Method: attributed quotes (kinds direct, partial, indirect with a resolved speaker; the quote stage)
    counted by speaker name, spellings merged across the corpus by :func:`canonical_speakers` ("Putin"
    counts as "Vladimir Putin" when no other "... Putin" is quoted). Only named people and organisations
    are ranked (:func:`helpers.quotes.is_named_voice`: not "critics", "I" or "the President").

    Denominator: ``share`` = the speaker's quotes / all attributed quotes of the group.

    Returns:
        ``group, speaker, n_quotes, n_articles, share, anonymous`` — ``top_n`` rows per group, most
        quoted first (ties by name).
    """
    columns = ["group", "speaker", "n_quotes", "n_articles", "share", "anonymous"]
    quotes = _attributed_quotes(tables, labels)
    if quotes.empty:
        return pd.DataFrame(columns=columns)
    all_quotes = quotes.groupby("group").size()
    quotes = quotes[[is_named_voice(s, t) for s, t in zip(quotes["speaker"], quotes["speaker_type"])]]
    if quotes.empty:
        return pd.DataFrame(columns=columns)
    out = quotes.groupby(["group", "speaker"]).agg(
        n_quotes=("speaker", "size"), n_articles=("article_id", "nunique"), anonymous=("anonymous", "any"))
    out = out.reset_index()
    out["share"] = out["n_quotes"] / out["group"].map(all_quotes)
    out = out.sort_values(["group", "n_quotes", "speaker"], ascending=[True, False, True])
    out = out.groupby("group", sort=False).head(top_n)
    return _categorical(out[columns], _order(labels, "x"))


def anonymity_by(tables: Mapping[str, pd.DataFrame], labels: pd.Series) -> pd.DataFrame:
    """How often each group attributes quotes to anonymous sources.

    Method: a quote is anonymous when its speaker is flagged ``anonymous`` in the ``speakers`` table
    ("a senior official said", "sources say"); scare quotes and quotes without a speaker are not
    attributed and are counted apart (``n_unattributed``).

    Denominator: ``anonymous_rate = n_anonymous / n_attributed`` (attributed quotes: direct, partial and
    indirect quotes with a speaker); NaN when the group has no attributed quote.

    Returns:
        ``group, n_articles, n_attributed, n_anonymous, n_unattributed, anonymous_rate``; one row per
        group, also for groups without quotes.
    """
    columns = ["group", "n_articles", "n_attributed", "n_anonymous", "n_unattributed", "anonymous_rate"]
    denominators = articles_by(tables, labels)
    if denominators.empty:
        return pd.DataFrame(columns=columns)
    attributed = _attributed_quotes(tables, labels)
    quotes = _with_group(table(tables, "quotes"), labels)
    n_all = quotes[quotes["kind"].isin(ATTRIBUTED_KINDS)].groupby("group").size()
    n_attr = attributed.groupby("group").size()
    n_anon = attributed[attributed["anonymous"]].groupby("group").size()
    rows = []
    for _, d in denominators.iterrows():
        g = d["group"]
        a, k = int(n_attr.get(g, 0)), int(n_anon.get(g, 0))
        rows.append((g, int(d["n_articles"]), a, k, int(n_all.get(g, 0)) - a, k / a if a else float("nan")))
    return _categorical(pd.DataFrame(rows, columns=columns), _order(labels, "x"))


def countries_by(tables: Mapping[str, pd.DataFrame], labels: pd.Series, top_n: int = 10) -> pd.DataFrame:
    """The countries each group mentions most.

    Method: ``actors`` rows whose code is an ISO 3166 alpha-3 code (three capital letters) and whose role
    is not an organisation (:mod:`helpers.actors` normalises "Kremlin", "Moscow", "Putin" to RUS).

    Denominator: ``share_articles`` = articles of the group mentioning the country / all articles of the
    group; ``n_mentions`` counts every mention.

    Returns:
        ``group, country, n_mentions, n_articles, share_articles`` — ``top_n`` per group, ranked by
        articles then mentions.
    """
    columns = ["group", "country", "n_mentions", "n_articles", "share_articles"]
    denominators = articles_by(tables, labels)
    actors = _with_group(table(tables, "actors"), labels)
    if denominators.empty or actors.empty:
        return pd.DataFrame(columns=columns)
    code = actors["code"].fillna("").astype(str).str.strip()
    role = actors["role"].fillna("").astype(str).str.lower() if "role" in actors else ""
    is_country = code.str.match(_ISO3) & ~pd.Series(role, index=actors.index).isin(_NON_COUNTRY_ROLES)
    actors = actors.assign(country=code)[is_country]
    if actors.empty:
        return pd.DataFrame(columns=columns)
    out = actors.groupby(["group", "country"]).agg(n_mentions=("country", "size"), n_articles=("article_id", "nunique"))
    group_articles = denominators[["group", "n_articles"]].rename(columns={"n_articles": "group_articles"})
    out = out.reset_index().merge(group_articles,
                                  on="group")
    out["share_articles"] = out["n_articles"] / out["group_articles"]
    out = out.sort_values(["group", "n_articles", "n_mentions", "country"], ascending=[True, False, False, True])
    return _categorical(out.groupby("group", sort=False).head(top_n)[columns], _order(labels, "x"))


def events_by(tables: Mapping[str, pd.DataFrame], labels: pd.Series) -> pd.DataFrame:
    """Events (who does what to whom) per CAMEO root code and group.

    Method: the ``events`` table's ``cameo_root`` (else the first two digits of ``cameo``; compound
    codes ``042:043`` use the first), named from :func:`cameo_roots` (CAMEO codebook, Gerner et al.;
    QuadClass as in GDELT). Events without a code are left out.

    Denominators: ``share_events`` = the root's events / all coded events of the group;
    ``per_article`` = the root's events / all articles of the group.

    Returns:
        ``group, cameo_root, root_name, quad_class_name, n_events, n_articles, share_events, per_article``.
    """
    columns = ["group", "cameo_root", "root_name", "quad_class_name", "n_events", "n_articles",
               "share_events", "per_article"]
    denominators = articles_by(tables, labels)
    events = _with_group(table(tables, "events"), labels)
    if denominators.empty or events.empty:
        return pd.DataFrame(columns=columns)
    events = events[~events["negated"].fillna(False).astype(bool)].dropna(subset=["cameo_root"])
    roots = cameo_roots().set_index("root_code")
    events = events[events["cameo_root"].isin(roots.index)]
    if events.empty:
        return pd.DataFrame(columns=columns)
    out = events.groupby(["group", "cameo_root"]).agg(n_events=("cameo_root", "size"),
                                                       n_articles=("article_id", "nunique")).reset_index()
    out["root_name"] = out["cameo_root"].map(roots["name"])
    out["quad_class_name"] = out["cameo_root"].map(roots["quad_class_name"])
    out["share_events"] = out["n_events"] / out.groupby("group")["n_events"].transform("sum")
    group_articles = denominators.set_index("group")["n_articles"]
    out["per_article"] = out["n_events"] / out["group"].map(group_articles)
    out = out.sort_values(["group", "cameo_root"])
    return _categorical(out[columns], _order(labels, "x"))


def by_group(tables: Mapping[str, pd.DataFrame], group: str, top_n: int = 10) -> GroupReport:
    """Every comparison table for one grouping (outlet, bias, month or article).

    Args:
        tables: the pipeline tables (missing ones count as empty).
        group: one of :data:`GROUPINGS`.
        top_n: rows per group for speakers and countries.

    Returns:
        A :class:`GroupReport`; groups ordered as :func:`group_labels` explains (``"unknown"`` last).

    Raises:
        ValueError: for an unknown grouping.
    """
    articles = table(tables, "articles")
    labels = group_labels(articles, group)
    note = ""
    if labels.empty:
        column = {"source": "source", "bias": "bias", "month": "date", "article": "id"}[group]
        if articles.empty:
            note = "no articles"
        elif column not in articles:
            note = f"the articles have no '{column}' column: nothing to compare by {group}"
        else:
            note = f"no article has a '{column}' value: nothing to compare by {group}"
    order = _order(labels, group)

    def ordered(df: pd.DataFrame) -> pd.DataFrame:
        return _categorical(df, order)

    return GroupReport(
        group=group,
        articles=ordered(articles_by(tables, labels)),
        sentiment=ordered(sentiment_by(tables, labels)),
        techniques=ordered(technique_density_by(tables, labels)),
        technique_labels=ordered(technique_density_by(tables, labels, by="label")),
        frames=ordered(frame_shares_by(tables, labels)),
        issue_frames=ordered(frame_shares_by(tables, labels, kind="issue")),
        speakers=ordered(top_speakers_by(tables, labels, top_n)),
        anonymity=ordered(anonymity_by(tables, labels)),
        countries=ordered(countries_by(tables, labels, top_n)),
        events=ordered(events_by(tables, labels)),
        n_unknown=int((labels == UNKNOWN).sum()),
        note=note,
    )


# ----------------------------------------------------------------------------------- single article
def resolve_article_id(tables: Mapping[str, pd.DataFrame], article_id: str | None = None) -> str:
    """Return ``article_id`` if it is in the ``articles`` table, the first article's id when None.

    Raises:
        KeyError: when the id is unknown or there is no article.
    """
    ids = table(tables, "articles")["id"].astype(str).tolist()
    if not ids:
        raise KeyError("no articles")
    if article_id is None:
        return ids[0]
    if str(article_id) not in ids:
        raise KeyError(f"article {article_id!r} not in the articles table")
    return str(article_id)


def select_articles(tables: Mapping[str, pd.DataFrame], ids: list[str] | str) -> dict[str, pd.DataFrame]:
    """The tables restricted to the given article id(s): single-article mode uses the corpus functions."""
    wanted = {str(ids)} if isinstance(ids, str) else {str(i) for i in ids}
    out: dict[str, pd.DataFrame] = {}
    for name, df in tables.items():
        key = "id" if name == "articles" else "article_id"
        out[name] = df[df[key].astype(str).isin(wanted)].reset_index(drop=True) if key in df else df
    return out


# -------------------------------------------------------------------------------------- loading/saving
def load_report_tables(run_dir: str | Path | None = None, limit: int | None = None) -> dict[str, pd.DataFrame]:
    """The tables notebook 05 reports on: a run folder, read, never analysed again.

    Args:
        run_dir: a run folder (notebooks 01–04, ``python -m helpers pipeline --out``, or
            ``helpers.analyze(..., out=)``); None: the seed's run folder, :data:`helpers.config.RUN`.
        limit: only the first N articles.

    Raises:
        FileNotFoundError: when the folder is not a run folder.
    """
    tables = load_tables(Path(run_dir) if run_dir is not None else config.RUN)
    if limit is not None:
        ids = table(tables, "articles")["id"].astype(str).head(limit).tolist()
        tables = {**select_articles(tables, ids), "rejected": tables["rejected"]}
    return tables
