"""The article report: what the findings say about the seed article, plain words for codes, formatting.

The seed article is analysed once (``helpers.analyze``) and read as a journalist would: who speaks and who
does not, what to verify, how it argues, which frames. Short passages written for these tests check the
rules one at a time.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import helpers
from helpers import config, glossary
from helpers.report import article


@pytest.fixture(scope="module")
def seed_tables():
    return helpers.analyze(config.SEED)


@pytest.fixture(scope="module")
def seed(seed_tables):
    return article.load_article(seed_tables)


def _text(markup: str) -> str:
    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)

    parser = Collect()
    parser.feed(markup)
    return " ".join("".join(parser.parts).split())


def _topic(seed, topic: str) -> str:
    return " ".join(_text(f.html) for f in article.findings(seed) if f.topic == topic)


@pytest.mark.parametrize("topic, must_say", [
    ("Who speaks", ["Zhanar Sekerbayeva", "Kate Mallinson", "Mutali Moskeu", "Maria Remiga", "Vladimir Putin"]),
    ("Whose side is heard", ["no official of Kazakhstan", "Vladimir Putin", "4 words"]),
    ("Sourcing", ["Sarah Johnson", "never quoted", "no byline"]),
    ("Numbers to check", ["$40 billion", "7,600", "1991"]),
    ("Frames", ["Conflict", "Responsibility", "strongest evidence"]),
    ("Countries and actions", ["Kazakhstan", "Russia", "→"]),
    ("How it argues", ["Per 1,000 words", "author's voice", "quoted voices"]),
])
def test_the_seed_findings_answer_a_readers_questions(seed, topic, must_say):
    said = _topic(seed, topic)
    for words in must_say:
        assert words in said, (topic, words, said[:500])


def test_every_finding_links_to_a_place_in_the_article_view(seed):
    view = article.article_view(seed)
    ids = set(re.findall(r'id="([^"]+)"', view))
    links = [link for f in article.findings(seed) for link in re.findall(r'href="#([^"]+)"', f.html)]
    assert links and set(links) <= ids, set(links) - ids


def test_the_summary_opens_with_voices_sides_frames_numbers_and_language(seed):
    lines = [_text(s) for s in article.summary(seed)]
    assert lines[0].startswith(("6 named sources", "7 named sources", "5 named sources"))
    joined = " ".join(lines)
    for words in ("No official of Kazakhstan", "Vladimir Putin", "frames the story", "numbers to check",
                  "per 1,000 words"):
        assert words in joined, (words, joined)


@pytest.mark.parametrize("text, voice, ties", [
    ('"We will not yield," said Kazakh Foreign Minister Aibek Nurlanov in Astana.', "Aibek Nurlanov", {"KAZ"}),
    ('"The border is safe," Kremlin spokesman Dmitry Peskov told reporters.', "Dmitry Peskov", {"RUS"}),
    ('"It is a warning," said Kate Mallinson, an analyst in London.', "Kate Mallinson", set()),
])
def test_officials_are_tied_to_their_country(text, voice, ties):
    one = article.load_article(helpers.analyze(text))
    found = {v.name: v for v in article.voices(one)}
    assert voice in found, found
    assert set(found[voice].official) == ties


@pytest.mark.parametrize("kind, value, unit, shown", [
    ("money", 4e10, "USD", "$40 billion"),
    ("money", 1.5e6, "EUR", "€1.5 million"),
    ("money", 250000, "KZT", "250,000 KZT"),
    ("quantity", 7600, "km", "7,600 km"),
    ("date", 1991, "year", "1991"),
    ("percent", 12.5, "%", "12.5%"),
    ("duration", 5, "year", "5 years"),
    ("duration", 1, "year", "1 year"),
    ("count", float("nan"), None, ""),
])
def test_numbers_are_printed_as_a_newspaper_prints_them(kind, value, unit, shown):
    assert glossary.claim_value(kind, value, unit) == shown


@pytest.mark.parametrize("kind, code, name", [
    ("technique", "Appeal_to_fear-prejudice", "Appeal to fear or prejudice"),
    ("generic_frame", "human_interest", "Human interest"),
    ("issue_frame", "security_defense", "Security and defence"),
    ("speaker_type", "unspecified", "Unspecified source"),
    ("technique", "Not_A_Label", "Not A Label"),  # unknown codes still read as words
])
def test_codes_have_plain_names(kind, code, name):
    assert glossary.name(kind, code) == name


@pytest.mark.parametrize("code, shown", [("190", "190 · use conventional military force"), ("19", "19 · fight"),
                                         ("", "")])
def test_cameo_codes_come_with_their_names(code, shown):
    assert glossary.cameo(code) == shown


@pytest.mark.parametrize("code, shown", [("KAZ", "Kazakhstan (KAZ)"), ("SUN", "Soviet Union (SUN)"),
                                         ("NATO", "North Atlantic Treaty Organization (NATO)"), ("XYZ", "XYZ")])
def test_countries_come_with_their_names(code, shown):
    assert glossary.country(code) == shown


@pytest.mark.parametrize("n, word, plural, shown", [(1, "quote", None, "1 quote"), (0, "quote", None, "0 quotes"),
                                                     (1204, "quote", None, "1,204 quotes"),
                                                     (3, "person", "people", "3 people"),
                                                     (1, "person", "people", "1 person")])
def test_counts_carry_their_noun_in_the_right_number(n, word, plural, shown):
    assert glossary.counted(n, word, plural) == shown


@pytest.mark.parametrize("items, shown", [([], ""), (["Russia"], "Russia"), (["Russia", "Ukraine"], "Russia and Ukraine"),
                                          (("a", "b", "c"), "a, b and c")])
def test_lists_read_as_a_sentence_lists(items, shown):
    assert glossary.listing(items) == shown
    assert glossary.listing(items, "or") == shown.replace(" and ", " or ")


@pytest.mark.parametrize("code, name", [("KAZ", "Kazakhstan"), ("RUS", "Russia"), ("SUN", "Soviet Union"),
                                        ("NOPE", "NOPE")])
def test_country_name(code, name):
    assert glossary.country_name(code) == name


def test_report_tables_speak_plain_words(seed):
    tables = {key: df for key, _, df in article.report_tables(seed)}
    assert {"quotes", "sources", "numbers", "events", "frames", "countries", "rhetoric"} <= set(tables)
    assert "190 · use conventional military force" in set(tables["events"]["event"])
    assert "Kazakhstan (KAZ)" in set(tables["countries"]["country or organisation"])
    assert not any("_" in str(v) for v in tables["frames"]["frame"])
    assert {"score", "threshold"} <= set(tables["frames"].columns)


def test_the_page_is_self_contained_and_escapes_the_article(seed_tables):
    tables = {k: v.copy() for k, v in seed_tables.items()}
    tables["articles"]["title"] = "<script>alert(1)</script> Kazakhstan"
    page = article.page(tables)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page), "a resource would be fetched from the network"
    assert page.count("itables") > 0 and page.startswith("<!DOCTYPE html>")


def test_write_article_report_names_the_file_after_the_article(tmp_path, monkeypatch):
    run = tmp_path / "run"
    tables = helpers.analyze("Officials in Astana said the border talks would resume in May.", out=run)
    monkeypatch.setattr(config, "REPORTS", tmp_path / "reports")
    path = article.write_article_report(run)
    assert path == tmp_path / "reports" / f"article_{tables['articles']['id'].iloc[0]}.html"
    assert "Officials in Astana" in path.read_text(encoding="utf-8")
