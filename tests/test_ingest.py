"""Ingestion: the seed, every input kind, the ledger of rejects, duplicates, limits and the CLI.

Fixtures under tests/fixtures/ingest are short passages written for these tests (fictional news about
Caspian shipping); ``bad/`` holds inputs that must go to the ledger.
"""
from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from helpers import config
from helpers.cli import main as cli_main
from helpers.ingest import (
    ARTICLE_COLUMNS,
    Article,
    DuplicateIndex,
    Rejected,
    assign_dup_clusters,
    clean_text_document,
    detect_language,
    ingest_file,
    ingest_paths,
    iter_ingest,
    load_boilerplate,
    parse_date,
    record_to_article,
    records_to_articles,
    to_plain_text,
    write_outputs,
)
from helpers.runfolder import RunFolder
from helpers.text import count_words

FIX = config.FIXTURES / "ingest"
P1_START = "The harbour authority in Aktau said on Tuesday"
P5_END = "that still carry most of the country's exports."


@pytest.fixture(scope="module")
def folder_result():
    """The whole fixture folder (recursive) ingested once."""
    return ingest_paths([FIX])


def _rows(result, name: str) -> pd.DataFrame:
    return result.articles[result.articles["source_path"].str.endswith(name)]


# ---------------------------------------------------------------------------------------------- seed


def test_seed_title_text_language(seed_raw, seed_text):
    cleaned = clean_text_document(seed_raw)
    assert cleaned.title == "Kazakhstan Faces Rising Threats of Russian Influence and Invasion"
    assert seed_text == cleaned.text
    assert seed_text.endswith("that define its identity.")
    assert seed_text.startswith("Concerns are mounting")
    assert "Advertisement" not in seed_text and "\nTags" not in seed_text
    assert detect_language(seed_text) == "en"


def test_seed_through_ingest_paths():
    result = ingest_paths([config.SEED])
    assert result.rejected.empty
    row = result.articles.iloc[0]
    assert row["title"] == "Kazakhstan Faces Rising Threats of Russian Influence and Invasion"
    assert row["text"].endswith("that define its identity.")
    assert row["language"] == "en"
    assert row["n_words"] == count_words(row["text"]) == 648
    assert row["source_path"] == "data/raw/kazakhstan_russian_influence.txt"  # the same on every machine
    assert row["dup_cluster"] == row["id"]
    assert list(result.articles.columns) == ARTICLE_COLUMNS


# ------------------------------------------------------------------------------------- text cleaning

LONG_PARAGRAPH = ("Officials in the capital said on Monday that the new customs rules would take effect in "
                  "January, after months of negotiation with neighbouring states over fees and inspections.")


@pytest.mark.parametrize("raw, title", [
    ("Port Traffic Jumps\n\n" + LONG_PARAGRAPH, "Port Traffic Jumps"),
    ("Port Traffic Jumps\n" + LONG_PARAGRAPH, "Port Traffic Jumps"),          # followed by a paragraph
    ("# Port Traffic Jumps\n\n" + LONG_PARAGRAPH, "Port Traffic Jumps"),      # Markdown heading
    ("Why Are Shippers Leaving?\n\n" + LONG_PARAGRAPH, "Why Are Shippers Leaving?"),
    ("The port reopened on Monday.\n\n" + LONG_PARAGRAPH, None),             # final period: a sentence
    ("the port reopened\n\n" + LONG_PARAGRAPH, None),                        # starts in lower case
    ("Port Traffic Jumps\nShips Wait Offshore\n" + LONG_PARAGRAPH, None),    # next line is no paragraph
    (LONG_PARAGRAPH, None),                                                  # one paragraph only
    ("Port Traffic Jumps", None),                                            # nothing after it
])
def test_title_line_detection(raw, title):
    cleaned = clean_text_document(raw)
    assert cleaned.title == title
    if title is None:
        assert cleaned.text.split("\n")[0].lstrip("# ") == raw.split("\n")[0].lstrip("# ")
    else:
        assert title not in cleaned.text


def test_byline_after_title():
    cleaned = clean_text_document("Port Traffic Jumps\n\nBy Amina Seitkali\n\n" + LONG_PARAGRAPH)
    assert cleaned.byline == "Amina Seitkali"
    assert cleaned.text == LONG_PARAGRAPH


@pytest.mark.parametrize("line, boiler", [
    ("Advertisement", True),
    ("ADVERTISEMENT", True),
    ("Advertisement:", True),
    ("Tags", True),
    ("Story continues below", True),
    ("Story Continued Below", True),
    ("Sign up for our daily newsletter", True),
    ("Sign up for Daily Newsletters Manage Newsletters", True),
    ("Share this article", True),
    ("Follow Jane Doe on Twitter", True),
    ("Copyright © 2024 Steppe Observer. All rights reserved.", True),
    ("This article is more than 2 years old", True),
    ("___", True),
    # negative cases: real sentences using the same words
    ("The advertisement campaign cost the governing party millions in the final week.", False),
    ("Customs officers said the tags on the shipment had been forged in Almaty.", False),
    ("Sign up for the army was voluntary until 1916, the historian said.", False),
    ("Protesters vowed that others would follow them on the road to the capital.", False),
    ("Published in 1998, the report found that most of the forests in the region had been cut.", False),
    ("Related parties must disclose their holdings, the regulator said on Tuesday.", False),
])
def test_boilerplate_lexicon(line, boiler):
    assert load_boilerplate().matches(line) is boiler


def test_boilerplate_removed_anywhere_and_reported():
    raw = f"{LONG_PARAGRAPH}\nAdvertisement\n{LONG_PARAGRAPH}\nShare this article\n"
    cleaned = clean_text_document(raw, detect_title=False)
    assert cleaned.text == f"{LONG_PARAGRAPH}\n{LONG_PARAGRAPH}"
    assert cleaned.removed == ("Advertisement", "Share this article")


@pytest.mark.parametrize("raw, plain", [
    ("AT&amp;T and Verizon", "AT&T and Verizon"),
    ("AT&amp;amp;T", "AT&amp;T"),                                   # unescaped once, not twice
    ("<p>Customs &amp; border</p><p>second</p>", "Customs & border\nsecond"),
    ("<p>a</p><script>var x = 1;</script><p>b</p>", "a\nb"),
    ("Prices rose 3 < 5 percent", "Prices rose 3 < 5 percent"),     # not markup: left alone
])
def test_plain_text(raw, plain):
    assert to_plain_text(raw).strip() == plain


@pytest.mark.parametrize("value, iso", [
    ("2024-07-16", "2024-07-16"),
    ("16 July 2024", "2024-07-16"),
    ("Tue, 16 Jul 2024 09:30:00 +0500", "2024-07-16T09:30:00+05:00"),
    ("2024-02-30", None),          # impossible day
    ("3019-01-01", None),          # impossible year
    ("not a date", None),
    ("", None),
    (None, None),
])
def test_parse_date(value, iso):
    assert parse_date(value) == iso


# ------------------------------------------------------------------------------------ each input kind


@pytest.mark.parametrize("name, kind, title, start, end", [
    ("article.txt", "text", "Caspian Port Traffic Jumps as Shippers Seek New Routes", P1_START, P5_END),
    ("page.html", "html", "Caspian Port Traffic Jumps as Shippers Seek New Routes", P1_START, P5_END),
    ("talks.txt.gz", "text", "Pipeline Talks Stall Over Transit Fees", "Negotiations between", "next round."),
    ("utf16.txt", "text", "Grain Exports Resume From Black Sea Ports", "Ships loaded with wheat",
     "on the news."),
    ("latin1.txt", "text", "Café owners in Zürich complain about rising rents", "Owners of the small cafés",
     "about a third lower."),
])
def test_document_inputs(folder_result, name, kind, title, start, end):
    rows = _rows(folder_result, name)
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["kind"] == kind
    assert row["title"] == title
    assert row["text"].startswith(start)
    assert row["text"].endswith(end)
    assert row["language"] == "en"
    for junk in ("Advertisement", "Share this article", "newsletter", "<p>", "&amp;", "tracking"):
        assert junk not in row["text"]


def test_html_metadata(folder_result):
    row = _rows(folder_result, "page.html").iloc[0]
    assert row["byline"] == "Amina Seitkali"
    assert row["source"] == "Steppe Observer"
    assert row["url"] == "https://steppe-observer.example/2024/07/16/caspian-port-traffic"
    assert row["date"].startswith("2024-07-16")
    assert "Most read" not in row["text"] and "Weather warning" not in row["text"]
    assert "European & Asian development banks" in row["text"]


def test_text_file_byline(folder_result):
    row = _rows(folder_result, "article.txt").iloc[0]
    assert row["byline"] == "Amina Seitkali"
    assert "By Amina" not in row["text"]


def test_rss_feed(folder_result):
    rows = _rows(folder_result, "feed.rss").sort_values("date")
    assert list(rows["title"]) == ["Caspian port traffic jumps", "Dredging plan for Aktau approach channel"]
    first = rows.iloc[0]
    assert first["source"] == "Steppe Observer"
    assert first["byline"] == "Amina Seitkali"
    assert first["date"] == "2024-07-16T09:30:00+05:00"
    assert first["url"].endswith("/caspian-port-traffic")
    assert "European & Asian" in first["text"] and "Advertisement" not in first["text"]
    assert rows.iloc[1]["text"].startswith("The government plans to dredge")
    ledger = folder_result.rejected
    assert ((ledger["source_path"].str.endswith("feed.rss")) & ledger["reason"].str.contains("entry 3")).any()


@pytest.mark.parametrize("name, source", [("feed.atom", "Transit Monitor Atom"), ("transit.xml", "Transit Monitor")])
def test_atom_feed_by_suffix_and_sniffed(folder_result, name, source):
    rows = _rows(folder_result, name)
    assert sorted(rows["title"]) == ["Customs delays persist at the border", "Rail still carries most exports"]
    assert set(rows["source"]) == {source}
    assert set(rows["kind"]) == {"feed"}
    assert "Daniyar Ospanov" in set(rows["byline"])
    assert sorted(rows["date"]) == ["2024-08-01T08:00:00+00:00", "2024-08-02T12:00:00+00:00"]


def test_csv_export(folder_result):
    rows = _rows(folder_result, "export.csv").set_index("title")
    assert list(rows.index) == ["Port traffic jumps", "Customs delays persist"]
    first = rows.loc["Port traffic jumps"]
    assert first["source"] == "Steppe Observer" and first["byline"] == "Amina Seitkali"
    assert first["date"] == "2024-07-16"          # day-first 16/07/2024
    second = rows.loc["Customs delays persist"]
    assert second["date"] is None                 # 2024-02-30 is impossible
    assert second["text"].endswith("Customs & border officials declined to comment.")
    assert "<p>" not in second["text"]


def test_jsonl_records_keep_id_bias_topic(folder_result):
    rows = _rows(folder_result, "corpus.jsonl").set_index("id")
    assert list(rows.index) == ["rec-001", "rec-002"]
    assert rows.loc["rec-001", "bias"] == "center" and rows.loc["rec-002", "bias"] == "left"
    assert set(rows["topic"]) == {"trade"}
    assert rows.loc["rec-002", "date"] == "2024-08-01"    # from date_raw when date is empty
    assert "ADVERTISEMENT" not in rows.loc["rec-001", "text"]
    assert rows.loc["rec-002", "text"].endswith("AT&T was not involved.")


def test_gzipped_jsonl_and_repeated_ids(folder_result):
    rows = _rows(folder_result, "corpus_copy.jsonl.gz")
    assert list(rows["id"]) == ["rec-001-2", "rec-002-2"]      # ids stay unique
    assert folder_result.articles["id"].is_unique


def test_folder_is_recursive_and_language(folder_result):
    german = _rows(folder_result, "german.md").iloc[0]
    assert german["language"] == "de"
    assert german["title"] is None        # first line is a sentence ending with a period


def test_records_to_articles():
    items = list(records_to_articles([
        {"Headline": "A title", "Full Text": LONG_PARAGRAPH, "Published": "2024-01-05"},
        {"headline": "No text", "summary": "nothing"},
        "not a record",
    ], source_path="memory"))
    assert isinstance(items[0], Article) and items[0].title == "A title" and items[0].date == "2024-01-05"
    assert isinstance(items[1], Rejected) and "no text field" in items[1].reason
    assert isinstance(items[2], Rejected) and "not an object" in items[2].reason


def test_ids_are_stable():
    first = ingest_paths([FIX / "article.txt", FIX / "export.csv"]).articles["id"].tolist()
    second = ingest_paths([FIX / "article.txt", FIX / "export.csv"]).articles["id"].tolist()
    assert first == second and len(set(first)) == len(first)


# ------------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "empty file"),
    ("blank.txt", "empty file"),
    ("nul.txt", "binary file (NUL bytes)"),
    ("picture.png", "binary file (PNG image)"),
    ("broken.rss", "malformed feed"),
    ("no_text.csv", "CSV has no text column"),
    ("corrupt.txt.gz", "corrupt gzip file"),
    ("only_boilerplate.txt", "only boilerplate"),
    ("not_a_feed.xml", "neither an RSS/Atom feed nor HTML"),
    ("missing.txt", "no such file or directory"),
])
def test_bad_file_goes_to_ledger(name, reason):
    result = ingest_paths([FIX / "bad" / name])
    assert result.articles.empty
    assert len(result.rejected) == 1
    assert reason in result.rejected.iloc[0]["reason"]
    assert result.rejected.iloc[0]["source_path"].endswith(name)


def test_bad_files_never_stop_the_rest():
    result = ingest_paths([FIX / "bad", FIX / "article.txt", FIX / "nowhere"])
    assert len(result.articles) == 1
    assert len(result.rejected) == len(list((FIX / "bad").iterdir())) + 1
    assert result.rejected["reason"].str.len().min() > 5


@pytest.mark.parametrize("name, reason", [
    ("corpus.jsonl", "line 3: empty text"),
    ("corpus.jsonl", "line 4: invalid JSON"),
    ("corpus.jsonl", "line 5: no text field"),
    ("export.csv", "row 3: empty text"),
])
def test_bad_records_go_to_ledger(folder_result, name, reason):
    ledger = folder_result.rejected
    assert ((ledger["source_path"].str.endswith(name)) & ledger["reason"].str.startswith(reason)).any()


def test_max_bytes_limit(tmp_path):
    size = (FIX / "article.txt").stat().st_size
    assert ingest_paths([FIX / "article.txt"], max_bytes=size).rejected.empty
    too_small = ingest_paths([FIX / "article.txt"], max_bytes=size - 1)
    assert too_small.articles.empty and "too large" in too_small.rejected.iloc[0]["reason"]
    # .gz: the decompressed size counts, checked while streaming
    bomb = tmp_path / "big.txt.gz"
    bomb.write_bytes(gzip.compress(b"Title Line\n\n" + b"word " * 50_000))
    assert bomb.stat().st_size < 1000
    result = ingest_paths([bomb], max_bytes=100_000)
    assert "too large" in result.rejected.iloc[0]["reason"] and "decompression" in result.rejected.iloc[0]["reason"]


def test_jsonl_limit_is_per_record(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": LONG_PARAGRAPH}) + "\n" + json.dumps({"text": LONG_PARAGRAPH * 20}) + "\n",
                    encoding="utf-8")
    result = ingest_paths([path], max_bytes=1000)
    assert len(result.articles) == 1
    assert result.rejected.iloc[0]["reason"].startswith("line 2: record longer than the size limit")


def test_limit_and_streaming():
    items = list(iter_ingest([FIX], limit=3))
    assert sum(isinstance(i, Article) for i in items) == 3
    assert all(isinstance(i, (Article, Rejected)) for i in ingest_file(FIX / "bad" / "nul.txt"))


# ------------------------------------------------------------------------------------------ duplicates

BASE = ("The harbour authority in Aktau said on Tuesday that cargo traffic across the Caspian Sea rose by a "
        "fifth in the first half of the year, as shippers looked for routes that avoid Russian territory. "
        "Officials credited new ferry links to Baku and a second container terminal, which opened in March "
        "after two years of construction financed partly by European development banks. Freight companies "
        "warned that shallow water and a shortage of vessels could limit further growth.")


@pytest.mark.parametrize("other, same", [
    (BASE, True),                                                             # identical
    (BASE.upper().replace(". ", ".\n\n"), True),                              # case and spacing only
    (BASE.replace("a fifth", "a quarter"), True),                             # one edit
    (BASE + " The ministry did not comment.", True),                          # a sentence added
    (BASE.replace("Aktau", "Atyrau").replace("Baku", "Turkmenbashi").replace("March", "May")
     .replace("shallow water", "low water").replace("European", "Asian"), False),  # many edits
    ("Wheat prices fell on Monday after ships loaded with grain left the port of Odesa for the first time "
     "in a month, as insurers agreed to cover vessels again.", False),        # another story
])
def test_duplicate_index(other, same):
    index = DuplicateIndex()
    assert index.add("a", BASE) == "a"
    assert (index.add("b", other) == "a") is same


def test_duplicate_index_rejects_repeated_id():
    index = DuplicateIndex()
    index.add("a", BASE)
    with pytest.raises(ValueError):
        index.add("a", BASE)


def test_assign_dup_clusters_keeps_rows():
    df = pd.DataFrame({"id": ["x", "y", "z", "w"],
                       "text": [LONG_PARAGRAPH, BASE, BASE.replace("a fifth", "a third"), LONG_PARAGRAPH]})
    clusters = assign_dup_clusters(df)
    assert list(clusters) == ["x", "y", "y", "x"]


def test_duplicates_across_formats(folder_result):
    articles = folder_result.articles.set_index("id")
    txt = _rows(folder_result, "article.txt").iloc[0]
    html = _rows(folder_result, "page.html").iloc[0]
    assert html["dup_cluster"] == txt["dup_cluster"] == txt["id"]      # near duplicate, first member's id
    assert articles.loc["rec-001-2", "dup_cluster"] == "rec-001"         # exact duplicate
    german = _rows(folder_result, "german.md").iloc[0]
    assert german["dup_cluster"] == german["id"]
    assert len(folder_result.articles) == folder_result.articles["id"].nunique()


# ------------------------------------------------------------------------------------------------- CLI


def test_cli_ingest_writes_a_run_folder(tmp_path, capsys):
    out = tmp_path / "out"
    assert cli_main(["ingest", str(FIX / "article.txt"), str(FIX / "bad"), "--out", str(out)]) == 0
    articles = pd.read_parquet(out / "articles.parquet")
    rejected = pd.read_csv(out / "rejected.csv")
    assert len(articles) == 1 and articles.iloc[0]["title"].startswith("Caspian Port Traffic")
    assert list(rejected.columns) == ["source_path", "article_id", "reason"]
    assert len(rejected) == len(list((FIX / "bad").iterdir()))
    assert "1 articles" in capsys.readouterr().out
    assert RunFolder(out).stages_done() == ["ingest"]


def test_write_outputs_empty(tmp_path):
    result = ingest_paths([FIX / "bad" / "empty.txt"])
    run = RunFolder(write_outputs(result, tmp_path / "o"))
    assert run.read("articles").empty and list(run.read("articles").columns) == ARTICLE_COLUMNS
    assert len(run.read_rejected()) == 1


@pytest.mark.parametrize("record, extra", [
    ({"text": LONG_PARAGRAPH, "title": "T", "speaker_side": "russia", "location": "Moscow"},
     {"speaker_side": "russia", "location": "Moscow"}),
    ({"text": LONG_PARAGRAPH, "headline": "T", "bias_text": "left", "bias": "0"}, None),  # all fields known
    ({"text": LONG_PARAGRAPH, "date": "", "date_raw": "2020-01-02"}, None),  # date_raw read as the date
])
def test_unknown_record_fields_are_kept_as_extra(record, extra):
    article = record_to_article(record, "x.jsonl", 0)
    assert article.extra == extra


@pytest.mark.parametrize("name, content, titles", [
    ("semicolon.csv", "titel;text;datum\nA;" + LONG_PARAGRAPH.replace(",", "") + ";2024-01-02\n", [None]),
    ("tabs.tsv", "headline\tcontent\nTab story\t" + LONG_PARAGRAPH + "\n", ["Tab story"]),
    ("array.json", json.dumps([{"title": "One", "body": LONG_PARAGRAPH},
                               {"title": "Two", "body": ["First paragraph of two.", "Second one."]}]),
     ["One", "Two"]),
    ("wrapped.json", json.dumps({"articles": [{"headline": "Wrapped", "article_text": LONG_PARAGRAPH}]}),
     ["Wrapped"]),
    ("noext", json.dumps({"title": "Sniffed JSONL", "text": LONG_PARAGRAPH}) + "\n", ["Sniffed JSONL"]),
])
def test_more_export_shapes(tmp_path, name, content, titles):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = ingest_paths([path])
    assert result.rejected.empty, result.rejected.to_dict("records")
    assert list(result.articles["title"]) == titles
    assert all(result.articles["n_words"] > 3)


def test_cp1252_csv_is_decoded(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_bytes(("title,text\nCafé,\"Les cafés de Zürich ferment plus tôt cette année, disent les "
                      "propriétaires, à cause des loyers.\"\n").encode("cp1252"))
    row = ingest_paths([path]).articles.iloc[0]
    assert row["title"] == "Café" and "Zürich" in row["text"] and row["language"] == "fr"


def test_empty_texts_are_not_duplicates():
    index = DuplicateIndex()
    assert index.add("a", "") == "a"
    assert index.add("b", "  ") == "b"


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".rss", ".xml", ".csv", ".jsonl", ".json", ".gz", ""])
@pytest.mark.parametrize("seed", [0, 1])
def test_random_bytes_never_raise(tmp_path, suffix, seed):
    import random

    path = tmp_path / f"junk{suffix}"
    path.write_bytes(random.Random(seed).randbytes(3000))
    items = list(ingest_file(path))
    assert items and all(isinstance(i, (Article, Rejected)) for i in items)
    assert all(i.reason for i in items if isinstance(i, Rejected))


@pytest.mark.parametrize("text, ok", [
    (LONG_PARAGRAPH, True),
    ("Results: 1. Kazakhstan 3-1 (2-0), 2. Georgia 2-2 (1-1), 3. Armenia 0-1 (0-0), 4. Latvia 1-1", True),
    ("{]& <;> [#]] ;; ,, ## }{ a&b ;;", False),
    ("12 34 56 78 90 12 34 56 78 90 11 22 33", False),
])
def test_symbol_junk_is_rejected(text, ok):
    items = list(records_to_articles([{"text": text}]))
    assert isinstance(items[0], Article) is ok
    if not ok:
        assert "no readable prose" in items[0].reason


@pytest.mark.parametrize("raw, expected", [
    # a photo gallery inside a paragraph: every "Photos: … Hide Caption k of n" item goes
    ("The party went on.\n\nPhotos: Celebrations around the world People dance in Rio. Hide Caption 1 of 24 "
     "Photos: Celebrations around the world Fireworks over Sydney. Hide Caption 2 of 24\n\nThe end came late.",
     "The party went on.\n\nThe end came late."),
    # a name pop-up: the written name stays, the glued full name and the headlines go
    ("Speaker Nancy Pelosi Nancy PelosiOn The Money: Trump signs trade deal | Senate to vote on Mexico deal "
     "| IRS provides relief MORE (D-Calif.) tapped seven managers.",
     "Speaker Nancy Pelosi (D-Calif.) tapped seven managers."),
    # video strips and credit lines
    ("The vote was close.\n\nJUST WATCHED Obama on Sochi Replay More Videos ... MUST WATCH Obama on Sochi "
     "01:43\n\nThe Associated Press contributed to this report.", "The vote was close."),
    # prose with the same words stays
    ("Obama said the vote | count was MORE than fair. Photos: none were taken.",
     "Obama said the vote | count was MORE than fair. Photos: none were taken."),
])
def test_furniture_inside_paragraphs(raw, expected):
    cleaned = clean_text_document(raw, detect_title=False)
    assert cleaned.text == expected
    assert cleaned.removed or raw == expected


@pytest.mark.parametrize("paragraph, kept", [
    ("Morning Defense newsletter Sign up for Morning Defense, a daily briefing on Washington's national security "
     "apparatus. Email Sign Up By signing up you agree to receive email newsletters or alerts from POLITICO. You can "
     "unsubscribe at any time. This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of "
     "Service apply.", ""),
    ("The senator said that by signing up for the programme, farmers agree to receive payments from the state "
     "over five years, a deal critics called generous.", None),  # prose that talks about signing up stays
])
def test_newsletter_sign_up_boxes_are_cut(paragraph, kept):
    body = LONG_PARAGRAPH + "\n" + paragraph + "\n" + LONG_PARAGRAPH
    cleaned = clean_text_document(body, detect_title=False).text
    assert (paragraph in cleaned) == (kept is None)
