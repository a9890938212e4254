"""Tests of helpers.rhetoric: sentiment per sentence, lexicon findings, technique spans, the stage
schema and the CLI, on the seed article and short passages written for these tests."""
from __future__ import annotations

import itertools
import json
import math

import pytest

from helpers import rhetoric, text
from helpers.cli import main as cli_main
from helpers.resources import FOLDER
from helpers.rhetoric import CATEGORIES, LABELS, analyze, summarize


def _found(result, category, label=None):
    return [s for s in result.spans if s.category == category and (label is None or s.label == label)]


# ----------------------------------------------------------------------------------------------
# The seed article
# ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_result(seed_doc):
    return analyze(seed_doc)


def test_seed_every_sentence_has_sentiment(seed_doc, seed_result):
    real = [s for s in seed_doc.sents if s.text.strip()]
    assert len(seed_result.sentences) == len(real)
    for score, sent in zip(seed_result.sentences, real):
        assert seed_doc.text[score.start:score.end] == sent.text.strip()
        assert -1.0 <= score.polarity <= 1.0 and 0.0 <= score.subjectivity <= 1.0
    assert [s.index for s in seed_result.sentences] == list(range(len(real)))
    # the emotive sentences carry the words that produced their score
    assert any("alarming" in s.assessments for s in seed_result.sentences)


def test_seed_hedges(seed_result):
    hedges = {s.text.lower() for s in _found(seed_result, "hedge")}
    assert {"could", "potential", "suggests"} <= hedges


def test_seed_loaded_language(seed_result):
    loaded = {s.label for s in _found(seed_result, "loaded")}
    expected = {"alarming", "troubling", "aggressive", "perilous", "encroaching"}
    assert len(loaded & expected) >= 3, loaded


def test_seed_professor_is_appeal_to_authority(seed_doc, seed_result):
    start = seed_doc.text.index("This sentiment is echoed by Dr. Sarah Johnson")
    end = seed_doc.text.index("stifle dissent.", start)
    spans = _found(seed_result, "technique", "Appeal_to_Authority")
    assert any(s.start < end and s.end > start for s in spans)


def test_seed_spans_are_sorted_and_index_the_text(seed_doc, seed_result):
    keys = [(s.start, s.end) for s in seed_result.spans]
    assert keys == sorted(keys)
    for span in seed_result.spans:
        assert 0 <= span.start < span.end <= len(seed_doc.text)
        assert seed_doc.text[span.start:span.end] == span.text
        assert span.category in CATEGORIES
        if span.category == "technique":
            assert span.label in LABELS
        else:
            assert span.label  # the lexicon entry


# ----------------------------------------------------------------------------------------------
# Lexicon findings on short passages
# ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, category, word, expected", [
    ("The report is due in May, officials said.", "hedge", "May", False),  # the month
    ("Officials said the plan may fail next year.", "hedge", "may", True),
    ('"We could lose everything," the farmer said.', "hedge", "could", True),  # inside a quote still counts
    ("The evidence suggests a slower recovery.", "hedge", "suggests", True),
    ("Perhaps the talks will resume.", "hedge", "Perhaps", True),
    ("The results clearly show a decline.", "booster", "clearly", True),
    ("It is undoubtedly the right decision.", "booster", "undoubtedly", True),
    ("The minister will visit Paris on Monday.", "booster", "will", False),
    ("It was a horrific and disgraceful attack on voters.", "loaded", "horrific", True),
    ("The committee met on Tuesday to discuss the annual budget.", "loaded", None, False),
    ("The threat of invasion is growing along the border.", "fear", "threat", True),
    ("The company opened a new office in Denver.", "fear", None, False),
    # a hedge inside a longer booster is part of the booster
    ("There is no doubt that the vote was rigged.", "hedge", "doubt", False),
    ("There is no doubt that the vote was rigged.", "booster", "no doubt", True),
    ("I doubt that the vote was rigged.", "hedge", "doubt", True),
])
def test_lexicon_findings(nlp, text, category, word, expected):
    result = analyze(nlp(text))
    found = _found(result, category)
    if word is None:
        assert bool(found) is expected, found
    else:
        assert any(s.text == word for s in found) is expected, found


def test_multiword_lexicon_entries_match_case_insensitively(nlp):
    result = analyze(nlp("In Fact, the numbers were never published."))
    assert any(s.text == "In Fact" and s.label == "in fact" for s in _found(result, "booster"))


# ----------------------------------------------------------------------------------------------
# Persuasion techniques on short passages
# ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, label, inside", [
    ("This is the worst deal in the history of trade.", "Exaggeration,Minimisation", "worst deal"),
    ("The American people deserve better than this.", "Flag-Waving", "American people"),
    ("Hitler would have admired this policy of the government.", "Bandwagon,Reductio_ad_hitlerum", "Hitler"),
    ("What about the crimes committed by the other side?", "Whataboutism,Straw_Men,Red_Herring", "What about"),
    ("Enough is enough.", "Thought-terminating_Cliches", "Enough is enough"),
    ("The only option is to leave the union now.", "Black-and-White_Fallacy", "only option"),
    ("MAKE AMERICA GREAT AGAIN, the crowd chanted at the rally.", "Slogans", "MAKE AMERICA GREAT AGAIN"),
    ("Supporters shared the slogan #StopTheWar all day.", "Slogans", "#StopTheWar"),
    ("The senator called them lunatics and thugs.", "Name_Calling,Labeling", "lunatics"),
    ("Professor Jane Smith, an expert at Oxford, said the policy works.", "Appeal_to_Authority", "Professor"),
    ("The decision was reckless and utterly disgraceful.", "Loaded_Language", "reckless"),
    ("So why does the government keep hiding the real numbers from voters?", "Doubt", "hiding"),
])
def test_technique_positive(nlp, text, label, inside):
    doc = nlp(text)
    spans = _found(analyze(doc), "technique", label)
    at = doc.text.index(inside)
    assert any(s.start <= at < s.end for s in spans), (label, [s.text for s in spans])


@pytest.mark.parametrize("text, label", [
    ("The weather was mild on Sunday and the market was busy.", None),
    ("According to the schedule, the train leaves at noon.", "Appeal_to_Authority"),
    ("The committee will meet again in May.", None),
    ('"Who will pay for it?" the mayor asked reporters.', "Doubt"),  # a quoted, reported question
    ("She moved to Berlin in 2019 and works as a nurse.", None),
    # capitals that are page structure: a transcript's speaker label, a headline line in capitals
    ("PRESIDENT DONALD TRUMP: We will look at it very closely.", "Slogans"),
    ("The talks resumed.\n\nBREAKING NEWS FROM MOSCOW\n\nThe talks ended.", "Slogans"),
])
def test_technique_negative(nlp, text, label):
    spans = _found(analyze(nlp(text)), "technique", label)
    assert not spans, [(s.label, s.text) for s in spans]


def test_loaded_span_keeps_its_intensifier_and_noun(nlp):
    doc = nlp("Critics called it an extremely reckless decision.")
    spans = _found(analyze(doc), "technique", "Loaded_Language")
    assert [s.text for s in spans] == ["extremely reckless decision"]


def test_repetition_marks_later_uses_of_an_emotive_word(nlp):
    text = ("The plan is a disgrace. Voters know it is a disgrace. "
            "Every day it stays, the disgrace grows.")
    doc = nlp(text)
    spans = _found(analyze(doc), "technique", "Repetition")
    firsts = text.index("disgrace")
    assert len(spans) == 2 and all(s.text == "disgrace" and s.start > firsts for s in spans)


def test_same_label_overlaps_are_merged(nlp):
    doc = nlp("The so-called experts, the lunatics and thugs of the left, were wrong.")
    spans = _found(analyze(doc), "technique", "Name_Calling,Labeling")
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start


# ----------------------------------------------------------------------------------------------
# Summary, tables, schema, CLI
# ----------------------------------------------------------------------------------------------

def test_summarize_densities(seed_result):
    words = 500
    summary = summarize(seed_result, words)
    hedges = sum(1 for s in seed_result.spans if s.category == "hedge")
    assert summary["hedge_per_1k"] == pytest.approx(hedges * 1000 / words)
    assert {f"technique_per_1k:{label}" for label in LABELS} <= set(summary)
    assert summary["n_sentences"] == len(seed_result.sentences)
    pols = [s.polarity for s in seed_result.sentences]
    assert summary["polarity_mean"] == pytest.approx(sum(pols) / len(pols))
    assert summary["polarity_std"] >= 0


def test_summarize_takes_the_one_word_count(seed_doc, seed_result):
    n_words = text.count_words(seed_doc.text)
    summary = summarize(seed_result, n_words)
    assert summary["n_words"] == n_words > 600
    loaded = sum(1 for s in seed_result.spans if s.category == "loaded")
    assert summary["loaded_per_1k"] == pytest.approx(loaded * 1000 / n_words)
    assert not hasattr(rhetoric, "count_words")


def test_summarize_empty_text(nlp):
    summary = summarize(analyze(nlp("   ")), 0)
    assert summary["n_sentences"] == 0 and summary["hedge_per_1k"] == 0
    assert math.isnan(summary["polarity_mean"])


def test_tables(seed_result):
    spans = rhetoric.spans_table(seed_result)
    sentences = rhetoric.sentences_table(seed_result)
    assert list(spans.columns) == ["start", "end", "category", "label", "text"]
    assert list(sentences.columns) == ["index", "start", "end", "polarity", "subjectivity", "assessments"]
    assert len(spans) == len(seed_result.spans) and len(sentences) == len(seed_result.sentences)


def test_stage_record_schema(seed_doc):
    from helpers import stage

    record = stage.stage_json("rhetoric", stage.rhetoric_rows("seed", seed_doc))
    assert set(record) == {"sentences", "spans"}
    assert record["sentences"] and record["spans"]
    for sentence in record["sentences"]:
        assert {"start", "end", "polarity", "subjectivity"} <= set(sentence)
        assert isinstance(sentence["start"], int) and isinstance(sentence["polarity"], float)
    for span in record["spans"]:
        assert {"start", "end", "category", "label"} <= set(span)
        assert span["category"] in CATEGORIES
    json.dumps(record)


def test_cli_rhetoric(tmp_path):
    texts = {"a1": "Officials could delay the vote. It was a disgraceful, reckless move!",
             "a2": "The museum opens at nine."}
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    inp.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items()), encoding="utf-8")
    assert cli_main(["rhetoric", "--in", str(inp), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a1", "a2"]
    for row in rows:
        assert set(row) == {"id", "sentences", "spans"}
        text = texts[row["id"]]
        assert all(text[s["start"]:s["end"]].strip() for s in row["sentences"])
    first = {(texts["a1"][s["start"]:s["end"]], s["category"]) for s in rows[0]["spans"]}
    assert ("could", "hedge") in first and ("disgraceful", "loaded") in first
    assert not [s for s in rows[1]["spans"] if s["category"] == "loaded"]


# ----------------------------------------------------------------------------------------------
# Resources
# ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("category", sorted(rhetoric.LEXICON_FILES))
def test_lexicons_load(category):
    entries = rhetoric.load_lexicon(category)
    assert len(entries) >= 20
    assert all(e.term == e.term.lower().strip() for e in entries)


def test_technique_patterns_cover_labels():
    rows = rhetoric.load_techniques()
    covered = {r.label for r in rows}
    # Loaded_Language comes from loaded.txt, Repetition is counted in code
    assert set(LABELS) - covered <= {"Loaded_Language", "Repetition"}


@pytest.mark.parametrize("lines", [
    ["Propaganda\tphrase\tmatch\tfoo"],                       # unknown label
    ["Doubt\tregex\tmatch\tfoo"],                             # unknown kind
    ["Doubt\tphrase\tparagraph\tfoo"],                        # unknown extent
    ["Doubt\tmatcher\tmatch\t[{LOWER: foo}]"],                # pattern that is not JSON
    ["Doubt\tphrase\tmatch"],                                  # missing field
])
def test_bad_technique_rows_are_refused(lines):
    with pytest.raises(ValueError):
        rhetoric.parse_techniques(lines)


def test_good_technique_rows_are_read():
    rows = rhetoric.parse_techniques(["label\tkind\textent\tpattern", "Doubt\tphrase\tmatch\tso-called"])
    assert rows == (rhetoric.TechniquePattern("Doubt", "phrase", "match", "so-called"),)


def test_speech_verbs_are_the_project_list():
    assert rhetoric.reporting_verbs() == rhetoric.resources.word_set("reporting_verbs.txt")
    assert {"say", "tweet", "testify"} <= rhetoric.reporting_verbs()


@pytest.mark.parametrize("sentence, expected", [
    ("Professor Jane Smith tweeted that the policy works.", True),      # "tweet" is on the project list
    ("Professor Jane Smith testified that the policy works.", True),
    ("Professor Jane Smith moved to Oxford in 2019.", False),           # no speech, no quotation mark
])
def test_authority_needs_reported_speech(nlp, sentence, expected):
    spans = _found(analyze(nlp(sentence)), "technique", "Appeal_to_Authority")
    assert bool(spans) is expected, spans


@pytest.mark.parametrize("sentence, expected", [
    ("This is the worst deal in the history of trade.", True),
    ("He gave the most dishonest speech of the campaign.", True),
    # a superlative that carries a measured quantity is a checkable fact
    ("The Nile is the world's longest river, stretching about 6,650 kilometres.", False),
    ("The firm reported its largest quarterly profit, $3 billion.", False),
    ("Turnout was the highest in decades at 78 percent.", False),
])
def test_superlative_with_a_measured_quantity_is_not_exaggeration(nlp, sentence, expected):
    spans = _found(analyze(nlp(sentence)), "technique", rhetoric.EXAGGERATION)
    assert bool(spans) is expected, [s.text for s in spans]


def test_seed_border_is_not_exaggeration(seed_doc, seed_result):
    at = seed_doc.text.index("longest continuous land border")
    spans = _found(seed_result, "technique", rhetoric.EXAGGERATION)
    assert not [s for s in spans if s.start <= at < s.end], spans


@pytest.mark.parametrize("sentence, expected", [
    ("Why would anyone still trust these officials with our money?", True),
    ("\u201cWhy would anyone trust them?\u201d the mayor asked.", False),     # curly marks: reported
    ("\u201eWhy would anyone trust them?\u201c the mayor asked.", False),     # German low mark
])
def test_rhetorical_question_outside_quotation_marks(nlp, sentence, expected):
    spans = _found(analyze(nlp(sentence)), "technique", "Doubt")
    assert bool(spans) is expected, spans


def test_resources_are_documented():
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    for name in [*rhetoric.LEXICON_FILES.values(), rhetoric.TECHNIQUES_FILE]:
        assert name in readme
