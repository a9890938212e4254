"""Every path the project uses, computed from this file's location.

Notebooks, tests and benchmarks import names from here and never spell a path string themselves
(cookiecutter-data-science). ``data/raw`` is read-only input; ``data/processed`` and ``reports`` are
generated and git-ignored.
"""
from __future__ import annotations

import os
from pathlib import Path

#: Project root: the folder holding ``helpers/``.
ROOT: Path = Path(__file__).resolve().parent.parent
HELPERS: Path = ROOT / "helpers"
RESOURCES: Path = HELPERS / "resources"
DATA: Path = ROOT / "data"
DATA_RAW: Path = DATA / "raw"
DATA_PROCESSED: Path = DATA / "processed"
NOTEBOOKS: Path = ROOT / "notebooks"
#: Exported reports and figures (``FRAMELAB_REPORTS`` moves them, e.g. for a test run).
REPORTS: Path = Path(os.environ.get("FRAMELAB_REPORTS", ROOT / "reports"))
FIGURES: Path = REPORTS / "figures"
TESTS: Path = ROOT / "tests"
FIXTURES: Path = TESTS / "fixtures"
BENCHMARKS: Path = ROOT / "benchmarks"

#: The run folder the notebooks write and notebook 05 reads by default (``make report``: the seed's).
RUN: Path = DATA_PROCESSED / "run"

#: The article the project was created from; the default input of every notebook.
SEED: Path = DATA_RAW / "kazakhstan_russian_influence.txt"

#: ``../shared`` beside the project (eval sets, corpora, lexicons). May be absent: benchmarks skip then.
SHARED: Path = Path(os.environ.get("FRAMELAB_SHARED", ROOT.parent / "shared"))
SHARED_EVAL: Path = SHARED / "eval"
SHARED_CORPORA: Path = SHARED / "corpora"
SHARED_LEXICONS: Path = SHARED / "lexicons"

#: Largest input file (bytes, after decompression) ingestion will load; larger files go to the ledger.
MAX_INPUT_BYTES: int = int(os.environ.get("FRAMELAB_MAX_INPUT_BYTES", 50 * 1024 * 1024))

#: Longest article text (characters) the NLP stages will parse; longer texts are truncated with a warning.
MAX_PARSE_CHARS: int = int(os.environ.get("FRAMELAB_MAX_PARSE_CHARS", 1_000_000))


def ensure_dirs() -> None:
    """Create the generated folders (``data/processed``, ``reports/figures``) if missing."""
    for path in (DATA_PROCESSED, REPORTS, FIGURES):
        path.mkdir(parents=True, exist_ok=True)
