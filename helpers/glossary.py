"""Plain words for every code a reader meets, and numbers as a newspaper prints them.

Used by every table, chart and report (:mod:`helpers.report`, :mod:`helpers.compare`).

Codes never stand alone in a report: a country is "Russia (RUS)", a CAMEO event "190 · use conventional
military force", a technique "Appeal to fear or prejudice" with its one-line definition, a frame "Human
interest". The names and definitions are data (``resources/glossary.tsv``, ``countries.tsv``,
``organisations_manual.tsv``, ``cameo_*.tsv``).

>>> country("KAZ")
'Kazakhstan (KAZ)'
>>> money(4e10, "USD")
'$40 billion'
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from helpers import resources
from helpers.frames import FRAME_ITEMS

#: Currency symbols printed before the amount; other currencies print their ISO code after it.
CURRENCY_SYMBOLS: dict[str, str] = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
#: Scale words for large amounts.
SCALES: tuple[tuple[float, str], ...] = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


@lru_cache(maxsize=1)
def _glossary() -> dict[tuple[str, str], tuple[str, str]]:
    return {(r["kind"], r["code"]): (r["name"], r["definition"]) for r in resources.table("glossary.tsv")}


def name(kind: str, code: Any) -> str:
    """The plain name of a code of one kind (``technique``, ``generic_frame``, ``issue_frame``,
    ``quote_kind``, ``speaker_type``, ``category``, ``claim_kind``, ``voice``, ``role``, ``language``); an
    unknown code is returned with underscores as spaces."""
    if code is None or (isinstance(code, float) and math.isnan(code)):
        return ""
    hit = _glossary().get((kind, str(code)))
    return hit[0] if hit else str(code).replace("_", " ")


def plural(kind: str, code: Any) -> str:
    """The name in the plural, lower case, as a chart's level reads ("hedges", "loaded words"; codes of
    other kinds keep their name, lower case)."""
    hit = _plurals().get((kind, str(code)))
    return hit if hit else name(kind, code).lower()


@lru_cache(maxsize=1)
def _plurals() -> dict[tuple[str, str], str]:
    return {(r["kind"], r["code"]): r["plural"] for r in resources.table("glossary.tsv") if r.get("plural")}


def definition(kind: str, code: Any) -> str:
    """The one-line definition of a code (``""`` when there is none)."""
    hit = _glossary().get((kind, str(code)))
    return hit[1] if hit else ""


def entries(kind: str) -> list[tuple[str, str, str]]:
    """``(code, name, definition)`` of every code of a kind, in file order."""
    return [(code, n, d) for (k, code), (n, d) in _glossary().items() if k == kind]


def frame(code: str, kind: str = "generic") -> str:
    """A frame's plain name (``kind``: ``generic`` or ``issue``)."""
    return name(f"{kind}_frame", code)


def frame_item(item: str) -> str:
    """The coding question an item answers ("co2" → "one party reproaches another")."""
    for items in FRAME_ITEMS.values():
        if item in items:
            return items[item]
    return item


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    names = {r["iso3"]: r["name"] for r in resources.table("countries.tsv")}
    names.update({r["code"]: r["name"] for r in resources.table("organisations_manual.tsv")})
    return names


def country_name(code: Any) -> str:
    """The English name of an ISO3 or organisation code ("KAZ" → "Kazakhstan"); the code when unknown."""
    return _countries().get(str(code), str(code)) if code is not None else ""


def short_name(code: Any) -> str:
    """A country or organisation name for a chart label: without a parenthesis, at most 24 characters."""
    text = re.sub(r"\s*\(.*?\)", "", country_name(code)).strip()
    return text if len(text) <= 24 else str(code)


def country(code: Any) -> str:
    """A country or organisation with its code: "Kazakhstan (KAZ)"."""
    if code is None or (isinstance(code, float) and math.isnan(code)) or code == "":
        return ""
    known = country_name(code)
    if known == str(code):
        return str(code)
    return f"{known} ({code})" if "_" not in str(code) else known


@lru_cache(maxsize=1)
def _cameo() -> dict[str, str]:
    out: dict[str, str] = {}
    for file in ("cameo_verbs.tsv", "cameo_nouns.tsv", "cameo_objects.tsv"):
        for r in resources.table(file):
            if r["cameo"] and r["description"]:
                out.setdefault(r["cameo"], r["description"])
    for r in resources.table("cameo_roots.tsv"):
        out.setdefault(r["root_code"], r["name"].capitalize())
    return out


def cameo_name(code: Any) -> str:
    """The CAMEO codebook's name of a code, lower case ("190" → "use conventional military force")."""
    text = _cameo().get(str(code), "")
    return text[:1].lower() + text[1:] if text else ""


def cameo(code: Any) -> str:
    """A CAMEO code with its name: "190 · use conventional military force"."""
    if code is None or code == "":
        return ""
    described = cameo_name(code)
    return f"{code} · {described}" if described else str(code)


# ----------------------------------------------------------------------------------------- numbers
def counted(n: int, word: str, plural: str | None = None) -> str:
    """A count with its noun in the right number ("1 quote", "1,204 quotes", "3 people")."""
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def listing(items: Sequence[str], conjunction: str = "and") -> str:
    """Items as a sentence lists them ("a", "a and b", "a, b and c"; "a or b" after a negation); ``""`` for
    none."""
    items = list(items)
    return (items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
            if items else "")


def number(value: Any, digits: int = 2) -> str:
    """A number as printed: whole numbers with separators, others with ``digits`` decimals at most."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")


def share(value: Any, digits: int = 0) -> str:
    """A proportion (0..1) as a percentage: "27%"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{100 * float(value):.{digits}f}%"


def money(value: Any, unit: Any) -> str:
    """An amount of money as a newspaper prints it: "$40 billion", "€1.5 million", "250,000 KZT"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    unit = str(unit or "")
    scaled = next(((value / size, word) for size, word in SCALES if abs(value) >= size), (value, ""))
    amount = number(scaled[0], 1 if scaled[1] else 2) + (f" {scaled[1]}" if scaled[1] else "")
    symbol = CURRENCY_SYMBOLS.get(unit)
    return f"{symbol}{amount}" if symbol else f"{amount} {unit}".strip()


def claim_value(kind: Any, value: Any, unit: Any) -> str:
    """A claim's parsed value in plain form: "$40 billion", "7,600 km", "1991", "5%", "5 years"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if kind == "money":
        return money(value, unit)
    if kind == "date":
        return str(int(value)) if float(value).is_integer() else number(value)
    if kind == "percent":
        return f"{number(value)}%"
    unit = "" if unit is None or (isinstance(unit, float) and math.isnan(unit)) else str(unit)
    if kind in ("duration", "age") and unit:
        plural = unit if float(value) == 1 else f"{unit}s"
        return f"{number(value)} {plural}"
    return f"{number(value)} {unit}".strip()
