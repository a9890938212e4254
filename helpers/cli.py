"""Command line: each stage is a subcommand running the same code the notebooks call.

::

    python -m helpers ingest PATH... --out DIR           # DIR/articles.parquet, DIR/rejected.csv
    python -m helpers rhetoric --in X.jsonl[.gz] --out Y.jsonl
    python -m helpers quotes   --in X.jsonl[.gz] --out Y.jsonl
    python -m helpers frames   --in X.jsonl[.gz] --out Y.jsonl
    python -m helpers pipeline --in PATHS|CORPUS.jsonl[.gz] --out DIR [--jobs N] [--engine local|dask]

Stage commands read one JSON object per line (``{"id", "text", ...}``) and write one line per readable
input, ``{"id", ...}`` with the fields of that stage's schema. An article that fails is logged with its id
and listed in ``Y.jsonl.errors.csv``; it never stops the rest.
"""
from __future__ import annotations

import argparse
import csv
import importlib
import logging
import sys
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from helpers import config
from helpers.jsonl import BadLine, read_records, write_records

log = logging.getLogger("helpers")

#: Stage name -> module providing ``stage_record(doc) -> dict`` (the schema's fields except ``id``).
STAGES: dict[str, str] = {
    "rhetoric": "helpers.rhetoric",
    "quotes": "helpers.quotes",
    "frames": "helpers.frames",
}


def stage_function(stage: str) -> Callable[[Any], dict[str, Any]]:
    """Return the ``stage_record`` function of a stage by name."""
    return importlib.import_module(STAGES[stage]).stage_record


def run_stage(stage: str, in_path: Path, out_path: Path, batch_size: int = 16) -> tuple[int, list[BadLine]]:
    """Run one analysis stage over a JSONL file and write its JSONL output.

    Returns:
        The number of records written and the list of inputs that were skipped (bad lines and
        articles whose analysis raised), each with a reason.
    """
    from helpers.nlp import load_nlp

    record_fn = stage_function(stage)
    problems: list[BadLine] = []
    records = list(read_records(in_path, bad=problems))
    nlp = load_nlp()

    def texts() -> Iterator[str]:
        for record in records:
            text = record["text"]
            if len(text) > config.MAX_PARSE_CHARS:
                log.warning("article %s truncated from %d to %d characters before parsing (MAX_PARSE_CHARS)",
                            record["id"], len(text), config.MAX_PARSE_CHARS)
                text = text[: config.MAX_PARSE_CHARS]
            yield text

    def results() -> Iterator[dict[str, Any]]:
        for record, doc in zip(records, nlp.pipe(texts(), batch_size=batch_size)):
            doc.user_data["id"] = str(record["id"])  # stage warnings name the article
            try:
                out = {"id": record["id"], **record_fn(doc)}
            except Exception as exc:  # one bad article never stops the corpus
                log.error("article %s skipped by %s: %r", record["id"], stage, exc)
                problems.append(BadLine(str(in_path), -1, f"id {record['id']}: {type(exc).__name__}: {exc}"))
                continue
            yield out

    written = write_records(out_path, results())
    if problems:
        errors_path = Path(str(out_path) + ".errors.csv")
        with open(errors_path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["source_path", "line", "reason"])
            for item in problems:
                writer.writerow([item.path, item.line, item.reason])
        log.warning("%d input(s) skipped; listed in %s", len(problems), errors_path)
    return written, problems


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress at INFO level")
    sub = parser.add_subparsers(dest="stage", required=True)

    ingest = sub.add_parser("ingest", help="files, folders, feeds, CSV/JSONL exports -> article table")
    ingest.add_argument("paths", nargs="+", type=Path, help="files or folders (recursive), .gz allowed")
    ingest.add_argument("--out", required=True, type=Path, help="output folder")

    for stage in STAGES:
        p = sub.add_parser(stage, help=f"{stage} stage over a JSONL file of {{id, text}} records")
        p.add_argument("--in", dest="inp", required=True, type=Path, help="input .jsonl or .jsonl.gz")
        p.add_argument("--out", required=True, type=Path, help="output .jsonl")

    pipe = sub.add_parser("pipeline", help="all stages over files or a corpus, Parquet tables out")
    pipe.add_argument("--in", dest="inp", required=True, nargs="+", type=Path, help="files, folders or corpus JSONL")
    pipe.add_argument("--out", required=True, type=Path, help="output folder")
    pipe.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    pipe.add_argument("--engine", choices=["local", "dask"], default="local")
    pipe.add_argument("--scheduler", default=None, help="Dask scheduler address (default: a local cluster)")
    pipe.add_argument("--chunk-size", type=int, default=64, help="articles per chunk")
    pipe.add_argument("--limit", type=int, default=None, help="only the first N articles")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.stage == "ingest":
        from helpers import ingest

        result = ingest.ingest_paths(args.paths)
        ingest.write_outputs(result, args.out)
        print(f"{len(result.articles)} articles, {len(result.rejected)} rejected -> {args.out}")
        return 0
    if args.stage == "pipeline":
        from helpers import pipeline

        summary = pipeline.run_pipeline(args.inp, args.out, jobs=args.jobs, engine=args.engine,
                                        scheduler=args.scheduler, chunk_size=args.chunk_size,
                                        limit=args.limit)
        print(summary)
        return 0
    written, problems = run_stage(args.stage, args.inp, args.out)
    print(f"{written} records -> {args.out}; {len(problems)} skipped", file=sys.stderr)
    return 0
