"""The command line: stage subcommands write one schema-exact line per readable input."""
from __future__ import annotations

import json

import pytest

from helpers import cli

SCHEMAS = {
    "rhetoric": {"id", "sentences", "spans"},
    "quotes": {"id", "quotes"},
    "frames": {"id", "frames", "generic_frames", "issue_frames", "countries", "actors", "events", "claims"},
}


@pytest.fixture()
def small_corpus(tmp_path, seed_text):
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "seed", "text": seed_text, "source": "kept but unused"}),
        "{broken",
        json.dumps({"id": "short", "text": "Moscow denied it. “Nothing happened,” a Kremlin spokesman said."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("stage", sorted(SCHEMAS))
def test_stage_command_writes_schema_exact_lines(stage, small_corpus, tmp_path):
    out = tmp_path / f"{stage}.jsonl"
    assert cli.main([stage, "--in", str(small_corpus), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["seed", "short"]
    assert all(set(r) == SCHEMAS[stage] for r in rows)
    errors = (tmp_path / f"{stage}.jsonl.errors.csv").read_text(encoding="utf-8")
    assert "invalid JSON" in errors  # the broken line is listed, not silently dropped


def test_unknown_stage_is_refused():
    with pytest.raises(SystemExit):
        cli.main(["sentiment", "--in", "x", "--out", "y"])


def test_ingest_and_pipeline_subcommands_parse():
    parser = cli.build_parser()
    args = parser.parse_args(["pipeline", "--in", "a.jsonl", "b/", "--out", "o", "--engine", "dask", "--jobs", "2"])
    assert args.engine == "dask" and args.jobs == 2 and len(args.inp) == 2 and args.chunk_size == 64
    args = parser.parse_args(["ingest", "x.txt", "y/", "--out", "o"])
    assert [str(p) for p in args.paths] == ["x.txt", "y"]


def test_stage_warnings_name_the_article(tmp_path, caplog):
    """An unbalanced quotation mark is reported with the id of the article it is in."""
    import logging

    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "odd-17", "text": 'The minister said "this never closes.'}) + "\n",
                    encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="helpers.quotes"):
        assert cli.main(["quotes", "--in", str(path), "--out", str(tmp_path / "q.jsonl")]) == 0
    assert any("odd-17" in r.getMessage() and "never closed" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("argv, named", [
    (["quotes", "--in", "{tmp}/missing.jsonl", "--out", "{tmp}/q.jsonl"], "missing.jsonl"),
    (["pipeline", "--in", "{tmp}/nowhere", "--out", "{tmp}/run"], "nowhere"),
    (["ingest", "{tmp}/absent.txt", "--out", "{tmp}/run"], "absent.txt"),
    (["quotes", "--in", "{tmp}/ok.jsonl", "--out", "{tmp}/file.txt/q.jsonl"], "file.txt"),
    (["quotes", "--in", "{tmp}/ok.jsonl", "--out", "{tmp}"], "is a folder"),
    (["pipeline", "--in", "{tmp}/ok.jsonl", "--out", "{tmp}/file.txt"], "is a file"),
    (["quotes", "--in", "{tmp}/ok.jsonl", "--out", "/proc/framelab/q.jsonl"], "/proc/framelab"),  # unwritable
])
def test_a_path_the_command_cannot_use_stops_it_with_one_line(argv, named, tmp_path, capsys):
    (tmp_path / "ok.jsonl").write_text(json.dumps({"id": "a", "text": "Hello."}) + "\n", encoding="utf-8")
    (tmp_path / "file.txt").write_text("not a folder", encoding="utf-8")
    code = cli.main([a.format(tmp=tmp_path) for a in argv])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and named in err and "Traceback" not in err
