"""The records of quote attribution: a quote with its speaker, and a span between quotation marks."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: Quote kinds, in order of how directly the speaker's words are reproduced.
KINDS: tuple[str, ...] = ("direct", "partial", "indirect", "scare")
#: The exact keys of one quote in :func:`helpers.quotes.stage_record` output (the CLI adds ``id``).
RECORD_KEYS: tuple[str, ...] = ("quote", "start", "end", "kind", "speaker", "speaker_start", "speaker_end",
                                "cue", "cue_start", "cue_end", "role")
#: The fields that say who speaks: copied together when a quote takes the speaker of another.
SPEAKER_FIELDS: tuple[str, ...] = ("speaker", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end",
                                   "role", "organisation", "anonymous", "mention")


@dataclass
class Quote:
    """One attributed (or scare) quote; character offsets index the article text.

    ``text[start:end] == quote`` is the content without its quotation marks. ``speaker`` is the resolved
    name (or the noun phrase for unnamed sources, ``None`` when unresolved); ``speaker_start/end`` mark the
    mention nearest the cue as written (a pronoun stays the pronoun). ``role`` is the speaker's title and
    appositive ("President", "an associate fellow at Chatham House").
    """

    quote: str
    start: int
    end: int
    kind: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    role: str | None = None
    organisation: str | None = None
    anonymous: bool = False
    mention: str | None = None
    root: int | None = None  # token index of the content's syntactic head (indirect speech), internal

    def record(self) -> dict[str, Any]:
        """The quote as the CLI schema's dict: exactly :data:`RECORD_KEYS`."""
        data = asdict(self)
        return {key: data[key] for key in RECORD_KEYS}

    def take_speaker(self, other: Quote) -> None:
        """Copy who speaks (:data:`SPEAKER_FIELDS`) from ``other``: the rest of a split quote, a fragment
        inside the same speaker's reported speech."""
        for key in SPEAKER_FIELDS:
            setattr(self, key, getattr(other, key))


@dataclass(frozen=True)
class QuoteSpan:
    """A stretch of text between quotation marks.

    ``open_at``/``close_at`` are the offsets of the marks (``close_at`` is ``None`` for a quote left open at
    the end of its paragraph); ``start``/``end`` the content without marks; ``continues`` is true when the
    paragraph leaves the quote open and the next paragraph reopens it (the newspaper convention);
    ``single`` marks curly single quotation marks; ``close_len`` is the width of the closing mark (two
    apostrophes are one mark in some wire copy).
    """

    open_at: int
    close_at: int | None
    start: int
    end: int
    continues: bool = False
    single: bool = False
    close_len: int = 1

    @property
    def stop(self) -> int:
        """Offset just after the closing mark (the content end for a quote left open)."""
        return self.close_at + self.close_len if self.close_at is not None else self.end
