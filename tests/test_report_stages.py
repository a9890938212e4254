"""The stage notebooks' answers: plain sentences from the tables, every name from an article escaped."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers import schema
from helpers.report import comparisons, stages

PAYLOAD = "<img src=x onerror=alert(1)>"


def _articles(title: str, n: int = 1) -> pd.DataFrame:
    return schema.frame("articles", [{"id": f"a{i}", "title": title, "text": "Words here.", "n_words": 600,
                                      "language": "en", "dup_cluster": f"a{i}", "source": f"Outlet {i % 2}",
                                      "date": f"2020-0{1 + i % 9}-01"} for i in range(n)])


@pytest.mark.parametrize("n, says", [
    (1, ["one article", "600 words", "English", "Nothing was rejected"]),
    (3, ["3 articles", "600 words long at the median", "English"]),
])
def test_ingest_answer(n, says):
    shown = stages.ingest_answer(_articles("Border talks resume", n), pd.DataFrame(columns=["source_path", "reason"]))
    for words in says:
        assert words in shown.data, (words, shown.data)


def test_answers_escape_what_articles_carry():
    shown = stages.ingest_answer(_articles(PAYLOAD), pd.DataFrame({"source_path": ["x"], "reason": [PAYLOAD]}))
    assert "<img" not in shown.data and "&lt;img" in shown.data
    quotes = schema.frame("quotes", [{"article_id": "a0", "kind": "direct", "speaker": PAYLOAD, "quote": "q",
                                      "start": 0, "end": 1, "speaker_type": "person", "n_words": 1}])
    speakers = schema.frame("speakers", [{"article_id": "a0", "speaker": PAYLOAD, "speaker_type": "person",
                                          "words_quoted": 12, "n_direct": 1, "paraphrased_only": False}])
    shown = stages.quotes_answer(quotes, speakers)
    assert "<img" not in shown.data and "&lt;img" in shown.data and "1 direct quote" in shown.data


def test_rhetoric_answer_reads_the_voice_split():
    sentences = schema.frame("sentences", [{"article_id": "a0", "sent_index": 0, "start": 0, "end": 5,
                                            "polarity": -0.4, "subjectivity": 0.6}])
    spans = schema.frame("rhetoric_spans", [
        {"article_id": "a0", "start": 0, "end": 1, "category": "loaded", "label": "x", "voice": "quoted"},
        {"article_id": "a0", "start": 2, "end": 3, "category": "loaded", "label": "y", "voice": "author"},
        {"article_id": "a0", "start": 2, "end": 3, "category": "technique", "label": "Doubt", "voice": "author"}])
    shown = stages.rhetoric_answer(_articles("T"), sentences, spans).data
    assert "negative" in shown and "50% of them inside quotes" in shown and "doubt (1)" in shown


def test_corpus_overview_escapes_outlet_names():
    from helpers import compare

    articles = _articles("T", 40)
    articles["source"] = [PAYLOAD if i % 2 else "Plain Post" for i in range(40)]
    tables = {"articles": articles, **{name: schema.empty(name) for name in schema.TABLES if name != "articles"}}
    result = compare.compare(tables, by="source", n_boot=50)
    shown = comparisons.overview(tables, {"source": result})
    assert "<img" not in shown and "&lt;img" in shown


@pytest.mark.parametrize("stage", ["ingest", "rhetoric", "quotes", "framing", "report"])
def test_methods_name_reads_writes_and_error_rates(stage):
    text = stages.methods(stage).data
    assert "**Reads**" in text and "**Writes**" in text and "| stage | measure |" in text
