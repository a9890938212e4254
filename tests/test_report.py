"""Highlighted article HTML is escaped and well formed; figures are saved beside their numbers."""
from __future__ import annotations

from html.parser import HTMLParser

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers.report import Highlight, highlight_html, save_figure


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"mismatched </{tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize(
    "text, spans",
    [
        ('<script>alert(1)</script> "quoted" text', [Highlight(0, 8, "loaded", "<b>x</b>")]),
        ("<img src=x onerror=alert(1)> then words", [Highlight(5, 20, "fear"), Highlight(0, 30, "technique")]),
        ("overlap one two three", [Highlight(0, 11, "hedge"), Highlight(8, 21, "booster")]),
        ("line one\nline two & more", [Highlight(3, 15, "direct", "Sekerbayeva")]),
        ("nothing marked", []),
        ("out of range spans", [Highlight(-5, 3, "hedge"), Highlight(10, 999, "hedge"), Highlight(4, 4, "x")]),
    ],
)
def test_highlight_escapes_and_nests(text, spans):
    out = highlight_html(text, spans, title="<Title>")
    parser = _Collector()
    parser.feed(out)
    assert not parser.stack
    assert set(parser.tags) <= {"div", "mark", "h3"}
    assert "".join(parser.text).replace("<Title>", "", 1) == text


def test_highlight_marks_the_span():
    out = highlight_html("Russia is alarming.", [Highlight(10, 18, "loaded", "alarming")])
    assert '<mark class="fl-loaded" title="loaded: alarming"' in out
    assert ">alarming</mark>" in out


def test_save_figure_writes_png_and_csv(tmp_path):
    data = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    fig, ax = plt.subplots()
    ax.plot(data.x, data.y)
    png, csv = save_figure(fig, data, "00_test", folder=tmp_path)
    plt.close(fig)
    assert png.stat().st_size > 0
    assert pd.read_csv(csv).equals(data)


@pytest.mark.parametrize("palette, colour", [
    ({"speaker-1": "#1f77b4"}, "#1f77b4"),
    ({"speaker-1": "red;background:url(x)"}, "#dddddd"),  # only hex colours reach a style attribute
])
def test_underlined_categories_and_safe_colours(palette, colour):
    out = highlight_html("Ann said <b>no</b>.", [Highlight(0, 3, "speaker-1", "Ann"), Highlight(9, 18, "loaded")],
                         palette=palette, underline=["speaker-1"])
    assert f'style="background:transparent;border-bottom:3px solid {colour};padding-bottom:1px">Ann</mark>' in out
    assert 'style="background:#ffc9c9">&lt;b&gt;no&lt;/b&gt;</mark>' in out
    assert "url(" not in out


def test_framing_figures_return_their_data(seed_doc):
    import matplotlib.pyplot as plt

    from helpers import frames, report

    result = frames.detect_frames(seed_doc)
    fig, data = report.plot_frames_by_sentence(result, "generic")
    assert list(data.columns) == ["sentence_index", *frames.GENERIC_FRAMES] and len(data) == result.n_sentences
    plt.close(fig)
    fig, data = report.plot_frames_by_sentence(result, "issue")
    assert all(data[c].max() > 0 for c in data.columns if c != "sentence_index")
    plt.close(fig)
    fig, data = report.plot_country_counts({"RUS": 5, "KAZ": 9}, top_n=1)
    assert data.to_dict("records") == [{"country": "KAZ", "mentions": 9}]
    plt.close(fig)
    edges = pd.DataFrame({"source": ["KAZ"], "target": ["RUS"], "weight": [3]})
    for e in (edges, edges.iloc[0:0]):
        plt.close(report.plot_actor_network(e))
