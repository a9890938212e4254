"""Views shared by the notebooks: highlighted article HTML (always escaped) and figures saved with data.

Every piece of article text that reaches HTML goes through :func:`html.escape`; markup comes only from
this module's own templates, and only hex colours reach a ``style`` attribute. :func:`article_view_html`
combines quotes (underlined in their speaker's colour), rhetoric spans and frame evidence in one view;
:func:`bar_chart`, :func:`line_chart` and :func:`heatmap` draw the comparisons of notebook 05, and
:func:`note` stands in for a figure when there is nothing to draw. Every figure is saved as PNG beside
the CSV of the numbers it plots (The Markup's convention), under ``reports/figures/NN_name.{png,csv}``.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from helpers import config

#: Colours by highlight category (rhetoric categories, quote kinds, frames); unknown ones get grey.
PALETTE: dict[str, str] = {
    "hedge": "#cfe8ff", "booster": "#ffe0b3", "loaded": "#ffc9c9", "fear": "#e8c9ff",
    "technique": "#fff3a8", "direct": "#c8f7c5", "partial": "#d9f7d6", "indirect": "#e3f1ff",
    "scare": "#eeeeee", "frame": "#fde2f3", "actor": "#d6f5ff", "claim": "#f0e6d2",
}


_HEX = re.compile(r"^#[0-9a-fA-F]{3,8}$")


def _css_colour(value: str) -> str:
    """A colour for a ``style`` attribute: hex only, anything else becomes grey (no injection)."""
    return value if _HEX.match(value) else "#dddddd"


@dataclass(frozen=True)
class Highlight:
    """A span of the article to mark: character offsets, a category (sets the colour) and a label
    shown on hover (e.g. the technique, the speaker)."""

    start: int
    end: int
    category: str
    label: str = ""


def highlight_html(text: str, spans: Iterable[Highlight], title: str | None = None,
                   palette: Mapping[str, str] | None = None, underline: Iterable[str] = ()) -> str:
    """Render ``text`` as HTML with ``spans`` marked; all text escaped, line breaks kept (``pre-wrap``).

    Overlapping spans are nested where they nest; a span that crosses another's boundary is cut there
    and continued, so the output is always well-formed. Spans outside the text are clipped; empty ones
    are dropped.

    Args:
        text: the article text (plain).
        spans: highlights with offsets into ``text``.
        title: optional heading (escaped).
        palette: extra category colours (e.g. one per speaker), over :data:`PALETTE`.
        underline: categories drawn as a thick coloured underline instead of a background, so that they
            stay visible under the backgrounds of nested spans (the article view's quotes by speaker).

    Returns:
        An HTML fragment (a ``<div>``), safe to embed.
    """
    colours = {**PALETTE, **(palette or {})}
    underlined = set(underline)
    n = len(text)
    clean = sorted(
        {(max(0, s.start), min(n, s.end), s.category, s.label) for s in spans if min(n, s.end) > max(0, s.start)},
        key=lambda s: (s[0], -s[1]),
    )
    # Boundaries where the set of open spans changes.
    cuts = sorted({0, n, *(s[0] for s in clean), *(s[1] for s in clean)})
    parts: list[str] = ['<div class="framelab-article" style="line-height:1.6;white-space:pre-wrap">']
    if title:
        parts.append(f"<h3>{html.escape(title)}</h3>")
    for a, b in zip(cuts, cuts[1:]):
        active = [s for s in clean if s[0] <= a and s[1] >= b]
        chunk = html.escape(text[a:b])
        for start, end, category, label in reversed(active):
            colour = _css_colour(colours.get(category, "#dddddd"))
            tip = html.escape(f"{category}: {label}" if label else category, quote=True)
            style = (f"background:transparent;border-bottom:3px solid {colour};padding-bottom:1px"
                     if category in underlined else f"background:{colour}")
            chunk = (f'<mark class="fl-{html.escape(category, quote=True)}" title="{tip}" '
                     f'style="{style}">{chunk}</mark>')
        parts.append(chunk)
    parts.append("</div>")
    return "".join(parts)


def legend_html(categories: Sequence[str], palette: Mapping[str, str] | None = None,
                names: Mapping[str, str] | None = None, underline: Iterable[str] = ()) -> str:
    """A small legend for the highlight colours of ``categories`` (escaped).

    Args:
        categories: the categories to list, in order.
        palette: extra colours over :data:`PALETTE`.
        names: display names by category (default: the category itself).
        underline: categories shown as an underline (as :func:`highlight_html` draws them).
    """
    colours = {**PALETTE, **(palette or {})}
    names = names or {}
    underlined = set(underline)

    def style(c: str) -> str:
        colour = _css_colour(colours.get(c, "#dddddd"))
        return (f"background:transparent;border-bottom:3px solid {colour}" if c in underlined
                else f"background:{colour}")

    items = "".join(f'<mark style="{style(c)}">{html.escape(names.get(c, c))}</mark> ' for c in categories)
    return f"<p>{items}</p>"


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


# ------------------------------------------------------------------------------------ article view
#: Underline colours given to speakers in order of first quote (matplotlib's tab10, distinct from the
#: pastel backgrounds of rhetoric spans).
SPEAKER_COLOURS: tuple[str, ...] = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22",
)


def _rows(spans: Any) -> list[dict[str, Any]]:
    """Records from a DataFrame, a list of dicts/dataclasses, or None."""
    if spans is None:
        return []
    if isinstance(spans, pd.DataFrame):
        return spans.to_dict("records")
    return [s if isinstance(s, Mapping) else vars(s) for s in spans]


def _offset(value: Any) -> int | None:
    if value is None or isinstance(value, str):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return None
    return int(value)


def _name(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def article_view_spans(rhetoric_spans: Any, quotes: Any, frame_evidence: Any = None,
                       ) -> tuple[list[Highlight], dict[str, str], dict[str, str]]:
    """The highlights of the article view, with the speakers' colours and legend names.

    Quotes are coloured by speaker (``speaker-1``, ``speaker-2`` … in order of first quote; the
    speaker's own mention gets the same colour); quotes without a speaker (scare quotes, unresolved)
    keep their kind's colour. Reporting cues are ``cue`` spans, rhetoric spans keep their category
    (label: technique or lexicon entry), frame evidence is ``frame`` (label: the frame).

    Returns:
        The highlights, the palette of speaker categories, and their display names.
    """
    spans: list[Highlight] = []
    palette: dict[str, str] = {}
    names: dict[str, str] = {}
    by_speaker: dict[str, str] = {}
    for q in sorted(_rows(quotes), key=lambda r: (_offset(r.get("start")) or 0)):
        start, end = _offset(q.get("start")), _offset(q.get("end"))
        speaker, kind = _name(q.get("speaker")), _name(q.get("kind")) or "quote"
        if start is None or end is None:
            continue
        if speaker:
            if speaker not in by_speaker:
                category = f"speaker-{len(by_speaker) + 1}"
                by_speaker[speaker] = category
                palette[category] = SPEAKER_COLOURS[(len(by_speaker) - 1) % len(SPEAKER_COLOURS)]
                names[category] = f"quoted: {speaker}"
            category = by_speaker[speaker]
            spans.append(Highlight(start, end, category, f"{kind} quote, {speaker}"))
            s0, s1 = _offset(q.get("speaker_start")), _offset(q.get("speaker_end"))
            if s0 is not None and s1 is not None:
                spans.append(Highlight(s0, s1, category, f"speaker: {speaker}"))
        else:
            spans.append(Highlight(start, end, kind, "no speaker"))
        c0, c1 = _offset(q.get("cue_start")), _offset(q.get("cue_end"))
        if c0 is not None and c1 is not None:
            spans.append(Highlight(c0, c1, "cue", _name(q.get("cue"))))
    for r in _rows(rhetoric_spans):
        start, end = _offset(r.get("start")), _offset(r.get("end"))
        if start is not None and end is not None:
            spans.append(Highlight(start, end, _name(r.get("category")) or "rhetoric", _name(r.get("label"))))
    for f in _rows(frame_evidence):
        start, end = _offset(f.get("start")), _offset(f.get("end"))
        if start is not None and end is not None:
            cues = _name(f.get("cues"))
            spans.append(Highlight(start, end, "frame", _name(f.get("frame")) + (f" ({cues})" if cues else "")))
    return spans, palette, names


def article_view_html(text: str, rhetoric_spans: Any, quotes: Any, frame_evidence: Any = None,
                      title: str | None = None) -> str:
    """The article with quotes highlighted by speaker, rhetoric spans and frame evidence; all escaped.

    Args:
        text: the article text (plain); offsets of every span index it.
        rhetoric_spans: ``start, end, category, label`` rows (DataFrame, dicts or records), or None.
        quotes: ``start, end, kind, speaker[, speaker_start, speaker_end, cue, cue_start, cue_end]`` rows.
        frame_evidence: ``start, end, frame`` rows (evidence sentences), or None.
        title: optional heading (escaped).

    Returns:
        An HTML fragment: a legend (speakers, then the categories present) and the highlighted text; hover
        a mark to see its label. Quotes are underlined in their speaker's colour; rhetoric, cue and frame
        spans are backgrounds (nested backgrounds show the innermost colour).
    """
    spans, palette, names = article_view_spans(rhetoric_spans, quotes, frame_evidence)
    present = list(dict.fromkeys(s.category for s in spans))
    speakers = [c for c in present if c in palette]
    others = [c for c in present if c not in palette]
    legend = legend_html(speakers + others, palette=palette, names=names, underline=speakers) if present else \
        "<p><em>nothing to highlight</em></p>"
    return legend + highlight_html(text, spans, title=title, palette=palette, underline=speakers)


# ----------------------------------------------------------------------------------------- charts
def note(message: str) -> Any:
    """A Markdown note shown instead of a figure (e.g. a grouping with nothing to compare)."""
    from IPython.display import Markdown

    return Markdown(f"> *{html.escape(message, quote=False)}*")


def bar_chart(data: pd.DataFrame, label: str, values: Sequence[str], titles: Sequence[str] | None = None,
              suptitle: str = "", horizontal: bool = True, panel_width: float = 5):
    """One bar panel per column of ``values``, bars labelled by ``data[label]`` (in the table's order).

    Returns:
        The matplotlib figure (closed, so that a notebook shows it once when it is the cell's value).
    """
    import matplotlib.pyplot as plt

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
    import matplotlib.pyplot as plt

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
    import matplotlib.pyplot as plt

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
