"""Checkable factual claims: numbers with units, money, percentages, dates and durations.

Method: numeric-claim spotting as in fact-checking pipelines (e.g. the statistical-claim detectors of
Vlachos & Riedel 2015 and ClaimBuster's numeric features, Hassan et al. 2017): spaCy's numeric entities
(MONEY, PERCENT, QUANTITY, CARDINAL, DATE, TIME) are the candidates; each is extended by the unit noun
that follows a bare number ("5,000 troops"), typed (``money``, ``percent``, ``quantity``, ``count``,
``date``, ``duration``), and its value parsed to a float ("7,600 kilometers" → 7600.0 km, "$40 billion"
→ 4.0e10 USD, "five years" → 5.0 year, "April 2025" → 2025.0 year). Numbers spelled as words and scale
words (thousand, million, billion, trillion; "bn", "m") are understood; a value that cannot be parsed is
None and the claim is kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import pandas as pd
from spacy.tokens import Doc, Span

#: Entity labels read as claims.
CLAIM_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "DATE", "TIME"})
WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "a": 1, "an": 1, "single": 1, "couple": 2, "half": 0.5, "several": None, "few": None, "dozens": None,
    "hundreds": None, "thousands": None, "millions": None,
}
SCALES = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6,
          "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12}
#: Currency symbols/words → ISO 4217.
CURRENCIES = {"$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "usd": "USD", "€": "EUR",
              "euro": "EUR", "euros": "EUR", "eur": "EUR", "£": "GBP", "pound": "GBP", "pounds": "GBP",
              "gbp": "GBP", "sterling": "GBP", "¥": "JPY", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
              "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rub": "RUB", "₽": "RUB",
              "tenge": "KZT", "kzt": "KZT", "hryvnia": "UAH", "hryvnias": "UAH", "rupee": "INR", "rupees": "INR",
              "lira": "TRY", "franc": "CHF", "francs": "CHF", "won": "KRW", "₹": "INR", "₴": "UAH", "₸": "KZT"}
#: Unit words → normalised unit.
UNITS = {"kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km", "km": "km",
         "mile": "mi", "miles": "mi", "meter": "m", "meters": "m", "metre": "m", "metres": "m",
         "foot": "ft", "feet": "ft", "square": "", "hectare": "ha", "hectares": "ha", "acre": "acre",
         "acres": "acre", "ton": "t", "tons": "t", "tonne": "t", "tonnes": "t", "kilogram": "kg",
         "kilograms": "kg", "kg": "kg", "barrel": "bbl", "barrels": "bbl", "bpd": "bbl/d", "liter": "l",
         "liters": "l", "litre": "l", "litres": "l", "megawatt": "MW", "megawatts": "MW", "gigawatt": "GW",
         "gigawatts": "GW", "degree": "deg", "degrees": "deg", "percent": "%", "per cent": "%", "%": "%",
         "percentage": "%"}
#: Duration units → normalised unit.
DURATION_UNITS = {"year": "year", "years": "year", "month": "month", "months": "month", "week": "week",
                  "weeks": "week", "day": "day", "days": "day", "decade": "decade", "decades": "decade",
                  "century": "century", "centuries": "century", "hour": "hour", "hours": "hour",
                  "minute": "minute", "minutes": "minute"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
          "nov", "dec"}
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")


@dataclass(frozen=True)
class Claim:
    """One numeric claim.

    Attributes:
        start: character offset of the claim in ``doc.text``.
        end: character offset after it.
        kind: ``money``, ``percent``, ``quantity``, ``count``, ``date`` or ``duration``.
        value: the parsed number (money in units of the currency, dates as the year), None if unparsable.
        unit: normalised unit ("km", "USD", "%", "year", a counted noun lemma such as "troop") or None.
        text: the claim text, ``doc.text[start:end]``.
        sentence: the text of the sentence holding it.
    """

    start: int
    end: int
    kind: str
    value: float | None
    unit: str | None
    text: str
    sentence: str


def parse_number(text: str) -> float | None:
    """Parse the first number in a text, digits or words, with a scale word ("$40 billion" → 4e10).

    Args:
        text: e.g. "nearly 7,600", "five", "2.5 million", "a couple of".

    Returns:
        The value, or None when the text holds no number.
    """
    lowered = text.lower().replace("\u2009", " ")
    m = _NUMBER.search(lowered)
    if m:
        value = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
        scale = re.match(r"\s*-?\s*([a-z]+)", lowered[m.end():])
        if scale and scale.group(1) in SCALES:
            value *= SCALES[scale.group(1)]
        return value
    total, current, found = 0.0, 0.0, False
    for w in re.findall(r"[a-z]+", lowered):
        if w in ("hundred",):
            current, found = (current or 1.0) * 100, True
        elif w == "dozen":
            current, found = (current or 1.0) * 12, True
        elif w in ("thousand", "million", "billion", "trillion"):
            total, current, found = total + (current or 1.0) * SCALES[w], 0.0, True
        elif w in WORD_NUMBERS and w not in ("a", "an") and WORD_NUMBERS[w] is not None:
            current, found = current + float(WORD_NUMBERS[w]), True  # type: ignore[arg-type]
    return total + current if found else None


def _currency(span: Span) -> str | None:
    text = span.text.lower()
    for symbol in ("us$", "$", "€", "£", "¥", "₽", "₹", "₴", "₸"):
        if symbol in text:
            return CURRENCIES[symbol]
    for tok in list(span) + ([span.doc[span.end]] if span.end < len(span.doc) else []):
        if tok.lower_ in CURRENCIES:
            return CURRENCIES[tok.lower_]
    return None


def _next_unit(span: Span) -> tuple[int, str | None, str | None]:
    """The noun after a bare number: (new end token, kind, unit)."""
    doc = span.doc
    if span.end >= len(doc):
        return span.end, None, None
    nxt = doc[span.end]
    # skip one adjective: "5,000 armed troops"
    j = span.end
    if nxt.pos_ == "ADJ" and j + 1 < len(doc) and doc[j + 1].pos_ == "NOUN":
        j += 1
        nxt = doc[j]
    low = nxt.lower_
    if low in UNITS and UNITS[low]:
        return j + 1, "quantity", UNITS[low]
    if low in DURATION_UNITS:
        return j + 1, "duration", DURATION_UNITS[low]
    if low in CURRENCIES:
        return j + 1, "money", CURRENCIES[low]
    if nxt.pos_ == "NOUN" and nxt.head.i == nxt.i or (nxt.pos_ == "NOUN" and span[-1].head.i == nxt.i):
        return j + 1, "count", nxt.lemma_.lower()
    return span.end, None, None


def _classify(ent: Span) -> tuple[str, float | None, str | None, int]:
    """(kind, value, unit, end token) of a numeric entity."""
    label = ent.label_
    text = ent.text
    low = text.lower()
    words = re.findall(r"[a-z%]+", low)
    if label == "MONEY":
        return "money", parse_number(text), _currency(ent), ent.end
    if label == "PERCENT":
        return "percent", parse_number(text), "%", ent.end
    if label == "QUANTITY":
        dur = next((DURATION_UNITS[w] for w in reversed(words) if w in DURATION_UNITS), None)
        if dur:
            return "duration", parse_number(text), dur, ent.end
        unit = next((UNITS[w] for w in reversed(words) if w in UNITS and UNITS[w]), None)
        if unit is None:
            unit = next((w for w in reversed(words) if w not in SCALES and w not in WORD_NUMBERS), None)
        return "quantity", parse_number(text), unit, ent.end
    if label in ("DATE", "TIME"):
        dur = next((DURATION_UNITS[w] for w in words if w in DURATION_UNITS), None)
        has_month = any(w in MONTHS for w in words)
        year = _YEAR.search(text)
        if dur and not has_month and not year and not re.search(r"\b(ago|last|next|this|yesterday|today)\b", low):
            n = parse_number(text)
            if n is None and re.search(r"\b(a|an|one)\s+(\w+\s+)?(year|month|week|day|decade|hour|century)\b", low):
                n = 1.0
            return "duration", n, dur, ent.end
        if year:
            return "date", float(year.group(1)), "year", ent.end
        return "date", None, None, ent.end
    # CARDINAL: look at the following noun
    end, kind, unit = _next_unit(ent)
    value = parse_number(text)
    if kind == "money" and value is not None:
        return "money", value, unit, end
    if kind:
        return kind, value, unit, end
    return "count", value, None, ent.end


def _checkable(kind: str, value: float | None, unit: str | None, text: str) -> bool:
    """Keep claims a reader could check: dates with a number, durations and counts with a value, money
    with a currency; vague time words ("Thursday", "this week", "the years", "dozens") and ordinals
    ("21st-century") are not claims."""
    if re.search(r"\d+(st|nd|rd|th)\b", text):
        return False
    if kind == "date":
        return bool(re.search(r"\d", text))
    if kind in ("duration", "count", "quantity", "percent"):
        return value is not None
    if kind == "money":
        return value is not None and unit is not None
    return True


def extract_claims(doc: Doc) -> list[Claim]:
    """Extract numeric claims from a parsed article.

    Args:
        doc: a parsed spaCy Doc with NER.

    Returns:
        Claims sorted by offset; ``doc.text[c.start:c.end] == c.text``. Bare years inside DATE entities are
        date claims; a CARDINAL with no unit noun is a ``count`` with unit None; ORDINALs, dates without a
        number ("Thursday", "last year"), durations and counts without a value ("days", "dozens") and
        money without a currency are not claims.
    """
    claims: list[Claim] = []
    has_sents = doc.has_annotation("SENT_START")
    for ent in doc.ents:
        if ent.label_ not in CLAIM_LABELS:
            continue
        if ent.label_ == "CARDINAL" and ent.text.lower() in ("one", "a", "an"):
            continue  # "one of the ...": not a claim
        kind, value, unit, end = _classify(ent)
        if not _checkable(kind, value, unit, ent.text):
            continue
        if has_sents:
            end = min(end, ent.sent.end)  # a unit noun never comes from the next sentence
        while end > ent.start + 1 and doc[end - 1].is_space:
            end -= 1  # entities and unit nouns never end on whitespace tokens
        span = doc[ent.start:end]
        sentence = ent.sent.text.strip() if has_sents else doc.text
        claims.append(Claim(span.start_char, span.end_char, kind, value, unit, span.text, sentence))
    return sorted(claims, key=lambda c: (c.start, c.end))


def claims_table(claims: Sequence[Claim]) -> pd.DataFrame:
    """Claims as a DataFrame (columns start, end, kind, value, unit, text, sentence)."""
    columns = ["start", "end", "kind", "value", "unit", "text", "sentence"]
    return pd.DataFrame([c.__dict__ for c in claims], columns=columns)
