"""Time ``compare`` on the 3,652-article corpus: every measure, 1,000 resamples, on this machine's two cores.

Run: ``.venv/bin/python -m benchmarks.bench_compare`` (``--run DIR`` to time another run folder). When the
run folder (``data/processed/corpus``) is missing it is made first with ``python -m helpers pipeline --in
../shared/corpora/russia_coverage.jsonl.gz --out data/processed/corpus --jobs 2`` (about 10 minutes).
Skips cleanly (exit 0) when the corpus is absent. Prints a markdown section and writes it to
``benchmarks/results/compare.md``.

Each setting is timed as :func:`helpers.compare.compare` on tables already read
(:func:`helpers.runfolder.load_tables`, timed apart), split into the per-article step
(:func:`helpers.compare.article_measures`) and the resampling; wall time and CPU time of the process
(numpy's BLAS may use both cores, so CPU time can exceed wall time). The ``compare`` command with its
figures is timed once end to end. Target (issue 17): all measures with 1,000 resamples in under a minute.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from helpers import compare, config
from helpers.runfolder import load_tables

CORPUS: Path = config.SHARED_CORPORA / "russia_coverage.jsonl.gz"
RUN: Path = config.DATA_PROCESSED / "corpus"
RESULTS_PATH: Path = config.BENCHMARKS / "results" / "compare.md"
TARGET_SECONDS: float = 60.0
#: The settings timed: (label, keyword arguments of compare()).
SETTINGS: tuple[tuple[str, dict], ...] = (
    ("by bias", {"by": "bias"}),
    ("by bias, split 2016-11-08", {"by": "bias", "split_date": "2016-11-08"}),
    ("by bias, by month", {"by": "bias", "period": "month"}),
    ("by source (each outlet vs the rest)", {"by": "source"}),
)


def ensure_run(corpus: Path, run: Path, jobs: int = 2) -> float | None:
    """Make the run folder with the pipeline command when it has no articles table.

    Returns:
        The pipeline's wall seconds, or None when the folder was there.

    Raises:
        RuntimeError: when the pipeline command fails.
    """
    if (run / "articles.parquet").is_dir() and (run / "manifest.json").exists():
        return None
    command = [sys.executable, "-m", "helpers", "pipeline", "--in", str(corpus), "--out", str(run), "--jobs", str(jobs)]
    print("running", " ".join(command), flush=True)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=config.ROOT, check=False)
    if done.returncode:
        raise RuntimeError(f"pipeline failed with exit code {done.returncode}: {' '.join(command)}")
    return time.perf_counter() - start


def _shown(path: Path) -> str:
    """A path relative to the project root when it is inside it."""
    path = path.resolve()
    return str(path.relative_to(config.ROOT)) if path.is_relative_to(config.ROOT) else str(path)


def _timed(fn, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - wall, time.process_time() - cpu


def measure(run: Path, n_boot: int = compare.N_BOOT) -> str:
    """Time every setting on ``run`` and return the markdown section."""
    load_before = os.getloadavg()
    tables, load_wall, _ = _timed(load_tables, run)
    n = len(tables["articles"])
    rows = []
    measures, m_wall, m_cpu = _timed(compare.article_measures, tables)
    for label, kwargs in SETTINGS:
        result, wall, cpu = _timed(compare.compare, tables, n_boot=n_boot, seed=0, **kwargs)
        s = result.settings()
        rows.append(f"| {label} | {len(s['groups'])} | {len(s['periods'])} | {s['estimates']:,} | {s['tested']:,} | "
                    f"{s['surviving']:,} | **{wall:.1f}** | {cpu:.1f} | {max(0.0, wall - m_wall):.1f} |")
    out = config.DATA_PROCESSED / "compare_bias"
    command = [sys.executable, "-m", "helpers", "compare", str(run), "--by", "bias", "--out", str(out)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=config.ROOT, check=False, capture_output=True, text=True)
    command_wall = time.perf_counter() - start
    load_after = os.getloadavg()
    best = min(float(r.split("**")[1]) for r in rows)
    worst = max(float(r.split("**")[1]) for r in rows)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "## Comparisons with intervals (compare)", "",
        f"Command: `python -m benchmarks.bench_compare` — {stamp}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPU cores, load average before {', '.join(f'{x:.1f}' for x in load_before)}, after "
        f"{', '.join(f'{x:.1f}' for x in load_after)} (the machine is shared: wall time includes waiting for "
        "other processes).", "",
        f"Run folder: `{_shown(run)}` "
        f"({n:,} articles of `russia_coverage.jsonl.gz`; {len(tables['rejected']):,} input(s) listed in "
        f"`rejected.csv`), read in {load_wall:.1f} s. "
        f"{measures.num.shape[1]} measure levels ({len(set(measures.columns['measure']))} measures); "
        f"per-article numerators and denominators in {m_wall:.1f} s wall ({m_cpu:.1f} s CPU); "
        f"{n_boot:,} resamples per cell, seed 0.", "",
        "| setting | groups | periods | estimates | differences tested | hold (BH 5 %) | wall s | CPU s | "
        "beyond the per-article step, s |",
        "|---|---|---|---|---|---|---|---|---|", *rows, "",
        f"End to end, `python -m helpers compare {_shown(run)} --by bias --out {_shown(out)}` (start-up, reading, "
        f"compare, the CSVs and every figure): {command_wall:.1f} s wall; it printed "
        f"`{done.stdout.strip() or done.stderr.strip()}`.", "",
        f"Target: all measures with 1,000 resamples in under a minute — "
        f"{'met' if worst < TARGET_SECONDS else 'NOT met'} ({best:.1f}–{worst:.1f} s over the settings above).",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Time compare, print the markdown section and write it to ``benchmarks/results/compare.md``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--run", type=Path, default=RUN, help="run folder of the corpus (made when missing)")
    parser.add_argument("--n-boot", type=int, default=compare.N_BOOT)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    if not CORPUS.exists() and not args.run.exists():
        print(f"{CORPUS} is absent: compare benchmark skipped")
        return 0
    ensure_run(CORPUS, args.run)
    section = measure(args.run.resolve(), args.n_boot)
    print(section)
    if not args.no_write:
        RESULTS_PATH.write_text(section, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
