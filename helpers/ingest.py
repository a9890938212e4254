"""Ingestion: files, folders, feeds and exports -> one clean article table plus a ledger of rejects.

Inputs (files or folders, searched recursively; any of them may be gzip-compressed as ``NAME.EXT.gz``):

* plain text (``.txt``, ``.md``): a title line is detected when the file starts with one (a short first
  line without a final period, followed by a blank line or a paragraph), boilerplate lines removed;
* HTML (``.html``, ``.htm``): main text and metadata by trafilatura with precision-oriented settings
  (Barbaresi 2021, "Trafilatura: a web scraping library and command-line tool for text discovery and
  extraction", ACL demos);
* RSS/Atom feeds (``.rss``, ``.atom``, ``.xml`` or sniffed): one article per entry, parsed by feedparser
  from bytes;
* CSV (``.csv``, ``.tsv``) and JSON Lines (``.jsonl``, ``.ndjson``, ``.json``) exports: the text column is
  found by name (:data:`FIELD_NAMES`), as are title, url, date, byline, source, id, bias and topic.

Every input that cannot be used goes to the ledger with a human reason (empty, binary, undecodable,
too large, malformed feed, no text column, empty text...). Nothing raised by one bad file stops the rest.

Text is decoded from its byte-order mark, else UTF-8, else by detection (charset-normalizer); it is stored
as plain text (markup stripped, entities unescaped once). Language: py3langid (Lui & Baldwin 2012,
"langid.py: an off-the-shelf language identification tool"). Dates: ISO 8601 through dateutil, impossible
ones become null. Duplicates: exact (hash of the normalised words) and near (MinHash LSH on word
5-shingles, Jaccard >= 0.8; Broder 1997, "On the resemblance and containment of documents") share a
cluster id, the id of the cluster's first article; every row is kept.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import html as html_lib
import io
import json
import logging
import re
import time
import unicodedata
import zlib
from dataclasses import asdict, dataclass, field
from datetime import date as date_type
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Sequence

import numpy as np
import pandas as pd
from dateutil import parser as date_parser

from helpers import config, schema
from helpers.runfolder import RunFolder
from helpers.text import count_words

log = logging.getLogger(__name__)

#: Columns of the article table, in order (:mod:`helpers.schema`).
ARTICLE_COLUMNS: list[str] = schema.TABLES["articles"].names
#: Columns of the ledger of rejected inputs.
REJECTED_COLUMNS: list[str] = list(schema.REJECTED_COLUMNS)

#: Record field names (normalised: lower case, non-alphanumerics as ``_``) tried in order, per field.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "article_text", "articlebody",
             "article_body", "body_text", "main_text", "maintext", "story", "story_text", "text_body",
             "raw_text", "document", "contents"),
    "title": ("title", "headline", "heading", "head", "name", "subject"),
    "url": ("url", "link", "href", "uri", "permalink", "article_url", "web_url"),
    "date": ("date", "published", "published_at", "publish_date", "publication_date", "pub_date", "pubdate",
             "date_published", "datetime", "timestamp", "created_at", "created", "time", "date_raw"),
    "byline": ("byline", "author", "authors", "by", "creator", "writer"),
    "source": ("source", "publisher", "outlet", "source_name", "site", "site_name", "sitename", "publication",
               "domain", "media", "newspaper"),
    "id": ("id", "article_id", "doc_id", "uuid", "guid", "_id"),
    "topic": ("topic", "category", "section"),
}
#: Political bias labels kept from a ``bias_text`` or ``bias`` field.
BIAS_LABELS: frozenset[str] = frozenset({"left", "center", "right"})

SUFFIX_KINDS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "xml",
    ".csv": "csv", ".tsv": "csv",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
}

#: Magic numbers of common binary formats, for a clear ledger reason.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF document"), (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"), (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"), (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "executable"), (b"SQLite format 3", "SQLite database"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"), (b"BZh", "bzip2 data"), (b"\xfd7zXZ", "xz data"),
    (b"RIFF", "RIFF media"), (b"ID3", "MP3 audio"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)
_HEAD_BYTES = 64 * 1024
#: Single-byte encodings preferred when charset-normalizer finds them as plausible as its best guess.
_WESTERN: tuple[str, ...] = ("cp1252", "latin_1", "iso8859_15")
_TAG_RE = re.compile(
    r"<\s*/?\s*(p|div|br|hr|span|a|b|i|u|em|strong|ul|ol|li|h[1-6]|img|table|tr|td|th|blockquote|figure|"
    r"figcaption|section|article|header|footer|nav|aside|script|style|iframe|html|body|head|meta|link|"
    r"font|center|small|sup|sub|time|picture|source|video|svg)\b[^<>]*>",
    re.IGNORECASE,
)
_ENTITY_RE = re.compile(r"&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_BLOCK_TAGS = frozenset("p div br hr li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article header "
                        "footer figure figcaption pre dd dt dl aside nav".split())
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WORD_RE = re.compile(r"\w+", re.UNICODE)
#: Texts whose non-space characters are less than this share of letters are not prose (symbol junk,
#: number dumps); news prose is above 0.75, a results table around 0.5.
_MIN_LETTER_SHARE = 0.3
_DATE_HINT_RE = re.compile(r"\d{4}|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")


# --------------------------------------------------------------------------------------------------
# Results


@dataclass
class CleanText:
    """A text document after cleaning.

    Attributes:
        title: the detected title line, or None.
        text: the body as plain text (paragraphs separated by newlines).
        byline: an author line ("By ...") found right after the title, or None.
        removed: the boilerplate lines that were removed, in order.
    """

    title: str | None
    text: str
    byline: str | None = None
    removed: tuple[str, ...] = ()


@dataclass
class Article:
    """One ingested article (a row of the article table, without ``dup_cluster``)."""

    id: str
    source_path: str
    kind: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    byline: str | None = None
    date: str | None = None
    language: str | None = None
    n_words: int = 0
    bias: str | None = None
    topic: str | None = None
    extra: dict[str, Any] | None = None


@dataclass
class Rejected:
    """An input (file or record) that was not ingested, with a human-readable reason."""

    source_path: str
    reason: str
    article_id: str | None = None


@dataclass
class IngestResult:
    """The article table and the ledger of rejected inputs.

    Attributes:
        articles: one row per article, columns :data:`ARTICLE_COLUMNS`.
        rejected: one row per rejected file or record, columns ``source_path``, ``reason``.
    """

    articles: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECTED_COLUMNS))


class InputError(Exception):
    """An input that cannot be used; the message is the ledger reason."""


# --------------------------------------------------------------------------------------------------
# Boilerplate lexicon and text cleaning


@dataclass(frozen=True)
class Boilerplate:
    """The boilerplate lexicon: exact normalised lines and whole-line regular expressions."""

    exact: frozenset[str]
    pattern: re.Pattern[str] | None
    inline: re.Pattern[str] | None = None

    def strip_inline(self, line: str) -> tuple[str, list[str]]:
        """Remove page furniture that sits inside a line (a photo gallery's captions, a name pop-up);
        returns the line without it and the removed segments."""
        if self.inline is None:
            return line, []
        removed = [m.group(0) for m in self.inline.finditer(line)]
        if not removed:
            return line, []
        # a pattern's group named "keep" is text of the article inside the match (a name before a pop-up)
        kept = self.inline.sub(lambda m: (m.groupdict().get("keep") or ""), line)
        return re.sub(r"[ \t]{2,}", " ", kept).strip(), removed

    def matches(self, line: str) -> bool:
        """True when ``line`` (raw) is a boilerplate line."""
        if len(line) > _MAX_BOILERPLATE_CHARS:
            return False  # every entry and pattern is bounded: a long line is a paragraph
        key = _line_key(line)
        if not key:
            return bool(line.strip())  # a line of punctuation only (separators such as "___" or "***")
        if key.count(" ") >= 30:
            return False
        if key in self.exact:
            return True
        return bool(self.pattern and self.pattern.fullmatch(key))


_KEY_TRIM = " \t:.…-–—|•*>»«·_=~#"
#: Longest line compared with the lexicon (30 words of news prose stay well under it).
_MAX_BOILERPLATE_CHARS = 400


def _line_key(line: str) -> str:
    """Normalise a line for lexicon lookup: lower case, single spaces, surrounding punctuation trimmed."""
    return " ".join(line.split()).strip(_KEY_TRIM).casefold()


@lru_cache(maxsize=4)
def load_boilerplate(path: Path | None = None) -> Boilerplate:
    """Load the boilerplate lexicon (default ``helpers/resources/boilerplate.txt``).

    Raises:
        re.error: if a ``re:`` line is not a valid regular expression.
    """
    path = path or config.RESOURCES / "boilerplate.txt"
    exact: set[str] = set()
    patterns: list[str] = []
    inline: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("re:", "inline:")):
            kind, _, expr = line.partition(":")
            re.compile(expr)  # fail early, naming the bad pattern
            (patterns if kind == "re" else inline).append(f"(?:{expr})")
        else:
            exact.add(_line_key(line))
    pattern = re.compile("|".join(patterns)) if patterns else None
    return Boilerplate(frozenset(exact), pattern, re.compile("|".join(inline)) if inline else None)


def normalise_text(text: str) -> str:
    """Normalise line breaks, Unicode (NFC), spaces and blank lines; remove control characters.

    Paragraph structure is kept: single newlines stay, runs of blank lines become one blank line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL_RE.sub("", text).replace("\u00a0", " ").replace("\t", " ")
    lines = [line.strip() for line in re.sub(r" {2,}", " ", text).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def to_plain_text(text: str) -> str:
    """Return ``text`` as plain text: markup converted to text (entities decoded by the HTML parser) when
    it contains HTML tags, otherwise entities unescaped once with :func:`html.unescape`."""
    if _TAG_RE.search(text):
        return html_fragment_to_text(text)
    if _ENTITY_RE.search(text):
        return html_lib.unescape(text)
    return text


def html_fragment_to_text(markup: str) -> str:
    """Convert an HTML fragment (feed entry content, a CSV cell) to plain text with lxml.

    Scripts, styles and comments are dropped; block elements and ``<br>`` become line breaks (one
    paragraph a line, as trafilatura writes them); character references are decoded once by the parser.
    """
    import lxml.html
    from lxml import etree

    if not markup.strip():
        return ""
    try:
        root = lxml.html.fromstring(markup)
    except (etree.ParserError, ValueError):
        return html_lib.unescape(_TAG_RE.sub(" ", markup))
    for bad in root.xpath("//script|//style|//noscript|//template|//iframe"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    return re.sub(r"\n{2,}", "\n", normalise_text(root.text_content()))


_BYLINE_RE = re.compile(r"^(?:[Bb]y|[Ww]ritten by)\s+([A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|de|van|von|al))"
                        r"{0,6})\s*(?:[,|–—-].{0,80})?$")


def _is_title_line(line: str, rest: list[str]) -> bool:
    """A title line: short, starts like a heading, no final period/colon/comma, and followed by a blank
    line or by a paragraph (a clearly longer line)."""
    words = line.split()
    if not 1 <= len(words) <= 25 or len(line) > 200:
        return False
    if line[-1] in ".:;,":
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘«"):
        return False
    if not any(r.strip() for r in rest):
        return False  # nothing but the candidate: it is the text, not a title
    nxt = rest[0].strip()
    if not nxt:
        return True
    return len(nxt) >= 2 * len(line) and len(nxt.split()) >= 20 and nxt[-1] in ".!?\"'”’)"


def clean_text_document(raw: str, detect_title: bool = True, lexicon: Boilerplate | None = None) -> CleanText:
    """Clean a plain-text article: normalise, remove boilerplate lines, detect a title line and byline.

    Args:
        raw: the decoded text (markup, if any, is converted to text first; entities unescaped once).
        detect_title: look for a title in the first line (off for records that carry their own title).
        lexicon: the boilerplate lexicon (default: :func:`load_boilerplate`).

    Returns:
        A :class:`CleanText`; ``text`` may be empty when nothing but boilerplate was there.

    Method: furniture inside a line (``inline:`` patterns: photo-gallery captions, name pop-ups) is cut out
    first; then a line of at most 30 words is removed when it matches the lexicon (exact or whole-line
    pattern). The first remaining line is the title when it is short (<= 25 words, <= 200 characters),
    starts with a capital, digit or quote, does not end with ``. : ; ,`` and is followed by a blank line or
    a paragraph at least twice its length. A Markdown ``# `` heading prefix is removed from the title.
    """
    lexicon = lexicon or load_boilerplate()
    text = normalise_text(to_plain_text(raw))
    kept: list[str] = []
    removed: list[str] = []
    for line in text.split("\n"):
        line, segments = lexicon.strip_inline(line)
        removed.extend(segments)
        if segments and not line:
            continue  # the whole line was furniture
        if line and lexicon.matches(line):
            removed.append(line)
        else:
            kept.append(line)
    while kept and not kept[0]:
        kept.pop(0)
    title: str | None = None
    byline: str | None = None
    if detect_title and kept:
        first = re.sub(r"^#{1,6}\s+", "", kept[0]).strip()
        if first and _is_title_line(first, kept[1:]):
            title = first
            kept = kept[1:]
            # A "By Jane Doe" line among the next two non-blank lines is the byline.
            nonblank = [i for i, line in enumerate(kept) if line][:2]
            for i in nonblank:
                match = _BYLINE_RE.match(kept[i])
                if match and len(kept[i].split()) <= 12:
                    byline = match.group(1).strip()
                    del kept[i]
                    break
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return CleanText(title=title, text=body, byline=byline, removed=tuple(removed))


# --------------------------------------------------------------------------------------------------
# Small normalisers


def parse_date(value: Any) -> str | None:
    """Normalise a date to ISO 8601, or None when missing, unparseable or impossible.

    Accepts strings (any format dateutil understands), ``datetime``/``date``, ``time.struct_time`` and
    epoch seconds. A value with a time of day or a time zone keeps it (``2019-03-01T10:00:00+00:00``);
    otherwise only the date is given (``2019-03-01``). Years before 1800 or after next year are rejected
    as impossible, as are day/month overflows such as 2019-02-30.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    try:
        if isinstance(value, time.struct_time):
            parsed: datetime | date_type = datetime(*value[:6])
        elif isinstance(value, (datetime, date_type)):
            parsed = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if not 0 < value < 1e11:
                return None
            parsed = datetime.fromtimestamp(value, tz=timezone.utc)
        else:
            text = str(value).strip()
            if not text or len(text) > 100 or not _DATE_HINT_RE.search(text):
                return None  # no year: dateutil would fill it in from a default
            parsed = date_parser.parse(text, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError, TypeError, date_parser.ParserError):
        return None
    if not 1800 <= parsed.year <= datetime.now().year + 1:
        return None
    if isinstance(parsed, datetime):
        if parsed.tzinfo is not None or (parsed.hour, parsed.minute, parsed.second) != (0, 0, 0):
            return parsed.isoformat()
        return parsed.date().isoformat()
    return parsed.isoformat()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language by py3langid on the first 1,000 characters (a news paragraph
    is identified reliably from far less, and the cost grows linearly with length), None when the text
    has fewer than 3 words."""
    if len(text.split()) < 3:
        return None
    import py3langid

    return py3langid.classify(text[:1000])[0]


def display_path(path: str | Path) -> str:
    """How an input file is named in the tables: relative to the project root when inside it (the same
    on every machine), else the absolute path."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(config.ROOT).as_posix()
    except ValueError:
        return str(resolved)


def make_id(source_path: str | Path, index: int, text: str) -> str:
    """A stable article id: 16 hex digits of SHA-1 over the file name, the record index and the text
    (the same input gives the same id on any machine and run)."""
    key = f"{Path(str(source_path)).name}\x00{index}\x00{text}".encode("utf-8", "surrogatepass")
    return hashlib.sha1(key).hexdigest()[:16]


def _clean_str(value: Any) -> str | None:
    """A trimmed plain-text string, or None for missing/empty values."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, dict):
        value = next((value[k] for k in ("name", "title", "value", "href") if value.get(k)), None)
        if value is None:
            return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(_clean_str(v) or "") for v in value if v)
    text = normalise_text(to_plain_text(str(value)))
    text = re.sub(r"\s*\n\s*", " ", text)
    return text or None


@lru_cache(maxsize=4096)
def _norm_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


def find_field(keys: Iterable[str], field_name: str) -> str | None:
    """Return the first key (original spelling) naming ``field_name`` per :data:`FIELD_NAMES`, or None."""
    by_norm: dict[str, str] = {}
    for key in keys:
        by_norm.setdefault(_norm_key(key), key)
    for candidate in FIELD_NAMES[field_name]:
        if candidate in by_norm:
            return by_norm[candidate]
    return None


#: Fields that may carry a bias label (read by :func:`_bias`; not kept as extra columns).
_BIAS_KEYS: tuple[str, ...] = ("bias_text", "bias", "political_bias", "leaning")


def _bias(record: dict[str, Any]) -> str | None:
    for key in _BIAS_KEYS:
        value = record.get(key)
        if isinstance(value, str) and value.strip().lower() in BIAS_LABELS:
            return value.strip().lower()
    return None


# --------------------------------------------------------------------------------------------------
# Bytes: reading with a limit, binary sniffing, decoding


def _inner_name(path: Path) -> str:
    """The file name without a final ``.gz`` (the name whose suffix says the format)."""
    return path.name[:-3] if path.name.lower().endswith(".gz") else path.name


def _open_binary(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Read a file's bytes (decompressed for ``.gz``), refusing more than ``max_bytes``.

    Raises:
        InputError: too large (checked from the file size before reading, and while decompressing), or
            corrupt gzip data.
    """
    if not path.name.lower().endswith(".gz"):
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"file too large: {size:,} bytes > limit {max_bytes:,}")
        return path.read_bytes()
    chunks: list[bytes] = []
    total = 0
    try:
        with gzip.open(path, "rb") as handle:
            while True:
                chunk = handle.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    raise InputError(f"file too large: more than {max_bytes:,} bytes after decompression")
                chunks.append(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"corrupt gzip file: {exc}") from exc
    return b"".join(chunks)


def _read_head(path: Path, n: int = _HEAD_BYTES) -> bytes:
    try:
        with _open_binary(path) as handle:
            return handle.read(n)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"corrupt gzip file: {exc}") from exc


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` (a file's first bytes) looks binary, or None when it may be text."""
    if _bom_encoding(data) in ("utf-16", "utf-32"):
        return None
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return f"binary file ({name})"
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary file (NUL bytes)"
    if sample:
        controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
        if controls / len(sample) > 0.05:
            return "binary file (control bytes)"
    return None


def _meta_charset(data: bytes) -> str | None:
    match = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", data[:4096], re.IGNORECASE)
    return match.group(1).decode("ascii") if match else None


def detect_encoding(data: bytes, declared: str | None = None) -> str:
    """Choose the encoding of ``data``: byte-order mark, else UTF-8 if it decodes, else the declared
    charset if it decodes, else charset-normalizer's best guess.

    Raises:
        InputError: binary data, or no encoding fits.
    """
    bom = _bom_encoding(data)
    if bom:
        return bom
    reason = binary_reason(data)
    if reason:
        raise InputError(reason)
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"  # a multi-byte character cut at the end of a sample
    if declared:
        try:
            data.decode(declared)
            return declared
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        raise InputError("undecodable text: no character encoding fits")
    # Short Western-European texts fit many single-byte code pages equally well; charset-normalizer may
    # then name a rare one (cp775, cp1250). Prefer the Western one when it fits as well.
    for match in matches:
        if match.chaos <= best.chaos + 0.01:
            for encoding in _WESTERN:
                if encoding in match.could_be_from_charset or match.encoding == encoding:
                    try:
                        data.decode(encoding)
                    except UnicodeDecodeError:
                        continue
                    return encoding
    return best.encoding


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a whole file's bytes to text (see :func:`detect_encoding`).

    Raises:
        InputError: empty, binary or undecodable.
    """
    if not data.strip():
        raise InputError("empty file")
    encoding = detect_encoding(data, declared)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"undecodable text as {encoding}: {exc}") from exc


def sniff_kind(name: str, head: bytes) -> str:
    """The input format (``text``, ``html``, ``feed``, ``csv``, ``jsonl``, ``json``) from the file name,
    or for ``.xml`` and unknown suffixes from the first bytes.

    Raises:
        InputError: a binary file, or XML that is neither a feed nor HTML.
    """
    suffix = Path(name).suffix.lower()
    kind = SUFFIX_KINDS.get(suffix)
    if kind not in (None, "xml"):
        return kind
    reason = binary_reason(head)
    if reason:
        raise InputError(reason)
    encoding = _bom_encoding(head) or "utf-8"
    start = head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")[:2048].lower()
    if start.startswith("<"):
        if re.search(r"<(rss|feed|rdf:rdf)\b", start):
            return "feed"
        if re.search(r"<(!doctype html|html|head|body)\b", start):
            return "html"
        if kind == "xml":
            raise InputError("XML that is neither an RSS/Atom feed nor HTML")
        return "html"
    if kind == "xml":
        raise InputError("not XML: a .xml file that does not start with a tag")
    if start.startswith("{"):
        return "jsonl"
    if start.startswith("["):
        return "json"
    return "text"


# --------------------------------------------------------------------------------------------------
# Per-format readers. Each yields Article | Rejected, raising InputError for a file-level problem.


def _finish(source_path: str, kind: str, index: int, text: str, *, title: str | None = None,
            source: str | None = None, url: str | None = None, byline: str | None = None,
            date: Any = None, record_id: Any = None, bias: str | None = None, topic: Any = None,
            detect_title: bool = False, where: str = "", extra: dict[str, Any] | None = None) -> Article | Rejected:
    """Clean a text body and build the Article (or a Rejected for an empty text)."""
    cleaned = clean_text_document(text, detect_title=detect_title)
    if not cleaned.text:
        what = "only boilerplate" if cleaned.removed else "empty text"
        return Rejected(source_path, f"{where}{what}")
    body = cleaned.text
    visible = "".join(body[:2000].split())  # a sample is enough, and keeps this cheap
    if sum(map(str.isalpha, visible)) < _MIN_LETTER_SHARE * len(visible):
        return Rejected(source_path, f"{where}no readable prose (under {_MIN_LETTER_SHARE:.0%} letters)")
    title = _clean_str(title) or cleaned.title
    if title:
        # Drop a first line that repeats the title (HTML <h1>, exports that prepend the headline).
        first, _, rest = body.partition("\n")
        if first.strip().casefold() == title.casefold() and rest.strip():
            body = rest.strip()
    rid = _clean_str(record_id)
    return Article(
        id=rid or make_id(source_path, index, body),
        source_path=source_path, kind=kind, text=body,
        title=title,
        source=_clean_str(source), url=_clean_str(url),
        byline=_clean_str(byline) or cleaned.byline,
        date=parse_date(date), language=detect_language(body),
        n_words=count_words(body), bias=bias, topic=_clean_str(topic), extra=extra or None,
    )


def _read_text(path: Path, source_path: str, max_bytes: int) -> Iterator[Article | Rejected]:
    raw = decode_bytes(read_limited(path, max_bytes))
    yield _finish(source_path, "text", 0, raw, detect_title=True)


@dataclass
class HtmlExtract:
    """What :func:`extract_html` finds in a page: plain-text body and metadata (None when absent)."""

    text: str
    title: str | None = None
    byline: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None


def extract_html(page: str | bytes, url: str | None = None) -> HtmlExtract:
    """Extract an article's main text and metadata from an HTML page with trafilatura.

    Settings: ``favor_precision=True`` (drop doubtful blocks), no comments, tables kept, metadata on.
    This is the code path both ingestion and the body-extraction benchmark use.

    Returns:
        An :class:`HtmlExtract`; ``text`` is "" when nothing was extracted.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(page, url=url, favor_precision=True, include_comments=False,
                                      include_tables=True, with_metadata=True)
    if doc is None:
        return HtmlExtract(text="")
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    return HtmlExtract(text=get("text") or "", title=get("title"), byline=get("author"),
                       date=get("date"), url=get("url"), source=get("sitename") or get("hostname"))


_LIST_ITEM_RE = re.compile(r"^[-•*·]\s+\S")


def trim_link_list(text: str, min_items: int = 2) -> str:
    """Remove a trailing run of at least ``min_items`` short list items without final punctuation
    ("- Photos: Europa, Mysterious Icy Moon"): the related-article lists that page extractors keep at
    the end of a body. Items ending like a sentence (``. ! ?`` or a closing quote) are kept."""
    lines = text.rstrip().split("\n")
    end = len(lines)
    while end > 0:
        line = lines[end - 1].strip()
        if not line:
            end -= 1
            continue
        if _LIST_ITEM_RE.match(line) and len(line.split()) <= 16 and line[-1] not in ".!?\"”’":
            end -= 1
            continue
        break
    removed = [line for line in lines[end:] if line.strip()]
    if len(removed) < min_items:
        return text
    return "\n".join(lines[:end]).rstrip()


def html_to_article(page: str | bytes, source_path: str = "<html>", index: int = 0) -> Article | Rejected:
    """One HTML page to an Article: :func:`extract_html`, then the same cleaning as every input
    (a trailing related-links list, boilerplate lines, a first line repeating the title, language,
    date). Ingestion and the
    body-extraction benchmark both call this.

    Returns:
        An :class:`Article`, or a :class:`Rejected` when no article text was found.
    """
    found = extract_html(page)
    if not found.text.strip():
        return Rejected(source_path, "no article text found in the HTML page")
    return _finish(source_path, "html", index, trim_link_list(found.text), title=found.title, source=found.source,
                   url=found.url, byline=found.byline, date=found.date)


def _read_html(path: Path, source_path: str, max_bytes: int) -> Iterator[Article | Rejected]:
    data = read_limited(path, max_bytes)
    yield html_to_article(decode_bytes(data, declared=_meta_charset(data)), source_path)


def _read_feed(path: Path, source_path: str, max_bytes: int) -> Iterator[Article | Rejected]:
    import feedparser

    data = read_limited(path, max_bytes)
    if not data.strip():
        raise InputError("empty file")
    reason = binary_reason(data)
    if reason:
        raise InputError(reason)
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise InputError(f"malformed feed: {parsed.get('bozo_exception')}")
        raise InputError("feed has no entries")
    feed_title = parsed.get("feed", {}).get("title")
    for index, entry in enumerate(entries):
        contents = entry.get("content") or []
        body = max((c.get("value", "") for c in contents), key=len, default="") or entry.get("summary", "")
        body = html_fragment_to_text(body) if _TAG_RE.search(body) else html_lib.unescape(body)
        date = entry.get("published") or entry.get("updated") or entry.get("created")
        date_iso = parse_date(date) or parse_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        yield _finish(source_path, "feed", index, body, title=entry.get("title"), source=feed_title,
                      url=entry.get("link"), byline=entry.get("author"), date=date_iso,
                      record_id=None, where=f"entry {index + 1}: ")


def record_to_article(record: dict[str, Any], source_path: str, index: int, kind: str = "jsonl",
                      where: str = "") -> Article | Rejected:
    """Map one export record (a JSON object or CSV row) to an Article, finding fields by name.

    Args:
        record: the record; field names are matched per :data:`FIELD_NAMES` (case and punctuation
            insensitive). A record's own ``id`` is kept as the article id.
        source_path: the file it came from (for the ledger and the id).
        index: its 0-based position in the file.
        kind: the input format, stored in the ``kind`` column.
        where: a prefix for ledger reasons (``"line 7: "``).

    Returns:
        An :class:`Article`, or a :class:`Rejected` when no text field exists or the text is empty.
    """
    keys = list(record.keys())
    text_key = find_field(keys, "text")
    if text_key is None:
        return Rejected(source_path, f"{where}no text field (looked for {', '.join(FIELD_NAMES['text'][:6])}, ...; "
                                     f"found {', '.join(map(str, keys[:12]))})")
    text = record.get(text_key)
    if isinstance(text, list):
        text = "\n".join(str(part) for part in text if part)
    if not isinstance(text, str):
        text = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)

    def pick(name: str) -> Any:
        key = find_field(keys, name)
        return record.get(key) if key is not None else None

    date = pick("date")
    used = {text_key, *(find_field(keys, name) for name in FIELD_NAMES), *_BIAS_KEYS}
    if not date and "date_raw" in record:
        date = record.get("date_raw")
        used.add("date_raw")
    extra = {str(k): v for k, v in record.items() if k not in used and v is not None and v != ""}
    return _finish(source_path, kind, index, text, title=pick("title"), source=pick("source"),
                   url=pick("url"), byline=pick("byline"), date=date, record_id=pick("id"),
                   bias=_bias(record), topic=pick("topic"), detect_title=pick("title") is None, where=where,
                   extra=extra)


def records_to_articles(records: Iterable[dict[str, Any]], source_path: str = "<records>",
                        kind: str = "jsonl") -> Iterator[Article | Rejected]:
    """Map corpus records (e.g. from :func:`helpers.jsonl.read_records`) to Articles or Rejecteds."""
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            yield Rejected(source_path, f"record {index + 1}: not an object")
            continue
        yield record_to_article(record, source_path, index, kind, where=f"record {index + 1}: ")


def _text_stream(path: Path) -> IO[str]:
    """Open a (possibly gzipped) file as a text stream in its detected encoding (from its first 64 KB).

    Raises:
        InputError: empty, binary or undecodable.
    """
    head = _read_head(path)
    if not head.strip():
        raise InputError("empty file")
    encoding = detect_encoding(head)
    return io.TextIOWrapper(_open_binary(path), encoding=encoding, newline="")


def _read_jsonl(path: Path, source_path: str, max_bytes: int) -> Iterator[Article | Rejected]:
    produced = False
    with _text_stream(path) as handle:
        number = 0
        index = 0
        while True:
            try:
                line = handle.readline(max_bytes + 1)
            except UnicodeDecodeError as exc:
                raise InputError(f"undecodable text after line {number}: {exc.reason}") from exc
            if not line:
                break
            number += 1
            if len(line) > max_bytes:
                yield Rejected(source_path,
                               f"line {number}: record longer than the size limit ({max_bytes:,} characters)")
                while line and not line.endswith("\n"):  # skip the rest of the line
                    line = handle.readline(1 << 20)
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except RecursionError:
                yield Rejected(source_path, f"line {number}: JSON nested too deeply")
                continue
            except json.JSONDecodeError as exc:
                if number == 1 and index == 0:
                    # Maybe a pretty-printed JSON document rather than JSON Lines.
                    handle.close()
                    yield from _read_json(path, source_path, max_bytes)
                    return
                yield Rejected(source_path, f"line {number}: invalid JSON ({exc.msg}, column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield Rejected(source_path, f"line {number}: not a JSON object")
                continue
            produced = True
            yield record_to_article(record, source_path, index, "jsonl", where=f"line {number}: ")
            index += 1
    if not produced and number == 0:
        raise InputError("empty file")


def _read_json(path: Path, source_path: str, max_bytes: int) -> Iterator[Article | Rejected]:
    text = decode_bytes(read_limited(path, max_bytes))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # One object per line after all?
        if text.lstrip().startswith("{") and "\n" in text.strip():
            for index, line in enumerate(text.splitlines()):
                if line.strip():
                    try:
                        obj = json.loads(line)
                    except RecursionError:
                        yield Rejected(source_path, f"line {index + 1}: JSON nested too deeply")
                        continue
                    except json.JSONDecodeError as err:
                        yield Rejected(source_path, f"line {index + 1}: invalid JSON ({err.msg})")
                        continue
                    if isinstance(obj, dict):
                        yield record_to_article(obj, source_path, index, "jsonl", where=f"line {index + 1}: ")
            return
        raise InputError(f"invalid JSON: {exc.msg} at line {exc.lineno}") from exc
    if isinstance(data, dict):
        lists = [v for k, v in data.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
        data = lists[0] if lists and find_field(data.keys(), "text") is None else [data]
    if not isinstance(data, list):
        raise InputError("JSON is neither an object nor a list of objects")
    if not data:
        raise InputError("JSON list is empty")
    yield from records_to_articles(data, source_path, "json")


def _csv_dialect(head_text: str, tab: bool = False) -> Any:
    """The CSV dialect: tab for ``.tsv``; otherwise the delimiter (``, ; tab |``) under which the header
    names a text column, else csv.Sniffer's guess, else the excel dialect."""
    if tab:
        return csv.excel_tab
    first = head_text.lstrip("\ufeff").split("\n", 1)[0]
    for delimiter in (",", "\t", ";", "|"):
        if delimiter in first:
            header = next(csv.reader([first], delimiter=delimiter))
            if find_field(header, "text") is not None:
                return type("Dialect", (csv.excel,), {"delimiter": delimiter})
    try:
        return csv.Sniffer().sniff("\n".join(head_text.split("\n")[:20]), delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _read_csv(path: Path, source_path: str, max_bytes: int) -> Iterator[Article | Rejected]:
    head = _read_head(path)
    if not head.strip():
        raise InputError("empty file")
    head_text = head.decode(detect_encoding(head), errors="ignore")[:16384]
    dialect = _csv_dialect(head_text, tab=Path(_inner_name(path)).suffix.lower() == ".tsv")
    csv.field_size_limit(max(max_bytes, 131072))
    with _text_stream(path) as handle:
        reader = csv.reader(handle, dialect)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError("empty file") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"malformed CSV header: {exc}") from exc
        header = [h.strip().lstrip("\ufeff") for h in header]
        if find_field(header, "text") is None:
            raise InputError(f"CSV has no text column (looked for {', '.join(FIELD_NAMES['text'][:8])}, ...; "
                             f"columns are {', '.join(header[:15])})")
        index = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield Rejected(source_path, f"line {reader.line_num}: malformed CSV ({exc})")
                continue
            except UnicodeDecodeError as exc:
                raise InputError(f"undecodable text after line {reader.line_num}: {exc.reason}") from exc
            if not any(cell.strip() for cell in row):
                continue
            where = f"row {index + 1}: "
            if sum(len(c) for c in row) > max_bytes:
                yield Rejected(source_path, f"{where}record longer than the size limit ({max_bytes:,} characters)")
            elif len(row) != len(header):
                yield Rejected(source_path, f"{where}{len(row)} cells for {len(header)} columns")
            else:
                yield record_to_article(dict(zip(header, row)), source_path, index, "csv", where=where)
            index += 1
    if index == 0:
        raise InputError("CSV has a header but no rows")


_READERS = {"text": _read_text, "html": _read_html, "feed": _read_feed, "csv": _read_csv,
            "jsonl": _read_jsonl, "json": _read_json}


def ingest_file(path: str | Path, max_bytes: int = config.MAX_INPUT_BYTES) -> Iterator[Article | Rejected]:
    """Ingest one file: yield its articles and its rejected records; a file-level problem yields one
    :class:`Rejected` (never raises).

    Size limit: text, HTML, feed and JSON documents are refused above ``max_bytes`` (from the file size
    before reading; while decompressing for ``.gz``). CSV and JSON Lines are streamed record by record, so
    the limit applies to each record (bounded memory for corpora of any size).
    """
    path = Path(path)
    source_path = display_path(path)
    try:
        if not path.exists():
            raise InputError("no such file or directory")
        if not path.is_file():
            raise InputError("not a regular file")
        if path.stat().st_size == 0:
            raise InputError("empty file")
        head = _read_head(path, 8192)
        if not head.strip():
            raise InputError("empty file")
        kind = sniff_kind(_inner_name(path), head)
        reason = binary_reason(head)
        if reason:
            raise InputError(reason)
        yield from _READERS[kind](path, source_path, max_bytes)
    except InputError as exc:
        yield Rejected(source_path, str(exc))
    except OSError as exc:
        yield Rejected(source_path, f"cannot read file: {exc.strerror or exc}")
    except Exception as exc:  # one bad file never stops the rest
        log.exception("unexpected error reading %s", source_path)
        yield Rejected(source_path, f"unexpected error: {type(exc).__name__}: {exc}")


def expand_paths(paths: Sequence[str | Path]) -> Iterator[Path]:
    """Yield the files named by ``paths``: files as given, folders recursively (sorted, hidden names
    skipped). Paths that do not exist are yielded too (ingestion records them in the ledger)."""
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield child
        else:
            yield path


def iter_ingest(paths: Sequence[str | Path] | str | Path, max_bytes: int = config.MAX_INPUT_BYTES,
                limit: int | None = None) -> Iterator[Article | Rejected]:
    """Stream articles and rejects from files and folders, in bounded memory (no duplicate clustering).

    Args:
        paths: files or folders (searched recursively); ``.gz`` of any supported format.
        max_bytes: size limit (see :func:`ingest_file`).
        limit: stop after this many articles (None: all).

    Yields:
        :class:`Article` and :class:`Rejected` items in input order. Article ids are unique within one
        call: a repeated id (two records carrying the same id) gets a ``-2``, ``-3``... suffix.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    seen: dict[str, int] = {}
    count = 0
    if limit is not None and limit <= 0:
        return
    for path in expand_paths(paths):
        for item in ingest_file(path, max_bytes):
            if isinstance(item, Article):
                if item.id in seen:
                    seen[item.id] += 1
                    item.id = f"{item.id}-{seen[item.id]}"
                seen.setdefault(item.id, 1)
                count += 1
            yield item
            if limit is not None and count >= limit:
                return


# --------------------------------------------------------------------------------------------------
# Duplicates


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text.casefold())


_FNV_PRIME = np.uint64(0x100000001B3)


class _WordHashes(dict):
    """word -> CRC-32 of its UTF-8 bytes, computed on first use (a stable hash, unlike ``hash()``)."""

    def __missing__(self, word: str) -> int:
        value = zlib.crc32(word.encode("utf-8"))
        if len(self) < 1_000_000:
            self[word] = value
        return value


_WORD_HASHES = _WordHashes()


def shingle_hashes(words: Sequence[str], n: int = 5) -> np.ndarray:
    """32-bit hashes (unique, as uint64) of the word ``n``-grams of ``words`` (one gram when shorter).

    Each word is hashed with CRC-32; a gram's hash mixes its word hashes FNV-style in 64-bit arithmetic
    and folds the result to 32 bits. Vectorised with numpy: about 100x faster than hashing the joined
    strings one by one, with the same role as datasketch's default ``sha1_hash32``.
    """
    if not words:
        return np.zeros(0, dtype=np.uint64)
    w = np.fromiter(map(_WORD_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))
    m = max(1, len(w) - n + 1)
    acc = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(min(n, len(w))):
            acc = (acc * _FNV_PRIME) ^ (w[k:k + m] + np.uint64(k + 1))
        folded = (acc ^ (acc >> np.uint64(29))) & np.uint64(0xFFFFFFFF)
    return np.unique(folded)


class DuplicateIndex:
    """Incremental exact and near-duplicate clustering of texts.

    Exact duplicates: equal SHA-1 of the text's lower-cased word sequence (punctuation, spacing and case
    ignored). Near duplicates: MinHash (``num_perm`` permutations) of the set of word ``shingle``-grams,
    candidates from MinHash LSH at ``threshold``, kept when the estimated Jaccard similarity with the
    candidate is >= ``threshold`` (Broder 1997; Leskovec, Rajaraman & Ullman, *Mining of Massive
    Datasets*, ch. 3). A new text joins the cluster of its earliest-added match; the cluster id is the id of
    the cluster's first member.
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 128, shingle: int = 5) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._exact: dict[str, str] = {}
        self._signature: dict[str, np.ndarray] = {}
        self._cluster: dict[str, str] = {}
        self._order: dict[str, int] = {}
        from datasketch import MinHash

        self._permutations = MinHash(num_perm=num_perm, seed=1, scheme="affine32").permutations

    def __len__(self) -> int:
        return len(self._cluster)

    def _minhash(self, words: list[str]):
        """The datasketch MinHash of the text's word shingles (hashed by :func:`shingle_hashes`)."""
        from datasketch import MinHash

        mh = MinHash(num_perm=self.num_perm, hashfunc=int, permutations=self._permutations, scheme="affine32")
        mh.update_batch(shingle_hashes(words, self.shingle).tolist())
        return mh

    def add(self, id: str, text: str) -> str:
        """Add a text under ``id`` (unique); return its cluster id.

        Raises:
            ValueError: if ``id`` was already added.
        """
        if id in self._cluster:
            raise ValueError(f"id {id!r} already added")
        words = _words(text)
        key = hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
        if not words:
            cluster = id  # nothing to compare: never a duplicate
        elif key in self._exact:
            cluster = self._exact[key]
        else:
            mh = self._minhash(words)
            signature = mh.hashvalues.copy()
            matches = [c for c in self._lsh.query(mh)
                       if float(np.mean(self._signature[c] == signature)) >= self.threshold]
            cluster = self._cluster[min(matches, key=self._order.__getitem__)] if matches else id
            self._lsh.insert(id, mh)
            self._signature[id] = signature
            self._exact[key] = cluster
        self._cluster[id] = cluster
        self._order[id] = len(self._order)
        return cluster

    def cluster_of(self, id: str) -> str:
        """The cluster id of an added text.

        Raises:
            KeyError: if ``id`` was never added.
        """
        return self._cluster[id]


def assign_dup_clusters(df: pd.DataFrame, threshold: float = 0.8) -> pd.Series:
    """Cluster the rows of an article table (columns ``id``, ``text``) into duplicate groups.

    Returns:
        A Series aligned with ``df`` (name ``dup_cluster``): for each row, the id of the first row of its
        cluster (its own id when it has no duplicate).
    """
    index = DuplicateIndex(threshold=threshold)
    ids = [str(i) for i in df["id"]]
    # Positions as keys, so repeated ids cannot collide; clusters are reported by the first member's id.
    first = [int(index.add(str(pos), "" if t is None else str(t))) for pos, t in enumerate(df["text"])]
    return pd.Series([ids[f] for f in first], index=df.index, name="dup_cluster", dtype="object")


def article_preview(articles: pd.DataFrame, position: int = 0, chars: int = 600) -> str:
    """A plain-text preview of one article of the table: title, then the beginning and the end of its text
    (for notebooks); says so when the table is empty."""
    if articles.empty:
        return "(no article was ingested: see the ledger of rejected inputs)"
    row = articles.iloc[min(position, len(articles) - 1)]
    text = row["text"]
    body = text if len(text) <= 2 * chars else f"{text[:chars]} […]\n[…] {text[-chars // 2:]}"
    return f"{row['title'] or '(no title)'}\n\n{body}"


def duplicate_groups(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles that belong to a duplicate cluster of two or more, sorted by cluster (for display)."""
    if articles.empty:
        return articles.loc[:, ["dup_cluster", "id", "title", "source", "n_words"]]
    sizes = articles.groupby("dup_cluster")["id"].transform("size")
    cols = [c for c in ("dup_cluster", "id", "title", "source", "date", "n_words") if c in articles.columns]
    return articles.loc[sizes > 1, cols].sort_values(["dup_cluster", "id"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Tables


def article_record(article: Article) -> dict[str, Any]:
    """An :class:`Article` as a row of the ``articles`` table (``extra`` as a JSON object string)."""
    row = asdict(article)
    extra = row.pop("extra") or {}
    row["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True, default=str) if extra else None
    return row


def articles_frame(articles: Iterable[Article | dict[str, Any]]) -> pd.DataFrame:
    """Build the article table (the schema's ``articles`` columns and types) from Articles or their rows."""
    rows = [article_record(a) if isinstance(a, Article) else a for a in articles]
    return schema.frame("articles", rows)


def iter_articles(items: Iterable[Article | Rejected], dup_threshold: float = 0.8
                  ) -> Iterator[dict[str, Any] | Rejected]:
    """Article rows with their duplicate cluster, and the rejects, in input order (bounded memory).

    The one ingestion stream: notebook 01, :func:`ingest_paths` and the corpus pipeline all pass
    :func:`iter_ingest` (or :func:`records_to_articles`) output through it, so ``dup_cluster`` is the
    same on every path: the id of the first article of the cluster (MinHash LSH, Jaccard >=
    ``dup_threshold``).
    """
    index = DuplicateIndex(threshold=dup_threshold)
    for item in items:
        if isinstance(item, Rejected):
            yield item
            continue
        row = article_record(item)
        row["dup_cluster"] = index.add(row["id"], row["text"] or "")
        yield row


def ingest_paths(paths: Sequence[str | Path] | str | Path, max_bytes: int = config.MAX_INPUT_BYTES,
                 limit: int | None = None, dup_threshold: float = 0.8) -> IngestResult:
    """Ingest files and folders into an article table and a ledger of rejected inputs.

    Args:
        paths: files or folders (recursive); text, Markdown, HTML, RSS/Atom, CSV, JSON(L), and ``.gz``
            of any of them.
        max_bytes: size limit (see :func:`ingest_file`).
        limit: keep only the first N articles.
        dup_threshold: MinHash Jaccard threshold for near duplicates.

    Returns:
        An :class:`IngestResult`; never raises for a bad input file (it goes to ``rejected``).
    """
    articles: list[dict[str, Any]] = []
    rejected: list[Rejected] = []
    for item in iter_articles(iter_ingest(paths, max_bytes=max_bytes, limit=limit), dup_threshold):
        (rejected if isinstance(item, Rejected) else articles).append(item)
    ledger = pd.DataFrame([asdict(r) for r in rejected], columns=REJECTED_COLUMNS)
    return IngestResult(articles=articles_frame(articles), rejected=ledger)


def write_outputs(result: IngestResult, out_dir: str | Path, inputs: Sequence[str | Path] = ()) -> Path:
    """Write the ingestion stage of a run folder: the ``articles`` table, ``rejected.csv``, the manifest.

    Returns:
        The run folder.
    """
    run = RunFolder(Path(out_dir))
    run.write("articles", result.articles)
    run.write_rejected(result.rejected)
    run.record_stage("ingest", articles=len(result.articles), rejected=len(result.rejected))
    run.update_manifest(inputs=[str(p) for p in inputs])
    return run.path
