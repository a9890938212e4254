"""Figures: every chart of the notebooks and reports, each saved as PNG beside the CSV of its numbers.

The Markup's convention: ``reports/figures/NN_name.{png,csv}``, ``NN`` the notebook that drew it.
:func:`bar_chart`, :func:`line_chart` and :func:`heatmap` draw the comparisons of notebook 05 and
:func:`note` (in :mod:`helpers.report.markup`) stands in for a figure when there is nothing to draw.
"""
from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import matplotlib
import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from IPython.display import HTML

from helpers import config, corpus, frames
from helpers import glossary as g
from helpers.report.markup import note

matplotlib.rcParams.update({"figure.dpi": 100, "axes.spines.top": False, "axes.spines.right": False,
                            "font.size": 10, "axes.titlesize": 10, "axes.labelsize": 10})
#: Grey of subtitles and notes.
MUTED: str = "#555555"

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
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=9, labels={n: g.short_name(n) for n in graph.nodes})
    top = edges.iloc[0]
    return titled(fig, f"{g.country_name(top['source'])} and {g.country_name(top['target'])} are named together most",
                  "Actors named in the same sentence; a thicker line = more sentences",
                  f"Source: framelab actor dictionary; {int(edges['weight'].sum()):,} pairings.")


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


# ------------------------------------------------------------------------------------ stage figures
def titled(fig, title: str, subtitle: str = "", note_text: str = ""):
    """Give a figure a title that states its finding, a subtitle with the measure and unit, and a note with
    the source and n (Our World in Data's and Datawrapper's convention); returns the figure, closed."""
    fig.tight_layout(rect=(0, 0.06 if note_text else 0, 1, 0.86 if subtitle else 0.92))
    fig.text(0.01, 0.985, title, ha="left", va="top", fontsize=12, fontweight="bold")
    if subtitle:
        fig.text(0.01, 0.915, subtitle, ha="left", va="top", fontsize=9.5, color=MUTED)
    if note_text:
        fig.text(0.01, 0.01, note_text, ha="left", va="bottom", fontsize=8, color=MUTED)
    plt.close(fig)
    return fig


def figure_html(fig, data: pd.DataFrame, name: str, alt: str, caption: str = "", folder: Path | None = None) -> HTML:
    """Save a figure beside its CSV and show it with a description for screen readers and a link to the data.

    The PNG is embedded in the page (the exported report stays one file); the link points to
    ``figures/NAME.csv`` beside the exported reports.
    """
    png, _ = save_figure(fig, data, name, folder)
    encoded = base64.b64encode(png.read_bytes()).decode("ascii")
    text = html.escape(caption, quote=False)
    return HTML(f'<figure style="margin:1em 0"><img src="data:image/png;base64,{encoded}" '
                f'alt="{html.escape(alt, quote=True)}" style="max-width:100%">'
                f'<figcaption style="font-size:.85em;color:{MUTED}">{text} '
                f'<a href="figures/{html.escape(name, quote=True)}.csv">The numbers (CSV)</a></figcaption></figure>')


def length_chart(articles: pd.DataFrame):
    """Histogram of article lengths in words; ``None`` for fewer than two articles (no single-bar chart).

    Returns:
        ``(figure, data, alt)`` with data ``id, title, n_words``, or None.
    """
    if len(articles) < 2:
        return None
    data = articles[["id", "title", "n_words"]].reset_index(drop=True)
    median = data["n_words"].median()
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    ax.hist(data["n_words"], bins=min(40, max(5, len(data) // 5)), color="#4c72b0")
    ax.axvline(median, color="#222222", linewidth=1)
    ax.set_xlabel("words per article")
    ax.set_ylabel("articles")
    title = f"Half the articles are shorter than {median:,.0f} words"
    alt = (f"Histogram of the lengths of {len(data):,} articles, from {data['n_words'].min():,} to "
           f"{data['n_words'].max():,} words; median {median:,.0f}.")
    return titled(fig, title, "Words per article (the median marked)", f"Source: framelab ingestion; n = {len(data):,} "
                  "articles."), data, alt


def sentiment_chart(sentences: pd.DataFrame, article_title: str):
    """Polarity and subjectivity sentence by sentence, the most negative sentence marked.

    Returns:
        ``(figure, data, alt)``.
    """
    data = sentences[["sent_index", "polarity", "subjectivity", "assessments"]].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8.5, 3.6))
    number = data["sent_index"] + 1  # readers count sentences from 1
    ax.plot(number, data["polarity"], marker="o", markersize=3, label="polarity (−1 negative … +1 positive)")
    ax.plot(number, data["subjectivity"], marker=".", linestyle="--", color="#dd8452",
            label="subjectivity (0 objective … 1 subjective)")
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.set_xlabel("sentence (in reading order)")
    ax.set_ylim(-1.05, 1.05)
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    low = data.loc[data["polarity"].idxmin()] if len(data) else None
    if low is not None and low["polarity"] < 0:
        ax.annotate(f"most negative: sentence {int(low['sent_index']) + 1}", (low["sent_index"] + 1, low["polarity"]),
                    xytext=(5, -12), textcoords="offset points", fontsize=8)
        title = f"The most negative passage is sentence {int(low['sent_index']) + 1} of {len(data)}"
    else:
        title = f"No sentence of the {len(data)} reads as negative"
    mean = data["polarity"].mean() if len(data) else float("nan")
    alt = (f"Line chart of TextBlob polarity and subjectivity over the {len(data)} sentences of "
           f"'{article_title}'; mean polarity {mean:.2f}.")
    return titled(fig, title, f"“{article_title[:90]}”: TextBlob sentiment per sentence",
                  f"Source: framelab rhetoric stage (TextBlob 0.20, Pattern lexicon); n = {len(data)} sentences."), \
        data, alt


def bars(data: pd.DataFrame, label: str, value: str, title: str, subtitle: str, note_text: str,
         colour: str = "#4c72b0", value_format: str = "{:,.0f}"):
    """Horizontal bars of ``data[value]`` by ``data[label]`` (largest first), values printed at the bars."""
    fig, ax = plt.subplots(figsize=(7.5, 0.34 * len(data) + 1.6))
    labels, values = data[label].astype(str)[::-1], pd.to_numeric(data[value])[::-1]
    ax.barh(labels, values, color=colour)
    for y, v in enumerate(values):
        ax.text(v, y, " " + value_format.format(v), va="center", fontsize=8)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    return titled(fig, title, subtitle, note_text)


def country_chart(actors: pd.DataFrame, top_n: int = 15):
    """Mentions per country (names with ISO codes), most mentioned first.

    Returns:
        ``(figure, data, alt)`` or None when no country is named.
    """
    counts = actors.dropna(subset=["country"])["country"].value_counts().head(top_n)
    if counts.empty:
        return None
    data = pd.DataFrame({"country": [g.country(c) for c in counts.index], "code": counts.index,
                         "mentions": counts.values})
    top = [g.country_name(c) for c in counts.index[:2]]
    title = f"{' and '.join(top)} {'is' if len(top) == 1 else 'are'} named most"
    alt = "Bar chart of country mentions: " + ", ".join(f"{g.country_name(c)} {n}" for c, n in counts.items()) + "."
    fig = bars(data, "country", "mentions", title, "Mentions of each country, its capital, people, leaders and "
               "institutions", f"Source: framelab actor dictionary (Phoenix, 2014, and hand additions); "
               f"{int(counts.sum()):,} mentions.")
    return fig, data, alt


def frame_strip(sentences: pd.DataFrame, evidence: pd.DataFrame, kind: str, article_title: str):
    """Where along the article each present frame appears (sentence × frame heat strip).

    Returns:
        ``(figure, data, alt)`` or None when no frame of this kind is present.
    """
    ev = evidence[evidence["kind"] == kind]
    if ev.empty:
        return None
    names = list(dict.fromkeys(ev.sort_values("score", ascending=False)["frame"]))
    n = int(sentences["sent_index"].max()) + 1 if len(sentences) else 0
    grid = pd.DataFrame(0.0, index=range(n), columns=names)
    for row in ev.itertuples():
        grid.loc[int(row.sent_index), row.frame] = max(grid.loc[int(row.sent_index), row.frame], float(row.score))
    labels = [g.frame(f, kind) for f in names]
    fig, ax = plt.subplots(figsize=(max(6.5, 0.22 * n + 2.5), 0.42 * len(names) + 1.9))
    ax.imshow(grid.T.to_numpy(), aspect="auto", cmap="Reds", vmin=0, vmax=1, interpolation="nearest",
              extent=(0.5, n + 0.5, len(names) - 0.5, -0.5))
    ax.set_yticks(range(len(names)), labels=labels)
    ax.set_xlabel("sentence (in reading order)")
    busiest = max(names, key=lambda f: (grid[f] > 0).sum())
    share = (grid[busiest] > 0).mean()
    title = f"The {g.frame(busiest, kind).lower()} frame runs through {share:.0%} of the sentences"
    data = grid.reset_index().rename(columns={"index": "sent_index"})
    alt = (f"Heat strip of {kind} frame evidence over the {n} sentences of '{article_title}': "
           + ", ".join(f"{lab} in {(grid[f] > 0).sum()} sentences" for f, lab in zip(names, labels)) + ".")
    what = "generic frames (Semetko & Valkenburg)" if kind == "generic" else "issue frames (Media Frames Corpus)"
    return titled(fig, title, f"Sentence score of each {what} present; darker = stronger evidence",
                  f"Source: framelab frame cues and parse rules; n = {n} sentences."), data, alt
