"""A learned speaker ranker for quotation-marked quotes: which mention around the quote is its source.

The rules (:mod:`helpers.quotes.direct`) take the subject of the cue verb governing the quote, and a quote
without a cue the speaker of the quote before it or the nearest named person. The ranker scores every
candidate mention around the quote instead (nouns, proper nouns and pronouns outside quotation marks in
the quote's sentences and the sentence before and after it) with a logistic regression over features of
the mention-ranking models of coreference and quotation attribution (Elson & McKeown 2010, "Automatic
attribution of quoted speech in literary narrative"; Pareti, O'Keefe et al. 2013, "Automatically detecting
and attributing indirect quotations"): the rule's choice, syntactic role (subject of a speech verb, object of
"according to"), position and distance, same sentence or paragraph, pronoun / name / title, speaker type,
salience (how often the person is named before). The best-scoring candidate is the speaker; when it is the
subject of another speech verb, that verb is the cue. Weights: ``quote_speaker.json``
(:mod:`helpers.quotes.models`), trained by ``scripts/train_quote_models.py``.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass

from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Token

from .article import Article
from .lexicon import anonymous_nouns, non_human_sources, organisation_nouns, person_titles, unspecified_sources
from .models import LinearModel
from .records import Quote
from .speakers import Resolution, attribute, resolve
from .syntax import according_pobj, is_cue, subject_of

#: Parts of speech of a candidate mention's head (and their ids in the parse's arrays).
_CANDIDATE_POS = frozenset({"PROPN", "NOUN", "PRON"})
_CANDIDATE_POS_IDS = frozenset({PROPN, NOUN, PRON})
#: Dependency labels of tokens inside a noun phrase that are no head of their own.
_NON_HEAD_DEPS = frozenset({"compound", "amod", "det", "nummod", "flat"})
#: Entity labels of a mention that may speak (a person, a body, a place standing for its government, a group).
_SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
#: Candidates looked at per quote, nearest first: bounds the work on very long sentences.
MAX_CANDIDATES: int = 10


@dataclass
class Candidate:
    """One candidate mention: its head token, its resolution and its features; ``verb`` is the speech verb
    it is the subject of (or "according" whose object it is), if any."""

    tok: Token
    resolution: Resolution
    features: dict[str, float]
    verb: Token | None = None


def mention_head(art: Article, start: int | None, end: int | None) -> Token | None:
    """The head token of a speaker mention at characters ``[start, end)`` (None when there is none)."""
    if start is None or end is None:
        return None
    span = art.tokens(start, end)
    if not len(span):
        return None
    return span.root if hasattr(span, "root") else span[0]


def _window(art: Article, q: Quote) -> tuple[int, int, int, int] | None:
    """(window start, window end, quote's first token, quote's last token + 1): the quote's sentences and
    one sentence on each side."""
    toks = art.tokens(q.start, q.end)
    if not len(toks):
        return None
    doc = art.doc
    first, last = toks[0].sent, toks[-1].sent
    lo = doc[first.start - 1].sent.start if first.start > 0 else 0
    hi = doc[last.end].sent.end if last.end < len(doc) else len(doc)
    return lo, hi, toks[0].i, toks[-1].i + 1


def verb_subjects(art: Article) -> dict[int, tuple[Token, str]]:
    """Token index -> (verb, kind) for the subjects of the article's speech verbs (``speech``), belief verbs
    (``stance``) and other verbs (``verb``) and the objects of "according to" (``according``) outside
    quotation marks; a speech verb wins over the others. Read once per article."""
    known = art.resolved.get("verb_subjects")
    if known is not None:
        return known
    out: dict[int, tuple[Token, str]] = {}
    rank = {"speech": 0, "according": 1, "stance": 2, "verb": 3}
    doc = art.doc
    according = [t.i for t in doc if t.lower_ == "according" and not art.inside[t.i]] \
        if "according" in art.text.lower() else []
    for i in art.verbs + according:
        tok = doc[i]
        if tok.pos_ == "VERB":
            kind = "speech" if is_cue(tok) else "stance" if is_cue(tok, stance=True) else "verb"
            found = (subject_of(tok, art.inside) if kind != "verb" else
                     next((c for c in tok.children if c.dep_ == "nsubj"), None), kind)
        else:
            found = (according_pobj(tok), "according")
        if found[0] is not None:
            subj, kind = found
            previous = out.get(subj.i)
            if previous is None or rank[kind] < rank[previous[1]]:
                out[subj.i] = (tok, kind)
    art.resolved["verb_subjects"] = out
    return out


def _is_head(tok: Token) -> bool:
    return tok.pos_ in _CANDIDATE_POS and tok.dep_ not in _NON_HEAD_DEPS and not tok.is_punct


def candidates(art: Article, q: Quote, rule: Token | None, previous: Token | None) -> list[Candidate]:
    """The candidate speaker mentions of a quote with their features.

    Args:
        art: the article.
        q: a direct or partial quote.
        rule: the head of the speaker mention the rules chose (None when they chose none).
        previous: the head of the speaker mention of the quote before in the same paragraph, if any.

    Returns:
        Candidates nearest the quote first (at most :data:`MAX_CANDIDATES`, plus the rule's and the
        previous quote's choice wherever they are).
    """
    win = _window(art, q)
    if win is None:
        return []
    lo, hi, q_first, q_end = win
    doc, text = art.doc, art.text
    subjects = verb_subjects(art)
    pos = art.pos
    heads = [doc[i] for i in range(lo, hi) if pos[i] in _CANDIDATE_POS_IDS and not art.inside[i]]
    heads = [t for t in heads if _is_head(t)]
    heads.sort(key=lambda t: min(abs(t.i - q_first), abs(t.i - (q_end - 1))))
    heads = heads[:MAX_CANDIDATES]
    for extra in (rule, previous):
        if extra is not None and all(extra.i != t.i for t in heads):
            heads.append(extra)
    q_sents = (art.sentence_index(q_first), art.sentence_index(q_end - 1))
    people = art.people
    nearest_side: dict[str, int] = {}
    nearest_person: int | None = None
    out: list[Candidate] = []
    for tok in heads:
        before = tok.i < q_first
        side = "before" if before else "after"
        gap = q_first - tok.i if before else max(0, tok.i - q_end + 1)
        res = resolve(art, tok)
        person = res.speaker is not None and res.speaker in people.people
        sent = art.sentence_index(tok.i)
        between = text[tok.idx:q.start] if before else text[q.end:tok.idx]
        f: dict[str, float] = {
            "dist": math.log1p(gap),
            side: 1.0,
            "dep=" + tok.dep_: 1.0,
            "pos=" + tok.pos_: 1.0,
            "stype=" + str(res.speaker_type): 1.0,
        }
        if tok.ent_type_:
            f["ent=" + tok.ent_type_] = 1.0
        if tok.pos_ == "PRON":
            f["pron=" + tok.lower_] = 1.0
        if q_sents[0] <= sent <= q_sents[1]:
            f["same_sent"] = 1.0
        else:
            f["prev_sent" if before else "next_sent"] = 1.0
        if "\n" in between:
            f["other_paragraph"] = 1.0
        if side not in nearest_side:
            nearest_side[side] = tok.i
            f["nearest_" + side] = 1.0
        if person:
            f["person"] = 1.0
            f["mentions"] = math.log1p(bisect_left(people.mentions_of.get(res.speaker, []), tok.i))
            if nearest_person is None:
                nearest_person = tok.i
                f["nearest_person"] = 1.0
        verb = None
        if tok.i in subjects:
            verb, kind = subjects[tok.i]
            f["subj=" + kind] = 1.0
            if kind == "speech" and q.cue_start is not None and verb.idx == q.cue_start:
                f["subj_of_cue"] = 1.0
        elif tok.head.pos_ == "VERB" and is_cue(tok.head):
            f["head_speech_verb"] = 1.0
        if tok.text.isupper() and len(tok.text) > 1 and tok.pos_ == "PROPN":
            f["capitals"] = 1.0
        if tok.i == 0 or "\n" in doc[tok.i - 1].text or doc[tok.i - 1].is_space:
            f["paragraph_start"] = 1.0
        if tok.tag_ in ("WP", "WDT"):
            f["relative"] = 1.0
        if rule is not None and tok.i == rule.i:
            f["rule"] = 1.0
        if previous is not None and tok.i == previous.i:
            f["previous_speaker"] = 1.0
        if rule is None:
            for key in ("person", "same_sent", "subj=speech", "nearest_person", "previous_speaker"):
                if key in f:
                    f["no_rule&" + key] = 1.0
        if "rule" in f:
            f["rule&kind=" + q.kind] = 1.0
        out.append(Candidate(tok, res, {k: v for k, v in f.items() if v}, verb if verb is not None and
                             subjects[tok.i][1] in ("speech", "according") else None))
    return out


def is_cue_subject(art: Article, q: Quote, tok: Token) -> bool:
    """Whether ``tok`` is the subject of the speech verb that is the quote's cue (the grammar's own answer,
    which the ranker keeps)."""
    found = verb_subjects(art).get(tok.i)
    return found is not None and found[1] == "speech" and q.cue_start is not None and found[0].idx == q.cue_start


def _speaker_like(c: Candidate) -> bool:
    """Whether a candidate may speak a quote the rules found no cue or speaker for: a named person, the
    previous quote's speaker, a personal pronoun, the subject of a speech verb or object of "according to",
    a named body or group, or a noun of the lists of sources, bodies and titles (a plain noun nearby, "The
    crowd was large.", or a date is no speaker)."""
    f, tok = c.features, c.tok
    if f.get("person") or f.get("previous_speaker") or f.get("subj=speech") or f.get("subj=according"):
        return True
    if tok.pos_ == "PRON":
        return tok.tag_ == "PRP"
    lemma = tok.lemma_.lower()
    return tok.ent_type_ in _SPEAKER_ENTITIES or lemma in person_titles() or any(
        lemma in words for words in (anonymous_nouns(), non_human_sources(), unspecified_sources(),
                                     organisation_nouns()))


def rank_speaker(art: Article, q: Quote, model: LinearModel, previous: Token | None) -> Token | None:
    """Give ``q`` the best-scoring candidate as its speaker (and that candidate's speech verb as the cue
    when it is the subject of one). A speaker the rules took as the subject of the quote's speech verb stays
    (:func:`is_cue_subject`); a quote the rules gave no speaker chooses among speaker-like candidates only
    (:func:`_speaker_like`). ``q`` is changed in place.

    Returns:
        The head of the chosen speaker mention (None when the quote has no candidate).
    """
    rule = mention_head(art, q.speaker_start, q.speaker_end)
    if rule is not None and is_cue_subject(art, q, rule):
        return rule
    cands = candidates(art, q, rule, previous)
    if rule is None:
        cands = [c for c in cands if _speaker_like(c)]
    if not cands:
        return rule
    best = max(cands, key=lambda c: (model.score(c.features), -abs(c.tok.i - (rule.i if rule else c.tok.i))))
    if rule is not None and best.tok.i == rule.i:
        return rule
    attribute(art, q, best.tok)
    if best.verb is not None:
        verb = best.verb
        end = verb.idx + len(verb)
        if verb.lower_ == "according" and verb.i + 1 < len(art.doc):
            end = verb.nbor(1).idx + len(verb.nbor(1))
        q.cue, q.cue_start, q.cue_end = art.text[verb.idx:end], verb.idx, end
    return best.tok
