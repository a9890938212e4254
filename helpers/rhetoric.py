"""How an article argues: sentence sentiment, hedges and boosters, loaded language, fear appeals and
persuasion techniques, each tied to the words that support it.

Everything works on the shared spaCy parse (:mod:`helpers.nlp`); nothing is re-tokenised.

* **Sentiment** per sentence: TextBlob's default ``PatternAnalyzer`` (De Smedt & Daelemans 2012, the
  Pattern subjectivity lexicon of adjectives), ``sentiment_assessments``, with the words that produced
  the score.
* **Hedges and boosters**: metadiscourse markers after Hyland (2005), *Metadiscourse*, Appendix.
* **Loaded language and fear appeals**: compiled emotive and threat lexicons.
* **Persuasion techniques** as character spans with the 14 labels of the SemEval-2020 Task 11
  propaganda-techniques corpus (Da San Martino et al. 2019, 2020): lexicon and phrase patterns from
  ``resources/techniques.tsv`` whose span extent follows the dependency parse (the noun phrase, the
  clause, the sentence), plus a few rules in code (repetition of content words, slogans, rhetorical
  questions, epithets before names) — :func:`analyze_rules`;
* **learned technique spans** beside the rule spans (:mod:`helpers.technique_tagger`: a CRF span tagger and
  a label classifier trained on the SemEval-2020 Task 11 corpus, with the rule findings among their
  features) — :func:`analyze`.

All word lists are data files in ``helpers/resources/`` read through :mod:`helpers.resources`
(provenance in its ``README.md``); speech verbs are the project's one list, ``reporting_verbs.txt``, and
quotation marks the ones of :mod:`helpers.text`. The matchers are built once per vocabulary and cached,
so a stage costs a few milliseconds per article on top of the parse.

Example::

    from helpers.nlp import parse
    from helpers.rhetoric import analyze, summarize
    from helpers.text import count_words
    doc = parse(text)
    result = analyze(doc)
    summary = summarize(result, count_words(text))
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import pandas as pd
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab
from textblob.en import sentiment as _pattern_sentiment

from helpers import resources, technique_tagger
from helpers.nlp import load_nlp
from helpers.quotes.lexicon import reporting_verbs  # the ``report`` extent: someone who says so
from helpers.text import DOUBLE_MARKS, QUOTE_MARKS

#: The 14 technique labels of the SemEval-2020 Task 11 corpus, spelled as in its files.
LABELS: tuple[str, ...] = (
    "Loaded_Language", "Name_Calling,Labeling", "Repetition", "Doubt", "Exaggeration,Minimisation",
    "Appeal_to_fear-prejudice", "Flag-Waving", "Causal_Oversimplification", "Appeal_to_Authority",
    "Black-and-White_Fallacy", "Slogans", "Whataboutism,Straw_Men,Red_Herring",
    "Thought-terminating_Cliches", "Bandwagon,Reductio_ad_hitlerum",
)
#: Span categories: four lexicon findings and the persuasion techniques.
CATEGORIES: tuple[str, ...] = ("hedge", "booster", "loaded", "fear", "technique")
#: Lexicon files (in ``helpers/resources/``) by category.
LEXICON_FILES: dict[str, str] = {
    "hedge": "hedges.txt", "booster": "boosters.txt", "loaded": "loaded.txt", "fear": "fear.txt",
}
TECHNIQUES_FILE = "techniques.tsv"
EXTENTS: frozenset[str] = frozenset({"match", "mod", "np", "clause", "sentence", "report"})

#: Dependency labels whose verb heads a clause (the ``clause`` extent climbs to the nearest one).
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "acl"})
#: Left modifiers folded into a loaded-language span ("extremely careless", "utter nonsense").
_MOD_DEPS = frozenset({"advmod", "amod", "compound", "npadvmod"})
#: The label of overstatement; a superlative carrying a measured quantity is not one (see
#: :func:`_pattern_techniques`).
EXAGGERATION = "Exaggeration,Minimisation"
#: Penn tags of superlatives ("longest", "most").
SUPERLATIVE_TAGS = frozenset({"JJS", "RBS"})
#: Entity types that state a measured quantity (spaCy's OntoNotes labels): a distance, weight or area,
#: an amount of money, a percentage. Bare counts (CARDINAL) are not measurements here: dropping the
#: superlatives beside a count as well lowered Exaggeration F1 on the PTC dev set (0.187 to 0.176).
MEASURE_ENTS = frozenset({"QUANTITY", "MONEY", "PERCENT"})
#: Repetition: a content lemma seen this often in one article is marked at each later occurrence.
REPETITION_MIN = 3
#: Closing marks stripped from a sentence's end before looking for its question mark: every quotation
#: mark of :mod:`helpers.text` and the straight apostrophe used as a single quote.
_CLOSING_MARKS = QUOTE_MARKS + "'"


@dataclass(frozen=True)
class SentenceScore:
    """TextBlob sentiment of one sentence of the doc.

    Attributes:
        index: position of the sentence among the scored sentences (0-based).
        start, end: character offsets into ``doc.text`` (surrounding whitespace excluded).
        polarity: -1 (negative) .. +1 (positive).
        subjectivity: 0 (objective) .. 1 (subjective).
        assessments: the words (or word groups, e.g. "very good") that produced the score.
    """

    index: int
    start: int
    end: int
    polarity: float
    subjectivity: float
    assessments: tuple[str, ...] = ()


@dataclass(frozen=True)
class RhetoricSpan:
    """One finding: a span of the text, its category and label.

    Attributes:
        start, end: character offsets into ``doc.text``.
        category: one of :data:`CATEGORIES`.
        label: the technique (one of :data:`LABELS`) for ``technique``, else the lexicon entry.
        text: ``doc.text[start:end]``.
        score: for a technique span with a learned part, the models' confidence in (0, 1]
            (:class:`helpers.technique_tagger.TaggedSpan`); None for rule and lexicon findings.
    """

    start: int
    end: int
    category: str
    label: str
    text: str
    score: float | None = None


@dataclass
class RhetoricResult:
    """Sentences with sentiment and the spans found, sorted by (start, end)."""

    sentences: list[SentenceScore] = field(default_factory=list)
    spans: list[RhetoricSpan] = field(default_factory=list)


@dataclass(frozen=True)
class LexiconEntry:
    """A lexicon line: the lower-case term and an optional Penn tag the (single) word must carry."""

    term: str
    tag: str | None = None


@dataclass(frozen=True)
class TechniquePattern:
    """A line of ``techniques.tsv``: label, kind (``phrase`` or ``matcher``), extent, pattern."""

    label: str
    kind: str
    extent: str
    pattern: str


# ----------------------------------------------------------------------------------------------
# Resources
# ----------------------------------------------------------------------------------------------

@cache
def load_lexicon(category: str) -> tuple[LexiconEntry, ...]:
    """Read a lexicon file (one entry a line, ``#`` comments, optional TAB + Penn tag).

    Args:
        category: a key of :data:`LEXICON_FILES`.

    Returns:
        The entries, in file order, without duplicates.

    Raises:
        KeyError: for an unknown category; FileNotFoundError if the file is missing.
    """
    seen: dict[tuple[str, str | None], LexiconEntry] = {}
    for line in resources.lines(LEXICON_FILES[category]):
        parts = line.split("\t")
        term = " ".join(parts[0].lower().split())
        tag = parts[1].strip() if len(parts) > 1 and parts[1].strip() else None
        seen.setdefault((term, tag), LexiconEntry(term, tag))
    return tuple(seen.values())


def parse_techniques(lines: Iterable[str], name: str = TECHNIQUES_FILE) -> tuple[TechniquePattern, ...]:
    """Check and read the lines of a technique-pattern table (header ``label kind extent pattern``).

    Args:
        lines: the table's lines without comments (as :func:`helpers.resources.lines` gives them).
        name: the file name, for error messages.

    Raises:
        ValueError: on an unknown label, kind or extent, or a ``matcher`` pattern that is not JSON.
    """
    rows: list[TechniquePattern] = []
    for number, line in enumerate(lines, start=1):
        parts = line.split("\t")
        if parts[:3] == ["label", "kind", "extent"]:
            continue
        if len(parts) != 4:
            raise ValueError(f"{name} line {number}: expected 4 TAB-separated fields: {line!r}")
        label, kind, extent, pattern = (p.strip() for p in parts)
        if label not in LABELS or kind not in {"phrase", "matcher"} or extent not in EXTENTS:
            raise ValueError(f"{name} line {number}: bad label/kind/extent: {line!r}")
        if kind == "matcher":
            json.loads(pattern)
        rows.append(TechniquePattern(label, kind, extent, pattern))
    return tuple(rows)


@cache
def load_techniques() -> tuple[TechniquePattern, ...]:
    """The patterns of ``techniques.tsv`` (:func:`parse_techniques` over the file)."""
    return parse_techniques(resources.lines(TECHNIQUES_FILE))


class _NounChunks:
    """Token index -> its noun chunk, computed on first use (most articles need few look-ups)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._map: dict[int, Span] | None = None

    def _built(self) -> dict[int, Span]:
        if self._map is None:
            self._map = {token.i: chunk for chunk in self.doc.noun_chunks for token in chunk}
        return self._map

    def get(self, i: int) -> Span | None:
        return self._built().get(i)

    def __contains__(self, i: int) -> bool:
        return i in self._built()

    def __getitem__(self, i: int) -> Span:
        return self._built()[i]


class _Matchers:
    """All matchers for one vocabulary, built once (see :func:`_matchers`)."""

    def __init__(self, vocab: Vocab) -> None:
        tokenizer = load_nlp().tokenizer
        self.vocab = vocab
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        self.lemmas = PhraseMatcher(vocab, attr="LEMMA")
        self.tokens = Matcher(vocab)
        self.patterns: dict[str, tuple[str, str, str]] = {}  # match key -> (kind, label, extent)
        self.single: dict[str, dict[str, list[LexiconEntry]]] = {}
        for category in LEXICON_FILES:
            words: dict[str, list[LexiconEntry]] = defaultdict(list)
            phrases: list[Doc] = []
            for entry in load_lexicon(category):
                tokens = [t.text for t in tokenizer(entry.term)]
                if len(tokens) == 1:
                    words[entry.term].append(entry)
                else:  # "in fact", "witch hunt", "wishy-washy": a token phrase, case-insensitive
                    phrases.append(Doc(vocab, words=tokens))
                    self.patterns[f"lex:{category}"] = ("lexicon", category, "match")
            self.single[category] = dict(words)
            if phrases:
                self.phrases.add(f"lex:{category}", phrases)
            if words:
                key = f"lexw:{category}"
                self.patterns[key] = ("lexicon", category, "match")
                forms = sorted(words)
                self.phrases.add(key, [Doc(vocab, words=[w]) for w in forms])
                self.lemmas.add(key, [Doc(vocab, words=[w], lemmas=[w]) for w in forms])
        grouped: dict[tuple[str, str, str], list] = defaultdict(list)
        for row in load_techniques():
            grouped[(row.kind, row.label, row.extent)].append(row.pattern)
        for n, ((kind, label, extent), patterns) in enumerate(sorted(grouped.items())):
            key = f"tech{n}"
            self.patterns[key] = ("technique", label, extent)
            if kind == "phrase":
                docs = [Doc(vocab, words=[t.text for t in tokenizer(p.lower())]) for p in patterns]
                self.phrases.add(key, docs)
            else:
                self.tokens.add(key, [json.loads(p) for p in patterns])


_MATCHERS: dict[int, tuple[Vocab, _Matchers]] = {}


def _matchers(vocab: Vocab) -> _Matchers:
    """The cached matchers for ``vocab`` (built on first use)."""
    hit = _MATCHERS.get(id(vocab))
    if hit is None or hit[0] is not vocab:
        hit = (vocab, _Matchers(vocab))
        _MATCHERS[id(vocab)] = hit
    return hit[1]


# ----------------------------------------------------------------------------------------------
# Sentiment
# ----------------------------------------------------------------------------------------------

def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Character offsets with surrounding whitespace removed."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def score_sentences(doc: Doc, sents: Sequence[Span] | None = None, text: str | None = None) -> list[SentenceScore]:
    """TextBlob polarity/subjectivity for every non-blank sentence of ``doc``.

    Method: TextBlob's default ``PatternAnalyzer`` (what ``TextBlob(sentence).sentiment_assessments``
    returns), called once per sentence through its underlying ``textblob.en.sentiment`` object, which
    yields the score and the assessments together (the TextBlob wrapper runs it twice). It averages the
    Pattern lexicon scores of the words found, with negation and intensifier handling.

    Args:
        doc: a parsed doc (sentence boundaries from the shared pipeline).
        sents, text: ``list(doc.sents)`` and ``doc.text`` when the caller has them already.

    Returns:
        One :class:`SentenceScore` per sentence holding any non-space character, in order.
    """
    text = doc.text if text is None else text
    scores: list[SentenceScore] = []
    for sent in (doc.sents if sents is None else sents):
        start, end = _trimmed(text, sent.start_char, sent.end_char)
        if start >= end:
            continue
        score = _pattern_sentiment(text[start:end])
        words = tuple(" ".join(item[0]) for item in score.assessments)
        scores.append(SentenceScore(len(scores), start, end, float(score[0]), float(score[1]), words))
    return scores


# ----------------------------------------------------------------------------------------------
# Span extents (from the parse)
# ----------------------------------------------------------------------------------------------

def _strip(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without leading/trailing punctuation, spaces and conjunctions."""
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ in {"cc", "mark"}
                           and end - start > 1):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _sentence_bounds(doc: Doc, sents: Sequence[Span]) -> list[tuple[int, int]]:
    """For each token index, the (start, end) token indices of its sentence."""
    bounds: list[tuple[int, int]] = [(0, len(doc))] * len(doc)
    for sent in sents:
        pair = (sent.start, sent.end)
        bounds[sent.start:sent.end] = [pair] * (sent.end - sent.start)
    return bounds


def _extent_mod(doc: Doc, start: int, end: int, bounds: Sequence[tuple[int, int]]) -> tuple[int, int]:
    sent_start = bounds[start][0]
    while start > sent_start:
        prev = doc[start - 1]
        if prev.dep_ in _MOD_DEPS and start <= prev.head.i < end and not prev.is_punct:
            start -= 1
        else:
            break
    return start, end


def _extent_np(doc: Doc, start: int, end: int, chunks: _NounChunks,
               bounds: Sequence[tuple[int, int]]) -> tuple[int, int]:
    token = doc[start:end].root
    chunk = chunks.get(token.i)
    if chunk is None and token.dep_ in {"amod", "compound", "advmod"} and token.head.i in chunks:
        chunk = chunks[token.head.i]
    if chunk is None:
        return _extent_mod(doc, start, end, bounds)
    return min(start, chunk.start), max(end, chunk.end)


def _extent_clause(doc: Doc, start: int, end: int, bounds: Sequence[tuple[int, int]]) -> tuple[int, int]:
    token = doc[start:end].root
    sent_start, sent_end = bounds[start]
    head = token
    while not (head.pos_ in {"VERB", "AUX"} and head.dep_ in _CLAUSE_DEPS) and head.head.i != head.i:
        head = head.head
    left, right = head.left_edge.i, head.right_edge.i + 1
    left, right = max(left, sent_start), min(right, sent_end)
    left, right = min(left, start), max(right, end)
    return _strip(doc, left, right) if right - left > 1 else (left, right)


def _extent_sentence(doc: Doc, start: int, end: int, bounds: Sequence[tuple[int, int]]) -> tuple[int, int]:
    return _strip(doc, *bounds[start])


def _reports_speech(sent: Span) -> bool:
    """Whether a sentence reports speech: a reporting verb or a double quotation mark."""
    speech = reporting_verbs()
    return any(t.lemma_.lower() in speech for t in sent) or any(c in sent.text for c in DOUBLE_MARKS)


# ----------------------------------------------------------------------------------------------
# Detectors
# ----------------------------------------------------------------------------------------------

def _lexicon_spans(doc: Doc, m: _Matchers, raw: Sequence[tuple[int, int, int]]
                   ) -> tuple[list[RhetoricSpan], list[tuple[int, int, str]]]:
    """Lexicon findings (hedge/booster/loaded/fear) and the token ranges of loaded matches."""
    spans: list[RhetoricSpan] = []
    loaded_tokens: list[tuple[int, int, str]] = []
    seen: set[tuple[int, int, str]] = set()
    hits: list[tuple[str, int, int]] = []
    for key, start, end in raw:
        name = doc.vocab.strings[key]
        if name.startswith("lex"):
            hits.append((name, start, end))
    for name, start, end in hits:
        category = name.split(":", 1)[1]
        if end - start == 1:
            token = doc[start]
            entries = (m.single[category].get(token.lower_) or m.single[category].get(token.lemma_.lower()) or [])
            entries = [e for e in entries if e.tag is None or e.tag == token.tag_]
            if not entries:
                continue
            label = entries[0].term
        else:
            label = doc[start:end].text.lower()
        if (start, end, category) in seen:
            continue
        seen.add((start, end, category))
        span = doc[start:end]
        spans.append(RhetoricSpan(span.start_char, span.end_char, category, label, span.text))
        if category == "loaded":
            loaded_tokens.append((start, end, label))
    # hedges and boosters are one scale of certainty: a marker inside a longer one of either kind is part of
    # it ("doubt" in the booster "no doubt", "likely" in "highly likely")
    stance = [(sp.start, sp.end) for sp in spans if sp.category in ("hedge", "booster")]
    spans = [sp for sp in spans if sp.category not in ("hedge", "booster")
             or not any(s <= sp.start and sp.end <= e and (s, e) != (sp.start, sp.end) for s, e in stance)]
    return spans, loaded_tokens


def _technique(doc: Doc, start: int, end: int, label: str) -> RhetoricSpan | None:
    start, end = max(0, start), min(len(doc), end)
    if start >= end:
        return None
    span = doc[start:end]
    return RhetoricSpan(span.start_char, span.end_char, "technique", label, span.text)


def _measured_sentences(doc: Doc, bounds: Sequence[tuple[int, int]]) -> frozenset[int]:
    """Start tokens of the sentences that state a measured quantity (an entity of :data:`MEASURE_ENTS`)."""
    return frozenset(bounds[e.start][0] for e in doc.ents if e.label_ in MEASURE_ENTS)


def _is_superlative(doc: Doc, start: int, end: int) -> bool:
    return any(doc[k].tag_ in SUPERLATIVE_TAGS for k in range(start, end))


def _pattern_techniques(doc: Doc, m: _Matchers, raw: Sequence[tuple[int, int, int]], chunks: _NounChunks,
                        bounds: Sequence[tuple[int, int]]) -> list[RhetoricSpan]:
    """Technique spans of the ``techniques.tsv`` patterns, each stretched to its extent.

    A superlative in a sentence that states a measured quantity ("the world's longest land border,
    stretching 7,600 kilometers") is a checkable claim, not Exaggeration, and is left out.
    """
    out: list[RhetoricSpan] = []
    measured: frozenset[int] | None = None
    for key, start, end in raw:
        kind, label, extent = m.patterns.get(doc.vocab.strings[key], ("", "", ""))
        if kind != "technique":
            continue
        if label == EXAGGERATION and _is_superlative(doc, start, end):
            if measured is None:
                measured = _measured_sentences(doc, bounds)
            if bounds[start][0] in measured:
                continue
        if extent == "mod":
            start, end = _extent_mod(doc, start, end, bounds)
        elif extent == "np":
            start, end = _extent_np(doc, start, end, chunks, bounds)
        elif extent == "clause":
            start, end = _extent_clause(doc, start, end, bounds)
        elif extent == "sentence":
            start, end = _extent_sentence(doc, start, end, bounds)
        elif extent == "report":
            if not _reports_speech(doc[bounds[start][0]:bounds[start][1]]):
                continue
            start, end = _extent_sentence(doc, start, end, bounds)
        span = _technique(doc, start, end, label)
        if span is not None:
            out.append(span)
    return out


def _loaded_techniques(doc: Doc, loaded: Sequence[tuple[int, int, str]], chunks: _NounChunks,
                       bounds: Sequence[tuple[int, int]]) -> list[RhetoricSpan]:
    """Loaded_Language from loaded-lexicon hits (with their intensifiers); Name_Calling for an
    emotive epithet attached to a named person or group ("crooked Hillary")."""
    out: list[RhetoricSpan] = []
    for start, end, _label in loaded:
        token = doc[start]
        head = token.head
        if (end - start == 1 and token.dep_ in {"amod", "compound"} and head.pos_ == "PROPN"
                and head.ent_type_ in {"PERSON", "NORP", "ORG"}):
            chunk = chunks.get(head.i)
            left = min(start, chunk.start if chunk is not None else start)
            span = _technique(doc, left, max(end, head.i + 1), "Name_Calling,Labeling")
        else:
            s, e = _extent_mod(doc, start, end, bounds)
            if (end - start == 1 and token.dep_ == "amod" and token.pos_ == "ADJ"
                    and end <= head.i <= end + 1 and head.pos_ == "NOUN"):
                e = head.i + 1
            span = _technique(doc, s, e, "Loaded_Language")
        if span is not None:
            out.append(span)
    return out


def _fear_techniques(doc: Doc, lexical: Sequence[RhetoricSpan],
                     bounds: Sequence[tuple[int, int]]) -> list[RhetoricSpan]:
    """Appeal_to_fear-prejudice: a fear-lexicon word in a clause with a modal ("could", "will",
    "would" ...): a threat presented as what may come ("the crisis could spread", "it will destroy")."""
    out: list[RhetoricSpan] = []
    for span in lexical:
        tokens = doc.char_span(span.start, span.end) if span.category == "fear" else None
        if tokens is None:
            continue
        s, e = _extent_clause(doc, tokens.start, tokens.end, bounds)
        if any(doc[k].tag_ == "MD" for k in range(s, e)):
            found = _technique(doc, s, e, "Appeal_to_fear-prejudice")
            if found is not None:
                out.append(found)
    return out


_CONTENT_POS = frozenset({"NOUN", "ADJ", "VERB", "ADV"})


def _repetition(doc: Doc, loaded: Sequence[tuple[int, int, str]]) -> list[RhetoricSpan]:
    """Repetition: an emotive word (same lemma) used at least :data:`REPETITION_MIN` times in the article.

    Only loaded-lexicon words are counted, so the topic's own nouns and names are not flagged
    (counting every repeated content word marked 2% correct spans on the benchmark's tuning half).
    Each occurrence after the first is marked.
    """
    occurrences: dict[str, list[Token]] = defaultdict(list)
    for start, end, _label in loaded:
        token = doc[start]
        if (end - start == 1 and token.pos_ in _CONTENT_POS and not token.is_stop and token.ent_type_ == ""
                and len(token) > 3):
            occurrences[token.lemma_.lower()].append(token)
    out: list[RhetoricSpan] = []
    for tokens in occurrences.values():
        if len(tokens) >= REPETITION_MIN:
            for token in tokens[1:]:
                span = _technique(doc, token.i, token.i + 1, "Repetition")
                if span is not None:
                    out.append(span)
    return out


_HASHTAG = re.compile(r"#\w{3,}")
#: A hashtag is a slogan when it starts with a call to act ("#StopTheWar", "#NeverAgain"); most hashtags
#: in news only tag a topic or a name ("#MeToo" aside, which no word list can tell from a name).
_SLOGAN_HASHTAG = re.compile(r"#(?:stop|ban|save|free|protect|defend|boycott|no|never|not|end|vote|build|lock|"
                             r"make|drain|resist|repeal|impeach|justice|bring|keep|take|fight|support|stand|"
                             r"down|death|long|let|we|our)", re.IGNORECASE)


def _slogans_and_questions(doc: Doc, text: str, sents: Sequence[Span]) -> list[RhetoricSpan]:
    """Slogans (hashtags that call to act; runs of three or more words in capitals) and Doubt
    (rhetorical questions: a question of four words or more outside quotation marks). A run of capitals
    that is a whole line (a headline in capitals) or comes before a colon (a transcript's speaker label,
    "PRESIDENT DONALD TRUMP:") is page structure, not a slogan.

    Short exclamations are not taken as slogans: in news they are mostly quoted interjections.
    """
    out: list[RhetoricSpan] = []
    for match in _HASHTAG.finditer(text):
        if _SLOGAN_HASHTAG.match(match.group()):
            out.append(RhetoricSpan(match.start(), match.end(), "technique", "Slogans", match.group()))
    for sent in sents:
        words = [t for t in sent if not (t.is_punct or t.is_space)]
        if not words:
            continue
        start, end = _strip(doc, sent.start, sent.end)
        tail = text[sent.start_char:sent.end_char].rstrip().rstrip(_CLOSING_MARKS)
        if tail.endswith("?") and len(words) >= 4 and not any(q in sent.text for q in DOUBLE_MARKS):
            span = _technique(doc, start, end, "Doubt")
            if span is not None:
                out.append(span)
        run: list[Token] = []
        for token in list(sent) + [None]:  # type: ignore[list-item]
            if token is not None and token.is_alpha and token.is_upper and len(token) > 1:
                run.append(token)
                continue
            if len(run) >= 3 and not (token is not None and token.text == ":") \
                    and not _own_line(text, run[0].idx, run[-1].idx + len(run[-1])):
                span = _technique(doc, run[0].i, run[-1].i + 1, "Slogans")
                if span is not None:
                    out.append(span)
            run = []
    return out


def _own_line(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole line on its own (give or take punctuation): a heading or a
    line of capitals in a transcript, which organises the page rather than argues."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    outside = text[line_start:start] + text[end:line_end]
    return not re.sub(r"[\W_]+", "", outside)


def _merge_same_label(spans: Iterable[RhetoricSpan], text: str) -> list[RhetoricSpan]:
    """Merge overlapping technique spans of the same label into their union (keeping the highest
    model score among the merged parts, None when no part has one)."""
    by_label: dict[str, list[RhetoricSpan]] = defaultdict(list)
    for span in spans:
        by_label[span.label].append(span)
    out: list[RhetoricSpan] = []

    def best(a: float | None, b: float | None) -> float | None:
        return b if a is None else a if b is None else max(a, b)

    for label, items in by_label.items():
        items.sort(key=lambda s: (s.start, s.end))
        cur_s, cur_e, cur_score = items[0].start, items[0].end, items[0].score
        for span in items[1:]:
            if span.start < cur_e:
                cur_e = max(cur_e, span.end)
                cur_score = best(cur_score, span.score)
            else:
                out.append(RhetoricSpan(cur_s, cur_e, "technique", label, text[cur_s:cur_e], cur_score))
                cur_s, cur_e, cur_score = span.start, span.end, span.score
        out.append(RhetoricSpan(cur_s, cur_e, "technique", label, text[cur_s:cur_e], cur_score))
    return out


# ----------------------------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------------------------

def analyze(doc: Doc) -> RhetoricResult:
    """Sentiment per sentence and all rhetoric spans of one parsed article: the rule findings of
    :func:`analyze_rules` plus the technique spans of the learned models (:mod:`helpers.technique_tagger`),
    which add a span where its label is one the learned spans improve in cross-validation.

    Args:
        doc: a doc from the shared pipeline (:func:`helpers.nlp.parse`); needs tags, lemmas, the
            dependency parse and entities.

    Returns:
        A :class:`RhetoricResult`: sentences in order; spans sorted by (start, end), technique spans of one
        label merged where they overlap; a span with a learned part carries its model ``score``.
    """
    result = analyze_rules(doc)
    lexical = [s for s in result.spans if s.category != "technique"]
    rules = [s for s in result.spans if s.category == "technique"]
    learned = technique_tagger.tag(doc, result.sentences, lexical, rules)
    if not learned:
        return result
    text = doc.text
    found = rules + [RhetoricSpan(s.start, s.end, "technique", s.label, text[s.start:s.end], s.score)
                     for s in learned]
    spans = lexical + _merge_same_label(found, text)
    spans.sort(key=lambda s: (s.start, s.end, s.category, s.label))
    return RhetoricResult(result.sentences, spans)


def analyze_rules(doc: Doc) -> RhetoricResult:
    """Sentiment per sentence and the rhetoric spans the word lists and parse rules find.

    Args:
        doc: a doc from the shared pipeline (:func:`helpers.nlp.parse`); needs tags, lemmas, the
            dependency parse and entities.

    Returns:
        A :class:`RhetoricResult`: sentences in order; spans sorted by (start, end), technique spans
        of one label merged where they overlap (no ``score``: rules carry none).

    Raises:
        ValueError: if ``doc`` has no dependency parse (sentences and noun chunks need it).
    """
    m = _matchers(doc.vocab)
    chunks = _NounChunks(doc)
    text = doc.text  # built from the tokens on each access: read it once
    sents = list(doc.sents)
    bounds = _sentence_bounds(doc, sents)
    raw = sorted({*m.phrases(doc, as_spans=False), *m.lemmas(doc, as_spans=False), *m.tokens(doc, as_spans=False)},
                 key=lambda hit: (hit[1], hit[2], hit[0]))
    lexical, loaded = _lexicon_spans(doc, m, raw)
    techniques = _pattern_techniques(doc, m, raw, chunks, bounds)
    techniques += _loaded_techniques(doc, loaded, chunks, bounds)
    techniques += _fear_techniques(doc, lexical, bounds)
    techniques += _repetition(doc, loaded)
    techniques += _slogans_and_questions(doc, text, sents)
    spans = lexical + (_merge_same_label(techniques, text) if techniques else [])
    spans.sort(key=lambda s: (s.start, s.end, s.category, s.label))
    return RhetoricResult(score_sentences(doc, sents, text), spans)


def _mean_std(values: Sequence[float]) -> tuple[float, float]:
    if not values:
        return math.nan, math.nan
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def summarize(result: RhetoricResult, n_words: int) -> dict:
    """Article-level figures: densities per 1,000 words and the spread of sentiment.

    Args:
        result: from :func:`analyze`.
        n_words: the article's word count, :func:`helpers.text.count_words` of its text (the one word
            count behind every per-1,000-words rate; the caller has it in ``articles.n_words``).

    Returns:
        A flat dict: ``n_words``, ``n_sentences``, ``polarity_mean``, ``polarity_std``,
        ``subjectivity_mean``, ``subjectivity_std`` (population std; NaN without sentences),
        ``<category>_per_1k`` for each of :data:`CATEGORIES` and ``technique_per_1k:<label>`` for
        each of :data:`LABELS` (0 when there are no words).
    """
    words = n_words
    scale = 1000.0 / words if words else 0.0
    by_category = Counter(s.category for s in result.spans)
    by_label = Counter(s.label for s in result.spans if s.category == "technique")
    pol_mean, pol_std = _mean_std([s.polarity for s in result.sentences])
    sub_mean, sub_std = _mean_std([s.subjectivity for s in result.sentences])
    out: dict = {"n_words": words, "n_sentences": len(result.sentences),
                 "polarity_mean": pol_mean, "polarity_std": pol_std,
                 "subjectivity_mean": sub_mean, "subjectivity_std": sub_std}
    for category in CATEGORIES:
        out[f"{category}_per_1k"] = by_category[category] * scale
    for label in LABELS:
        out[f"technique_per_1k:{label}"] = by_label[label] * scale
    return out


def spans_table(result: RhetoricResult) -> pd.DataFrame:
    """The spans as a table: start, end, category, label, text (one row a span)."""
    columns = ["start", "end", "category", "label", "text"]
    return pd.DataFrame([[s.start, s.end, s.category, s.label, s.text] for s in result.spans], columns=columns)


def sentences_table(result: RhetoricResult) -> pd.DataFrame:
    """The sentences as a table: index, start, end, polarity, subjectivity, assessments ("; "-joined)."""
    columns = ["index", "start", "end", "polarity", "subjectivity", "assessments"]
    rows = [[s.index, s.start, s.end, s.polarity, s.subjectivity, "; ".join(s.assessments)]
            for s in result.sentences]
    return pd.DataFrame(rows, columns=columns)

