"""Where the pipeline's time goes, and how fast it could go: the spaCy components one by one, the stages on
parsed docs, and the throughput ceilings that follow on this machine.

Run: ``.venv/bin/python -m benchmarks.bench_parse [--n 300]``. Reads the first N articles of
``../shared/corpora/russia_coverage.jsonl.gz`` (skips cleanly when it is absent), prints a markdown section
and writes it to ``benchmarks/results/parse.md``.

What it measures, all in CPU time of this one process (so other load on the machine does not count):

* each pipeline component in turn (``nlp.pipe`` per component, batch :data:`helpers.pipeline.PARSE_BATCH`),
  with spaCy's stock attribute-ruler matcher and with :class:`helpers.nlp.IndexedAttributeMatcher`;
* whether the two give the same annotations (tag, POS, morphology, lemma, dependency of every token);
* the four analysis stages on the parsed docs (:func:`helpers.pipeline.analyze_article`);
* the learned detectors within them (:mod:`helpers.technique_tagger` on the rule findings,
  :mod:`helpers.frame_items` on the frame evidence), as a share of the parse (budget: 15 %);
* which share of the text a stage could not do without a parse — tokens in sentences holding a quotation
  mark, a reporting verb (``resources/reporting_verbs.txt``) or a CAMEO verb (``resources/cameo_verbs.tsv``);
* the ceilings on 2 cores: articles/s = 2 / (CPU s per article) if the parser and NER cost nothing, and if
  only the quote/reporting-verb sentences were parsed. They bound what "parse only what needs a parse" can
  give with this model: the shared tok2vec layer feeds the tagger, and the tagger's POS feeds the
  lemmatizer that every lexicon stage reads, so it runs on the whole text.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import time
import warnings
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from helpers import config

CORPUS: Path = config.SHARED_CORPORA / "russia_coverage.jsonl.gz"
OUT: Path = config.BENCHMARKS / "results" / "parse.md"
QUOTE_CHARS = frozenset('"\u201c\u201d\u2018\u2019\u00ab\u00bb')


def read_texts(n: int) -> list[str]:
    """The first ``n`` article texts of the corpus."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"][: config.MAX_PARSE_CHARS] for line in itertools.islice(handle, n)]


def component_times(nlp: Any, texts: Sequence[str], batch: int) -> tuple[dict[str, float], list[Any]]:
    """CPU ms per article of the tokenizer and of each component (run one after the other)."""
    times: dict[str, float] = {}
    t0 = time.process_time()
    docs = [nlp.make_doc(t) for t in texts]
    times["tokenizer"] = time.process_time() - t0
    for name, proc in nlp.pipeline:
        t0 = time.process_time()
        docs = list(proc.pipe(docs, batch_size=batch)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        times[name] = time.process_time() - t0
    return {k: 1000 * v / len(texts) for k, v in times.items()}, docs


def annotations(doc: Any) -> list[tuple[str, ...]]:
    """Every token's text, tag, POS, morphology, lemma and dependency label."""
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def needs_parse_shares(docs: Sequence[Any]) -> dict[str, float]:
    """Cumulative share of tokens in sentences a stage needs parsed: quote marks, + reporting verbs,
    + CAMEO verbs."""
    from helpers.events import load_cameo_verbs
    from helpers.quotes import reporting_verbs

    speech = reporting_verbs()
    cameo = frozenset(load_cameo_verbs())
    counts = {"quote mark": 0, "+ reporting verb": 0, "+ CAMEO verb": 0}
    total = 0
    for doc in docs:
        for sent in doc.sents:
            n = len(sent)
            total += n
            lemmas = {t.lemma_.lower() for t in sent}
            quote = any(t.text in QUOTE_CHARS for t in sent)
            report = quote or bool(lemmas & speech)
            event = report or bool(lemmas & cameo)
            for key, hit in zip(counts, (quote, report, event)):
                counts[key] += n if hit else 0
    return {k: v / total for k, v in counts.items()}


def learned_cost(docs: Sequence[Any]) -> dict[str, float]:
    """CPU ms per article of the learned detectors on top of the rules: the technique tagger (token
    features, CRF marginals, span labels) and the frame item models."""
    from helpers import frame_items, frames, rhetoric
    from helpers import technique_tagger as tt

    parts = []
    for doc in docs:
        rules = rhetoric.analyze_rules(doc)
        lexical = [s for s in rules.spans if s.category != "technique"]
        found = [s for s in rules.spans if s.category == "technique"]
        parts.append((doc, rules.sentences, lexical, found, frames.detect_frames_rules(doc)))
    tt.tag(*parts[0][:4])  # load the models
    frame_items.frame_model()
    out: dict[str, float] = {}
    t0 = time.process_time()
    feats = [tt.token_features(*part[:4]) for part in parts]
    out["features"] = time.process_time() - t0
    tagger = tt.crf_tagger()
    t0 = time.process_time()
    for f in feats:
        tt.inside_probabilities(tagger, f)
    out["crf"] = time.process_time() - t0
    t0 = time.process_time()
    for part in parts:
        tt.tag(*part[:4])
    out["techniques"] = time.process_time() - t0
    t0 = time.process_time()
    for part in parts:
        res = part[4]
        frame_items.predict(res.item_mass, res.n_sentences, res.generic_scores)
    out["frames"] = time.process_time() - t0
    return {k: 1000 * v / len(docs) for k, v in out.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and write ``benchmarks/results/parse.md``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=300, help="articles from the start of the corpus")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is absent: skipped")
        return 0
    from helpers.nlp import load_nlp
    from helpers.pipeline import PARSE_BATCH, analyze_article

    texts = read_texts(args.n)
    words = sum(len(t.split()) for t in texts) / len(texts)
    stock, indexed = load_nlp(indexed_attributes=False), load_nlp()
    list(stock.pipe(texts[:4])), list(indexed.pipe(texts[:4]))  # warm up both
    t_stock, docs_stock = component_times(stock, texts, PARSE_BATCH)
    t_ours, docs = component_times(indexed, texts, PARSE_BATCH)
    tokens = diff = 0
    for a, b in zip(docs_stock, docs):
        for x, y in zip(annotations(a), annotations(b)):
            tokens += 1
            diff += x != y
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analyze_article({"id": "warm", "text": texts[0]}, docs[0])
        t0 = time.process_time()
        for i, (text, doc) in enumerate(zip(texts, docs)):
            analyze_article({"id": str(i), "text": text}, doc)
        stages_ms = 1000 * (time.process_time() - t0) / len(texts)
    learned = learned_cost(docs)
    shares = needs_parse_shares(docs)
    parse_ms = sum(t_ours.values())
    free = parse_ms - t_ours.get("parser", 0.0) - t_ours.get("ner", 0.0)
    per_sentence = t_ours.get("parser", 0.0) + t_ours.get("ner", 0.0)
    quoted = free + shares["+ reporting verb"] * per_sentence
    cores = 2

    def ceiling(ms: float) -> str:
        return f"{cores * 1000 / (ms + stages_ms):.1f}"

    lines: list[str] = []
    p = lines.append
    p("## Parse cost and throughput ceilings")
    p("")
    p(f"Command: `.venv/bin/python -m benchmarks.bench_parse --n {args.n}` — "
      f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, "
      f"{os.cpu_count()} CPU cores, load average before {', '.join(f'{x:.1f}' for x in os.getloadavg())}.")
    p("")
    p(f"First {len(texts)} articles of `russia_coverage.jsonl.gz` (mean {words:,.0f} words); CPU ms per "
      f"article, one process, `nlp.pipe` batch {PARSE_BATCH}.")
    p("")
    p("| component | stock attribute ruler | indexed attribute ruler |")
    p("|---|---|---|")
    for name in t_ours:
        p(f"| {name} | {t_stock.get(name, 0):.1f} | {t_ours[name]:.1f} |")
    p(f"| **parse, all components** | **{sum(t_stock.values()):.1f}** | **{parse_ms:.1f}** |")
    p(f"| rhetoric + quotes + framing stages on the parsed doc | {stages_ms:.1f} | {stages_ms:.1f} |")
    p(f"| of which learned: technique spans (features, CRF, labels) | {learned['techniques']:.1f} | "
      f"{learned['techniques']:.1f} |")
    p(f"| of which learned: frame items and frames | {learned['frames']:.2f} | {learned['frames']:.2f} |")
    p("")
    total = learned["techniques"] + learned["frames"]
    p(f"Learned detectors: {total:.1f} ms per article, **{100 * total / parse_ms:.1f} %** of the parse "
      f"({parse_ms:.0f} ms; budget 15 %: {'met' if total <= 0.15 * parse_ms else 'missed'}). Token features "
      f"{learned['features']:.1f} ms, CRF marginals {learned['crf']:.1f} ms, span labels "
      f"{learned['techniques'] - learned['features'] - learned['crf']:.1f} ms.")
    p("")
    p(f"Same annotations: {tokens - diff:,} of {tokens:,} tokens identical (tag, POS, morphology, lemma, "
      f"dependency){' — all' if diff == 0 else f' — {diff} differ'}. The stock ruler spends its time in spaCy's "
      "generic `Matcher` testing set and regex predicates in Python; the indexed one tries only the patterns "
      "filed under a token's own lowercase form, tag and dependency (`helpers/nlp.py`).")
    p("")
    p("Share of tokens in sentences a stage needs parsed (cumulative): "
      + ", ".join(f"{k} {v:.0%}" for k, v in shares.items()) + ".")
    p("")
    p(f"Ceilings on {cores} cores (articles/s = {cores} / CPU s per article, stages included, no other "
      "overhead):")
    p("")
    p(f"- as now: **{ceiling(parse_ms)}**;")
    p(f"- parser and NER run only on the sentences with a quotation mark or a reporting verb "
      f"({shares['+ reporting verb']:.0%} of tokens; events, actors and claims would lose their parse and "
      f"entities elsewhere): {ceiling(quoted)};")
    p(f"- parser and NER cost nothing at all (tokenizer, tok2vec, tagger, attribute ruler and lemmatizer on "
      f"the whole text, {free:.0f} ms): {ceiling(free)}.")
    p("")
    p("So with `en_core_web_sm` on this machine the 20 articles/s target is out of reach of selective "
      "parsing: the shared tok2vec layer alone costs "
      f"{t_ours.get('tok2vec', 0):.0f} ms per article, and the lemmas every lexicon stage matches on need "
      "the tagger it feeds. What remains is more cores (chunks are independent) or a different model.")
    section = "\n".join(lines) + "\n"
    print(section)
    if not args.no_write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(section, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
