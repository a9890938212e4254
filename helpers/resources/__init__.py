"""The one loader for every word list, dictionary and model file in ``helpers/resources/``.

Every rule list the stages use is a plain data file in this folder, with its provenance in
``README.md`` beside it (GenderGapTracker's "rules as data"). Stage modules never open these files
themselves; they call the functions here, which read each file once per process (cached) and apply
the folder's two conventions:

- **lists** (``.txt``): one entry a line; a line starting with ``#`` is a comment; blank lines are
  ignored; an entry may carry TAB-separated columns (``word<TAB>tag``);
- **tables** (``.tsv``): ``#`` comment lines first, then a header row, then one row a line, TAB-separated.

Model files (``models/``) are numbers, not code: JSON and ``.npz`` (:func:`model_json`, :func:`model_arrays`).

>>> "suggest" in word_set("hedges.txt")
True
"""
from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

#: This folder.
FOLDER: Path = Path(__file__).resolve().parent
#: Trained model files (each with a card).
MODELS: Path = FOLDER / "models"


def path(name: str) -> Path:
    """The path of a resource file, checked to exist.

    Raises:
        FileNotFoundError: naming the file when it is not in ``helpers/resources/``.
    """
    found = FOLDER / name
    if not found.is_file():
        raise FileNotFoundError(f"resource file not found: {found}")
    return found


@lru_cache(maxsize=None)
def _text(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    """The entries of a list file: stripped lines, without blank lines and ``#`` comments."""
    out = []
    for line in _text(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    """The first column of a list file, lower-cased, as a set (the usual lemma or word list)."""
    return frozenset(line.split("\t", 1)[0].strip().lower() for line in lines(name))


@lru_cache(maxsize=None)
def pairs(name: str) -> dict[str, str]:
    """A two-column list file (``key<TAB>value``) as a dict; keys lower-cased, a missing value is ``""``."""
    out: dict[str, str] = {}
    for line in lines(name):
        key, _, value = line.partition("\t")
        out[key.strip().lower()] = value.strip()
    return out


@lru_cache(maxsize=None)
def _rows(name: str) -> tuple[dict[str, str], ...]:
    body = "\n".join(line for line in _text(name).splitlines() if not line.startswith("#"))
    reader = csv.DictReader(io.StringIO(body), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple({k: (v or "") for k, v in row.items() if k is not None} for row in reader)


def table(name: str) -> list[dict[str, str]]:
    """The rows of a TSV table as dicts keyed by its header (missing cells are ``""``); a fresh list."""
    return [dict(row) for row in _rows(name)]


def frame(name: str):
    """A TSV table as a pandas DataFrame of strings (missing cells are ``""``)."""
    import pandas as pd

    rows = _rows(name)
    header = list(rows[0]) if rows else []
    return pd.DataFrame(list(rows), columns=header or None, dtype=str)


def model_path(name: str) -> Path:
    """The path of a model file in ``models/``, checked to exist."""
    return path(f"models/{name}")


@lru_cache(maxsize=None)
def model_json(name: str) -> Any:
    """A JSON model file (coefficients, vocabularies, thresholds) from ``models/``."""
    return json.loads(_text(f"models/{name}"))


def model_arrays(name: str) -> dict[str, Any]:
    """A ``.npz`` model file from ``models/`` as a dict of NumPy arrays (loaded without pickle)."""
    import numpy as np

    with np.load(model_path(name), allow_pickle=False) as data:
        return {key: data[key] for key in data.files}
