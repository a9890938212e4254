"""Reading cues off the dependency parse: cue verbs, their subjects, "according to", spans to trim."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from .lexicon import reporting_verbs, stance_verbs

#: Dependency labels of a verb's subject (the speaker of a cue verb).
_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
#: Arcs climbed from a cue verb to the verb whose subject it shares ("went on to say", "said and added").
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "ccomp"})
#: Levels of verbs climbed looking for a cue's subject.
MAX_SUBJECT_CLIMB: int = 4


def is_cue(tok: Token, stance: bool = False) -> bool:
    """Whether a token is a cue verb: a speech verb, or with ``stance`` also a belief or stance verb."""
    if tok.pos_ != "VERB":
        return False
    lemma = tok.lemma_.lower()
    return lemma in reporting_verbs() or (stance and lemma in stance_verbs())


def subject_of(verb: Token, inside: Sequence[bool] | None = None) -> Token | None:
    """The subject of a cue verb, climbing through participles, infinitives and conjuncts.

    Subjects inside quotation marks (``inside[i]`` true) are skipped: they belong to the quoted words.
    "… by telling them that …", "… after saying that …" take the subject of the governing verb.
    """
    v = verb
    for _ in range(MAX_SUBJECT_CLIMB):
        for child in v.children:
            if child.dep_ in _SUBJECT_DEPS and not (inside is not None and inside[child.i] and not inside[verb.i]):
                return child
        if v.dep_ in _CLIMB_DEPS and v.head is not v and v.head.pos_ in ("VERB", "AUX"):
            v = v.head
            continue
        if v.dep_ == "pcomp" and v.head.pos_ == "ADP" and v.head.head.pos_ in ("VERB", "AUX") \
                and v.head.dep_ == "prep":
            v = v.head.head
            continue
        if v.dep_ == "acl" and v.head.pos_ == "NOUN":
            # "issued a statement calling the test …": the subject of the verb whose object the noun is;
            # "protesters calling for …": the noun itself
            if v.head.dep_ in ("nsubj", "nsubjpass") and not (inside is not None and inside[v.head.i]):
                return v.head
            if v.head.dep_ == "dobj" and v.head.head.pos_ in ("VERB", "AUX"):
                v = v.head.head
                continue
        break
    return None


def according_pobj(tok: Token) -> Token | None:
    """For the token "according" of "according to X", the object X; else None."""
    if tok.lower_ != "according":
        return None
    for child in tok.children:
        if child.lower_ == "to":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for grand in nxt.children:
            if grand.dep_ == "pobj":
                return grand
    return None


def governs(root: Token, cue: Token, max_hops: int = 3, through_verbs: bool = False) -> int | None:
    """The number of arcs from ``root`` up to ``cue`` when ``cue`` dominates ``root`` within ``max_hops``
    arcs (with no other verb in between unless ``through_verbs``); else None."""
    tok = root
    for hops in range(1, max_hops + 1):
        if tok.head is tok:
            return None
        tok = tok.head
        if tok == cue:
            return hops
        if tok.pos_ in ("VERB", "AUX") and not through_verbs:
            return None
    return None


def trim(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Token range ``first..last`` without punctuation and blanks at its ends (nor a leading "that"
    complementiser); None when nothing is left."""
    while first <= last and (doc[first].is_punct or doc[first].is_space or doc[first].lower_ == "that"
                             and doc[first].dep_ == "mark"):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return (first, last) if first <= last else None


def span_head(doc: Doc, first: int, last: int) -> Token | None:
    """The first token of ``first..last`` whose head lies outside the range (the range's syntactic head)."""
    for t in doc[first:last + 1]:
        if not (first <= t.head.i <= last) or t.head is t:
            return t
    return None
