"""Tests for helpers.claims: numeric claims with kinds, parsed values and units."""
from __future__ import annotations

import pytest

from helpers.claims import claims_table, extract_claims, parse_number


@pytest.fixture(scope="module")
def seed_claims(seed_doc):
    return extract_claims(seed_doc)


@pytest.mark.parametrize("fragment, kind, value, unit", [
    ("7,600 kilometers", "quantity", 7600.0, "km"),
    ("$40 billion", "money", 40e9, "USD"),
    ("2022", "date", 2022.0, "year"),
    ("April 2025", "date", 2025.0, "year"),
    ("five years", "duration", 5.0, "year"),
    ("1991", "date", 1991.0, "year"),
])
def test_seed_claims(seed_claims, fragment, kind, value, unit):
    hits = [c for c in seed_claims if fragment in c.text]
    assert hits, f"{fragment!r} not found"
    assert (hits[0].kind, hits[0].value, hits[0].unit) == (kind, pytest.approx(value), unit)


def test_seed_offsets_and_sentences(seed_doc, seed_claims):
    for c in seed_claims:
        assert seed_doc.text[c.start:c.end] == c.text
        assert c.text in c.sentence
    money = [c for c in seed_claims if c.kind == "money"][0]
    year = [c for c in seed_claims if c.text == "2022"][0]
    assert money.sentence == year.sentence  # "$40 billion in 2022": the year is in the same sentence


@pytest.mark.parametrize("text, value", [
    ("$40 billion", 40e9), ("nearly 7,600", 7600.0), ("five", 5.0), ("2.5 million", 2.5e6),
    ("a couple of", 2.0), ("twenty-five", 25.0), ("1.2bn", 1.2e9), ("a hundred", 100.0),
    ("three thousand", 3000.0), ("no number here", None), ("12%", 12.0), ("five dozen", 60.0),
    # a range is read as its low bound, at the scale written after the high one
    ("2-3 million", 2e6), ("$1.5-$2.0 billion", 1.5e9), ("10 to 12 thousand", 1e4),
])
def test_parse_number(text, value):
    assert parse_number(text) == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize("sentence, kind, value, unit", [
    ("Russia sent 5,000 troops to the border.", "count", 5000.0, "troop"),
    ("The EU spent €2.5 billion on aid.", "money", 2.5e9, "EUR"),
    ("Support rose by 12 percent.", "percent", 12.0, "%"),
    ("The talks lasted three months.", "duration", 3.0, "month"),
    ("About 40% of voters backed the plan.", "percent", 40.0, "%"),
    ("The pipeline is 1,200 miles long.", "quantity", 1200.0, "mi"),
    ("The vote took place on 3 March 2024.", "date", 2024.0, "year"),
    ("The ceasefire held for barely a week.", "duration", 1.0, "week"),
])
def test_claim_kinds(nlp, sentence, kind, value, unit):
    claims = extract_claims(nlp(sentence))
    assert any((c.kind, c.unit) == (kind, unit) and c.value == pytest.approx(value) for c in claims), claims


@pytest.mark.parametrize("sentence", [
    "It was one of the hardest decisions.",
    "This is the first time the minister spoke.",
    "The minister spoke at length about reforms.",
    "The talks resumed on Thursday.",
    "The negotiations dragged on for days.",
    "It is a 21st-century problem.",
    # clock times, identifiers and list markers are not claims
    "The meeting began at 10:30 p.m. on Thursday.",
    "The 9/11 attacks changed everything.",
    "Section 230 protects platforms.",
    "The plan is described on page 12.",
    "Here is what we know.\n\n5) The next point is the budget.",
])
def test_no_claim(nlp, sentence):
    assert extract_claims(nlp(sentence)) == []


def test_claims_table(nlp):
    table = claims_table(extract_claims(nlp("Trade reached $40 billion in 2022.")))
    assert list(table.columns) == ["start", "end", "kind", "value", "unit", "text", "sentence"]
    assert set(table["kind"]) == {"money", "date"}


@pytest.mark.parametrize("sentence, text, value", [
    ("Dzhokhar Tsarnaev, 26, was sentenced on Friday.", "26", 26.0),
    ("An 82-year-old man died in the fire.", "82-year-old", 82.0),
])
def test_ages(nlp, sentence, text, value):
    claims = extract_claims(nlp(sentence))
    assert [(c.text, c.kind, c.value, c.unit) for c in claims] == [(text, "age", value, "year")]
