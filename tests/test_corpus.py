"""Corpus aggregations on small hand-made tables with answers computed by hand; the escaped article view;
figures saved beside their numbers; notebook 05's figure/CSV pairs.

The hand-made corpus: two outlets (A, B), three articles.

==== ====== ===== ===================== ======= ======== =============
id   source bias  date                  n_words polarity subjectivity
==== ====== ===== ===================== ======= ======== =============
a1   A      left  2020-01-15            1000    0.2      0.4
a2   A      right 2020-02-03T10:00:00Z  500     -0.1     0.6
a3   B      None  None                  2000    0.0      0.5
==== ====== ===== ===================== ======= ======== =============
"""
from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import pandas as pd
import pytest

from helpers import corpus, schema


def _tables() -> dict[str, pd.DataFrame]:
    articles = pd.DataFrame({
        "id": ["a1", "a2", "a3"], "source": ["A", "A", "B"], "bias": ["left", "right", None],
        "date": ["2020-01-15", "2020-02-03T10:00:00Z", None], "title": ["One", "Two", "Three"],
        "text": ["x " * 1000, "y " * 500, "z " * 2000], "n_words": [1000, 500, 2000],
    })
    spans = pd.DataFrame(
        [("a1", "hedge", "could"), ("a1", "hedge", "may"), ("a1", "loaded", "alarming"),
         ("a2", "hedge", "could"), ("a2", "technique", "Loaded_Language"),
         ("a3", "fear", "threat"), ("a3", "fear", "threat"), ("a3", "fear", "danger"), ("a3", "fear", "war")],
        columns=["article_id", "category", "label"]).assign(start=0, end=1, text="w")
    frames = pd.DataFrame(
        [("a1", "generic", "conflict", 0.9, True), ("a1", "generic", "economic", 0.1, False),
         ("a2", "generic", "conflict", 0.8, True), ("a2", "generic", "responsibility", 0.7, True),
         ("a2", "issue", "security_defense", 0.9, True), ("a3", "generic", "conflict", 0.2, False)],
        columns=["article_id", "kind", "frame", "score", "present"])
    quotes = pd.DataFrame(
        [("a1", "direct", "Zhanar Sekerbayeva"), ("a1", "direct", "Zhanar  Sekerbayeva"),
         ("a1", "indirect", "a senior official"), ("a1", "scare", None),
         ("a2", "partial", "Zhanar Sekerbayeva"), ("a2", "direct", None)],
        columns=["article_id", "kind", "speaker"]).assign(quote="q", start=0, end=1)
    quotes["anonymous"] = quotes["speaker"] == "a senior official"
    quotes["speaker_type"] = quotes["speaker"].map(lambda s: None if s is None else
                                                   "anonymous" if s == "a senior official" else "person")
    speakers = pd.DataFrame(
        [("a1", "Zhanar Sekerbayeva", False), ("a1", "a senior official", True), ("a2", "Zhanar Sekerbayeva", False)],
        columns=["article_id", "speaker", "anonymous"])
    actors = pd.DataFrame(
        [("a1", "Kremlin", "RUS", "government"), ("a1", "Moscow", "RUS", "government"),
         ("a1", "Russia", "RUS", "country"), ("a1", "Kazakhs", "KAZ", "people"),
         ("a1", "NATO", "IGOWSTNAT", "organisation"), ("a1", "EU", "EUR", "organisation"),
         ("a2", "Putin", "RUS", "leader"), ("a3", "Kyiv", "UKR", "government"), ("a3", "Ukraine", "UKR", "country"),
         ("a3", "Russia", "RUS", "country")],
        columns=["article_id", "text", "code", "role"]).assign(start=0, end=1)
    events = pd.DataFrame(
        [("a1", "173", "17", False), ("a1", "130", "13", False), ("a2", "190", "19", False),
         ("a2", "190", "19", True), ("a3", "042", "04", False), ("a3", None, None, False)],
        columns=["article_id", "cameo", "cameo_root", "negated"]).assign(actor="x", action="y", target="z",
                                                                          start=0, end=1)
    sentences = pd.DataFrame({"article_id": ["a1", "a1", "a2", "a3"], "sent_index": [0, 1, 0, 0], "start": 0,
                              "end": 1, "polarity": [0.5, -0.1, -0.1, 0.0], "subjectivity": [0.6, 0.2, 0.6, 0.5]})
    tables = {"rhetoric_spans": spans, "frames": frames, "quotes": quotes, "speakers": speakers, "actors": actors,
              "events": events, "sentences": sentences}
    return {"articles": articles, **{name: schema.frame(name, df.to_dict("records")) for name, df in tables.items()}}


def _row(df: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for key, value in where.items():
        mask &= df[key] == value
    rows = df[mask]
    assert len(rows) == 1, f"{where}: {len(rows)} rows"
    return rows.iloc[0]


# ------------------------------------------------------------------------------------------ groups
@pytest.mark.parametrize("group, expected, n_unknown", [
    ("source", {"A": 2, "B": 1}, 0),
    ("bias", {"left": 1, "right": 1, "unknown": 1}, 1),
    ("month", {"2020-01": 1, "2020-02": 1, "unknown": 1}, 1),
    ("article", {"a1": 1, "a2": 1, "a3": 1}, 0),
])
def test_articles_per_group(group, expected, n_unknown):
    report = corpus.by_group(_tables(), group)
    assert dict(zip(report.articles["group"], report.articles["n_articles"])) == expected
    assert report.articles["group"].tolist() == list(expected)  # display order, unknown last
    assert report.n_unknown == n_unknown and report.note == ""


@pytest.mark.parametrize("column, values, group, expected", [
    ("date", ["2019-13-01", "", "0000-00-00", "not a date", "1999-12", "2021-03-04"], "month",
     ["unknown", "unknown", "unknown", "unknown", "1999-12", "2021-03"]),
    ("bias", [0, "1", 2.0, "Right", " center ", None], "bias", ["left", "center", "right", "right", "center", "unknown"]),
    ("source", [" The  Guardian", None, "", "BBC", "BBC", float("nan")], "source",
     ["The Guardian", "unknown", "unknown", "BBC", "BBC", "unknown"]),
])
def test_group_labels_normalise_and_bucket_missing(column, values, group, expected):
    articles = pd.DataFrame({"id": [f"x{i}" for i in range(len(values))], column: values})
    assert corpus.group_labels(articles, group).tolist() == expected


@pytest.mark.parametrize("articles, group, note_word", [
    (pd.DataFrame({"id": ["a"], "source": ["A"]}), "bias", "column"),                  # no bias column (seed)
    (pd.DataFrame({"id": ["a", "b"], "date": [None, "garbage"]}), "month", "value"),   # no usable date
    (pd.DataFrame({"id": ["a"], "bias": [None]}), "bias", "value"),
    (pd.DataFrame(columns=["id", "source"]), "source", "no articles"),
])
def test_nothing_to_compare_gives_empty_tables_and_a_note(articles, group, note_word):
    report = corpus.by_group({"articles": articles}, group)
    assert note_word in report.note
    assert all(df.empty for df in report.tables().values())


def test_unknown_grouping_is_refused():
    with pytest.raises(ValueError):
        corpus.by_group(_tables(), "weekday")


# ------------------------------------------------------------------------------------ aggregations
@pytest.mark.parametrize("group, label, n, polarity, subjectivity", [
    ("source", "A", 2, (0.2 - 0.1) / 2, 0.5),
    ("source", "B", 1, 0.0, 0.5),
    ("bias", "right", 1, -0.1, 0.6),
    ("month", "unknown", 1, 0.0, 0.5),
])
def test_sentiment_means_article_means(group, label, n, polarity, subjectivity):
    row = _row(corpus.by_group(_tables(), group).sentiment, group=label)
    assert row["n_articles"] == n
    assert row["mean_polarity"] == pytest.approx(polarity)
    assert row["mean_subjectivity"] == pytest.approx(subjectivity)


def test_articles_without_sentences_are_left_out_of_the_sentiment_mean():
    tables = _tables()
    tables["sentences"] = tables["sentences"][tables["sentences"]["article_id"] != "a3"]
    sentiment = corpus.by_group(tables, "source").sentiment
    assert "B" not in set(sentiment["group"])
    assert _row(sentiment, group="A")["n_articles"] == 2


@pytest.mark.parametrize("group, label, category, n_spans, per_1000", [
    ("source", "A", "hedge", 3, 3 * 1000 / 1500),
    ("source", "A", "loaded", 1, 1000 / 1500),
    ("source", "A", "fear", 0, 0.0),
    ("source", "B", "fear", 4, 2.0),
    ("source", "B", "booster", 0, 0.0),
    ("bias", "left", "hedge", 2, 2.0),
    ("month", "2020-02", "technique", 1, 2.0),
])
def test_technique_densities_per_thousand_words(group, label, category, n_spans, per_1000):
    row = _row(corpus.by_group(_tables(), group).techniques, group=label, category=category)
    assert row["n_spans"] == n_spans and row["per_1000_words"] == pytest.approx(per_1000)


def test_technique_labels_only_count_techniques():
    labels = corpus.by_group(_tables(), "source").technique_labels
    assert set(labels["label"]) == {"Loaded_Language"}
    assert _row(labels, group="A")["per_1000_words"] == pytest.approx(1000 / 1500)


@pytest.mark.parametrize("label, frame, n_present, share, mean_score", [
    ("A", "conflict", 2, 1.0, (0.9 + 0.8) / 2),
    ("A", "responsibility", 1, 0.5, 0.7 / 2),     # a1 has no responsibility row: score 0
    ("A", "economic", 0, 0.0, 0.1 / 2),           # scored but not present
    ("A", "morality", 0, 0.0, 0.0),               # no row anywhere, still listed
    ("B", "conflict", 0, 0.0, 0.2),
])
def test_frame_shares_over_all_articles_of_the_group(label, frame, n_present, share, mean_score):
    frames = corpus.by_group(_tables(), "source").frames
    row = _row(frames, group=label, frame=frame)
    assert row["n_present"] == n_present and row["share"] == pytest.approx(share)
    assert row["mean_score"] == pytest.approx(mean_score)
    assert "security_defense" not in set(frames["frame"])  # issue frames are not generic frames


def test_issue_frames_are_kept_apart():
    issue = corpus.by_group(_tables(), "source").issue_frames
    assert set(issue["frame"]) == {"security_defense"}
    assert _row(issue, group="A")["share"] == pytest.approx(0.5)
    assert _row(issue, group="B")["share"] == 0.0


@pytest.mark.parametrize("label, attributed, anonymous, unattributed, rate", [
    ("A", 4, 1, 1, 0.25),
    ("B", 0, 0, 0, float("nan")),
])
def test_anonymous_rate_is_anonymous_over_attributed_quotes(label, attributed, anonymous, unattributed, rate):
    row = _row(corpus.by_group(_tables(), "source").anonymity, group=label)
    assert (row["n_attributed"], row["n_anonymous"], row["n_unattributed"]) == (attributed, anonymous, unattributed)
    assert (math.isnan(rate) and math.isnan(row["anonymous_rate"])) or row["anonymous_rate"] == pytest.approx(rate)


@pytest.mark.parametrize("quotes", [None, pd.DataFrame(), schema.empty("quotes")])
def test_no_quotes_at_all(quotes):
    tables = _tables()
    if quotes is None:
        del tables["quotes"]
    else:
        tables["quotes"] = quotes
    report = corpus.by_group(tables, "source")
    assert report.speakers.empty
    assert report.anonymity["n_attributed"].tolist() == [0, 0]
    assert report.anonymity["anonymous_rate"].isna().all()


def test_most_quoted_speakers_are_named_people_and_bodies():
    speakers = corpus.by_group(_tables(), "source").speakers
    assert speakers["group"].tolist() == ["A"]  # "a senior official" is a source, not a named voice
    top = speakers.iloc[0]
    assert (top["speaker"], top["n_quotes"], top["n_articles"], top["share"], top["anonymous"]) == \
        ("Zhanar Sekerbayeva", 3, 2, 0.75, False)  # the share is of all attributed quotes
    assert len(corpus.top_speakers_by(_tables(), corpus.group_labels(_tables()["articles"], "source"), top_n=1)) == 1


@pytest.mark.parametrize("names, expected", [
    (["Obama", "Barack Obama", "Trump"], {"Obama": "Barack Obama", "Barack Obama": "Barack Obama", "Trump": "Trump"}),
    (["Johnson", "Boris Johnson", "Sarah Johnson"], {"Johnson": "Johnson"}),          # ambiguous: left alone
    (["The president", "the  president"], {"The president": "the president", "the  president": "the president"}),
    (["officials", "senior officials"], {"officials": "officials"}),                  # lower case: not a surname
])
def test_canonical_speakers(names, expected):
    assert {k: v for k, v in corpus.canonical_speakers(names).items() if k in expected} == expected


@pytest.mark.parametrize("counts, expected", [
    ({"Trump": 5, "Donald Trump": 40, "Ivanka Trump": 3}, "Donald Trump"),   # 40/43 >= 0.75
    ({"Johnson": 5, "Boris Johnson": 6, "Sarah Johnson": 4}, "Johnson"),     # 6/10 < 0.75
])
def test_canonical_speakers_by_dominance(counts, expected):
    assert corpus.canonical_speakers(counts)[next(iter(counts))] == expected


def test_speaker_spellings_are_merged_across_articles():
    tables = _tables()
    tables["quotes"].loc[4, "speaker"] = "Sekerbayeva"
    tables["speakers"].loc[2, "speaker"] = "Sekerbayeva"
    top = corpus.by_group(tables, "source").speakers.iloc[0]
    assert (top["speaker"], top["n_quotes"], top["n_articles"]) == ("Zhanar Sekerbayeva", 3, 2)


@pytest.mark.parametrize("label, ranking, first", [
    ("A", ["RUS", "KAZ"], (4, 2, 1.0)),   # NATO / EU are organisations, not countries
    ("B", ["UKR", "RUS"], (2, 1, 1.0)),   # tie on articles: more mentions first
])
def test_country_mentions(label, ranking, first):
    countries = corpus.by_group(_tables(), "source").countries
    rows = countries[countries["group"] == label]
    assert rows["country"].tolist() == ranking
    assert tuple(rows.iloc[0][["n_mentions", "n_articles", "share_articles"]]) == first


def test_events_by_cameo_root():
    events = corpus.by_group(_tables(), "source").events
    a = events[events["group"] == "A"]
    assert a["cameo_root"].tolist() == ["13", "17", "19"]
    assert a["root_name"].tolist() == ["THREATEN", "COERCE", "FIGHT"]
    assert a["share_events"].tolist() == pytest.approx([1 / 3] * 3)
    assert a["per_article"].tolist() == pytest.approx([0.5] * 3)
    b = _row(events, group="B")
    assert (b["cameo_root"], b["root_name"], b["n_events"], b["per_article"]) == ("04", "CONSULT", 1, 1.0)


def test_cameo_root_table_has_the_twenty_roots():
    roots = corpus.cameo_roots()
    assert roots["root_code"].tolist() == [f"{i:02d}" for i in range(1, 21)]
    assert roots.set_index("root_code").loc["19", "name"] == "FIGHT"


# ---------------------------------------------------------------------------------- single article
def test_single_article_mode_gives_the_same_tables_for_one_article():
    one = corpus.select_articles(_tables(), "a1")
    report = corpus.by_group(one, "source")
    assert report.articles.to_dict("records") == [{"group": "A", "n_articles": 1, "n_words": 1000}]
    assert _row(report.techniques, category="hedge")["per_1000_words"] == pytest.approx(2.0)
    assert _row(report.anonymity, group="A")["anonymous_rate"] == pytest.approx(1 / 3)
    assert corpus.resolve_article_id(_tables()) == "a1"
    with pytest.raises(KeyError):
        corpus.resolve_article_id(_tables(), "nope")


# ------------------------------------------------------------------------------------ notebook 05
@pytest.mark.notebooks
def test_notebook_05_saves_figures_beside_csvs(notebook_run):
    figures = notebook_run.reports / "figures"
    pngs = {p.stem for p in figures.glob("05_*.png")}
    assert pngs and pngs <= {p.stem for p in figures.glob("05_*.csv")}
    assert not {p for p in pngs if p.endswith("_by_bias")}  # no bias label: no comparison by bias
    assert {p for p in pngs if p.endswith("_by_source")}  # three outlets: compared, with intervals


def test_a_folder_that_is_not_a_run_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a run folder"):
        corpus.load_report_tables(tmp_path / "nope")
