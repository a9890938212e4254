"""Command line: each stage is a subcommand running the same per-article functions as the notebooks.

::

    python -m helpers ingest PATH... --out RUN            # a run folder with the articles table
    python -m helpers rhetoric --in X.jsonl[.gz] --out Y.jsonl
    python -m helpers quotes   --in X.jsonl[.gz] --out Y.jsonl
    python -m helpers frames   --in X.jsonl[.gz] --out Y.jsonl
    python -m helpers pipeline --in PATHS|CORPUS.jsonl[.gz] --out RUN [--jobs N] [--engine local|dask] [--fresh]
    python -m helpers compare RUN --by COLUMN [--split-date YYYY-MM-DD] [--period quarter|month|week] --out DIR

Stage commands read one JSON object per line (``{"id", "text", ...}``) and write one line per readable
input, ``{"id", ...}`` with that stage's fields (:func:`helpers.stage.stage_json`); offsets index the
input ``text`` as given. An article that fails is logged with its id and listed in
``Y.jsonl.errors.csv``; it never stops the rest. An input path that does not exist, or an output that
cannot be written, stops the command with one line naming the path and exit code 2.

``pipeline`` adds to the run folder: rerun after a stop (Ctrl-C: exit code 130) or a failure and it
resumes; give it new inputs and it analyses only the new articles. A folder it cannot add to (other
versions or settings) stops it with one line saying what differs (exit code 2); ``--fresh`` starts over.
"""
from __future__ import annotations

import argparse
import csv
import logging
import os
import sys
from pathlib import Path
from typing import Any, Iterator, Sequence

from helpers import stage
from helpers.jsonl import BadLine, read_records, write_records
from helpers.text import clip_for_parse

log = logging.getLogger("helpers")

#: Stage commands (the ``frames`` command runs the framing stage).
STAGES: tuple[str, ...] = tuple(stage.COMMANDS)


class UsageError(Exception):
    """A path the command cannot use; the message is the one line printed."""


def run_stage(command: str, in_path: Path, out_path: Path, batch_size: int = 16) -> tuple[int, list[BadLine]]:
    """Run one stage command over a JSONL file and write its JSONL output.

    Returns:
        The number of records written and the inputs skipped (bad lines and articles whose analysis
        raised), each with a reason.
    """
    from helpers.nlp import load_nlp

    which = stage.COMMANDS[command]
    problems: list[BadLine] = []
    records = list(read_records(in_path, bad=problems))
    nlp = load_nlp()
    texts = (clip_for_parse(r["text"], str(r["id"])) for r in records)

    def results() -> Iterator[dict[str, Any]]:
        for record, doc in zip(records, nlp.pipe(texts, batch_size=batch_size)):
            try:
                rows = stage.analyze_doc(record, doc, stages=[which])
                out = {"id": record["id"], **stage.stage_json(which, rows)}
            except Exception as exc:  # one bad article never stops the corpus
                log.error("article %s skipped by %s: %r", record["id"], command, exc)
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

    ingest = sub.add_parser("ingest", help="files, folders, feeds, CSV/JSONL exports -> a run folder's articles")
    ingest.add_argument("paths", nargs="+", type=Path, help="files or folders (recursive), .gz allowed")
    ingest.add_argument("--out", required=True, type=Path, help="run folder")

    for name in STAGES:
        p = sub.add_parser(name, help=f"{name} stage over a JSONL file of {{id, text}} records")
        p.add_argument("--in", dest="inp", required=True, type=Path, help="input .jsonl or .jsonl.gz")
        p.add_argument("--out", required=True, type=Path, help="output .jsonl")

    pipe = sub.add_parser("pipeline", help="all stages over files or a corpus -> a run folder")
    pipe.add_argument("--in", dest="inp", required=True, nargs="+", type=Path, help="files, folders or corpus JSONL")
    pipe.add_argument("--out", required=True, type=Path, help="run folder")
    pipe.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    pipe.add_argument("--engine", choices=["local", "dask"], default="local")
    pipe.add_argument("--scheduler", default=None, help="Dask scheduler address (default: a local cluster)")
    pipe.add_argument("--chunk-size", type=int, default=64, help="articles per chunk")
    pipe.add_argument("--limit", type=int, default=None, help="only the first N articles")
    pipe.add_argument("--fresh", action="store_true", help="empty the run folder first instead of adding to it")

    comp = sub.add_parser("compare", help="every measure by a column of the articles, with intervals -> a folder")
    comp.add_argument("run", type=Path, help="run folder")
    comp.add_argument("--by", required=True, help="a column of the articles table (source, bias, speaker_side ...)")
    comp.add_argument("--split-date", default=None, help="YYYY-MM-DD: compare before it with from it on")
    comp.add_argument("--period", choices=["quarter", "month", "week"], default=None,
                      help="estimates per quarter, month or week")
    comp.add_argument("--out", required=True, type=Path, help="folder for the CSVs and figures")
    comp.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    comp.add_argument("--seed", type=int, default=0, help="seed of the resampling")
    comp.add_argument("--no-figures", action="store_true", help="write the CSVs only")
    return parser


def _check_paths(inputs: Sequence[Path], out: Path, out_is_folder: bool) -> None:
    """Refuse missing inputs and an output that cannot be written, naming the path.

    Raises:
        UsageError: with the one line to print.
    """
    for path in inputs:
        if not path.exists():
            raise UsageError(f"input not found: {path}")
    folder = out if out_is_folder else out.parent
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if (out_is_folder and out.exists() and not out.is_dir()) or (not out_is_folder and out.is_dir()):
        raise UsageError(f"cannot write output: {out} is {'a file' if out_is_folder else 'a folder'}")
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write output: {out} ({probe} is not a writable folder)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot write output: {out} ({exc.strerror})") from exc


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code (2: a path the command cannot use)."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.stage == "compare":
        return compare_command(args)
    inputs = args.paths if args.stage == "ingest" else (args.inp if args.stage == "pipeline" else [args.inp])
    refused: type[Exception] = UsageError
    if args.stage == "pipeline":
        from helpers.pipeline import RunRefused as refused
    try:
        _check_paths(inputs, args.out, out_is_folder=args.stage in ("ingest", "pipeline"))
        if args.stage == "ingest":
            from helpers import ingest

            result = ingest.ingest_paths(args.paths)
            ingest.write_outputs(result, args.out, inputs=args.paths)
            print(f"{len(result.articles)} articles, {len(result.rejected)} rejected -> {args.out}")
            return 0
        if args.stage == "pipeline":
            from helpers import pipeline

            summary = pipeline.run_pipeline(args.inp, args.out, jobs=args.jobs, engine=args.engine,
                                            scheduler=args.scheduler, chunk_size=args.chunk_size,
                                            limit=args.limit, fresh=args.fresh)
            print(summary)
            return 0
        written, problems = run_stage(args.stage, args.inp, args.out)
    except (UsageError, refused) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        if args.stage != "pipeline":
            raise
        print(f"stopped: {args.out} keeps every chunk finished; run the same command again to resume",
              file=sys.stderr)
        return 130
    except OSError as exc:  # e.g. the disk filled up while writing
        print(f"error: {exc.filename or args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"{written} records -> {args.out}; {len(problems)} skipped", file=sys.stderr)
    return 0


def compare_command(args: argparse.Namespace) -> int:
    """``compare``: :func:`helpers.compare.compare` over a run folder, its CSVs and figures into ``--out``.

    Returns:
        0, or 2 with one line on stderr for a folder that is not a run folder, a ``--by`` column that does
        not exist (naming the columns there are), a bad split date or an output that cannot be written.
    """
    from helpers import compare
    from helpers.report import comparisons
    from helpers.runfolder import load_tables

    try:
        _check_paths([args.run], args.out, out_is_folder=True)
        result = compare.compare(load_tables(args.run), by=args.by, split_date=args.split_date, period=args.period,
                                 n_boot=args.n_boot, seed=args.seed, source=str(args.run))
        compare.write(result, args.out)
        figures = [] if args.no_figures else comparisons.draw_all(result, args.out)
    except (UsageError, FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.filename or args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    settings = result.settings()
    print(f"{settings['estimates']:,} estimates, {settings['tested']:,} differences tested, "
          f"{settings['surviving']:,} hold; {len(figures)} figures -> {args.out}")
    return 0
