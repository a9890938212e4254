"""The one per-article path: an article and its parse become rows with the schema's columns.

Table-driven over short passages written for these tests and the seed article: the author's voice told
from a speaker's, the articles row (word count, extra fields), the stage JSON records, and every row of
every table conforming to :mod:`helpers.schema` with offsets that index the text.
"""
from __future__ import annotations

import json

import pytest

from helpers import schema, stage
from helpers.text import count_words


@pytest.fixture(scope="module")
def seed_rows(seed_doc, seed_text):
    return stage.analyze_doc({"id": "seed", "text": seed_text}, seed_doc)


def test_every_table_of_the_seed_conforms_to_the_schema(seed_rows, seed_text):
    assert set(seed_rows) == set(schema.TABLES)
    for name, rows in seed_rows.items():
        table = schema.arrow_table(name, rows)  # raises when a value does not fit its column's type
        assert table.num_rows == len(rows), name
        for row in rows:
            assert set(row) <= set(schema.TABLES[name].names), (name, set(row) - set(schema.TABLES[name].names))
            if "start" in row and row["start"] is not None:
                assert 0 <= row["start"] <= row["end"] <= len(seed_text), (name, row)
    for name, column in (("rhetoric_spans", "text"), ("actors", "text"), ("claims", "text"), ("quotes", "quote")):
        for row in seed_rows[name]:
            assert seed_text[row["start"]:row["end"]] == row[column], (name, row)


def test_seed_rows_hold_what_the_article_says(seed_rows):
    assert seed_rows["articles"][0]["n_words"] == count_words(seed_rows["articles"][0]["text"])
    assert {"RUS", "KAZ", "UKR"} <= {a["country"] for a in seed_rows["actors"]}
    assert "Zhanar Sekerbayeva" in {s["speaker"] for s in seed_rows["speakers"]}
    generic = {f["frame"]: f for f in seed_rows["frames"] if f["kind"] == "generic"}
    assert all(f["present"] == (f["score"] >= f["threshold"]) for f in generic.values())
    evidence_frames = {(e["kind"], e["frame"]) for e in seed_rows["frame_evidence"]}
    assert evidence_frames == {(f["kind"], f["frame"]) for f in seed_rows["frames"] if f["present"]}
    assert any(c["kind"] == "money" and c["value"] == 40e9 for c in seed_rows["claims"])


@pytest.mark.parametrize("text, word, voice, speaker", [
    ('"This is an alarming and reckless move," said Foreign Minister Aibek Nurlanov.', "alarming", "quoted",
     "Aibek Nurlanov"),
    ("The alarming move drew protests in Astana on Tuesday.", "alarming", "author", None),
    ('Critics called the plan "reckless" on Monday.', "reckless", "quoted", None),  # a partial quote
    ('The so-called "alarming" report was published.', "alarming", "author", None),  # scare quotes: the author's
])
def test_voice_tells_the_author_from_a_speaker(nlp, text, word, voice, speaker):
    rows = stage.analyze_doc({"id": "v", "text": text}, nlp(text))
    spans = [s for s in rows["rhetoric_spans"] if s["text"].lower() == word and s["category"] == "loaded"]
    assert spans, rows["rhetoric_spans"]
    assert spans[0]["voice"] == voice
    if speaker is not None:
        assert spans[0]["speaker"] == speaker


@pytest.mark.parametrize("record, n_words, extra", [
    ({"id": "a", "text": "Russia's influence — deepening, in 2024."}, 5, None),
    ({"id": "b", "text": "One two.", "n_words": 7}, 7, None),  # a given count is kept
    ({"id": "c", "text": "One two.", "speaker_side": "russia"}, 2, {"speaker_side": "russia"}),
])
def test_article_row(record, n_words, extra):
    row = stage.article_row(record)
    assert row["n_words"] == n_words
    assert (json.loads(row["extra"]) if row["extra"] else None) == extra
    assert set(row) == set(schema.TABLES["articles"].names)


@pytest.mark.parametrize("record", [{"text": "no id"}, {"id": "x"}, {"id": "x", "text": None}])
def test_article_without_id_or_text_is_refused(record):
    with pytest.raises(ValueError):
        stage.article_row(record)


@pytest.mark.parametrize("stages, tables", [
    (["quotes"], {"articles", "quotes", "speakers"}),
    (["rhetoric"], {"articles", "sentences", "rhetoric_spans"}),
    (["framing"], {"articles", "actors", "frames", "frame_evidence", "events", "claims"}),
])
def test_one_stage_writes_only_its_tables(nlp, stages, tables):
    text = '"We will respond," said Foreign Minister Aibek Nurlanov in Astana.'
    assert set(stage.analyze_doc({"id": "s", "text": text}, nlp(text), stages=stages)) == tables


PUBLISHED_KEYS = {
    "rhetoric": ({"sentences", "spans"}, {"sentences": {"start", "end", "polarity", "subjectivity"},
                                          "spans": {"start", "end", "category", "label"}}),
    "quotes": ({"quotes"}, {"quotes": {"quote", "start", "end", "kind", "speaker", "speaker_start", "speaker_end",
                                       "cue", "cue_start", "cue_end", "role"}}),
    "frames": ({"frames", "generic_frames", "issue_frames", "countries", "actors", "events", "claims"},
               {"actors": {"text", "code", "role", "start", "end"},
                "events": {"actor", "action", "cameo", "target", "start", "end"},
                "claims": {"start", "end", "kind", "value", "unit"}}),
}


@pytest.mark.parametrize("command", sorted(PUBLISHED_KEYS))
def test_stage_json_keeps_the_published_keys(seed_rows, command):
    top, records = PUBLISHED_KEYS[command]
    record = stage.stage_json(command, seed_rows)
    assert set(record) == top
    for key, fields in records.items():
        assert record[key], key
        for item in record[key]:
            assert fields <= set(item), (key, fields - set(item))
    json.dumps(record, allow_nan=False)


def test_unknown_stage_json_is_refused(seed_rows):
    with pytest.raises(ValueError, match="unknown stage"):
        stage.stage_json("sentiment", seed_rows)


def test_voice_with_two_quotes_on_the_same_words(nlp):
    """Two records over the same words (one without a speaker) do not stop the article."""
    text = '"This is an alarming step," he said. "This is an alarming step," said Foreign Minister Aibek Nurlanov.'
    found = [stage.quotes.Quote("This is an alarming step", 1, 25, "direct", None),
             stage.quotes.Quote("This is an alarming step", 1, 25, "direct", "Aibek Nurlanov")]
    rows = stage.rhetoric_rows("v", nlp(text), found)
    assert {s["voice"] for s in rows["rhetoric_spans"] if s["text"] == "alarming"} >= {"quoted"}
