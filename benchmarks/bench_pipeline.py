"""Benchmark the whole pipeline on ``../shared/corpora/russia_coverage.jsonl.gz``: speed, memory, stage split.

Run: ``.venv/bin/python -m benchmarks.bench_pipeline`` (the full measurement: local engine at 1/4, 1/2
and all of the corpus, then the Dask local engine on all of it, ``--jobs 2``). For a quick check use
``--sizes 50 100 200 --dask-sizes 200``. Skips cleanly (exit 0) when the corpus is absent. Prints a
markdown section and writes it to ``benchmarks/results/pipeline.md``.

Each run is the real command line, ``python -m helpers pipeline --in CORPUS --out TMP --limit N ...``,
started under ``/usr/bin/time -v`` when it exists (its "Maximum resident set size" is the peak RSS of the
largest single process of the run; else ``resource.getrusage(RUSAGE_CHILDREN)`` gives the same figure).
Because the run has several processes (the driver and the workers), the peak of their summed memory is
sampled too, every 0.5 s with psutil (PSS, which counts pages shared by forked workers once; RSS where
PSS is unavailable). The split of time between stages comes from the run's ``manifest.json`` (``timing``):
``ingest`` and ``write`` are driver CPU time, ``parse``, ``quotes``, ``rhetoric`` and ``framing`` are CPU
seconds summed over workers (CPU time, so the split does not depend on other load on the machine).
Articles per CPU-second (user + system time of all processes) is the rate independent of other load on
the machine; articles/s (wall) is what a user sees.

Targets: >= 20 articles/s on this 2-core machine, peak RSS < 2 GiB, time linear in corpus size.
"""
from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import gzip
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from helpers import config, pipeline

CORPUS: Path = config.SHARED_CORPORA / "russia_coverage.jsonl.gz"
RESULTS_PATH: Path = config.BENCHMARKS / "results" / "pipeline.md"
TIME_BIN: Path = Path("/usr/bin/time")
STAGES: tuple[str, ...] = pipeline.TIMED_STAGES
TARGET_RATE = 20.0
TARGET_RSS_MIB = 2048.0


@dataclass
class Run:
    """One pipeline run and what it measured."""

    engine: str
    limit: int
    jobs: int
    chunk_size: int
    returncode: int = 0
    wall: float = 0.0
    cpu: float | None = None
    max_rss_mib: float | None = None
    tree_peak_mib: float | None = None
    articles: int = 0
    timing: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    reasons: collections.Counter = field(default_factory=collections.Counter)
    stderr_tail: str = ""

    @property
    def rate(self) -> float:
        return self.articles / self.wall if self.wall else 0.0

    @property
    def cpu_rate(self) -> float | None:
        return self.articles / self.cpu if self.cpu else None


def count_records(path: Path) -> int:
    """Non-empty lines of a (gzipped) JSONL file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return sum(1 for line in handle if line.strip())


def _tree_memory_mib(pid: int) -> float | None:
    """Summed PSS (else RSS) of a process and its descendants, MiB; None if psutil is missing."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with distributed
        return None
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return None
    total = 0
    for proc in procs:
        try:
            try:
                total += proc.memory_full_info().pss
            except (psutil.AccessDenied, AttributeError):
                total += proc.memory_info().rss
        except psutil.Error:
            continue
    return total / 2**20


def _parse_time_v(text: str) -> tuple[float | None, float | None]:
    """(max RSS MiB, user + system seconds) from ``/usr/bin/time -v`` output."""
    rss = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", text)
    user = re.search(r"User time \(seconds\):\s*([\d.]+)", text)
    system = re.search(r"System time \(seconds\):\s*([\d.]+)", text)
    cpu = float(user.group(1)) + float(system.group(1)) if user and system else None
    return (int(rss.group(1)) / 1024 if rss else None), cpu


def reason_class(reason: str) -> str:
    """A ledger reason without ids and numbers, so reasons group into error classes."""
    if reason.startswith("analysis failed:"):
        match = re.match(r"analysis failed: article \S+: (\w+)", reason)
        return f"analysis failed: {match.group(1)}" if match else "analysis failed"
    return re.sub(r"\d+", "N", reason)[:80]


def run_once(engine: str, limit: int, jobs: int, chunk_size: int, workdir: Path,
             keep: Path | None = None) -> Run:
    """Run the pipeline CLI once on the first ``limit`` articles and collect the measurements; the tables
    are moved to ``keep`` when given, else deleted."""
    out = workdir / f"{engine}_{limit}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "helpers", "pipeline", "--in", str(CORPUS), "--out", str(out),
           "--jobs", str(jobs), "--engine", engine, "--chunk-size", str(chunk_size), "--limit", str(limit)]
    use_time = TIME_BIN.exists()
    if use_time:
        cmd = [str(TIME_BIN), "-v", *cmd]
    run = Run(engine=engine, limit=limit, jobs=jobs, chunk_size=chunk_size)
    err_path = workdir / f"{engine}_{limit}.stderr"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(err_path, "w", encoding="utf-8") as err, open(os.devnull, "w") as devnull:
        proc = subprocess.Popen(cmd, cwd=config.ROOT, stdout=devnull, stderr=err)
        peak = 0.0
        while proc.poll() is None:
            mem = _tree_memory_mib(proc.pid)
            if mem is not None:
                peak = max(peak, mem)
            time.sleep(0.5)
    run.wall = time.perf_counter() - started
    run.returncode = proc.returncode
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.tree_peak_mib = peak or None
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    run.stderr_tail = "\n".join(stderr.strip().splitlines()[-5:])
    if use_time:
        run.max_rss_mib, run.cpu = _parse_time_v(stderr)
    if run.max_rss_mib is None:
        run.max_rss_mib = after.ru_maxrss / 1024  # kB on Linux; the largest child process so far
    if run.cpu is None:
        run.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        timing = json.loads(manifest_path.read_text(encoding="utf-8")).get("timing", {})
        run.timing = {k: float(timing.get(k, 0.0)) for k in STAGES}
        run.articles = int(timing.get("articles", 0))
        run.wall = float(timing.get("wall", run.wall)) or run.wall
    rows = json.loads(manifest_path.read_text(encoding="utf-8")).get("rows", {}) if manifest_path.exists() else {}
    run.rows = {name: n for name, n in rows.items() if name != "articles"}
    rejected = out / "rejected.csv"
    if rejected.exists():
        with open(rejected, encoding="utf-8", newline="") as handle:
            run.reasons = collections.Counter(reason_class(r["reason"]) for r in csv.DictReader(handle))
    if keep is not None:
        shutil.rmtree(keep, ignore_errors=True)
        shutil.move(str(out), str(keep))
    shutil.rmtree(out, ignore_errors=True)
    return run


def linear_fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float] | None:
    """Least-squares ``y = a + b x``: ``(a, b, R^2)``, or None with fewer than two distinct x."""
    n = len(xs)
    if n < 2 or len(set(xs)) < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    return a, b, (1.0 - ss_res / ss_tot) if ss_tot else 1.0


def _fmt(value: float | None, spec: str = "{:.1f}") -> str:
    return "n/a" if value is None else spec.format(value)


def _split(run: Run) -> str:
    total = sum(run.timing.values())
    if not total:
        return "n/a"
    return ", ".join(f"{k} {100 * run.timing.get(k, 0.0) / total:.0f}%" for k in STAGES)


def markdown(runs: Sequence[Run], command: str, n_corpus: int, load_before: tuple[float, ...]) -> str:
    """The results section."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load_after = os.getloadavg()
    lines = [
        "## Corpus pipeline",
        "",
        f"Command: `{command}` — {now}, Python {platform.python_version()}, {os.cpu_count()} CPU cores, "
        f"load average before {', '.join(f'{x:.1f}' for x in load_before)}, after "
        f"{', '.join(f'{x:.1f}' for x in load_after)}.",
        "",
        f"Corpus: `{CORPUS.name}` ({n_corpus:,} articles); each run is `python -m helpers pipeline --in CORPUS "
        "--limit N --jobs J --engine E --chunk-size C` (ingestion, rhetoric, quotes and framing, one spaCy parse "
        "per article, Parquet tables).",
        "",
        "| engine | jobs | articles | wall s | articles/s (wall) | CPU s | articles/CPU-s "
        "| peak RSS, largest process (MiB) | peak memory, all processes (MiB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        lines.append(f"| {r.engine} | {r.jobs} | {r.articles:,} | {r.wall:.1f} | **{r.rate:.2f}** | {_fmt(r.cpu)} | "
                     f"{_fmt(r.cpu_rate, '{:.2f}')} | {_fmt(r.max_rss_mib, '{:.0f}')} "
                     f"| {_fmt(r.tree_peak_mib, '{:.0f}')} |")
    lines += ["", "CPU time by stage (from the manifest's `timing`; `parse`..`framing` summed over workers, "
              "`ingest` and `write` in the driver), and each stage's share:", "",
              "| engine | articles | " + " | ".join(f"{s} s" for s in STAGES) + " | split |",
              "|---|---|" + "---|" * len(STAGES) + "---|"]
    for r in runs:
        lines.append(f"| {r.engine} | {r.articles:,} | " + " | ".join(f"{r.timing.get(s, 0.0):.1f}" for s in STAGES)
                     + f" | {_split(r)} |")
    local = sorted((r for r in runs if r.engine == "local" and r.articles), key=lambda r: r.articles)
    lines += [""]
    if len(local) >= 2:
        small, big = local[0], local[-1]
        size_ratio = big.articles / small.articles
        time_ratio = big.wall / small.wall if small.wall else float("nan")
        lines.append(f"Linearity (local engine): {size_ratio:.1f}x the articles took {time_ratio:.2f}x the wall time "
                     f"({', '.join(f'{1000 * r.wall / r.articles:.0f} ms' for r in local)} per article at "
                     f"{', '.join(f'{r.articles:,}' for r in local)} articles).")
        fit = linear_fit([r.articles for r in local], [r.wall for r in local]) if len(local) >= 3 else None
        if fit is not None:
            a, b, r2 = fit
            lines.append(f"Least-squares fit: wall = {a:.1f} s + {1000 * b:.0f} ms x articles (R^2 = {r2:.4f}); the "
                         "intercept is the fixed start-up cost (workers loading spaCy and the stage resources), "
                         f"the slope the marginal cost, i.e. {1 / b if b > 0 else float('nan'):.2f} articles/s "
                         "once running.")
    best = max((r.rate for r in runs), default=0.0)
    worst_rss = max((r.max_rss_mib or 0.0 for r in runs), default=0.0)
    worst_tree = max((r.tree_peak_mib or 0.0 for r in runs), default=0.0)
    lines += ["",
              f"Target >= {TARGET_RATE:.0f} articles/s: {'met' if best >= TARGET_RATE else 'NOT met'} "
              f"(best {best:.2f}). "
              f"Target peak RSS < 2 GiB: {'met' if worst_rss < TARGET_RSS_MIB else 'NOT met'} "
              f"(largest process {worst_rss:.0f} MiB; all processes together {worst_tree:.0f} MiB).",
              ""]
    reasons = collections.Counter()
    for r in runs:
        reasons.update(r.reasons)
    failed = [r for r in runs if r.returncode != 0]
    lines.append("Rejected or failed articles (ledger reasons over all runs, by class):")
    lines.append("")
    if reasons:
        lines += [f"- {reason}: {n}" for reason, n in reasons.most_common(10)]
    else:
        lines.append("- none")
    if failed:
        lines += ["", "Runs that failed:"] + [f"- {r.engine} {r.limit}: exit {r.returncode}: `{r.stderr_tail[-300:]}`"
                                             for r in failed]
    if runs and runs[-1].rows:
        rows = ", ".join(f"{k} {v:,}" for k, v in runs[-1].rows.items())
        lines += ["", f"Rows written by the last run: {rows}."]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the measurements, print the markdown section and write it to ``benchmarks/results/pipeline.md``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=None,
                        help="local-engine corpus sizes (default: 1/4, 1/2 and all of the corpus)")
    parser.add_argument("--dask-sizes", type=int, nargs="*", default=None,
                        help="Dask-engine sizes (default: the largest local size; none with an empty list)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=64)
    parser.add_argument("--no-write", action="store_true", help="print only; leave results/pipeline.md alone")
    parser.add_argument("--keep", type=Path, default=None,
                        help="copy the tables of the largest local run to this folder (for notebook 05)")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is absent: pipeline benchmark skipped")
        return 0
    n_corpus = count_records(CORPUS)
    sizes = args.sizes or [max(1, n_corpus // 4), max(1, n_corpus // 2), n_corpus]
    dask_sizes = args.dask_sizes if args.dask_sizes is not None else [max(sizes)]
    command = "python -m benchmarks.bench_pipeline" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
    load_before = os.getloadavg()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bench_pipeline_") as tmp:
        plan = [("local", n) for n in sizes] + [("dask", n) for n in dask_sizes]
        for engine, n in plan:
            print(f"-- {engine} engine, {n} articles, jobs={args.jobs} ...", flush=True)
            keep = args.keep if (engine == "local" and n == max(sizes)) else None
            run = run_once(engine, n, args.jobs, args.chunk_size, Path(tmp), keep=keep)
            print(f"   {run.articles} articles in {run.wall:.1f}s = {run.rate:.2f}/s; max RSS "
                  f"{_fmt(run.max_rss_mib, '{:.0f}')} MiB, all processes {_fmt(run.tree_peak_mib, '{:.0f}')} MiB; "
                  f"exit {run.returncode}", flush=True)
            runs.append(run)
    section = markdown(runs, command, n_corpus, load_before)
    print()
    print(section)
    if not args.no_write:
        RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
        RESULTS_PATH.write_text(section, encoding="utf-8")
        print(f"written {RESULTS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
