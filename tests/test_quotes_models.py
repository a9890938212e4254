"""Tests for the learned steps of quote attribution: the model files and their cards, the linear model, the
speaker ranker and the verb-cue classifier on short passages, and the training helpers (no training here)."""
from __future__ import annotations

import hashlib
import json
import math

import pytest

from helpers import quotes as Q
from helpers import resources
from helpers.quotes import models as M
from helpers.quotes import training as T

MODEL_FILES = [M.SPEAKER_MODEL, M.CUE_MODEL]


# ------------------------------------------------------------------------------------ files and cards
@pytest.mark.parametrize("name", MODEL_FILES)
def test_card_matches_model(name):
    card = resources.model_json(name + M.CARD_SUFFIX)
    assert card["model_file"] == name
    assert card["sha256"] == hashlib.sha256(resources.model_path(name).read_bytes()).hexdigest()
    for key in ("model", "trained", "features", "params", "cross_validation", "examples"):
        assert card[key], key
    assert card["data"]["articles"] >= 80 and len(card["data"]["sha256"]) == 64
    cv = card["cross_validation"]
    assert len(cv["rules only"]["all"]["per_fold"]) == len(cv["rules + both learned steps"]["all"]["per_fold"]) >= 5


def test_a_changed_model_fails_its_card(tmp_path):
    data = resources.model_path(M.CUE_MODEL).read_bytes()
    changed = data.replace(b'"intercept": ', b'"intercept": 1', 1)
    card = resources.model_json(M.CUE_MODEL + M.CARD_SUFFIX)
    assert changed != data
    assert hashlib.sha256(changed).hexdigest() != card["sha256"]


@pytest.mark.parametrize("name", MODEL_FILES)
def test_model_files_are_numbers_not_code(name):
    data = resources.model_json(name)
    assert set(data) == {"features", "coef", "intercept", "threshold"}
    assert len(data["features"]) == len(data["coef"]) > 20
    assert all(isinstance(c, float) for c in data["coef"]) and 0.0 < data["threshold"] < 1.0
    assert data["features"] == sorted(data["features"])


# ---------------------------------------------------------------------------------------- linear model
@pytest.mark.parametrize("features, log_odds", [
    ({"a": 1.0}, 1.5),              # -0.5 + 2
    ({"a": 1.0, "b": 2.0}, -0.5),   # -0.5 + 2 - 2
    ({}, -0.5),                     # the intercept alone
    ({"unseen": 5.0}, -0.5),        # a feature the model never weighed counts nothing
])
def test_linear_model_probability(features, log_odds):
    model = M.LinearModel({"a": 2.0, "b": -1.0}, -0.5, 0.5)
    assert model.score(features) == pytest.approx(log_odds)
    assert model.probability(features) == pytest.approx(1 / (1 + math.exp(-log_odds)))


def test_linear_model_json_round_trip():
    model = M.LinearModel({"b": -1.0, "a": 2.0}, -0.5, 0.4)
    data = json.loads(json.dumps(model.to_json()))
    assert data["features"] == ["a", "b"]
    assert M.LinearModel.from_json(data) == model


def test_linear_model_rejects_mismatched_file():
    with pytest.raises(ValueError):
        M.LinearModel.from_json({"features": ["a", "b"], "coef": [1.0], "intercept": 0.0})


def test_default_models_are_the_shipped_files():
    models = M.default_models()
    assert models.speaker is not None and models.cue is not None
    assert models.cue.threshold == resources.model_json(M.CUE_MODEL)["threshold"]


# ------------------------------------------------------------------------------------- speaker ranker
@pytest.mark.parametrize("text, fragment, speaker, mention", [
    # a quote opening the paragraph after its speaker's introduction: the rules alone leave it unattributed
    ('Senator Ann Lee spoke to reporters on Tuesday.\n\n"We will not retreat from this fight. The bill will pass."',
     "We will not retreat", "Ann Lee", "Senator Ann Lee"),
    # the dateline is no speaker
    ('WASHINGTON — "We will not retreat from this fight," the senator said on Tuesday.',
     "We will not retreat", "the senator", "the senator"),
    ('"The talks failed," said Anna Lopez, a diplomat.', "The talks failed", "Anna Lopez", "Anna Lopez"),
    ('Mary Jones arrived late. "The vote was rigged," she said.', "The vote was rigged", "Mary Jones", "she"),
])
def test_speaker_ranker(nlp, text, fragment, speaker, mention):
    doc = nlp(text)
    q = next(q for q in Q.extract_quotes(doc) if q.quote.startswith(fragment))
    assert q.speaker == speaker
    assert doc.text[q.speaker_start:q.speaker_end] == mention


@pytest.mark.parametrize("text", [
    "The crowd was large.\n“This is a long and complete sentence in quotes.”",   # a plain noun is no speaker
    "The talks went on.\nSunday: “The border stays closed for now.”",           # nor a date
])
def test_speaker_ranker_leaves_quotes_without_a_speaker_like_mention(nlp, text):
    q = next(q for q in Q.extract_quotes(nlp(text)) if q.kind == "direct")
    assert q.speaker is None and q.speaker_start is None


def test_rules_only_keeps_the_rule_speaker_step(nlp):
    text = 'Senator Ann Lee spoke to reporters on Tuesday.\n\n"We will not retreat from this fight. The bill will pass."'
    q = next(q for q in Q.extract_quotes(nlp(text), M.RULES_ONLY) if q.kind == "direct")
    assert q.speaker is None


# ------------------------------------------------------------------------------- verb-cue classifier
@pytest.mark.parametrize("text, content, speaker, cue", [
    ("Donald Trump openly admires Vladimir Putin as a strong leader.", "Vladimir Putin as a strong leader",
     "Donald Trump", "admires"),
    ("Mark Stone supports higher taxes on the wealthiest families.", "higher taxes", "Mark Stone", "supports"),
])
def test_verb_cue_classifier_adds_reports(nlp, text, content, speaker, cue):
    doc = nlp(text)
    found = [q for q in Q.extract_quotes(doc) if q.kind == "indirect"]
    assert [(q.quote, q.speaker, q.cue) for q in found] == [(content, speaker, cue)]
    # the verb is in no word list: the rules alone report nothing
    assert not [q for q in Q.extract_quotes(doc, M.RULES_ONLY) if q.kind == "indirect"]


@pytest.mark.parametrize("text", [
    "Anna Lopez ate an apple for lunch before the meeting.",
    "The company sold its old factory to a group of investors.",
    "Anna Lopez thinks about the deal every day.",           # an "about" object of a belief verb
    'She wrote the book "The Long Road Home" in 2010.',     # a title of a work is no content
])
def test_verb_cue_classifier_negatives(nlp, text):
    assert not [q for q in Q.extract_quotes(nlp(text)) if q.kind in ("indirect", "direct", "partial")]


def test_verb_cue_classifier_keeps_the_rule_reports(nlp):
    text = "Mark Stone said that Ann Lee believes the country needs order."
    learned = {(q.start, q.end, q.speaker) for q in Q.extract_quotes(nlp(text))}
    rules = {(q.start, q.end, q.speaker) for q in Q.extract_quotes(nlp(text), M.RULES_ONLY)}
    assert rules <= learned and len(rules) == 2


# -------------------------------------------------------------------------------- training helpers
RECORD = {
    "id": "a1", "publisher": "p",
    "text": "Anna Lopez said the talks had failed. The weather was fine.",
    "attributions": [{"source": [0, 10], "cue": [11, 15], "content": [[16, 36]]},
                     {"source": None, "cue": None, "content": [[38, 58]]}],
}


@pytest.mark.parametrize("start, end, found", [
    (16, 36, True),    # the gold content itself
    (20, 36, True),    # most of its words
    (38, 58, False),   # content of an attribution without a source
    (0, 15, False),    # the source and the cue are no content
])
def test_gold_of(start, end, found):
    assert (T.gold_of(RECORD, start, end) is not None) == found


@pytest.mark.parametrize("start, end, speaker, match", [
    (16, 36, (0, 10), True),
    (16, 36, (5, 10), True),     # the mention overlaps the source
    (16, 36, (38, 45), False),   # the wrong speaker
    (16, 36, None, False),       # no speaker
    (30, 58, (0, 10), False),    # less than half of the gold content
])
def test_matches_gold(start, end, speaker, match):
    q = Q.Quote(RECORD["text"][start:end], start, end, "indirect")
    if speaker:
        q.speaker_start, q.speaker_end = speaker
    assert T.matches_gold(RECORD, q) == match


def test_folds_deal_every_publisher_round_and_are_seeded():
    records = [{"id": f"{p}{i}", "publisher": p} for p in "abc" for i in range(10)]
    folds = T.folds(records, 5, 14)
    assert folds == T.folds(records, 5, 14)
    assert folds != T.folds(records, 5, 15)
    for f in range(5):
        held = [r for r in records if folds[r["id"]] == f]
        assert len(held) == 6
    assert sorted(set(folds.values())) == [0, 1, 2, 3, 4]
