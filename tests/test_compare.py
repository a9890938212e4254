"""Comparisons with intervals: coverage on synthetic data with a known difference, the p-values under no
difference, Benjamini–Hochberg by hand, point values equal to notebook 05's, a group of one article, a
measure with no rows, an unknown ``--by`` column, periods, seeds, the command and the figures.

Synthetic corpora are drawn with numpy from stated parameters (shares of articles with a frame, hedges
per word, words per article), so the true values are known; the hand-made corpus of
``tests/test_corpus.py`` checks that every point value is notebook 05's.
"""
from __future__ import annotations

import gzip
import json

import matplotlib

matplotlib.use("Agg")
import numpy as np
import pandas as pd
import pytest

from benchmarks.studies import account
from helpers import cli, compare, corpus, schema
from helpers.report import comparisons
from helpers.runfolder import RunFolder, load_tables
from tests.test_corpus import _tables as hand_made_tables


# ------------------------------------------------------------------------------------------ synthetic data
def synthetic_tables(groups: dict[str, int], conflict: dict[str, float], hedges_per_1000: dict[str, float],
                     seed: int, by: str = "source", dates: list[str] | None = None,
                     quotes: bool = True, events: bool = True) -> dict[str, pd.DataFrame]:
    """Run-folder tables of ``sum(groups.values())`` articles: group ``g`` has ``groups[g]`` articles, each
    with the conflict frame present with probability ``conflict[g]`` and Poisson hedges at
    ``hedges_per_1000[g]`` per 1,000 of its 200–1,200 words; one sentence, an actor, a quote and an event each."""
    rng = np.random.default_rng(seed)
    articles, frames, spans, sentences, quote_rows, event_rows, actors = [], [], [], [], [], [], []
    i = 0
    for group, n in groups.items():
        for _ in range(n):
            aid = f"{group}-{i}"
            words = int(rng.integers(200, 1201))
            extra = {"speaker_side": group}
            articles.append({"id": aid, "source": group if by == "source" else "Outlet", "bias": None,
                             "date": dates[i % len(dates)] if dates else "2022-01-10", "title": aid, "text": "w",
                             "n_words": words, "extra": json.dumps(extra)})
            frames.append({"article_id": aid, "kind": "generic", "frame": "conflict", "score": 0.5,
                           "threshold": 0.4, "present": bool(rng.random() < conflict[group])})
            for k in range(int(rng.poisson(hedges_per_1000[group] * words / 1000))):
                spans.append({"article_id": aid, "start": k, "end": k + 1, "category": "hedge", "label": "may"})
            sentences.append({"article_id": aid, "sent_index": 0, "start": 0, "end": 1,
                              "polarity": float(rng.normal(0.05, 0.1)), "subjectivity": 0.4})
            actors.append({"article_id": aid, "text": "Russia", "code": "RUS", "role": "state", "start": 0, "end": 1})
            if quotes:
                quote_rows.append({"article_id": aid, "quote": "q", "start": 0, "end": 1, "kind": "direct",
                                   "speaker": "Vladimir Putin" if rng.random() < 0.5 else "an official",
                                   "anonymous": False})
            if events:
                root = "19" if rng.random() < 0.3 else "04"
                event_rows.append({"article_id": aid, "actor": "x", "action": "y", "cameo": root + "0",
                                   "cameo_root": root, "negated": False, "start": 0, "end": 1})
            i += 1
    rows = {"articles": articles, "frames": frames, "rhetoric_spans": spans, "sentences": sentences,
            "quotes": quote_rows, "events": event_rows, "actors": actors}
    return {name: schema.frame(name, data) for name, data in rows.items()}


def _matrix_measures(share: np.ndarray, hedges: np.ndarray, words: np.ndarray, ids: list[str]) -> compare.ArticleMeasures:
    columns = pd.DataFrame([("generic_frame", "conflict", "conflict"), ("rhetoric", "hedge", "hedges")],
                           columns=["measure", "level", "label"])
    num = np.column_stack([share, hedges]).astype(float)
    den = np.column_stack([np.ones(len(ids)), words]).astype(float)
    return compare.ArticleMeasures(np.array(ids, dtype=object), columns, num, den)


def _draw(rng: np.random.Generator, n: int, p: float, rate: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    words = rng.integers(200, 1201, n)
    return (rng.random(n) < p).astype(float), rng.poisson(rate * words / 1000).astype(float), words.astype(float)


def _two_group_run(rng: np.random.Generator, n: int, p: tuple[float, float], rate: tuple[float, float],
                   seed: int) -> pd.DataFrame:
    ids = [f"a{i}" for i in range(n)] + [f"b{i}" for i in range(n)]
    a, b = _draw(rng, n, p[0], rate[0]), _draw(rng, n, p[1], rate[1])
    measures = _matrix_measures(*(np.concatenate([x, y]) for x, y in zip(a, b)), ids)
    labels = pd.Series(["A"] * n + ["B"] * n, index=ids)
    schemes = [pd.Series(compare.ALL, index=ids, name="all")]
    _, diffs, _ = compare.bootstrap(measures, labels, schemes, ["A", "B"], n_boot=1000, seed=seed)
    return diffs.set_index("measure")


# ------------------------------------------------------------------------------------------ coverage
def test_intervals_cover_a_known_difference_about_95_percent_of_the_time():
    """200 seeded repeats; the true difference is 0.30 - 0.45 in the share of articles with the conflict frame
    and 12 - 9 hedges per 1,000 words; both intervals should cover it in about 95 % of repeats."""
    rng = np.random.default_rng(20260301)
    truth = {"generic_frame": 0.30 - 0.45, "rhetoric": 12.0 - 9.0}
    covered = {m: 0 for m in truth}
    repeats = 200
    for r in range(repeats):
        diffs = _two_group_run(rng, 120, (0.30, 0.45), (12.0, 9.0), seed=r)
        for measure, true in truth.items():
            row = diffs.loc[measure]
            covered[measure] += row["ci_low"] <= true <= row["ci_high"]
    for measure, hits in covered.items():
        assert 0.91 <= hits / repeats <= 0.985, (measure, hits / repeats)


def test_p_values_reject_about_5_percent_when_there_is_no_difference():
    rng = np.random.default_rng(7)
    p = np.array([_two_group_run(rng, 80, (0.4, 0.4), (10.0, 10.0), seed=r)["p_value"].to_numpy()
                  for r in range(150)]).ravel()
    assert 0.02 <= np.mean(p < 0.05) <= 0.09


def test_a_large_difference_survives_and_its_sign_is_a_minus_b():
    diffs = _two_group_run(np.random.default_rng(3), 150, (0.2, 0.6), (10.0, 10.0), seed=0)
    row = diffs.loc["generic_frame"]
    assert row["difference"] < -0.25 and row["ci_high"] < 0 and row["p_value"] < 1e-6


# ------------------------------------------------------------------------------------------ pieces
@pytest.mark.parametrize("p, q", [
    ([0.01, 0.04, 0.03, 0.005], [0.02, 0.04, 0.04, 0.02]),
    ([0.04, 0.041], [0.041, 0.041]),
    ([0.5, np.nan, 0.01], [0.5, np.nan, 0.02]),
    ([np.nan], [np.nan]),
    ([0.9, 0.8], [0.9, 0.9]),
])
def test_benjamini_hochberg_by_hand(p, q):
    np.testing.assert_allclose(compare.benjamini_hochberg(np.array(p)), q)


def test_percentiles_equal_numpy_and_skip_nan():
    rng = np.random.default_rng(0)
    samples = rng.normal(size=(999, 6))
    samples[rng.random(samples.shape) < 0.2] = np.nan
    samples[:, 5] = np.nan
    ours = compare.percentiles(samples, (0.025, 0.975))
    expected = np.array([np.nanpercentile(samples[:, j], [2.5, 97.5]) for j in range(5)]).T
    np.testing.assert_allclose(ours[:, :5], expected)
    assert np.isnan(ours[:, 5]).all()


@pytest.mark.parametrize("date, period, label", [
    ("2022-02-24", "month", "2022-02"),
    ("2022-02-24T10:00:00Z", "week", "2022-W08"),
    ("2021-01-01", "week", "2020-W53"),  # ISO week of a new year's day
    ("2022-02-24", None, None),
])
def test_period_labels(date, period, label):
    dates = compare.parse_dates(pd.DataFrame({"id": ["x"], "date": [date]}))
    schemes = compare.period_labels(dates, None, period)
    assert [s.name for s in schemes] == ["all"] + (["period"] if period else [])
    if period:
        assert schemes[1]["x"] == label


@pytest.mark.parametrize("date, expected", [
    ("2022-02-23", "before 2022-02-24"), ("2022-02-24", "from 2022-02-24"), ("2022-06-01", "from 2022-02-24"),
    ("not a date", None), (None, None), ("2022-13-01", None),
])
def test_split_date_and_undated_articles(date, expected):
    dates = compare.parse_dates(pd.DataFrame({"id": ["x"], "date": [date]}))
    split = compare.period_labels(dates, "2022-02-24")[1]
    assert split.get("x") == expected


@pytest.mark.parametrize("bad", ["24/02/2022", "2022-02-30", "soon"])
def test_a_split_date_that_is_not_a_date_is_refused(bad):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        compare.compare(hand_made_tables(), by="source", split_date=bad, n_boot=10)


# ------------------------------------------------------------------------------------------ tables in
def test_point_values_equal_notebook_05():
    tables = hand_made_tables()
    result = compare.compare(tables, by="source", n_boot=50)
    report = corpus.by_group(tables, "source")
    est = result.estimates.set_index(["measure", "level", "group", "period"])["value"]
    for _, r in report.sentiment.iterrows():
        assert est[("polarity", "mean", r["group"], "all")] == pytest.approx(r["mean_polarity"])
    for _, r in report.techniques.iterrows():
        assert est[("rhetoric", r["category"], r["group"], "all")] == pytest.approx(r["per_1000_words"])
    for _, r in report.technique_labels.iterrows():
        assert est[("technique", r["label"], r["group"], "all")] == pytest.approx(r["per_1000_words"])
    for _, r in report.frames.iterrows():
        assert est[("generic_frame", r["frame"], r["group"], "all")] == pytest.approx(r["share"])
    for _, r in report.issue_frames.iterrows():
        assert est[("issue_frame", r["frame"], r["group"], "all")] == pytest.approx(r["share"])
    for _, r in report.speakers.iterrows():
        assert est[("speaker", r["speaker"], r["group"], "all")] == pytest.approx(r["share"])
    for _, r in report.anonymity.dropna(subset=["anonymous_rate"]).iterrows():
        assert est[("anonymous", "share", r["group"], "all")] == pytest.approx(r["anonymous_rate"])
    for _, r in report.countries.iterrows():
        assert est[("country", r["country"], r["group"], "all")] == pytest.approx(r["share_articles"])
    for _, r in report.events.iterrows():
        assert est[("cameo_root", r["cameo_root"], r["group"], "all")] == pytest.approx(r["share_events"])
    assert est[("cameo_root", "19", "A", "all")] == pytest.approx(1 / 3)  # a1: 17, 13; a2: 19 (one negated)
    assert "Fight" in set(result.estimates.loc[result.estimates["level"] == "19", "label"])


def test_bias_codes_are_named_and_ordered_left_to_right():
    tables = hand_made_tables()
    tables["articles"] = tables["articles"].assign(bias=["2", "0", "1"])
    result = compare.compare(tables, by="bias", n_boot=20)
    assert result.groups == ("left", "center", "right")


def test_wide_view_has_groups_in_order_and_their_intervals():
    tables = synthetic_tables({"B": 30, "A": 20}, {"A": 0.2, "B": 0.8}, {"A": 10, "B": 10}, seed=13)
    result = compare.compare(tables, by="source", n_boot=100)
    wide = result.wide("generic_frame")
    assert list(wide.columns.get_level_values(0).unique()) == ["B", "A", "all"]
    assert list(wide.index) == ["conflict", "economic", "human interest", "morality", "responsibility"]
    row = result.measure("generic_frame").query("group == 'A' and level == 'conflict'").iloc[0]
    assert wide.loc["conflict", ("A", "ci_high")] == row["ci_high"]


def test_a_group_of_one_article_has_a_value_but_no_interval_and_is_not_tested():
    tables = synthetic_tables({"big": 40, "single": 1}, {"big": 0.5, "single": 1.0}, {"big": 10, "single": 10},
                              seed=1)
    result = compare.compare(tables, by="source", n_boot=200)
    one = result.estimates[(result.estimates["group"] == "single") & (result.estimates["period"] == "all")]
    assert (one["n_articles"] == 1).all() and one["small"].all()
    assert one.set_index(["measure", "level"]).loc[("generic_frame", "conflict"), "value"] == 1.0
    assert one[["ci_low", "ci_high"]].isna().all().all()
    pair = result.differences[result.differences["group_b"] == "single"]
    assert len(pair) and pair["p_value"].isna().all() and not pair["survives"].any()
    big = result.estimates[(result.estimates["group"] == "big") & (result.estimates["measure"] == "rhetoric")]
    assert big[["ci_low", "ci_high"]].notna().all().all() and not big["small"].any()


def test_a_measure_with_no_rows_is_left_out_with_a_note(tmp_path):
    tables = synthetic_tables({"A": 30, "B": 30}, {"A": 0.5, "B": 0.5}, {"A": 10, "B": 10}, seed=2,
                              quotes=False, events=False)
    result = compare.compare(tables, by="source", n_boot=100)
    measures = set(result.estimates["measure"])
    assert {"cameo_root", "anonymous", "speaker", "speaker_type", "technique"}.isdisjoint(measures)
    assert {"polarity", "rhetoric", "generic_frame", "country"} <= measures
    assert set(result.differences["measure"]) == measures
    for measure in ("cameo_root", "anonymous", "speaker", "technique"):
        assert any(n.startswith(f"{measure}: no rows") for n in result.notes), measure
    pngs = comparisons.draw_all(result, tmp_path)
    assert not any("cameo_root" in p.name for p in pngs)
    assert all(p.with_suffix(".csv").exists() for p in pngs)


def test_no_articles_at_all():
    tables = {"articles": schema.empty("articles")}
    result = compare.compare(tables, by="source", n_boot=10)
    assert result.estimates.empty and result.differences.empty and "no articles" in result.notes


@pytest.mark.parametrize("column", ["nope", "speaker side", "Source"])
def test_a_by_column_that_does_not_exist_names_the_columns_there_are(column, tmp_path):
    run = RunFolder(tmp_path / "run")
    run.write_tables(synthetic_tables({"A": 3}, {"A": 0.5}, {"A": 10}, seed=0))
    tables = load_tables(run.path)
    with pytest.raises(compare.UnknownColumn) as info:
        compare.compare(tables, by=column)
    message = str(info.value)
    assert repr(column) in message and "speaker_side" in message and "bias" in message


def test_by_a_field_the_input_carried(tmp_path):
    run = RunFolder(tmp_path / "run")
    run.write_tables(synthetic_tables({"russia": 25, "ukraine": 25}, {"russia": 0.2, "ukraine": 0.8},
                                      {"russia": 10, "ukraine": 10}, seed=5, by="speaker_side"))
    result = compare.compare(load_tables(run.path), by="speaker_side", n_boot=300)
    assert set(result.groups) == {"russia", "ukraine"}
    row = result.differences.query("level == 'conflict' and period_a == 'all' and contrast == 'group'")
    assert len(row) == 1 and row["survives"].iloc[0]
    held = result.surviving()
    assert held["survives"].all() and held.iloc[0]["level"] == "conflict"


def test_split_date_gives_period_contrasts_after_minus_before():
    tables = synthetic_tables({"A": 60, "B": 60}, {"A": 0.5, "B": 0.5}, {"A": 10, "B": 10}, seed=4,
                              dates=["2022-01-10", "2022-03-10", ""])
    articles = tables["articles"]
    after = articles["date"] == "2022-03-10"
    present = tables["frames"]["article_id"].isin(articles.loc[after, "id"])
    tables["frames"] = tables["frames"].assign(present=present)  # the frame is present exactly after the split
    result = compare.compare(tables, by="source", split_date="2022-02-24", n_boot=200)
    assert result.periods == ["all", "before 2022-02-24", "from 2022-02-24"]
    rows = result.differences.query("contrast == 'period' and level == 'conflict'")
    assert set(rows["group_a"]) == {"A", "B", "all"}
    assert (rows["period_a"] == "from 2022-02-24").all() and (rows["difference"] == 1.0).all()
    cells = result.cells.set_index(["group", "period"])["n_articles"]
    assert cells[("all", "all")] == 120 and cells[("all", "before 2022-02-24")] == 40
    assert any("without a usable date" in n for n in result.notes)


def test_months_are_contrasted_with_the_groups_previous_month():
    tables = synthetic_tables({"A": 30, "B": 30}, {"A": 0.5, "B": 0.5}, {"A": 10, "B": 10}, seed=6,
                              dates=["2022-01-05", "2022-02-05", "2022-04-05"])
    result = compare.compare(tables, by="source", period="month", n_boot=100)
    pairs = set(result.differences.query("contrast == 'period'")[["period_a", "period_b"]].itertuples(index=False))
    assert pairs == {("2022-02", "2022-01"), ("2022-04", "2022-02")}


def test_same_seed_same_intervals_and_cells_do_not_depend_on_other_cells():
    tables = synthetic_tables({"A": 30, "B": 30}, {"A": 0.4, "B": 0.6}, {"A": 10, "B": 12}, seed=8)
    one = compare.compare(tables, by="source", n_boot=200, seed=3).estimates
    again = compare.compare(tables, by="source", n_boot=200, seed=3).estimates
    with_split = compare.compare(tables, by="source", split_date="2022-01-01", n_boot=200, seed=3).estimates
    other = compare.compare(tables, by="source", n_boot=200, seed=4).estimates
    pd.testing.assert_frame_equal(one, again)
    pd.testing.assert_frame_equal(one, with_split[with_split["period"] == "all"].reset_index(drop=True))
    assert not np.allclose(one["ci_low"].fillna(0), other["ci_low"].fillna(0))


def test_many_groups_are_each_contrasted_with_the_rest():
    groups = {f"g{i}": 12 for i in range(compare.MAX_PAIRWISE_GROUPS + 1)}
    tables = synthetic_tables(groups, dict.fromkeys(groups, 0.5), dict.fromkeys(groups, 10.0), seed=9)
    result = compare.compare(tables, by="source", n_boot=50)
    rows = result.differences.query("measure == 'polarity'")
    assert len(rows) == len(groups) and set(rows["group_b"]) == {"rest"}
    assert (rows["n_b"] == 12 * (len(groups) - 1)).all()


# ------------------------------------------------------------------------------------------ out
def test_command_writes_csvs_and_figures_and_refuses_an_unknown_column(tmp_path, capsys):
    run = RunFolder(tmp_path / "run")
    run.write_tables(synthetic_tables({"russia": 40, "ukraine": 25, "belarus": 6},
                                      {"russia": 0.2, "ukraine": 0.9, "belarus": 0.5},
                                      {"russia": 10, "ukraine": 20, "belarus": 10}, seed=10, by="speaker_side",
                                      dates=["2022-01-10", "2022-03-10"]))
    out = tmp_path / "out"
    code = cli.main(["compare", str(run.path), "--by", "speaker_side", "--split-date", "2022-02-24",
                     "--out", str(out), "--n-boot", "200"])
    assert code == 0
    estimates = pd.read_csv(out / "estimates.csv")
    assert list(estimates.columns[:8]) == ["measure", "level", "group", "period", "n_articles", "value", "ci_low",
                                           "ci_high"]
    differences = pd.read_csv(out / "differences.csv")
    assert {"difference", "ci_low", "ci_high", "p_value", "q_value", "survives"} <= set(differences.columns)
    settings = json.loads((out / "compare.json").read_text())
    assert settings["by"] == "speaker_side" and settings["n_boot"] == 200
    for name in ("groups_generic_frame", "periods_rhetoric", "differences_groups"):
        assert (out / f"{name}.png").exists() and (out / f"{name}.csv").exists(), name
    plotted = pd.read_csv(out / "groups_generic_frame.csv")
    assert plotted.set_index("group")["small"].to_dict() == {"russia": False, "ukraine": False, "belarus": True}

    code = cli.main(["compare", str(run.path), "--by", "side", "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "'side'" in err and "speaker_side" in err


@pytest.mark.parametrize("argv_tail, named", [
    (["--by", "source", "--split-date", "24.02.2022"], "YYYY-MM-DD"),
    (["--by", "source"], "not a run folder"),
])
def test_command_stops_with_one_line(argv_tail, named, tmp_path, capsys):
    run = tmp_path / "run"
    if named != "not a run folder":
        RunFolder(run).write_tables(synthetic_tables({"A": 3}, {"A": 0.5}, {"A": 10}, seed=0))
    else:
        run.mkdir()
    code = cli.main(["compare", str(run), *argv_tail, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and named in err


def test_chart_titles_state_the_finding_and_mark_small_groups():
    groups = {"A": 80, "B": 30, "C": 12}
    tables = synthetic_tables(groups, {"A": 0.1, "B": 0.9, "C": 0.9}, dict.fromkeys(groups, 10.0), seed=11)
    result = compare.compare(tables, by="source", n_boot=300, source="synthetic run")
    fig, data = comparisons.group_chart(result, "generic_frame")
    title = fig._suptitle.get_text()
    assert title.startswith("A uses the conflict frame less often than B (")
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "Source: synthetic run" in texts and "A 80, B 30, C 12" in texts
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["A (n=80)", "B (n=30)", f"C (n=12, fewer than {compare.SMALL_GROUP}: read with care)"]
    small = result.differences.query("group_b == 'C' and level == 'conflict'")
    assert small["p_value"].isna().all() and small["ci_low"].notna().all()  # an interval, but not tested
    flat = comparisons.finding(result, "rhetoric")
    assert flat.startswith("No difference in hedges, boosters")


@pytest.mark.parametrize("measure, value, text", [
    ("generic_frame", 0.456, "46 %"), ("country", 0.031, "3.1 %"), ("rhetoric", 12.345, "12.3"),
    ("polarity", 0.04567, "0.046"), ("rhetoric", float("nan"), "–"),
])
def test_values_are_written_as_a_reader_reads_them(measure, value, text):
    assert comparisons.format_value(measure, value) == text


def test_interval_bounds_take_the_precision_of_their_value():
    assert comparisons.format_interval("cameo_root", 0.096, 0.087, 0.104) == "9.6 % [8.7 %, 10.4 %]"
    assert comparisons.format_interval("generic_frame", 0.48, 0.45, 0.51) == "48 % [45 %, 51 %]"
    assert comparisons.format_interval("rhetoric", 5.1, float("nan"), float("nan")) == "5.1 [–, –]"


def test_markdown_table_has_intervals_and_marks_what_holds():
    tables = synthetic_tables({"A": 80, "B": 80}, {"A": 0.1, "B": 0.9}, {"A": 10, "B": 10}, seed=12)
    result = compare.compare(tables, by="source", n_boot=200)
    text = comparisons.markdown_table(result, [("generic_frame", "conflict"), ("rhetoric", "hedge")])
    lines = text.splitlines()
    assert lines[0] == "| measure | unit | A (n=80) | B (n=80) |"
    assert lines[2].startswith("| conflict frame * | share of articles with the frame present |")
    assert lines[3].startswith("| hedges | per 1,000 words |") and "[" in lines[3]


@pytest.mark.parametrize("rejected, complete, missing", [
    ([{"source_path": "x", "article_id": "r3", "reason": "analysis failed: TypeError"}], True, []),
    ([], False, ["r3"]),
])
def test_every_input_record_is_an_article_or_rejected(rejected, complete, missing, tmp_path):
    corpus = tmp_path / "in.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as handle:
        for i in (1, 2, 3):
            handle.write(json.dumps({"id": f"r{i}", "text": "t"}) + "\n")
    run = RunFolder(tmp_path / "run")
    run.write("articles", [{"id": "r1", "n_words": 1}, {"id": "r2", "n_words": 1}])
    run.write_rejected(rejected)
    result = account(corpus, run.path)
    assert (result["records"], result["articles"], result["rejected"]) == (3, 2, len(rejected))
    assert result["complete"] is complete and result["missing"] == missing
