"""Quotation marks: pairing them into :class:`QuoteSpan` stretches, paragraph by paragraph.

The mark sets are those of :mod:`helpers.text`. Curly marks pair by direction, straight marks by the
characters around them; two apostrophes count as a double mark (some wire copy). Unbalanced marks are
repaired by rule (an unclosed mark runs to the paragraph end, a stray closing mark is ignored) and logged,
one warning line per article with the character position of the first problem.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_right

from helpers.text import (
    DOUBLE_MARKS,
    OPEN_DOUBLE,
    SINGLE_MARKS,
    STRAIGHT_DOUBLE,
    count_words,
)

from .records import QuoteSpan

log = logging.getLogger("helpers.quotes")

_OPEN_SINGLE, _CLOSE_SINGLE = SINGLE_MARKS[0], SINGLE_MARKS[1]
#: A curly single-quoted stretch of at most 200 characters on one line, not an apostrophe inside a word.
_SINGLE = re.compile(rf"(?<![\w’'])‘([^{_OPEN_SINGLE}{_CLOSE_SINGLE}\n]{{1,200}}?)’(?![\w])")
_PARAGRAPH = re.compile(r"[^\n]+")
#: Characters before a straight mark that make it an opening mark, and after it a closing one.
_OPENS_AFTER = "([{—–-/"
_CLOSES_BEFORE = ".,;:!?)]}—–-/'’"
#: Two apostrophes standing for a double quotation mark.
_TWO_APOSTROPHES = "''"


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the non-empty lines of ``text``: its paragraphs."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def _straight_role(text: str, i: int, lo: int, hi: int, is_open: bool, width: int = 1) -> str:
    """``open`` or ``close`` for a straight mark at ``i`` in the paragraph ``[lo, hi)``, from its neighbours;
    when they do not tell, the mark closes an open quote and opens otherwise."""
    prev = text[i - 1] if i > lo else None
    nxt = text[i + width] if i + width < hi else None
    opens = prev is None or prev.isspace() or prev in _OPENS_AFTER
    closes = nxt is None or nxt.isspace() or nxt in _CLOSES_BEFORE
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "close" if is_open else "open"


def _mark_role(text: str, i: int, lo: int, hi: int, mark: str, width: int, is_open: bool) -> str:
    """``open`` or ``close`` for the double mark ``mark`` at ``i`` (a curly mark of the wrong direction is
    read from its context)."""
    if mark == STRAIGHT_DOUBLE:
        return _straight_role(text, i, lo, hi, is_open, width)
    if mark in OPEN_DOUBLE:
        nxt = text[i + 1] if i + 1 < hi else None
        return "close" if is_open and (nxt is None or nxt.isspace() or nxt in ".,;:!?") else "open"
    prev = text[i - 1] if i > lo else None
    return "open" if not is_open and (prev is None or prev.isspace()) else "close"


def _continues(text: str, next_paragraph: tuple[int, int] | None) -> bool:
    """Whether the next paragraph reopens a quote left open (the newspaper continuation convention)."""
    head = text[next_paragraph[0]:next_paragraph[1]].lstrip() if next_paragraph else ""
    return bool(head) and (head[:1] in (OPEN_DOUBLE + STRAIGHT_DOUBLE) or head[:2] == _TWO_APOSTROPHES)


def _paragraph_spans(text: str, paras: list[tuple[int, int]], p_index: int,
                     problems: list[str]) -> list[QuoteSpan]:
    """The double-quoted spans of one paragraph; problems with its marks are appended to ``problems``."""
    lo, hi = paras[p_index]
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    open_len = 1
    i = lo - 1
    while i + 1 < hi:
        i += 1
        mark, width = text[i], 1
        if mark == "'" and text[i + 1:i + 2] == "'" and text[i + 2:i + 3] != "'":
            mark, width = STRAIGHT_DOUBLE, 2
        elif mark not in DOUBLE_MARKS:
            continue
        role = _mark_role(text, i, lo, hi, mark, width, open_at is not None)
        if role == "open":
            if open_at is not None:
                problems.append(f"quotation mark at {i} opens a quote while the one at {open_at} is still "
                                "open; the earlier mark is ignored")
            open_at, open_len = i, width
        elif open_at is None:
            problems.append(f"closing quotation mark at {i} has no opening mark; ignored")
        else:
            span = make_span(text, open_at, i, i, open_len=open_len, close_len=width)
            if span:
                spans.append(span)
            open_at = None
        i += width - 1
    if open_at is not None:
        continues = _continues(text, paras[p_index + 1] if p_index + 1 < len(paras) else None)
        if not continues:
            problems.append(f"quotation mark at {open_at} is never closed; the quote is taken to run to "
                            f"the end of its paragraph at {hi}")
        span = make_span(text, open_at, None, hi, continues=continues, open_len=open_len)
        if span:
            spans.append(span)
    return spans


def _single_spans(text: str, spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """Curly single-quoted spans (‘…’) that lie outside every double-quoted span."""
    covered = sorted((s.open_at, s.stop) for s in spans)
    covered_starts = [a for a, _ in covered]
    out = []
    for m in _SINGLE.finditer(text):
        k = bisect_right(covered_starts, m.start()) - 1
        if k >= 0 and covered[k][0] <= m.start() <= covered[k][1]:
            continue
        span = make_span(text, m.start(), m.end() - 1, m.end() - 1, single=True)
        if span:
            out.append(span)
    return out


def find_quote_spans(text: str, article: str = "") -> list[QuoteSpan]:
    """Pair the quotation marks of ``text`` paragraph by paragraph.

    Curly marks pair by direction (a mark of the wrong direction is read from its context), straight
    marks by the characters around them. A quote open at the end of a paragraph runs to the paragraph end;
    when the next paragraph opens with a quotation mark that is the newspaper convention for a quote
    continued (``continues``), otherwise it is logged as unbalanced. A closing mark with no opening one is
    logged and ignored. Single curly marks (‘…’) count only outside double-quoted text.

    Args:
        text: the article text.
        article: an article id or label, prefixed to the warnings.

    Returns:
        The quote spans in text order (content offsets exclude the marks and surrounding blanks).
    """
    where = f"article {article}: " if article else ""
    problems: list[str] = []
    spans: list[QuoteSpan] = []
    paras = paragraphs(text)
    for p_index in range(len(paras)):
        spans.extend(_paragraph_spans(text, paras, p_index, problems))
    if problems:  # one line per article; every mark at debug level
        log.warning("%s%d unbalanced quotation mark%s: %s%s", where, len(problems), "s" * (len(problems) > 1),
                    problems[0], f" (+{len(problems) - 1} more)" if len(problems) > 1 else "")
        for problem in problems[1:]:
            log.debug("%s%s", where, problem)
    spans.extend(_single_spans(text, spans))
    return sorted(spans, key=lambda s: s.open_at)


def make_span(text: str, open_at: int, close_at: int | None, stop: int, continues: bool = False,
              single: bool = False, open_len: int = 1, close_len: int = 1) -> QuoteSpan | None:
    """The span between a mark at ``open_at`` and ``stop``, trimmed of blanks (and a trailing comma);
    ``None`` when nothing with a word is left."""
    start, end = open_at + open_len, stop
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if end <= start or not count_words(text[start:end]):
        return None
    return QuoteSpan(open_at, close_at, start, end, continues, single, close_len)
