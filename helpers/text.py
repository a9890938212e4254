"""Definitions over plain text that every stage shares: words, quotation marks, the parse limit.

Each is defined once here and imported wherever it is needed, so that a rate "per 1,000 words" means
the same thing in every table and report, and every stage agrees on what a quotation mark is.
"""
from __future__ import annotations

import logging
import re

from helpers import config

log = logging.getLogger(__name__)

#: Opening double quotation marks (English curly, German low, guillemet).
OPEN_DOUBLE: str = "\u201c\u201e\u00ab"
#: Closing double quotation marks.
CLOSE_DOUBLE: str = "\u201d\u00bb"
#: The straight double mark, which opens and closes.
STRAIGHT_DOUBLE: str = '"'
#: Every double quotation mark.
DOUBLE_MARKS: str = OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE
#: Curly single marks (the closing one is also the typographic apostrophe).
SINGLE_MARKS: str = "\u2018\u2019"
#: Every quotation mark a stage looks for (the straight apostrophe ``'`` is left out: it is mostly an
#: apostrophe, and :mod:`helpers.quotes` treats it by position).
QUOTE_MARKS: str = DOUBLE_MARKS + SINGLE_MARKS

_WORD = re.compile(r"\S*[^\W_]\S*")


def count_words(text: str) -> int:
    """The number of words in a text: whitespace-separated tokens holding at least one letter or digit.

    This is the one word count of the project: ``articles.n_words`` holds it, and every rate "per 1,000
    words" in the tables, notebooks and reports divides by it. Punctuation standing alone ("—", "|") is
    not a word; "U.S.", "40", "$40bn" and "co-operation" are one word each.

    >>> count_words("Russia's  influence — deepening, in 2024.")
    5
    """
    return len(_WORD.findall(text or ""))


def clip_for_parse(text: str, article_id: str = "?") -> str:
    """The text as the parser will see it: cut to :data:`helpers.config.MAX_PARSE_CHARS` characters.

    A longer text is cut with a warning naming the article; nothing past the cut is analysed. Every path
    that parses (the notebooks, the stage commands, the pipeline) calls this one function.
    """
    limit = config.MAX_PARSE_CHARS
    if len(text) > limit:
        log.warning("article %s: text of %d characters cut to %d before parsing (FRAMELAB_MAX_PARSE_CHARS)",
                    article_id, len(text), limit)
        return text[:limit]
    return text
