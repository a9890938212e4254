"""Figures: every chart of the notebooks and reports, each saved as PNG beside the CSV of its numbers.

The Markup's convention: ``reports/figures/NN_name.{png,csv}``, ``NN`` the notebook that drew it.
:func:`bar_chart`, :func:`line_chart` and :func:`heatmap` draw the comparisons of notebook 05 and
:func:`note` (in :mod:`helpers.report.markup`) stands in for a figure when there is nothing to draw.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import matplotlib
import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd

from helpers import config, corpus, frames
from helpers.report.markup import note

matplotlib.rcParams.update({"figure.dpi": 100, "axes.spines.top": False, "axes.spines.right": False})

def save_figure(fig, data: pd.DataFrame, name: str, folder: Path | None = None) -> tuple[Path, Path]:
    """Save a matplotlib figure as ``NAME.png`` beside ``NAME.csv`` holding the numbers it plots.

    Args:
        fig: the matplotlib figure.
        data: the table of plotted numbers.
        name: file stem, prefixed by the notebook number (``02_sentiment``).
        folder: defaults to ``reports/figures``.

    Returns:
        The PNG and CSV paths.
    """
    folder = folder or config.FIGURES
    folder.mkdir(parents=True, exist_ok=True)
    png, csv = folder / f"{name}.png", folder / f"{name}.csv"
    fig.savefig(png, dpi=120, bbox_inches="tight")
    data.to_csv(csv, index=False)
    return png, csv


def bar_chart(data: pd.DataFrame, label: str, values: Sequence[str], titles: Sequence[str] | None = None,
              suptitle: str = "", horizontal: bool = True, panel_width: float = 5):
    """One bar panel per column of ``values``, bars labelled by ``data[label]`` (in the table's order).

    Returns:
        The matplotlib figure (closed, so that a notebook shows it once when it is the cell's value).
    """
    n = len(values)
    height = max(2.5, 0.3 * len(data) + 1.2) if horizontal else 4
    fig, axes = plt.subplots(1, n, figsize=(panel_width * n, height), squeeze=False)
    labels = [str(v) for v in data[label]]
    for ax, column, sub in zip(axes[0], values, titles or values):
        numbers = pd.to_numeric(data[column], errors="coerce").fillna(0)
        if horizontal:
            ax.barh(range(len(data)), numbers, color="#4c72b0")
            ax.set_yticks(range(len(data)), labels)
            ax.invert_yaxis()
        else:
            ax.bar(range(len(data)), numbers, color="#4c72b0")
            ax.set_xticks(range(len(data)), labels, rotation=60, ha="right")
        ax.set_title(sub)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    plt.close(fig)
    return fig


def line_chart(data: pd.DataFrame, x: str, values: Sequence[str], titles: Sequence[str] | None = None,
               hue: str | None = None, suptitle: str = ""):
    """One line panel per column of ``values`` over ``data[x]`` (one line per ``hue`` value); closed figure."""
    n = len(values)
    fig, axes = plt.subplots(1, n, figsize=(6 * n, 3.8), squeeze=False)
    as_text = data[x].astype(str)
    dates = pd.to_datetime(as_text, format="%Y-%m", errors="coerce")
    timeline = bool(dates.notna().all())  # YYYY-MM: real time axis, gaps stay gaps
    xs = list(dict.fromkeys(as_text))
    position = {v: i for i, v in enumerate(xs)}
    for ax, column, sub in zip(axes[0], values, titles or values):
        series = [(None, data)] if hue is None else list(data.groupby(hue, sort=False))
        for name, part in series:
            where = dates[part.index] if timeline else [position[str(v)] for v in part[x]]
            ax.plot(where, pd.to_numeric(part[column], errors="coerce"),
                    marker="o", markersize=3, label=None if name is None else str(name))
        if timeline:
            ax.tick_params(axis="x", labelrotation=45)
        else:
            step = max(1, len(xs) // 12)
            ax.set_xticks(range(0, len(xs), step), xs[::step], rotation=60, ha="right")
        ax.set_title(sub)
        if hue is not None:
            ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    plt.close(fig)
    return fig


def heatmap(data: pd.DataFrame, rows: str, columns: str, values: str, title: str = "", fmt: str = "{:.2f}"):
    """A heatmap of ``values`` with ``rows`` × ``columns`` in the order they first appear; closed figure.

    Cells are annotated with their value when the grid is at most 20 × 20.
    """
    grid = data.pivot_table(index=rows, columns=columns, values=values, aggfunc="sum", sort=False)
    grid = grid.reindex(index=list(dict.fromkeys(data[rows])), columns=list(dict.fromkeys(data[columns])))
    fig, ax = plt.subplots(figsize=(max(4.0, 0.75 * grid.shape[1] + 2.5), max(2.5, 0.35 * grid.shape[0] + 1.5)))
    image = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="Blues")
    ax.set_xticks(range(grid.shape[1]), [str(c) for c in grid.columns], rotation=45, ha="right")
    ax.set_yticks(range(grid.shape[0]), [str(i) for i in grid.index])
    if grid.shape[0] <= 20 and grid.shape[1] <= 20:
        top = float(pd.DataFrame(grid).max().max() or 0)
        for i in range(grid.shape[0]):
            for j in range(grid.shape[1]):
                value = grid.iat[i, j]
                if pd.notna(value):
                    ax.text(j, i, fmt.format(value), ha="center", va="center", fontsize=7,
                            color="white" if top and value > 0.6 * top else "black")
    fig.colorbar(image, ax=ax, shrink=0.8)
    ax.set_title(title)
    fig.tight_layout()
    plt.close(fig)
    return fig


# ------------------------------------------------------------------------------------ framing figures
def plot_country_counts(counts: dict[str, int], top_n: int = 15):
    """Horizontal bar chart of mentions per country code (the ``top_n`` most mentioned).

    Returns:
        ``(figure, data)`` — ``data`` has columns ``country, mentions`` (what is plotted).
    """
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top_n]
    data = pd.DataFrame(ranked, columns=["country", "mentions"])
    fig, ax = plt.subplots(figsize=(6, max(1.5, 0.35 * len(data) + 0.8)))
    ax.barh(data["country"][::-1], data["mentions"][::-1], color="#4c72b0")
    ax.set_xlabel("mentions")
    ax.set_title("Country mentions (ISO 3166 alpha-3)")
    fig.tight_layout()
    return fig, data


def plot_actor_network(edges: pd.DataFrame, seed: int = 0):
    """Draw an actor co-occurrence network (networkx, spring layout) from ``source, target, weight`` edges.

    Edge width grows with the number of sentences two actors share. An empty edge list gives an empty
    figure with a note.

    Returns:
        The matplotlib figure.
    """
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.set_axis_off()
    if edges.empty:
        ax.text(0.5, 0.5, "no sentence names two actors", ha="center", va="center")
        return fig
    graph = nx.from_pandas_edgelist(edges, "source", "target", edge_attr="weight")
    pos = nx.spring_layout(graph, seed=seed, weight="weight")
    strength = dict(graph.degree(weight="weight"))
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_color="#d6f5ff", edgecolors="#4c72b0",
                           node_size=[300 + 120 * strength[n] for n in graph.nodes])
    nx.draw_networkx_edges(graph, pos, ax=ax, width=[0.8 + 1.2 * d["weight"] for *_, d in graph.edges(data=True)],
                           edge_color="#888888")
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=9)
    ax.set_title("Actors named in the same sentence")
    fig.tight_layout()
    return fig


def plot_frames_by_sentence(result: frames.FrameResult, kind: str = "generic"):
    """Heat strip of frame scores along the article (sentence index × frame).

    Returns:
        ``(figure, data)`` — ``data`` is :func:`helpers.frames.sentence_frames_table` ``(result, kind, wide=True)``.
    """
    data = frames.sentence_frames_table(result, kind, wide=True)
    names = [c for c in data.columns if c != "sentence_index"]
    if kind == "issue":  # only the issue frames that occur
        names = [c for c in names if data[c].max() > 0] or names[:1]
    matrix = data[names].to_numpy().T if len(data) else [[0.0]]
    fig, ax = plt.subplots(figsize=(max(6, 0.28 * len(data) + 2), 0.45 * len(names) + 1.2))
    image = ax.imshow(matrix, aspect="auto", cmap="Reds", vmin=0, vmax=1, interpolation="nearest")
    ax.set_yticks(range(len(names)), labels=names)
    ax.set_xlabel("sentence index")
    ax.set_title(f"{kind.capitalize()} frames along the article (sentence score)")
    fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01)
    fig.tight_layout()
    return fig, data[["sentence_index", *names]]


# ------------------------------------------------------------------------------------ corpus figures
@dataclass(frozen=True)
class MetricSpec:
    """How to plot one comparison table: single values per group (bars, or lines over months) or a
    series per group (heatmap of groups × series)."""

    table: str
    values: tuple[str, ...]
    titles: tuple[str, ...]
    series: str | None = None
    rank_by: str | None = None
    fmt: str = "{:.2f}"


#: The comparisons notebook 05 draws, by name.
METRICS: dict[str, MetricSpec] = {
    "sentiment": MetricSpec("sentiment", ("mean_polarity", "mean_subjectivity"),
                            ("mean polarity (-1..1), per article", "mean subjectivity (0..1), per article")),
    "anonymity": MetricSpec("anonymity", ("anonymous_rate", "n_attributed"),
                            ("anonymous / attributed quotes", "attributed quotes")),
    "techniques": MetricSpec("techniques", ("per_1000_words",), ("rhetoric spans per 1,000 words",),
                             series="category", fmt="{:.1f}"),
    "technique_labels": MetricSpec("technique_labels", ("per_1000_words",),
                                   ("persuasion techniques per 1,000 words",), series="label", rank_by="n_spans",
                                   fmt="{:.1f}"),
    "frames": MetricSpec("frames", ("share",), ("share of articles with the frame present",), series="frame"),
    "frame_scores": MetricSpec("frames", ("mean_score",), ("mean generic-frame score (0..1)",), series="frame"),
    "issue_frames": MetricSpec("issue_frames", ("share",), ("share of articles with the issue frame present",),
                               series="frame", rank_by="mean_score"),
    "speakers": MetricSpec("speakers", ("n_quotes",), ("attributed quotes by speaker",), series="speaker",
                           rank_by="n_quotes", fmt="{:.0f}"),
    "countries": MetricSpec("countries", ("share_articles",), ("share of articles mentioning the country",),
                            series="country", rank_by="n_articles"),
    "events": MetricSpec("events", ("share_events",), ("share of the group's coded events, by CAMEO root",),
                         series="root_name"),
}


def shown_groups(report: corpus.GroupReport, max_groups: int = 12, min_articles: int = 1) -> list[str]:
    """The groups a figure shows: months and bias labels all (chronological / left→right); outlets and
    articles the ``max_groups`` largest with at least ``min_articles`` articles; ``"unknown"`` last."""
    arts = report.articles
    keep = arts[arts["n_articles"] >= min_articles]
    if report.group in ("source", "article") and len(keep) > max_groups:
        top = set(keep.sort_values("n_articles", ascending=False, kind="stable")["group"].head(max_groups))
        keep = keep[keep["group"].isin(top)]
    return keep["group"].tolist()


def metric_data(report: corpus.GroupReport, metric: str, max_groups: int = 12, min_articles: int = 1,
                top_series: int = 12) -> pd.DataFrame:
    """The rows of one comparison that its figure plots (the CSV saved beside it).

    Keeps :func:`shown_groups`; for series metrics keeps the ``top_series`` series with the largest
    total (``rank_by``, else the plotted value) over those groups. Adds ``group_label`` = ``"group (n=N)"``.

    Raises:
        KeyError: for an unknown metric.
    """
    spec = METRICS[metric]
    df = getattr(report, spec.table)
    groups = shown_groups(report, max_groups, min_articles)
    df = df[df["group"].isin(groups)]
    if spec.series and not df.empty:
        rank = spec.rank_by or spec.values[0]
        totals = df.groupby(spec.series, sort=False)[rank].sum().sort_values(ascending=False, kind="stable")
        df = df[df[spec.series].isin(totals.index[:top_series])]
    n = report.articles.set_index("group")["n_articles"]
    df = df.assign(group_label=[f"{g} (n={int(n.get(g, 0))})" for g in df["group"]])
    return df.reset_index(drop=True)


def plot_metric(report: corpus.GroupReport, metric: str, prefix: str = "05", max_groups: int = 12,
                min_articles: int = 1, top_series: int = 12, folder: Path | None = None,
                month_series: int = 6) -> Any:
    """Draw one comparison for one grouping and save it (PNG + CSV) as ``PREFIX_<metric>_by_<group>``.

    Single-value metrics (sentiment, anonymity) are bars per group, or lines over months when there are
    at least two dated months (the ``unknown`` month is left out of a line, and of its CSV); series
    metrics are heatmaps of groups × series, lines of the ``month_series`` largest series over months, or
    bars of the series when there is a single group (one article, one outlet).

    Returns:
        The (closed) matplotlib figure, or a Markdown note when there is nothing to draw (no groups, e.g.
        no bias label in seed mode, or no rows, e.g. an article without quotes); nothing is saved then,
        and a PNG/CSV of that name left by an earlier run is removed.
    """
    spec = METRICS[metric]
    name = f"{prefix}_{metric}_by_{report.group}"
    data = metric_data(report, metric, max_groups, min_articles, top_series)
    if report.note or data.empty or pd.to_numeric(data[spec.values[0]], errors="coerce").isna().all():
        for stale in ((folder or config.FIGURES) / f"{name}.png", (folder or config.FIGURES) / f"{name}.csv"):
            stale.unlink(missing_ok=True)  # a figure of an earlier run must not outlive its data
        return note(f"{metric} by {report.group}: {report.note or 'no data to show'}.")
    title = f"{metric.replace('_', ' ')} by {report.group}"
    if spec.series and data["group"].nunique() == 1:
        fig = bar_chart(data, spec.series, spec.values[:1],
                              (f"{spec.titles[0]}\n{report.group} {data['group_label'].iloc[0]}",), panel_width=7)
    elif spec.series and report.group == "month" and data.loc[data["group"] != corpus.UNKNOWN, "group"].nunique() >= 2:
        data = data[data["group"] != corpus.UNKNOWN]
        totals = data.groupby(spec.series, sort=False)[spec.rank_by or spec.values[0]].sum()
        data = data[data[spec.series].isin(totals.sort_values(ascending=False, kind="stable").index[:month_series])]
        data = data.reset_index(drop=True)
        fig = line_chart(data, "group", spec.values[:1], (f"{spec.titles[0]}, by month",), hue=spec.series)
    elif spec.series:
        fig = heatmap(data, "group_label", spec.series, spec.values[0],
                            title=f"{spec.titles[0]}, by {report.group}", fmt=spec.fmt)
    elif report.group == "month" and (data["group"] != corpus.UNKNOWN).sum() >= 2:
        dated = data[data["group"] != corpus.UNKNOWN]
        fig = line_chart(dated, "group", spec.values, spec.titles, suptitle=title)
    else:
        fig = bar_chart(data, "group_label", spec.values, spec.titles, suptitle=title)
    save_figure(fig, data, name, folder=folder)
    return fig


def plot_groupings(reports: Mapping[str, corpus.GroupReport], metric: str, prefix: str = "05", max_groups: int = 12,
                   min_articles: int = 1, top_series: int = 12, folder: Path | None = None) -> list[Any]:
    """:func:`plot_metric` for every grouping that has something to compare, then one note listing the
    groupings that have not (so a seed run shows one line, not one per grouping).

    Returns:
        Figures and notes, ready for ``display(*...)``.
    """
    shown: list[Any] = []
    skipped: list[str] = []
    for group, rep in reports.items():
        if rep.note:
            skipped.append(f"by {group}: {rep.note}")
            plot_metric(rep, metric, prefix, folder=folder)  # a note; removes an earlier run's figure
        else:
            shown.append(plot_metric(rep, metric, prefix, max_groups, min_articles, top_series, folder))
    if skipped:
        shown.append(note(f"{metric.replace('_', ' ')} not compared " + "; ".join(skipped) + "."))
    return shown


# ------------------------------------------------------------------------------------ stage figures
def length_histogram(articles: pd.DataFrame):
    """Histogram of article lengths (words); ``(figure, data)`` with data ``id, title, n_words``."""
    data = articles[["id", "title", "n_words"]].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.hist(data["n_words"], bins=min(40, max(1, len(data))), color="#4c72b0")
    ax.set_xlabel("words per article")
    ax.set_ylabel("articles")
    ax.set_title(f"Article length ({len(data):,} articles, median {data['n_words'].median():,.0f} words)")
    fig.tight_layout()
    plt.close(fig)
    return fig, data


def sentiment_line(sentences: pd.DataFrame, title: str):
    """Polarity and subjectivity sentence by sentence; ``(figure, data)``."""
    data = sentences[["sent_index", "polarity", "subjectivity", "assessments"]].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8, 3))
    ax.plot(data["sent_index"], data["polarity"], marker="o", label="polarity (-1..1)")
    ax.plot(data["sent_index"], data["subjectivity"], marker=".", linestyle="--", label="subjectivity (0..1)")
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.set_xlabel("sentence")
    ax.set_title(f"Sentiment along the article: {title}")
    ax.legend()
    fig.tight_layout()
    plt.close(fig)
    return fig, data


def count_bars(counts: pd.DataFrame, label: str, value: str, title: str, xlabel: str, colour: str = "#4c72b0"):
    """Horizontal bars of ``counts[value]`` by ``counts[label]``, largest first; the closed figure."""
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(counts) + 1.2))
    ax.barh(counts[label].astype(str)[::-1], counts[value][::-1], color=colour)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    fig.tight_layout()
    plt.close(fig)
    return fig
