"""Train the learned detectors from ``../shared/eval`` and write them, with their cards, to
``helpers/resources/models/``.

Usage: ``python -m scripts.train_models [--only techniques frames] [--cache DIR]`` (``make models``).

* **techniques** (:mod:`helpers.technique_tagger`) from ``eval/rhetoric/ptc_dev.jsonl``: 5-fold
  cross-validation over articles (seeded shuffle) of the whole procedure — CRF span tagger, label
  classifier, choice of the span threshold and of the labels whose learned spans join the rule spans
  (chosen for fold k on the out-of-fold predictions of the other folds only) — then the final models on
  every article. Files: ``technique_spans.crfsuite``, ``technique_labels.npz``.
* **frames** (:mod:`helpers.frame_items`) from ``eval/framing/frermann_dev.jsonl``: item detectors and the
  per-frame combination, 5-fold cross-validation repeated over 3 seeded shuffles (the frame combination
  and thresholds of each fold fitted on inner out-of-fold item probabilities of its training part), then
  the final model on every article. File: ``frame_items.json``.

Each model file gets a card ``<file>.card.json``: data (file, SHA-256, articles), date, features,
parameters, cross-validated figures (mean, spread, per fold, rules-only beside), per-label or per-frame
tables, training time and the SHA-256 of the model file. Everything is seeded: the same data give the
same model files. Nothing here runs at test time.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import platform
import random
import statistics
import tempfile
import time
import zipfile
from collections import namedtuple
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pycrfsuite
import sklearn
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from benchmarks.bench_rhetoric import Scorer
from helpers import config, frame_items, frames, resources, rhetoric
from helpers import technique_tagger as tt
from helpers.jsonl import read_records
from helpers.nlp import load_docs

PTC = config.SHARED_EVAL / "rhetoric" / "ptc_dev.jsonl"
FRERMANN = config.SHARED_EVAL / "framing" / "frermann_dev.jsonl"
MODELS = resources.MODELS
SEED = 0
FOLDS = 5
#: CRF training (L-BFGS with elastic net; c1 L1, c2 L2): c1 large enough to keep the file near 1.5 MB.
CRF_PARAMS = {"c1": 0.1, "c2": 0.01, "max_iterations": 100, "feature.possible_transitions": True}
#: Span thresholds tried on the CRF's inside marginals.
SPAN_THRESHOLDS: tuple[float, ...] = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
#: Label classifier: inverse L2 strength; features seen in fewer training spans are dropped.
LABEL_C = 1.0
LABEL_MIN_COUNT = 2
#: Frame models: inverse L2 strength of the item detectors and of the frame combination.
ITEM_C = 0.3
FRAME_C = 1.0
FRAME_REPEATS = 3
#: Items each Frermann et al. (2023) frame label was derived from ("frermann_used" in
#: ``../shared/lexicons/semetko_valkenburg_questions.json``).
USED_ITEMS: dict[str, tuple[str, ...]] = {
    "conflict": ("co1", "co2", "co3"), "economic": ("ec1", "ec2", "ec3"),
    "human_interest": ("hi1", "hi2", "hi5"), "morality": ("mo1", "mo2"), "responsibility": ("re1", "re5"),
}
FRERMANN_MAP = {"Conflict": "conflict", "Resolution": "responsibility", "Moral": "morality",
                "Human_interest": "human_interest", "Economic": "economic"}

_Span = namedtuple("_Span", "start end category label")


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folds_of(n: int, seed: int, k: int = FOLDS) -> list[list[int]]:
    """``k`` folds of ``range(n)`` after a seeded shuffle."""
    idx = list(range(n))
    random.Random(seed).shuffle(idx)
    return [sorted(idx[j::k]) for j in range(k)]


def save_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write a ``.npz`` byte for byte the same for the same arrays (fixed zip timestamps; no pickle)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def write_card(model_file: Path, card: dict) -> None:
    """Write ``<model>.card.json`` with the model file's SHA-256."""
    card = {"model_file": model_file.name, "sha256": sha256(model_file), **card}
    path = model_file.with_name(model_file.name + tt.CARD_SUFFIX)
    path.write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {model_file} ({model_file.stat().st_size:,} bytes) and {path.name}")


def _mean_sd(values: Sequence[float]) -> dict:
    return {"mean": round(statistics.mean(values), 4), "sd": round(statistics.stdev(values), 4),
            "folds": [round(v, 4) for v in values]}


# ----------------------------------------------------------------------------------------------
# Techniques
# ----------------------------------------------------------------------------------------------

class _Article:
    """One PTC article with its parse, rule findings, CRF features and gold spans."""

    def __init__(self, record: dict, doc) -> None:
        result = rhetoric.analyze_rules(doc)
        self.doc = doc
        self.sentences = result.sentences
        self.lexical = [s for s in result.spans if s.category != "technique"]
        self.rules = [s for s in result.spans if s.category == "technique"]
        self.features = tt.token_features(doc, self.sentences, self.lexical, self.rules)
        self.gold = [(g["start"], g["end"], g["label"]) for g in record["spans"]]
        self.tags = tt.bio_tags(doc, [(a, b) for a, b, _ in self.gold])
        self.counts = tt._lemma_counts(doc)

    def span_features(self, start: int, end: int) -> dict[str, int]:
        feats = tt.span_features(self.doc, start, end, self.sentences, self.lexical, self.rules, self.counts)
        return {f: 1 for f in feats}


def train_crf(articles: Sequence[_Article], path: Path) -> None:
    """Train the CRF span tagger on ``articles`` into ``path`` (crfsuite's file)."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for art in articles:
        trainer.append(pycrfsuite.ItemSequence(art.features), art.tags)
    trainer.set_params(CRF_PARAMS)
    trainer.train(str(path))


def train_labels(articles: Sequence[_Article]) -> tt.LabelModel:
    """Train the label classifier on the gold spans of ``articles``."""
    x = [art.span_features(a, b) for art in articles for a, b, _ in art.gold]
    y = [label for art in articles for _, _, label in art.gold]
    vec = DictVectorizer()
    matrix = vec.fit_transform(x)
    seen = np.asarray((matrix > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero(seen >= LABEL_MIN_COUNT)
    matrix = matrix[:, keep]
    names = [vec.feature_names_[k] for k in keep]
    clf = LogisticRegression(C=LABEL_C, max_iter=3000)
    clf.fit(matrix, y)
    return tt.LabelModel(vocabulary={n: k for k, n in enumerate(names)}, coef=clf.coef_.T.astype(np.float32),
                         intercept=clf.intercept_.astype(np.float32), labels=tuple(clf.classes_),
                         span_threshold=0.0, learned_labels=frozenset())


def _score(articles: Sequence[_Article], spans: dict[int, list[tuple[int, int, str]]], ids: Sequence[int]) -> Scorer:
    scorer = Scorer()
    for i in ids:
        scorer.add(spans[i], articles[i].gold)
    return scorer


def _combined(articles, learned, ids, threshold: float, labels: frozenset[str]) -> dict[int, list]:
    return {i: [(s.start, s.end, s.label) for s in articles[i].rules]
            + [(s.start, s.end, s.label) for s in learned[threshold][i] if s.label in labels] for i in ids}


def choose_combination(articles, learned, ids) -> tuple[float, frozenset[str]]:
    """Span threshold and learned labels chosen on the articles ``ids`` (their out-of-fold predictions):
    per threshold, a label joins when adding its learned spans raises its F1 over the rules alone; the
    threshold with the best sum of span F1 and per-label F1 wins."""
    rules_only = _score(articles, _combined(articles, learned, ids, SPAN_THRESHOLDS[0], frozenset()), ids)
    best = (-1.0, SPAN_THRESHOLDS[0], frozenset())
    for threshold in SPAN_THRESHOLDS:
        every = _score(articles, _combined(articles, learned, ids, threshold, frozenset(rhetoric.LABELS)), ids)
        labels = frozenset(lab for lab in rhetoric.LABELS if every.prf([lab])[2] > rules_only.prf([lab])[2])
        chosen = _score(articles, _combined(articles, learned, ids, threshold, labels), ids)
        value = chosen.prf(["_span"])[2] + chosen.prf(list(rhetoric.LABELS))[2]
        if value > best[0] + 1e-9:
            best = (value, threshold, labels)
    return best[1], best[2]


def train_techniques(cache: Path | None) -> None:
    """Cross-validate, train and write the technique models with their cards."""
    records = list(read_records(PTC))
    t0 = time.perf_counter()
    docs = load_docs([r["id"] for r in records], [r["text"] for r in records],
                     cache=cache / "ptc.spacy" if cache else None)
    articles = [_Article(r, d) for r, d in zip(records, docs)]
    print(f"techniques: {len(articles)} articles parsed and featured in {time.perf_counter() - t0:.0f} s")
    folds = folds_of(len(articles), SEED)
    learned: dict[float, dict[int, list[tt.TaggedSpan]]] = {t: {} for t in SPAN_THRESHOLDS}
    t_train = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for k, test in enumerate(folds):
            train = [articles[i] for i in range(len(articles)) if i not in set(test)]
            path = Path(tmp) / f"fold{k}.crfsuite"
            train_crf(train, path)
            labels = train_labels(train)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            for i in test:
                art = articles[i]
                probs = tt.inside_probabilities(tagger, art.features)
                for threshold in SPAN_THRESHOLDS:
                    found = []
                    for start, end, inside in tt.spans_from_marginals(art.doc, probs, threshold):
                        p = labels.probabilities(list(art.span_features(start, end)))
                        j = int(np.argmax(p))
                        found.append(tt.TaggedSpan(start, end, labels.labels[j], round(inside * float(p[j]), 4)))
                    learned[threshold][i] = found
            print(f"  fold {k + 1}/{FOLDS} done ({time.perf_counter() - t_train:.0f} s)")
    cv_seconds = time.perf_counter() - t_train
    per_fold: dict[str, list[float]] = {key: [] for key in ("span_f1", "span_p", "span_r", "label_f1",
                                                            "rules_span_f1", "rules_label_f1",
                                                            "learned_only_span_f1", "learned_only_label_f1")}
    pooled = {"combined": Scorer(), "rules": Scorer(), "learned": Scorer()}
    odd = {"combined": Scorer(), "rules": Scorer()}  # the odd-numbered articles: the rules' held-out half
    choices = []
    for k, test in enumerate(folds):
        others = [i for j, fold in enumerate(folds) if j != k for i in fold]
        threshold, labels = choose_combination(articles, learned, others)
        choices.append({"threshold": threshold, "learned_labels": sorted(labels)})
        combined = _score(articles, _combined(articles, learned, test, threshold, labels), test)
        rules = _score(articles, _combined(articles, learned, test, threshold, frozenset()), test)
        only = {i: [(s.start, s.end, s.label) for s in learned[threshold][i]] for i in test}
        learned_only = _score(articles, only, test)
        for i in test:
            pooled["combined"].add(_combined(articles, learned, [i], threshold, labels)[i], articles[i].gold)
            pooled["rules"].add([(s.start, s.end, s.label) for s in articles[i].rules], articles[i].gold)
            pooled["learned"].add(only[i], articles[i].gold)
            if i % 2:
                odd["combined"].add(_combined(articles, learned, [i], threshold, labels)[i], articles[i].gold)
                odd["rules"].add([(s.start, s.end, s.label) for s in articles[i].rules], articles[i].gold)
        p, r, f, *_ = combined.prf(["_span"])
        per_fold["span_f1"].append(f)
        per_fold["span_p"].append(p)
        per_fold["span_r"].append(r)
        per_fold["label_f1"].append(combined.prf(list(rhetoric.LABELS))[2])
        per_fold["rules_span_f1"].append(rules.prf(["_span"])[2])
        per_fold["rules_label_f1"].append(rules.prf(list(rhetoric.LABELS))[2])
        per_fold["learned_only_span_f1"].append(learned_only.prf(["_span"])[2])
        per_fold["learned_only_label_f1"].append(learned_only.prf(list(rhetoric.LABELS))[2])
    threshold, labels = choose_combination(articles, learned, list(range(len(articles))))
    table = {}
    for label in rhetoric.LABELS:
        table[label] = {name: dict(zip(("p", "r", "f1", "predicted", "gold"),
                                       [round(v, 4) if isinstance(v, float) else v for v in sc.prf([label])]))
                        for name, sc in pooled.items()}
    for key, value in per_fold.items():
        print(f"  {key}: {statistics.mean(value):.3f} ± {statistics.stdev(value):.3f}")
    # final models on every article
    t_final = time.perf_counter()
    MODELS.mkdir(parents=True, exist_ok=True)
    crf_path = MODELS / tt.CRF_FILE
    train_crf(articles, crf_path)
    label_model = train_labels(articles)
    names = sorted(label_model.vocabulary, key=label_model.vocabulary.get)
    labels_path = MODELS / tt.LABELS_FILE
    save_npz(labels_path, {
        "features": np.array(names), "coef": label_model.coef, "intercept": label_model.intercept,
        "labels": np.array(label_model.labels), "span_threshold": np.array(threshold),
        "learned_labels": np.array(sorted(labels)),
    })
    final_seconds = time.perf_counter() - t_final
    data = {"file": "../shared/eval/rhetoric/ptc_dev.jsonl", "sha256": sha256(PTC), "articles": len(records),
            "gold_spans": sum(len(a.gold) for a in articles),
            "what": "SemEval-2020 Task 11 propaganda techniques corpus, training half (Da San Martino et al.)"}
    cv = {"procedure": f"{FOLDS}-fold over articles (seed {SEED}); threshold and learned labels of fold k chosen "
                       "on the out-of-fold predictions of the other folds",
          "metric": "SemEval-2020 T11 partial-overlap credit (benchmarks/bench_rhetoric.py)",
          **{key: _mean_sd(value) for key, value in per_fold.items()}, "choices_per_fold": choices,
          "odd_half_pooled": {name: {"span_f1": round(sc.prf(["_span"])[2], 4),
                                     "label_f1": round(sc.prf(list(rhetoric.LABELS))[2], 4)}
                              for name, sc in odd.items()},
          "per_label_pooled": table}
    common = {"trained": date.today().isoformat(), "data": data, "cross_validation": cv,
              "training_seconds": {"cross_validation": round(cv_seconds), "final_models": round(final_seconds)},
              "software": {"python": platform.python_version(), "python-crfsuite": pycrfsuite.__version__
                           if hasattr(pycrfsuite, "__version__") else "0.9.12", "scikit-learn": sklearn.__version__},
              "combination": {"span_threshold": threshold, "learned_labels": sorted(labels),
                              "rule": "rule spans always kept; learned spans added when their label is in "
                                      "learned_labels"}}
    write_card(crf_path, {
        "model": "linear-chain CRF span tagger (BIO, labels ignored), python-crfsuite L-BFGS",
        "params": CRF_PARAMS, "features": "helpers.technique_tagger.token_features: form, lemma, shape, POS, "
        "tag, dependency and head, entity type, +-2 context words and POS, lexicon categories, rule technique "
        "labels, sentence polarity/subjectivity/length/question/exclamation, position in sentence and "
        "article, inside quotation marks, lemma repetition count", **common})
    write_card(labels_path, {
        "model": "multinomial logistic regression over span features (scikit-learn lbfgs)",
        "params": {"C": LABEL_C, "min_feature_count": LABEL_MIN_COUNT, "features_kept": len(names)},
        "features": "helpers.technique_tagger.span_features: words, bigrams, lemmas, POS, entity types, "
        "character 4-grams, first/last word, 3 words before, 1 after, rule labels and lexicon categories "
        "overlapping, length, sentence question/exclamation/quotation/sentiment, repetition count",
        **common})


# ----------------------------------------------------------------------------------------------
# Frames
# ----------------------------------------------------------------------------------------------

def _share_yes(answers: Sequence) -> float:
    given = [a for a in answers if a != -1]
    return sum(a == "yes" for a in given) / max(1, len(given))


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Class-balanced L2 logistic regression; a constant target gives a constant model."""
    if y.min() == y.max():
        return np.zeros(x.shape[1]), (20.0 if y[0] else -20.0)
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x, y)
    return model.coef_[0].copy(), float(model.intercept_[0])


def _sig(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The threshold (grid 0.05 .. 0.95) with the best F1; ties go to the higher threshold."""
    best, at = -1.0, 0.5
    for t in np.round(np.arange(0.05, 0.951, 0.025), 3):
        pred = p >= t
        denom = pred.sum() + y.sum()
        f1 = 2 * (pred & (y == 1)).sum() / denom if denom else 0.0
        if f1 >= best - 1e-12:
            best, at = f1, float(t)
    return at


class _FrameData:
    """Features, item targets and frame labels of the Frermann dev articles."""

    def __init__(self, records: list[dict], results: list[frames.FrameResult],
                 extra: np.ndarray | None = None) -> None:
        self.names = ([f"mass:{i}" for frame in frames.FRAME_ITEMS.values() for i in frame]
                      + ["n_sentences"] + [f"rule:{f}" for f in frames.GENERIC_FRAMES])
        self.x = np.array([frame_items.features(r.item_mass, r.n_sentences, r.generic_scores, self.names)
                           for r in results])
        if extra is not None:  # a trial's extra columns (never stored in the model file)
            self.x = np.hstack([self.x, extra])
        self.items = sorted({i for f in USED_ITEMS.values() for i in f}
                            | {i for f in frames.FRAME_ITEMS.values() for i in f})
        self.y_items = np.array([[_share_yes(rec["questions_raw"].get(i, [])) >= 0.5 for i in self.items]
                                 for rec in records], dtype=int)
        self.y = np.array([[FRERMANN_MAP[f] in frames.GENERIC_FRAMES and f in rec["frames"]
                            for f in FRERMANN_MAP] for rec in records], dtype=int)
        self.frame_order = [FRERMANN_MAP[f] for f in FRERMANN_MAP]
        self.rule = np.array([[r.generic_scores[f] for f in self.frame_order] for r in results])

    def fit_items(self, train: Sequence[int]) -> dict:
        mean, std = self.x[train].mean(0), self.x[train].std(0) + 1e-9
        z = (self.x[train] - mean) / std
        coefs = {item: _fit(z, self.y_items[train, j], ITEM_C) for j, item in enumerate(self.items)}
        return {"mean": mean, "std": std, "items": coefs}

    def item_probs(self, model: dict, rows: Sequence[int]) -> np.ndarray:
        z = (self.x[rows] - model["mean"]) / model["std"]
        return np.column_stack([_sig(z @ w + b) for w, b in (model["items"][i] for i in self.items)])

    def fit(self, train: Sequence[int], seed: int) -> dict:
        """Item detectors on ``train``; frame combination and thresholds on inner out-of-fold items."""
        train = list(train)
        oof = np.zeros((len(train), len(self.items)))
        for inner in folds_of(len(train), seed + 100):
            rest = [train[j] for j in range(len(train)) if j not in set(inner)]
            oof[inner] = self.item_probs(self.fit_items(rest), [train[j] for j in inner])
        model = self.fit_items(train)
        model["frames"] = {}
        for f, frame in enumerate(self.frame_order):
            cols = [self.items.index(i) for i in USED_ITEMS[frame]]
            x = np.column_stack([oof[:, cols], self.rule[train, f]])
            w, b = _fit(x, self.y[train, f], FRAME_C)
            threshold = _best_threshold(_sig(x @ w + b), self.y[train, f])
            rule_threshold = _best_threshold(self.rule[train, f], self.y[train, f])
            model["frames"][frame] = {"coef": w, "intercept": b, "threshold": threshold, "cols": cols,
                                      "rule_threshold": rule_threshold}
        return model

    def predict(self, model: dict, rows: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        probs = self.item_probs(model, rows)
        learned = np.zeros((len(rows), len(self.frame_order)), dtype=int)
        rules = np.zeros_like(learned)
        for f, frame in enumerate(self.frame_order):
            spec = model["frames"][frame]
            x = np.column_stack([probs[:, spec["cols"]], self.rule[rows, f]])
            p = _sig(x @ spec["coef"] + spec["intercept"])
            learned[:, f] = (p >= spec["threshold"]) & (self.rule[rows, f] > 0)
            rules[:, f] = (self.rule[rows, f] >= spec["rule_threshold"]) & (self.rule[rows, f] > 0)
        return learned, rules


def _micro(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = (pred * gold).sum()
    return float(2 * tp / (pred.sum() + gold.sum())) if pred.sum() + gold.sum() else 0.0


def _f1(pred: np.ndarray, gold: np.ndarray) -> float:
    return _micro(pred, gold)


def _cv_predictions(data: _FrameData, repeat: int) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold learned and rules-only frame predictions of one seeded 5-fold split."""
    learned, rules = np.zeros_like(data.y), np.zeros_like(data.y)
    for test in folds_of(len(data.y), SEED + repeat):
        train = [i for i in range(len(data.y)) if i not in set(test)]
        model = data.fit(train, SEED + repeat)
        learned[test], rules[test] = data.predict(model, test)
    return learned, rules


def train_frames(cache: Path | None, trial: Path | None = None) -> None:
    """Cross-validate, train and write the frame item model with its card. With ``trial`` (an ``.npz`` of
    per-article embeddings from ``scripts/embed_minilm.py``), cross-validate with each of its arrays added to
    the item detectors' features and print the figures; nothing is written."""
    records = list(read_records(FRERMANN))
    docs = load_docs([str(i) for i in range(len(records))], [r["text"] for r in records],
                     cache=cache / "frermann_dev.spacy" if cache else None)
    results = [frames.detect_frames_rules(d) for d in docs]
    if trial is not None:
        with np.load(trial, allow_pickle=False) as arrays:
            extras = {k: arrays[k] for k in arrays.files if arrays[k].ndim == 2}
        for key in [None, *extras]:
            data = _FrameData(records, results, None if key is None else extras[key])
            runs = [_micro(_cv_predictions(data, repeat)[0], data.y) for repeat in range(FRAME_REPEATS)]
            print(f"  trial features {key or '(none)'}: micro-F1 {statistics.mean(runs):.3f} ± "
                  f"{statistics.stdev(runs):.3f}")
        return
    data = _FrameData(records, results)
    t0 = time.perf_counter()
    runs = {"learned": [], "rules": []}
    per_frame = {"learned": [], "rules": []}
    items_f1 = []
    for repeat in range(FRAME_REPEATS):
        pred = {"learned": np.zeros_like(data.y), "rules": np.zeros_like(data.y)}
        item_pred = np.zeros_like(data.y_items)
        for test in folds_of(len(records), SEED + repeat):
            train = [i for i in range(len(records)) if i not in set(test)]
            model = data.fit(train, SEED + repeat)
            pred["learned"][test], pred["rules"][test] = data.predict(model, test)
            item_pred[test] = data.item_probs(model, test) >= frames.ITEM_YES
        for key in runs:
            runs[key].append(_micro(pred[key], data.y))
            per_frame[key].append([_f1(pred[key][:, f], data.y[:, f]) for f in range(len(data.frame_order))])
        items_f1.append([_f1(item_pred[:, j], data.y_items[:, j]) for j in range(len(data.items))])
    cv_seconds = time.perf_counter() - t0
    for key, value in runs.items():
        print(f"  frames {key}: micro-F1 {statistics.mean(value):.3f} ± {statistics.stdev(value):.3f}")
    t1 = time.perf_counter()
    model = data.fit(list(range(len(records))), SEED)
    final_seconds = time.perf_counter() - t1
    out = {
        "features": data.names,
        "mean": [round(float(v), 6) for v in model["mean"]],
        "std": [round(float(v), 6) for v in model["std"]],
        "items": {item: {"coef": [round(float(v), 6) for v in w], "intercept": round(b, 6)}
                  for item, (w, b) in model["items"].items()},
        "frames": {frame: {"items": list(USED_ITEMS[frame]),
                           "coef": [round(float(v), 6) for v in spec["coef"]],
                           "intercept": round(spec["intercept"], 6), "threshold": spec["threshold"]}
                   for frame, spec in model["frames"].items()},
    }
    MODELS.mkdir(parents=True, exist_ok=True)
    path = MODELS / frame_items.MODEL_FILE
    path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    write_card(path, {
        "model": "per-question L2 logistic regressions (class-balanced) over the rule evidence; per frame a "
                 "logistic regression over the probabilities of the items the codebook derives it from "
                 "and the frame's rule score, with a best-F1 threshold",
        "trained": date.today().isoformat(),
        "data": {"file": "../shared/eval/framing/frermann_dev.jsonl", "sha256": sha256(FRERMANN),
                 "articles": len(records),
                 "what": "Frermann et al. (2023) narrative framing, climate news, dev half; item targets: at "
                         "least half the annotators answered yes (questions_raw)"},
        "features": data.names,
        "params": {"item_C": ITEM_C, "frame_C": FRAME_C, "used_items": USED_ITEMS},
        "cross_validation": {
            "procedure": f"{FOLDS}-fold over articles x {FRAME_REPEATS} seeded shuffles; frame combination and "
                         "thresholds of each fold fitted on inner 5-fold out-of-fold item probabilities of "
                         "its training part; rules-only: the rule score with its best-F1 threshold chosen on "
                         "the same training part",
            "micro_f1": _mean_sd(runs["learned"]), "rules_micro_f1": _mean_sd(runs["rules"]),
            "per_frame_f1": {frame: round(float(np.mean([r[f] for r in per_frame["learned"]])), 4)
                             for f, frame in enumerate(data.frame_order)},
            "rules_per_frame_f1": {frame: round(float(np.mean([r[f] for r in per_frame["rules"]])), 4)
                                   for f, frame in enumerate(data.frame_order)},
            "item_f1": {item: round(float(np.mean([r[j] for r in items_f1])), 4)
                        for j, item in enumerate(data.items)},
        },
        "training_seconds": {"cross_validation": round(cv_seconds), "final_model": round(final_seconds, 1)},
        "software": {"python": platform.python_version(), "scikit-learn": sklearn.__version__},
    })


def main(argv: list[str] | None = None) -> int:
    """Train the models chosen with ``--only`` (default: all)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", default=["techniques", "frames"], choices=["techniques", "frames"])
    parser.add_argument("--cache", type=Path, default=None, help="folder for DocBin caches of the parses")
    parser.add_argument("--trial-features", type=Path, default=None,
                        help="frames only: cross-validate with these extra features (scripts/embed_minilm.py)")
    args = parser.parse_args(argv)
    if not config.SHARED_EVAL.exists():
        print(f"{config.SHARED_EVAL} is absent: the committed models are kept")
        return 0
    if "frames" in args.only:
        train_frames(args.cache, args.trial_features)
    if "techniques" in args.only:
        train_techniques(args.cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
