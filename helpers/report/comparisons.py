"""Figures and tables of a :class:`helpers.compare.Comparison`: every value with its 95 % interval.

Each chart says its point: the title states the finding (the largest difference that survives the
Benjamini–Hochberg correction, or that none does), the subtitle the measure and its unit, a note at the
foot the source, the articles per group and the method. Codes carry plain names (CAMEO roots, countries,
frames, techniques). A group with fewer than :data:`helpers.compare.SMALL_GROUP` articles is drawn with
hollow markers and marked in the legend. Every figure is saved by :func:`helpers.report.figures.save_figure`
as ``NAME.png`` beside ``NAME.csv``, the rows it plots.

- :func:`group_chart`: one measure, its levels down the side, one dot and interval per group;
- :func:`period_chart`: one measure before and after the split date, one panel per group;
- :func:`timeline_chart`: a few levels of one measure month by month (or week by week), one line and
  band per group;
- :func:`difference_chart`: the differences that hold, with their intervals;
- :func:`draw_all`: all of them for a comparison, into a folder;
- :func:`markdown_table`: measures × groups, ``value [low, high]``, and :func:`differences_markdown`: the
  differences with their intervals and q-values, for a README.
"""
from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from typing import Sequence

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import PercentFormatter

from helpers import compare
from helpers.report.figures import save_figure
from helpers.runfolder import expand_extra

matplotlib.rcParams.update({"axes.spines.top": False, "axes.spines.right": False})

#: Colours of the bias labels (AllSides' blue, grey, red) and of other groups in display order.
GROUP_COLOURS: dict[str, str] = {"left": "#2f6db5", "center": "#7a7a7a", "right": "#c23b31", compare.UNKNOWN: "#b9b9b9"}
CYCLE: tuple[str, ...] = ("#2f6db5", "#d98a1f", "#3a9a5b", "#c23b31", "#7b57a8", "#8c6d31", "#d45f9e", "#4a9fb5")
#: Levels a chart shows at most (the largest over all articles).
MAX_LEVELS: int = 12
#: Groups a chart shows at most (the largest).
MAX_GROUPS: int = 8
#: Measures whose value is a share (drawn and written as a percentage).
SHARE_MEASURES: frozenset[str] = frozenset(
    {"generic_frame", "issue_frame", "speaker_type", "anonymous", "speaker", "country", "cameo_root"})


def format_value(measure: str, value: float, like: float | None = None) -> str:
    """A value as a reader reads it: shares as percentages (one decimal under 10 %), rates with one
    decimal, sentiment with three. ``like``: format with the precision this value would get (an interval's
    bounds are written like its value)."""
    if value is None or not np.isfinite(value):
        return "–"
    if measure in SHARE_MEASURES:
        reference = value if like is None or not np.isfinite(like) else like
        return f"{100 * value:.1f} %" if abs(reference) < 0.1 else f"{100 * value:.0f} %"
    if measure in ("polarity", "subjectivity"):
        return f"{value:.3f}"
    return f"{value:.1f}"


def format_interval(measure: str, value: float, low: float, high: float) -> str:
    """``value [low, high]``, the bounds with the value's precision."""
    return (f"{format_value(measure, value)} [{format_value(measure, low, like=value)}, "
            f"{format_value(measure, high, like=value)}]")


def format_difference(measure: str, value: float) -> str:
    """A difference: percentage points for shares, else the measure's own unit."""
    if value is None or not np.isfinite(value):
        return "–"
    if measure in SHARE_MEASURES:
        return f"{100 * value:+.1f} pp"
    return f"{value:+.3f}" if measure in ("polarity", "subjectivity") else f"{value:+.1f}"


def colours(groups: Sequence[str]) -> dict[str, str]:
    """A colour per group: the bias colours, else a fixed cycle in display order."""
    out, i = {}, 0
    for g in groups:
        if g in GROUP_COLOURS:
            out[g] = GROUP_COLOURS[g]
        else:
            out[g] = CYCLE[i % len(CYCLE)]
            i += 1
    return out


def shown_groups(comparison: compare.Comparison, period: str = compare.ALL, max_groups: int = MAX_GROUPS) -> list[str]:
    """The groups a chart shows: those of ``period`` in display order, the ``max_groups`` largest when
    there are more (``unknown`` only when it fits)."""
    cells = comparison.cells[(comparison.cells["period"] == period) & (comparison.cells["group"] != compare.ALL)]
    present = [g for g in comparison.groups if g in set(cells["group"])]
    if len(present) <= max_groups:
        return present
    size = cells.set_index("group")["n_articles"]
    keep = set(sorted((g for g in present if g != compare.UNKNOWN), key=lambda g: -size[g])[:max_groups])
    return [g for g in present if g in keep]


def top_levels(comparison: compare.Comparison, measure: str, max_levels: int = MAX_LEVELS) -> list[str]:
    """The levels of a measure a chart shows: all when few, else the largest over all articles."""
    rows = comparison.estimates[(comparison.estimates["measure"] == measure)
                                & (comparison.estimates["group"] == compare.ALL)
                                & (comparison.estimates["period"] == compare.ALL)]
    levels = list(dict.fromkeys(rows["level"]))
    if len(levels) <= max_levels:
        return levels
    ranked = rows.sort_values("value", ascending=False, kind="stable")
    keep = set(ranked["level"].head(max_levels))
    return [lv for lv in levels if lv in keep]


def period_start(label: str) -> datetime:
    """The first day of a period label: ``YYYY-MM``, ``YYYY-Qn`` or ISO ``YYYY-Www`` (its Monday)."""
    if "-W" in label:
        return datetime.strptime(f"{label}-1", "%G-W%V-%u")
    if "-Q" in label:
        year, quarter = label.split("-Q")
        return datetime(int(year), 3 * int(quarter) - 2, 1)
    return datetime.strptime(label, "%Y-%m")


def _label(group: str, n: int) -> str:
    small = n < compare.SMALL_GROUP
    return f"{group} (n={n:,}{', fewer than ' + str(compare.SMALL_GROUP) + ': read with care' if small else ''})"


#: How a finding between groups reads, per measure: (a above b, a below b); ``{label}`` the level's name.
FINDINGS: dict[str, tuple[str, str]] = {
    "polarity": ("writes more positive sentences than", "writes more negative sentences than"),
    "subjectivity": ("writes more subjective sentences than", "writes less subjective sentences than"),
    "rhetoric": ("uses more {label} than", "uses fewer {label} than"),
    "technique": ("uses more {label} than", "uses less {label} than"),
    "generic_frame": ("uses the {label} frame more often than", "uses the {label} frame less often than"),
    "issue_frame": ("uses the {label} frame more often than", "uses the {label} frame less often than"),
    "speaker_type": ("quotes {label} more often than", "quotes {label} less often than"),
    "anonymous": ("quotes anonymous sources more often than", "quotes anonymous sources less often than"),
    "speaker": ("quotes {label} more often than", "quotes {label} less often than"),
    "country": ("names {label} more often than", "names {label} less often than"),
    "cameo_root": ("reports more {label} events than", "reports fewer {label} events than"),
}


def finding(comparison: compare.Comparison, measure: str, contrast: str = "group", period: str = compare.ALL,
            groups: Sequence[str] | None = None) -> str:
    """One sentence stating what a chart shows: the largest surviving difference of ``measure`` (largest
    ``|difference| / se``), or that no difference holds.

    Args:
        comparison: the comparison.
        measure: the measure.
        contrast: ``group`` (between groups within ``period``) or ``period`` (between periods).
        period: the period of group contrasts.
        groups: only differences between these groups (default: all).
    """
    spec = compare.MEASURES[measure]
    diffs = comparison.differences
    rows = diffs[(diffs["measure"] == measure) & (diffs["contrast"] == contrast)]
    if contrast == "group":
        rows = rows[rows["period_a"] == period]
    rows = rows[rows["group_a"] != compare.ALL] if contrast == "group" else rows
    if groups is not None:
        rows = rows[rows["group_a"].isin(groups) & (rows["group_b"].isin(groups) | (rows["group_b"] == "rest"))]
    held = rows[rows["survives"]]
    if held.empty:
        tested = int(rows["p_value"].notna().sum())
        what = "between groups" if contrast == "group" else "between periods"
        return f"No difference in {spec.title} {what} holds after correction ({tested} tested)"
    best = held.loc[(held["difference"].abs() / held["se"]).idxmax()]
    label = best["label"] if best["level"] not in ("mean", "share") else spec.title
    a, b = format_value(measure, best["value_a"]), format_value(measure, best["value_b"])
    extra = f"; {len(held) - 1} more of {int(rows['p_value'].notna().sum())} hold" if len(held) > 1 else ""
    if contrast == "group":
        more, less = FINDINGS.get(measure, ("more {label} than", "less {label} than"))
        verb = (more if best["difference"] > 0 else less).format(label=label)
        return f"{best['group_a']} {verb} {best['group_b']} ({a} vs {b}){extra}"
    direction = "rose" if best["difference"] > 0 else "fell"
    name = long_name(measure, best["level"], best["label"])
    who = "" if best["group_a"] == compare.ALL else f" ({best['group_a']})"
    return f"{name[:1].upper()}{name[1:]}{who} {direction} from {b} {_when(best['period_b'])} to {a} " \
           f"{_when(best['period_a'])}{extra}"


def _when(period: str) -> str:
    return period if period.startswith(("before ", "from ")) else f"in {period}"


def compared(row: pd.Series) -> str:
    """What a row of the differences table compares: ``left − right``, ``left − right (before 2016-11-08)``,
    ``ukraine: after − before 2022-02-24`` or ``russia: 2022-03 − 2022-02``."""
    if row["contrast"] == "group":
        where = "" if row["period_a"] == compare.ALL else f" ({row['period_a']})"
        return f"{row['group_a']} − {row['group_b']}{where}"
    a, b = str(row["period_a"]), str(row["period_b"])
    if a.startswith("from ") and b.startswith("before "):
        return f"{row['group_a']}: after − before {b.removeprefix('before ')}"
    return f"{row['group_a']}: {a} − {b}"


def _footer(comparison: compare.Comparison, groups: Sequence[str], period: str) -> str:
    cells = comparison.cells[comparison.cells["period"] == period].set_index("group")["n_articles"]
    sizes = ", ".join(f"{g} {int(cells.get(g, 0)):,}" for g in groups)
    source = f"Source: {comparison.source}. " if comparison.source else ""
    return (f"{source}Articles: {sizes}. 95 % intervals: article-level bootstrap, {comparison.n_boot:,} resamples "
            f"(seed {comparison.seed}); * a difference between groups holds (Benjamini–Hochberg, FDR "
            f"{compare.ALPHA:.0%}).")


def _axis(ax, measure: str) -> None:
    if measure in SHARE_MEASURES:
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)


def _titles(fig, title: str, subtitle: str, footer: str, height: float) -> None:
    fig.suptitle(title, x=0.01, y=1 - 0.05 / height * 4, ha="left", fontsize=11, fontweight="bold")
    fig.text(0.01, 1 - 0.05 / height * 4 - 0.35 / height, subtitle, ha="left", va="top", fontsize=9,
             color="#444444")
    fig.text(0.01, 0.01, footer, ha="left", va="bottom", fontsize=7, color="#666666", wrap=True)


def _dodge(n: int, width: float = 0.7) -> np.ndarray:
    return (np.arange(n) - (n - 1) / 2) * (width / max(n, 1))


def _xerr(value: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Error-bar lengths below and above each value; none where the interval is missing (one article)."""
    return np.nan_to_num(np.vstack([value - low, high - value]), nan=0.0).clip(min=0.0)


def _level_labels(comparison: compare.Comparison, measure: str, levels: Sequence[str], period: str,
                  groups: Sequence[str]) -> list[str]:
    rows = comparison.estimates[(comparison.estimates["measure"] == measure)]
    names = dict(zip(rows["level"], rows["label"]))
    diffs = comparison.differences
    held = diffs[(diffs["measure"] == measure) & (diffs["contrast"] == "group") & (diffs["period_a"] == period)
                 & diffs["survives"] & diffs["group_a"].isin(groups)]
    marked = set(held["level"])
    single = compare.MEASURES[measure].title
    return [f"{single if names.get(lv) in ('mean', 'share') else names.get(lv, lv)}{' *' if lv in marked else ''}"
            for lv in levels]


def group_chart(comparison: compare.Comparison, measure: str, period: str = compare.ALL,
                max_levels: int = MAX_LEVELS, max_groups: int = MAX_GROUPS):
    """Dots and 95 % intervals of one measure per group, its levels down the side.

    Returns:
        ``(figure, data)``: the closed figure and the estimate rows it plots (``None, empty`` when the
        measure has no rows).
    """
    groups = shown_groups(comparison, period, max_groups)
    levels = top_levels(comparison, measure, max_levels)
    est = comparison.estimates
    data = est[(est["measure"] == measure) & (est["period"] == period) & est["group"].isin(groups)
               & est["level"].isin(levels)].reset_index(drop=True)
    if data.empty:
        return None, data
    palette = colours(groups)
    height = max(2.8, 0.32 * len(levels) * max(1.0, len(groups) / 2.5) + 2.2)
    fig, ax = plt.subplots(figsize=(8.5, height))
    offsets = _dodge(len(groups))
    for k, group in enumerate(groups):
        rows = data[data["group"] == group].set_index("level").reindex(levels)
        value, low, high = (rows[c].to_numpy(dtype=float) for c in ("value", "ci_low", "ci_high"))
        y = np.arange(len(levels)) + offsets[k]
        n = int(comparison.cells.query("group == @group and period == @period")["n_articles"].iloc[0])
        small = n < compare.SMALL_GROUP
        ax.errorbar(value, y, xerr=_xerr(value, low, high),
                    fmt="o", color=palette[group], ecolor=palette[group], elinewidth=1.6, capsize=2, markersize=5,
                    markerfacecolor="white" if small else palette[group], label=_label(group, n))
    ax.set_yticks(range(len(levels)), _level_labels(comparison, measure, levels, period, groups))
    ax.invert_yaxis()
    _axis(ax, measure)
    ax.legend(fontsize=7, loc="lower right", frameon=False, bbox_to_anchor=(1.0, 1.0), ncol=min(len(groups), 3))
    spec = compare.MEASURES[measure]
    where = "" if period == compare.ALL else f", {period}"
    fig.tight_layout(rect=(0, 0.06, 1, 1 - 0.75 / height))
    _titles(fig, finding(comparison, measure, "group", period, groups),
            f"{spec.title.capitalize()}: {spec.unit}, by {comparison.by}{where}", _footer(comparison, groups, period),
            height)
    plt.close(fig)
    return fig, data


def period_chart(comparison: compare.Comparison, measure: str, max_levels: int = MAX_LEVELS,
                 max_groups: int = MAX_GROUPS):
    """One measure before and after the split date: a panel per group, the two periods' dots and intervals
    per level; a level whose change holds is marked ``*``.

    Returns:
        ``(figure, data)``; ``None, empty`` without a split date or rows.
    """
    if comparison.split_date is None:
        return None, pd.DataFrame(columns=compare.ESTIMATE_COLUMNS)
    before, after = f"before {comparison.split_date}", f"from {comparison.split_date}"
    groups = [g for g in shown_groups(comparison, compare.ALL, max_groups) if g != compare.UNKNOWN]
    levels = top_levels(comparison, measure, max_levels)
    est = comparison.estimates
    data = est[(est["measure"] == measure) & est["period"].isin([before, after]) & est["group"].isin(groups)
               & est["level"].isin(levels)].reset_index(drop=True)
    if data.empty:
        return None, data
    diffs = comparison.differences
    held = diffs[(diffs["measure"] == measure) & (diffs["contrast"] == "period") & (diffs["period_a"] == after)
                 & diffs["survives"]]
    height = max(3.4, 0.42 * len(levels) + 2.6)
    fig, axes = plt.subplots(1, len(groups), figsize=(3.6 * len(groups) + 2.2, height), sharex=True, squeeze=False)
    names = dict(zip(data["level"], data["label"]))
    single = compare.MEASURES[measure].title
    palette = colours(groups)
    for ax, group in zip(axes[0], groups):
        for period, colour, dy, marker in ((before, "#b0b0b0", -0.15, "s"), (after, palette[group], 0.15, "o")):
            rows = data[(data["group"] == group) & (data["period"] == period)].set_index("level").reindex(levels)
            n = int(rows["n_articles"].max()) if rows["n_articles"].notna().any() else 0
            small = n < compare.SMALL_GROUP
            value, low, high = (rows[c].to_numpy(dtype=float) for c in ("value", "ci_low", "ci_high"))
            ax.errorbar(value, np.arange(len(levels)) + dy, xerr=_xerr(value, low, high), fmt=marker, color=colour,
                        markersize=5, capsize=2, markerfacecolor="white" if small else colour,
                        label=f"{period} (n={n:,}{f', fewer than {compare.SMALL_GROUP}' if small else ''})")
        marked = set(held[held["group_a"] == group]["level"])
        ax.set_yticks(range(len(levels)),
                      [f"{single if names.get(lv) in ('mean', 'share') else names.get(lv, lv)}"
                       f"{' *' if lv in marked else ''}" for lv in levels])
        ax.invert_yaxis()
        _axis(ax, measure)
        legend = ax.legend(fontsize=7, frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), title=group,
                           alignment="left")
        legend.get_title().set_fontweight("bold")
    spec = compare.MEASURES[measure]
    fig.tight_layout(rect=(0, 0.35 / height, 1, 1 - 0.8 / height))
    footer = _footer(comparison, groups, compare.ALL).replace("between groups", "between the periods")
    _titles(fig, finding(comparison, measure, "period", groups=groups),
            f"{spec.title.capitalize()}: {spec.unit}, before and after {comparison.split_date}", footer, height)
    plt.close(fig)
    return fig, data


def timeline_chart(comparison: compare.Comparison, measure: str, levels: Sequence[str] | None = None,
                   max_groups: int = MAX_GROUPS, n_levels: int = 4):
    """A few levels of one measure period by period: one panel per level, a line and a 95 % band per group.

    Returns:
        ``(figure, data)``; ``None, empty`` without ``period`` or rows.
    """
    if comparison.period is None:
        return None, pd.DataFrame(columns=compare.ESTIMATE_COLUMNS)
    levels = list(levels) if levels is not None else top_levels(comparison, measure, n_levels)
    groups = [g for g in shown_groups(comparison, compare.ALL, max_groups) if g != compare.UNKNOWN]
    est = comparison.estimates
    periods = [p for p in comparison.periods if p != compare.ALL and not p.startswith(("before ", "from "))]
    data = est[(est["measure"] == measure) & est["period"].isin(periods) & est["group"].isin(groups)
               & est["level"].isin(levels)].reset_index(drop=True)
    if data.empty:
        return None, data
    palette = colours(groups)
    position = {p: period_start(p) for p in periods}
    ncols = min(2, len(levels))
    nrows = -(-len(levels) // ncols)
    height = 2.9 * nrows + 1.6
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols + 1.2, height), squeeze=False, sharey=True)
    for ax in axes.ravel()[len(levels):]:
        ax.set_visible(False)
    for ax, level in zip(axes.ravel(), levels):
        for group in groups:
            rows = data[(data["group"] == group) & (data["level"] == level)]
            x = rows["period"].map(position)
            ax.plot(x, rows["value"], color=palette[group], marker="o", markersize=2.5, linewidth=1.2, label=group)
            ax.fill_between(x, rows["ci_low"], rows["ci_high"], color=palette[group], alpha=0.15, linewidth=0)
            small = rows[rows["small"]]
            ax.plot(small["period"].map(position), small["value"], "o", markersize=4, markerfacecolor="white",
                    color=palette[group])
        ax.tick_params(axis="x", labelrotation=45, labelsize=7)
        name = data.loc[data["level"] == level, "label"].iloc[0]
        ax.set_title(compare.MEASURES[measure].title if name in ("mean", "share") else name, fontsize=9)
        if measure in SHARE_MEASURES:
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))
    axes[0][-1].legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    spec = compare.MEASURES[measure]
    fig.tight_layout(rect=(0, 0.4 / height, 1, 1 - 0.75 / height))
    footer = (f"{'Source: ' + comparison.source + '. ' if comparison.source else ''}Bands: 95 % article-level "
              f"bootstrap intervals ({comparison.n_boot:,} resamples); hollow dots: fewer than "
              f"{compare.SMALL_GROUP} articles in the {comparison.period}.")
    _titles(fig, finding(comparison, measure, "period", groups=groups),
            f"{spec.title.capitalize()}: {spec.unit}, by {comparison.period} and {comparison.by}", footer, height)
    plt.close(fig)
    return fig, data


def difference_chart(comparison: compare.Comparison, contrast: str = "group", measures: Sequence[str] | None = None,
                     max_rows: int = 30):
    """The differences that hold, largest ``|difference| / se`` first, each with its 95 % interval (one
    panel per unit, so shares and rates are not drawn on one axis).

    Returns:
        ``(figure, data)``; ``None, data`` when none holds (``data`` is then empty).
    """
    diffs = comparison.differences
    rows = diffs[(diffs["contrast"] == contrast) & diffs["survives"] & (diffs["group_b"] != compare.ALL)]
    if measures is not None:
        rows = rows[rows["measure"].isin(measures)]
    if rows.empty:
        return None, rows.reset_index(drop=True)
    rows = rows.assign(_z=rows["difference"].abs() / rows["se"]).sort_values("_z", ascending=False).head(max_rows)
    rows = rows.drop(columns="_z").reset_index(drop=True)
    kinds = ["percentage points" if m in SHARE_MEASURES else compare.MEASURES[m].unit for m in rows["measure"]]
    panels = list(dict.fromkeys(kinds))
    rows = rows.assign(_kind=kinds).sort_values("_kind", key=lambda s: s.map(panels.index), kind="stable")
    height = max(3.0, 0.3 * len(rows) + 1.0 * len(panels) + 1.6)
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, height), squeeze=False,
                             gridspec_kw={"height_ratios": [max(1, (rows["_kind"] == k).sum()) for k in panels]})
    for ax, kind in zip(axes[:, 0], panels):
        part = rows[rows["_kind"] == kind]
        y = np.arange(len(part))
        labels = []
        for _, r in part.iterrows():
            labels.append(f"{long_name(r['measure'], r['level'], r['label'])}: {compared(r)}")
        value, low, high = (part[c].to_numpy(dtype=float) for c in ("difference", "ci_low", "ci_high"))
        ax.errorbar(value, y, xerr=_xerr(value, low, high), fmt="o", color="#333333", capsize=2, markersize=4)
        ax.axvline(0, color="#999999", linewidth=0.8)
        ax.set_yticks(y, labels, fontsize=8)
        ax.invert_yaxis()
        if kind == "percentage points":
            ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))
        ax.set_xlabel(f"difference, {kind}", fontsize=8)
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    n_held = int((diffs["contrast"] == contrast).mul(diffs["survives"]).sum())
    n_tested = int(((diffs["contrast"] == contrast) & diffs["p_value"].notna()).sum())
    what = "groups" if contrast == "group" else "periods"
    title = f"{n_held} of {n_tested} differences between {what} hold after correction"
    fig.tight_layout(rect=(0, 0.05, 1, 1 - 0.75 / height))
    source = f"Source: {comparison.source}. " if comparison.source else ""
    _titles(fig, title, f"The {min(max_rows, n_held)} largest (|difference| / bootstrap SE), with 95 % intervals; "
            f"by {comparison.by}", f"{source}Benjamini–Hochberg over the table's "
            f"{int(diffs['p_value'].notna().sum()):,} tested differences at FDR {compare.ALPHA:.0%}; "
            f"{comparison.n_boot:,} resamples.", height)
    plt.close(fig)
    return fig, rows.drop(columns="_kind")


def draw_all(comparison: compare.Comparison, folder: str | Path, max_levels: int = MAX_LEVELS) -> list[Path]:
    """Every chart of a comparison into ``folder``: ``groups_<measure>``, ``periods_<measure>`` (split
    date), ``timeline_<measure>`` (month or week), ``differences_groups`` and ``differences_periods``;
    each PNG beside its CSV.

    Returns:
        The PNG paths.
    """
    folder = Path(folder)
    paths: list[Path] = []
    measures = list(dict.fromkeys(comparison.estimates["measure"]))
    for measure in measures:
        drawn = [(f"groups_{measure}", group_chart(comparison, measure, max_levels=max_levels))]
        drawn.append((f"periods_{measure}", period_chart(comparison, measure, max_levels=max_levels)))
        drawn.append((f"timeline_{measure}", timeline_chart(comparison, measure)))
        for name, (fig, data) in drawn:
            if fig is not None:
                paths.append(save_figure(fig, data, name, folder)[0])
    for contrast in ("group", "period"):
        fig, data = difference_chart(comparison, contrast)
        if fig is not None:
            paths.append(save_figure(fig, data, f"differences_{contrast}s", folder)[0])
    return paths


#: How a level's plain name reads outside its own chart (``{label}``, ``{level}``).
LONG_NAMES: dict[str, str] = {
    "generic_frame": "{label} frame", "issue_frame": "{label} (issue frame)", "cameo_root": "{label} (CAMEO {level})",
    "country": "naming {label}", "speaker": "quotes of {label}", "speaker_type": "quotes of {label}",
}


def long_name(measure: str, level: str, label: str) -> str:
    """A level's name that reads alone: ``Demand (CAMEO 10)``, ``naming Syria``, ``human interest frame``;
    the measure's title for single-level measures (sentiment, anonymous share)."""
    if label in ("mean", "share"):
        return compare.MEASURES[measure].title
    return LONG_NAMES.get(measure, "{label}").format(label=label, level=level)


def markdown_table(comparison: compare.Comparison, rows: Sequence[tuple[str, str]], period: str = compare.ALL,
                   groups: Sequence[str] | None = None, cells: Sequence[tuple[str, str]] | None = None) -> str:
    """Measure levels × groups (or group–period cells) as a Markdown table, each cell ``value [low, high]``.

    Marks: ``*`` after a row's name when a difference between the shown groups holds in a shown period;
    ``↑`` / ``↓`` after a cell when its change from the group's previous period holds.

    Args:
        comparison: the comparison.
        rows: ``(measure, level)`` pairs in the order wanted (pairs without estimates are skipped).
        period: the period shown when ``cells`` is not given.
        groups: the groups shown when ``cells`` is not given (default: the period's, ``unknown`` left out).
        cells: ``(group, period)`` columns, e.g. each side before and after a split date.
    """
    if cells is None:
        shown = list(groups) if groups is not None else [g for g in shown_groups(comparison, period)
                                                          if g != compare.UNKNOWN]
        cells = [(g, period) for g in shown]
    cells = list(cells)
    multi_period = len({p for _, p in cells}) > 1
    est = comparison.estimates.set_index(["measure", "level", "group", "period"])
    diffs = comparison.differences
    held = diffs[diffs["survives"]]
    group_held = held[(held["contrast"] == "group") & held["period_a"].isin({p for _, p in cells})
                      & held["group_a"].isin({g for g, _ in cells}) & held["group_b"].isin({g for g, _ in cells})]
    period_held = held[held["contrast"] == "period"].set_index(["measure", "level", "group_a", "period_a"])
    size = comparison.cells.set_index(["group", "period"])["n_articles"]
    heads = [f"{g}{', ' + p if multi_period else ''} (n={int(size.get((g, p), 0)):,})" for g, p in cells]
    lines = ["| measure | unit | " + " | ".join(heads) + " |", "|---|---|" + "---|" * len(cells)]
    for measure, level in rows:
        found = [(g, p) for g, p in cells if (measure, level, g, p) in est.index]
        if not found:
            continue
        first = est.loc[(measure, level, *found[0])]
        mark = " *" if ((group_held["measure"] == measure) & (group_held["level"] == level)).any() else ""
        values = []
        for g, p in cells:
            if (measure, level, g, p) not in est.index:
                values.append("–")
                continue
            r = est.loc[(measure, level, g, p)]
            text = format_interval(measure, r["value"], r["ci_low"], r["ci_high"])
            if (measure, level, g, p) in period_held.index:
                text += " ↑" if float(period_held.loc[(measure, level, g, p), "difference"]) > 0 else " ↓"
            values.append(text)
        lines.append(f"| {long_name(measure, level, first['label'])}{mark} | {compare.MEASURES[measure].unit} | "
                     + " | ".join(values) + " |")
    return "\n".join(lines)


def differences_markdown(comparison: compare.Comparison, contrast: str | None = None,
                         rows: Sequence[tuple[str, str]] | None = None, top: int | None = 25,
                         only_holding: bool = True) -> str:
    """Differences as a Markdown table, largest ``|difference| / se`` first: what is compared, the two
    values, the difference with its 95 % interval, and the Benjamini–Hochberg q-value.

    Args:
        comparison: the comparison.
        contrast: ``group``, ``period`` or None for both.
        rows: only these ``(measure, level)`` pairs (in this order, then by size), else every measure level.
        top: at most this many rows (None: all).
        only_holding: only the differences that hold.
    """
    diffs = comparison.differences
    diffs = diffs[diffs["p_value"].notna() & (diffs["group_b"] != compare.ALL)]
    if contrast is not None:
        diffs = diffs[diffs["contrast"] == contrast]
    if only_holding:
        diffs = diffs[diffs["survives"]]
    if rows is not None:
        order = {pair: i for i, pair in enumerate(rows)}
        keys = list(zip(diffs["measure"], diffs["level"]))
        diffs = diffs[[k in order for k in keys]].assign(_row=[order[k] for k in keys if k in order])
    else:
        diffs = diffs.assign(_row=0)
    diffs = diffs.assign(_z=-(diffs["difference"].abs() / diffs["se"])).sort_values(["_row", "_z"])
    if top is not None:
        diffs = diffs.head(top)
    lines = ["| measure | unit | compared | values | difference [95 % interval] | q | holds |",
             "|---|---|---|---|---|---|---|"]
    for _, r in diffs.iterrows():
        m = r["measure"]
        what = compared(r)
        values = f"{format_value(m, r['value_a'])} vs {format_value(m, r['value_b'])}"
        interval = (f"{format_difference(m, r['difference'])} [{format_difference(m, r['ci_low'])}, "
                    f"{format_difference(m, r['ci_high'])}]")
        lines.append(f"| {long_name(m, r['level'], r['label'])} | {compare.MEASURES[m].unit} | {what} | {values} | "
                     f"{interval} | "
                     f"{r['q_value']:.3g} | {'yes' if r['survives'] else 'no'} |")
    return "\n".join(lines)


#: The measures notebook 05 charts for each grouping, in reading order.
NOTEBOOK_MEASURES: tuple[str, ...] = ("rhetoric", "generic_frame", "issue_frame", "anonymous", "speaker_type",
                                      "country", "cameo_root", "polarity", "subjectivity", "technique", "speaker")


def overview(tables, comparisons: dict[str, compare.Comparison]) -> str:
    """The corpus findings paragraph (HTML, every name escaped): what was compared, and the differences
    that hold, strongest first, one sentence per measure."""
    articles = tables["articles"]
    dates = compare.parse_dates(articles).dropna()
    span = f", {dates.min():%B %Y} to {dates.max():%B %Y}" if len(dates) else ""
    parts = [f"<p><b>{len(articles):,} articles</b> from {articles['source'].nunique():,} outlets{span}.</p>"]
    for by, result in comparisons.items():
        groups = result.cells[(result.cells["period"] == compare.ALL) & (result.cells["group"] != compare.ALL)]
        sizes = ", ".join(f"{g} {int(n):,}" for g, n in zip(groups["group"], groups["n_articles"]))
        sizes = sizes if len(sizes) <= 400 else sizes[:399].rsplit(",", 1)[0] + " …"
        held = result.surviving()
        held = held[(held["contrast"] == "group") & (held["group_b"] != compare.ALL)]
        diffs = result.differences
        tested = int(((diffs["contrast"] == "group") & diffs["p_value"].notna()).sum())
        items = "".join(f"<li>{html.escape(finding(result, m))}</li>"
                        for m in [m for m in NOTEBOOK_MEASURES if m in set(held["measure"])][:6])
        parts.append(f"<p><b>By {html.escape(by)}</b> ({html.escape(sizes)}): {len(held):,} of {tested:,} tested "
                     f"differences between groups hold after the Benjamini–Hochberg correction.</p>"
                     + (f"<ul>{items}</ul>" if items else ""))
    parts.append("<p>Intervals cover the sampling of articles, not the stages' own error rates (Methods below): "
                 "read a difference smaller than a stage's error rate as a lead to check in the articles.</p>")
    return "".join(parts)


#: The measures charted for a grouping of many groups (outlets): the ones a reader compares first.
MANY_GROUPS_MEASURES: tuple[str, ...] = ("rhetoric", "generic_frame", "anonymous")


def notebook_figures(comparison: compare.Comparison, prefix: str = "05",
                     measures: Sequence[str] | None = None) -> list[tuple[object, pd.DataFrame, str, str]]:
    """``(figure, data, name, alt)`` for each measure with rows: the group charts of notebook 05 (for a
    grouping of more than :data:`MAX_GROUPS` groups, only :data:`MANY_GROUPS_MEASURES`)."""
    if measures is None:
        many = comparison.cells["group"].nunique() > MAX_GROUPS + 1
        measures = MANY_GROUPS_MEASURES if many else NOTEBOOK_MEASURES
    out = []
    for measure in measures:
        fig, data = group_chart(comparison, measure)
        if fig is None:
            continue
        levels = ", ".join(dict.fromkeys(data["label"].astype(str)))[:300]
        alt = (f"Dot chart with 95% intervals of {compare.MEASURES[measure].title} by {comparison.by} "
               f"({compare.MEASURES[measure].unit}) for {levels}. {finding(comparison, measure)}")
        out.append((fig, data, f"{prefix}_{measure}_by_{comparison.by}", alt))
    return out


#: Months of dates above which a timeline is drawn by quarter: 97 monthly points a line are noise to a reader.
QUARTERLY_FROM_MONTHS: int = 24
#: The measures a timeline shows.
TIMELINE_MEASURES: tuple[str, ...] = ("generic_frame", "rhetoric")


def compare_groupings(tables, group_by: Sequence[str], n_boot: int = compare.N_BOOT, seed: int = 0,
                      source: str = "") -> dict[str, compare.Comparison]:
    """:func:`helpers.compare.compare` for each grouping that has something to compare: a column the
    articles have, with at least two groups of known value; nothing for a single article."""
    articles = expand_extra(tables["articles"])
    if len(articles) < 2:
        return {}
    out = {}
    for by in group_by:
        if by not in articles.columns:
            continue
        labels = compare.group_labels(articles, by)
        if labels[labels != compare.UNKNOWN].nunique() < 2:
            continue
        out[by] = compare.compare(tables, by=by, n_boot=n_boot, seed=seed, source=source)
    return out


def monthly(tables, by: str = "bias", n_boot: int = compare.N_BOOT, seed: int = 0, source: str = "",
            measures: Sequence[str] = TIMELINE_MEASURES) -> list[tuple[object, pd.DataFrame, str, str]]:
    """Timelines of a few measures with their intervals, by month, or by quarter over more than
    :data:`QUARTERLY_FROM_MONTHS` months; ``[]`` with fewer than two dated months."""
    articles = tables["articles"]
    dates = compare.parse_dates(articles).dropna()
    months = dates.dt.strftime("%Y-%m").nunique()
    if months < 2:
        return []
    period = "quarter" if months > QUARTERLY_FROM_MONTHS else "month"
    labels = compare.group_labels(articles, by) if by in articles.columns else None
    if labels is None or labels[labels != compare.UNKNOWN].nunique() < 1:
        return []
    result = compare.compare(tables, by=by, period=period, n_boot=n_boot, seed=seed, source=source)
    out = []
    for measure in measures:
        fig, data = timeline_chart(result, measure)
        if fig is not None:
            alt = (f"Line charts with 95% bands of {compare.MEASURES[measure].title} by {period} and {by}, "
                   f"{len(set(data['period'])):,} {period}s. {finding(result, measure, 'period')}")
            out.append((fig, data, f"05_{measure}_by_{period}_and_{by}", alt))
    return out
