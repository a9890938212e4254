"""Comparisons that hold up: notebook 05's measures per group and period, with bootstrap intervals, and the
differences between groups and between periods that survive a Benjamini–Hochberg correction.

::

    from helpers import compare
    result = compare.compare(tables, by="bias", split_date="2016-11-08", n_boot=1000, seed=0)
    result.estimates      # measure, level, group, period, n_articles, value, ci_low, ci_high, ...
    result.differences    # measure, level, contrast, group_a, period_a, group_b, period_b, difference, ...
    compare.write(result, "reports/compare_bias")

or ``python -m helpers compare RUN --by bias --split-date 2016-11-08 --out DIR`` (figures too).

**Groups** come from any column of the ``articles`` table, including the fields of the input that ingestion
kept in ``articles.extra`` (:func:`helpers.runfolder.expand_extra`, e.g. ``speaker_side``). ``source`` and
``bias`` are normalised as notebook 05 does (:func:`helpers.corpus.group_labels`: bias codes 0/1/2 are
left/center/right); a missing value is the group ``unknown``. Every period also has the group ``all``
(every article of the period).

**Periods.** ``all`` (every article) always; with ``split_date`` the articles dated before it and those
dated on or after it; with ``period`` each month (``YYYY-MM``) or ISO week (``YYYY-Www``). Articles
without a usable date (``articles.date``, ISO 8601) are in ``all`` only.

**Measures** (:data:`MEASURES`): every measure is a ratio of sums over the articles of a cell (one group in
one period), ``value = scale * sum(num) / sum(den)``, with per-article numerators and denominators taken
from :mod:`helpers.corpus`'s own aggregations run with each article as its own group. Every point value
therefore equals notebook 05's figure for the same articles (rates pooled over words, sentiment the mean
of article means, shares over articles, quotes or coded events).

**Intervals.** Nonparametric bootstrap with the article as the unit, stratified by cell (Efron & Tibshirani
1993, *An Introduction to the Bootstrap*, ch. 6 and 13): each of ``n_boot`` resamples draws a cell's
``n`` articles with replacement, i.e. a multinomial weight matrix ``W`` (``n_boot × n``), so the
resampled sums of every measure are one matrix product ``W @ [num | den]``. Intervals are the 2.5th and
97.5th percentiles of the resampled values (resamples whose denominator is zero are left out). A cell of
one article has no interval (NaN). Each cell draws from its own generator seeded by ``(seed, period,
group)``, so a cell's interval does not depend on which other cells are computed.

**Differences.** Between groups within each period: every pair when there are at most
:data:`MAX_PAIRWISE_GROUPS` groups, else each group against the rest of the period's articles. Between
periods within each group: after minus before the split date; each month or week minus the group's
previous month or week with articles. ``unknown`` is not contrasted with other groups. Cells are
resampled independently, so a difference's resamples are the differences of its cells' resamples: its
interval is their 2.5th–97.5th percentiles; its p-value is two-sided from a normal approximation with
the bootstrap standard error (``z = d / se``; Efron & Tibshirani 1993, ch. 16). The p-values of every
tested difference in the table are corrected together with the Benjamini–Hochberg step-up procedure
(Benjamini & Hochberg 1995, *JRSS B* 57:289–300) at a false discovery rate of :data:`ALPHA`; ``survives``
flags those that pass. A difference
is tested when both cells have at least :data:`SMALL_GROUP` articles and its bootstrap standard error is
above rounding noise (the measure varies); with fewer articles it keeps its interval (from two articles
on) but gets no p-value, since the bootstrap understates the spread of so few articles (a share of 0 or
1 in a small cell has none at all).
"""
from __future__ import annotations

import json
import math
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from helpers import corpus, glossary
from helpers import quotes as quotes_pkg
from helpers.runfolder import expand_extra

#: Level of the intervals (95 %) and false discovery rate of the Benjamini–Hochberg correction: the
#: conventional 5 %.
ALPHA: float = 0.05
#: Resamples by default (the issue's figure; percentile intervals need about 1,000, Efron & Tibshirani
#: 1993 §13.3).
N_BOOT: int = 1000
#: A group with fewer articles is shown but marked (the issue's figure).
SMALL_GROUP: int = 20
#: Up to this many groups every pair is contrasted; with more, each group against the rest (8 groups make
#: 28 pairs per measure; 90 outlets would make 4,005).
MAX_PAIRWISE_GROUPS: int = 8
#: Most-quoted speakers kept as levels (ranked over the whole corpus): the twelve a chart shows
#: (:data:`helpers.report.comparisons.MAX_LEVELS`).
TOP_SPEAKERS: int = 12
#: Most-named countries kept as levels: twenty, so that the countries one side names and the other does not
#: are still in the table when the two sides' lists differ (a chart shows the twelve largest).
TOP_COUNTRIES: int = 20
#: The group of every article of a period, and the period of every article.
ALL: str = "all"
#: The group of articles without a value (as in :mod:`helpers.corpus`).
UNKNOWN: str = corpus.UNKNOWN
#: Periods ``compare`` accepts.
PERIODS: tuple[str, ...] = ("quarter", "month", "week")
#: Relative size below which a bootstrap standard error is rounding noise (float64 sums of 1,000 terms).
_TOLERANCE: float = 1e-9
#: Cells of a bootstrap weight matrix built at once (8 M float64 = 64 MB).
_CHUNK: int = 8_000_000
#: Speaker types of the quote stage, in display order.
SPEAKER_TYPES: tuple[str, ...] = ("person", "organisation", "anonymous", "unspecified", "non_human")

#: Columns of :attr:`Comparison.estimates` (``estimates.csv``): the issue's eight, then the level's plain
#: name, the unit, the summed numerator and denominator, and whether the cell is small.
ESTIMATE_COLUMNS: list[str] = ["measure", "level", "group", "period", "n_articles", "value", "ci_low", "ci_high",
                               "label", "unit", "numerator", "denominator", "small"]
#: Columns of :attr:`Comparison.differences` (``differences.csv``); ``difference = value_a - value_b``.
DIFFERENCE_COLUMNS: list[str] = ["measure", "level", "contrast", "group_a", "period_a", "group_b", "period_b",
                                 "n_a", "n_b", "value_a", "value_b", "difference", "ci_low", "ci_high", "se",
                                 "p_value", "q_value", "survives", "label", "unit"]


@dataclass(frozen=True)
class Measure:
    """One measure: its name, what it is, its unit and the factor applied to ``num / den``."""

    name: str
    title: str
    unit: str
    scale: float = 1.0


#: Every measure, in display order.
MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("polarity", "sentence polarity", "mean sentence polarity (TextBlob, -1..1), mean of article means"),
    Measure("subjectivity", "sentence subjectivity",
            "mean sentence subjectivity (TextBlob, 0..1), mean of article means"),
    Measure("rhetoric", "hedges, boosters, loaded and fear words, technique candidates", "per 1,000 words", 1000.0),
    Measure("technique", "persuasion-technique candidates", "per 1,000 words", 1000.0),
    Measure("generic_frame", "generic frames", "share of articles with the frame present"),
    Measure("issue_frame", "issue frames", "share of articles with the issue frame present"),
    Measure("speaker_type", "who is quoted, by kind of source", "share of attributed quotes"),
    Measure("anonymous", "anonymous sources", "share of attributed quotes whose source is not named"),
    Measure("speaker", "most-quoted speakers", "share of attributed quotes"),
    Measure("country", "countries named", "share of articles naming the country"),
    Measure("cameo_root", "events by CAMEO root", "share of coded events (negated events left out)"),
)}


class UnknownColumn(ValueError):
    """``by`` names no column of the articles table; the message lists the columns there are."""


# ------------------------------------------------------------------------------------ per-article matrices
@dataclass(frozen=True)
class ArticleMeasures:
    """Per-article numerators and denominators of every measure level.

    Attributes:
        ids: article ids (``A``), the rows of ``num`` and ``den``.
        columns: one row per measure level (``M``): ``measure, level, label``.
        num: ``A × M`` numerators (counts, or the article's mean sentiment).
        den: ``A × M`` denominators (1 per article, words, attributed quotes or coded events).
        notes: measures left without rows, and why.
    """

    ids: np.ndarray
    columns: pd.DataFrame
    num: np.ndarray
    den: np.ndarray
    notes: tuple[str, ...] = ()

    @property
    def scale(self) -> np.ndarray:
        """The factor of each column (1,000 for rates per 1,000 words, else 1)."""
        return np.array([MEASURES[m].scale for m in self.columns["measure"]], dtype=float)


def _wide(df: pd.DataFrame, level: str, value: str | None, ids: pd.Index, levels: Sequence[str]) -> np.ndarray:
    """Rows of ``df`` (article in ``group``) summed into an ``A × L`` matrix: ``value`` per article and
    ``level``, or the number of rows when ``value`` is None."""
    if df.empty or not len(levels):
        return np.zeros((len(ids), len(levels)))
    weights = np.ones(len(df)) if value is None else pd.to_numeric(df[value], errors="coerce").fillna(0.0).to_numpy()
    row = ids.get_indexer(df["group"].astype(str))
    col = pd.Index(list(levels)).get_indexer(df[level].astype(str))
    keep = (row >= 0) & (col >= 0)
    out = np.zeros((len(ids), len(levels)))
    np.add.at(out, (row[keep], col[keep]), weights[keep])
    return out


def _per_article(df: pd.DataFrame, value: str | None, ids: pd.Index) -> np.ndarray:
    """A per-article column of ``df`` (article in ``group``) summed into a length-``A`` vector (rows counted
    when ``value`` is None); 0 for articles without rows."""
    return _wide(df.assign(_one="x"), "_one", value, ids, ["x"])[:, 0]


def _rows_of(tables: Mapping[str, pd.DataFrame], name: str, ids: pd.Index) -> pd.DataFrame:
    """A table's rows of the given articles, with ``group`` = the article id."""
    df = corpus.table(tables, name)
    keys = df["article_id"].astype(str)
    return df[keys.isin(ids)].assign(group=keys[keys.isin(ids)])


def article_measures(tables: Mapping[str, pd.DataFrame], top_speakers: int = TOP_SPEAKERS,
                     top_countries: int = TOP_COUNTRIES) -> ArticleMeasures:
    """Every measure's numerator and denominator for each article, with notebook 05's definitions.

    Every article is its own group, so a group's ratio of summed numerators and denominators is the figure
    :mod:`helpers.corpus` gives for the group (``tests/test_compare.py`` checks they are equal):

    - ``polarity``, ``subjectivity`` (level ``mean``): the article's mean sentence value over 1 (articles
      without sentences have denominator 0), from :func:`helpers.corpus.sentiment_by`;
    - ``rhetoric`` (hedge, booster, loaded, fear, technique) and ``technique`` (each label): spans over the
      article's words (:func:`helpers.corpus.articles_by`), as :func:`helpers.corpus.technique_density_by`;
    - ``generic_frame``, ``issue_frame``: present (0/1) over 1, as :func:`helpers.corpus.frame_shares_by`;
    - ``speaker_type``, ``anonymous`` (level ``share``) and ``speaker`` (the ``top_speakers`` most quoted,
      spellings merged by :func:`helpers.corpus.canonical_speakers`): attributed quotes over the article's
      attributed quotes, as :func:`helpers.corpus.anonymity_by` and :func:`helpers.corpus.top_speakers_by`;
    - ``country`` (the ``top_countries`` named in most articles): named (0/1) over 1, from
      :func:`helpers.corpus.countries_by`;
    - ``cameo_root`` (the 20 roots): the root's non-negated events over the article's coded events, from
      :func:`helpers.corpus.events_by`.

    Span, frame and quote counts are taken in one vectorised pass over the tables (the corpus functions
    loop over groups × keys in Python, which is slow with one group per article). A measure with nothing to
    count (no technique span, no attributed quote, no speaker type, no coded event) has no columns, and
    :attr:`ArticleMeasures.notes` says so.

    Args:
        tables: run-folder tables (:func:`helpers.runfolder.load_tables`); a missing table counts as empty.
        top_speakers: speakers kept, most attributed quotes over the corpus first.
        top_countries: countries kept, named in most articles first.
    """
    articles = corpus.table(tables, "articles")
    ids = pd.Index(articles["id"].astype(str).drop_duplicates(), name="article_id")
    if not len(ids):
        return ArticleMeasures(ids.to_numpy(), pd.DataFrame(columns=["measure", "level", "label"]),
                               np.zeros((0, 0)), np.zeros((0, 0)), ("no articles",))
    labels = pd.Series(ids, index=ids, dtype=object)
    blocks: list[tuple[str, list[str], list[str], np.ndarray, np.ndarray]] = []
    notes: list[str] = []

    def add(measure: str, levels: Sequence[str], labels_: Sequence[str], num: np.ndarray, den: np.ndarray,
            why: str) -> None:
        if len(levels) and np.any(den > 0):
            blocks.append((measure, list(levels), list(labels_), num, den))
        else:
            notes.append(f"{measure}: no rows ({why})")

    def each(column: np.ndarray, levels: Sequence[str]) -> np.ndarray:
        return np.repeat(column[:, None], len(levels), axis=1)

    ones = np.ones(len(ids))
    sentiment = corpus.sentiment_by(tables, labels)
    has_sentiment = _per_article(sentiment, None, ids)
    for name in ("polarity", "subjectivity"):
        add(name, ["mean"], ["mean"], _per_article(sentiment, f"mean_{name}", ids)[:, None], has_sentiment[:, None],
            "no sentences")

    words = _per_article(corpus.articles_by(tables, labels), "n_words", ids)
    spans = _rows_of(tables, "rhetoric_spans", ids)
    found = set(spans["category"].dropna().astype(str))
    levels = list(corpus.RHETORIC_CATEGORIES) + sorted(found - set(corpus.RHETORIC_CATEGORIES))
    add("rhetoric", levels, [glossary.plural("category", c) for c in levels],
        _wide(spans, "category", None, ids, levels), each(words, levels), "no words")
    techniques = spans[spans["category"] == "technique"]
    levels = techniques["label"].dropna().astype(str).value_counts().index.tolist()  # most frequent first
    add("technique", levels, [glossary.plural("technique", c) for c in levels],
        _wide(techniques, "label", None, ids, levels), each(words, levels), "no technique candidates")

    frames = _rows_of(tables, "frames", ids)
    for kind in ("generic", "issue"):
        scored = frames[frames["kind"] == kind]
        present = scored[scored["present"].fillna(False).astype(bool)].drop_duplicates(["article_id", "frame"])
        fixed = list(corpus.GENERIC_FRAMES) if kind == "generic" and not scored.empty else []
        counts = present["frame"].astype(str).value_counts()
        levels = fixed + sorted(set(scored["frame"].dropna().astype(str)) - set(fixed),
                                key=lambda f: (-counts.get(f, 0), f))
        add(f"{kind}_frame", levels, [glossary.plural(f"{kind}_frame", c) for c in levels],
            _wide(present, "frame", None, ids, levels), each(ones, levels), f"no {kind} frames scored")

    quotes = corpus._attributed_quotes(tables, labels)
    attributed = _per_article(quotes, None, ids)
    typed = quotes.dropna(subset=["speaker_type"])
    found = set(typed["speaker_type"].astype(str))
    levels = (list(SPEAKER_TYPES) if found else []) + sorted(found - set(SPEAKER_TYPES))
    add("speaker_type", levels, [glossary.plural("speaker_type", c) for c in levels],
        _wide(typed, "speaker_type", None, ids, levels), each(attributed, levels),
        "no attributed quote has a speaker_type" if len(quotes) else "no attributed quotes")
    add("anonymous", ["share"], ["anonymous sources"],
        _per_article(quotes[quotes["anonymous"].astype(bool)], None, ids)[:, None], attributed[:, None],
        "no attributed quotes")
    named = quotes[[quotes_pkg.is_named_voice(s, t) for s, t in zip(quotes["speaker"], quotes["speaker_type"])]] \
        if len(quotes) else quotes
    ranked = named["speaker"].astype(str).value_counts().reset_index()  # people and bodies, not "I" or "we"
    ranked.columns = ["speaker", "n"]
    levels = ranked.sort_values(["n", "speaker"], ascending=[False, True])["speaker"].head(top_speakers).tolist()
    add("speaker", levels, levels, _wide(quotes, "speaker", None, ids, levels), each(attributed, levels),
        "no attributed quotes")

    countries = corpus.countries_by(tables, labels, top_n=10**9)
    if not countries.empty:
        ranked = countries.groupby("country")[["n_articles", "n_mentions"]].sum().reset_index()
        ranked = ranked.sort_values(["n_articles", "n_mentions", "country"], ascending=[False, False, True])
        levels = ranked["country"].astype(str).head(top_countries).tolist()
    else:
        levels = []
    add("country", levels, [glossary.country_name(c) for c in levels],
        _wide(countries, "country", "n_articles", ids, levels), each(ones, levels), "no country named")

    events = corpus.events_by(tables, labels)
    roots = corpus.cameo_roots()
    levels = roots["root_code"].astype(str).tolist() if not events.empty else []
    add("cameo_root", levels, [str(n).capitalize() for n in roots["name"]] if levels else [],
        _wide(events, "cameo_root", "n_events", ids, levels), each(_per_article(events, "n_events", ids), levels),
        "no coded events")

    columns = pd.DataFrame([(m, lv, lb) for m, lvs, lbs, _, _ in blocks for lv, lb in zip(lvs, lbs)],
                           columns=["measure", "level", "label"])
    num = np.hstack([b[3] for b in blocks]) if blocks else np.zeros((len(ids), 0))
    den = np.hstack([b[4] for b in blocks]) if blocks else np.zeros((len(ids), 0))
    return ArticleMeasures(ids.to_numpy(), columns, num, den, tuple(notes))


# ---------------------------------------------------------------------------------------- groups, periods
def group_labels(articles: pd.DataFrame, by: str) -> pd.Series:
    """Every article's group under the column ``by`` of the articles table.

    ``source`` and ``bias`` are normalised by :func:`helpers.corpus.group_labels`; other values are
    trimmed strings with whitespace collapsed; a missing or empty value is ``unknown``; a value equal to
    ``all`` becomes ``all (as labelled)`` (``all`` is the group of every article).

    Returns:
        A string Series indexed by article id.

    Raises:
        UnknownColumn: when ``by`` is not a column, naming the columns there are.
    """
    if by not in articles.columns:
        columns = ", ".join(map(str, articles.columns))
        raise UnknownColumn(f"no column {by!r} in the articles table; columns are: {columns}")
    ids = articles["id"].astype(str)
    if by in ("source", "bias"):
        labels = corpus.group_labels(articles, by)
        if labels.empty:
            labels = pd.Series(UNKNOWN, index=ids.values, dtype=object)
    else:
        values = [None if v is None or (not isinstance(v, str) and pd.isna(v)) else " ".join(str(v).split()) or None
                  for v in articles[by]]
        labels = pd.Series(values, index=ids.values, dtype=object).fillna(UNKNOWN)
    labels = labels.astype(str).replace({ALL: f"{ALL} (as labelled)"})
    return labels[~labels.index.duplicated()]


def group_order(labels: pd.Series, by: str) -> list[str]:
    """Groups in display order: bias left → right, others largest first (ties by name); ``unknown`` last."""
    counts = labels.value_counts()
    known = [g for g in counts.index if g != UNKNOWN]
    if by == "bias":
        order = corpus.BIAS_ORDER
        known = sorted(known, key=lambda g: (order.index(g) if g in order else len(order), g))
    else:
        known = sorted(known, key=lambda g: (-counts[g], g))
    return known + ([UNKNOWN] if UNKNOWN in counts.index else [])


def parse_dates(articles: pd.DataFrame) -> pd.Series:
    """``articles.date`` as timestamps indexed by article id (NaT when missing or not ``YYYY-MM-DD...``)."""
    if "date" not in articles:
        return pd.Series(pd.NaT, index=articles["id"].astype(str).values)
    text = articles["date"].astype("string").str.strip().str[:10]
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    return pd.Series(dates.values, index=articles["id"].astype(str).values)


def period_labels(dates: pd.Series, split_date: str | None = None, period: str | None = None) -> list[pd.Series]:
    """The period schemes: ``all`` always, then before/after ``split_date``, then months or weeks.

    Args:
        dates: :func:`parse_dates`.
        split_date: ``YYYY-MM-DD``; articles dated before it are ``before YYYY-MM-DD``, the others
            ``from YYYY-MM-DD``.
        period: ``quarter`` (``YYYY-Qn``), ``month`` (``YYYY-MM``) or ``week`` (ISO ``YYYY-Www``).

    Returns:
        One string Series per scheme (named ``all``, ``split``, ``period``), indexed by article id;
        undated articles are left out of the dated schemes. Labels sort chronologically.

    Raises:
        ValueError: for a split date that is not ``YYYY-MM-DD`` or an unknown period.
    """
    schemes = [pd.Series(ALL, index=dates.index, dtype=object, name="all")]
    dated = dates.dropna()
    if split_date is not None:
        split = validate_split_date(split_date)
        after = dated >= split
        labels = pd.Series(np.where(after, f"from {split_date}", f"before {split_date}"), index=dated.index,
                           dtype=object, name="split")
        schemes.append(labels)
    if period is not None:
        if period not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
        if period == "month":
            labels = pd.Series(dated.dt.strftime("%Y-%m").values, index=dated.index, dtype=object)
        elif period == "quarter":
            labels = pd.Series([f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}" for d in dated], index=dated.index,
                               dtype=object)
        else:
            iso = dated.dt.isocalendar()
            labels = pd.Series([f"{y:04d}-W{w:02d}" for y, w in zip(iso["year"], iso["week"])],
                               index=dated.index, dtype=object)
        schemes.append(labels.rename("period"))
    return schemes


def validate_split_date(split_date: str) -> pd.Timestamp:
    """The split date as a timestamp.

    Raises:
        ValueError: when it is not a real ``YYYY-MM-DD`` date.
    """
    try:
        return pd.Timestamp(pd.to_datetime(split_date, format="%Y-%m-%d"))
    except (ValueError, TypeError):
        raise ValueError(f"split date must be YYYY-MM-DD, not {split_date!r}") from None


# --------------------------------------------------------------------------------------------- bootstrap
def _generator(seed: int, *keys: str) -> np.random.Generator:
    """A generator for one cell: the seed and a stable hash of the cell's keys."""
    return np.random.default_rng([int(seed), zlib.crc32("\x1f".join(keys).encode("utf-8"))])


def resample_sums(block: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Column sums of ``n_boot`` bootstrap resamples of the rows of ``block`` (``n × K`` → ``n_boot × K``).

    A resample draws ``n`` rows with replacement; how often each row is drawn (multinomial counts, a
    weight matrix ``W`` of ``n_boot × n``) weighs the rows, so all resamples of all columns are one matrix
    product ``W @ block``. ``W`` is built in chunks of at most :data:`_CHUNK` cells.
    """
    n = block.shape[0]
    out = np.zeros((n_boot, block.shape[1]))
    if n == 0:
        return out
    step = max(1, _CHUNK // n)
    for start in range(0, n_boot, step):
        rows = min(step, n_boot - start)
        draws = rng.integers(0, n, size=(rows, n)) + (np.arange(rows) * n)[:, None]
        weights = np.bincount(draws.ravel(), minlength=rows * n).reshape(rows, n).astype(np.float64)
        out[start:start + rows] = weights @ block
    return out


def percentiles(samples: np.ndarray, qs: Sequence[float]) -> np.ndarray:
    """Percentiles (``qs`` in 0..1) of each column of ``samples``, ignoring NaN (linear interpolation,
    numpy's default); NaN for a column without a finite value. Vectorised over columns.

    Returns:
        ``len(qs) × K``.
    """
    ordered = np.sort(samples, axis=0)  # NaN sorts last
    k = np.sum(~np.isnan(samples), axis=0)
    out = np.full((len(qs), samples.shape[1]), np.nan)
    if samples.shape[0] == 0:
        return out
    for i, q in enumerate(qs):
        pos = q * np.maximum(k - 1, 0)
        lo = np.floor(pos).astype(int)
        hi = np.minimum(lo + 1, np.maximum(k - 1, 0))
        low = np.take_along_axis(ordered, lo[None, :], axis=0)[0]
        high = np.take_along_axis(ordered, hi[None, :], axis=0)[0]
        out[i] = np.where(k > 0, low + (pos - lo) * (high - low), np.nan)
    return out


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values); NaN p-values stay NaN and are not counted in ``m``.

    ``q_(i) = min_{j >= i} m p_(j) / j`` over the sorted p-values, capped at 1 (Benjamini & Hochberg 1995).
    A difference survives at false discovery rate ``alpha`` when ``q <= alpha``.
    """
    p = np.asarray(p_values, dtype=float)
    q = np.full(p.shape, np.nan)
    tested = np.flatnonzero(~np.isnan(p))
    if not len(tested):
        return q
    order = tested[np.argsort(p[tested], kind="stable")]
    m = len(order)
    scaled = p[order] * m / np.arange(1, m + 1)
    q[order] = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    return q


_ERFC = np.vectorize(math.erfc, otypes=[float])


@dataclass
class _Cell:
    """One group in one period: its articles, point sums and resampled sums."""

    group: str
    period: str
    n: int
    num: np.ndarray
    den: np.ndarray
    boot_num: np.ndarray
    boot_den: np.ndarray

    def value(self, scale: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.den > 0, scale * self.num / np.where(self.den > 0, self.den, 1), np.nan)

    def samples(self, scale: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.boot_den > 0, scale * self.boot_num / np.where(self.boot_den > 0, self.boot_den, 1),
                            np.nan)


def _cell(measures: ArticleMeasures, rows: np.ndarray, group: str, period: str, n_boot: int,
          seed: int) -> _Cell:
    block = np.hstack([measures.num[rows], measures.den[rows]])
    sums = resample_sums(block, n_boot, _generator(seed, period, group))
    m = measures.num.shape[1]
    return _Cell(group, period, len(rows), block[:, :m].sum(0), block[:, m:].sum(0), sums[:, :m], sums[:, m:])


def _difference(a: _Cell, b: _Cell, scale: np.ndarray, qs: Sequence[float]) -> dict[str, np.ndarray]:
    """Difference ``a - b`` of every column: value, percentile interval, bootstrap SE and p-value."""
    value = a.value(scale) - b.value(scale)
    m = len(scale)
    if min(a.n, b.n) < 2:
        nan = np.full(m, np.nan)
        return {"difference": value, "ci_low": nan, "ci_high": nan, "se": nan, "p_value": nan}
    diffs = a.samples(scale) - b.samples(scale)
    low, high = percentiles(diffs, qs)
    finite = np.sum(~np.isnan(diffs), axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.where(finite > 1, np.nanstd(np.where(finite > 1, diffs, 0.0), axis=0, ddof=1), np.nan)
        z = np.abs(value) / se
    # a standard error at floating-point noise (both cells constant) means nothing varies: not tested
    noise = _TOLERANCE * (1.0 + np.abs(a.value(scale)) + np.abs(b.value(scale)))
    tested = np.isfinite(z) & (se > np.nan_to_num(noise, nan=_TOLERANCE)) & (min(a.n, b.n) >= SMALL_GROUP)
    p = np.where(tested, _ERFC(np.nan_to_num(z) / math.sqrt(2.0)), np.nan)
    return {"difference": value, "ci_low": low, "ci_high": high, "se": se, "p_value": p}


def _rest(cells: Sequence[_Cell], skip: _Cell, period: str) -> _Cell:
    """The articles of ``cells`` other than ``skip``, as one cell (sums of the independent resamples)."""
    others = [c for c in cells if c is not skip]
    return _Cell("rest", period, sum(c.n for c in others), sum(c.num for c in others), sum(c.den for c in others),
                 sum(c.boot_num for c in others), sum(c.boot_den for c in others))


def bootstrap(measures: ArticleMeasures, labels: pd.Series, schemes: Sequence[pd.Series], order: Sequence[str],
              n_boot: int = N_BOOT, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Estimates with intervals for every cell, and the differences between groups and between periods.

    Args:
        measures: :func:`article_measures`.
        labels: each article's group (indexed by article id).
        schemes: :func:`period_labels`.
        order: groups in display order (:func:`group_order`).
        n_boot: resamples per cell.
        seed: seed of every cell's generator.

    Returns:
        ``(estimates, differences, cells)``; columns :data:`ESTIMATE_COLUMNS`, :data:`DIFFERENCE_COLUMNS`
        (``q_value`` and ``survives`` not yet filled) and ``group, period, n_articles, small``.
    """
    if n_boot < 2:
        raise ValueError(f"n_boot must be at least 2, not {n_boot}")
    scale = measures.scale
    qs = (ALPHA / 2, 1 - ALPHA / 2)
    position = pd.Series(np.arange(len(measures.ids)), index=pd.Index(measures.ids, dtype=object))
    columns = measures.columns
    estimates: list[pd.DataFrame] = []
    differences: list[pd.DataFrame] = []
    cell_rows: list[tuple[str, str, int]] = []
    known = [g for g in order if g != UNKNOWN]
    units = [MEASURES[m].unit for m in columns["measure"]]

    def estimate_frame(cell: _Cell) -> pd.DataFrame:
        value = cell.value(scale)
        if cell.n >= 2:
            low, high = percentiles(cell.samples(scale), qs)
        else:
            low = high = np.full(len(scale), np.nan)
        return pd.DataFrame({
            "measure": columns["measure"].values, "level": columns["level"].values, "group": cell.group,
            "period": cell.period, "n_articles": cell.n, "value": value, "ci_low": low, "ci_high": high,
            "label": columns["label"].values, "unit": units, "numerator": cell.num, "denominator": cell.den,
            "small": cell.n < SMALL_GROUP})

    def difference_frame(a: _Cell, b: _Cell, contrast: str) -> pd.DataFrame:
        stats = _difference(a, b, scale, qs)
        return pd.DataFrame({
            "measure": columns["measure"].values, "level": columns["level"].values, "contrast": contrast,
            "group_a": a.group, "period_a": a.period, "group_b": b.group, "period_b": b.period, "n_a": a.n,
            "n_b": b.n, "value_a": a.value(scale), "value_b": b.value(scale), **stats, "q_value": np.nan,
            "survives": False, "label": columns["label"].values, "unit": units})

    for scheme in schemes:
        members = scheme[scheme.index.isin(position.index)]
        previous: dict[str, _Cell] = {}
        for period in sorted(members.unique()):
            ids = members.index[members.values == period]
            groups = labels.reindex(ids).fillna(UNKNOWN)
            cells: dict[str, _Cell] = {}
            for group in [g for g in order if (groups.values == g).any()] + [ALL]:
                chosen = ids if group == ALL else ids[groups.values == group]
                cells[group] = _cell(measures, position[chosen].to_numpy(), group, period, n_boot, seed)
                cell_rows.append((group, period, cells[group].n))
                estimates.append(estimate_frame(cells[group]))
            present = [cells[g] for g in known if g in cells]
            if len(present) <= MAX_PAIRWISE_GROUPS:
                for i, a in enumerate(present):
                    for b in present[i + 1:]:
                        differences.append(difference_frame(a, b, "group"))
            else:
                for a in present:
                    differences.append(difference_frame(a, _rest(present, a, period), "group"))
            if scheme.name != "all":
                for group, cell in cells.items():
                    if group in previous and group != UNKNOWN:
                        differences.append(difference_frame(cell, previous[group], "period"))
                previous.update(cells)
    est = pd.concat(estimates, ignore_index=True) if estimates else pd.DataFrame(columns=ESTIMATE_COLUMNS)
    diff = pd.concat(differences, ignore_index=True) if differences else pd.DataFrame(columns=DIFFERENCE_COLUMNS)
    cells_df = pd.DataFrame(cell_rows, columns=["group", "period", "n_articles"])
    cells_df["small"] = cells_df["n_articles"] < SMALL_GROUP
    return est[ESTIMATE_COLUMNS], diff[DIFFERENCE_COLUMNS], cells_df


# ------------------------------------------------------------------------------------------------ result
@dataclass(frozen=True)
class Comparison:
    """Every measure per group and period with its interval, and the differences that hold.

    Attributes:
        by: the articles column the groups come from.
        split_date: the before/after date, or None.
        period: ``month``, ``week`` or None.
        n_boot: resamples per cell.
        seed: the seed.
        estimates: one row per measure level, group and period (:data:`ESTIMATE_COLUMNS`): ``value`` with
            its 95 % interval ``ci_low``..``ci_high``, the cell's ``n_articles``, the summed ``numerator``
            and ``denominator``, ``small`` when the group has fewer than :data:`SMALL_GROUP` articles.
        differences: one row per contrast and measure level (:data:`DIFFERENCE_COLUMNS`):
            ``difference = value_a - value_b`` with its interval, bootstrap ``se``, ``p_value``, the
            Benjamini–Hochberg ``q_value`` and ``survives`` (``q <= ALPHA``).
        cells: ``group, period, n_articles, small``.
        groups: the groups in display order (``unknown`` last; ``all`` not listed).
        notes: what was left out and why.
        source: what was compared (a run folder's path), for figure notes.
    """

    by: str
    split_date: str | None
    period: str | None
    n_boot: int
    seed: int
    estimates: pd.DataFrame
    differences: pd.DataFrame
    cells: pd.DataFrame
    groups: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""

    def measure(self, name: str, period: str | None = None) -> pd.DataFrame:
        """The estimates of one measure (of one period, when given)."""
        rows = self.estimates[self.estimates["measure"] == name]
        return rows if period is None else rows[rows["period"] == period]

    def wide(self, measure: str, period: str = ALL) -> pd.DataFrame:
        """One measure of one period as levels × groups: ``value``, ``ci_low`` and ``ci_high`` per group
        (a column MultiIndex), rows labelled by plain names, groups in display order; for notebooks."""
        rows = self.measure(measure, period)
        groups = [g for g in [*self.groups, ALL] if g in set(rows["group"])]
        table = rows.pivot_table(index="label", columns="group", values=["value", "ci_low", "ci_high"], sort=False)
        table = table.reorder_levels([1, 0], axis=1)
        columns = pd.MultiIndex.from_product([groups, ["value", "ci_low", "ci_high"]])
        return table.reindex(columns=columns).reindex(list(dict.fromkeys(rows["label"])))

    def surviving(self) -> pd.DataFrame:
        """The differences that survive the correction, largest first within each measure."""
        rows = self.differences[self.differences["survives"]]
        rank = rows["measure"].map({m: i for i, m in enumerate(MEASURES)})
        return (rows.assign(_rank=rank, _size=-rows["difference"].abs()).sort_values(["_rank", "_size"])
                .drop(columns=["_rank", "_size"]))

    @property
    def periods(self) -> list[str]:
        """The period labels in order (``all`` first)."""
        return list(dict.fromkeys(self.cells["period"]))

    def settings(self) -> dict[str, object]:
        """The parameters and counts, as written to ``compare.json``."""
        diffs = self.differences
        return {"source": self.source, "by": self.by, "split_date": self.split_date, "period": self.period,
                "n_boot": self.n_boot, "seed": self.seed, "alpha": ALPHA, "small_group": SMALL_GROUP,
                "groups": list(self.groups),
                "periods": self.periods, "estimates": int(len(self.estimates)),
                "differences": int(len(diffs)), "tested": int(diffs["p_value"].notna().sum()),
                "surviving": int(diffs["survives"].sum()), "notes": list(self.notes)}


def compare(tables: Mapping[str, pd.DataFrame], by: str, split_date: str | None = None, period: str | None = None,
            n_boot: int = N_BOOT, seed: int = 0, top_speakers: int = TOP_SPEAKERS,
            top_countries: int = TOP_COUNTRIES, source: str = "") -> Comparison:
    """Every measure of notebook 05 by a column of the articles table, with intervals and the differences.

    Args:
        tables: run-folder tables (:func:`helpers.runfolder.load_tables`, or notebook 05's ``tables``).
        by: a column of the articles table (``source``, ``bias``, ``topic``, an input field such as
            ``speaker_side``: fields kept in ``articles.extra`` are columns, as
            :func:`helpers.runfolder.load_tables` gives them).
        split_date: ``YYYY-MM-DD``: compare the articles before it with those from it on.
        period: ``month`` or ``week``: estimates per period and differences between consecutive ones.
        n_boot: bootstrap resamples (1,000 by default).
        seed: seed of the resampling; the same seed gives the same intervals.
        top_speakers: most-quoted speakers kept as levels of ``speaker``.
        top_countries: most-named countries kept as levels of ``country``.
        source: what is compared (e.g. the run folder), shown in figure notes.

    Returns:
        A :class:`Comparison`.

    Raises:
        UnknownColumn: ``by`` is not a column of the articles table (the message lists the columns).
        ValueError: a split date that is not ``YYYY-MM-DD``, an unknown period, ``n_boot`` below 2.
    """
    articles = expand_extra(corpus.table(tables, "articles"))
    labels = group_labels(articles, by)
    if split_date is not None:
        validate_split_date(split_date)
    dates = parse_dates(articles)
    dates = dates[~dates.index.duplicated()]
    schemes = period_labels(dates, split_date, period)
    measures = article_measures(tables, top_speakers, top_countries)
    order = group_order(labels, by)
    estimates, differences, cells = bootstrap(measures, labels, schemes, order, n_boot, seed)
    differences["q_value"] = benjamini_hochberg(differences["p_value"].to_numpy(dtype=float))
    differences["survives"] = (differences["q_value"] <= ALPHA).fillna(False).astype(bool)
    notes = list(measures.notes)
    if len(schemes) > 1:
        undated = int(dates.isna().sum())
        if undated:
            notes.append(f"{undated} article(s) without a usable date are in period 'all' only")
    n_duplicate = int(articles["id"].astype(str).duplicated().sum()) if "id" in articles else 0
    if n_duplicate:
        notes.append(f"{n_duplicate} repeated article id(s) counted once")
    return Comparison(by, split_date, period, n_boot, seed, estimates, differences, cells, tuple(order),
                      tuple(notes), source)


def write(comparison: Comparison, out: str | Path) -> dict[str, Path]:
    """Write ``estimates.csv``, ``differences.csv`` and ``compare.json`` (settings, counts, notes) to ``out``.

    Returns:
        The paths by name.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"estimates": folder / "estimates.csv", "differences": folder / "differences.csv",
             "settings": folder / "compare.json"}
    comparison.estimates.to_csv(paths["estimates"], index=False)
    comparison.differences.to_csv(paths["differences"], index=False)
    paths["settings"].write_text(json.dumps(comparison.settings(), indent=2) + "\n", encoding="utf-8")
    return paths
