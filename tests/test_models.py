"""The trained model files in helpers/resources/models/: each loads through helpers.resources, matches the
SHA-256 on its card, is small, holds numbers rather than code, and serves the stages without ../shared."""
from __future__ import annotations

import hashlib
import json
import zipfile

import numpy as np
import pytest

from helpers import frame_items, frames, resources, rhetoric
from helpers import technique_tagger as tt

MODEL_FILES = sorted(p.name for p in resources.MODELS.iterdir() if not p.name.endswith(tt.CARD_SUFFIX)
                     and not p.name.startswith("."))
#: Every model file is under this size (the brief's limit).
MAX_BYTES = 5 * 1024 * 1024


def test_every_expected_model_is_there():
    from helpers.quotes import models as quote_models

    assert set(MODEL_FILES) == {tt.CRF_FILE, tt.LABELS_FILE, frame_items.MODEL_FILE, quote_models.SPEAKER_MODEL,
                                quote_models.CUE_MODEL}


@pytest.mark.parametrize("name", MODEL_FILES)
def test_card_matches_model(name):
    card = resources.model_json(name + tt.CARD_SUFFIX)
    path = resources.model_path(name)
    assert card["model_file"] == name
    assert card["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert path.stat().st_size < MAX_BYTES
    for key in ("trained", "data", "features", "cross_validation", "model"):
        assert card[key], key
    assert card["data"]["sha256"]


def test_a_changed_model_fails_its_card(tmp_path):
    data = resources.model_path(frame_items.MODEL_FILE).read_bytes()
    changed = data.replace(b"0", b"1", 1)
    card = resources.model_json(frame_items.MODEL_FILE + tt.CARD_SUFFIX)
    assert hashlib.sha256(changed).hexdigest() != card["sha256"]


def test_label_model_is_numbers_only():
    with zipfile.ZipFile(resources.model_path(tt.LABELS_FILE)) as archive:
        for info in archive.infolist():
            assert info.filename.endswith(".npy")
    arrays = resources.model_arrays(tt.LABELS_FILE)  # allow_pickle=False: an object array would raise
    assert all(a.dtype != np.dtype("O") for a in arrays.values())
    model = tt.label_model()
    assert set(model.labels) == set(rhetoric.LABELS)
    assert model.coef.shape == (len(model.vocabulary), len(model.labels))
    assert 0 < model.span_threshold < 1 and model.learned_labels <= set(rhetoric.LABELS)


def test_crf_has_the_bio_tags():
    assert set(tt.crf_tagger().labels()) == set(tt.TAGS)


def test_frame_model_is_consistent():
    data = json.loads(resources.model_path(frame_items.MODEL_FILE).read_text(encoding="utf-8"))
    model = frame_items.frame_model()
    assert set(model.frame_items) == set(frames.GENERIC_FRAMES)
    assert model.item_coef.shape == (len(model.item_names), len(model.features))
    for frame, items in model.frame_items.items():
        assert len(model.frame_coef[frame]) == len(items) + 1  # its items, then the rule score
        assert 0 < model.thresholds[frame] < 1
    assert frames.THRESHOLDS == {f: v["threshold"] for f, v in data["frames"].items()}


def test_stages_work_without_shared(monkeypatch, nlp, tmp_path):
    from helpers import config

    monkeypatch.setattr(config, "SHARED", tmp_path / "absent")
    monkeypatch.setattr(config, "SHARED_EVAL", tmp_path / "absent" / "eval")
    doc = nlp("The senator called them lunatics and thugs. Critics accused the government of failing "
              "families, and officials must act now.")
    result = rhetoric.analyze(doc)
    assert any(s.category == "technique" for s in result.spans)
    assert frames.detect_frames(doc).generic_scores
