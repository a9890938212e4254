"""Reported speech and beliefs outside quotation marks, read from the dependency parse.

After Krestel, Bergler & Witte (2008), "Minding the source: automatic tagging of reported speech in
newspaper articles": the content of a report is the clausal complement (``ccomp``) of a reporting verb,
its speaker the verb's subject. Further content patterns, each a function below:

- the ``to``-infinitive of intention verbs ("wants to …"), a gerund complement ("suggested looking …");
- parser slips around "that": a that-clause read as a relative clause of the object ("told leaders that
  …") or as an adverbial clause;
- the sentence around a parenthetical cue ("The plan, he said, would fail");
- the paragraph after "X added:" that is not in quotation marks;
- the object of "about" ("complained about …"), of "for" ("called for …"), and the object and its
  predicate for verbs like "called X a hoax", "cited …" (``np_content_verbs.txt``);
- the clause governed by "according to X";
- the that-clause of a reporting noun with a possessor ("his claim that …").

Content more than half covered by a direct quote is left to it; the speaker must exist (a verb with no
subject reports nothing); each content span is recorded once.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from spacy.tokens import Token

from helpers.text import QUOTE_MARKS, count_words

from .article import Article
from .lexicon import (
    infinitive_cues,
    light_verbs,
    nominal_cues,
    np_content_verbs,
    prepositional_cues,
    reporting_verbs,
)
from .records import Quote
from .speakers import attribute
from .syntax import according_pobj, is_cue, span_head, subject_of, trim

#: Reported content shorter than this many words is no report ("said so"); "according to" needs one more
#: (a bare "according to X, yes" is no clause).
MIN_CONTENT_WORDS: int = 2
MIN_ACCORDING_WORDS: int = 3
#: A content span more than this share of whose characters lie in direct quotes is left to them.
MAX_COVERED_SHARE: float = 0.5
#: Prepositions after the object of a cue verb that belong to the reported content: "described X as Y",
#: "accused X of Y", "blamed X for Y", "charged X with Y".
OBJECT_PREPOSITIONS = frozenset({"as", "of", "for", "with"})
#: Dependency labels between a cue verb and a following colon ("Limbaugh added on Monday:").
_COLON_GAP_DEPS = frozenset({"npadvmod", "advmod", "prep", "pobj"})

#: A content candidate: (first token, last token, whether the speaker may lie inside the content).
Candidate = tuple[int, int, bool]


class Coverage:
    """Character spans of direct quotes, asked whether a content span is mostly covered by them."""

    def __init__(self, taken: list[tuple[int, int]]):
        self.taken = sorted(taken)
        self.starts = [s for s, _ in self.taken]

    def covers(self, a: int, b: int) -> bool:
        """Whether more than :data:`MAX_COVERED_SHARE` of characters ``[a, b)`` lie in the spans."""
        inside = 0
        for k in range(bisect_left(self.starts, b) - 1, -1, -1):  # quote spans are disjoint and sorted
            s, e = self.taken[k]
            if e <= a:
                break
            inside += max(0, min(b, e) - max(a, s))
        return inside > MAX_COVERED_SHARE * (b - a)


def _has_that(tok: Token) -> bool:
    return any(g.dep_ == "mark" and g.lower_ == "that" for g in tok.children)


def _complements(tok: Token, lemma: str) -> list[Token]:
    """Heads of the clauses a cue verb reports: its ``ccomp``; the ``to``-infinitive of an intention verb;
    a gerund complement ("denied having …"); or, for a speech verb the parser slipped on, a that-clause
    read as a relative clause of the object ("told leaders that few people understood": a real relative
    clause has no "that" marker) or as an adverbial clause with a subject ("said after X he would …")."""
    comps = [c for c in tok.children if c.dep_ == "ccomp"]
    if not comps and lemma in infinitive_cues():
        comps = [c for c in tok.children if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to"
                                                                       for g in c.children)]
    if comps or lemma not in reporting_verbs():
        return comps
    comps = [c for c in tok.children if c.dep_ == "xcomp" and c.tag_ == "VBG"]
    if comps:
        return comps
    comps = [g for c in tok.children if c.dep_ in ("dobj", "dative") for g in c.children
             if g.dep_ in ("relcl", "acl") and _has_that(g)]
    return comps or [c for c in tok.children if c.dep_ == "advcl" and c.i > tok.i
                     and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
                     and not any(g.dep_ == "mark" and g.lower_ != "that" for g in c.children)]


def clause_end(comp: Token) -> int:
    """The last token of a reported clause: its subtree, cut before a conjoined cue verb with no subject of
    its own ("said he would order a review and warned against …": the warning is another report)."""
    right = comp.right_edge.i
    for c in comp.children:
        if c.dep_ == "conj" and c.i > comp.i and is_cue(c, stance=True) \
                and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
            k = c.left_edge.i - 1
            while k > comp.i and comp.doc[k].dep_ in ("cc", "punct"):
                k -= 1
            right = min(right, k)
    return right


def _parenthetical(tok: Token) -> Candidate | None:
    """"The plan, he said, would fail.": the sentence around a parenthetical speech verb."""
    skip = {t.i for t in tok.subtree}
    idx = [t.i for t in tok.head.subtree if t.i not in skip]
    return (min(idx), max(idx), True) if idx else None


def _colon_paragraph(art: Article, tok: Token) -> Candidate | None:
    """"Limbaugh added:" closing a paragraph: the next paragraph, when it is not in quotation marks."""
    doc, text = art.doc, art.text
    k = tok.i + 1
    while k < len(doc) and not doc[k].is_space and doc[k].dep_ in _COLON_GAP_DEPS:
        k += 1
    if not (k + 1 < len(doc) and doc[k].text == ":" and "\n" in doc[k + 1].text) or k + 2 >= len(doc):
        return None
    para = doc[k + 2].sent
    if para.text.strip()[:1] in QUOTE_MARKS or art.inside[para.start]:
        return None
    line_end = text.find("\n", para.start_char)
    block = doc.char_span(para.start_char, len(text) if line_end < 0 else line_end, alignment_mode="contract")
    return (block.start, block.end - 1, True) if block is not None and len(block) else None


def _prep_object(tok: Token, preposition: str) -> Candidate | None:
    """The object of a preposition after the verb: "complained about his mic", "called for talks"."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == preposition and prep.i > tok.i:
            objs = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                return objs[0].left_edge.i, objs[0].right_edge.i, False
    return None


def _object_content(tok: Token) -> Candidate | None:
    """"called climate change a hoax", "accused the GOP of stoking …": the object with its predicate and
    the prepositional phrases of :data:`OBJECT_PREPOSITIONS` after it."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    if not objs:
        return None
    preds = [c for c in tok.children if c.dep_ == "oprd"
             or (c.dep_ == "prep" and c.i > objs[0].i and c.lower_ in OBJECT_PREPOSITIONS)]
    return objs[0].left_edge.i, max([objs[0].right_edge.i] + [c.right_edge.i for c in preds]), False


def _verb_candidates(art: Article, tok: Token) -> Iterator[Candidate]:
    """The content candidates of one cue verb, in the order the patterns are tried."""
    lemma = tok.lemma_.lower()
    comps = _complements(tok, lemma)
    for comp in comps:
        yield comp.left_edge.i, clause_end(comp), False
    if comps:
        return
    found = False
    speech = lemma in reporting_verbs()
    if tok.dep_ == "parataxis" and speech:
        cand = _parenthetical(tok)
        if cand:
            found = True
            yield cand
    if not found and speech:
        cand = _colon_paragraph(art, tok)
        if cand:
            found = True
            yield cand
    if not found and speech:
        cand = _prep_object(tok, "about")
        if cand:
            yield cand
    if lemma in np_content_verbs():
        cand = _object_content(tok)
        if cand:
            yield cand
    for preposition in prepositional_cues().get(lemma, ()):
        cand = _prep_object(tok, preposition)
        if cand:
            yield cand


def content_quote(art: Article, first: int, last: int, covered: Coverage, min_words: int, **fields) -> Quote | None:
    """An indirect quote over tokens ``first..last`` (trimmed), unless it is too short or mostly covered
    by direct quotes; ``fields`` are the cue fields and ``root``."""
    bounds = trim(art.doc, first, last)
    if bounds is None:
        return None
    a, b = whole_marks(art, art.doc[bounds[0]].idx, art.doc[bounds[1]].idx + len(art.doc[bounds[1]]))
    if covered.covers(a, b) or count_words(art.text[a:b]) < min_words:
        return None
    return Quote(art.text[a:b], a, b, "indirect", **fields)


def whole_marks(art: Article, a: int, b: int) -> tuple[int, int]:
    """Characters ``[a, b)`` widened so that no pair of quotation marks is split: a quote opened inside
    the span and closed after it runs to its closing mark, one opened before the span and closed inside
    it from its opening mark ('Burton claims that his favorite book is "One Hundred Years of Solitude".')."""
    for span in art.spans:
        if span.open_at >= b:
            break
        if span.close_at is None or span.stop <= a:
            continue
        if a <= span.open_at < b < span.stop:
            b = span.stop
        elif span.open_at < a < span.stop <= b:
            a = span.open_at
    return a, b


def _verb_reports(art: Article, tok: Token, covered: Coverage) -> list[Quote]:
    """The reports of one cue verb: each content candidate with the verb's subject as the speaker (the
    subject must not lie inside the content, except around a parenthetical or colon cue)."""
    candidates = list(_verb_candidates(art, tok))
    if not candidates:
        return []
    subj = subject_of(tok, art.inside)
    if subj is None:
        return []
    out = []
    cue = {"cue": tok.text, "cue_start": tok.idx, "cue_end": tok.idx + len(tok)}
    for first, last, subject_inside_ok in candidates:
        bounds = trim(art.doc, first, last)
        if bounds is None or (bounds[0] <= subj.i <= bounds[1] and not subject_inside_ok):
            continue
        head = span_head(art.doc, *bounds)
        q = content_quote(art, first, last, covered, MIN_CONTENT_WORDS, root=head.i if head else None, **cue)
        if q is not None:
            out.append(attribute(art, q, subj))
    return out


def _according_to(art: Article, tok: Token, pobj: Token, covered: Coverage) -> Quote | None:
    """"According to X, Y": the clause Y governing the phrase, X the speaker."""
    head = tok.head
    if head is tok:
        return None
    skip = {t.i for t in tok.subtree}
    idx = [t.i for t in head.subtree if t.i not in skip]
    if not idx:
        return None
    to = tok.nbor(1)
    q = content_quote(art, min(idx), max(idx), covered, MIN_ACCORDING_WORDS, cue=art.text[tok.idx:to.idx + len(to)],
                       cue_start=tok.idx, cue_end=to.idx + len(to), root=head.i)
    return attribute(art, q, pobj) if q is not None else None


def _noun_source(art: Article, noun: Token) -> Token | None:
    """Who holds a reporting noun: its possessor ("Trump's claim"); the subject of a light verb whose object
    it is ("advocates expressed concern about …"); the subject of a copula it is the predicate of
    ("Clinton has been a supporter of …")."""
    owners = [c for c in noun.children if c.dep_ == "poss" and not art.inside[c.i]]
    if owners:
        return owners[0]
    head = noun.head
    if noun.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_.lower() in light_verbs():
        return subject_of(head, art.inside)
    if noun.dep_ == "attr" and head.lemma_.lower() == "be":
        return subject_of(head, art.inside)
    return None


def _noun_content(noun: Token) -> tuple[Token, int, int] | None:
    """(head, first, last) of what a reporting noun reports: its that-clause ("claim that …"), the
    that-clause of the copula it is the subject of ("his position is that …"), or its to-infinitive
    ("pledge to act"). The object of a preposition ("concern about the policy") is not taken: measured on
    PolNeAR it adds as many false attributions as true ones."""
    for c in noun.children:
        if c.dep_ in ("acl", "ccomp") and _has_that(c):
            return c, c.left_edge.i, c.right_edge.i
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() == "be":
        for c in noun.head.children:
            if c.dep_ == "ccomp" and _has_that(c):
                return c, c.left_edge.i, c.right_edge.i
    for c in noun.children:
        if c.dep_ == "acl" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            return c, c.left_edge.i, c.right_edge.i
    return None


def _nominal(art: Article, noun: Token, covered: Coverage) -> Quote | None:
    """"Trump's claim that …", "officials made the case that …": a reporting noun's content, its holder as
    the source (:func:`_noun_source`, :func:`_noun_content`)."""
    source = _noun_source(art, noun)
    content = _noun_content(noun) if source is not None else None
    if content is None:
        return None
    head, first, last = content
    if first <= source.i <= last:
        return None
    q = content_quote(art, first, last, covered, MIN_CONTENT_WORDS, cue=noun.text, cue_start=noun.idx,
                       cue_end=noun.idx + len(noun), root=head.i)
    return attribute(art, q, source) if q is not None else None


def _one_per_content(quotes: list[Quote]) -> list[Quote]:
    """One record per reported content: "highlighted his message that X" reaches X through the verb and
    through the noun; the first cue is kept, unless only a later one has a resolved speaker."""
    unique: dict[tuple[int, int], Quote] = {}
    for q in quotes:
        kept = unique.get((q.start, q.end))
        if kept is None or (kept.speaker is None and q.speaker is not None):
            unique[(q.start, q.end)] = q
    return list(unique.values())


def indirect_quotes(art: Article, taken: list[tuple[int, int]]) -> list[Quote]:
    """Reported speech and beliefs outside quotation marks (the patterns of this module's docstring).

    Args:
        art: the article.
        taken: character spans of the direct quotes already found.

    Returns:
        Indirect quotes, one per content span, in the order their cues appear.
    """
    covered = Coverage(taken)
    out: list[Quote] = []
    for tok in art.doc:
        if art.inside[tok.i]:
            continue
        pobj = according_pobj(tok)
        if pobj is not None:
            q = _according_to(art, tok, pobj, covered)
            out.extend([q] if q else [])
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in nominal_cues():
            q = _nominal(art, tok, covered)
            out.extend([q] if q else [])
        elif is_cue(tok, stance=True):
            out.extend(_verb_reports(art, tok, covered))
    return _one_per_content(out)
