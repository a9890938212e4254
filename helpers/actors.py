"""Geopolitical actors in news text: states, leaders, governments and organisations with ISO-3166 codes.

Method: dictionary look-up in the tradition of the event-data coders (TABARI/PETRARCH, Schrodt 2009;
Phoenix dictionaries, Open Event Data Alliance 2014) combined with named-entity evidence from spaCy.
A cached :class:`spacy.matcher.PhraseMatcher` (case-folded) runs over ``resources/actors.tsv`` (country
names, demonyms, capitals, cities and regions, institutions, post-2014 leaders and organisations; built by
``scripts/build_resources.py`` from ``../shared/lexicons``, see ``resources/README.md``). Every
dictionary hit is then checked against the parse and the entities:

- it must be capitalised as a proper name; phrases of three letters or fewer must be upper case ("US",
  not "us");
- a hit inside a longer PERSON entity is a person's name, not a place ("Jordan Peterson", "Paris Hilton");
- phrases that are also common words or first names ("Turkey", "Chad", "Georgia", "China") count only when
  spaCy tags them GPE/LOC/NORP/FAC and not PERSON;
- place names shared by several countries (``resources/place_homonyms.tsv``: London, Paris, Edmonton,
  Georgia …) take the other country when the article gives local evidence for it and none for the
  default ("London … Ontario" → CAN; one sense per discourse); "X, Y" with Y a country or first-level
  division puts X in Y's country ("London, Ont.", "Turkey, Texas"); "Georgia" in a text about the United
  States with nothing Caucasian in it is the US state (USA);
- a place name inside a longer ORG/FAC entity becomes that organisation, with the place's country and role
  ``organisation`` ("the Bank of England" → GBR; "Kazakhstani Union of Parents" → KAZ), unless the entity
  is a misread span: over an earlier mention ("Trump-Russia"), nothing but places, ending in a person's
  surname, with stray punctuation in it, or in a Title Case headline ("Kazakhstan Faces Rising Threats");
- a demonym followed by a role noun becomes one actor with that role ("Kazakh court" → KAZ judiciary,
  "Russian troops" → RUS military; role nouns from the Phoenix agents dictionary); a plural demonym is
  the people ("Kazakhs"); a capital that is the subject or possessor of a clause is the government by
  metonymy ("Moscow says ...").

Codes: ISO 3166-1 alpha-3 for states, ``SUN`` for the Soviet Union (a historical state: it counts as a
country), readable codes for organisations (``NATO``, ``EU``, ``UN``, ``CHATHAM_HOUSE`` ...) whose
``country`` is None.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any, Iterable, Sequence

import pandas as pd
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from helpers import resources

#: Entity labels that confirm an ambiguous place/demonym phrase.
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})
#: Kinds of dictionary entries whose hits are places or peoples (subject to the person/ambiguity checks).
PLACE_KINDS = frozenset({"name", "demonym", "capital", "place", "historical", "admin1"})
#: Entity labels of named things that may hold a place name ("Petit Cambodge", "Bank of England").
ORG_LABELS = frozenset({"ORG", "FAC"})
#: Dependency labels under which a capital city stands for its government ("Moscow warned ...").
METONYM_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})


@dataclass(frozen=True)
class ActorMention:
    """One actor mention.

    Attributes:
        text: the mention as it appears in the text (``doc.text[start:end]``).
        code: ISO3 for states (``SUN`` for the Soviet Union) or an organisation code (``NATO``, ``EU`` ...).
        role: ``state``, ``people``, ``place``, ``government`` (institutions, capitals used as metonyms,
            sitting leaders and ministers), ``leader`` (former leaders), ``military``, ``judiciary``,
            ``legislature``, ``police``, ``intelligence``, ``media``, ``business``, ``opposition`` or
            ``organisation``.
        start: character offset of the first character in ``doc.text``.
        end: character offset after the last character.
        country: the ISO3 the actor belongs to; None for international organisations.
        kind: the dictionary entry type (``name``, ``demonym``, ``capital``, ``place``, ``institution``,
            ``leader``, ``organisation``, ``historical``).
        sentence: index of the sentence holding the mention (``-1`` if unknown).
    """

    text: str
    code: str
    role: str
    start: int
    end: int
    country: str | None
    kind: str = ""
    sentence: int = -1


@dataclass(frozen=True)
class _Entry:
    phrase: str
    code: str
    country: str | None
    kind: str
    role: str
    ambiguous: bool


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, _Entry]:
    """Read ``resources/actors.tsv`` (phrase → entry), cached.

    Returns:
        A dict from the lower-cased phrase to its entry.

    Raises:
        FileNotFoundError: if the resource file is missing (run ``scripts/build_resources.py``).
    """
    return {row["phrase"]: _Entry(row["phrase"], row["code"], row["country"] or None, row["kind"], row["role"],
                                  row["ambiguous"] == "1")
            for row in resources.table("actors.tsv")}


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Given names (lower case) of ``resources/first_names.tsv``."""
    return frozenset(r["name"].lower() for r in resources.table("first_names.tsv"))


@lru_cache(maxsize=1)
def load_heads() -> dict[str, str]:
    """Read ``resources/actor_heads.tsv``: role noun lemma → role ("court" → "judiciary"), cached."""
    return {r["noun"]: r["role"] for r in resources.table("actor_heads.tsv")}


@dataclass(frozen=True)
class Homonym:
    """A place name several countries share (``resources/place_homonyms.tsv``).

    Attributes:
        alternatives: the other countries with a notable place of that name.
        evidence: ``local`` (a division or town of the alternative country is needed) or ``country`` (a
            mention of the alternative country is enough).
        keep_with: countries whose mention keeps the default reading.
    """

    alternatives: tuple[str, ...]
    evidence: str = "local"
    keep_with: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_homonyms() -> dict[str, Homonym]:
    """``resources/place_homonyms.tsv``: place phrase → its :class:`Homonym` ("london" → CAN, USA)."""
    return {r["phrase"]: Homonym(tuple(filter(None, r["alternatives"].split("|"))), r["evidence"] or "local",
                                 frozenset(filter(None, r["keep_with"].split("|"))))
            for r in resources.table("place_homonyms.tsv")}


_MATCHERS: dict[int, tuple[Vocab, PhraseMatcher]] = {}


def _matcher(vocab: Vocab) -> PhraseMatcher:
    """The PhraseMatcher over every dictionary phrase, built once per vocabulary."""
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    from spacy.lang.en import English

    tokenizer = English(vocab=vocab).tokenizer  # tokenizer only: fast, same rules as the pipeline
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for phrase in load_lexicon():
        seen: set[tuple[str, ...]] = set()
        patterns = []
        for variant in {phrase, phrase.title(), phrase.upper()}:
            doc = tokenizer(variant)
            key = tuple(t.lower_ for t in doc)
            if key not in seen:
                seen.add(key)
                patterns.append(doc)
        matcher.add(phrase, patterns)
    _MATCHERS[id(vocab)] = (vocab, matcher)
    return matcher


def _capitalised(span: Span) -> bool:
    """Proper-name casing: first letter upper case; short phrases (≤3 letters) entirely upper case."""
    text = span.text
    letters = [c for c in text if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    if len(letters) <= 3 and not text.endswith("."):  # "US" not "us"; abbreviations "Ky." keep their case
        return all(c.isupper() for c in letters)
    return True


def _entity_index(doc: Doc) -> tuple[list[Span], list[int]]:
    """The doc's entities (``doc.ents`` is rebuilt on every access: read it once) and token → entity index."""
    ents = list(doc.ents)
    of_token = [-1] * len(doc)
    for k, ent in enumerate(ents):
        for i in range(ent.start, ent.end):
            of_token[i] = k
    return ents, of_token


def _entity_of(index: tuple[list[Span], list[int]], start: int, end: int) -> list[Span]:
    """Entities overlapping tokens ``start:end``."""
    ents, of_token = index
    ks = sorted({of_token[i] for i in range(start, end) if of_token[i] >= 0})
    return [ents[k] for k in ks]


def _extend_to_head(span: Span, heads: dict[str, str]) -> tuple[int, str | None]:
    """For "<demonym> [adj|compound]* <role noun>" return (new end token, role) or (span.end, None)."""
    doc = span.doc
    last = span[-1]
    head = last.head
    if last.dep_ not in ("amod", "compound", "nmod") or head.i < span.end or head.i - span.end > 2:
        return span.end, None
    between = doc[span.end:head.i]
    if any(t.dep_ not in ("amod", "compound") or t.head.i != head.i for t in between):
        return span.end, None
    role = heads.get(head.lemma_.lower()) or heads.get(head.lower_)
    if role is None:
        return span.end, None
    return head.i + 1, role


def _role(entry: _Entry, span: Span, heads: dict[str, str]) -> tuple[int, str]:
    """Role of a hit in context and the (possibly extended) end token."""
    last = span[-1]
    if entry.kind in ("demonym", "historical", "name"):
        end, role = _extend_to_head(span, heads)
        if role:
            return end, role
        if entry.kind == "demonym":
            if last.tag_ in ("NNS", "NNPS") or (last.pos_ in ("NOUN", "PROPN") and last.dep_ in
                                                  ("nsubj", "nsubjpass", "dobj", "pobj", "conj")):
                return span.end, "people"
            return span.end, "state"  # adjective use: "Russian influence"
        return span.end, entry.role
    if entry.kind == "capital" and last.dep_ in METONYM_DEPS and last.head.pos_ in ("VERB", "AUX", "NOUN"):
        return span.end, "government"
    return span.end, entry.role


#: Punctuation an organisation's name may hold ("AT&T", "U.S.-Kazakh", "People's").
_NAME_PUNCT = frozenset({"&", "-", "'", "\u2019", ".", "'s", "\u2019s"})


def _names_organisation(org: Span, start: int, end: int, taken_until: int, place_hits: Sequence[tuple[int, int]],
                        surnames: frozenset[str]) -> bool:
    """Whether the ORG/FAC entity ``org`` around the place hit ``start:end`` really names one organisation
    or facility ("Bank of England", "American Israel Public Affairs Committee"), rather than being a
    misread span the place should not be merged into. It is not when it:

    - reaches back over an earlier actor mention ("Trump-Russia conspiracy", "Trump Tower Moscow");
    - is nothing but place names (a run of countries "Nicaragua Niger Nigeria", "Lithuania & Latvia");
    - ends with a given name and the last word of a PERSON entity found elsewhere in the article
      ("ambassador to Ukraine Marie Yovanovitch" when "Ms. Yovanovitch" is one);
    - holds punctuation no name has ("agenda MORE (Calif.");
    - is in the article's first line written in Title Case, its headline, where the entity recogniser
      takes capitalised words for names ("Kazakhstan Faces Rising Threats").
    """
    if org.start < taken_until:
        return False
    in_place = [False] * len(org)
    k = bisect_left(place_hits, (org.start, -1))
    for s, e in list(place_hits[k:bisect_left(place_hits, (org.end, -1))]) + [(start, end)]:
        for i in range(max(s, org.start), min(e, org.end)):
            in_place[i - org.start] = True
    words = [t for t, p in zip(org, in_place) if not p and t.is_alpha and not t.is_stop]
    if not words or (len(org) > 2 and not in_place[-1] and org[-1].lower_ in surnames
                     and org[-2].lower_ in _first_names()):
        return False
    if any(t.is_punct and t.text not in _NAME_PUNCT for t in org):
        return False
    headline = "\n" not in org.doc.text[:org.start_char].strip()  # on the article's first line
    return not (headline and _title_case(org.sent))


def _title_case(sent: Span) -> bool:
    """A Title Case line (a headline): at least 3 content words of 4+ letters, every one capitalised."""
    words = [t for t in sent if t.is_alpha and len(t) > 3 and not t.is_stop]
    return len(words) >= 3 and all(t.text[0].isupper() for t in words)


def _resolve_places(doc: Doc, pending: list[tuple[int, int, _Entry, str]]) -> list[tuple[str, str | None]]:
    """Choose the country of place names that several countries share, per article.

    Rules (in order): "X, Y" where Y is a country or first-level division puts X in Y's country, for every
    mention of X ("London, Ont."); a homonym ("London", "Paris", "Georgia") takes an alternative country
    when the article mentions that country through other phrases and never its default country (one
    sense per discourse, Gale, Church & Yarowsky 1992; the "spatial minimality" heuristic of Leidner 2008).

    Returns:
        (code, country) per pending hit, in order.
    """
    homonyms = load_homonyms()
    support = Counter(e.country for _, _, e, _ in pending if e.phrase not in homonyms and e.country)
    # an alternative reading needs local evidence: a division or town of that country ("Ontario",
    # "Kentucky", "Atlanta"), not just the country's name ("Rome" stays Italian in a text about the US)
    local = Counter(e.country for _, _, e, _ in pending
                    if e.phrase not in homonyms and e.country and e.kind in ("admin1", "place"))
    resolved: list[str | None] = []
    for _, _, entry, _ in pending:
        country = entry.country
        homonym = homonyms.get(entry.phrase)
        if homonym is not None and not support.get(entry.country or "") \
                and not any(support.get(c) for c in homonym.keep_with):
            evidence = local if homonym.evidence == "local" else support
            alts = [(evidence[c], c) for c in homonym.alternatives if evidence.get(c)]
            if alts:
                country = max(alts)[1]
        resolved.append(country)
    override: dict[str, str] = {}
    for i, ((_, e1, a, _), (s2, _, b, _)) in enumerate(zip(pending, pending[1:])):
        between = doc[e1:s2].text.strip()
        b_country = resolved[i + 1]
        a_ok = a.kind in ("place", "capital", "admin1") or (a.kind == "name" and b.kind == "admin1")
        if between == "," and b.kind in ("name", "admin1") and a_ok and b_country and resolved[i] != b_country:
            override[a.phrase] = b_country
    out = []
    for (_, _, entry, _), country in zip(pending, resolved):
        country = override.get(entry.phrase, country)
        code = entry.code if country == entry.country else country
        out.append((code or entry.code, country))
    return out


def extract_actors(doc: Doc) -> list[ActorMention]:
    """Find actor mentions in a parsed article.

    Args:
        doc: a spaCy Doc parsed by :func:`helpers.nlp.load_nlp` (tagger, parser and NER are used; an
            unparsed Doc still gets the dictionary matches, without entity checks or roles in context,
            and ambiguous phrases are then dropped).

    Returns:
        Mentions sorted by start offset, non-overlapping (longest dictionary match wins), each with
        ``doc.text[start:end] == text``.
    """
    lexicon = load_lexicon()
    heads = load_heads()
    matcher = _matcher(doc.vocab)
    strings = doc.vocab.strings
    hits = sorted(((s, e, strings[m]) for m, s, e in matcher(doc)), key=lambda h: (h[0], -(h[1] - h[0])))
    sent_index = {}
    if doc.has_annotation("SENT_START"):  # an unparsed Doc (``nlp.make_doc``) is one sentence
        for i, sent in enumerate(doc.sents):
            sent_index[sent.start] = i
    token_sent = [0] * len(doc)
    current = 0
    for tok in doc:
        if tok.i in sent_index:
            current = sent_index[tok.i]
        token_sent[tok.i] = current

    ent_index = _entity_index(doc)
    place_hits = sorted({(s, e) for s, e, phrase in hits if lexicon[phrase].kind in PLACE_KINDS})
    surnames = frozenset(e[-1].lower_ for e in ent_index[0] if e.label_ == "PERSON")
    mentions: list[ActorMention] = []
    taken_until = 0
    pending: list[tuple[int, int, _Entry, str]] = []
    for start, end, phrase in hits:
        if start < taken_until:
            continue
        entry = lexicon[phrase]
        span = doc[start:end]
        if not _capitalised(span):
            continue
        ents = _entity_of(ent_index, start, end)
        if entry.kind in PLACE_KINDS or entry.kind == "institution":
            person = [e for e in ents if e.label_ == "PERSON"]
            if person and (any(e.start < start or e.end > end for e in person) or entry.ambiguous):
                continue  # part of a person's name: "Jordan Peterson", "Paris Hilton"
            if entry.ambiguous and not any(e.label_ in PLACE_LABELS for e in ents):
                continue  # "Turkey dinner", "Chad said"
        new_start, new_end, role = start, *_role(entry, span, heads)
        if entry.kind in PLACE_KINDS:
            org = [e for e in ents if e.label_ in ORG_LABELS and (e.start < start or e.end > end)]
            if org and role not in ("judiciary", "military", "legislature", "police") \
                    and _names_organisation(org[0], start, end, taken_until, place_hits, surnames):
                # a national organisation or facility named after its place: the whole name, role organisation
                new_start = min(start, org[0].start)
                new_end, role = max(new_end, org[0].end), "organisation"
        taken_until = new_end
        pending.append((new_start, new_end, entry, role))

    countries_of = _resolve_places(doc, pending)
    for (start, end, entry, role), (code, country) in zip(pending, countries_of):
        span = doc[start:end]
        if code != entry.code:
            role = "place"
        mentions.append(ActorMention(span.text, code, role, span.start_char, span.end_char, country,
                                     entry.kind, token_sent[start]))
    return mentions


def countries(mentions: Iterable[ActorMention]) -> list[str]:
    """Sorted unique ISO3 codes of the states mentioned (organisations excluded; SUN included).

    International organisations (``country`` None) are excluded; a national organisation named after its
    place ("Kazakhstani Union of Parents", "University of Toronto": role ``organisation``) still names
    its country and counts.

    Args:
        mentions: output of :func:`extract_actors`.

    Returns:
        Sorted list of country codes.
    """
    return sorted({m.country for m in mentions if m.country})


def country_counts(mentions: Iterable[ActorMention]) -> dict[str, int]:
    """Mentions per country code (organisations excluded), most frequent first."""
    counts = Counter(m.country for m in mentions if m.country)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def actors_table(mentions: Sequence[ActorMention]) -> pd.DataFrame:
    """Mentions as a DataFrame (columns text, code, role, start, end, country, kind, sentence)."""
    columns = ["text", "code", "role", "start", "end", "country", "kind", "sentence"]
    return pd.DataFrame([asdict(m) for m in mentions], columns=columns)


def cooccurrence(mentions_or_doc: Sequence[ActorMention] | Doc, by: str = "code") -> pd.DataFrame:
    """Pairs of actors mentioned in the same sentence, with the number of sentences they share.

    Args:
        mentions_or_doc: mentions from :func:`extract_actors` (their ``sentence`` index is used) or a Doc
            (actors are extracted first).
        by: the attribute naming a node, ``"code"`` (default) or ``"country"``.

    Returns:
        DataFrame with columns ``source``, ``target`` (source < target) and ``weight`` (number of sentences
        holding both), heaviest first. Empty (same columns) when no sentence has two actors.
    """
    mentions = extract_actors(mentions_or_doc) if isinstance(mentions_or_doc, Doc) else mentions_or_doc
    return _cooccurrence((m.sentence, getattr(m, by)) for m in mentions)


def cooccurrence_table(actors: pd.DataFrame, by: str = "code") -> pd.DataFrame:
    """:func:`cooccurrence` over the run folder's ``actors`` rows of one article (``sent_index`` and ``by``)."""
    return _cooccurrence(zip(actors["sent_index"], actors[by]))


def _cooccurrence(nodes: Iterable[tuple[Any, Any]]) -> pd.DataFrame:
    by_sentence: dict[Any, set[str]] = defaultdict(set)
    for sentence, node in nodes:
        if isinstance(node, str) and node:
            by_sentence[sentence].add(node)
    weights: Counter[tuple[str, str]] = Counter()
    for nodes in by_sentence.values():
        for a, b in combinations(sorted(nodes), 2):
            weights[(a, b)] += 1
    rows = [{"source": a, "target": b, "weight": w} for (a, b), w in weights.items()]
    df = pd.DataFrame(rows, columns=["source", "target", "weight"])
    return df.sort_values(["weight", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)
