"""Tables from quotes: the per-article stage record, one row per quote, and the source audit."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

import pandas as pd
from spacy.tokens import Doc

from helpers.text import count_words

from .extract import extract_quotes
from .lexicon import anonymous_nouns
from .records import RECORD_KEYS, Quote

#: Columns of :func:`source_audit`, in order.
AUDIT_COLUMNS: tuple[str, ...] = ("speaker", "role", "organisation", "n_direct", "n_partial", "n_indirect",
                                  "words_quoted", "anonymous", "paraphrased_only")


def stage_record(doc: Doc) -> dict[str, Any]:
    """The CLI's per-article output (``python -m helpers quotes``), without the ``id`` the CLI adds.

    Args:
        doc: the parsed article.

    Returns:
        ``{"quotes": [record, ...]}``, each record a dict with exactly :data:`RECORD_KEYS`, sorted by start.
    """
    return {"quotes": [q.record() for q in extract_quotes(doc)]}


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
    rows = []
    for q in quotes:
        row = asdict(q) if isinstance(q, Quote) else dict(q)
        row.setdefault("organisation", None)
        row.setdefault("anonymous", _looks_anonymous(row.get("speaker")))
        row.setdefault("mention", None)
        rows.append(row)
    return rows


def quotes_table(quotes: Iterable[Quote | dict[str, Any]]) -> pd.DataFrame:
    """One row per quote: the record fields plus organisation, anonymous, mention and word count
    (:func:`helpers.text.count_words`)."""
    rows = _as_dicts(quotes)
    cols = list(RECORD_KEYS) + ["organisation", "anonymous", "mention"]
    df = pd.DataFrame(rows, columns=cols)
    df["words"] = df["quote"].map(lambda s: count_words(s) if isinstance(s, str) else 0).astype(int)
    return df


def source_audit(quotes: Iterable[Quote | dict[str, Any]]) -> pd.DataFrame:
    """Who is given voice: one row per speaker (scare quotes and unresolved speakers left out).

    Returns:
        DataFrame with columns :data:`AUDIT_COLUMNS`: speaker, role, organisation, n_direct, n_partial,
        n_indirect, words_quoted (words inside direct and partial quotes, :func:`helpers.text.count_words`),
        anonymous, paraphrased_only (only indirect speech, never quoted in their own words); sorted by
        words quoted, then quotes.
    """
    cols = list(AUDIT_COLUMNS)
    rows: dict[str, dict[str, Any]] = {}
    for q in _as_dicts(quotes):
        if q.get("kind") == "scare" or not q.get("speaker"):
            continue
        row = rows.setdefault(q["speaker"], {"speaker": q["speaker"], "role": None, "organisation": None,
                                             "n_direct": 0, "n_partial": 0, "n_indirect": 0,
                                             "words_quoted": 0, "anonymous": False})
        row["role"] = row["role"] or q.get("role")
        row["organisation"] = row["organisation"] or q.get("organisation")
        row["anonymous"] = bool(row["anonymous"] or q.get("anonymous"))
        kind = q.get("kind")
        if kind in ("direct", "partial", "indirect"):
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
