"""The run folder: tables written whole and atomically, read back with the schema's types, a manifest."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers import schema
from helpers.runfolder import RunFolder, expand_extra, load_tables

QUOTE = {"article_id": "a1", "quote": "We will respond", "start": 1, "end": 16, "kind": "direct",
         "speaker": "Aibek Nurlanov", "speaker_type": "person", "anonymous": False, "n_words": 3}


def test_a_table_round_trips_with_its_types(tmp_path):
    run = RunFolder(tmp_path)
    assert run.write("quotes", [QUOTE, {**QUOTE, "speaker": None, "start": 20, "end": 25}]) == 2
    back = run.read("quotes")
    assert list(back.columns) == schema.TABLES["quotes"].names
    assert back["start"].tolist() == [1, 20] and back["speaker"].tolist() == ["Aibek Nurlanov", None]
    assert back.equals(schema.frame("quotes", [QUOTE, {**QUOTE, "speaker": None, "start": 20, "end": 25}]))


def test_write_replaces_the_whole_table_and_leaves_no_temporary_file(tmp_path):
    run = RunFolder(tmp_path)
    run.write("quotes", [QUOTE] * 3)
    run.write("quotes", [QUOTE])
    assert len(run.read("quotes")) == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert len([p.name for p in run.table_path("quotes").iterdir()]) == 1  # the old part is gone


def test_a_table_not_yet_written_reads_empty_with_its_columns(tmp_path):
    run = RunFolder(tmp_path)
    assert run.read("events").empty and list(run.read("events").columns) == schema.TABLES["events"].names
    assert run.stages_done() == []


def test_unknown_table_is_refused(tmp_path):
    with pytest.raises(KeyError, match="unknown table"):
        RunFolder(tmp_path).write("sentiment", [])


def test_pandas_reads_a_table_folder_as_one_table(tmp_path):
    run = RunFolder(tmp_path)
    run.write_part("quotes", schema.arrow_table("quotes", [QUOTE]), "00000")
    run.write_part("quotes", schema.arrow_table("quotes", [{**QUOTE, "article_id": "a2"}]), "00001")
    assert sorted(pd.read_parquet(tmp_path / "quotes.parquet")["article_id"]) == ["a1", "a2"]
    assert sorted(run.read("quotes")["article_id"]) == ["a1", "a2"]


def test_manifest_merges_sections_and_counts_rows(tmp_path):
    run = RunFolder(tmp_path)
    run.write("quotes", [QUOTE])
    run.record_stage("quotes", seconds=1.23456, articles=1)
    run.update_manifest(inputs=["x.txt"], stages={"rhetoric": {"finished": "t"}})
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["stages"]) == {"quotes", "rhetoric"} and manifest["stages"]["quotes"]["seconds"] == 1.235
    assert manifest["rows"] == {"quotes": 1} and manifest["inputs"] == ["x.txt"]
    assert {"python", "spacy", "resources"} <= set(manifest["versions"])


def test_rejected_ledger_round_trips_and_appends(tmp_path):
    run = RunFolder(tmp_path)
    run.write_rejected([{"source_path": "a.txt", "reason": "empty file"}])
    run.add_rejected([{"source_path": "b.txt", "article_id": "b1", "reason": "analysis failed"}])
    ledger = run.read_rejected()
    assert ledger.to_dict("records") == [{"source_path": "a.txt", "article_id": "", "reason": "empty file"},
                                         {"source_path": "b.txt", "article_id": "b1", "reason": "analysis failed"}]


@pytest.mark.parametrize("extras, columns", [
    ([None, None], []),
    (['{"speaker_side": "russia"}', None], ["speaker_side"]),
    (['{"speaker_side": "russia", "title": "clash"}', '{"location": "Kyiv"}'], ["location", "speaker_side"]),
])
def test_extra_fields_become_columns_without_clobbering(extras, columns):
    articles = pd.DataFrame({"id": ["a", "b"], "title": ["A", "B"], "extra": extras})
    out = expand_extra(articles)
    assert [c for c in out.columns if c not in articles.columns] == columns
    assert out["title"].tolist() == ["A", "B"]


def test_load_tables_refuses_a_folder_that_is_not_a_run(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a run folder"):
        load_tables(tmp_path)
