"""Tests of helpers.technique_tagger (the learned persuasion-technique spans) on passages written for these
tests and on the seed article."""
from __future__ import annotations

import pytest

from helpers import rhetoric
from helpers import technique_tagger as tt


def _rule_parts(doc):
    result = rhetoric.analyze_rules(doc)
    lexical = [s for s in result.spans if s.category != "technique"]
    rules = [s for s in result.spans if s.category == "technique"]
    return result.sentences, lexical, rules


@pytest.mark.parametrize("text, gold, tags", [
    ("They are crooked liars.", [(9, 22)], ["O", "O", "B", "I", "O"]),
    ("They are crooked liars.", [], ["O"] * 5),
    ("They are crooked liars.", [(9, 16), (13, 22)], ["O", "O", "B", "I", "O"]),  # overlaps merged
    ("Lies. More lies.", [(0, 4), (11, 15)], ["B", "O", "O", "B", "O"]),
])
def test_bio_tags(nlp, text, gold, tags):
    assert tt.bio_tags(nlp(text), gold) == tags


def test_spans_from_marginals_trims_and_stops_at_sentences(nlp):
    doc = nlp("They lie. Voters know it.")
    probs = [0.9, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1]   # "They lie ." then "Voters" crosses a sentence start
    spans = tt.spans_from_marginals(doc, probs, 0.5)
    assert [(doc.text[a:b]) for a, b, _ in spans] == ["They lie", "Voters"]
    assert all(0.5 <= p <= 1 for *_, p in spans)
    assert tt.spans_from_marginals(doc, [0.1] * len(doc), 0.5) == []


def test_token_features_carry_rule_and_context_evidence(nlp):
    doc = nlp('The senator called them lunatics. "We will win," she said?')
    feats = tt.token_features(doc, *_rule_parts(doc))
    assert len(feats) == len(doc)
    lunatics = next(t.i for t in doc if t.text == "lunatics")
    assert "rule=Name_Calling,Labeling" in feats[lunatics]
    assert "w=lunatics" in feats[lunatics] and "w-1=them" in feats[lunatics]
    win = next(t.i for t in doc if t.text == "win")
    assert "inq" in feats[win] and "inq" not in feats[lunatics]


@pytest.mark.parametrize("text, inside", [
    ('He said "no" and left.', {"no"}),
    ("\u201cWe will win\u201d, she said.", {"We", "will", "win"}),
    ('"Open quote runs on\nto the next line', {"Open", "quote", "runs", "on", "\n"}),  # ends at the break
])
def test_inside_quotes(nlp, text, inside):
    doc = nlp(text)
    flags = tt._inside_quotes(doc)
    assert {t.text for t, flag in zip(doc, flags) if flag} == inside


def test_span_features(nlp):
    doc = nlp("Why does the corrupt elite keep lying to us? The corrupt elite lies, the corrupt elite steals.")
    sentences, lexical, rules = _rule_parts(doc)
    start = doc.text.index("corrupt elite")
    feats = tt.span_features(doc, start, start + len("corrupt elite"), sentences, lexical, rules)
    assert {"w=corrupt", "w=elite", "b=corrupt|elite", "sq", "pre=the"} <= set(feats)
    assert "rep=2" in feats  # "elite" occurs three times
    assert tt.span_features(doc, 0, 0, sentences, lexical, rules) == ["bias", "empty"]


@pytest.mark.parametrize("text, span, label", [
    ("MAKE AMERICA GREAT AGAIN, the crowd chanted.", "MAKE AMERICA GREAT AGAIN", "Slogans"),
    ("Why does the government keep hiding the truth from us?",
     "Why does the government keep hiding the truth from us", "Doubt"),
    ("God bless our great nation and our brave troops.", "our great nation", "Flag-Waving"),
])
def test_label_model_names_spans(nlp, text, span, label):
    doc = nlp(text)
    start = text.index(span)
    model = tt.label_model()
    p = model.probabilities(tt.span_features(doc, start, start + len(span), *_rule_parts(doc)))
    assert p.shape == (len(model.labels),) and abs(p.sum() - 1) < 1e-9
    assert model.labels[int(p.argmax())] == label


def test_tag_on_the_seed(seed_doc):
    spans = tt.tag(seed_doc, *_rule_parts(seed_doc))
    model = tt.label_model()
    for span in spans:
        assert 0 <= span.start < span.end <= len(seed_doc.text)
        assert span.label in model.learned_labels and 0 < span.score <= 1


def test_analyze_keeps_rules_and_adds_scored_learned_spans(seed_doc, seed_text):
    rules = {(s.start, s.end, s.label) for s in rhetoric.analyze_rules(seed_doc).spans if s.category == "technique"}
    spans = [s for s in rhetoric.analyze(seed_doc).spans if s.category == "technique"]
    for start, end, label in rules:  # every rule span survives, possibly merged into a longer one
        assert any(s.label == label and s.start <= start and end <= s.end for s in spans)
    for s in spans:
        assert s.score is None or 0 < s.score <= 1
        assert seed_text[s.start:s.end] == s.text


def test_neutral_text_gets_no_learned_span(nlp):
    doc = nlp("The committee will meet on Tuesday at ten in the town hall to approve the minutes.")
    assert tt.tag(doc, *_rule_parts(doc)) == []


def test_empty_doc(nlp):
    doc = nlp("")
    assert tt.token_features(doc, [], [], []) == []
    assert tt.tag(doc, [], [], []) == []
