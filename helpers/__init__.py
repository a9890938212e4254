"""framelab: how English news coverage frames geopolitics.

One line from a notebook of your own::

    import helpers
    tables = helpers.analyze("data/raw/")          # or an article's text, or a DataFrame of articles
    tables["quotes"].head()

:func:`analyze` runs the same ingestion and per-article stages as the project's notebooks and the
``pipeline`` command, and returns the run folder's tables as DataFrames (:mod:`helpers.schema` says what
every column means).

Layers, each using only the ones below it:

- :mod:`helpers.report` (figures and HTML views), :mod:`helpers.corpus` (comparisons over a run folder);
- :mod:`helpers.pipeline` (many articles → one run folder), :mod:`helpers.notebooks` (the notebooks' side);
- :mod:`helpers.stage` (one article → its rows in every table);
- the stages: :mod:`helpers.ingest`, :mod:`helpers.rhetoric`, :mod:`helpers.quotes`, :mod:`helpers.actors`,
  :mod:`helpers.events`, :mod:`helpers.claims`, :mod:`helpers.frames`;
- the ground: :mod:`helpers.config` (paths), :mod:`helpers.schema` (tables), :mod:`helpers.runfolder`,
  :mod:`helpers.resources` (one loader for every word list and model), :mod:`helpers.nlp` (the one spaCy
  pipeline), :mod:`helpers.text` (the word count, quotation marks, the parse limit).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

__version__ = "0.2.0"


def analyze(data: Any, out: str | Path | None = None, jobs: int = 1, **options: Any) -> dict:
    """Analyse an article's text, files and folders, or a DataFrame of articles; return the run's tables.

    See :func:`helpers.pipeline.analyze` for the arguments.
    """
    from helpers.pipeline import analyze as run

    return run(data, out=out, jobs=jobs, **options)
