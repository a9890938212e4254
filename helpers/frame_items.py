"""Learned answers to the generic-frame coding questions, and the frames they add up to.

Semetko & Valkenburg (2000) code each generic frame with yes/no questions; Frermann et al. (2023) had
annotators answer them (items ``co1`` … ``re7``) and derived each frame label from some of them
(conflict from co1–co3, economic from ec1–ec3, human interest from hi1, hi2, hi5, morality from mo1–mo2,
resolution/responsibility from re1 and re5: the ``frermann_used`` items of
``../shared/lexicons/semetko_valkenburg_questions.json``). This module holds the two learned steps that
follow that codebook, trained on the annotators' answers in ``../shared/eval/framing`` by
``scripts/train_models.py`` and stored as coefficients in ``helpers/resources/models/frame_items.json``
(with its card):

1. **Item detectors** — one L2-regularised logistic regression per question (Cox 1958; class-balanced),
   over the evidence the cue lexicons and parse rules of :mod:`helpers.frames` find in the article: the
   log evidence mass of each of the 18 rule items, the log sentence count and the five rule frame scores
   (:func:`features`). Target: at least half the annotators answered "yes".
2. **Frame combination** — per frame, a logistic regression over the probabilities of the items the
   codebook derives it from plus the frame's rule score, with a presence threshold (each frame's best F1
   on out-of-fold probabilities).

The evidence sentences of a frame stay those the cues and rules mark (``FrameResult.evidence``).
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from helpers import resources

#: The model file in ``helpers/resources/models/`` (its card: ``frame_items.json.card.json``).
MODEL_FILE = "frame_items.json"


@dataclass(frozen=True)
class FrameModel:
    """The stored item detectors and frame combination (see the module docstring)."""

    features: tuple[str, ...]
    mean: np.ndarray
    std: np.ndarray
    item_names: tuple[str, ...]
    item_coef: np.ndarray          # items × features
    item_intercept: np.ndarray     # items
    frame_items: dict[str, tuple[str, ...]]
    frame_coef: dict[str, np.ndarray]   # per frame: its items' weights, then the rule score's weight
    frame_intercept: dict[str, float]
    thresholds: dict[str, float]


def _sigmoid(z: np.ndarray | float) -> np.ndarray | float:
    return 1.0 / (1.0 + np.exp(-z))


def features(item_mass: Mapping[str, float], n_sentences: int, rule_scores: Mapping[str, float],
             names: Sequence[str]) -> np.ndarray:
    """The item detectors' input: ``mass:<item>`` = log(1 + evidence mass), ``n_sentences`` = log(1 + count),
    ``rule:<frame>`` = the rule score, in the order of ``names``."""
    values = []
    for name in names:
        kind, _, key = name.partition(":")
        if kind == "mass":
            values.append(math.log1p(item_mass.get(key, 0.0)))
        elif kind == "rule":
            values.append(float(rule_scores.get(key, 0.0)))
        elif name == "n_sentences":
            values.append(math.log1p(n_sentences))
        else:
            raise ValueError(f"unknown feature {name!r} in {MODEL_FILE}")
    return np.array(values, dtype=np.float64)


@cache
def frame_model() -> FrameModel:
    """The stored model, loaded once."""
    data = resources.model_json(MODEL_FILE)
    items = data["items"]
    names = tuple(sorted(items))
    return FrameModel(
        features=tuple(data["features"]),
        mean=np.array(data["mean"], dtype=np.float64),
        std=np.array(data["std"], dtype=np.float64),
        item_names=names,
        item_coef=np.array([items[n]["coef"] for n in names], dtype=np.float64),
        item_intercept=np.array([items[n]["intercept"] for n in names], dtype=np.float64),
        frame_items={f: tuple(v["items"]) for f, v in data["frames"].items()},
        frame_coef={f: np.array(v["coef"], dtype=np.float64) for f, v in data["frames"].items()},
        frame_intercept={f: float(v["intercept"]) for f, v in data["frames"].items()},
        thresholds={f: float(v["threshold"]) for f, v in data["frames"].items()},
    )


def item_probabilities(model: FrameModel, x: np.ndarray) -> dict[str, float]:
    """Probability of 'yes' for every coding question, from :func:`features` ``x``."""
    z = model.item_coef @ ((x - model.mean) / model.std) + model.item_intercept
    return {name: float(p) for name, p in zip(model.item_names, _sigmoid(z))}


def frame_probabilities(model: FrameModel, items: Mapping[str, float],
                        rule_scores: Mapping[str, float]) -> dict[str, float]:
    """Probability of each generic frame from its items' probabilities and its rule score."""
    out = {}
    for frame, names in model.frame_items.items():
        x = np.array([items[n] for n in names] + [rule_scores[frame]], dtype=np.float64)
        out[frame] = float(_sigmoid(model.frame_coef[frame] @ x + model.frame_intercept[frame]))
    return out


def predict(item_mass: Mapping[str, float], n_sentences: int,
            rule_scores: Mapping[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """Item and frame probabilities of one article from its rule evidence (the stored model).

    Returns:
        ``(items, frames)``: probability of 'yes' per coding question; probability per generic frame.
    """
    model = frame_model()
    items = item_probabilities(model, features(item_mass, n_sentences, rule_scores, model.features))
    return items, frame_probabilities(model, items, rule_scores)
