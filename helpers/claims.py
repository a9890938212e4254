"""Checkable factual claims: numbers with units, money, percentages, dates and durations.

Method: numeric-claim spotting as in fact-checking pipelines (e.g. the statistical-claim detectors of
Vlachos & Riedel 2015 and ClaimBuster's numeric features, Hassan et al. 2017): spaCy's numeric entities
(MONEY, PERCENT, QUANTITY, CARDINAL, DATE, TIME) are the candidates; each is extended by the unit noun
that follows a bare number ("5,000 troops"), typed (``money``, ``percent``, ``quantity``, ``count``,
``date``, ``duration``), and its value parsed to a float ("7,600 kilometers" → 7600.0 km, "$40 billion"
→ 4.0e10 USD, "five years" → 5.0 year, "April 2025" → 2025.0 year). Numbers spelled as words and scale
words (thousand, million, billion, trillion; "bn", "m") are understood; a range ("2-3 million") is read
as its low bound; a value that cannot be parsed is None and the claim is kept. A person's age ("82-year-old",
"Tsarnaev, 26,") is its own kind, ``age``; numbers that name rather than count ("No. 5", "Section 230",
"9/11", a list marker "5)") and clock times are not claims, and a date must name a year or a month.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import pandas as pd
from spacy.tokens import Doc, Span

from helpers import resources

#: Entity labels read as claims.
CLAIM_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "DATE", "TIME"})


def _vocabulary(kind: str) -> dict[str, str]:
    """Word -> value of one ``kind`` of ``resources/claim_units.tsv``."""
    return {r["word"]: r["value"] for r in resources.table("claim_units.tsv") if r["kind"] == kind}


#: Number words → value (None: a vague amount, "several", "dozens").
WORD_NUMBERS: dict[str, float | None] = {w: (float(v) if v else None) for w, v in _vocabulary("number").items()}
#: Scale words → multiplier ("billion" → 1e9).
SCALES: dict[str, float] = {w: float(v) for w, v in _vocabulary("scale").items()}
#: Currency symbols/words → ISO 4217.
CURRENCIES: dict[str, str] = _vocabulary("currency")
#: Unit words → normalised unit.
UNITS: dict[str, str] = _vocabulary("unit")
#: Duration units → normalised unit.
DURATION_UNITS: dict[str, str] = _vocabulary("duration")
#: Month names and abbreviations.
MONTHS: frozenset[str] = frozenset(_vocabulary("month"))
#: Words before a number that make it an identifier, not a quantity ("No. 5", "Section 230", "page 12").
ID_WORDS: frozenset[str] = frozenset(_vocabulary("identifier"))

_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")
#: The upper bound of a range after its first number: "-3", " to 3", "–$2.0".
_RANGE_REST = re.compile(r"\s*(?:-|–|to)\s*[$€£]?\d[\d,]*(?:\.\d+)?")
#: A clock time ("10:30", "7 p.m."): not a date claim by itself.
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """One numeric claim.

    Attributes:
        start: character offset of the claim in ``doc.text``.
        end: character offset after it.
        kind: ``money``, ``percent``, ``quantity``, ``count``, ``date``, ``duration`` or ``age`` (of a person,
            in years: "82-year-old", "Tsarnaev, 26,").
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
        rest = lowered[m.end():]
        upper = _RANGE_REST.match(rest)  # "2-3 million", "$1.5-$2.0 billion": the low bound, at the scale
        scale = re.match(r"\s*-?\s*([a-z]+)", rest[upper.end():] if upper else rest)
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
    age = _age(ent)
    if age is not None:
        return "age", age, "year", ent.end
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


def _age(ent: Span) -> float | None:
    """A person's age: "82-year-old", "aged 64", "Tsarnaev, 26," (a number set off by commas right after a
    PERSON entity); None otherwise."""
    doc, text = ent.doc, ent.text.lower()
    m = re.match(r"^(\d{1,3})[- ]years?[- ]old$", text)
    if m:
        return float(m.group(1))
    if not re.fullmatch(r"\d{1,3}", text):
        return None
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    if before is not None and before.lower_ == "aged":
        return float(text)
    if before is not None and before.text == "," and ent.start > 1 and doc[ent.start - 2].ent_type_ == "PERSON" \
            and after is not None and after.text in (",", ")", ".") and 0 < int(text) < 120:
        return float(text)
    if ent.end + 1 < len(doc) and doc[ent.end].lower_ in ("-year", "year") and "old" in doc[ent.end + 1].lower_:
        return float(text)
    return None


def _is_identifier(ent: Span) -> bool:
    """A number naming something rather than counting it: "No. 5", "Section 230", "9/11", a list marker
    "5)" opening a line."""
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if before in ID_WORDS or re.fullmatch(r"\d{1,2}/\d{1,2}", ent.text):  # "9/11", "24/7"
        return True
    if ent.end < len(doc) and doc[ent.end].text == ")" and (ent.start == 0 or "\n" in doc[ent.start - 1].text
                                                            or doc[ent.start - 1].is_space):
        return True  # "5) The next point": a list marker opening a line
    return False


def _checkable(kind: str, value: float | None, unit: str | None, text: str) -> bool:
    """Keep claims a reader could check: dates with a number, durations and counts with a value, money
    with a currency; vague time words ("Thursday", "this week", "the years", "dozens") and ordinals
    ("21st-century") are not claims."""
    if re.search(r"\d+(st|nd|rd|th)\b", text):
        return False
    if kind == "date":
        # a date names a year or a month with a number: not a clock time ("10:30 p.m."), "9/11" or a bare day
        low = text.lower()
        has_month = any(w in MONTHS for w in re.findall(r"[a-z]+", low))
        return bool(re.search(r"\d", text)) and (bool(_YEAR.search(text)) or has_month) \
            and not (_CLOCK.search(text) and not has_month and not _YEAR.search(text))
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
        if _is_identifier(ent):
            continue
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
