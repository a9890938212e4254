"""HTML views: highlighted article text (always escaped), legends, the article view.

Every piece of article text that reaches HTML goes through :func:`html.escape`; markup comes only from
this module's own templates, and only hex colours reach a ``style`` attribute. :func:`article_view_html`
combines quotes (underlined in their speaker's colour), rhetoric spans and frame evidence in one view.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd
from IPython.display import Markdown

from helpers import corpus

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
        for _, _, category, label in reversed(active):
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


def article_view(tables: Mapping[str, pd.DataFrame], article_id: str | None = None) -> str:
    """The escaped HTML article view of one article: quotes by speaker, rhetoric spans, frame evidence."""
    aid = corpus.resolve_article_id(tables, article_id)
    one = corpus.select_articles(tables, aid)
    row = corpus.table(one, "articles").iloc[0]
    title = row.get("title")
    return article_view_html(str(row.get("text") or ""), corpus.table(one, "rhetoric_spans"),
                             corpus.table(one, "quotes"),
                             corpus.table(one, "frame_evidence"), title=title if isinstance(title, str) else None)


def note(message: str) -> Any:
    """A Markdown note shown instead of a figure (e.g. a grouping with nothing to compare)."""
    return Markdown(f"> *{html.escape(message, quote=False)}*")
