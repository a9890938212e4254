"""Hostile inputs never stop a run and never vanish silently.

Ingestion over ``tests/fixtures/hostile/`` (empty files, random binary, Latin-1 and UTF-16 text, a
malformed feed, a feed and a page carrying ``<script>``/``onerror=``, a CSV with no text column,
unbalanced quotation marks, a French article, a JSONL with broken lines) completes; every file ends up in
the article table or in the ledger with a reason; non-UTF-8 text is decoded, markup never reaches the stored
text. Files past the size limit (a 30 MB text and a gzip bomb, generated in ``tmp_path``) are rejected with
a reason naming the size, without being loaded; so are corrupt gzip files, JSON nested past the parser's
limit and an XML entity bomb (generated in ``tmp_path`` too); a symlink loop in a folder terminates. The
stage commands (and the pipeline's chunk worker) survive empty, punctuation-only and unbalanced-quote
articles; an article whose analysis raises is logged with its id, listed in the errors file and skipped
while the rest are written; unbalanced quotation marks are handled but logged; a text cut at
``MAX_PARSE_CHARS`` is cut with a warning.
"""
from __future__ import annotations

import csv
import gzip
import inspect
import json
import logging
import os
import re
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

from helpers import actors, claims, config, frames, ingest, pipeline, rhetoric, stage
from helpers import quotes as quotes_module
from helpers.cli import run_stage

HOSTILE: Path = config.FIXTURES / "hostile"
HOSTILE_FILES: list[Path] = sorted(p for p in HOSTILE.rglob("*") if p.is_file())

#: Markup that must never survive into stored article text.
MARKUP = ("<script", "</script", "onerror", "onclick", "onload=", "<img", "<p>", "<div", "javascript:")
#: Script bodies of the fixtures: executable content is not article text either.
SCRIPT_BODIES = ("__pwned", "PWNED", "document.write", "document.title")

#: Files that cannot yield an article: they must be in the ledger, with a reason holding one of the words.
MUST_REJECT: list[tuple[str, tuple[str, ...]]] = [
    ("empty.txt", ("empty", "no text", "0 bytes", "blank")),
    ("blank_lines.txt", ("empty", "no text", "blank", "whitespace")),
    ("random_binary.bin", ("binary", "decod", "unsupported", "not text", "unknown", "type", "extension")),
    ("binary_named.txt", ("binary", "decod", "not text", "control", "undecodable")),
    ("no_text_column.csv", ("text",)),
    ("malformed_feed.rss", ("feed", "malformed", "xml", "parse", "entries", "empty", "no text")),
]


def _ingest():
    return ingest


def _rows_for(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """Rows of an article table or ledger whose source_path names the fixture file ``name``."""
    if table.empty:
        return table
    paths = table["source_path"].astype(str)
    return table[paths.map(lambda p: Path(re.split(r"[#:]\d+$", p)[0]).name == name or name in p)]


@pytest.fixture(scope="module")
def hostile_result():
    """Ingestion of the whole hostile folder (recursive), run once for this module."""
    ingest = _ingest()
    return ingest.ingest_paths([HOSTILE])


def test_fixture_folder_is_complete():
    names = {p.name for p in HOSTILE_FILES}
    assert {name for name, _ in MUST_REJECT} <= names
    assert {"latin1_article.txt", "utf16_article.txt", "script_page.html", "feed_with_markup.xml",
            "french_article.txt", "broken_line.jsonl", "unbalanced_quotes.txt"} <= names


def test_ingestion_tables_have_the_contract_columns(hostile_result):
    articles, rejected = hostile_result.articles, hostile_result.rejected
    assert {"id", "source_path", "source", "url", "title", "byline", "date", "text", "language", "n_words",
            "dup_cluster"} <= set(articles.columns)
    assert {"source_path", "reason"} <= set(rejected.columns)
    assert len(articles) >= 6


@pytest.mark.parametrize("path", HOSTILE_FILES, ids=[p.name for p in HOSTILE_FILES])
def test_every_file_is_an_article_or_in_the_ledger(hostile_result, path):
    in_articles = _rows_for(hostile_result.articles, path.name)
    in_ledger = _rows_for(hostile_result.rejected, path.name)
    assert len(in_articles) + len(in_ledger) > 0, f"{path.name} vanished silently"
    for reason in in_ledger["reason"]:
        assert isinstance(reason, str) and reason.strip(), f"{path.name}: empty reason in the ledger"


def test_every_ledger_row_has_a_reason(hostile_result):
    rejected = hostile_result.rejected
    assert not rejected.empty
    assert rejected["reason"].map(lambda r: isinstance(r, str) and bool(r.strip())).all()
    assert rejected["source_path"].map(lambda p: isinstance(p, str) and bool(p.strip())).all()


@pytest.mark.parametrize("name, words", MUST_REJECT, ids=[n for n, _ in MUST_REJECT])
def test_unreadable_files_go_to_the_ledger(hostile_result, name, words):
    ledger = _rows_for(hostile_result.rejected, name)
    assert not ledger.empty, f"{name} is not in the ledger"
    reasons = " | ".join(ledger["reason"]).lower()
    assert any(w in reasons for w in words), f"{name}: reason {reasons!r} does not say why"
    if name != "malformed_feed.rss":  # a recovering feed parser may salvage part of a broken feed
        assert _rows_for(hostile_result.articles, name).empty, f"{name} produced an article"


def test_stored_text_is_plain(hostile_result):
    articles = hostile_result.articles
    for column in ("text", "title"):
        for value in articles[column].dropna():
            for bad in MARKUP + SCRIPT_BODIES:
                assert bad.lower() not in value.lower(), f"{column} holds {bad!r}: {value[:120]!r}"
    assert articles["text"].map(lambda t: isinstance(t, str) and bool(t.strip())).all()
    assert not articles["text"].str.contains("\x00", regex=False).any()


@pytest.mark.parametrize(
    "name, present, absent",
    [
        ("script_page.html", ["foreign agents", "dark day for civil society", "takes effect in September"],
         ["Home | World", "window.__pwned"]),
        ("feed_with_markup.xml", ["Negotiators met in Astana", "constructive"], ["document.title"]),
        ("latin1_article.txt", ["Zürich", "café", "naïve", "Señora Muñoz", "résumé", "Genève"], ["Ã", "\ufffd"]),
        ("utf16_article.txt", ["élite", "déjà vu", "“tense but calm”", "$40 billion"], ["\x00", "\ufffd", "ÿþ"]),
        ("unbalanced_quotes.txt", ["“The talks failed", "'strategic pause\"", "«Nothing»"], []),
    ],
)
def test_accepted_files_keep_their_words(hostile_result, name, present, absent):
    rows = _rows_for(hostile_result.articles, name)
    assert len(rows) == 1, f"{name}: expected one article, got {len(rows)}"
    text = rows["text"].iloc[0]
    for word in present:
        assert word in text, f"{name}: {word!r} lost; text starts {text[:200]!r}"
    for word in absent:
        assert word not in text, f"{name}: {word!r} in text"


def test_html_title_is_plain_text(hostile_result):
    rows = _rows_for(hostile_result.articles, "script_page.html")
    assert rows["title"].iloc[0] == "Parliament passes foreign agents law"


def test_non_english_article_is_labelled(hostile_result):
    rows = _rows_for(hostile_result.articles, "french_article.txt")
    assert len(rows) == 1
    assert rows["language"].iloc[0] == "fr"
    english = _rows_for(hostile_result.articles, "latin1_article.txt")
    assert english["language"].iloc[0] == "en"


def test_jsonl_with_broken_lines_keeps_good_records_and_ledgers_the_rest(hostile_result):
    rows = _rows_for(hostile_result.articles, "broken_line.jsonl")
    texts = " ".join(rows["text"])
    assert len(rows) == 2
    assert "resume talks about the border" in texts and "$40 billion in 2022" in texts
    assert "cut off" not in texts
    ledger = _rows_for(hostile_result.rejected, "broken_line.jsonl")
    assert len(ledger) >= 1, "the broken JSONL line was dropped silently"


def test_ingestion_is_deterministic(hostile_result):
    again = _ingest().ingest_paths([HOSTILE])
    key = ["source_path", "id"]
    first = hostile_result.articles[key + ["text"]].sort_values(key).reset_index(drop=True)
    second = again.articles[key + ["text"]].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(first, second)
    assert sorted(hostile_result.rejected["reason"]) == sorted(again.rejected["reason"])


def test_cli_ingest_over_the_hostile_folder(tmp_path):
    _ingest()
    from helpers.cli import main

    assert main(["ingest", str(HOSTILE), "--out", str(tmp_path)]) == 0
    articles = pd.read_parquet(tmp_path / "articles.parquet")
    with open(tmp_path / "rejected.csv", newline="", encoding="utf-8") as handle:
        ledger = list(csv.DictReader(handle))
    assert len(articles) >= 6 and len(ledger) >= len(MUST_REJECT)
    assert all(row["reason"].strip() for row in ledger)


# --------------------------------------------------------------------------------------------------
# Size limits: past max_bytes a file is rejected with a reason naming the size, and not loaded.

def _write_text_of_size(path: Path, size: int) -> Path:
    """Write an English text file of exactly ``size`` bytes (distinct numbered ASCII paragraphs)."""
    para = config.SEED.read_text(encoding="utf-8").splitlines()[2].encode("ascii", "ignore").decode()
    with open(path, "wb") as handle:
        written, n = 0, 0
        while written < size:
            line = f"Paragraph {n}. {para}\n".encode()[: size - written]
            handle.write(line)
            written += len(line)
            n += 1
    assert path.stat().st_size == size
    return path


def _size_reason(reason: str) -> bool:
    low = reason.lower()
    return bool(re.search(r"\d", low)) and any(w in low for w in ("byte", "size", "large", "mb", "limit", "max"))


@pytest.mark.parametrize("excess, accepted", [(-1, True), (0, True), (1, False), (4096, False)])
def test_limit_boundary(tmp_path, excess, accepted):
    ingest = _ingest()
    limit = 20_000
    path = _write_text_of_size(tmp_path / "article.txt", limit + excess)
    result = ingest.ingest_paths([path], max_bytes=limit)
    in_articles = _rows_for(result.articles, path.name)
    in_ledger = _rows_for(result.rejected, path.name)
    if accepted:
        assert len(in_articles) == 1 and in_ledger.empty
    else:
        assert in_articles.empty, "a file over max_bytes was loaded"
        assert len(in_ledger) == 1 and _size_reason(in_ledger["reason"].iloc[0]), in_ledger["reason"].tolist()


def test_max_input_bytes_is_the_default(tmp_path, monkeypatch):
    ingest = _ingest()
    default = inspect.signature(ingest.ingest_paths).parameters["max_bytes"].default
    assert config.MAX_INPUT_BYTES == int(os.environ.get("FRAMELAB_MAX_INPUT_BYTES", 50 * 1024 * 1024))
    if default is None:  # resolved at call time: the configured value must be what applies
        monkeypatch.setattr(config, "MAX_INPUT_BYTES", 10_000)
        path = _write_text_of_size(tmp_path / "a.txt", 12_000)
        result = ingest.ingest_paths([path])
        assert _rows_for(result.articles, "a.txt").empty
        assert _size_reason(_rows_for(result.rejected, "a.txt")["reason"].iloc[0])
    else:
        assert default == config.MAX_INPUT_BYTES


@pytest.fixture(scope="module")
def thirty_mb(tmp_path_factory) -> Path:
    """A 30 MB English text file, generated at test time (never committed)."""
    return _write_text_of_size(tmp_path_factory.mktemp("big") / "thirty_mb.txt", 30 * 1024 * 1024)


def test_30mb_file_over_a_configured_limit_is_rejected_without_loading(thirty_mb):
    ingest = _ingest()
    tracemalloc.start()
    try:
        result = ingest.ingest_paths([thirty_mb], max_bytes=10 * 1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.articles.empty
    ledger = _rows_for(result.rejected, thirty_mb.name)
    assert len(ledger) == 1 and _size_reason(ledger["reason"].iloc[0]), ledger["reason"].tolist()
    assert peak < 8 * 1024 * 1024, f"rejected file was read into memory (peak {peak / 2**20:.1f} MiB)"


def test_30mb_file_under_the_default_limit_is_processed_or_rejected_with_reason(thirty_mb):
    ingest = _ingest()
    assert thirty_mb.stat().st_size < config.MAX_INPUT_BYTES
    result = ingest.ingest_paths([thirty_mb])
    rows = _rows_for(result.articles, thirty_mb.name)
    ledger = _rows_for(result.rejected, thirty_mb.name)
    assert len(rows) + len(ledger) >= 1
    if len(rows):
        assert rows["n_words"].iloc[0] > 1_000_000
        assert rows["language"].iloc[0] == "en"
    else:
        assert ledger["reason"].str.strip().astype(bool).all()


def test_gzip_bomb_is_rejected_without_decompressing_it_all(tmp_path):
    ingest = _ingest()
    bomb = tmp_path / "bomb.txt.gz"
    chunk = b"All work and no play makes a dull article. " * 24_000  # ~1 MB
    with gzip.open(bomb, "wb", compresslevel=6) as handle:
        for _ in range(64):  # 64 MiB decompressed, well under 1 MiB on disk
            handle.write(chunk)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        result = ingest.ingest_paths([bomb], max_bytes=1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _rows_for(result.articles, bomb.name).empty
    ledger = _rows_for(result.rejected, bomb.name)
    assert len(ledger) == 1 and _size_reason(ledger["reason"].iloc[0]), ledger["reason"].tolist()
    assert peak < 16 * 1024 * 1024, f"gzip bomb decompressed into memory (peak {peak / 2**20:.1f} MiB)"


# --------------------------------------------------------------------------------------------------
# Stage commands: one bad article never stops the rest, and is never skipped silently.

#: Schema fields each stage command writes besides "id".
STAGE_FIELDS = {
    "rhetoric": {"sentences", "spans"},
    "quotes": {"quotes"},
    "frames": {"frames", "generic_frames", "issue_frames", "countries", "actors", "events", "claims"},
}
PUNCTUATION = "!!!???...;;;---\"\"\"'''“”‘’«»()[]{}$$$%%%***…—– " * 200  # ~9,000 characters, ~2,500 tokens


#: The function each stage's analysis starts from: a failure injected there fails the whole article.
STAGE_ENTRY = {"rhetoric": (rhetoric, "analyze"), "quotes": (quotes_module, "extract_quotes"),
               "frames": (frames, "detect_frames")}


def _inject_failure(stage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the stage raise on any article containing ``EXPLODE-7f3a``."""
    module, name = STAGE_ENTRY[stage]
    original = getattr(module, name)

    def explode_on_marker(doc, *args, **kwargs):
        if "EXPLODE-7f3a" in doc.text:
            raise ValueError("injected failure")
        return original(doc, *args, **kwargs)

    monkeypatch.setattr(module, name, explode_on_marker)


@pytest.fixture(scope="module")
def awkward_records(seed_text) -> list[dict]:
    unbalanced = (HOSTILE / "unbalanced_quotes.txt").read_text(encoding="utf-8")
    return [
        {"id": "normal", "text": "\n".join(seed_text.split("\n")[2:5])},  # three paragraphs with quotes
        {"id": "empty", "text": ""},
        {"id": "spaces", "text": " \n\n \t "},
        {"id": "punctuation", "text": PUNCTUATION},
        {"id": "unbalanced", "text": unbalanced},
        {"id": "markup", "text": "<script>alert(1)</script> <img src=x onerror=alert(1)> “ said she."},
        {"id": "one-word", "text": "Kazakhstan"},
        {"id": "numbers", "text": "$ % 7,600 1e9 ½ 40 billion% $$ 2022-13-45 --5 kilometers"},
    ]


@pytest.fixture(scope="module")
def awkward_docs(awkward_records, nlp) -> list:
    """The parses of the awkward texts (all but the seed), made once for this module."""
    return [nlp(r["text"]) for r in awkward_records[1:]]


def _write_input(path: Path, records: list[dict], broken: bool = True) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if broken:
        lines.insert(2, '{"id": "cut", "text": "no closing')
        lines.insert(4, '{"id": "no-text"}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _spans_within(record: dict, text: str) -> None:
    """Every dict with start/end in a stage record lies inside the text; quotes match their offsets."""
    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
                assert 0 <= value["start"] <= value["end"] <= len(text), value
            yield value
            for v in value.values():
                yield from walk(v)
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)

    for item in walk(record):
        if "quote" in item and item.get("start") is not None:
            assert text[item["start"]:item["end"]] == item["quote"], item


@pytest.mark.parametrize("stage", sorted(STAGE_FIELDS))
def test_stage_survives_awkward_articles(stage, awkward_records, tmp_path):
    src = _write_input(tmp_path / "in.jsonl", awkward_records)
    out = tmp_path / "out.jsonl"
    written, problems = run_stage(stage, src, out)
    assert written == len(awkward_records)
    assert sorted(p.line for p in problems) == [3, 5], problems  # the two broken input lines, by number
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [r["id"] for r in awkward_records]
    by_id = {r["id"]: r["text"] for r in awkward_records}
    for record in records:
        assert STAGE_FIELDS[stage] <= set(record), f"{record['id']}: missing {STAGE_FIELDS[stage] - set(record)}"
        _spans_within(record, by_id[record["id"]])
    errors = Path(str(out) + ".errors.csv").read_text(encoding="utf-8")
    assert "invalid JSON" in errors and "'text'" in errors


@pytest.mark.parametrize("stage", sorted(STAGE_FIELDS))
def test_failing_article_is_logged_listed_and_skipped(stage, awkward_records, tmp_path, monkeypatch, caplog):
    _inject_failure(stage, monkeypatch)
    records = awkward_records[:2] + [{"id": "bomb-42", "text": "This article says EXPLODE-7f3a here."}] \
        + awkward_records[2:]
    src = _write_input(tmp_path / "in.jsonl", records, broken=False)
    out = tmp_path / "out.jsonl"
    with caplog.at_level(logging.ERROR, logger="helpers"):
        written, problems = run_stage(stage, src, out)
    assert written == len(records) - 1
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert "bomb-42" not in ids and ids == [r["id"] for r in records if r["id"] != "bomb-42"]
    assert any("bomb-42" in rec.getMessage() and rec.levelno >= logging.ERROR for rec in caplog.records)
    with open(Path(str(out) + ".errors.csv"), newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1 and "bomb-42" in rows[0]["reason"] and "injected failure" in rows[0]["reason"]


#: Each span producer on hostile texts: none may raise, and every span it reports lies in the text.
PRODUCERS = [
    (rhetoric.analyze, lambda r: r.spans),
    (quotes_module.extract_quotes, lambda r: r),
    (actors.extract_actors, lambda r: r),
    (claims.extract_claims, lambda r: r),
    (lambda doc: stage.framing_rows("t", doc), lambda r: [x for rows in r.values() for x in rows if "start" in x]),
]


@pytest.mark.parametrize("produce, spans", PRODUCERS, ids=["rhetoric", "quotes", "actors", "claims", "framing"])
def test_producers_keep_their_spans_inside_hostile_texts(produce, spans, awkward_docs):
    for doc in awkward_docs:
        for item in spans(produce(doc)):
            start, end = (item["start"], item["end"]) if isinstance(item, dict) else (item.start, item.end)
            assert 0 <= start <= end <= len(doc.text), (doc.text[:40], item)


@pytest.mark.parametrize(
    "text, reported, content",
    [
        ("“The talks failed, the minister said, and nobody knows what comes next.\nThe end.", True,
         "The talks failed, the minister said, and nobody knows what comes next."),
        ("Analysts called it a 'strategic pause\" and left.", True, None),
        ("He said \"we stay,\" and \"we fight.", True, "we stay"),  # content excludes the comma
        # Reversed curly marks are a typo read from context by design (quotes.find_quote_spans): no warning.
        ("She said: ”It is over.“ Then silence.", False, "It is over."),
        ("“It is over,” she said. “We go home.”", False, "It is over"),  # balanced: nothing to report
    ],
)
def test_unbalanced_quotes_are_handled_but_never_silently(nlp, caplog, text, reported, content):
    with caplog.at_level(logging.WARNING, logger="helpers.quotes"):
        found = quotes_module.extract_quotes(nlp(text))
    warned = [r for r in caplog.records if r.name.startswith("helpers") and r.levelno >= logging.WARNING]
    assert bool(warned) == reported, [r.getMessage() for r in warned]
    for q in found:
        assert text[q.start:q.end] == q.quote
    if content is not None:
        assert content in [q.quote for q in found], [q.quote for q in found]


# --------------------------------------------------------------------------------------------------
# Generated hostile inputs (built in tmp_path: binary or too big to commit, or needing a symlink).

def _gzip_of(text: bytes) -> bytes:
    return gzip.compress(text, mtime=0)


_WORDS = " ".join(f"border talks {i} in Astana about trade and influence." for i in range(6000)).encode()
_LOLZ = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
         + "".join(f' <!ENTITY lol{i} "' + ((f"&lol{i - 1};" if i > 1 else "&lol;") * 10) + '">\n' for i in range(1, 10))
         + ']>\n<rss version="2.0"><channel><title>t</title><item><title>Entity bomb</title>'
           "<description>&lol9;</description></item></channel></rss>\n")


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("truncated.txt.gz", _gzip_of(_WORDS)[: len(_gzip_of(_WORDS)) // 2], ("corrupt", "gzip", "ended")),
        ("bad_crc.txt.gz", _gzip_of(_WORDS)[:-8] + b"\0" * 8, ("corrupt", "crc", "gzip")),
        ("not_gzip.txt.gz", b"plain text pretending to be gzip " * 20, ("corrupt", "gzip", "not a gzip")),
        ("nested.json", b"[" * 100_000 + b"]" * 100_000, ("json", "recursion", "nested", "deep")),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_corrupt_containers_go_to_the_ledger(tmp_path, name, content, words):
    ingest = _ingest()
    path = tmp_path / name
    path.write_bytes(content)
    result = ingest.ingest_paths([tmp_path])
    assert _rows_for(result.articles, name).empty
    ledger = _rows_for(result.rejected, name)
    assert len(ledger) == 1, ledger
    assert any(w in ledger["reason"].iloc[0].lower() for w in words), ledger["reason"].iloc[0]


def test_deeply_nested_jsonl_line_does_not_lose_the_good_lines(tmp_path):
    ingest = _ingest()
    good = {"id": "ok", "text": "Negotiators met in Astana on Tuesday to resume talks about the border."}
    path = tmp_path / "nested.jsonl"
    path.write_text(json.dumps(good) + "\n" + "[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({**good, "id": "ok2"})
                    + "\n", encoding="utf-8")
    result = ingest.ingest_paths([path])
    assert set(result.articles["id"]) == {"ok", "ok2"}, "a line after the hostile one was lost"
    assert len(_rows_for(result.rejected, path.name)) == 1


def test_entity_expansion_bomb_is_not_expanded(tmp_path):
    ingest = _ingest()
    path = tmp_path / "lolz.rss"
    path.write_text(_LOLZ, encoding="utf-8")
    tracemalloc.start()
    try:
        result = ingest.ingest_paths([path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024
    texts = " ".join(result.articles["text"])
    assert len(texts) < 10_000, "XML entities were expanded (billion laughs)"
    assert len(result.articles) + len(result.rejected) >= 1


def test_symlink_loop_in_a_folder_terminates(tmp_path):
    ingest = _ingest()
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "loop" / "article.txt").write_text(
        "Negotiators met in Astana on Tuesday to resume talks about the border.\n", encoding="utf-8")
    result = ingest.ingest_paths([tmp_path])
    assert len(_rows_for(result.articles, "article.txt")) == 1


def test_stage_command_survives_a_deeply_nested_line(awkward_records, tmp_path):
    """A JSON line nested past the parser's recursion limit is one bad line, not the end of the run."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(awkward_records[0]) + "\n" + "[" * 100_000 + "]" * 100_000 + "\n"
                   + json.dumps(awkward_records[4]) + "\n", encoding="utf-8")
    written, problems = run_stage("quotes", src, tmp_path / "out.jsonl")
    assert written == 2
    assert [p.line for p in problems] == [2]


@pytest.mark.parametrize("length, warned", [(400, True), (100, False)])
def test_stage_command_truncation_is_not_silent(length, warned, tmp_path, monkeypatch, caplog):
    """config.MAX_PARSE_CHARS: longer texts are truncated *with a warning* naming the article."""
    monkeypatch.setattr(config, "MAX_PARSE_CHARS", 200)
    text = ("Negotiators met in Astana. " * 20)[:length]
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "long-1", "text": text}) + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="helpers"):
        written, _ = run_stage("quotes", src, tmp_path / "out.jsonl")
    assert written == 1
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("long-1" in m for m in messages) == warned, messages


def test_pipeline_chunk_skips_a_failing_article_with_its_id(awkward_records, monkeypatch):
    """The pipeline's per-chunk worker: awkward texts pass; one article whose analysis raises is reported
    with its id in the chunk's ledger rows and skipped; the others are analysed."""
    _inject_failure("rhetoric", monkeypatch)
    articles = [dict(r, source_path="hostile.jsonl") for r in awkward_records[1:]]
    articles.insert(2, {"id": "bomb-42", "text": "This article says EXPLODE-7f3a here.", "source_path": "hostile.jsonl"})
    result = pipeline.analyze_chunk(articles, batch_size=4)
    assert [r["article_id"] for r in result.rejected] == ["bomb-42"]
    assert result.n_articles == len(articles) - 1
    assert len(result.rejected) == 1 and "bomb-42" in result.rejected[0]["reason"]
    assert "injected failure" in result.rejected[0]["reason"]
    analysed = set(result.tables["articles"].column("id").to_pylist())
    assert analysed == {a["id"] for a in articles} - {"bomb-42"}


def test_pipeline_over_the_hostile_folder_accounts_for_every_file(tmp_path):
    """``python -m helpers pipeline`` path: the whole hostile folder in one run, every file accounted for."""
    summary = pipeline.run_pipeline([HOSTILE], tmp_path, jobs=1, chunk_size=4)
    tables = pipeline.load_tables(tmp_path)
    articles = tables["articles"]
    ledger = pd.read_csv(tmp_path / "rejected.csv", dtype=str, keep_default_na=False)
    for path in HOSTILE_FILES:
        found = len(_rows_for(articles, path.name)) + len(_rows_for(ledger, path.name))
        assert found, f"{path.name} vanished in the pipeline"
    assert ledger["reason"].str.strip().astype(bool).all()
    assert summary.n_failed == 0, ledger.to_string()
    for column in ("text", "title"):
        for value in articles[column].dropna():
            assert not any(bad.lower() in value.lower() for bad in MARKUP), value[:200]
