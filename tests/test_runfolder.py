"""The run folder: tables written whole and atomically, read back with the schema's types, a manifest; the
ledger: commits decide what readers see, a line cut short is no commit, damaged parts are found, articles
are removed by rewriting their groups."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers import schema
from helpers.runfolder import Entry, Group, RunFolder, expand_extra, load_tables

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


# ------------------------------------------------------------------------------------------- ledger
ARTICLE = {"id": "a1", "source_path": "wire.jsonl", "kind": "jsonl", "text": "Moscow denied the report.",
           "n_words": 4, "dup_cluster": "a1"}


def _group(run: RunFolder, gid: str, ids: list[str]) -> Group:
    """A chunk's commit: one article row and one quote per article."""
    parts = {"articles": run.write_part("articles", schema.arrow_table("articles", [{**ARTICLE, "id": i}
                                                                                    for i in ids]), gid),
             "quotes": run.write_part("quotes", schema.arrow_table("quotes", [{**QUOTE, "article_id": i}
                                                                              for i in ids]), gid)}
    return Group(gid, parts, [Entry(i, "h" + i, "wire.jsonl", "jsonl") for i in ids])


def test_commits_decide_what_readers_see(tmp_path):
    run = RunFolder(tmp_path)
    run.commit(add=[_group(run, "000000", ["a1", "a2"])])
    _group(run, "000001", ["a3"])  # parts in place, never committed: a killed run's leftover
    assert run.read("articles")["id"].tolist() == ["a1", "a2"]
    assert run.ledger().n_articles == 2 and set(run.ledger().articles()) == {"a1", "a2"}
    assert run.update_manifest()["rows"] == {"articles": 2, "quotes": 2}
    removed = run.tidy()
    assert sorted(p.parent.name for p in removed) == ["articles.parquet", "quotes.parquet"]
    assert len(pd.read_parquet(run.table_path("quotes"))) == 2  # a plain reader agrees once tidied


@pytest.mark.parametrize("tail", [b'{"v":1,"seq":1,"add":[{"gro', b"not json\n", b'{"v":1,"seq":1'])
def test_a_line_cut_short_is_no_commit_and_is_cut_before_the_next(tmp_path, tail):
    run = RunFolder(tmp_path)
    run.commit(add=[_group(run, "000000", ["a1"])])
    with open(run.ledger_path, "ab") as handle:
        handle.write(tail)
    assert run.ledger().commits == 1 and run.read("articles")["id"].tolist() == ["a1"]
    run.commit(add=[_group(run, "000001", ["a2"])])
    lines = run.ledger_path.read_bytes().splitlines(keepends=True)
    assert len(lines) == 2 and all(json.loads(line)["v"] == 1 for line in lines)
    assert run.read("articles")["id"].tolist() == ["a1", "a2"]


def test_removing_articles_rewrites_only_their_groups(tmp_path):
    run = RunFolder(tmp_path)
    run.commit(add=[_group(run, "000000", ["a1", "a2"]), _group(run, "000001", ["a3"])])
    assert run.remove_articles(["a2", "zz"]) == 1
    assert run.read("articles")["id"].tolist() == ["a3", "a1"]
    assert sorted(run.read("quotes")["article_id"]) == ["a1", "a3"]
    assert list(run.ledger().groups) == ["000001", "000001-000"]
    assert run.verify() == [] and run.tidy() == []
    assert run.remove_articles(["nowhere"]) == 0


@pytest.mark.parametrize("damage, problem", [
    (lambda p: p.unlink(), "missing"),
    (lambda p: p.write_bytes(p.read_bytes()[:-10]), "bytes where the ledger says"),
    (lambda p: p.write_bytes(p.read_bytes()[:-1] + b"X"), "SHA-1"),
])
def test_damaged_parts_are_found_with_their_group(tmp_path, damage, problem):
    run = RunFolder(tmp_path)
    run.commit(add=[_group(run, "000000", ["a1"]), _group(run, "000001", ["a2"])])
    assert run.verify() == []
    damage(run.table_path("quotes") / "part-000001.parquet")
    found = run.verify()
    assert [(d.table, d.group) for d in found] == [("quotes", "000001")] and problem in found[0].problem


def test_whole_writes_are_commits_and_reset_forgets_them(tmp_path):
    """What notebooks 01-04 do: each table written whole is a commit listing its one part."""
    run = RunFolder(tmp_path)
    run.write("articles", [ARTICLE])
    run.write("quotes", [QUOTE, QUOTE])
    ledger = run.ledger()
    assert set(ledger.whole) == {"articles", "quotes"} and not ledger.groups
    assert run.stages_done() == ["ingest"] and len(run.read("quotes")) == 2
    run.reset()
    assert run.ledger() is None and not run.has("articles")


def test_a_folder_without_ledger_keeps_its_tables_when_one_is_written_whole(tmp_path):
    run = RunFolder(tmp_path)
    run.write_part("articles", schema.arrow_table("articles", [ARTICLE]), "00000")
    run.write_part("quotes", schema.arrow_table("quotes", [QUOTE]), "00000")
    assert run.ledger() is None and run.has("quotes")
    run.write("quotes", [QUOTE, QUOTE])
    assert set(run.ledger().whole) == {"articles", "quotes"}
    assert run.read("articles")["id"].tolist() == ["a1"] and len(run.read("quotes")) == 2
