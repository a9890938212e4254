"""Tests of helpers.frame_items (learned coding-question answers and their frames) through
helpers.frames.detect_frames, on passages written for these tests and on the seed article."""
from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import frame_items, frames


def test_features_follow_the_model_order():
    names = ["mass:co1", "n_sentences", "rule:conflict", "mass:hi5"]
    x = frame_items.features({"co1": 2.0}, 9, {"conflict": 0.5}, names)
    assert np.allclose(x, [math.log1p(2.0), math.log1p(9), 0.5, 0.0])
    with pytest.raises(ValueError):
        frame_items.features({}, 1, {}, ["colour"])


def test_predict_gives_probabilities():
    items, probs = frame_items.predict({"co1": 3.0, "co2": 1.0}, 12, {f: 0.5 for f in frames.GENERIC_FRAMES})
    assert set(probs) == set(frames.GENERIC_FRAMES)
    assert all(0 < p < 1 for p in [*items.values(), *probs.values()])
    assert {"co1", "re1", "re5"} <= set(items)


def test_more_conflict_evidence_raises_conflict():
    rule = {f: 0.3 for f in frames.GENERIC_FRAMES}
    _, weak = frame_items.predict({}, 10, rule)
    _, strong = frame_items.predict({"co1": 4.0, "co2": 2.0, "co3": 2.0}, 10, {**rule, "conflict": 0.9})
    assert strong["conflict"] > weak["conflict"]


@pytest.mark.parametrize("text, present, absent", [
    (("Russia and Ukraine remain locked in a bitter dispute. France accused Germany of blocking the deal. "
     "Critics and supporters clashed at the hearing, and the opposition attacked the government."),
     {"conflict"}, {"morality"}),
    ("Sunny skies and light winds are expected on Tuesday. The museum opens at nine.", set(),
     set(frames.GENERIC_FRAMES)),
])
def test_detect_frames_learned(nlp, text, present, absent):
    result = frames.detect_frames(nlp(text))
    assert present <= set(result.present), result.generic_scores
    assert not (absent & set(result.present))
    assert set(result.rule_scores) == set(frames.GENERIC_FRAMES)


def test_present_frames_have_evidence_sentences(seed_doc):
    result = frames.detect_frames(seed_doc)
    assert result.present
    for frame in result.present:
        assert result.rule_scores[frame] > 0
        assert [e for e in result.evidence if e.frame == frame], frame
    assert result.items["conflict"] and all(i.startswith("co") for i in result.items["conflict"])
    assert all(0 <= p <= 1 for p in result.item_scores.values())
