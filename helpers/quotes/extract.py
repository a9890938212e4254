"""All quotes of one parsed article: quotation-marked quotes, then reported speech, then the links between.

Order of work: the quotation-mark spans (:mod:`~helpers.quotes.marks`) are classified and attributed one
by one (:mod:`~helpers.quotes.direct`); a cue-less part of a split quote takes the speaker of the quote
before it in the same paragraph, or in the previous one when that paragraph left the quote open (the
newspaper continuation convention). Transcript turns ("Vladimir Putin: …",
:mod:`~helpers.quotes.transcripts`) are direct quotes of the labelled speaker. Then indirect speech
(:mod:`~helpers.quotes.indirect`) outside the direct quotes, and the reports of further verbs that the
attribution classifier accepts (:mod:`~helpers.quotes.verbcues`, ``quote_cue.json``); a report nested in
the same speaker's report ("she said she believes X") is part of it. A quoted fragment inside reported
speech becomes that report's partial quote. Last, each quotation-marked quote that is no part of a report
gets its speaker from the learned ranker (:mod:`~helpers.quotes.ranker`, ``quote_speaker.json``); with the
rules alone (:data:`~helpers.quotes.models.RULES_ONLY`) a quote still without a speaker takes the nearest
named person.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .article import Article
from .direct import marked_quote, mixed_quote, nearest_person
from .indirect import Coverage, indirect_quotes
from .marks import find_quote_spans, paragraphs
from .models import RULES_ONLY, QuoteModels, default_models
from .ranker import mention_head, rank_speaker
from .records import Quote
from .transcripts import transcript_turns
from .verbcues import VerbCandidate, apply_model, verb_candidates

#: How many earlier reports are compared with each report (nesting) or quoted fragment (mixed quotes):
#: reports nest within a sentence or two, and this bounds the work per article.
NEARBY_REPORTS: int = 8


def _article_label(doc: Doc) -> str:
    """The article id for warnings: ``doc.user_data["id"]``, or the key :func:`helpers.nlp.load_docs` stores."""
    return str(doc.user_data.get("id") or doc.user_data.get("framelab_key", "")).split(":")[0]


def _marked_quotes(art: Article) -> list[Quote]:
    """Quotes in quotation marks; a cue-less direct quote continues the previous quote's speaker within
    its paragraph, or across a paragraph break when the previous paragraph's quote continues."""
    para_starts = [lo for lo, _ in paragraphs(art.text)]
    quotes: list[Quote] = []
    previous: Quote | None = None
    previous_para = -2
    previous_continues = False
    for span in art.spans:
        q = marked_quote(art, span)
        if q is None:
            continue
        para = bisect_right(para_starts, span.open_at) - 1
        if q.kind == "direct" and q.cue is None and previous is not None:
            opens_paragraph = not art.text[para_starts[para]:span.open_at].strip()
            if para == previous_para or (para == previous_para + 1 and opens_paragraph and previous_continues):
                q.take_speaker(previous)
        quotes.append(q)
        if q.kind in ("direct", "partial") and q.speaker_start is not None:
            previous, previous_para, previous_continues = q, para, span.continues
    return quotes


def _drop_nested_reports(indirect: list[Quote]) -> list[Quote]:
    """"She said she believes X": the inner report of the same speaker is part of the outer one."""
    indirect = sorted(indirect, key=lambda q: (q.start, -q.end))
    return [q for k, q in enumerate(indirect)
            if not (q.speaker and any(o.speaker == q.speaker and o.start <= q.start and q.end <= o.end
                                      for o in indirect[max(0, k - NEARBY_REPORTS):k]))]


@dataclass
class Draft:
    """An article's quotes before the speaker step: the quotation-marked quotes, the transcript turns, the
    reports (after the verb-cue model when there is one), the marked quotes that took the speaker of a
    report, and the verb candidates the model was asked about."""

    art: Article
    marked: list[Quote]
    turns: list[Quote]
    indirect: list[Quote]
    in_reports: set[int]
    verb_candidates: list[VerbCandidate]


def draft_quotes(doc: Doc, models: QuoteModels = RULES_ONLY, candidates: bool = False) -> Draft:
    """Every step of :func:`extract_quotes` but the speaker step; with ``candidates``, the verb candidates
    are listed even without a verb-cue model (for training)."""
    text = doc.text
    art = Article(doc, find_quote_spans(text, _article_label(doc)), text)
    quotes = _marked_quotes(art)
    turns = transcript_turns(art)
    taken = _disjoint([(q.start, q.end) for q in quotes + turns if q.kind == "direct"])
    indirect = _drop_nested_reports(indirect_quotes(art, taken))
    verbs: list[VerbCandidate] = []
    if models.cue is not None or candidates:
        reports = Coverage(_disjoint([(q.start, q.end) for q in indirect]))
        marked = {q.start for q in quotes}
        titles = [(span.open_at, span.stop) for span in art.spans if span.start not in marked]
        verbs = verb_candidates(art, indirect, Coverage(taken), reports, titles)
    if models.cue is not None:
        kept, added = apply_model(verbs, models.cue)
        by_rule = {id(c.quote) for c in verbs if c.rule}
        kept_ids = {id(q) for q in kept}
        indirect = [q for q in indirect if id(q) not in by_rule or id(q) in kept_ids]
        indirect = _drop_nested_reports(indirect + added)
    indirect_starts = [q.start for q in indirect]
    in_reports: set[int] = set()
    for q in quotes:
        i = bisect_right(indirect_starts, q.start)
        if mixed_quote(art, q, indirect[max(0, i - NEARBY_REPORTS):i]):
            in_reports.add(id(q))
    return Draft(art, quotes, turns, indirect, in_reports, verbs)


def speaker_steps(draft: Draft) -> Iterator[tuple[Quote, Token | None]]:
    """(quote, head of the previous quote's speaker mention in the same or the previous paragraph) for each
    direct or partial quote that is no part of a report, in text order; the previous speaker is read when
    the next quote is asked for, so a caller may change each quote's speaker in between."""
    art = draft.art
    para_starts = [lo for lo, _ in paragraphs(art.text)]
    previous: Token | None = None
    previous_para = -2
    for q in draft.marked:
        if q.kind not in ("direct", "partial"):
            continue
        para = bisect_right(para_starts, q.start) - 1
        if id(q) not in draft.in_reports:
            yield q, previous if para - previous_para <= 1 else None
        head = mention_head(art, q.speaker_start, q.speaker_end)
        if head is not None:
            previous, previous_para = head, para


def extract_quotes(doc: Doc, models: QuoteModels | None = None) -> list[Quote]:
    """All quotes of a parsed article, sorted by start.

    Args:
        doc: the article parsed by :func:`helpers.nlp.load_nlp`'s pipeline (tagger, parser and NER needed).
        models: the learned steps (default: the shipped models, :func:`~helpers.quotes.models.default_models`;
            :data:`~helpers.quotes.models.RULES_ONLY` for the rules alone).

    Returns:
        Direct, partial, indirect and scare quotes as :class:`~helpers.quotes.Quote` records (offsets into
        ``doc.text``). Book and film titles in quotation marks are left out. Unbalanced quotation marks are
        logged as warnings naming the article (``doc.user_data["id"]``, or the key
        :func:`helpers.nlp.load_docs` stores) and the character offset.
    """
    models = default_models() if models is None else models
    draft = draft_quotes(doc, models)
    for q, previous in speaker_steps(draft):
        if models.speaker is not None:
            rank_speaker(draft.art, q, models.speaker, previous)
        elif q.speaker_start is None:
            nearest_person(draft.art, q)
    quotes = draft.marked + draft.turns + draft.indirect
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character spans merged where they overlap (a transcript turn holds the quotes its speaker cites)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
