"""Run every stage benchmark against ../shared and assemble ``benchmarks/RESULTS.md``.

Each ``benchmarks/bench_<stage>.py`` writes its own section to ``benchmarks/results/<stage>.md``;
this script runs them in order (skipping cleanly when ``../shared`` is absent) and concatenates the
sections under a common header, so every figure in RESULTS.md comes with the command that made it.

Usage: ``python -m benchmarks.run_all [--only ingest quotes ...] [--assemble-only]``
"""
from __future__ import annotations

import argparse
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

from helpers import config

ORDER = ["ingest", "rhetoric", "quotes", "pronouns", "actors", "frames", "parse", "pipeline", "compare", "studies"]
RESULTS_DIR = config.BENCHMARKS / "results"
#: Arguments a benchmark needs for its whole section (frames: the threshold calibration and its CV table).
ARGUMENTS: dict[str, list[str]] = {"frames": ["--calibrate"]}
HEADER = """# Benchmark results

Every figure below was produced by the command shown in its section, on the 2-core / 24 GiB machine the
project is developed and tested on, against the annotated sets and corpora in `../shared` (not part of the
repo). `make bench` (that is, `python -m benchmarks.run_all`) reruns them all and rewrites this file.
Targets come from the issues; a target missed is reported as missed, with the error classes behind it.

Assembled {today} on Python {python}.
"""


def assemble() -> Path:
    """Concatenate the per-stage sections into RESULTS.md; return its path."""
    parts = [HEADER.format(today=date.today().isoformat(), python=platform.python_version())]
    for stage in ORDER:
        section = RESULTS_DIR / f"{stage}.md"
        if section.exists():
            parts.append(section.read_text(encoding="utf-8").strip() + "\n")
        else:
            parts.append(f"## {stage}\n\nNot measured yet (no `benchmarks/results/{stage}.md`).\n")
    out = config.BENCHMARKS / "RESULTS.md"
    out.write_text("\n".join(parts), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks (all or ``--only``) and assemble RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", default=ORDER, choices=ORDER)
    parser.add_argument("--assemble-only", action="store_true")
    args = parser.parse_args(argv)
    if not config.SHARED.exists():
        print(f"{config.SHARED} is absent: benchmarks skipped")
        return 0
    if not args.assemble_only:
        for stage in args.only:
            if (config.BENCHMARKS / f"bench_{stage}.py").exists():
                print(f"== {stage}", flush=True)
                extra = ARGUMENTS.get(stage, [])
                subprocess.run([sys.executable, "-m", f"benchmarks.bench_{stage}", *extra], cwd=config.ROOT,
                               check=False)
    print(assemble())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
