"""The learned parts of quote attribution: linear models stored as JSON numbers, with a card each.

A model is a logistic regression over named sparse features (:class:`LinearModel`): a weight per feature
name, an intercept and a decision threshold; scoring is a dot product over the features a candidate has,
so extraction needs no machine-learning package. The files are ``helpers/resources/models/quote_*.json``,
read through :func:`helpers.resources.model_json`, each beside a card ``<file>.card.json`` (data, date,
features, cross-validated figures, the SHA-256 of the model file). They are written by
``scripts/train_quote_models.py`` (:mod:`helpers.quotes.training`); nothing trains at run time.

Models: :data:`SPEAKER_MODEL` ranks the candidate speaker mentions of a quotation-marked quote
(:mod:`helpers.quotes.ranker`); :data:`CUE_MODEL` decides which verbs cue an attribution
(:mod:`helpers.quotes.verbcues`).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from helpers import resources

#: Model file of the speaker ranker of quotation-marked quotes.
SPEAKER_MODEL: str = "quote_speaker.json"
#: Model file of the attribution classifier of verbs.
CUE_MODEL: str = "quote_cue.json"
#: Suffix of a model's card beside it.
CARD_SUFFIX: str = ".card.json"


@dataclass(frozen=True)
class LinearModel:
    """A logistic regression over named features: ``P(yes) = sigmoid(intercept + Σ weight[f] · value[f])``.

    Attributes:
        weights: feature name -> coefficient (features not listed weigh nothing).
        intercept: the bias term.
        threshold: the probability at or above which a candidate is accepted (a ranker takes the best
            candidate and may ignore it).
    """

    weights: Mapping[str, float]
    intercept: float
    threshold: float = 0.5

    def score(self, features: Mapping[str, float]) -> float:
        """The linear score (log-odds) of a candidate's features."""
        w = self.weights
        return self.intercept + sum(w.get(name, 0.0) * value for name, value in features.items())

    def probability(self, features: Mapping[str, float]) -> float:
        """The model's probability that the candidate is a yes."""
        z = self.score(features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def to_json(self) -> dict[str, Any]:
        """The model as the JSON object of its file (features sorted, so the same model gives the same file)."""
        names = sorted(self.weights)
        return {"features": names, "coef": [round(self.weights[n], 8) for n in names],
                "intercept": round(self.intercept, 8), "threshold": self.threshold}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinearModel:
        """A model from the JSON object of its file.

        Raises:
            ValueError: when the feature and coefficient lists differ in length.
        """
        if len(data["features"]) != len(data["coef"]):
            raise ValueError("model file: features and coef differ in length")
        return cls(dict(zip(data["features"], map(float, data["coef"]))), float(data["intercept"]),
                   float(data.get("threshold", 0.5)))


@dataclass(frozen=True)
class QuoteModels:
    """The learned models extraction uses; ``None`` leaves that step to the rules alone."""

    speaker: LinearModel | None = None
    cue: LinearModel | None = None


#: No learned step: the rules alone.
RULES_ONLY = QuoteModels()


@cache
def default_models() -> QuoteModels:
    """The shipped models of ``helpers/resources/models/`` (read once per process)."""
    return QuoteModels(speaker=LinearModel.from_json(resources.model_json(SPEAKER_MODEL)),
                       cue=LinearModel.from_json(resources.model_json(CUE_MODEL)))
