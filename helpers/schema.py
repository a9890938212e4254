"""The tables of a run folder: their columns, Arrow types and what each column means.

A *run folder* is the one shape of framelab's results, whoever writes it (notebooks 01–04 stage by stage,
``python -m helpers pipeline`` in one pass, :func:`helpers.analyze`) and whoever reads it (notebook 05,
``compare``, a user's own notebook). Every writer builds its tables with :func:`arrow_table` and every
reader gets them back through :func:`frame`, so the same input gives the same columns and types on every
path. :func:`describe` lists every column with its meaning (the README's data dictionary is built from it).

Offsets (``start``, ``end``, ``*_start``, ``*_end``) are character offsets into ``articles.text``:
``text[start:end]`` is the span. Rates per 1,000 words divide by ``articles.n_words``
(:func:`helpers.text.count_words`), the one word count.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import pandas as pd
import pyarrow as pa

_s, _i, _f, _b = pa.string(), pa.int64(), pa.float64(), pa.bool_()


@dataclass(frozen=True)
class Column:
    """One column: its name, Arrow type and a one-line meaning."""

    name: str
    type: pa.DataType
    meaning: str


@dataclass(frozen=True)
class Table:
    """One table of the run folder.

    Attributes:
        name: file stem in the run folder (``NAME.parquet``).
        meaning: what one row is.
        stage: the stage that writes it (``ingest``, ``rhetoric``, ``quotes``, ``framing``).
        columns: the columns in order; ``article_id`` (or ``id`` for ``articles``) first.
    """

    name: str
    meaning: str
    stage: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        """Column names in order."""
        return [c.name for c in self.columns]

    @property
    def schema(self) -> pa.Schema:
        """The Arrow schema, each field carrying its meaning as metadata."""
        return pa.schema([pa.field(c.name, c.type, metadata={"meaning": c.meaning}) for c in self.columns])


def _table(name: str, stage: str, meaning: str, *columns: tuple[str, pa.DataType, str]) -> Table:
    return Table(name, meaning, stage, tuple(Column(*c) for c in columns))


_ARTICLE_ID = ("article_id", _s, "the article (``articles.id``)")
_START = ("start", _i, "character offset of the span's first character in ``articles.text``")
_END = ("end", _i, "character offset just after the span")

#: Every table of a run folder, in writing order.
TABLES: dict[str, Table] = {t.name: t for t in (
    _table("articles", "ingest", "one article that was read and kept",
           ("id", _s, "stable id: a hash of where the text came from and the text"),
           ("source_path", _s, "the file (and record) the article was read from"),
           ("kind", _s, "input format: text, html, feed, jsonl, csv, json"),
           ("source", _s, "outlet or publisher, when the input says"),
           ("url", _s, "address of the article, when known"),
           ("title", _s, "headline"),
           ("byline", _s, "author(s), when known"),
           ("date", _s, "publication date, ISO 8601 (null when absent or impossible)"),
           ("text", _s, "clean article text: plain, boilerplate removed; every offset points into it"),
           ("language", _s, "ISO 639-1 code detected by py3langid"),
           ("n_words", _i, "words in text (helpers.text.count_words): the denominator of every per-1,000-words rate"),
           ("dup_cluster", _s, "id shared by exact and near duplicates (MinHash, Jaccard >= 0.8)"),
           ("bias", _s, "left / center / right when the input carries a bias label"),
           ("topic", _s, "topic label when the input carries one"),
           ("extra", _s, "JSON object of the input record's other fields (kept for grouping, e.g. speaker_side)")),
    _table("sentences", "rhetoric", "one sentence with its TextBlob sentiment",
           _ARTICLE_ID,
           ("sent_index", _i, "position of the sentence in the article, from 0"),
           _START, _END,
           ("polarity", _f, "TextBlob (Pattern lexicon) polarity, -1 negative .. +1 positive"),
           ("subjectivity", _f, "TextBlob subjectivity, 0 objective .. 1 subjective"),
           ("assessments", _s, "the words that produced the scores, '; '-joined")),
    _table("rhetoric_spans", "rhetoric", "one rhetoric finding: a hedge, booster, loaded or fear word, or a "
           "persuasion-technique candidate",
           _ARTICLE_ID, _START, _END,
           ("category", _s, "hedge, booster, loaded, fear or technique"),
           ("label", _s, "the technique (SemEval-2020 Task 11 label) or the word-list entry that matched"),
           ("text", _s, "the span's words, text[start:end]"),
           ("voice", _s, "author, or quoted when the span lies inside words attributed to a speaker"),
           ("speaker", _s, "the speaker whose words hold the span (null in the author's voice)"),
           ("score", _f, "the learned tagger's confidence in a span it added (null for word-list and rule findings)")),
    _table("quotes", "quotes", "one quote: direct, partial, indirect (reported speech) or scare quote",
           _ARTICLE_ID,
           ("quote", _s, "the quoted or reported words, without quotation marks"),
           _START, _END,
           ("kind", _s, "direct, partial, indirect or scare"),
           ("speaker", _s, "resolved speaker: a full name, an organisation or the source's noun phrase"),
           ("speaker_start", _i, "offset of the speaker mention as written (a pronoun stays the pronoun)"),
           ("speaker_end", _i, "end offset of the speaker mention"),
           ("cue", _s, "the reporting word or phrase (said, according to, claim ...)"),
           ("cue_start", _i, "offset of the cue"),
           ("cue_end", _i, "end offset of the cue"),
           ("role", _s, "the speaker's title or description (President, an analyst at ...)"),
           ("organisation", _s, "the speaker's affiliation, when the article gives it"),
           ("speaker_type", _s, "person, organisation, anonymous (unnamed person or group), unspecified "
                                "(vague collective: critics, observers) or non_human (evidence, a report)"),
           ("anonymous", _b, "true when the source is not named (speaker_type anonymous)"),
           ("n_words", _i, "words in quote (helpers.text.count_words)")),
    _table("speakers", "quotes", "one speaker of one article: the source audit",
           _ARTICLE_ID,
           ("speaker", _s, "resolved speaker"),
           ("speaker_type", _s, "person, organisation, anonymous, unspecified or non_human"),
           ("role", _s, "title or description"),
           ("organisation", _s, "affiliation"),
           ("n_direct", _i, "direct quotes"),
           ("n_partial", _i, "partial quotes (a phrase in quotation marks inside the author's sentence)"),
           ("n_indirect", _i, "indirect quotes (reported speech, 'according to')"),
           ("words_quoted", _i, "words in the speaker's direct and partial quotes"),
           ("anonymous", _b, "the source is not named"),
           ("paraphrased_only", _b, "only reported speech, never quoted in their own words")),
    _table("actors", "framing", "one actor mention normalised to a country or organisation",
           _ARTICLE_ID,
           ("text", _s, "the mention as written"),
           ("code", _s, "ISO 3166 alpha-3 for states (SUN: Soviet Union) or an organisation code (NATO, EU)"),
           ("country", _s, "ISO3 of the country the actor belongs to (null for international bodies)"),
           ("role", _s, "state, government, leader, military, people, place, judiciary, legislature, media, "
                        "business, opposition, organisation ..."),
           ("kind", _s, "dictionary entry type: name, demonym, capital, place, institution, leader ..."),
           ("sent_index", _i, "sentence holding the mention"),
           _START, _END),
    _table("frames", "framing", "one frame of one article with its score",
           _ARTICLE_ID,
           ("kind", _s, "generic (Semetko & Valkenburg 2000) or issue (Media Frames Corpus dimensions)"),
           ("frame", _s, "frame name"),
           ("score", _f, "0..1; generic: evidence score; issue: share of the article's issue-cue mass"),
           ("threshold", _f, "the score at which the frame counts as present"),
           ("present", _b, "score reaches threshold"),
           ("items", _s, "coding questions answered yes (generic frames), comma-joined")),
    _table("frame_evidence", "framing", "one sentence carrying a frame that is present in the article",
           _ARTICLE_ID,
           ("kind", _s, "generic or issue"),
           ("frame", _s, "frame name"),
           ("sent_index", _i, "the sentence"),
           _START, _END,
           ("score", _f, "the sentence's score for the frame"),
           ("cues", _s, "the cues and rules that fired, '; '-joined (item:cue)")),
    _table("events", "framing", "one who-does-what-to-whom event coded with CAMEO",
           _ARTICLE_ID,
           ("actor", _s, "who acts (the mention or the subject's phrase)"),
           ("actor_code", _s, "the actor's code when it is a known actor"),
           ("action", _s, "the event word's lemma"),
           ("cameo", _s, "CAMEO event code (PETRARCH2 dictionary), e.g. 190"),
           ("cameo_root", _s, "the two-digit CAMEO root, e.g. 19"),
           ("target", _s, "to whom"),
           ("target_code", _s, "the target's code when it is a known actor"),
           ("nominal", _b, "a noun event (invasion of Ukraine) rather than a verb"),
           ("negated", _b, "the text says it did not happen or was not done; left out of every count"),
           ("sent_index", _i, "the sentence"),
           _START, _END),
    _table("claims", "framing", "one checkable number: money, percentage, quantity, count, date, duration, age",
           _ARTICLE_ID, _START, _END,
           ("kind", _s, "money, percent, quantity, count, date, duration or age"),
           ("value", _f, "the number (money in units of its currency, a date as its year)"),
           ("unit", _s, "normalised unit (USD, %, km, year, a counted noun)"),
           ("text", _s, "the claim as written")),
)}

#: Columns of ``rejected.csv``: every input or article left out, with the reason.
REJECTED_COLUMNS: tuple[str, ...] = ("source_path", "article_id", "reason")

#: Tables each stage writes.
STAGE_TABLES: dict[str, tuple[str, ...]] = {}
for _t in TABLES.values():
    STAGE_TABLES.setdefault(_t.stage, ())
    STAGE_TABLES[_t.stage] += (_t.name,)

#: The stages in run order.
STAGES: tuple[str, ...] = tuple(STAGE_TABLES)


def _cell(value: Any, kind: pa.DataType) -> Any:
    """A value as the column's Python type; NaN, NA and NaT become null."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False) if pa.types.is_string(kind) else value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if pa.types.is_string(kind):
        return value.isoformat() if isinstance(value, pd.Timestamp) else str(value)
    if pa.types.is_integer(kind):
        return int(value)
    if pa.types.is_floating(kind):
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    if pa.types.is_boolean(kind):
        return bool(value)
    return value


def table(name: str) -> Table:
    """The :class:`Table` of a name.

    Raises:
        KeyError: naming the tables there are, for an unknown name.
    """
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; tables are {', '.join(TABLES)}")
    return TABLES[name]


def arrow_table(name: str, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Rows (dicts; extra keys ignored, missing ones null) as an Arrow table with the table's schema.

    Raises:
        KeyError: for an unknown table name.
    """
    spec = table(name)
    columns: dict[str, list[Any]] = {c.name: [] for c in spec.columns}
    for row in rows:
        for c in spec.columns:
            columns[c.name].append(_cell(row.get(c.name), c.type))
    return pa.Table.from_pydict(columns, schema=spec.schema)


def from_frame(name: str, df: pd.DataFrame) -> pa.Table:
    """A DataFrame as an Arrow table with the table's schema (columns it lacks are null)."""
    return arrow_table(name, df.to_dict("records"))


def frame(name: str, data: pa.Table | Iterable[Mapping[str, Any]] | None = None) -> pd.DataFrame:
    """The pandas form of a table, the same on every path: Arrow-typed, then ``to_pandas``.

    Args:
        name: table name.
        data: an Arrow table (as read from Parquet), rows, or ``None`` for the empty table.
    """
    if data is None:
        data = TABLES[name].schema.empty_table()
    elif not isinstance(data, pa.Table):
        data = arrow_table(name, data)
    else:
        data = data.select(TABLES[name].names).cast(TABLES[name].schema)
    return data.to_pandas()


def empty(name: str) -> pd.DataFrame:
    """The empty table with its columns and types."""
    return frame(name)


def describe() -> pd.DataFrame:
    """Every column of every table: ``table, column, type, meaning`` (the data dictionary)."""
    rows = [{"table": t.name, "column": c.name, "type": str(c.type), "meaning": c.meaning}
            for t in TABLES.values() for c in t.columns]
    return pd.DataFrame(rows, columns=["table", "column", "type", "meaning"])
