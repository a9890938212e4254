"""JSON Lines reading and writing for the stage commands: plain and gzip, bad lines listed, never fatal."""
from __future__ import annotations

import gzip
import json

import pytest

from helpers.jsonl import BadLine, read_records, write_records


@pytest.mark.parametrize("name", ["in.jsonl", "in.jsonl.gz"])
def test_round_trip_plain_and_gzip(tmp_path, name):
    records = [{"id": "a", "text": "Astana said “no”."}, {"id": "b", "text": "Ünïcode — kept"}]
    path = tmp_path / name
    assert write_records(path, records) == 2
    if name.endswith(".gz"):
        assert gzip.open(path, "rt", encoding="utf-8").readline().startswith('{"id": "a"')
    assert list(read_records(path)) == records


@pytest.mark.parametrize(
    "line, reason",
    [
        ("{not json", "invalid JSON"),
        ('["a", "list"]', "not a JSON object"),
        ('{"id": "x"}', "no string 'text' field"),
        ('{"id": "x", "text": 42}', "no string 'text' field"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_bad_lines_are_listed_and_the_rest_read(tmp_path, line, reason):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([json.dumps({"id": "1", "text": "first"}), line,
                               json.dumps({"id": "3", "text": "third"})]) + "\n", encoding="utf-8")
    bad: list[BadLine] = []
    got = list(read_records(path, bad=bad))
    assert [r["id"] for r in got] == ["1", "3"]
    assert len(bad) == 1 and bad[0].line == 2 and reason in bad[0].reason


def test_missing_id_gets_the_line_number_and_blank_lines_are_ignored(tmp_path):
    path = tmp_path / "noid.jsonl"
    path.write_text('\n{"text": "no id here"}\n\n', encoding="utf-8")
    assert list(read_records(path)) == [{"text": "no id here", "id": "2"}]
