"""Training data and fitting for the learned steps of quote attribution (:mod:`helpers.quotes.models`).

Used by ``scripts/train_quote_models.py`` (the shipped models) and ``benchmarks/bench_quotes.py`` (the
models of each cross-validation fold); nothing here runs during extraction. Gold data are PolNeAR-style
records (Newell et al. 2018): ``{"id", "publisher", "text", "attributions": [{"source": [s, e] | None,
"cue": …, "content": [[s, e], …]}]}`` with character offsets, as in ``../shared/eval/quotes``.

Speaker ranker (:mod:`helpers.quotes.ranker`): for each quotation-marked quote of the rules' draft whose
words lie mostly (:data:`GOLD_SHARE`) in one gold attribution's content and whose speaker the ranker may
change (not the subject of its own speech verb), its candidate mentions are the examples, a candidate
being a yes when its mention overlaps that attribution's source. A pointwise L2 logistic regression
(scikit-learn's ``LogisticRegression``, lbfgs, deterministic) fits them.

Verb-cue classifier (:mod:`helpers.quotes.verbcues`): every verb candidate of the rules' draft (the rules'
own verb reports and one candidate per complement of every other verb), a yes when its quote matches a gold
attribution as the benchmark counts it (:func:`matches_gold`); an L2 logistic regression fits them.
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from .extract import draft_quotes, speaker_steps
from .models import LinearModel, QuoteModels
from .ranker import candidates, is_cue_subject, mention_head
from .records import Quote

#: A quote belongs to a gold attribution holding at least this share of its word characters.
GOLD_SHARE: float = 0.5
#: Inverse L2 strength of the speaker ranker and the verb-cue classifier: scikit-learn's default, fixed
#: before any run (not tuned).
SPEAKER_C: float = 1.0
CUE_C: float = 1.0
#: The verb-cue classifier's threshold: a report is added when the model finds it more likely right than
#: wrong. (F1 alone would take the break-even point, half the F1, about 1/3: cross-validated F1 is the same
#: within the spread over folds at 1/3, 0.4 and 0.5, and 0.5 keeps false speakers out of the source audit.)
CUE_THRESHOLD: float = 0.5
#: Iterations of lbfgs (enough to converge on a few thousand examples).
MAX_ITER: int = 5000
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Example:
    """One candidate of a decision: its features, whether it is right, and the decision it belongs to
    (``group``: article id and the quote's start)."""

    features: Mapping[str, float]
    label: int
    group: tuple[str, int]


def _word_chars(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if _WORD.match(text[i])}


def _overlaps(a: tuple[int, int], b: Sequence[int]) -> bool:
    return max(a[0], b[0]) < min(a[1], b[1])


def gold_of(record: Mapping[str, Any], start: int, end: int) -> Mapping[str, Any] | None:
    """The gold attribution (with a source) whose content holds the largest share of the word characters
    of ``[start, end)``, when that share is at least :data:`GOLD_SHARE`; else None."""
    text = record["text"]
    chars = _word_chars(text, start, end)
    if not chars:
        return None
    best, best_share = None, 0.0
    for g in record["attributions"]:
        if g.get("source") is None:
            continue
        inside = sum(1 for s, e in g["content"] for i in range(max(s, start), min(e, end)) if i in chars)
        share = inside / len(chars)
        if share > best_share:
            best, best_share = g, share
    return best if best_share >= GOLD_SHARE else None


def speaker_examples(record: Mapping[str, Any], doc: Doc) -> list[Example]:
    """The speaker ranker's examples of one article (see the module docstring)."""
    draft = draft_quotes(doc)
    out: list[Example] = []
    for q, previous in speaker_steps(draft):
        gold = gold_of(record, q.start, q.end)
        if gold is None:
            continue
        rule = mention_head(draft.art, q.speaker_start, q.speaker_end)
        if rule is not None and is_cue_subject(draft.art, q, rule):
            continue  # the ranker keeps the subject of the quote's speech verb: no decision to learn
        cands = candidates(draft.art, q, rule, previous)
        labels = [int(_overlaps((c.resolution.start, c.resolution.end), gold["source"])) for c in cands]
        if not any(labels):
            continue
        out.extend(Example(c.features, y, (record["id"], q.start)) for c, y in zip(cands, labels))
    return out


def matches_gold(record: Mapping[str, Any], q: Quote) -> bool:
    """Whether a quote matches a gold attribution as the benchmark counts it: at least half of its word
    characters in the gold content and at least half of the gold content's in it, and a speaker mention
    overlapping the gold source."""
    if q.speaker_start is None or q.speaker_end is None:
        return False
    text = record["text"]
    chars = _word_chars(text, q.start, q.end)
    for g in record["attributions"]:
        if g.get("source") is None or not _overlaps((q.speaker_start, q.speaker_end), g["source"]):
            continue
        gold = set().union(*(_word_chars(text, s, e) for s, e in g["content"]))
        inter = len(chars & gold)
        if inter and 2 * inter >= len(chars) and 2 * inter >= len(gold):
            return True
    return False


def cue_examples(record: Mapping[str, Any], doc: Doc) -> list[Example]:
    """The verb-cue classifier's examples of one article: every verb candidate of the rules' draft, a yes
    when its quote matches a gold attribution (:func:`matches_gold`)."""
    draft = draft_quotes(doc, candidates=True)
    return [Example(c.features, int(matches_gold(record, c.quote)), (record["id"], c.verb.i))
            for c in draft.verb_candidates]


def fit_linear(examples: Sequence[Example], c: float, threshold: float = 0.5) -> LinearModel:
    """An L2 logistic regression over the examples' features (scikit-learn, lbfgs; deterministic).

    Raises:
        ValueError: when the examples hold only one class.
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    labels = [e.label for e in examples]
    if len(set(labels)) < 2:
        raise ValueError("training examples hold only one class")
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([dict(e.features) for e in examples])
    reg = LogisticRegression(C=c, max_iter=MAX_ITER, solver="lbfgs").fit(x, labels)
    names = vec.get_feature_names_out()
    weights = {str(n): float(w) for n, w in zip(names, reg.coef_[0]) if w != 0.0}
    return LinearModel(weights, float(reg.intercept_[0]), threshold)


@dataclass
class ArticleExamples:
    """The examples of one article for each learned step."""

    article: str
    speaker: list[Example]
    cue: list[Example]


def article_examples(records: Sequence[Mapping[str, Any]], docs: Sequence[Doc]) -> list[ArticleExamples]:
    """The examples of every article (computed once, reused by every fold)."""
    return [ArticleExamples(r["id"], speaker_examples(r, d), cue_examples(r, d)) for r, d in zip(records, docs)]


def fit_models(examples: Iterable[ArticleExamples], steps: Sequence[str] = ("speaker", "cue")) -> QuoteModels:
    """The learned steps named in ``steps`` fitted on the examples of the given articles."""
    examples = list(examples)
    speaker = fit_linear([e for a in examples for e in a.speaker], SPEAKER_C) if "speaker" in steps else None
    cue = fit_linear([e for a in examples for e in a.cue], CUE_C, CUE_THRESHOLD) if "cue" in steps else None
    return QuoteModels(speaker=speaker, cue=cue)


def folds(records: Sequence[Mapping[str, Any]], k: int, seed: int) -> dict[str, int]:
    """Article id -> fold (0..k-1): each publisher's articles, sorted by id and shuffled with ``seed``, dealt
    round the folds in turn (so every fold holds every publisher)."""
    by_publisher: dict[str, list[str]] = {}
    for rec in records:
        by_publisher.setdefault(rec.get("publisher", ""), []).append(rec["id"])
    rng = random.Random(seed)
    out: dict[str, int] = {}
    turn = 0
    for publisher in sorted(by_publisher):
        ids = sorted(by_publisher[publisher])
        rng.shuffle(ids)
        for article in ids:
            out[article] = turn % k
            turn += 1
    return out
