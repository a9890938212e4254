"""Train the learned steps of quote attribution from ``../shared/eval/quotes`` and write them, with their
cards, to ``helpers/resources/models/``.

Usage: ``.venv/bin/python -m scripts.train_quote_models [--cache FILE]``.

* **quote_speaker.json** (:mod:`helpers.quotes.ranker`): the speaker ranker of quotation-marked quotes.
* **quote_cue.json** (:mod:`helpers.quotes.verbcues`): the attribution classifier of verbs.

Both are L2 logistic regressions (:mod:`helpers.quotes.training`) fitted on every article of the PolNeAR dev
half. Each card ``<file>.card.json`` holds the data (file, SHA-256, articles), the date, the feature
templates, the parameters, the training examples, the cross-validated figures of the whole extractor
(:func:`benchmarks.bench_quotes.cross_validate`: 5 folds by article, seed 14; the rules alone beside) and
the SHA-256 of the model file. Training is deterministic (lbfgs, fixed folds): the same data give the same
model files. Nothing here runs at test time.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import sklearn

from benchmarks import bench_quotes as bq
from helpers import resources
from helpers.nlp import load_docs
from helpers.quotes import models as M
from helpers.quotes import training as T

#: What each model's features are (templates; the model file lists every feature it weighs).
FEATURES: dict[str, list[str]] = {
    M.SPEAKER_MODEL: [
        "rule: the mention the rules chose; previous_speaker: the previous quote's speaker mention",
        ("subj=speech|stance|according|verb: subject of a speech / belief verb, object of 'according to', "
         "subject of another verb; subj_of_cue: of the quote's cue"),
        "dep=, pos=, ent=, pron=: the head's dependency label, part of speech, entity label, pronoun",
        ("stype=: speaker type of the resolved mention; person: a named person of the article; "
         "mentions: log(1 + earlier mentions)"),
        ("before/after, same_sent/prev_sent/next_sent, other_paragraph, dist: log(1 + tokens to the quote), "
         "nearest_before/after, nearest_person"),
        "capitals (a dateline), paragraph_start, relative (who/which/that), head_speech_verb",
        "no_rule&…: interactions when the rules found no speaker; rule&kind=: the rule's choice by quote kind",
    ],
    M.CUE_MODEL: [
        "lemma=: the verb's lemma; class=speech|stance|other: reporting_verbs.txt / stance_verbs.txt",
        "verb_class=: attitude_verb_classes.tsv (and its interaction with the complement type)",
        "list=np_content|infinitive|light; listed_preposition: prepositional_cues.tsv",
        ("comp=: complement type (ccomp_that, ccomp, xcomp_to, xcomp_ing, dobj, dobj_pred, prep_<p>, or the rule "
         "report's arc); class&comp="),
        "rule, rule&class=: a report the rules made",
        "tag=, dep=: the verb's tense tag and role; negated, modal, passive",
        "subj_type=, subj_pos=, subj_ent=, subj_pron=, subj_person, subj_climbed: the subject",
        ("words: log(1 + content tokens); content_that, content_wh, content_head=, content_ent=, content_pronoun, "
         "content_quoted"),
    ],
}
WHAT = {
    M.SPEAKER_MODEL: ("pointwise L2 logistic regression over the candidate speaker mentions of a quotation-marked "
                      "quote; the best-scoring candidate is the speaker"),
    M.CUE_MODEL: ("L2 logistic regression over verb–complement candidates: a rule report is kept, and the best "
                  "candidate of another verb added, when the probability reaches the threshold"),
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _summary(values: Sequence[float]) -> dict[str, Any]:
    return {"mean": round(statistics.mean(values), 4), "sd": round(statistics.stdev(values), 4),
            "min": round(min(values), 4), "max": round(max(values), 4), "per_fold": [round(v, 4) for v in values]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file caching the parses")
    parser.add_argument("--out", type=Path, default=resources.MODELS, help="folder of the model files")
    args = parser.parse_args(argv)
    if not bq.EVAL_PATH.exists():
        print(f"skip: {bq.EVAL_PATH} not found")
        return 0
    records = bq.load_records()
    docs = load_docs([r["id"] for r in records], [r["text"] for r in records], cache=args.cache)
    examples = T.article_examples(records, docs)
    figures = {}
    for name, steps in (("rules only", ()), ("rules + both learned steps", ("speaker", "cue"))):
        preds, fold = bq.cross_validate(records, docs, steps, examples)
        figures[name] = {k: _summary(v) for k, v in bq.fold_figures(records, preds, fold).items()}
    final = T.fit_models(examples)
    args.out.mkdir(parents=True, exist_ok=True)
    params = {M.SPEAKER_MODEL: {"C": T.SPEAKER_C, "solver": "lbfgs", "max_iter": T.MAX_ITER},
              M.CUE_MODEL: {"C": T.CUE_C, "solver": "lbfgs", "max_iter": T.MAX_ITER, "threshold": T.CUE_THRESHOLD}}
    for file, model, step in ((M.SPEAKER_MODEL, final.speaker, "speaker"), (M.CUE_MODEL, final.cue, "cue")):
        assert model is not None
        path = args.out / file
        path.write_text(json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        train = [e for a in examples for e in getattr(a, step)]
        card = {
            "model_file": file,
            "sha256": _sha256(path),
            "model": WHAT[file],
            "trained": date.today().isoformat(),
            "data": {"file": "../shared/eval/quotes/polnear_dev.jsonl", "sha256": _sha256(bq.EVAL_PATH),
                     "articles": len(records),
                     "what": "PolNeAR dev half (Newell et al. 2018), attributions with character offsets"},
            "examples": {"candidates": len(train), "positive": sum(e.label for e in train),
                         "decisions": len({e.group for e in train})},
            "features": FEATURES[file],
            "n_weights": len(model.weights),
            "params": params[file],
            "cross_validation": {
                "procedure": (f"{bq.CV_FOLDS}-fold by article (publishers dealt round the folds, seed "
                              f"{bq.CV_SEED}); both learned steps retrained on each fold's other articles; "
                              "who-said-what F1 of the whole extractor on the held-out fold"),
                **figures,
            },
            "software": {"scikit-learn": sklearn.__version__, "python": sys.version.split()[0]},
            "command": "python -m scripts.train_quote_models",
        }
        (args.out / (file + M.CARD_SUFFIX)).write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
        print(f"{file}: {len(model.weights)} weights, sha256 {card['sha256'][:12]}")
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
