"""Learned persuasion-technique spans: a linear-chain CRF that marks where techniques are, and a
multinomial logistic regression that names each span with one of the 14 SemEval-2020 Task 11 labels.

Both models are trained on the propaganda-techniques corpus half in ``../shared/eval/rhetoric``
(Da San Martino et al. 2019, 2020) by ``scripts/train_models.py`` and stored as numbers in
``helpers/resources/models/`` (crfsuite's own model file, a ``.npz`` of coefficients), each beside a
card with its data, features, cross-validated figures and SHA-256 hash.

* **Span tagger** — a linear-chain CRF (Lafferty, McCallum & Pereira 2001; CRFsuite, Okazaki 2007) over
  the tokens of the shared spaCy parse with BIO tags (labels ignored: overlapping gold spans merged), after
  the feature-rich CRF taggers of the task (e.g. the CRF span-identification runs in Da San Martino et al.
  2020). Features per token (:func:`token_features`): form, lemma, shape, part of speech, dependency and
  head, named-entity type, the same for two tokens either side; the rule findings of
  :mod:`helpers.rhetoric` (lexicon category and technique label covering the token); the sentence's
  TextBlob polarity and subjectivity, question or exclamation, length, the token's position in the
  sentence and the article; whether the token is inside quotation marks; how often its lemma occurs in
  the article (repetition). A token is *inside* a technique when its marginal probability of B or I
  reaches the span threshold chosen by cross-validation (``span_threshold`` of the label model); runs of
  such tokens are the spans.
* **Label classifier** — multinomial logistic regression over the span's words and word bigrams, its
  lemmas, the words just before it, character 4-grams of its words, the rule labels and lexicon
  categories overlapping it, its length, sentence shape and sentiment, and the repetition count of its
  words (:func:`span_features`).

The rules stay the evidence: they enter both models as features, and their spans are kept. A learned span
is added beside them when its label is one for which adding learned spans raised that label's F1 in
cross-validation (``learned_labels`` of the label model); see ``benchmarks/results/rhetoric.md``.
"""
from __future__ import annotations

import itertools
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np
import pycrfsuite
from spacy.attrs import (
    DEP,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    IS_STOP,
    LEMMA,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    TAG,
)
from spacy.tokens import Doc

from helpers import resources
from helpers.text import CLOSE_DOUBLE, OPEN_DOUBLE, STRAIGHT_DOUBLE

#: Model files in ``helpers/resources/models/``.
CRF_FILE = "technique_spans.crfsuite"
LABELS_FILE = "technique_labels.npz"
#: Card of each model file: ``<file>.card.json``.
CARD_SUFFIX = ".card.json"
#: BIO tags of the span tagger.
TAGS: tuple[str, ...] = ("O", "B", "I")
#: Context window of the token features (tokens either side).
WINDOW = 2
#: Words before a span that the label classifier sees.
SPAN_CONTEXT = 3


class _Span(Protocol):
    start: int
    end: int
    category: str
    label: str


class _Sentence(Protocol):
    start: int
    end: int
    polarity: float
    subjectivity: float


@dataclass(frozen=True)
class TaggedSpan:
    """A technique span found by the learned models: character offsets, label and confidences.

    Attributes:
        start, end: character offsets into ``doc.text``.
        label: one of the 14 technique labels.
        score: the span's mean token probability of being inside a technique (CRF marginals) times
            the label classifier's probability of ``label``.
    """

    start: int
    end: int
    label: str
    score: float


def _bucket(value: float, edges: Sequence[float]) -> int:
    for k, edge in enumerate(edges):
        if value < edge:
            return k
    return len(edges)


def _shape(text: str) -> str:
    if text.isupper() and len(text) > 1:
        return "UP"
    if text[:1].isupper():
        return "Cap"
    if text.isdigit():
        return "d"
    if text.isalpha():
        return "a"
    return "x"


_ATTRS = [ORTH, LOWER, LEMMA, POS, TAG, DEP, HEAD, ENT_TYPE, IS_STOP, IS_SPACE, IS_ALPHA, IS_PUNCT, IDX, SENT_START]


class _Tokens:
    """The token attributes the features read, as plain Python lists (one ``Doc.to_array`` call: building
    spaCy ``Token`` objects one by one costs more than the features themselves)."""

    def __init__(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        matrix = doc.to_array(_ATTRS) if len(doc) else np.zeros((0, len(_ATTRS)), dtype=np.uint64)
        heads = matrix[:, _ATTRS.index(HEAD)].astype(np.int64).tolist()  # offsets, stored unsigned
        sent_starts = matrix[:, _ATTRS.index(SENT_START)].astype(np.int64).tolist()
        arr = matrix.tolist()
        cache: dict[int, str] = {}

        def text(key: int) -> str:
            found = cache.get(key)
            if found is None:
                found = cache[key] = strings[key] if key else ""
            return found

        self.n = len(arr)
        self.orth = [text(r[0]) for r in arr]
        self.lower = [text(r[1]) for r in arr]
        self.lemma = [text(r[2]).lower() for r in arr]
        self.pos = [text(r[3]) for r in arr]
        self.tag = [text(r[4]) for r in arr]
        self.dep = [text(r[5]) for r in arr]
        self.head = [i + h for i, h in enumerate(heads)]
        self.ent = [text(r[7]) for r in arr]
        self.stop = [bool(r[8]) for r in arr]
        self.space = [bool(r[9]) for r in arr]
        self.alpha = [bool(r[10]) for r in arr]
        self.punct = [bool(r[11]) for r in arr]
        self.idx = [r[12] for r in arr]
        self.sent_start = [v == 1 for v in sent_starts]
        self.text = full = doc.text  # built from the tokens on each access: read it once
        self.whitespace = [full[self.idx[i] + len(self.orth[i]):(self.idx[i + 1] if i + 1 < self.n else len(full))]
                           for i in range(self.n)]

    def counts(self) -> Counter:
        """How often each content lemma (alphabetic, not a stop word, over two letters) occurs."""
        return Counter(self.lemma[i] for i in range(self.n)
                       if self.alpha[i] and not self.stop[i] and len(self.orth[i]) > 2)


def _inside_quotes(doc: Doc, tokens: _Tokens | None = None) -> list[bool]:
    """Per token: whether it lies between double quotation marks (reset at each line break)."""
    tokens = _Tokens(doc) if tokens is None else tokens
    inside = False
    out: list[bool] = []
    for text, space in zip(tokens.orth, tokens.whitespace):
        if "\n" in space or "\n" in text:
            out.append(inside)
            inside = False
            continue
        if text in OPEN_DOUBLE:
            inside = True
            out.append(False)
            continue
        if text in CLOSE_DOUBLE:
            inside = False
            out.append(False)
            continue
        if text == STRAIGHT_DOUBLE:
            inside = not inside
            out.append(False)
            continue
        out.append(inside)
    return out


def _covering(starts: Sequence[int], spans: Iterable[_Span], key) -> dict[int, set[str]]:
    """Token index (given the tokens' start offsets) -> the set of ``key(span)`` of the spans covering it
    (tokens no span covers are absent)."""
    out: dict[int, set[str]] = defaultdict(set)
    if not starts:
        return out
    for span in spans:
        i = _token_at(starts, span.start)
        while i < len(starts) and starts[i] < span.end:
            out[i].add(key(span))
            i += 1
    return out


def _token_at(starts: Sequence[int], char: int) -> int:
    """Index of the token holding character ``char`` (the last token starting at or before it)."""
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= char:
            lo = mid + 1
        else:
            hi = mid
    return max(0, lo - 1)


def _lemma_counts(doc: Doc) -> Counter:
    return _Tokens(doc).counts()


#: The repetition feature by the lemma's count in the article (buckets < 2, 2, 3-4, 5+).
_REP: tuple[str, ...] = ("rep=0", "rep=0", "rep=1", "rep=2", "rep=2", "rep=3")


def token_features(doc: Doc, sentences: Sequence[_Sentence], lexical: Sequence[_Span],
                   rules: Sequence[_Span]) -> list[list[str]]:
    """The CRF features of every token of ``doc`` (one list of feature strings per token).

    Args:
        doc: the parsed article.
        sentences: its scored sentences (:class:`helpers.rhetoric.SentenceScore`).
        lexical: the lexicon findings (hedge, booster, loaded, fear spans).
        rules: the rule technique spans.

    Returns:
        ``len(doc)`` lists of feature strings (binary features, crfsuite's item format).
    """
    tok = _Tokens(doc)
    n = tok.n
    if n == 0:
        return []
    starts = tok.idx
    lex = _covering(starts, lexical, lambda s: s.category)
    rule = _covering(starts, rules, lambda s: s.label)
    rule_start = _covering(starts, rules, lambda s: f"{s.label}@{s.start}")
    quote = _inside_quotes(doc, tok)
    counts = tok.counts()
    sent_of: list[int | None] = [None] * n
    sent_pos = [0.0] * n
    sent_feats: list[list[str]] = []
    full_text = tok.text
    for k, sent in enumerate(sentences):
        a, b = _token_at(starts, sent.start), _token_at(starts, max(sent.start, sent.end - 1)) + 1
        text = full_text[sent.start:sent.end]
        feats = [f"pol={_bucket(sent.polarity, (-0.3, -0.05, 0.05, 0.3))}",
                 f"subj={_bucket(sent.subjectivity, (0.1, 0.35, 0.6))}",
                 f"slen={_bucket(b - a, (8, 16, 30, 50))}"]
        if text.rstrip().rstrip(OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE + "'\u2019").endswith("?"):
            feats.append("sq")
        if "!" in text:
            feats.append("sx")
        sent_feats.append(feats)
        for i in range(a, min(b, n)):
            sent_of[i] = k
            sent_pos[i] = (i - a) / max(1, b - a)
    words = [tok.lower[i] if tok.alpha[i] or tok.punct[i] else _shape(tok.orth[i]) for i in range(n)]
    poses = tok.pos
    # the strings of the features that depend only on a word or a tag, built once per document
    word_feats = {w: (f"w={w}", (f"w-1={w}", f"w-2={w}"), (f"w+1={w}", f"w+2={w}")) for w in set(words)}
    pos_feats = {p: (f"p={p}", (f"p-1={p}", f"p-2={p}"), (f"p+1={p}", f"p+2={p}"), f"hp={p}") for p in set(poses)}
    base: list[list[str]] = []
    for i in range(n):
        orth, lemma, dep, head = tok.orth[i], tok.lemma[i], tok.dep[i], tok.head[i]
        f = [word_feats[words[i]][0], f"l={lemma}", pos_feats[poses[i]][0], f"t={tok.tag[i]}", f"d={dep}",
             pos_feats[poses[head]][3], f"dh={dep}|{poses[head]}", f"sh={_shape(orth)}"]
        if tok.ent[i]:
            f.append(f"e={tok.ent[i]}")
        if tok.stop[i]:
            f.append("stop")
        if tok.space[i]:
            f.append("space")
        if tok.alpha[i] and not tok.stop[i] and len(orth) > 2:
            f.append(_REP[min(counts[lemma], 5)])
        if dep != "ROOT":
            f.append(f"hl={tok.lemma[head]}")
        base.append(f)
    out: list[list[str]] = []
    for i in range(n):
        f = ["bias", *base[i]]
        for off in range(1, WINDOW + 1):
            if i - off >= 0:
                f += [word_feats[words[i - off]][1][off - 1], pos_feats[poses[i - off]][1][off - 1]]
            else:
                f.append(f"BOS-{off}")
            if i + off < n:
                f += [word_feats[words[i + off]][2][off - 1], pos_feats[poses[i + off]][2][off - 1]]
            else:
                f.append(f"EOS+{off}")
        if i > 0:
            f.append(f"w-1|w={words[i - 1]}|{words[i]}")
        # sorted: the feature order is part of the model file's bytes
        if lex:
            for cat in sorted(lex.get(i, ())):
                f.append(f"lex={cat}")
            for cat in sorted(lex.get(i - 1, ())):
                f.append(f"lex-1={cat}")
            for cat in sorted(lex.get(i + 1, ())):
                f.append(f"lex+1={cat}")
        if i in rule:
            for label in sorted(rule[i]):
                f.append(f"rule={label}")
            if rule_start[i] - rule_start.get(i - 1, set()):
                f.append("rule_begin")
        if quote[i]:
            f.append("inq")
        k = sent_of[i]
        if k is not None:
            f += sent_feats[k]
            f.append(f"spos={_bucket(sent_pos[i], (0.01, 0.2, 0.5, 0.8))}")
        else:
            f.append("nosent")
        f.append(f"apos={_bucket(i / n, (0.1, 0.5, 0.9))}")
        out.append(f)
    return out


def span_features(doc: Doc, start: int, end: int, sentences: Sequence[_Sentence], lexical: Sequence[_Span],
                  rules: Sequence[_Span], counts: Counter | None = None) -> list[str]:
    """The label classifier's features of the character span ``[start, end)`` of ``doc``.

    Returns:
        A list of feature strings (bag of features; repeated words count once).
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return ["bias", "empty"]
    counts = _lemma_counts(doc) if counts is None else counts
    toks = [t for t in span if not t.is_space]
    f = {"bias", f"len={_bucket(len(toks), (2, 3, 5, 9, 16, 30))}"}
    lows = [t.lower_ for t in toks]
    for t in toks:
        f.add(f"w={t.lower_}")
        f.add(f"l={t.lemma_.lower()}")
        f.add(f"p={t.pos_}")
        if t.ent_type_:
            f.add(f"e={t.ent_type_}")
        if t.is_alpha and len(t) > 3:
            padded = f"<{t.lower_}>"
            for k in range(len(padded) - 3):
                f.add(f"c={padded[k:k + 4]}")
        if t.is_alpha and not t.is_stop and len(t) > 2:
            f.add(f"rep={_bucket(counts[t.lemma_.lower()], (2, 3, 5))}")
    for a, b in itertools.pairwise(lows):
        f.add(f"b={a}|{b}")
    if lows:
        f.add(f"first={lows[0]}")
        f.add(f"last={lows[-1]}")
    if all(t.is_upper for t in toks if t.is_alpha) and sum(t.is_alpha for t in toks) >= 2:
        f.add("allcaps")
    if any(t.text.startswith("#") for t in toks):
        f.add("hashtag")
    for k in range(max(0, span.start - SPAN_CONTEXT), span.start):
        f.add(f"pre={doc[k].lower_}")
    if span.end < len(doc):
        f.add(f"post={doc[span.end].lower_}")
    for s in lexical:
        if s.start < end and start < s.end:
            f.add(f"lex={s.category}")
    for s in rules:
        if s.start < end and start < s.end:
            f.add(f"rule={s.label}")
            if s.start <= start and end <= s.end or (min(end, s.end) - max(start, s.start)) > 0.5 * (end - start):
                f.add(f"rulecov={s.label}")
    sent = span.sent
    text = sent.text
    if text.rstrip().rstrip(OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE + "'\u2019").endswith("?"):
        f.add("sq")
    if "!" in text:
        f.add("sx")
    if any(c in text for c in OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE):
        f.add("squote")
    cover = (len(span)) / max(1, len(sent))
    f.add(f"scover={_bucket(cover, (0.2, 0.5, 0.9))}")
    for score in sentences:
        if score.start <= start < score.end:
            f.add(f"pol={_bucket(score.polarity, (-0.3, -0.05, 0.05, 0.3))}")
            f.add(f"subj={_bucket(score.subjectivity, (0.1, 0.35, 0.6))}")
            break
    return sorted(f)


def bio_tags(doc: Doc, gold: Iterable[tuple[int, int]]) -> list[str]:
    """BIO tags of the tokens of ``doc`` for the union of the character intervals ``gold``."""
    inside = [False] * len(doc)
    starts = _Tokens(doc).idx
    for a, b in gold:
        if b <= a or not len(doc):
            continue
        i = _token_at(starts, a)
        while i < len(doc) and starts[i] < b:
            if starts[i] + len(doc[i]) > a:
                inside[i] = True
            i += 1
    tags = []
    for i, flag in enumerate(inside):
        tags.append("O" if not flag else "I" if i and inside[i - 1] else "B")
    return tags


def spans_from_marginals(doc: Doc, probs: Sequence[float], threshold: float) -> list[tuple[int, int, float]]:
    """Character spans of the runs of tokens whose probability of being inside reaches ``threshold``,
    trimmed of punctuation and spaces at both ends, with the run's mean probability.

    A run does not cross a sentence boundary.
    """
    out: list[tuple[int, int, float]] = []
    n = len(doc)
    i = 0
    while i < n:
        if probs[i] < threshold:
            i += 1
            continue
        j = i
        while j + 1 < n and probs[j + 1] >= threshold and not doc[j + 1].is_sent_start:
            j += 1
        a, b = i, j
        while a <= b and (doc[a].is_punct or doc[a].is_space):
            a += 1
        while b >= a and (doc[b].is_punct or doc[b].is_space):
            b -= 1
        if a <= b:
            mean = float(sum(probs[a:b + 1]) / (b - a + 1))
            out.append((doc[a].idx, doc[b].idx + len(doc[b]), mean))
        i = j + 1
    return out


# ----------------------------------------------------------------------------------------------
# The stored models
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LabelModel:
    """The label classifier: feature vocabulary, coefficients (features × labels), intercepts, labels,
    the span threshold of the tagger and the labels whose learned spans are kept beside the rule spans."""

    vocabulary: dict[str, int]
    coef: np.ndarray
    intercept: np.ndarray
    labels: tuple[str, ...]
    span_threshold: float
    learned_labels: frozenset[str]

    def probabilities(self, features: Sequence[str]) -> np.ndarray:
        """Softmax probabilities over :attr:`labels` for one span's features."""
        idx = [self.vocabulary[f] for f in features if f in self.vocabulary]
        z = self.intercept + (self.coef[idx].sum(axis=0) if idx else 0.0)
        z = z - z.max()
        e = np.exp(z)
        return e / e.sum()


@cache
def label_model() -> LabelModel:
    """The stored label classifier (``technique_labels.npz``), loaded once."""
    arrays = resources.model_arrays(LABELS_FILE)
    names = [str(x) for x in arrays["features"]]
    return LabelModel(
        vocabulary={name: k for k, name in enumerate(names)},
        coef=arrays["coef"].astype(np.float64),
        intercept=arrays["intercept"].astype(np.float64),
        labels=tuple(str(x) for x in arrays["labels"]),
        span_threshold=float(arrays["span_threshold"]),
        learned_labels=frozenset(str(x) for x in arrays["learned_labels"]),
    )


@cache
def _tagger_path() -> str:
    return str(resources.model_path(CRF_FILE))


def _tagger() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(_tagger_path())
    return tagger


_TAGGERS: dict[int, pycrfsuite.Tagger] = {}


def crf_tagger() -> pycrfsuite.Tagger:
    """The stored CRF span tagger, opened once per process."""
    pid = os.getpid()
    if pid not in _TAGGERS:
        _TAGGERS[pid] = _tagger()
    return _TAGGERS[pid]


def inside_probabilities(tagger: pycrfsuite.Tagger, features: Sequence[Sequence[str]]) -> list[float]:
    """Per token: the CRF's marginal probability of B or I (inside a technique span), as 1 - P(O)."""
    if not features:
        return []
    tagger.set(pycrfsuite.ItemSequence(features))
    marginal = tagger.marginal
    return [1.0 - marginal("O", i) for i in range(len(features))]


def tag(doc: Doc, sentences: Sequence[_Sentence], lexical: Sequence[_Span],
        rules: Sequence[_Span]) -> list[TaggedSpan]:
    """Technique spans of one article from the stored models (see the module docstring).

    Args:
        doc: the parsed article.
        sentences, lexical, rules: the rule findings of :func:`helpers.rhetoric.analyze_rules`.

    Returns:
        The learned spans whose label is one of the model's ``learned_labels``, each with its score,
        sorted by (start, end); the caller keeps the rule spans beside them.
    """
    model = label_model()
    found = learned_spans(doc, sentences, lexical, rules, crf_tagger(), model, model.span_threshold)
    return [s for s in found if s.label in model.learned_labels]


def learned_spans(doc: Doc, sentences: Sequence[_Sentence], lexical: Sequence[_Span], rules: Sequence[_Span],
                  tagger: pycrfsuite.Tagger, model: LabelModel, threshold: float) -> list[TaggedSpan]:
    """Every span the CRF marks at ``threshold``, labelled by ``model`` (no label filter)."""
    probs = inside_probabilities(tagger, token_features(doc, sentences, lexical, rules))
    counts = _lemma_counts(doc)
    out: list[TaggedSpan] = []
    for start, end, inside in spans_from_marginals(doc, probs, threshold):
        p = model.probabilities(span_features(doc, start, end, sentences, lexical, rules, counts))
        k = int(np.argmax(p))
        out.append(TaggedSpan(start, end, model.labels[k], round(inside * float(p[k]), 4)))
    out.sort(key=lambda s: (s.start, s.end, s.label))
    return out


def card(name: str) -> dict:
    """The card of a model file (``<name>.card.json``)."""
    return resources.model_json(name + CARD_SUFFIX)

