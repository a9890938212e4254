"""The corpus pipeline: ingestion, rhetoric, quotes and framing in one pass, Parquet tables out.

::

    python -m helpers pipeline --in CORPUS.jsonl.gz --out DIR [--jobs N] [--engine local|dask]

How it runs (the design of issue 4):

1. **Ingestion is streamed**: :func:`helpers.ingest.iter_ingest` yields one article (or one rejected
   input) at a time; duplicates are clustered incrementally (:class:`helpers.ingest.DuplicateIndex`) in
   the driver process, and articles are grouped into chunks of ``chunk_size``.
2. **One parse per text, shared by all stages**: a worker parses a chunk with ``nlp.pipe`` (the shared
   pipeline of :func:`helpers.nlp.load_nlp`, loaded once per worker) and calls the rhetoric, quote and
   framing stages on the same :class:`~spacy.tokens.Doc` (:func:`analyze_article`).
3. **Parallel over chunks**: the ``local`` engine maps :func:`analyze_chunk` with a process pool
   (:class:`concurrent.futures.ProcessPoolExecutor`, ``jobs`` workers forked before the driver starts
   ingesting; each loads spaCy and warms the stages once in its initializer); the ``dask`` engine maps
   the *same* function with a :mod:`distributed` client (a ``LocalCluster`` by default, or
   ``scheduler=ADDRESS``). At most ``2 * jobs`` chunks are in flight and results are written in input
   order, so both engines write the same tables and memory stays bounded by a few chunks whatever the
   corpus size. ``jobs=1`` runs in the calling process.
4. **Incremental Parquet**: each table has a fixed Arrow schema (:data:`SCHEMAS`) and its own
   :class:`pyarrow.parquet.ParquetWriter`; a chunk's rows are appended as one row group, so an empty table
   still has its columns.
5. **Bad articles never stop the run**: an article whose analysis raises is logged with its id, listed in
   ``rejected.csv`` with reason ``"analysis failed: article ID: Error: message"`` and skipped; a worker
   process that dies takes only its in-flight chunks to the ledger, and a fresh pool continues.

Tables written under ``out_dir`` (see :data:`SCHEMAS`): ``articles``, ``sentences``, ``rhetoric_spans``,
``quotes``, ``speakers``, ``actors``, ``frames``, ``frame_evidence`` (the sentences carrying each generic
frame present in the article: what the article view highlights), ``events``, ``claims`` (``.parquet``),
``rejected.csv``
(``source_path``, ``reason``) and ``timing.json`` (CPU seconds per stage: ``ingest``, ``parse``, ``rhetoric``,
``quotes``, ``frames``, ``write``, the worker stages summed over workers, so the split does not depend on
other load on the machine; plus ``wall``, the elapsed seconds, and ``articles_per_second`` over wall time).

The map-over-partitions design follows the Dask best practices for embarrassingly parallel work
(``Client.map`` / ``dask.bag`` over chunks, tasks of a second or more, load big objects once per worker).
"""
from __future__ import annotations

import csv
import dataclasses
import json
import logging
import os
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from helpers import config

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------------
# Table schemas
# --------------------------------------------------------------------------------------------------

#: Article-table columns carried over from ingestion (``helpers.ingest.ARTICLE_COLUMNS``; missing ones are
#: written as null, except ``n_words``, counted as ingestion counts it: whitespace-separated words).
INGEST_COLUMNS: tuple[str, ...] = ("id", "source_path", "kind", "source", "url", "title", "byline", "date",
                                   "text", "language", "n_words", "dup_cluster", "bias", "topic")

#: The 11 keys of a quote record (issue 7).
QUOTE_KEYS: tuple[str, ...] = ("quote", "start", "end", "kind", "speaker", "speaker_start", "speaker_end",
                               "cue", "cue_start", "cue_end", "role")

#: The columns of :func:`helpers.quotes.source_audit`.
SPEAKER_COLUMNS: tuple[str, ...] = ("speaker", "role", "organisation", "n_direct", "n_partial",
                                    "n_indirect", "words_quoted", "anonymous", "paraphrased_only")

_s, _i, _f, _b = pa.string(), pa.int64(), pa.float64(), pa.bool_()

#: Fixed Arrow schema of every output table (empty tables keep their columns).
SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("id", _s), ("source_path", _s), ("kind", _s), ("source", _s), ("url", _s), ("title", _s), ("byline", _s),
        ("date", _s), ("text", _s), ("language", _s), ("n_words", _i), ("dup_cluster", _s), ("bias", _s),
        ("topic", _s), ("n_sentences", _i), ("mean_polarity", _f), ("mean_subjectivity", _f),
        ("countries", _s),
    ]),
    "sentences": pa.schema([
        ("article_id", _s), ("sent_index", _i), ("start", _i), ("end", _i), ("polarity", _f),
        ("subjectivity", _f),
    ]),
    "rhetoric_spans": pa.schema([
        ("article_id", _s), ("start", _i), ("end", _i), ("category", _s), ("label", _s), ("text", _s),
    ]),
    "quotes": pa.schema([
        ("article_id", _s), ("quote", _s), ("start", _i), ("end", _i), ("kind", _s), ("speaker", _s),
        ("speaker_start", _i), ("speaker_end", _i), ("cue", _s), ("cue_start", _i), ("cue_end", _i),
        ("role", _s),
    ]),
    "speakers": pa.schema([
        ("article_id", _s), ("speaker", _s), ("role", _s), ("organisation", _s), ("n_direct", _i),
        ("n_partial", _i), ("n_indirect", _i), ("words_quoted", _i), ("anonymous", _b),
        ("paraphrased_only", _b),
    ]),
    "actors": pa.schema([
        ("article_id", _s), ("text", _s), ("code", _s), ("role", _s), ("start", _i), ("end", _i),
    ]),
    "frames": pa.schema([
        ("article_id", _s), ("kind", _s), ("frame", _s), ("score", _f), ("present", _b),
    ]),
    "frame_evidence": pa.schema([
        ("article_id", _s), ("frame", _s), ("sentence_index", _i), ("start", _i), ("end", _i), ("score", _f),
        ("cues", _s),
    ]),
    "events": pa.schema([
        ("article_id", _s), ("actor", _s), ("action", _s), ("cameo", _s), ("cameo_root", _s),
        ("target", _s), ("start", _i), ("end", _i),
    ]),
    "claims": pa.schema([
        ("article_id", _s), ("start", _i), ("end", _i), ("kind", _s), ("value", _f), ("unit", _s),
        ("text", _s),
    ]),
}

#: Output tables in writing order.
TABLES: tuple[str, ...] = tuple(SCHEMAS)
#: Columns of the rejected ledger.
REJECTED_COLUMNS: tuple[str, ...] = ("source_path", "reason")
#: Stages timed in ``timing.json``.
TIMED_STAGES: tuple[str, ...] = ("ingest", "parse", "rhetoric", "quotes", "frames", "write")
#: ``nlp.pipe`` batch size in a worker. The parser and NER precompute features for a whole batch, so a
#: worker's peak memory grows with it: on 96 corpus articles (about 1,300 words each) the peak RSS of one
#: worker was 525 MiB at 4, 592 MiB at 8 and 1,133 MiB at 32, for the same CPU time (within 10 %).
PARSE_BATCH: int = 8
#: The engines :func:`run_pipeline` accepts.
ENGINES: tuple[str, ...] = ("local", "dask")

# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


@dataclass
class ChunkResult:
    """What one worker returns for one chunk of articles.

    Attributes:
        tables: table name -> Arrow table of the chunk's rows (schema from :data:`SCHEMAS`).
        rejected: ``{"source_path", "reason"}`` for each article whose analysis failed.
        failed_ids: the ids of those articles, in the same order.
        timing: seconds spent per stage (``parse``, ``rhetoric``, ``quotes``, ``frames``) in this chunk.
        n_articles: articles analysed successfully.
    """

    tables: dict[str, pa.Table]
    rejected: list[dict[str, str]]
    failed_ids: list[str]
    timing: dict[str, float]
    n_articles: int


@dataclass
class PipelineSummary:
    """Counts and timings of one :func:`run_pipeline` run; ``str()`` gives a one-paragraph summary.

    Attributes:
        out_dir: the output folder.
        engine: ``"local"`` or ``"dask"``.
        jobs: worker processes used.
        n_articles: articles analysed and written to ``articles.parquet``.
        n_rejected_inputs: inputs rejected by ingestion.
        n_failed: articles whose analysis failed (also in ``rejected.csv``).
        rows: table name -> rows written.
        seconds: stage -> CPU seconds (``timing.json``; worker stages summed over workers).
        wall_seconds: elapsed time of the whole run.
    """

    out_dir: Path
    engine: str
    jobs: int
    n_articles: int = 0
    n_rejected_inputs: int = 0
    n_failed: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    wall_seconds: float = 0.0

    @property
    def articles_per_second(self) -> float:
        """Articles analysed per second of wall time (0 when nothing ran)."""
        return self.n_articles / self.wall_seconds if self.wall_seconds > 0 else 0.0

    def __str__(self) -> str:
        rows = ", ".join(f"{n:,} {name}" for name, n in self.rows.items() if name != "articles")
        stages = ", ".join(f"{name} {sec:.1f}s" for name, sec in self.seconds.items())
        return (f"Pipeline ({self.engine} engine, {self.jobs} worker(s)) analysed {self.n_articles:,} articles "
                f"in {self.wall_seconds:.1f}s ({self.articles_per_second:.1f} articles/s); "
                f"{self.n_rejected_inputs:,} input(s) rejected by ingestion and {self.n_failed:,} article(s) "
                f"failed analysis (see rejected.csv). Rows written: {rows}. CPU time by stage (worker stages "
                f"summed over workers): {stages}. Tables in {self.out_dir}.")


# --------------------------------------------------------------------------------------------------
# Per-article analysis (pure, top level: both engines map the same function)
# --------------------------------------------------------------------------------------------------


#: The clock of the worker stages: CPU seconds of the worker process (all its threads), so the split
#: between stages does not depend on other load on the machine. Driver stages use ``time.thread_time``.
_cpu: Callable[[], float] = time.process_time


def _stage_modules() -> tuple[Any, Any, Any]:
    """Import the three stage modules (lazily, so this module imports without them)."""
    from helpers import frames, quotes, rhetoric

    return rhetoric, quotes, frames


def _none_if_nan(value: Any) -> Any:
    """``None`` for NaN / NA / NaT, the value otherwise (pandas missing values -> Parquet nulls)."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # lists, arrays
        return value
    return value


def _as_str(value: Any) -> str | None:
    value = _none_if_nan(value)
    if value is None:
        return None
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    return str(value)


def _as_int(value: Any) -> int | None:
    value = _none_if_nan(value)
    return None if value is None else int(value)


def _as_float(value: Any) -> float | None:
    value = _none_if_nan(value)
    return None if value is None else float(value)


def _number(value: Any) -> float | None:
    """A float, or ``None`` for missing or non-numeric values (a claim's value may be unparsable)."""
    try:
        return _as_float(value)
    except (TypeError, ValueError):
        return None


def _span_text(text: str, start: Any, end: Any) -> str | None:
    if start is None or end is None:
        return None
    return text[int(start):int(end)]


def _cameo_root(cameo: Any) -> str | None:
    """The two-digit CAMEO root of a code (``"173"`` -> ``"17"``, ``13`` -> ``"13"``)."""
    code = _as_str(cameo)
    if not code:
        return None
    digits = "".join(ch for ch in code if ch.isdigit())
    if not digits:
        return None
    return digits.zfill(2)[:2] if len(digits) < 2 else digits[:2]


def _has_quote_keys(quote: Any) -> bool:
    if isinstance(quote, dict):
        return all(k in quote for k in QUOTE_KEYS)
    return all(hasattr(quote, k) for k in QUOTE_KEYS)


def _quote_record(quote: Any) -> dict[str, Any]:
    """A :class:`helpers.quotes.Quote` (dataclass or mapping) as a dict of the 11 quote keys."""
    if isinstance(quote, dict):
        return {k: quote.get(k) for k in QUOTE_KEYS}
    if dataclasses.is_dataclass(quote):
        data = dataclasses.asdict(quote)
        if all(k in data for k in QUOTE_KEYS):
            return {k: data[k] for k in QUOTE_KEYS}
    return {k: getattr(quote, k, None) for k in QUOTE_KEYS}


def _quote_stage(doc: Any) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """Quote records and source audit of one Doc, extracting the quotes once where the module allows."""
    _, quotes, _ = _stage_modules()
    found = quotes.extract_quotes(doc)
    if all(_has_quote_keys(q) for q in found):
        records = [_quote_record(q) for q in found]
    else:  # the Quote record does not carry the schema's keys: ask the stage for its records
        records = list(quotes.stage_record(doc)["quotes"])
    audit = quotes.source_audit(found)
    return records, audit


def _article_row(article: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in INGEST_COLUMNS:
        value = article.get(name)
        row[name] = _as_int(value) if name == "n_words" else _as_str(value)
    if row["n_words"] is None and isinstance(article.get("text"), str):
        row["n_words"] = len(article["text"].split())
    return row


def analyze_article(article: dict[str, Any], doc: Any = None,
                    timing: dict[str, float] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Run rhetoric, quotes and framing on one article and return its rows for every output table.

    Args:
        article: one article-table record (``id`` and ``text`` required; other ingestion columns are
            carried into the ``articles`` row, missing ones become null).
        doc: the article's parse by the shared pipeline; ``None`` parses ``text`` here (truncated to
            :data:`helpers.config.MAX_PARSE_CHARS`). All three stages read this one Doc.
        timing: optional dict to which the seconds spent per stage are added
            (``parse``, ``rhetoric``, ``quotes``, ``frames``).

    Returns:
        Table name (see :data:`SCHEMAS`) -> list of row dicts for this article.

    Raises:
        Exception: whatever a stage raises; :func:`analyze_chunk` turns it into a ledger entry.
    """
    rhetoric, _, frames = _stage_modules()
    timing = timing if timing is not None else {}
    article_id = _as_str(article.get("id"))
    if article_id is None:
        raise ValueError("article has no id")
    text = article.get("text")
    if not isinstance(text, str):
        raise ValueError("article has no text")
    if doc is None:
        from helpers.nlp import load_nlp

        t0 = _cpu()
        doc = load_nlp()(_parse_text(text, article_id))
        timing["parse"] = timing.get("parse", 0.0) + _cpu() - t0
    doc.user_data["id"] = article_id  # stage warnings name the article

    t0 = _cpu()
    rhet = rhetoric.stage_record(doc)
    t1 = _cpu()
    quote_records, audit = _quote_stage(doc)
    t2 = _cpu()
    detected = frames.detect_frames(doc)  # detected once: the record and the evidence table share it
    frame = frames.stage_record(doc, result=detected)
    evidence = list(detected.evidence)
    t3 = _cpu()
    for name, sec in (("rhetoric", t1 - t0), ("quotes", t2 - t1), ("frames", t3 - t2)):
        timing[name] = timing.get(name, 0.0) + sec

    sentences = [{"article_id": article_id, "sent_index": i, "start": _as_int(s.get("start")),
                  "end": _as_int(s.get("end")), "polarity": _as_float(s.get("polarity")),
                  "subjectivity": _as_float(s.get("subjectivity"))}
                 for i, s in enumerate(rhet.get("sentences", []))]
    spans = [{"article_id": article_id, "start": _as_int(s.get("start")), "end": _as_int(s.get("end")),
              "category": _as_str(s.get("category")), "label": _as_str(s.get("label")),
              "text": _span_text(text, s.get("start"), s.get("end"))}
             for s in rhet.get("spans", [])]
    quotes_rows = [{"article_id": article_id, **{k: (_as_int(q.get(k)) if SCHEMAS["quotes"].field(k).type == _i
                                                      else _as_str(q.get(k))) for k in QUOTE_KEYS}}
                   for q in quote_records]
    speakers = []
    if audit is not None and len(audit):
        for rec in audit.to_dict("records"):
            speakers.append({
                "article_id": article_id,
                **{k: _as_str(rec.get(k)) for k in ("speaker", "role", "organisation")},
                **{k: _as_int(rec.get(k)) for k in ("n_direct", "n_partial", "n_indirect", "words_quoted")},
                **{k: (None if _none_if_nan(rec.get(k)) is None else bool(rec.get(k)))
                   for k in ("anonymous", "paraphrased_only")},
            })
    actors = [{"article_id": article_id, "text": _as_str(a.get("text")), "code": _as_str(a.get("code")),
               "role": _as_str(a.get("role")), "start": _as_int(a.get("start")), "end": _as_int(a.get("end"))}
              for a in frame.get("actors", [])]
    present = set(frame.get("frames", []))
    frame_rows = [{"article_id": article_id, "kind": "generic", "frame": str(name), "score": _as_float(score),
                   "present": name in present}
                  for name, score in (frame.get("generic_frames") or {}).items()]
    issue_min = float(getattr(frames, "ISSUE_PRESENT", 0.0))
    frame_rows += [{"article_id": article_id, "kind": "issue", "frame": str(name), "score": _as_float(score),
                    "present": bool(score is not None and float(score) > 0 and float(score) >= issue_min)}
                   for name, score in (frame.get("issue_frames") or {}).items()]
    evidence_rows = [{"article_id": article_id, "frame": str(ev.frame),
                      "sentence_index": _as_int(getattr(ev, "sentence_index", None)),
                      "start": _as_int(ev.start), "end": _as_int(ev.end),
                      "score": _number(getattr(ev, "score", None)),
                      "cues": "; ".join(str(c) for c in (getattr(ev, "cues", None) or [])) or None}
                     for ev in evidence if str(getattr(ev, "frame", "")) in present]
    events = [{"article_id": article_id, "actor": _as_str(e.get("actor")), "action": _as_str(e.get("action")),
               "cameo": _as_str(e.get("cameo")), "cameo_root": _cameo_root(e.get("cameo")),
               "target": _as_str(e.get("target")), "start": _as_int(e.get("start")), "end": _as_int(e.get("end"))}
              for e in frame.get("events", [])]
    claims = [{"article_id": article_id, "start": _as_int(c.get("start")), "end": _as_int(c.get("end")),
               "kind": _as_str(c.get("kind")), "value": _number(c.get("value")), "unit": _as_str(c.get("unit")),
               "text": _span_text(text, c.get("start"), c.get("end"))}
              for c in frame.get("claims", [])]

    polarity = [s["polarity"] for s in sentences if s["polarity"] is not None]
    subjectivity = [s["subjectivity"] for s in sentences if s["subjectivity"] is not None]
    row = _article_row(article)
    row.update({
        "n_sentences": len(sentences),
        "mean_polarity": sum(polarity) / len(polarity) if polarity else None,
        "mean_subjectivity": sum(subjectivity) / len(subjectivity) if subjectivity else None,
        "countries": ";".join(str(c) for c in frame.get("countries", []) if c) or None,
    })
    return {"articles": [row], "sentences": sentences, "rhetoric_spans": spans, "quotes": quotes_rows,
            "speakers": speakers, "actors": actors, "frames": frame_rows, "frame_evidence": evidence_rows,
            "events": events, "claims": claims}


def _parse_text(text: str, article_id: str) -> str:
    if len(text) > config.MAX_PARSE_CHARS:
        log.warning("article %s: text of %d characters truncated to %d for parsing", article_id, len(text),
                    config.MAX_PARSE_CHARS)
        return text[: config.MAX_PARSE_CHARS]
    return text


def _failure(article: dict[str, Any], exc: BaseException) -> dict[str, str]:
    return {"source_path": _as_str(article.get("source_path")) or "",
            "reason": f"analysis failed: article {article.get('id')}: {type(exc).__name__}: {exc}"}


def _iter_docs(texts: list[str], batch_size: int, timing: dict[str, float]) -> Iterator[tuple[Any, BaseException | None]]:
    """Yield ``(doc, None)`` per text in order, or ``(None, error)`` where parsing that text failed.

    ``nlp.pipe`` parses in batches; if a batch raises, the rest of the chunk is parsed one text at a
    time so only the text that fails is lost.
    """
    from helpers.nlp import load_nlp

    nlp = load_nlp()
    stream = nlp.pipe(texts, batch_size=batch_size)
    done = 0
    while done < len(texts):
        t0 = _cpu()
        try:
            doc = next(stream)
        except StopIteration:  # pragma: no cover - pipe yields one doc per text
            break
        except Exception:  # a batch failed: fall back to one text at a time
            timing["parse"] = timing.get("parse", 0.0) + _cpu() - t0
            for text in texts[done:]:
                t0 = _cpu()
                try:
                    one = nlp(text)
                except Exception as exc:
                    yield None, exc
                else:
                    yield one, None
                finally:
                    timing["parse"] = timing.get("parse", 0.0) + _cpu() - t0
            return
        timing["parse"] = timing.get("parse", 0.0) + _cpu() - t0
        done += 1
        yield doc, None


def _to_tables(rows: dict[str, list[dict[str, Any]]]) -> dict[str, pa.Table]:
    return {name: pa.Table.from_pylist(rows.get(name, []), schema=schema) for name, schema in SCHEMAS.items()}


def analyze_chunk(articles: list[dict[str, Any]], batch_size: int = PARSE_BATCH) -> ChunkResult:
    """Parse a chunk of articles once (``nlp.pipe``) and analyse each with :func:`analyze_article`.

    This is the function both engines map over chunks. An article whose parse or analysis raises is
    reported in :attr:`ChunkResult.rejected` (reason ``"analysis failed: ..."``) and skipped.

    Args:
        articles: article records (``id``, ``text``, other ingestion columns).
        batch_size: ``nlp.pipe`` batch size.

    Returns:
        The chunk's rows as Arrow tables, its failures and its per-stage seconds.
    """
    timing: dict[str, float] = {name: 0.0 for name in ("parse", "rhetoric", "quotes", "frames")}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    rejected: list[dict[str, str]] = []
    failed: list[str] = []
    usable: list[dict[str, Any]] = []
    for article in articles:
        if not isinstance(article.get("text"), str) or _as_str(article.get("id")) is None:
            rejected.append(_failure(article, ValueError("no id or no text")))
            failed.append(str(article.get("id")))
        else:
            usable.append(article)
    texts = [_parse_text(a["text"], str(a["id"])) for a in usable]
    n_ok = 0
    for article, (doc, error) in zip(usable, _iter_docs(texts, batch_size, timing)):
        if error is None:
            try:
                out = analyze_article(article, doc, timing)
            except Exception as exc:  # one bad article never stops the corpus
                error = exc
        if error is not None:
            rejected.append(_failure(article, error))
            failed.append(str(article.get("id")))
            continue
        n_ok += 1
        for name, table_rows in out.items():
            rows[name].extend(table_rows)
    return ChunkResult(tables=_to_tables(rows), rejected=rejected, failed_ids=failed, timing=timing,
                       n_articles=n_ok)


# --------------------------------------------------------------------------------------------------
# Ingestion stream
# --------------------------------------------------------------------------------------------------


def _record(obj: Any) -> dict[str, Any]:
    """An ingestion item (dataclass, named tuple, mapping or object) as a plain dict."""
    if isinstance(obj, dict):
        return dict(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    if hasattr(obj, "_asdict"):
        return dict(obj._asdict())
    return dict(vars(obj))


def _is_rejected(item: Any) -> bool:
    from helpers import ingest

    rejected_type = getattr(ingest, "Rejected", None)
    if rejected_type is not None and isinstance(item, rejected_type):
        return True
    record = item if isinstance(item, dict) else None
    return record is not None and "reason" in record and "text" not in record


@dataclass
class _Stream:
    """Counters the ingestion stream fills as it is consumed (read by the driver)."""

    rejected: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    n_articles: int = 0


def _chunks(inputs: Sequence[Path], chunk_size: int, limit: int | None, state: _Stream) -> Iterator[list[dict[str, Any]]]:
    """Stream ingestion into chunks of article dicts, clustering duplicates as they arrive."""
    from helpers import ingest

    dup_index = ingest.DuplicateIndex()
    items = iter(ingest.iter_ingest([Path(p) for p in inputs], max_bytes=config.MAX_INPUT_BYTES, limit=limit))
    chunk: list[dict[str, Any]] = []
    while True:
        t0 = time.thread_time()
        try:
            item = next(items)
        except StopIteration:
            state.seconds += time.thread_time() - t0
            break
        if _is_rejected(item):
            rec = _record(item)
            state.rejected.append({"source_path": _as_str(rec.get("source_path")) or "",
                                   "reason": _as_str(rec.get("reason")) or ""})
            state.seconds += time.thread_time() - t0
            continue
        article = _record(item)
        article["dup_cluster"] = _as_str(dup_index.add(article.get("id"), article.get("text") or ""))
        state.n_articles += 1
        chunk.append(article)
        state.seconds += time.thread_time() - t0
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
        if limit is not None and state.n_articles >= limit:
            break
    if chunk:
        yield chunk


# --------------------------------------------------------------------------------------------------
# Engines
# --------------------------------------------------------------------------------------------------


#: A short passage run through every stage once per process, so lexicons, matchers and caches are built
#: before the first real chunk (and, with ``fork``, shared by the workers instead of built in each).
_WARM_UP_TEXT = ('"We will not accept pressure," said Foreign Minister Aibek Nurlanov in Astana on Tuesday.\n'
                 "Russia threatened Kazakhstan over the $40 billion trade deal, according to officials.")


def _init_worker() -> None:
    """Load spaCy and the stage modules once per process and run the stages on a short passage.

    Used as the pool initializer and, before forking, in the driver (the workers then inherit the loaded
    pipeline and its caches). A failure here is logged, never raised: the articles will report it.
    """
    from helpers.nlp import load_nlp

    load_nlp()
    try:
        _stage_modules()
        analyze_article({"id": "warm-up", "text": _WARM_UP_TEXT})
    except Exception as exc:  # the per-article error handling reports real failures
        log.warning("warm-up of the analysis stages failed: %r", exc)


def _map_inline(chunks: Iterable[list[dict[str, Any]]], batch_size: int) -> Iterator[ChunkResult]:
    for chunk in chunks:
        yield analyze_chunk(chunk, batch_size)


def _failed_chunk(chunk: list[dict[str, Any]], exc: BaseException) -> ChunkResult:
    """A chunk whose worker failed as a whole (e.g. the process died): every article goes to the ledger."""
    return ChunkResult(tables=_to_tables({}), rejected=[_failure(a, exc) for a in chunk],
                       failed_ids=[str(a.get("id")) for a in chunk],
                       timing={name: 0.0 for name in ("parse", "rhetoric", "quotes", "frames")}, n_articles=0)


def _collect(chunk: list[dict[str, Any]], future: Any) -> ChunkResult:
    """The result of a submitted chunk, or a ledger of its articles if the chunk failed as a whole."""
    try:
        return future.result()
    except Exception as exc:  # a dead worker or a failed task never stops the run
        log.error("a chunk of %d articles failed as a whole: %r", len(chunk), exc)
        return _failed_chunk(chunk, exc)


def _map_local(chunks: Iterable[list[dict[str, Any]]], jobs: int, batch_size: int) -> Iterator[ChunkResult]:
    """Map :func:`analyze_chunk` over chunks with a process pool, ``2 * jobs`` chunks in flight, in order.

    A :class:`concurrent.futures.ProcessPoolExecutor` notices a worker that dies (``BrokenProcessPool``):
    the chunks it held go to the ledger and a fresh pool takes the rest.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if jobs <= 1:
        yield from _map_inline(chunks, batch_size)
        return
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")

    def new_pool() -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker)
        pool.submit(os.getpid)  # start the workers now, before the driver imports ingestion
        return pool

    pool = new_pool()
    pending: deque[tuple[list[dict[str, Any]], Any]] = deque()
    try:
        for chunk in chunks:
            try:
                future = pool.submit(analyze_chunk, chunk, batch_size)
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                future = pool.submit(analyze_chunk, chunk, batch_size)
            pending.append((chunk, future))
            while len(pending) >= 2 * jobs:
                yield _collect(*pending.popleft())
        while pending:
            yield _collect(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _map_dask(chunks: Iterable[list[dict[str, Any]]], jobs: int, batch_size: int,
              scheduler: str | None) -> Iterator[ChunkResult]:
    """Map :func:`analyze_chunk` over chunks with ``distributed`` (``Client.submit`` per chunk), in order.

    Connects to ``scheduler`` when given, else starts a ``LocalCluster(n_workers=jobs,
    threads_per_worker=1, processes=True)`` for the run. At most ``2 * workers`` chunks are in flight.
    A chunk whose task fails as a whole (e.g. ``KilledWorker``) goes to the ledger.
    """
    import dask
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        # Dask's default MALLOC_TRIM_THRESHOLD_=65536 turns off glibc's adaptive mmap threshold, so spaCy's
        # large temporary arrays are mapped and unmapped on every batch: on 120 corpus articles the
        # workers' parse took 44.5 CPU-s with it and 32.2 without (the local engine: 29.6). The workers'
        # statistical profiler (every thread sampled every 10 ms) is off too, as befits a batch job.
        environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ", {}).items()
                   if k != "MALLOC_TRIM_THRESHOLD_"}
        with dask.config.set({"distributed.worker.profile.enabled": False,
                              "distributed.nanny.pre-spawn-environ": environ}):
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        client.run(_init_worker)  # every worker loads spaCy and warms the stages up front
        pending: deque[tuple[list[dict[str, Any]], Any]] = deque()
        for i, chunk in enumerate(chunks):
            key = f"framelab-chunk-{i}-{time.time_ns()}"
            pending.append((chunk, client.submit(analyze_chunk, chunk, batch_size, pure=False, key=key)))
            while len(pending) >= 2 * n_workers:
                chunk_, future = pending.popleft()
                yield _collect(chunk_, future)
                future.release()
        while pending:
            chunk_, future = pending.popleft()
            yield _collect(chunk_, future)
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------


class _Writers:
    """One :class:`pyarrow.parquet.ParquetWriter` per table, opened up front so every file exists."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.rows = {name: 0 for name in SCHEMAS}
        self.writers = {name: pq.ParquetWriter(out_dir / f"{name}.parquet", schema, compression="zstd")
                        for name, schema in SCHEMAS.items()}

    def write(self, tables: dict[str, pa.Table]) -> None:
        for name, table in tables.items():
            if table.num_rows:
                self.writers[name].write_table(table)
                self.rows[name] += table.num_rows

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


def _write_rejected(path: Path, rejected: Iterable[dict[str, str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(REJECTED_COLUMNS))
        writer.writeheader()
        for row in rejected:
            writer.writerow({k: row.get(k, "") for k in REJECTED_COLUMNS})


def _progress(total: int | None) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="art", desc="pipeline", file=sys.stderr, disable=None, dynamic_ncols=True)


# --------------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------------


def run_pipeline(inputs: Sequence[Path], out_dir: Path, jobs: int | None = None, engine: str = "local",
                 scheduler: str | None = None, chunk_size: int = 256, limit: int | None = None,
                 batch_size: int = PARSE_BATCH) -> PipelineSummary:
    """Run ingestion, rhetoric, quotes and framing over files, folders or corpus JSONL; write Parquet tables.

    Args:
        inputs: files, folders (recursive) or corpus ``.jsonl[.gz]`` files, as :func:`helpers.ingest.iter_ingest`
            accepts them.
        out_dir: output folder (created); see the module docstring for the tables.
        jobs: worker processes (default ``os.cpu_count()``); ``1`` runs in this process (local engine).
        engine: ``"local"`` (multiprocessing) or ``"dask"`` (distributed).
        scheduler: Dask scheduler address (``tcp://host:8786``); ``None`` starts a local cluster.
        chunk_size: articles per chunk (the unit of parallel work and of Parquet row groups).
        limit: analyse only the first ``limit`` articles.
        batch_size: ``nlp.pipe`` batch size inside a worker (see :data:`PARSE_BATCH`).

    Returns:
        A :class:`PipelineSummary`; the same timings are in ``out_dir/timing.json``.

    Raises:
        ValueError: unknown engine, or a chunk size / job count below 1.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    state = _Stream()
    seconds = {name: 0.0 for name in TIMED_STAGES}
    failures: list[dict[str, str]] = []
    n_failed = n_done = 0
    chunks = _chunks(inputs, chunk_size, limit, state)
    if engine == "dask":
        results = _map_dask(chunks, jobs, batch_size, scheduler)
    else:
        results = _map_local(chunks, jobs, batch_size)
    writers = _Writers(out_dir)
    bar = _progress(limit)
    try:
        for result in results:
            t0 = time.thread_time()
            writers.write(result.tables)
            seconds["write"] += time.thread_time() - t0
            for name, sec in result.timing.items():
                seconds[name] = seconds.get(name, 0.0) + sec
            for article_id, rejected in zip(result.failed_ids, result.rejected):
                log.error("article %s skipped: %s", article_id, rejected["reason"])
            failures.extend(result.rejected)
            n_failed += len(result.rejected)
            n_done += result.n_articles
            bar.update(result.n_articles + len(result.rejected))
    finally:
        bar.close()
        results.close()  # stops the workers (pool or cluster) also when the loop ended by an error
        t0 = time.thread_time()
        writers.close()
        _write_rejected(out_dir / "rejected.csv", [*state.rejected, *failures])
        seconds["write"] += time.thread_time() - t0
    seconds["ingest"] = state.seconds
    wall = time.perf_counter() - started
    timing = {name: round(sec, 3) for name, sec in seconds.items()}
    summary = PipelineSummary(out_dir=out_dir, engine=engine, jobs=jobs, n_articles=n_done,
                              n_rejected_inputs=len(state.rejected), n_failed=n_failed, rows=dict(writers.rows),
                              seconds=timing, wall_seconds=wall)
    (out_dir / "timing.json").write_text(json.dumps({
        **timing, "wall": round(wall, 3), "articles": n_done, "articles_per_second": round(summary.articles_per_second, 3),
        "engine": engine, "jobs": jobs, "chunk_size": chunk_size,
        "note": "stage values are CPU seconds; parse..frames summed over workers; wall is elapsed seconds"},
        indent=2) + "\n", encoding="utf-8")
    return summary


def load_tables(out_dir: Path) -> dict[str, pd.DataFrame]:
    """Read the tables a :func:`run_pipeline` run wrote.

    Args:
        out_dir: the run's output folder.

    Returns:
        Table name -> DataFrame for every table of :data:`SCHEMAS` plus ``"rejected"``.

    Raises:
        FileNotFoundError: if a table is missing (the folder is not a pipeline output).
    """
    out_dir = Path(out_dir)
    tables = {name: pq.read_table(out_dir / f"{name}.parquet", schema=SCHEMAS[name]).to_pandas()
              for name in SCHEMAS}
    tables["rejected"] = pd.read_csv(out_dir / "rejected.csv", dtype=str, keep_default_na=False)
    return tables


def analyze_articles(df: pd.DataFrame, chunk_size: int = 64) -> dict[str, pd.DataFrame]:
    """Analyse a small article table in memory (in this process) and return the pipeline's tables.

    Notebook 05 uses this on ``01_articles.parquet``; the rows equal what :func:`run_pipeline` writes for
    the same articles.

    Args:
        df: an article table with at least ``id`` and ``text`` (other ingestion columns optional).
        chunk_size: articles per ``nlp.pipe`` chunk.

    Returns:
        Table name -> DataFrame (fixed columns, also when empty), plus ``"rejected"`` listing the
        articles whose analysis failed.
    """
    records = [{k: _none_if_nan(v) for k, v in rec.items()} for rec in df.to_dict("records")]
    parts: dict[str, list[pa.Table]] = {name: [] for name in SCHEMAS}
    rejected: list[dict[str, str]] = []
    for i in range(0, len(records), chunk_size):
        result = analyze_chunk(records[i:i + chunk_size])
        for name, table in result.tables.items():
            parts[name].append(table)
        for article_id, rej in zip(result.failed_ids, result.rejected):
            log.error("article %s skipped: %s", article_id, rej["reason"])
        rejected.extend(result.rejected)
    out = {name: (pa.concat_tables(tables) if tables else schema.empty_table()).to_pandas()
           for (name, tables), schema in zip(parts.items(), SCHEMAS.values())}
    out["rejected"] = pd.DataFrame(rejected, columns=list(REJECTED_COLUMNS))
    return out
