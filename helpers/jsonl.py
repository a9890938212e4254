"""Reading and writing the stage commands' JSON Lines files (plain or ``.gz``)."""
from __future__ import annotations

import gzip
import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BadLine:
    """A line of a JSONL file that could not be used, with the reason."""

    path: str
    line: int
    reason: str


def open_text(path: str | Path, mode: str = "rt") -> io.TextIOBase:
    """Open a text file for reading or writing, through gzip when the name ends in ``.gz``."""
    path = Path(path)
    if path.suffix == ".gz":
        return gzip.open(path, mode, encoding="utf-8")  # type: ignore[return-value]
    return open(path, mode, encoding="utf-8")


def read_records(path: str | Path, bad: list[BadLine] | None = None) -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of a JSONL file, one per line.

    A line that is not a JSON object with a string ``text`` is skipped, logged with its line number,
    and appended to ``bad`` when given; it never stops the rest of the file. A record without ``id``
    gets its 1-based line number as id.
    """
    with open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                reason = f"invalid JSON: {exc.msg}"
            except RecursionError:
                reason = "JSON nested too deeply"
            else:
                if not isinstance(record, dict):
                    reason = "not a JSON object"
                elif not isinstance(record.get("text"), str):
                    reason = "no string 'text' field"
                else:
                    record.setdefault("id", str(number))
                    yield record
                    continue
            log.warning("%s line %d skipped: %s", path, number, reason)
            if bad is not None:
                bad.append(BadLine(str(path), number, reason))


def write_records(path: str | Path, records: Iterable[dict[str, Any]]) -> int:
    """Write records as JSON Lines (UTF-8, one object a line); return how many were written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open_text(path, "wt") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
