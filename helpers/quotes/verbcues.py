"""A learned attribution classifier for verbs: which verb–complement pairs report a source's words or stance.

PolNeAR (Newell et al. 2018) attributes content to a source through almost any verb whose subject speaks,
believes, supports, rates or documents something ("Trump openly admires Putin as a strong leader", "the
poll indicates a tightening race"); each such verb is rare, so a word list does not carry over to unseen
articles. Here every verb with a subject outside quotation marks yields candidates, one per complement
(that-clause, other clausal complement, ``to``-infinitive, gerund, direct object with its predicate,
prepositional object), and a logistic regression scores each (after Pareti 2016, "PARC 3.0", and Newell et
al.'s attribution classifiers: lexical, syntactic and source features): the verb's lemma and word-list hits
(:mod:`helpers.quotes.lexicon`), the complement type, the subject's type, tense, modality, negation and
voice, the verb's own role in the sentence, the content's length and form. A verb the rules already read as
a cue keeps the rules' content (:mod:`helpers.quotes.indirect`) and the model scores that report instead.

Decisions (:func:`apply_model`): a rule report is kept when its probability reaches the model's threshold;
of a verb the rules left alone, the best candidate is added when it does. Weights: ``quote_cue.json``
(:mod:`helpers.quotes.models`), trained by ``scripts/train_quote_models.py``.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from helpers.text import QUOTE_MARKS

from .article import Article
from .indirect import MIN_CONTENT_WORDS, OBJECT_PREPOSITIONS, Coverage, clause_end, content_quote
from .lexicon import (
    attitude_verb_classes,
    infinitive_cues,
    light_verbs,
    np_content_verbs,
    prepositional_cues,
    reporting_verbs,
    stance_verbs,
)
from .models import LinearModel
from .records import Quote
from .speakers import attribute
from .syntax import span_head, subject_of, trim

#: Words opening an indirect question or a free relative as content ("asked what …", "explained how …").
_WH_WORDS = frozenset({"what", "how", "why", "whether", "who", "which", "when", "where", "if"})


@dataclass
class VerbCandidate:
    """One reading of a verb as an attribution cue: its quote (content, cue, speaker), the features, and
    whether the rules made it."""

    verb: Token
    quote: Quote
    features: dict[str, float]
    rule: bool


def _has_to(tok: Token) -> bool:
    return any(g.dep_ == "aux" and g.lower_ == "to" for g in tok.children)


def complements(tok: Token) -> Iterator[tuple[str, int, int]]:
    """(type, first token, last token) of each complement after a verb that may be reported content."""
    for c in tok.children:
        if c.i < tok.i:
            continue
        if c.dep_ == "ccomp":
            that = any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
            yield ("ccomp_that" if that else "ccomp"), c.left_edge.i, clause_end(c)
        elif c.dep_ == "xcomp":
            kind = "xcomp_to" if _has_to(c) else "xcomp_ing" if c.tag_ == "VBG" else "xcomp"
            yield kind, c.left_edge.i, c.right_edge.i
        elif c.dep_ == "dobj":
            preds = [d for d in tok.children if d.dep_ == "oprd"
                     or (d.dep_ == "prep" and d.i > c.i and d.lower_ in OBJECT_PREPOSITIONS)]
            last = max([c.right_edge.i] + [d.right_edge.i for d in preds])
            yield ("dobj_pred" if preds else "dobj"), c.left_edge.i, last
        elif c.dep_ == "prep":
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                yield "prep_" + c.lower_, objs[0].left_edge.i, objs[0].right_edge.i


def _rule_type(tok: Token, q: Quote) -> str:
    """The complement type of a rule report: the arc from the cue verb to the content's head."""
    head = tok.doc[q.root] if q.root is not None else None
    if head is None:
        return "rule_other"
    if head.head.i == tok.i:
        if head.dep_ == "ccomp":
            return "ccomp_that" if any(g.dep_ == "mark" and g.lower_ == "that" for g in head.children) else "ccomp"
        return head.dep_
    if head.head.head.i == tok.i and head.head.dep_ == "prep":
        return "prep_" + head.head.lower_
    return "rule_other"


def features(art: Article, tok: Token, q: Quote, subj: Token, kind: str, rule: bool) -> dict[str, float]:
    """The features of one verb candidate (see the module docstring)."""
    lemma = tok.lemma_.lower()
    cls = "speech" if lemma in reporting_verbs() else "stance" if lemma in stance_verbs() else "other"
    group = kind.split("_")[0]
    first, end = art.token_range(q.start, q.end)
    content = art.doc[first:end]
    f: dict[str, float] = {
        "lemma=" + lemma: 1.0,
        "class=" + cls: 1.0,
        "comp=" + kind: 1.0,
        f"class&comp={cls}&{group}": 1.0,
        "tag=" + tok.tag_: 1.0,
        "dep=" + tok.dep_: 1.0,
        "subj_type=" + str(q.speaker_type): 1.0,
        "subj_pos=" + subj.pos_: 1.0,
        "words": math.log1p(len(content)),
    }
    if kind.startswith("prep_"):
        f["prep=" + kind[5:]] = 1.0
        if kind[5:] in prepositional_cues().get(lemma, ()):
            f["listed_preposition"] = 1.0
    if rule:
        f["rule"] = 1.0
        f["rule&class=" + cls] = 1.0
    for verb_class in attitude_verb_classes().get(lemma, ()):
        f["verb_class=" + verb_class] = 1.0
        f[f"verb_class&comp={verb_class}&{group}"] = 1.0
    for name, words in (("np_content", np_content_verbs()), ("infinitive", infinitive_cues()),
                        ("light", light_verbs())):
        if lemma in words:
            f["list=" + name] = 1.0
    if subj.ent_type_:
        f["subj_ent=" + subj.ent_type_] = 1.0
    if subj.pos_ == "PRON":
        f["subj_pron=" + subj.lower_] = 1.0
    if subj.head.i != tok.i:
        f["subj_climbed"] = 1.0
    if q.speaker in art.people.people:
        f["subj_person"] = 1.0
    children = list(tok.children)
    if any(c.dep_ == "neg" for c in children):
        f["negated"] = 1.0
    if any(c.tag_ == "MD" for c in children):
        f["modal"] = 1.0
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in children):
        f["passive"] = 1.0
    if len(content):
        first = content[0]
        if first.lower_ in _WH_WORDS:
            f["content_wh"] = 1.0
        if first.lower_ == "that" and first.dep_ == "mark":
            f["content_that"] = 1.0
        head = span_head(art.doc, content.start, content.end - 1)
        if head is not None:
            f["content_head=" + head.pos_] = 1.0
            if head.ent_type_:
                f["content_ent=" + head.ent_type_] = 1.0
        if len(content) == 1 and first.pos_ == "PRON":
            f["content_pronoun"] = 1.0
    if any(ch in QUOTE_MARKS for ch in q.quote):
        f["content_quoted"] = 1.0
    return f


def verb_candidates(art: Article, rule_reports: list[Quote], covered: Coverage, taken: Coverage,
                    titles: list[tuple[int, int]] = ()) -> list[VerbCandidate]:
    """Every verb candidate of an article.

    Args:
        art: the article.
        rule_reports: the reports of the rules (their cue offsets name their verbs).
        covered: the direct quotes' spans (content mostly inside them is left to them).
        taken: the spans of every report of the rules (a new candidate mostly inside one is left out).
        titles: character spans of titles of works in quotation marks (a candidate holding one is left
            out: 'wrote the book "The Long Road Home"' reports nothing).

    Returns:
        The rules' reports cued by a verb, then one candidate per complement of every other verb with a
        subject outside quotation marks.
    """
    doc = art.doc
    by_cue: dict[int, list[Quote]] = {}
    for q in rule_reports:
        if q.cue_start is not None:
            by_cue.setdefault(q.cue_start, []).append(q)
    out: list[VerbCandidate] = []
    for i in art.verbs:
        tok = doc[i]
        reports = by_cue.get(tok.idx)
        subj = subject_of(tok, art.inside)
        if subj is None:
            continue
        if reports:
            for q in reports:
                out.append(VerbCandidate(tok, q, features(art, tok, q, subj, _rule_type(tok, q), True), True))
            continue
        cue = {"cue": tok.text, "cue_start": tok.idx, "cue_end": tok.idx + len(tok)}
        speech = tok.lemma_.lower() in reporting_verbs()
        for kind, first, last in complements(tok):
            if kind == "prep_about" and not speech:
                continue  # "thinks about the deal" reports nothing (an "about" object is a speech verb's only)
            bounds = trim(doc, first, last)
            if bounds is None or bounds[0] <= subj.i <= bounds[1]:
                continue
            head = span_head(doc, *bounds)
            q = content_quote(art, first, last, covered, MIN_CONTENT_WORDS, root=head.i if head else None, **cue)
            if q is None or taken.covers(q.start, q.end) or any(a < q.end and q.start < b for a, b in titles):
                continue
            attribute(art, q, subj)
            out.append(VerbCandidate(tok, q, features(art, tok, q, subj, kind, False), False))
    return out


def _overlap_share(a: Quote, b: Quote) -> float:
    inter = max(0, min(a.end, b.end) - max(a.start, b.start))
    return inter / max(1, min(a.end - a.start, b.end - b.start))


def apply_model(candidates: list[VerbCandidate], model: LinearModel,
                veto: bool = False) -> tuple[list[Quote], list[Quote]]:
    """(kept rule reports, added reports): of the candidates of a verb the rules left alone, the most
    probable is added when the model's probability reaches its threshold; with ``veto`` a rule report stays
    only when its probability does too."""
    kept: list[Quote] = []
    best: dict[int, tuple[float, Quote]] = {}
    for c in candidates:
        if c.rule:
            if not veto or model.probability(c.features) >= model.threshold:
                kept.append(c.quote)
            continue
        p = model.probability(c.features)
        if p >= model.threshold and (c.verb.i not in best or p > best[c.verb.i][0]):
            best[c.verb.i] = (p, c.quote)
    added: list[Quote] = []
    for _, q in sorted(best.values(), key=lambda pq: -pq[0]):
        if all(_overlap_share(q, other) <= 0.5 for other in added):
            added.append(q)
    return kept, added
