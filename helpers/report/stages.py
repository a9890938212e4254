"""The one-paragraph answer each stage notebook opens with, and the Methods footer it closes with.

Each ``*_answer`` function reads the stage's tables (as the run folder holds them) and writes, in plain
words with numbers formatted, the answer to the notebook's question for one article (and, with several
articles, for all of them). :func:`methods` gives what the stage reads and writes, what runs first, where
the code and tests are, and the stage's measured error rates (``resources/accuracy.tsv``).
"""
from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Markdown

from helpers import glossary as g
from helpers import resources

#: What each stage notebook reads, writes, runs after, and where its code and tests are.
STAGE_FILES: dict[str, dict[str, str]] = {
    "ingest": {"reads": "`input_path`: a file, folder or corpus (default: the seed article)",
               "writes": "the run folder's `articles` table, `rejected.csv` and `manifest.json`",
               "after": "nothing: this notebook starts the run folder afresh",
               "code": "`helpers/ingest.py`", "tests": "`tests/test_ingest.py`, `tests/test_hostile.py`"},
    "rhetoric": {"reads": "the run folder's `articles`", "writes": "`sentences` and `rhetoric_spans`",
                 "after": "notebook 01", "code": "`helpers/rhetoric.py` through `helpers/stage.py`",
                 "tests": "`tests/test_rhetoric.py`, `tests/test_stage.py`"},
    "quotes": {"reads": "the run folder's `articles`", "writes": "`quotes` and `speakers`",
               "after": "notebook 01", "code": "`helpers/quotes/` through `helpers/stage.py`",
               "tests": "`tests/test_quotes*.py`, `tests/test_stage.py`"},
    "framing": {"reads": "the run folder's `articles`",
                "writes": "`actors`, `frames`, `frame_evidence`, `events` and `claims`",
                "after": "notebook 01",
                "code": "`helpers/actors.py`, `events.py`, `claims.py`, `frames.py` through `helpers/stage.py`",
                "tests": "`tests/test_actors.py`, `test_events.py`, `test_claims.py`, `test_frames.py`"},
    "report": {"reads": "a run folder (notebooks 01–04 wrote it, or `python -m helpers pipeline`)",
               "writes": "`reports/article_<id>.html` and the comparison tables and figures",
               "after": "notebooks 01–04, or the pipeline command",
               "code": "`helpers/report/`, `helpers/corpus.py`, `helpers/compare.py`",
               "tests": "`tests/test_report*.py`, `tests/test_corpus.py`"},
}
#: Stage → the ``accuracy.tsv`` rows that measure it.
ACCURACY_STAGES: dict[str, tuple[str, ...]] = {"ingest": ("ingest",), "rhetoric": ("rhetoric",),
                                                "quotes": ("quotes",), "framing": ("actors", "frames"),
                                                "report": ("ingest", "rhetoric", "quotes", "actors", "frames")}


def _para(text: str) -> HTML:
    """A paragraph of plain text as HTML, every character escaped (titles and names come from articles)."""
    return HTML(f'<p style="font-size:1.05em">{html.escape(text)}</p>')


def ingest_answer(articles: pd.DataFrame, rejected: pd.DataFrame) -> HTML:
    """Which articles the input held, and what could not be read."""
    if articles.empty:
        text = "The input held no readable article."
    elif len(articles) == 1:
        a = articles.iloc[0]
        missing = [w for w, c in (("outlet", "source"), ("byline", "byline"), ("date", "date")) if not a.get(c)]
        language = g.name("language", a["language"]) if a.get("language") else "an unknown language"
        text = (f"The input held one article, “{a['title'] or a['id']}”, {int(a['n_words']):,} words in {language}"
                + (f"; it names no {', no '.join(missing)}" if missing else "") + ".")
    else:
        clusters = articles["dup_cluster"].value_counts()
        dup = int((clusters > 1).sum())
        langs = articles["language"].fillna("unknown").value_counts(normalize=True)
        dated = articles["date"].dropna()
        text = (f"The input held {len(articles):,} articles, {articles['n_words'].median():,.0f} words long at the "
                f"median, {langs.iloc[0]:.0%} in {g.name('language', langs.index[0])}"
                + (f", dated {dated.min()[:10]} to {dated.max()[:10]}" if len(dated) else "")
                + (f"; {g.counted(dup, 'group')} of duplicates" if dup else "; no duplicates") + ".")
    if len(rejected):
        reasons = rejected["reason"].str.replace(r"^(line|record|entry) \d+: ", "", regex=True).value_counts()
        text += (f" {g.counted(len(rejected), 'input')} could not be used and {'is' if len(rejected) == 1 else 'are'} "
                 f"listed with the reason (most often: {reasons.index[0]}).")
    else:
        text += " Nothing was rejected."
    return _para(text)


def rhetoric_answer(articles: pd.DataFrame, sentences: pd.DataFrame, spans: pd.DataFrame) -> HTML:
    """How the articles argue: sentiment, hedges and boosters, loaded words, techniques, by voice."""
    words = int(articles["n_words"].sum())
    if not words:
        return _para("There is no text to read.")
    cats = spans["category"].value_counts()
    rate = {c: 1000 * cats.get(c, 0) / words for c in ("hedge", "booster", "loaded", "fear")}
    emotive = spans[spans["category"].isin(["loaded", "fear"])]
    quoted = (emotive["voice"] == "quoted").mean() if len(emotive) else 0.0
    techniques = spans[spans["category"] == "technique"]["label"].value_counts()
    top = [f"{g.name('technique', k).lower()} ({v:,})" for k, v in techniques.head(2).items()]
    polarity, subjectivity = sentences["polarity"].mean(), sentences["subjectivity"].mean()
    tone = "negative" if polarity < -0.05 else "positive" if polarity > 0.05 else "neutral"
    scope = "The article" if len(articles) == 1 else f"The {len(articles):,} articles"
    text = (f"{scope} read{'s' if len(articles) == 1 else ''} as {tone} on average (TextBlob polarity "
            f"{polarity:+.2f} on −1…+1) and {'fairly subjective' if subjectivity > 0.4 else 'mostly factual'} "
            f"(subjectivity {subjectivity:.2f} on 0…1). Per 1,000 words: {rate['hedge']:.1f} hedges and "
            f"{rate['booster']:.1f} boosters; {rate['loaded']:.1f} loaded and {rate['fear']:.1f} fear words, "
            f"{quoted:.0%} of them inside quotes rather than in the author's voice. "
            f"{g.counted(int(cats.get('technique', 0)), 'persuasion-technique candidate')}"
            + (f", most often {g.listing(top)}" if top else "") + ": leads to check, not verdicts.")
    return _para(text)


def quotes_answer(quotes: pd.DataFrame, speakers: pd.DataFrame) -> HTML:
    """Who is given voice and how."""
    if quotes.empty:
        return _para("No one is quoted or paraphrased.")
    kinds = quotes["kind"].value_counts()
    kinds_text = g.listing([g.counted(int(kinds[k]), g.name("quote_kind", k).lower())
                            for k in ("direct", "partial", "indirect", "scare") if kinds.get(k, 0)])
    types = speakers["speaker_type"].fillna("person") if "speaker_type" in speakers else pd.Series(dtype=str)
    named = speakers[types.isin(["person", "organisation"])]
    top = named.groupby("speaker")["words_quoted"].sum().sort_values(ascending=False).head(3)
    only = sorted(set(named[named["paraphrased_only"].astype(bool)]["speaker"]))
    vague = int((~types.isin(["person", "organisation"])).sum())
    text = (f"{g.counted(len(quotes), 'quote')}: {kinds_text}. {g.counted(named['speaker'].nunique(), 'named source')}"
            + (f"; most words given to {g.listing([f'{s} ({int(w):,})' for s, w in top.items()])}" if len(top) else "")
            + "." + (f" Only paraphrased: {g.listing(only)}." if only else "")
            + (f" {g.counted(vague, 'source')} {'is' if vague == 1 else 'are'} anonymous, vague or not a person."
               if vague else ""))
    return _para(text)


def framing_answer(actors: pd.DataFrame, frames: pd.DataFrame, events: pd.DataFrame,
                   claims: pd.DataFrame) -> HTML:
    """Which countries, frames, events and numbers the articles rest on."""
    countries = actors.dropna(subset=["country"])["country"].value_counts().head(4)
    named = g.listing([f"{g.country_name(c)} ({n:,})" for c, n in countries.items()])
    present = frames[frames["present"].fillna(False).astype(bool)]
    generic = present[present["kind"] == "generic"]["frame"].value_counts()
    issue = present[present["kind"] == "issue"]["frame"].value_counts()
    real = events[~events["negated"].fillna(False).astype(bool)] if len(events) else events
    roots = real["cameo_root"].value_counts().head(2) if len(real) else pd.Series(dtype=int)
    text = (f"Countries named most (mentions): {named or 'none'}. Generic frames present: "
            f"{g.listing([g.frame(f).lower() for f in generic.index]) or 'none'}; issue frames: "
            f"{g.listing([g.frame(f, 'issue').lower() for f in issue.index[:4]]) or 'none'}. "
            f"{g.counted(len(real), 'event')} coded"
            + (f", most often {g.listing([g.cameo(r) for r in roots.index])}" if len(roots) else "")
            + f"; {g.counted(len(claims), 'number')} to check.")
    return _para(text)


def methods(stage: str) -> Markdown:
    """The Methods footer of a stage notebook: inputs, outputs, run order, code, tests, error rates."""
    files = STAGE_FILES[stage]
    rows = [r for r in resources.table("accuracy.tsv") if r["stage"] in ACCURACY_STAGES[stage]]
    rates = "".join(f"\n| {r['stage']} | {r['measure']} | {r['value']} | {r['set']} |" for r in rows)
    table = ("\n\n| stage | measure | result | annotated set |\n|---|---|---|---|" + rates) if rows else ""
    return Markdown(
        f"**Reads** {files['reads']}. **Writes** {files['writes']}. **Runs after** {files['after']}. "
        f"**Code** {files['code']}; **tests** {files['tests']}. Measured against human annotation "
        f"(`benchmarks/RESULTS.md`, `make bench`):{table}")


def emotional_sentences(articles: pd.DataFrame, sentences: pd.DataFrame, article_id: str, top: int = 5
                        ) -> pd.DataFrame:
    """The ``top`` sentences of one article with the strongest sentiment, with their text and the words
    that produced the score."""
    text = str(articles.set_index("id").loc[article_id, "text"])
    mine = sentences[sentences["article_id"] == article_id]
    mine = mine.reindex(mine["polarity"].abs().sort_values(ascending=False, kind="stable").index).head(top)
    return pd.DataFrame({"sentence": [int(i) + 1 for i in mine["sent_index"]],
                         "text": [" ".join(text[int(s):int(e)].split()) for s, e in zip(mine["start"], mine["end"])],
                         "polarity": mine["polarity"].round(2), "subjectivity": mine["subjectivity"].round(2),
                         "words behind the score": mine["assessments"].fillna("")})


def loaded_terms(spans: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The most used loaded and fear words, split by voice: ``term, author, quoted, uses``."""
    emotive = spans[spans["category"].isin(["loaded", "fear"])].assign(
        term=lambda d: d["text"].str.lower(), voice=lambda d: d["voice"].fillna("author"))
    if emotive.empty:
        return pd.DataFrame(columns=["term", "author", "quoted", "uses"])
    counts = emotive.pivot_table(index="term", columns="voice", values="start", aggfunc="size", fill_value=0)
    counts = counts.reindex(columns=["author", "quoted"], fill_value=0)
    counts["uses"] = counts.sum(axis=1)
    return counts.sort_values(["uses", "author"], ascending=False).head(top).reset_index()


def technique_counts(spans: pd.DataFrame) -> pd.DataFrame:
    """Persuasion-technique candidates by technique, in plain names: ``technique, definition, spans``."""
    labels = spans[spans["category"] == "technique"]["label"].value_counts()
    return pd.DataFrame({"technique": [g.name("technique", k) for k in labels.index],
                         "definition": [g.definition("technique", k) for k in labels.index],
                         "spans": labels.values})
