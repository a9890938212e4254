"""Per-article state shared by the extraction steps: the parse, the quotation-mark spans, the people."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

import numpy as np
from spacy.symbols import VERB
from spacy.tokens import Doc, Span

from .people import People
from .records import QuoteSpan


class Article:
    """One parsed article with its quote spans, the inside-quotes token mask and its people.

    Attributes:
        doc, text: the parse and its text (``text`` may be given: spaCy joins the tokens on each read of
            ``Doc.text``).
        spans: the quotation-mark spans (:func:`helpers.quotes.marks.find_quote_spans`).
        inside: per token, whether it lies between quotation marks (marks included).
        sent_starts: start token of each sentence.
        pos: the coarse part-of-speech id of every token (``Doc.to_array("POS")``).
        verbs: indices of the tokens tagged VERB outside quotation marks (read from ``pos``, so that the
            steps that look at verbs only make no token object of the others).
        people: the :class:`~helpers.quotes.people.People` of the article.
        resolved: token index -> the speaker resolution of the mention it heads (filled by
            :func:`helpers.quotes.speakers.resolve`, which asks the same token many times), and other
            per-article results read more than once, by name (``"verb_subjects"``).
    """

    def __init__(self, doc: Doc, spans: Sequence[QuoteSpan], text: str | None = None):
        self.doc = doc
        self.text = doc.text if text is None else text
        self.spans = spans
        self.inside = [False] * len(doc)
        for span in spans:
            for tok in self.tokens(span.open_at, span.stop):
                self.inside[tok.i] = True
        self.sent_starts = [sent.start for sent in doc.sents] if doc.has_annotation("SENT_START") else [0]
        pos = doc.to_array("POS") if len(doc) else np.zeros(0, dtype=np.uint64)
        self.pos = pos
        self.verbs = [int(i) for i in np.flatnonzero(pos == VERB) if not self.inside[int(i)]]
        self.people = People(doc, self.inside, self.text)
        self.resolved: dict[int | str, Any] = {}

    def tokens(self, start: int, end: int) -> Span | list:
        """The tokens covering characters ``[start, end)`` (expanded to token bounds; ``[]`` when none)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span if span is not None else []

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indices ``[first, last + 1)`` covering characters ``[start, end)`` (``(0, 0)`` when none)."""
        span = self.tokens(start, end)
        return (span.start, span.end) if len(span) else (0, 0)

    def sentence_index(self, token_index: int) -> int:
        """The index of the sentence holding a token."""
        return bisect_right(self.sent_starts, token_index) - 1
