"""The corpus pipeline: many articles in one pass into one run folder, locally or with Dask.

::

    python -m helpers pipeline --in CORPUS.jsonl.gz --out RUN [--jobs N] [--engine local|dask]

How it runs:

1. **Ingestion is streamed**: :func:`helpers.ingest.iter_ingest` reads one article (or one rejected
   input) at a time and :func:`helpers.ingest.iter_articles` clusters duplicates as they arrive, in the
   driver process; articles are grouped into chunks of ``chunk_size``.
2. **One parse per text, shared by all stages**: a worker parses a chunk with ``nlp.pipe`` (the shared
   pipeline of :func:`helpers.nlp.load_nlp`, loaded once per worker) and calls
   :func:`helpers.stage.analyze_doc` on each Doc: the same per-article function notebooks 02–04 and the
   stage commands call, so the tables are the same whichever path wrote them.
3. **Parallel over chunks**: the ``local`` engine maps :func:`analyze_chunk` with a process pool
   (workers forked before the driver starts ingesting; each loads spaCy and warms the stages once); the
   ``dask`` engine maps the *same* function with a :mod:`distributed` client (a ``LocalCluster`` by
   default, or ``scheduler=ADDRESS``). At most ``2 * jobs`` chunks are in flight and results are written
   in input order, so memory stays bounded by a few chunks whatever the corpus size.
4. **The run folder** (:mod:`helpers.runfolder`): each chunk's rows become one part file per table,
   written atomically; ``rejected.csv`` and ``manifest.json`` (inputs, settings, versions, row counts,
   CPU seconds per stage) close the run.
5. **Bad articles never stop the run**: an article whose parse or analysis raises is logged with its id,
   listed in ``rejected.csv`` (reason ``"analysis failed: article ID: Error: message"``) and skipped; a
   worker process that dies takes only its in-flight chunks to the ledger, and a fresh pool continues.

The map-over-partitions design follows the Dask best practices for embarrassingly parallel work
(``Client.submit`` over chunks, tasks of a second or more, big objects loaded once per worker).
"""
from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import pandas as pd
import pyarrow as pa

from helpers import config, ingest, runfolder, schema, stage
from helpers.nlp import load_nlp
from helpers.runfolder import RunFolder, load_tables
from helpers.text import clip_for_parse

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
#: Every stage timed in the manifest (``ingest`` and ``write`` run in the driver).
TIMED_STAGES: tuple[str, ...] = ("ingest", *WORKER_STAGES, "write")

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
        rows: table name -> rows written.
        seconds: stage -> CPU seconds (worker stages summed over workers).
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
            "reason": f"analysis failed: article {article.get('id')}: {type(exc).__name__}: {exc}"}


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
    """Counters the ingestion stream fills as it is consumed (read by the driver)."""

    rejected: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    n_articles: int = 0


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
        paths = [Path(p) for p in ([inputs] if isinstance(inputs, (str, Path)) else inputs)]
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


def _chunks(inputs: Inputs, chunk_size: int, limit: int | None, state: _Stream) -> Iterator[list[dict[str, Any]]]:
    """Stream ingestion into chunks of article rows, clustering duplicates as they arrive."""
    items = ingest.iter_articles(source_items(inputs, limit))
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
            state.n_articles += 1
            chunk.append(item)
        state.seconds += time.thread_time() - t0
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
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
    load_nlp()
    try:
        analyze_article({"id": "warm-up", "text": _WARM_UP_TEXT})
    except Exception as exc:  # the per-article error handling reports real failures
        log.warning("warm-up of the analysis stages failed: %r", exc)


def _map_inline(chunks: Iterable[list[dict[str, Any]]], batch_size: int) -> Iterator[ChunkResult]:
    for chunk in chunks:
        yield analyze_chunk(chunk, batch_size)


def _failed_chunk(chunk: list[dict[str, Any]], exc: BaseException) -> ChunkResult:
    """A chunk whose worker failed as a whole (e.g. the process died): every article goes to the ledger."""
    return ChunkResult(tables={}, rejected=[_failure(a, exc) for a in chunk],
                       timing={name: 0.0 for name in WORKER_STAGES}, n_articles=0)


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
# Public entry points
# --------------------------------------------------------------------------------------------------


def _progress(total: int | None) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="art", desc="pipeline", file=sys.stderr, disable=None, dynamic_ncols=True)


def _describe(inputs: Inputs) -> list[str]:
    if isinstance(inputs, pd.DataFrame):
        return [f"<DataFrame of {len(inputs)} rows>"]
    if _is_text(inputs):
        return ["<text>"]
    return [str(Path(p)) for p in ([inputs] if isinstance(inputs, (str, Path)) else inputs)]


def run_pipeline(inputs: Inputs, out_dir: str | Path, jobs: int | None = None, engine: str = "local",
                 scheduler: str | None = None, chunk_size: int = CHUNK_SIZE, limit: int | None = None,
                 batch_size: int = PARSE_BATCH) -> PipelineSummary:
    """Ingest and analyse many articles in one pass and write a run folder.

    Args:
        inputs: files, folders (recursive) or corpus ``.jsonl[.gz]`` files; a DataFrame of records; or
            one article's text.
        out_dir: the run folder (created; its tables are replaced).
        jobs: worker processes (default ``os.cpu_count()``); ``1`` runs in this process (local engine).
        engine: ``"local"`` (multiprocessing) or ``"dask"`` (distributed).
        scheduler: Dask scheduler address (``tcp://host:8786``); ``None`` starts a local cluster.
        chunk_size: articles per chunk (the unit of parallel work and of part files).
        limit: analyse only the first ``limit`` articles.
        batch_size: ``nlp.pipe`` batch size inside a worker (see :data:`PARSE_BATCH`).

    Returns:
        A :class:`PipelineSummary`; the same figures are in the run's ``manifest.json``.

    Raises:
        ValueError: unknown engine, or a chunk size / job count below 1.
        FileNotFoundError: an input path that does not exist.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    run = RunFolder(Path(out_dir))
    chunks = _chunks(inputs, chunk_size, limit, state := _Stream())
    first = next(chunks, None)  # reads the inputs up to the first chunk: a missing path fails here
    run.path.mkdir(parents=True, exist_ok=True)
    run.reset()
    started = time.perf_counter()
    seconds = {name: 0.0 for name in TIMED_STAGES}
    failures: list[dict[str, str]] = []
    rows = {name: 0 for name in schema.TABLES}
    n_done = 0

    def all_chunks() -> Iterator[list[dict[str, Any]]]:
        if first is not None:
            yield first
            yield from chunks

    results = (_map_dask(all_chunks(), jobs, batch_size, scheduler) if engine == "dask"
               else _map_local(all_chunks(), jobs, batch_size))
    bar = _progress(limit)
    try:
        for index, result in enumerate(results):
            t0 = time.thread_time()
            for name, table in result.tables.items():
                if table.num_rows:
                    run.write_part(name, table, f"{index:05d}")
                    rows[name] += table.num_rows
            seconds["write"] += time.thread_time() - t0
            for name, sec in result.timing.items():
                seconds[name] = seconds.get(name, 0.0) + sec
            for rejected in result.rejected:
                log.error("article %s skipped: %s", rejected["article_id"], rejected["reason"])
            failures.extend(result.rejected)
            n_done += result.n_articles
            bar.update(result.n_articles + len(result.rejected))
    finally:
        bar.close()
        results.close()  # stops the workers (pool or cluster) also when the loop ended by an error
    t0 = time.thread_time()
    for name in schema.TABLES:
        if not run.has(name):  # every table exists, empty ones with their columns
            run.write_part(name, schema.TABLES[name].schema.empty_table(), "00000")
    run.write_rejected([*state.rejected, *failures])
    seconds["write"] += time.thread_time() - t0
    seconds["ingest"] = state.seconds
    wall = time.perf_counter() - started
    timing = {name: round(sec, 3) for name, sec in seconds.items()}
    summary = PipelineSummary(out_dir=run.path, engine=engine, jobs=jobs, n_articles=n_done,
                              n_rejected_inputs=len(state.rejected), n_failed=len(failures), rows=rows,
                              seconds=timing, wall_seconds=wall)
    run.update_manifest(
        writer="pipeline", inputs=_describe(inputs),
        settings={"engine": engine, "jobs": jobs, "chunk_size": chunk_size, "batch_size": batch_size,
                  "limit": limit, "max_parse_chars": config.MAX_PARSE_CHARS},
        stages={name: {"finished": runfolder.now()} for name in schema.STAGES},
        timing={**timing, "wall": round(wall, 3), "articles": n_done,
                "articles_per_second": round(summary.articles_per_second, 3),
                "note": "stage values are CPU seconds; worker stages summed over workers; wall is elapsed seconds"})
    return summary


def analyze(data: Inputs, out: str | Path | None = None, jobs: int = 1, **options: Any) -> dict[str, pd.DataFrame]:
    """Analyse an article's text, files and folders, or a DataFrame of articles; return the run's tables.

    The one-line entry for a user's own notebook (``helpers.analyze(...)``): the same ingestion, the
    same per-article stages and the same run folder as the notebooks and the pipeline command.

    Args:
        data: an article's text (a string that is not a path), a path or list of paths (files, folders,
            corpus JSONL), or a DataFrame with a text column (and optionally id, title, source, date ...).
        out: the run folder to write; ``None`` uses a temporary one, removed afterwards.
        jobs: worker processes (1: this process).
        **options: passed to :func:`run_pipeline` (``limit``, ``chunk_size``, ``engine`` ...).

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
