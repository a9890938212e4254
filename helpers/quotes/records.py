"""The records of quote attribution: a quote with its speaker, and a span between quotation marks."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: Quote kinds, in order of how directly the speaker's words are reproduced.
KINDS: tuple[str, ...] = ("direct", "partial", "indirect", "scare")
#: Speaker types: a named person; an organisation, institution or state; an unnamed person or group
#: ("a senior Western official", "U.S. officials"); a vague collective ("critics", "observers", "some");
#: a thing ("evidence", "a report", "the data").
SPEAKER_TYPES: tuple[str, ...] = ("person", "organisation", "anonymous", "unspecified", "non_human")
#: The keys every quote record of the quotes command has first (:func:`helpers.stage.stage_json`).
RECORD_KEYS: tuple[str, ...] = ("quote", "start", "end", "kind", "speaker", "speaker_start", "speaker_end",
                                "cue", "cue_start", "cue_end", "role")
#: The keys that follow :data:`RECORD_KEYS` in a stage record.
RECORD_EXTRA_KEYS: tuple[str, ...] = ("organisation", "speaker_type", "anonymous")
#: The fields that say who speaks: copied together when a quote takes the speaker of another.
SPEAKER_FIELDS: tuple[str, ...] = ("speaker", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end",
                                   "role", "organisation", "speaker_type", "anonymous", "speakers",
                                   "speaker_types", "mention")


@dataclass
class Quote:
    """One attributed (or scare) quote; character offsets index the article text.

    ``text[start:end] == quote`` is the content (for a direct quote without its quotation marks; reported
    content never splits a pair of marks). ``speaker`` is the resolved speaker as readable text: a full
    name, "Burton and Nick" for coordinated speakers, the noun phrase of an unnamed source, the pronoun
    itself when it resolves to nobody; ``None`` when there is no speaker. ``speakers`` holds each resolved
    name of a coordinated subject (one name otherwise) and ``speaker_types`` their types.
    ``speaker_start/end`` mark the mention nearest the cue as written (a pronoun stays the pronoun).
    ``role`` is the speaker's title and appositive ("President", "an associate fellow at Chatham House"),
    ``organisation`` the body named in it (or the speaker itself when it is an organisation).
    ``speaker_type`` is one of :data:`SPEAKER_TYPES` (``None`` without a speaker); ``anonymous`` is true
    exactly when it is ``anonymous``.
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
    speaker_type: str | None = None
    anonymous: bool = False
    speakers: tuple[str, ...] = ()
    speaker_types: tuple[str, ...] = ()
    mention: str | None = None
    root: int | None = None  # token index of the content's syntactic head (indirect speech), internal

    def record(self) -> dict[str, Any]:
        """The quote as the stage record's dict: :data:`RECORD_KEYS` then :data:`RECORD_EXTRA_KEYS`."""
        data = asdict(self)
        return {key: data[key] for key in RECORD_KEYS + RECORD_EXTRA_KEYS}

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
