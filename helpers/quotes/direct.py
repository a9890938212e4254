"""Quotes in quotation marks: direct, partial and scare quotes with their cue and speaker.

Each quotation-mark span is placed in its sentence: standing as its own clause or sentence it is a direct
quote, embedded in the author's sentence a partial quote (with a cue, or longer than
:data:`SCARE_MAX_WORDS`) or a scare quote. The cue is a speech verb outside the marks in the sentences the
quote runs over, preferably the one governing the quote (textacy's ``direct_quotations`` heuristics), or
in the next sentence ('“…?” Graham asked.'); with no verb, a colon after a name ("Peskov: “…”"), a
closing "he said:" or a dash and a name after the quote ('“…” ― Sonya Herridge'). A transcript turn
inside the marks ('"WALLACE: Let's start …"') is the labelled speaker's.
"""
from __future__ import annotations

import logging
import re

from spacy.tokens import Span, Token

from helpers.text import count_words

from .article import Article
from .lexicon import colon_label_nouns, work_title_nouns
from .records import Quote, QuoteSpan
from .speakers import attribute
from .syntax import according_pobj, governs, is_cue, subject_of

log = logging.getLogger("helpers.quotes")

#: A quoted term of at most this many words with no speech cue governing it is a scare quote; the
#: threshold of PolNeAR's partial quotes (a phrase of five or more words is nearly always attributed).
SCARE_MAX_WORDS: int = 4
#: Arcs between a quoted fragment's head and the head of the reported clause holding it, within which the
#: fragment is part of that report (a partial quote) rather than a scare term deep inside it.
MIXED_QUOTE_MAX_HOPS: int = 3
#: Arcs between a quote's head and a cue verb that still count as the cue governing the quote.
GOVERNING_MAX_HOPS: int = 3
#: Characters before an opening mark, and after a closing one, that leave a quote standing on its own.
_BEFORE_DIRECT = frozenset(",:;.!?—–-([\"“”„«»‘’")
_AFTER_DIRECT = frozenset(",.;:!?—–-)]\"“”„«»‘’")
#: A dash and a capitalised name of up to four words after a closing mark: '“…” ― Sonya Herridge'.
_DASH_AFTER = re.compile(r"[ \t\u00a0]*(―|—|–|--)[ \t\u00a0]*([A-Z][\w.’'-]*(?:[ \u00a0][A-Z][\w.’'-]*){0,3})")
#: A transcript speaker label opening the quoted text: "WALLACE: ", "SEN. GRAHAM: ".
_TRANSCRIPT = re.compile(r"([A-Z][A-Z.’'-]+(?: [A-Z][A-Z.’'-]+){0,3}):\s+")
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


def looks_like_title(content: str) -> bool:
    """Whether quoted text is written like a title: Title Case words, no closing punctuation."""
    words = _WORD.findall(content)
    if not words or content.rstrip()[-1:] in ".!?,":
        return False
    return all(w[0].isupper() or w[0].isdigit() for w in words if len(w) > 3) and words[0][0].isupper()


def _is_work_title(art: Article, content: str, content_toks: Span) -> bool:
    """A title of a work: Title Case right after a work noun ("the film “Gone With the Wind”")."""
    first = content_toks[0].i
    prev_words = [t.lower_ for t in art.doc[max(0, first - 4):first] if not t.is_punct]
    return looks_like_title(content) and any(w in work_title_nouns() for w in prev_words[-3:])


def _is_embedded(text: str, span: QuoteSpan) -> bool:
    """Whether the marks sit inside the author's sentence (a word right before or after them), rather than
    standing as a clause or sentence of their own."""
    before = text[:span.open_at].rstrip(" \t")
    prev_char = before[-1:] if before and before[-1:] != "\n" else ""
    after = text[span.stop:].lstrip(" \t")
    next_char = after[:1] if after[:1] != "\n" else ""
    raw_end = text[span.start:span.close_at if span.close_at is not None else span.end].rstrip()[-1:]
    return (prev_char != "" and prev_char not in _BEFORE_DIRECT) or \
        (next_char != "" and next_char not in _AFTER_DIRECT and raw_end not in (".", "!", "?", ",", "—"))


def _transcript_quote(art: Article, span: QuoteSpan, content: str) -> Quote | None:
    """A transcript inside quotation marks, "WALLACE: Let's start with …": the label's speaker."""
    label = _TRANSCRIPT.match(content)
    if not label or count_words(content[label.end():]) < 1:
        return None
    name = art.tokens(span.start + label.start(1), span.start + label.end(1))
    if not len(name):
        return None
    start = span.start + label.end()
    colon = span.start + label.end(1)
    q = Quote(art.text[start:span.end], start, span.end, "direct", cue=":", cue_start=colon, cue_end=colon + 1)
    return attribute(art, q, name[-1])


def _candidate_cues(art: Article, span: QuoteSpan, content_toks: Span) -> list[Token]:
    """Speech verbs and "according" outside the marks in the quote's sentences; with none, the first
    speech verb of the next sentence when it directly follows the closing mark ('“…?” Graham asked.',
    parsed as two sentences), unless that verb reports a clause of its own."""
    doc, text = art.doc, art.text
    first_sent, last_sent = content_toks[0].sent, content_toks[-1].sent
    outside = [doc[i] for i in range(first_sent.start, last_sent.end) if not art.inside[i] and not doc[i].is_space]
    cues = [t for t in outside if is_cue(t) or according_pobj(t) is not None]
    if cues or span.close_at is None or last_sent.end >= len(doc):
        return cues
    nxt = doc[last_sent.end].sent
    if not text[span.stop:nxt.start_char].strip() and "\n" not in text[span.close_at:nxt.start_char] \
            and "\n" not in nxt.text.strip():
        cues = [t for t in nxt if not art.inside[t.i] and is_cue(t)
                and not any(c.dep_ == "ccomp" for c in t.children)][:1]
    return cues


def _choose_cue(cues: list[Token], root: Token, content_toks: Span, embedded: bool, words: int) -> Token | None:
    """The cue governing the quote (the first in text order), else the nearest cue (not for a short
    embedded term)."""
    governing = [c for c in cues if governs(root, c, GOVERNING_MAX_HOPS, through_verbs=embedded) is not None]
    if governing:
        return governing[0]
    if cues and not (embedded and words <= SCARE_MAX_WORDS):
        return min(cues, key=lambda c: min(abs(c.i - content_toks[0].i), abs(c.i - content_toks[-1].i)))
    return None


def _cue_speaker(art: Article, cue: Token, span: QuoteSpan) -> tuple[Token | None, tuple[int, int]]:
    """(subject token, cue character span) of a cue verb or "according to". A speech verb right after the
    closing mark with no subject has its speaker after it, read by the parser as an object ('"We love
    cats!" reply Burton and Nick.'): a proper noun after the verb)."""
    pobj = according_pobj(cue)
    if pobj is not None:
        return pobj, (cue.idx, cue.nbor(1).idx + len(cue.nbor(1)))
    subj = subject_of(cue, art.inside)
    if subj is None and span.close_at is not None and not art.text[span.stop:cue.idx].strip(" ,\u00a0"):
        subj = next((c for c in cue.rights if c.dep_ in ("dobj", "attr", "npadvmod")
                     and c.pos_ == "PROPN"), None)
    return subj, (cue.idx, cue.idx + len(cue))


def _markless_cue(art: Article, span: QuoteSpan, content_toks: Span) -> tuple[Token | None, tuple[int, int] | None]:
    """(subject token, cue character span) of a quote with no cue verb in its sentences: "NAME: “…”" (not
    a label such as "Claim:" nor a date), a closing "He said:" before the quote, or a dash and a name
    after it; (None, None) when there is none."""
    doc, text = art.doc, art.text
    k = content_toks[0].i - 1
    while k >= 0 and (art.inside[k] or doc[k].is_space):
        k -= 1
    if k >= 1 and doc[k].text == ":":
        before = doc[k - 1]
        if before.pos_ == "NOUN" and before.dep_ == "dobj" and before.head.pos_ == "VERB":
            # "Sanders made the following comment: “…”": the subject of the verb whose object the noun is
            subj = subject_of(before.head, art.inside)
            if subj is not None:
                return subj, (before.head.idx, before.idx + len(before))
        if before.pos_ in ("PROPN", "NOUN", "PRON") and before.lemma_.lower() not in colon_label_nouns() \
                and before.ent_type_ not in ("DATE", "TIME"):
            return before, (doc[k].idx, doc[k].idx + 1)
        if is_cue(before):
            subj = subject_of(before, art.inside)
            return subj, ((before.idx, before.idx + len(before)) if subj is not None else None)
    dash = _DASH_AFTER.match(text, span.stop) if span.close_at is not None else None
    if dash:
        name = art.tokens(dash.start(2), dash.end(2))
        if len(name) and all(t.pos_ == "PROPN" for t in name):
            return name[-1], (dash.start(1), dash.end(1))
    return None, None


def quotes_whole_complement(root: Token, cue: Token, span: QuoteSpan) -> bool:
    """True when the quoted tokens are the whole clause the speech verb ``cue`` reports: the quote's root
    is the verb's clausal complement and every word of that clause lies inside the marks (a "that" before
    the opening mark aside: 'warned that "firing him is a red line"')."""
    if cue.pos_ not in ("VERB", "AUX") or root.head.i != cue.i or root.dep_ not in ("ccomp", "parataxis"):
        return False
    if root.pos_ not in ("VERB", "AUX"):
        return False
    return all(span.start <= t.idx < span.end for t in root.subtree
               if not (t.is_punct or t.is_space or (t.dep_ == "mark" and t.idx < span.start)))


def _kind(content: str, span: QuoteSpan, embedded: bool, words: int, root: Token, cue: Token | None,
          has_cue_span: bool) -> str:
    """direct, partial or scare for a quotation-mark span in its sentence."""
    if embedded:
        kind = "partial" if (cue is not None or words > SCARE_MAX_WORDS) else "scare"
        if kind == "partial" and cue is None and span.single:
            return "scare"
        if kind == "partial" and cue is not None and quotes_whole_complement(root, cue, span):
            # 'Putin said "we will respond".': the marks hold the verb's whole reported clause, so this is
            # direct speech written without a comma, not a fragment inside a paraphrase
            return "direct"
        return kind
    # a quote standing as its own sentence ("“We go home.”") is speech, however short
    sentence_like = content.rstrip()[-1:] in (".", "?", "!")
    return "direct" if (has_cue_span or words > SCARE_MAX_WORDS or sentence_like) else "scare"


def marked_quote(art: Article, span: QuoteSpan) -> Quote | None:
    """Classify one quotation-mark span and find its cue and speaker.

    Returns:
        The quote (a scare quote has no speaker), or None for a span with no tokens or a title of a work.
    """
    text = art.text
    content_toks = art.tokens(span.start, span.end)
    if not len(content_toks):
        return None
    content = text[span.start:span.end]
    transcript = _transcript_quote(art, span, content)
    if transcript is not None:
        return transcript
    if _is_work_title(art, content, content_toks):
        log.debug("quoted title at %d is not a quote: %r", span.start, content)
        return None
    words = count_words(content)
    embedded = _is_embedded(text, span)
    root = content_toks.root if hasattr(content_toks, "root") else content_toks[0]
    cue = _choose_cue(_candidate_cues(art, span, content_toks), root, content_toks, embedded, words)
    subj: Token | None = None
    cue_span: tuple[int, int] | None = None
    if cue is not None:
        subj, cue_span = _cue_speaker(art, cue, span)
    elif not embedded:
        subj, cue_span = _markless_cue(art, span, content_toks)
    kind = _kind(content, span, embedded, words, root, cue, cue_span is not None)
    q = Quote(content, span.start, span.end, kind)
    if kind == "scare":
        return q
    if cue_span is not None:
        q.cue, q.cue_start, q.cue_end = text[cue_span[0]:cue_span[1]], cue_span[0], cue_span[1]
    return attribute(art, q, subj)


def mixed_quote(art: Article, q: Quote, indirect: list[Quote]) -> bool:
    """A quoted fragment inside reported speech ("he said it was "a mistake" to …") becomes a partial
    quote of that speaker when it sits near the head of the reported clause (at most
    :data:`MIXED_QUOTE_MAX_HOPS` arcs below it) or is long; a short term deep inside the clause stays a
    scare quote. ``q`` is changed in place.

    Returns:
        True when ``q`` became part of a report (and took its speaker).
    """
    if q.kind not in ("scare", "partial") or q.cue is not None:
        return False
    toks = art.tokens(q.start, q.end)
    if not len(toks):
        return False
    root = toks.root if hasattr(toks, "root") else toks[0]
    for ind in indirect:
        if not (ind.start <= q.start and q.end <= ind.end) or ind.root is None:
            continue
        tok, near = root, root.i == ind.root
        for _ in range(MIXED_QUOTE_MAX_HOPS):
            if near or tok.head is tok:
                break
            tok = tok.head
            near = tok.i == ind.root
        if near or (q.kind == "partial" and count_words(q.quote) > SCARE_MAX_WORDS):
            q.kind = "partial"
            q.take_speaker(ind)
            return True
    return False


def nearest_person(art: Article, q: Quote) -> None:
    """A quote with no cue takes the nearest named person outside quotes in its sentences, else in the
    previous sentence of the same paragraph. ``q`` is changed in place."""
    toks = art.tokens(q.start, q.end)
    if not len(toks):
        return
    doc, people = art.doc, art.people
    first, last = toks[0].sent, toks[-1].sent
    candidates = people.mentions_between(first.start, last.end)
    if not candidates and first.start > 0:
        prev = doc[first.start - 1].sent
        candidates = [i for i in people.mentions_between(prev.start, prev.end) if "\n" not in doc[i:first.start].text]
    if not candidates:
        return
    best = min(candidates, key=lambda i: min(abs(i - toks[0].i), abs(i - toks[-1].i)))
    attribute(art, q, doc[best])
