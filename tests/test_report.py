"""The article view's HTML is escaped and well formed, its layers switch in pure CSS; figures state their
finding and are saved beside their numbers."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import helpers  # noqa: E402
from helpers import report  # noqa: E402
from helpers.report.article import Mark, article_view, load_article, marked_html  # noqa: E402


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in ("input", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"mismatched </{tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize(
    "text, marks",
    [
        ('<script>alert(1)</script> "quoted" text', [Mark(0, 8, "loaded", "<b>x</b>")]),
        ("<img src=x onerror=alert(1)> then words", [Mark(5, 20, "fear", "f"), Mark(0, 30, "technique", "t")]),
        ("overlap one two three", [Mark(0, 11, "hedge", "h"), Mark(8, 21, "booster", "b")]),  # crossing: cut
        ("line one\nline two & more", [Mark(3, 15, "direct", "Sekerbayeva", ("q", "sp-1"))]),
        ("nothing marked", []),
        ("out of range marks", [Mark(-5, 3, "hedge", "h"), Mark(10, 999, "hedge", "h"), Mark(4, 4, "x", "x")]),
    ],
)
def test_marked_text_is_escaped_well_formed_and_complete(text, marks):
    out = marked_html(text, marks, {0: ["fl-s-0"]})
    parser = _Collector()
    parser.feed(out)
    assert not parser.stack
    assert set(parser.tags) <= {"span", "a"}
    assert "".join(parser.text) == text


def test_a_mark_carries_its_layer_class_and_hover_text():
    out = marked_html("Russia is alarming.", [Mark(10, 18, "loaded", "Loaded word: alarming")], {})
    assert '<span class="hl l-loaded" title="Loaded word: alarming">alarming</span>' in out


@pytest.fixture(scope="module")
def view():
    text = '"This is an alarming step," said Foreign Minister Aibek Nurlanov in Astana on Tuesday.'
    return article_view(load_article(helpers.analyze(text)), prefix="t")


def test_every_layer_has_a_checkbox_a_legend_label_and_a_rule_that_hides_it(view):
    layers = set(re.findall(r'id="t-tg-([a-z0-9-]+)"', view))
    assert {"direct", "speaker", "cue", "loaded"} <= layers
    for key in layers:
        assert f'label for="t-tg-{key}"' in view
        assert f"#t-tg-{key}:not(:checked) ~ .t-article .l-{key}" in view
        assert f"l-{key}" in view.split('class="t-article')[1]


def test_speakers_can_be_picked_one_at_a_time(view):
    assert 'id="t-sp-0" checked' in view and 'label for="t-sp-1">Aibek Nurlanov<' in view
    assert "#t-sp-1:checked ~ .t-article .q:not(.sp-1)" in view


def test_only_fixed_colours_reach_the_styles(view):
    for style in re.findall(r"<style>(.*?)</style>", view, re.S):
        assert "url(" not in style and "expression(" not in style
        assert not re.search(r"Nurlanov|Astana", style), "article text must never reach a style"


def test_save_figure_writes_png_and_csv(tmp_path):
    data = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    fig, ax = plt.subplots()
    ax.plot(data.x, data.y)
    png, csv = report.save_figure(fig, data, "00_test", folder=tmp_path)
    plt.close(fig)
    assert png.stat().st_size > 0
    assert pd.read_csv(csv).equals(data)


def test_figure_html_describes_the_figure_and_links_its_numbers(tmp_path):
    data = pd.DataFrame({"term": ["<b>alarming</b>", "troubling"], "uses": [3, 1]})
    fig = report.bars(data, "term", "uses", "“alarming” is used most", "Uses of each loaded word", "Source: test")
    shown = report.figure_html(fig, data, "02_test", 'Bar chart: "<b>alarming</b>" 3.', folder=tmp_path).data
    assert 'alt="Bar chart: &quot;&lt;b&gt;alarming&lt;/b&gt;&quot; 3."' in shown
    assert 'href="figures/02_test.csv"' in shown and (tmp_path / "02_test.csv").exists()


@pytest.mark.parametrize("n_articles, drawn", [(1, False), (3, True)])
def test_no_single_bar_length_chart(n_articles, drawn):
    articles = pd.DataFrame({"id": [f"a{i}" for i in range(n_articles)], "title": ["T"] * n_articles,
                             "n_words": [500 + 100 * i for i in range(n_articles)]})
    chart = report.length_chart(articles)
    assert (chart is not None) == drawn
    if chart:
        assert "median" in chart[2] and chart[1]["n_words"].tolist() == [500, 600, 700]


def test_stage_figures_say_their_point(seed_doc, seed_text):
    from helpers import stage

    rows = stage.analyze_doc({"id": "seed", "text": seed_text}, seed_doc)
    actors = pd.DataFrame(rows["actors"])
    fig, data, alt = report.country_chart(actors)
    assert fig.texts[0].get_text() in ("Kazakhstan and Russia are named most", "Russia and Kazakhstan are named most")
    assert data["country"].iloc[0] in ("Kazakhstan (KAZ)", "Russia (RUS)") and "Kazakhstan" in alt
    plt.close(fig)
    sentences, evidence = pd.DataFrame(rows["sentences"]), pd.DataFrame(rows["frame_evidence"])
    fig, data, alt = report.frame_strip(sentences, evidence, "generic", "Seed")
    assert "frame runs through" in fig.texts[0].get_text() and len(data) == len(sentences)
    plt.close(fig)
    edges = pd.DataFrame({"source": ["KAZ"], "target": ["RUS"], "weight": [3]})
    for e in (edges, edges.iloc[0:0]):
        plt.close(report.plot_actor_network(e))
