"""The README's two studies with intervals: US coverage of Russia by bias label, and the Kremlin's and
Ukraine's presidential press releases before and after 24 February 2022.

Run: ``.venv/bin/python -m benchmarks.studies`` (``--n-boot``, ``--seed``; ``--rerun us press`` remakes the
run folders after a stage changed). For each corpus in
``../shared/corpora`` it makes the run folder with the pipeline when it is missing
(``python -m helpers pipeline --in CORPUS --out data/processed/{corpus,press} --jobs 2``; about 10 and 5
minutes), runs :func:`helpers.compare.compare`, writes its CSVs and figures to ``reports/studies/NAME/``
(each PNG beside its CSV) and writes the markdown section, tables and figure paths, to
``benchmarks/results/studies.md``. Skips cleanly (exit 0) when the corpora are absent.

The press releases are checked to be all accounted for: every input record is an article of the run
folder or a row of its ``rejected.csv``, id by id.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import platform
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from benchmarks.bench_compare import ensure_run
from helpers import compare, config
from helpers.report import comparisons
from helpers.runfolder import load_tables

US_CORPUS: Path = config.SHARED_CORPORA / "russia_coverage.jsonl.gz"
US_RUN: Path = config.DATA_PROCESSED / "corpus"
PRESS_CORPUS: Path = config.SHARED_CORPORA / "kremlin_kyiv_press.jsonl.gz"
PRESS_RUN: Path = config.DATA_PROCESSED / "press"
OUT: Path = config.REPORTS / "studies"
RESULTS_PATH: Path = config.BENCHMARKS / "results" / "studies.md"
#: The day of Russia's full-scale invasion of Ukraine.
SPLIT: str = "2022-02-24"
#: The rows of the README's table of US coverage by bias label.
US_ROWS: tuple[tuple[str, str], ...] = (
    ("polarity", "mean"), ("subjectivity", "mean"), ("rhetoric", "hedge"), ("rhetoric", "loaded"),
    ("rhetoric", "technique"), ("generic_frame", "conflict"), ("generic_frame", "responsibility"),
    ("generic_frame", "human_interest"), ("generic_frame", "morality"), ("anonymous", "share"),
    ("cameo_root", "19"), ("speaker", "Donald Trump"),
)
#: Measures of the press-release study (frames, CAMEO roots, countries, techniques, who is quoted).
PRESS_MEASURES: tuple[str, ...] = ("generic_frame", "issue_frame", "cameo_root", "country", "rhetoric", "technique",
                                   "speaker", "anonymous", "polarity", "subjectivity")


def _shown(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(config.ROOT)) if path.is_relative_to(config.ROOT) else str(path)


def account(corpus: Path, run: Path) -> dict[str, object]:
    """Every input record of a JSONL corpus against the run folder: an article, or a row of ``rejected.csv``.

    Returns:
        ``records``, ``articles``, ``rejected``, ``missing`` (input ids in neither), ``extra`` (article ids
        not in the input), ``reasons`` (rejected reasons by count) and ``complete``.
    """
    ids = []
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                ids.append(str(json.loads(line).get("id")))
    tables = load_tables(run)
    articles = set(tables["articles"]["id"].astype(str))
    rejected = tables["rejected"]
    rejected_ids = set(rejected["article_id"].astype(str))
    missing = [i for i in ids if i not in articles and i not in rejected_ids]
    reasons = collections.Counter(r.split(":")[0] for r in rejected["reason"].astype(str))
    return {"records": len(ids), "unique_ids": len(set(ids)), "articles": len(articles), "rejected": len(rejected),
            "missing": missing, "extra": sorted(articles - set(ids)), "reasons": dict(reasons.most_common()),
            "complete": not missing and len(ids) == len(articles) + len(rejected)}


def run_comparison(name: str, run: Path, source: str, n_boot: int, seed: int, **kwargs) -> compare.Comparison:
    """Compare, write the CSVs and every figure to ``reports/studies/NAME``; return the comparison."""
    result = compare.compare(load_tables(run), n_boot=n_boot, seed=seed, source=source, **kwargs)
    folder = OUT / name
    compare.write(result, folder)
    comparisons.draw_all(result, folder)
    return result


def _figures(name: str, stems: Sequence[str]) -> str:
    folder = OUT / name
    return "\n".join(f"- `{_shown(folder / (s + '.png'))}` (numbers in `{s}.csv` beside it)"
                     for s in stems if (folder / f"{s}.png").exists())


def us_section(result: compare.Comparison) -> str:
    """The README's US-coverage table with intervals, and which of its differences hold."""
    pairs = comparisons.differences_markdown(result, "group", rows=US_ROWS, top=None, only_holding=False)
    held = result.differences[(result.differences["contrast"] == "group") & result.differences["survives"]]
    in_table = held[[(m, lv) in set(US_ROWS) for m, lv in zip(held["measure"], held["level"])]]
    tested = result.differences[[(m, lv) in set(US_ROWS) for m, lv in zip(result.differences["measure"],
                                                                          result.differences["level"])]]
    return "\n".join([
        "### US coverage of Russia by bias label, with intervals", "",
        f"`{result.source}`, compared by `bias`: "
        f"`python -m helpers compare data/processed/corpus --by bias --out {_shown(OUT / 'us_coverage_by_bias')}`. "
        f"Each cell: the value and its 95 % interval (article-level bootstrap, {result.n_boot:,} resamples, seed "
        f"{result.seed}); `*`: a difference between two bias labels on that row holds after the Benjamini–Hochberg "
        f"correction over all {int(result.differences['p_value'].notna().sum()):,} differences tested.", "",
        comparisons.markdown_table(result, US_ROWS), "",
        f"Of the {int(tested['p_value'].notna().sum())} pairwise differences on these rows, "
        f"{len(in_table)} hold:", "",
        pairs, "",
        "Figures:", "",
        _figures("us_coverage_by_bias", ["groups_rhetoric", "groups_generic_frame", "groups_anonymous",
                                         "groups_cameo_root", "groups_speaker", "differences_groups"]), "",
    ])


def press_rows(result: compare.Comparison, per_measure: int = 8) -> list[tuple[str, str]]:
    """The press study's table rows: per measure the levels largest over all releases."""
    rows = []
    for measure in PRESS_MEASURES:
        for level in comparisons.top_levels(result, measure, per_measure):
            rows.append((measure, level))
    return rows


def press_section(result: compare.Comparison, accounting: dict[str, object]) -> str:
    """The second study: both sides' framing before and after the split date, and the differences that hold."""
    sides = [g for g in result.groups if g != compare.UNKNOWN]
    before, after = f"before {SPLIT}", f"from {SPLIT}"
    cells = [(g, p) for g in sides for p in (before, after)]
    diffs = result.differences
    tested = diffs["p_value"].notna()
    n_period = int((diffs["survives"] & (diffs["contrast"] == "period")).sum())
    n_group = int((diffs["survives"] & (diffs["contrast"] == "group")).sum())
    reasons = ", ".join(f"{k} {v}" for k, v in accounting["reasons"].items()) or "none"
    lines = [
        "### The second study: official framing of the two sides before and after 24 February 2022", "",
        f"`{result.source}`: {accounting['records']:,} English press releases of the Kremlin and of the "
        f"President of Ukraine (October 2021 – June 2022). Run folder: `python -m helpers pipeline --in "
        f"../shared/corpora/kremlin_kyiv_press.jsonl.gz --out data/processed/press --jobs 2`. Every release "
        f"is accounted for: {accounting['articles']:,} articles + {accounting['rejected']:,} rejected = "
        f"{int(accounting['articles']) + int(accounting['rejected']):,} of {accounting['records']:,} records "
        f"({'complete' if accounting['complete'] else 'INCOMPLETE: ' + str(len(accounting['missing'])) + ' missing'}"
        f"; rejected reasons: {reasons}).", "",
        f"Compared by `speaker_side` (a field of the input kept by ingestion) and split on {SPLIT}: `python -m "
        f"helpers compare data/processed/press --by speaker_side --split-date {SPLIT} --out "
        f"{_shown(OUT / 'press_by_side')}`. {int(tested.sum()):,} differences tested; {n_group} between the sides "
        f"and {n_period} between the periods hold (Benjamini–Hochberg, FDR 5 %).", "",
        "Each cell: value [95 % interval]; `*`: the two sides differ in at least one period; ↑ / ↓: the side's "
        "change after the split holds.", "",
        comparisons.markdown_table(result, press_rows(result), cells=cells), "",
        "The changes after 24 February 2022 that hold, largest first:", "",
        comparisons.differences_markdown(result, "period", top=25), "",
        "The differences between the sides that hold, largest first:", "",
        comparisons.differences_markdown(result, "group", top=25), "",
        "Figures:", "",
        _figures("press_by_side", [f"{kind}_{m}" for m in PRESS_MEASURES for kind in ("periods", "groups")]
                 + ["differences_groups", "differences_periods"]), "",
    ]
    if result.notes:
        lines += ["Notes: " + "; ".join(result.notes) + ".", ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run both studies and write ``benchmarks/results/studies.md``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n-boot", type=int, default=compare.N_BOOT)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--rerun", nargs="*", choices=["us", "press"], default=[],
                        help="remake these run folders with the pipeline first (after a stage changed)")
    args = parser.parse_args(argv)
    if not (US_CORPUS.exists() and PRESS_CORPUS.exists()):
        print(f"{config.SHARED_CORPORA} lacks the corpora: studies skipped")
        return 0
    for name, run in (("us", US_RUN), ("press", PRESS_RUN)):
        if name in args.rerun:
            shutil.rmtree(run, ignore_errors=True)
    ensure_run(US_CORPUS, US_RUN)
    ensure_run(PRESS_CORPUS, PRESS_RUN)
    us = run_comparison("us_coverage_by_bias", US_RUN, "russia_coverage.jsonl.gz (US outlets, 2012–2020)",
                        args.n_boot, args.seed, by="bias")
    press = run_comparison("press_by_side", PRESS_RUN, "kremlin_kyiv_press.jsonl.gz (Oct 2021 – Jun 2022)",
                           args.n_boot, args.seed, by="speaker_side", split_date=SPLIT)
    accounting = account(PRESS_CORPUS, PRESS_RUN)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    section = "\n".join([
        "## Studies with intervals", "",
        f"Command: `python -m benchmarks.studies` — {stamp}, Python {platform.python_version()}. Figures and "
        f"CSVs in `{_shown(OUT)}/` (generated, not committed).", "",
        "How to read the intervals: they say how much a figure would move with another draw of articles like "
        "these (article-level bootstrap), not how often the stages err. A difference that holds can still come "
        "from a stage that errs more on one group's texts than on the other's (the frames' F1 is about 0.66, "
        "see the accuracy table); read the highlighted articles before calling it a finding.", "",
        us_section(us), press_section(press, accounting)])
    print(section)
    if not args.no_write:
        RESULTS_PATH.write_text(section, encoding="utf-8")
    return 0 if accounting["complete"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
