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

``--ledger COMMIT`` measures what the run folder's ledger costs and what it saves, and writes its own
section of ``pipeline.md`` (the section above is kept): the first N articles of the corpus (``--ledger-limit``,
default all but the last ``--add``) are analysed by the code of ``COMMIT`` (the commit before the ledger,
exported with ``git archive``) and by this code *side by side*, two processes started together with one
job each on the 2 cores, so both see the same load from the other work on the machine; the overhead is
compared in CPU seconds per article (user + system of each process tree, independent of that load) and
in wall time. Then the same command with ``--limit N + ADD`` adds the last ``--add`` articles to the folder
(``--jobs``), and once more with nothing new (the cost of checking a finished folder).

Target: the ledger and part files within 3 % of the plain rate.
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
import threading
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
    kept: int = 0
    label: str = ""

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
             keep: Path | None = None, root: Path = config.ROOT, out: Path | None = None,
             label: str = "") -> Run:
    """Run the pipeline CLI once on the first ``limit`` articles and collect the measurements; the tables
    are moved to ``keep`` when given, else deleted.

    With ``out``, the run adds to that folder and leaves it in place (``keep`` is ignored). ``root`` is the
    tree whose ``helpers`` runs (another commit's export, for a comparison).
    """
    reuse = out is not None
    out = out if out is not None else workdir / f"{engine}_{limit}"
    if not reuse:
        shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "helpers", "pipeline", "--in", str(CORPUS), "--out", str(out),
           "--jobs", str(jobs), "--engine", engine, "--chunk-size", str(chunk_size), "--limit", str(limit)]
    use_time = TIME_BIN.exists()
    if use_time:
        cmd = [str(TIME_BIN), "-v", *cmd]
    run = Run(engine=engine, limit=limit, jobs=jobs, chunk_size=chunk_size, label=label)
    err_path = workdir / f"{engine}_{limit}_{label}.stderr"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(root)}
    with open(err_path, "w", encoding="utf-8") as err, open(os.devnull, "w") as devnull:
        proc = subprocess.Popen(cmd, cwd=root, stdout=devnull, stderr=err, env=env)
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
        run.kept = int(timing.get("kept", 0))
        run.wall = float(timing.get("wall", run.wall)) or run.wall
    rows = json.loads(manifest_path.read_text(encoding="utf-8")).get("rows", {}) if manifest_path.exists() else {}
    run.rows = {name: n for name, n in rows.items() if name != "articles"}
    rejected = out / "rejected.csv"
    if rejected.exists():
        with open(rejected, encoding="utf-8", newline="") as handle:
            run.reasons = collections.Counter(reason_class(r["reason"]) for r in csv.DictReader(handle))
    if reuse:
        return run
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


LEDGER_HEADING = "## Corpus pipeline: the ledger's cost, and adding articles to a run folder"


def export_commit(commit: str, dest: Path) -> Path:
    """The tree of ``commit`` (``git archive``) under ``dest``; return ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(config.ROOT), "archive", "--format=tar", commit],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def side_by_side(commit: str, limit: int, chunk_size: int, workdir: Path,
                 base: Path | None = None) -> tuple[Run, Run, Path]:
    """The first ``limit`` articles analysed by ``commit``'s code (``base``: an export of it, else exported
    here) and by this code, in two processes started together (``--jobs 1`` each); return both runs and
    the folder this code wrote."""
    base = base or export_commit(commit, workdir / "base")
    folder = workdir / "ledger_run"
    shutil.rmtree(folder, ignore_errors=True)
    results: dict[str, Run] = {}

    def one(label: str, root: Path, out: Path | None) -> None:
        results[label] = run_once("local", limit, 1, chunk_size, workdir, root=root, out=out, label=label)

    threads = [threading.Thread(target=one, args=("before", base, workdir / "base_run")),
               threading.Thread(target=one, args=("ledger", config.ROOT, folder))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    shutil.rmtree(workdir / "base_run", ignore_errors=True)
    return results["before"], results["ledger"], folder


def _pct(new: float | None, old: float | None) -> str:
    return "n/a" if not new or not old else f"{100 * (new / old - 1):+.1f} %"


def ledger_markdown(command: str, commit: str, before: Run, ledger: Run, added: Run, again: Run, n_add: int,
                    load_before: tuple[float, ...]) -> str:
    """The section on the ledger's overhead and on adding articles."""
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load_after = os.getloadavg()

    def ms(run: Run) -> float | None:
        return 1000 * run.cpu / run.articles if run.cpu and run.articles else None

    cpu_overhead = (ms(ledger) / ms(before) - 1) if ms(ledger) and ms(before) else None
    wall_overhead = (ledger.wall / before.wall - 1) if before.wall else None
    lines = [
        LEDGER_HEADING, "",
        f"Command: `{command}` — {when}, Python {platform.python_version()}, {os.cpu_count()} CPU cores shared "
        f"with other work (load average before {', '.join(f'{x:.1f}' for x in load_before)}, after "
        f"{', '.join(f'{x:.1f}' for x in load_after)}).", "",
        f"**Overhead.** The first {ledger.limit:,} articles of `{CORPUS.name}`, analysed by the commit before the "
        f"ledger (`{commit}`) and by this code in two processes started together, `--jobs 1 --chunk-size "
        f"{ledger.chunk_size}` each (one core each; the other load on the machine falls on both). CPU seconds "
        "are user + system of each process tree (`/usr/bin/time -v`), the measure that does not depend on that "
        "load; `ledger` and `write` are the driver's CPU seconds for opening the folder and for part files "
        "and commits (from the manifest).", "",
        "| code | articles | wall s | articles/s (wall) | CPU s | CPU ms / article | ledger s | write s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in (before, ledger):
        lines.append(f"| {run.label} | {run.articles:,} | {run.wall:.1f} | {run.rate:.2f} | {_fmt(run.cpu)} | "
                     f"{_fmt(ms(run), '{:.1f}')} | {run.timing.get('ledger', 0.0):.2f} | "
                     f"{run.timing.get('write', 0.0):.2f} |")
    share = (ledger.timing.get("write", 0.0) + ledger.timing.get("ledger", 0.0)) / ledger.cpu if ledger.cpu else None
    verdict = ("met" if cpu_overhead is not None and cpu_overhead <= 0.03 else "NOT met")
    lines += ["", f"CPU per article: {_pct(ms(ledger), ms(before))}; wall time: {_pct(ledger.wall, before.wall)}. "
              f"The driver's part files, hashes and commits took {_fmt(share and 100 * share, '{:.2f}')} % of the "
              f"ledger run's CPU time. Target within 3 %: {verdict} (CPU per article"
              f"{'' if wall_overhead is None else f'; wall {100 * wall_overhead:+.1f} %'}).", "",
              f"**Adding {n_add} articles.** The same command with `--limit {added.limit:,} --jobs {added.jobs}` on "
              "the folder of the ledger run (it holds the first "
              f"{ledger.articles:,}), then once more with nothing new. `ledger` is opening the folder: checking "
              "every part file's size and SHA-1 and rebuilding the duplicate index from the articles it holds; "
              "`ingest` reads the whole input again to find what is new.", "",
              "| run | analysed | kept | wall s | CPU s | ledger s | ingest s | parse..framing s | write s |",
              "|---|---|---|---|---|---|---|---|---|"]
    for name, run in ((f"add {n_add}", added), ("nothing new", again)):
        work = sum(run.timing.get(k, 0.0) for k in ("parse", "quotes", "rhetoric", "framing"))
        lines.append(f"| {name} | {run.articles:,} | {run.kept:,} | {run.wall:.1f} | {_fmt(run.cpu)} | "
                     f"{run.timing.get('ledger', 0.0):.1f} | {run.timing.get('ingest', 0.0):.1f} | {work:.1f} | "
                     f"{run.timing.get('write', 0.0):.2f} |")
    failures = {k: n for k, n in again.reasons.items() if k.startswith("analysis failed")}
    if failures:
        lines += ["", f"Articles whose analysis failed ({sum(failures.values())}; listed in `rejected.csv` and tried "
                  "again by every run): " + ", ".join(f"{k} {n}" for k, n in failures.items()) + "."]
    failed = [r for r in (before, ledger, added, again) if r.returncode != 0]
    if failed:
        lines += ["", "Runs that failed:"] + [f"- {r.label}: exit {r.returncode}: `{r.stderr_tail[-300:]}`"
                                             for r in failed]
    return "\n".join(lines) + "\n"


def replace_section(text: str, heading: str, section: str) -> str:
    """``text`` with the section under ``heading`` (up to the next ``## `` heading) replaced by ``section``,
    or ``section`` appended when there is none."""
    start = text.find(heading)
    if start < 0:
        return text.rstrip("\n") + "\n\n" + section
    end = text.find("\n## ", start + len(heading))
    return text[:start] + section + ("" if end < 0 else text[end:])


def measure_ledger(args: argparse.Namespace, command: str, n_corpus: int) -> str:
    """Run the ledger measurements of ``--ledger``; return their section."""
    limit = args.ledger_limit or n_corpus - args.add
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench_ledger_") as tmp:
        workdir = Path(tmp)
        print(f"-- {limit} articles, {args.ledger} and this code side by side ...", flush=True)
        before, ledger, folder = side_by_side(args.ledger, limit, args.chunk_size, workdir, args.base_tree)
        for run in (before, ledger):
            print(f"   {run.label}: {run.articles} articles, wall {run.wall:.1f}s, CPU {_fmt(run.cpu)}s, "
                  f"exit {run.returncode}", flush=True)
        print(f"-- adding {args.add} articles ...", flush=True)
        added = run_once("local", limit + args.add, args.jobs, args.chunk_size, workdir, out=folder, label="add")
        print(f"   {added.articles} analysed, {added.kept} kept, wall {added.wall:.1f}s", flush=True)
        again = run_once("local", limit + args.add, args.jobs, args.chunk_size, workdir, out=folder, label="again")
        print(f"   nothing new: {again.articles} analysed, {again.kept} kept, wall {again.wall:.1f}s", flush=True)
    return ledger_markdown(command, args.ledger, before, ledger, added, again, args.add, load_before)


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
    parser.add_argument("--ledger", metavar="COMMIT", default=None,
                        help="measure the ledger's overhead against COMMIT's code and the time to add articles")
    parser.add_argument("--ledger-limit", type=int, default=None,
                        help="articles in the overhead runs (default: the corpus less --add)")
    parser.add_argument("--add", type=int, default=100, help="articles added to the folder (with --ledger)")
    parser.add_argument("--base-tree", type=Path, default=None,
                        help="an export of COMMIT (git archive) to run instead of exporting it here")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is absent: pipeline benchmark skipped")
        return 0
    n_corpus = count_records(CORPUS)
    if args.ledger:
        command = "python -m benchmarks.bench_pipeline" + "".join(
            f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
        section = measure_ledger(args, command, n_corpus)
        print()
        print(section)
        if not args.no_write:
            old = RESULTS_PATH.read_text(encoding="utf-8") if RESULTS_PATH.exists() else ""
            RESULTS_PATH.write_text(replace_section(old, LEDGER_HEADING, section), encoding="utf-8")
            print(f"written {RESULTS_PATH}")
        return 0
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
        old = RESULTS_PATH.read_text(encoding="utf-8") if RESULTS_PATH.exists() else ""
        kept = old[old.find(LEDGER_HEADING):] if LEDGER_HEADING in old else ""
        RESULTS_PATH.write_text(section + ("\n" + kept if kept else ""), encoding="utf-8")
        print(f"written {RESULTS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
