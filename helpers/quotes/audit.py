"""Tables from quotes: the per-article stage record, one row per quote, the source audit by speaker and
by speaker type."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

import pandas as pd

from helpers.text import count_words

from .lexicon import anonymous_nouns, pronoun_types
from .records import RECORD_KEYS, SPEAKER_TYPES, Quote

#: Columns of :func:`source_audit`, in order.
AUDIT_COLUMNS: tuple[str, ...] = ("speaker", "speaker_type", "role", "organisation", "n_direct", "n_partial",
                                  "n_indirect", "words_quoted", "anonymous", "paraphrased_only")
#: Columns of :func:`audit_by_type`, in order.
TYPE_COLUMNS: tuple[str, ...] = ("speaker_type", "n_quotes", "n_direct", "n_partial", "n_indirect", "words_quoted")
#: Speaker types listed as "people and bodies quoted" in reports; the others are counted by type only.
LISTED_TYPES: tuple[str, ...] = ("person", "organisation")
_COUNTED_KINDS = ("direct", "partial", "indirect")


def _looks_anonymous(speaker: str | None) -> bool:
    """For records without the ``anonymous`` field: a lower-case noun phrase headed by an anonymous noun."""
    if not speaker:
        return False
    words = speaker.split()
    if any(w[:1].isupper() for w in words[1:]):
        return False
    head = words[-1].lower()
    return head in anonymous_nouns() or re.sub(r"s$", "", head) in anonymous_nouns()


def _as_dicts(quotes: Iterable[Quote | dict[str, Any]]) -> list[dict[str, Any]]:
    """Quotes as dicts; records from elsewhere (the CLI's JSON) get the fields they lack: ``anonymous``
    from the speaker's wording, ``speaker_type`` ``anonymous`` or None, ``speakers`` the speaker alone."""
    rows = []
    for q in quotes:
        row = asdict(q) if isinstance(q, Quote) else dict(q)
        row.setdefault("organisation", None)
        row.setdefault("anonymous", _looks_anonymous(row.get("speaker")))
        row.setdefault("speaker_type", "anonymous" if row["anonymous"] else None)
        row.setdefault("mention", None)
        if not row.get("speakers"):
            row["speakers"] = (row["speaker"],) if row.get("speaker") else ()
            row["speaker_types"] = (row["speaker_type"],) if row.get("speaker") else ()
        rows.append(row)
    return rows


def _is_pronoun(speaker: str) -> bool:
    """Whether a speaker is a pronoun left unresolved ("he", "they")."""
    return speaker.lower() in pronoun_types()


#: Determiners that open a description left unresolved ("the President" with no name in the article).
_DESCRIPTION_START = ("the ", "a ", "an ")


def is_named_voice(speaker: Any, speaker_type: Any) -> bool:
    """Whether a quote's speaker is a named person or organisation, the voices a report lists: of type
    :data:`LISTED_TYPES`, not a pronoun left unresolved ("I", "he") and not a person's title without a name
    ("the President", "the Head of State"; an organisation's "the Kremlin" is its name)."""
    if not isinstance(speaker, str) or not speaker or speaker_type not in LISTED_TYPES:
        return False
    untitled = speaker_type == "person" and speaker.lower().startswith(_DESCRIPTION_START)
    return not _is_pronoun(speaker) and not untitled


def quotes_table(quotes: Iterable[Quote | dict[str, Any]]) -> pd.DataFrame:
    """One row per quote: the record fields plus organisation, speaker_type, anonymous, mention and word
    count (:func:`helpers.text.count_words`)."""
    rows = _as_dicts(quotes)
    cols = list(RECORD_KEYS) + ["organisation", "speaker_type", "anonymous", "mention"]
    df = pd.DataFrame(rows, columns=cols)
    df["words"] = df["quote"].map(lambda s: count_words(s) if isinstance(s, str) else 0).astype(int)
    return df


def source_audit(quotes: Iterable[Quote | dict[str, Any]]) -> pd.DataFrame:
    """Who is given voice: one row per speaker.

    Each name of a coordinated speaker ("Putin and Lukashenko said …") gets its own row, counting the
    quote once for each. Scare quotes, quotes without a speaker and pronouns left unresolved ("he") are
    left out. Every speaker type is listed (:data:`~helpers.quotes.records.SPEAKER_TYPES`); only the
    ``person`` and ``organisation`` rows (:data:`LISTED_TYPES`) are meant to be shown as "people and
    bodies quoted" — unnamed, vague and non-human sources ("officials", "critics", "evidence") are
    reported by type (:func:`audit_by_type`), not as voices.

    Returns:
        DataFrame with columns :data:`AUDIT_COLUMNS`: speaker, speaker_type, role, organisation, n_direct,
        n_partial, n_indirect, words_quoted (words inside direct and partial quotes,
        :func:`helpers.text.count_words`), anonymous, paraphrased_only (only indirect speech, never quoted
        in their own words); sorted by words quoted, then direct and indirect quotes.
    """
    cols = list(AUDIT_COLUMNS)
    rows: dict[str, dict[str, Any]] = {}
    for q in _as_dicts(quotes):
        kind = q.get("kind")
        if kind == "scare" or not q.get("speaker"):
            continue
        types = list(q.get("speaker_types") or ()) + [q.get("speaker_type")] * len(q["speakers"])
        for name, kind_of_speaker in zip(q["speakers"], types):
            if not name or _is_pronoun(name):
                continue
            row = rows.setdefault(name, {"speaker": name, "speaker_type": kind_of_speaker, "role": None,
                                         "organisation": None, "n_direct": 0, "n_partial": 0, "n_indirect": 0,
                                         "words_quoted": 0, "anonymous": False})
            row["speaker_type"] = row["speaker_type"] or kind_of_speaker
            if len(q["speakers"]) == 1:
                row["role"] = row["role"] or q.get("role")
                row["organisation"] = row["organisation"] or q.get("organisation")
            row["anonymous"] = bool(row["anonymous"] or kind_of_speaker == "anonymous"
                                    or (len(q["speakers"]) == 1 and q.get("anonymous")))
            if kind in _COUNTED_KINDS:
                row[f"n_{kind}"] += 1
            if kind in ("direct", "partial"):
                row["words_quoted"] += count_words(q.get("quote") or "")
    df = pd.DataFrame(list(rows.values()), columns=cols[:-1])
    df["paraphrased_only"] = (df["n_indirect"] > 0) & (df["n_direct"] + df["n_partial"] == 0)
    for col in ("n_direct", "n_partial", "n_indirect", "words_quoted"):
        df[col] = df[col].astype(int)
    df["anonymous"] = df["anonymous"].astype(bool)
    df["paraphrased_only"] = df["paraphrased_only"].astype(bool)
    return df.sort_values(["words_quoted", "n_direct", "n_indirect"], ascending=False,
                          kind="stable").reset_index(drop=True)[cols]


def audit_by_type(quotes: Iterable[Quote | dict[str, Any]]) -> pd.DataFrame:
    """Quotes and words quoted by speaker type, for the reports.

    Every attributed quote (direct, partial or indirect, with a speaker) counts once, under the type of its
    speaker (an unresolved pronoun under the type its pronoun gives; coordinated speakers under the first
    one's type).

    Returns:
        DataFrame with columns :data:`TYPE_COLUMNS` (speaker_type, n_quotes, n_direct, n_partial,
        n_indirect, words_quoted), one row per type of :data:`~helpers.quotes.records.SPEAKER_TYPES` in
        that order, zeros included.
    """
    counts = {t: dict.fromkeys(TYPE_COLUMNS[1:], 0) for t in SPEAKER_TYPES}
    for q in _as_dicts(quotes):
        kind, kind_of_speaker = q.get("kind"), q.get("speaker_type")
        if kind not in _COUNTED_KINDS or not q.get("speaker") or kind_of_speaker not in counts:
            continue
        row = counts[kind_of_speaker]
        row["n_quotes"] += 1
        row[f"n_{kind}"] += 1
        if kind in ("direct", "partial"):
            row["words_quoted"] += count_words(q.get("quote") or "")
    df = pd.DataFrame([{"speaker_type": t, **counts[t]} for t in SPEAKER_TYPES], columns=list(TYPE_COLUMNS))
    for col in TYPE_COLUMNS[1:]:
        df[col] = df[col].astype(int)
    return df
