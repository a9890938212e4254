"""Figures: every chart of the notebooks and reports, each saved as PNG beside the CSV of its numbers.

The Markup's convention: ``reports/figures/NN_name.{png,csv}``, ``NN`` the notebook that drew it.
Every chart states its finding in its title, its measure and unit in a subtitle and its source and n in a
note (:func:`titled`); :func:`figure_html` shows it with a description for screen readers and a link to its
numbers. The comparisons of groups and periods, with intervals, are in :mod:`helpers.report.comparisons`.
"""
from __future__ import annotations

import base64
import html
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from IPython.display import HTML

from helpers import config
from helpers import glossary as g

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
