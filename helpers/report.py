"""Views shared by the notebooks: highlighted article HTML (always escaped) and figures saved with data.

Every piece of article text that reaches HTML goes through :func:`html.escape`; markup comes only from
this module's own templates. Every figure is saved as PNG beside the CSV of the numbers it plots
(The Markup's convention), under ``reports/figures/NN_name.{png,csv}``.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from helpers import config

#: Colours by highlight category (rhetoric categories, quote kinds, frames); unknown ones get grey.
PALETTE: dict[str, str] = {
    "hedge": "#cfe8ff", "booster": "#ffe0b3", "loaded": "#ffc9c9", "fear": "#e8c9ff",
    "technique": "#fff3a8", "direct": "#c8f7c5", "partial": "#d9f7d6", "indirect": "#e3f1ff",
    "scare": "#eeeeee", "frame": "#fde2f3", "actor": "#d6f5ff", "claim": "#f0e6d2",
}


@dataclass(frozen=True)
class Highlight:
    """A span of the article to mark: character offsets, a category (sets the colour) and a label
    shown on hover (e.g. the technique, the speaker)."""

    start: int
    end: int
    category: str
    label: str = ""


def highlight_html(text: str, spans: Iterable[Highlight], title: str | None = None) -> str:
    """Render ``text`` as HTML with ``spans`` marked; all text escaped, line breaks kept (``pre-wrap``).

    Overlapping spans are nested where they nest; a span that crosses another's boundary is cut there
    and continued, so the output is always well-formed. Spans outside the text are clipped; empty ones
    are dropped.

    Args:
        text: the article text (plain).
        spans: highlights with offsets into ``text``.
        title: optional heading (escaped).

    Returns:
        An HTML fragment (a ``<div>``), safe to embed.
    """
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
            colour = PALETTE.get(category, "#dddddd")
            tip = html.escape(f"{category}: {label}" if label else category, quote=True)
            chunk = (f'<mark class="fl-{html.escape(category, quote=True)}" title="{tip}" '
                     f'style="background:{colour}">{chunk}</mark>')
        parts.append(chunk)
    parts.append("</div>")
    return "".join(parts)


def legend_html(categories: Sequence[str]) -> str:
    """A small legend for the highlight colours of ``categories`` (escaped)."""
    items = "".join(
        f'<mark style="background:{PALETTE.get(c, "#dddddd")}">{html.escape(c)}</mark> ' for c in categories
    )
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
