"""Tests for helpers.quotes: quotation marks, kinds, speakers, roles, the source audit and the CLI."""
from __future__ import annotations

import json
import logging

import pytest

from helpers import quotes as Q
from helpers.cli import main as cli_main


def _find(quotes, fragment):
    """The quote starting with ``fragment``, else the first one containing it."""
    hits = [q for q in quotes if q.quote.startswith(fragment)] or [q for q in quotes if fragment in q.quote]
    assert hits, f"no quote containing {fragment!r}: {[q.quote for q in quotes]}"
    return hits[0]


# ------------------------------------------------------------------------------------- quotation marks
@pytest.mark.parametrize("text, expected", [
    ('He said "we will win" today.', ["we will win"]),
    ("He said “we will win” today.", ["we will win"]),
    ("“Yes,” she said, “and no.”", ["Yes", "and no."]),
    ('No quotes at all here.', []),
    ("It’s the players’ union, don’t worry.", []),  # apostrophes are not quotation marks
    ("The ‘Mocking’ headline ran.", ["Mocking"]),
    ('"First paragraph goes on\n"and ends here."', ["First paragraph goes on", "and ends here."]),
    ("He said, ''We are ready,'' and left.", ["We are ready"]),  # two apostrophes as a double mark
])
def test_find_quote_spans(text, expected):
    spans = Q.find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == expected


def test_continued_paragraph_is_not_a_warning(caplog):
    text = '"This opens a quote that goes on\n"and closes here," he said.'
    with caplog.at_level(logging.WARNING, logger="helpers.quotes"):
        spans = Q.find_quote_spans(text)
    assert spans[0].continues and spans[0].close_at is None
    assert not caplog.records


@pytest.mark.parametrize("text, position", [
    ('He said "this never closes.', 8),
    ("Stray closing mark” here.", 18),
])
def test_unbalanced_marks_are_logged_with_position(caplog, text, position):
    with caplog.at_level(logging.WARNING, logger="helpers.quotes"):
        Q.find_quote_spans(text)
    assert any(str(position) in r.getMessage() for r in caplog.records)


def test_unbalanced_marks_do_not_crash_extraction(nlp, caplog):
    doc = nlp('Smith said "the plan will fail.\nJones disagreed” loudly and "more.')
    with caplog.at_level(logging.WARNING, logger="helpers.quotes"):
        quotes = Q.extract_quotes(doc)
    assert caplog.records
    for q in quotes:
        assert doc.text[q.start:q.end] == q.quote


@pytest.mark.parametrize("text", ["", '"', '""', "“”", "'' ''", '"a" "b" "c', "”“", '"\n"\n"', "‘", "he said:"])
def test_degenerate_marks_never_crash(nlp, text):
    doc = nlp(text)
    for q in Q.extract_quotes(doc):
        assert doc.text[q.start:q.end] == q.quote and q.quote


# ---------------------------------------------------------------------------------- kinds and speakers
@pytest.mark.parametrize("text, fragment, kind, speaker, mention", [
    ('"We will not back down," John Miller said.', "We will not back down", "direct", "John Miller", "John Miller"),
    ("“The talks failed,” said Anna Lopez, a diplomat.", "The talks failed", "direct", "Anna Lopez", "Anna Lopez"),
    ('Mary Jones arrived late. "The vote was rigged," she said.', "The vote was rigged", "direct", "Mary Jones", "she"),
    ('Peter Hall called the plan "a recipe for disaster."', "a recipe for disaster", "partial", "Peter Hall", "Peter Hall"),
    ("Officials said the border would stay closed.", "the border would stay closed", "indirect", "Officials", "Officials"),
    ("According to Maria Chen, the deal is dead.", "the deal is dead", "indirect", "Maria Chen", "Maria Chen"),
    ("Senator Tom Reed believes that taxes will rise.", "taxes will rise", "indirect", "Tom Reed",
     "Senator Tom Reed"),
])
def test_kinds_and_speakers(nlp, text, fragment, kind, speaker, mention):
    doc = nlp(text)
    q = _find(Q.extract_quotes(doc), fragment)
    assert q.kind == kind
    assert q.speaker == speaker
    assert doc.text[q.speaker_start:q.speaker_end] == mention


@pytest.mark.parametrize("text, fragment, kind", [
    ('Anna Lopez said "we will respond".', "we will respond", "direct"),  # direct speech without a comma
    ('Anna Lopez said "we will respond." She left.', "we will respond", "direct"),
    ('Anna Lopez warned that "firing him is a line nobody can cross".', "firing him", "direct"),
    ('Anna Lopez said the deal was "dead" and walked out.', "dead", "partial"),  # a fragment of the clause
    ('Anna Lopez called the plan "a recipe for disaster."', "a recipe for disaster", "partial"),
])
def test_quoted_whole_clause_is_one_direct_quote(nlp, text, fragment, kind):
    quotes = Q.extract_quotes(nlp(text))
    q = _find(quotes, fragment)
    assert q.kind == kind and q.speaker == "Anna Lopez"
    # the statement is recorded once: no indirect quote with the same content beside it
    assert not [o for o in quotes if o is not q and (o.start, o.end) == (q.start, q.end)]


@pytest.mark.parametrize("text, n_quotes", [
    # the verb and the reporting noun reach the same clause: one record, the verb's subject speaking
    ("Mark Stone highlighted his message that the country needs order first and foremost.", 1),
    # nested reporting: two statements with different contents stay two records
    ("Mark Stone said that Ann Lee believes the country needs order.", 2),
    # ... unless the inner one is the same speaker's: part of the outer report
    ("Mark Stone said that he believes the country needs order.", 1),
])
def test_one_record_per_reported_content(nlp, text, n_quotes):
    quotes = [q for q in Q.extract_quotes(nlp(text)) if q.kind == "indirect"]
    assert len(quotes) == n_quotes
    assert len({(q.start, q.end) for q in quotes}) == n_quotes
    assert quotes[0].speaker == "Mark Stone"


@pytest.mark.parametrize("text, speaker", [
    ('Mary Jones met John Smith on Monday. "We agreed on nothing at all," she said.', "Mary Jones"),
    ('Mary Jones met John Smith on Monday. "We agreed on nothing at all," he said.', "John Smith"),
    ('Mrs. Kowalczyk met John Wilde on Monday. "We agreed on nothing at all," she said.', "Kowalczyk"),
    ('Dana Wilde met Mr. Kowalczyk. "We agreed on nothing at all," said Wilde.', "Dana Wilde"),
    # the subject of the main clause is more salient than a more recent possessor or object
    ("Peter Kolb cited John Wilde's awkward relations with the board. He said: \"We agreed on nothing at all.\"",
     "Peter Kolb"),
    (('Senator Ann Lee said she would run again. Asked about Mark Stone, she smiled. "We agreed on nothing '
     'at all," she said.'), "Ann Lee"),
    # a Slavic surname ending tells the gender when the given name is not listed
    ('Maria Zakharova met Sergei Lavrov on Monday. "We agreed on nothing at all," she said.', "Maria Zakharova"),
    ('Maria Zakharova met Sergei Lavrov on Monday. "We agreed on nothing at all," he said.', "Sergei Lavrov"),
    # a surname used before the full name resolves like one used after it
    ('Kolb arrived first. "We agreed on nothing at all," said Kolb. Peter Kolb is the chair.', "Peter Kolb"),
])
def test_pronoun_and_surname_resolution(nlp, text, speaker):
    q = _find(Q.extract_quotes(nlp(text)), "We agreed on nothing")
    assert q.speaker == speaker


@pytest.mark.parametrize("text, fragment", [
    ('Residents of the "safe zone" fled again on Monday.', "safe zone"),
    ('Critics of the so-called "peace plan" gathered outside.', "peace plan"),
])
def test_scare_quotes_have_no_speaker(nlp, text, fragment):
    q = _find(Q.extract_quotes(nlp(text)), fragment)
    assert q.kind == "scare"
    assert q.speaker is None and q.speaker_start is None


@pytest.mark.parametrize("text, title", [
    ('She wrote the book "The Long Road Home" in 2010.', "The Long Road Home"),
    ('The film "Gone With the Wind" was shown again.', "Gone With the Wind"),
])
def test_titles_of_works_are_not_quotes(nlp, text, title):
    assert not [q for q in Q.extract_quotes(nlp(text)) if title in q.quote]


@pytest.mark.parametrize("text, fragment, speaker, cue", [
    ("“Nobody listens to us any more.” ― Carla Sanchez\n", "Nobody listens", "Carla Sanchez", "―"),
    ("The senator Ann Lee said:\n“We will vote against the bill, all of us.”", "We will vote against", "Ann Lee", "said"),
    ("“Why would anyone do that?” Graham asked.", "Why would anyone do that?", "Graham", "asked"),
    ('"HOLT: Let us start with the economy tonight."', "Let us start with the economy", "HOLT", ":"),
    ("The plan, Mark Stone said, would cost too much.", "The plan, Mark Stone said, would cost too much", "Mark Stone", "said"),
])
def test_cue_patterns(nlp, text, fragment, speaker, cue):
    q = _find(Q.extract_quotes(nlp(text)), fragment)
    assert (q.speaker, q.cue) == (speaker, cue)


def test_quote_without_cue_or_person_has_no_speaker(nlp):
    q = _find(Q.extract_quotes(nlp("The crowd was large.\n“This is a long and complete sentence in quotes.”")), "This is")
    assert q.kind == "direct" and q.speaker is None and q.cue is None


def test_split_quote_shares_speaker_and_cue(nlp):
    doc = nlp('"The economy is strong," Laura Smith said, "and it will get stronger."')
    first = _find(Q.extract_quotes(doc), "The economy is strong")
    second = _find(Q.extract_quotes(doc), "and it will get stronger")
    assert first.kind == second.kind == "direct"
    assert first.speaker == second.speaker == "Laura Smith"
    assert first.cue_start == second.cue_start


@pytest.mark.parametrize("text, anonymous", [
    ("A senior official said the talks had collapsed.", True),
    # an affiliation before the unnamed source does not name it
    ("U.S. officials said the talks had collapsed.", True),
    ("A White House official said the talks had collapsed.", True),
    ("Russian diplomatic sources said the talks had collapsed.", True),
    ("John Miller said the talks had collapsed.", False),
    ("The Kremlin said the talks had collapsed.", False),
    ("Kremlin spokesman Dmitry Peskov said the talks had collapsed.", False),
])
def test_anonymous_sources_are_flagged(nlp, text, anonymous):
    q = _find(Q.extract_quotes(nlp(text)), "the talks had collapsed")
    assert q.anonymous is anonymous


@pytest.mark.parametrize("text, speaker", [
    # the head of the subject phrase speaks, not a person named in its modifiers
    ("Kremlin spokesman Dmitry Peskov said the talks had collapsed.", "Dmitry Peskov"),
    ('"The talks have collapsed," Putin spokesman Dmitry Peskov said.', "Dmitry Peskov"),
    ("John Miller's lawyers said the talks had collapsed.", "John Miller's lawyers"),
    ("A spokesman for John Miller said the talks had collapsed.", "A spokesman for John Miller"),
    # ... unless an appositive names the speaker
    ("John Miller's lawyer, Anna Lopez, said the talks had collapsed.", "Anna Lopez"),
    # a cue sentence closing its paragraph still takes the quote before it
    ('"The talks have collapsed!" John Miller tweeted.\n\nThe next day he left.', "John Miller"),
])
def test_speaker_is_the_head_of_the_subject(nlp, text, speaker):
    q = _find(Q.extract_quotes(nlp(text)), "alks ha")
    assert q.speaker == speaker


# -------------------------------------------------------------------------------------------- the seed
@pytest.fixture(scope="module")
def seed_quotes(seed_doc):
    return Q.extract_quotes(seed_doc)


@pytest.mark.parametrize("fragment, kind, speaker, mention", [
    ("Kazakhstan is echoing many of Russia's legislative initiatives", "direct", "Zhanar Sekerbayeva", "Sekerbayeva"),
    ("These groups are often seen as extensions", "direct", "Zhanar Sekerbayeva", "Sekerbayeva"),
    ("there are alarming signs that the Kremlin", "indirect", "Zhanar Sekerbayeva", "Zhanar Sekerbayeva"),
    ("Activists are arrested or fined", "direct", "Maria Remiga", "Maria Remiga"),
    ("The war in Ukraine has demonstrated", "direct", "Kate Mallinson", "she"),
    ("practically a Russian-speaking country", "partial", "Vladimir Putin", "President Vladimir Putin"),
    ("The situation has worsened", "direct", "Mutali Moskeu", "Moskeu"),
    ("mirror similar legislation in Russia", "indirect", "Sarah Johnson", "who"),
])
def test_seed_attributions(seed_doc, seed_quotes, fragment, kind, speaker, mention):
    q = _find(seed_quotes, fragment)
    assert (q.kind, q.speaker) == (kind, speaker)
    assert seed_doc.text[q.speaker_start:q.speaker_end] == mention


def test_seed_two_sentence_quote_and_scare(seed_quotes):
    mallinson = _find(seed_quotes, "The war in Ukraine")
    assert "next on Putin's agenda" in mallinson.quote and mallinson.cue == "explained"
    scare = next(q for q in seed_quotes if q.quote == "foreign agents")
    assert scare.kind == "scare" and scare.speaker is None


@pytest.mark.parametrize("speaker, role_part, organisation", [
    ("Vladimir Putin", "President", None),
    ("Kate Mallinson", "an associate fellow at Chatham House", "Chatham House"),
    ("Sarah Johnson", "a Professor of International Relations at Stanford University", "Stanford University"),
    ("Maria Remiga", "a journalist", None),
])
def test_seed_roles(seed_quotes, speaker, role_part, organisation):
    q = next(q for q in seed_quotes if q.speaker == speaker)
    assert role_part in (q.role or "")
    assert q.organisation == organisation


@pytest.mark.parametrize("text, speaker, role", [
    ("President-elect Donald Trump said the wall would be built.", "Donald Trump", "President-elect"),
    ("Director of National Intelligence James Clapper said the report was sound.", "James Clapper",
     "Director of National Intelligence"),
    ("Secretary of State Mike Pompeo said the talks would resume.", "Mike Pompeo", "Secretary of State"),
    ("Russian President Vladimir Putin said the sanctions would fail.", "Vladimir Putin", "Russian President"),
    # forms of address and ages are no role
    ("Mr. Donald Trump said the wall would be built.", "Donald Trump", None),
    ("Dr. Anthony Fauci said the virus was spreading.", "Anthony Fauci", None),
    ("Dzhokhar Tsarnaev, 26, said that he was sorry.", "Dzhokhar Tsarnaev", None),
])
def test_roles(nlp, text, speaker, role):
    q = Q.extract_quotes(nlp(text))[0]
    assert (q.speaker, q.role) == (speaker, role)


@pytest.mark.parametrize("text, speaker", [
    ("Dmitry Peskov met reporters.\nPeskov: \u201cThe border stays closed for now.\u201d", "Dmitry Peskov"),
    ("Claim: \u201cThe border stays closed for now.\u201d", None),  # a label, not a speaker
    ("The talks went on.\nSunday: \u201cThe border stays closed for now.\u201d", None),  # a date
])
def test_colon_cue_needs_a_speaker(nlp, text, speaker):
    q = _find(Q.extract_quotes(nlp(text)), "The border stays closed")
    assert q.speaker == speaker


def test_role_from_appositive_has_no_trailing_punctuation(nlp):
    q = _find(Q.extract_quotes(nlp('"We will win," said Jane Doe, a senator.')), "We will win")
    assert q.role == "a senator"


def test_seed_source_audit(seed_quotes):
    audit = Q.source_audit(seed_quotes).set_index("speaker")
    assert audit.loc["Zhanar Sekerbayeva", "n_direct"] == 2
    assert audit.loc["Zhanar Sekerbayeva", "n_indirect"] == 1
    assert audit.loc["Sarah Johnson", "paraphrased_only"]
    assert not audit.loc["Kate Mallinson", "paraphrased_only"]
    assert audit.loc["Kate Mallinson", "words_quoted"] > audit.loc["Mutali Moskeu", "words_quoted"] > 0
    assert not audit["anonymous"].any()
    assert list(Q.source_audit(seed_quotes).columns) == [
        "speaker", "speaker_type", "role", "organisation", "n_direct", "n_partial", "n_indirect", "words_quoted",
        "anonymous", "paraphrased_only"]


#: The seed's speakers, read by hand: six named people, and the evidence the author cites ("evidence
#: suggests that …"), a thing. Observers ("Observers point to …") are a vague collective.
SEED_SPEAKERS = {
    "Zhanar Sekerbayeva": "person", "Sarah Johnson": "person", "Maria Remiga": "person",
    "Kate Mallinson": "person", "Vladimir Putin": "person", "Mutali Moskeu": "person",
    "evidence": "non_human",
}


def test_seed_speakers_resolved_and_typed(seed_quotes):
    audit = Q.source_audit(seed_quotes).set_index("speaker")
    for speaker, kind in SEED_SPEAKERS.items():
        assert audit.loc[speaker, "speaker_type"] == kind, speaker
    listed = set(audit.index[audit["speaker_type"].isin(Q.LISTED_TYPES)])
    assert listed == {s for s, k in SEED_SPEAKERS.items() if k == "person"}
    assert set(audit.index) - set(SEED_SPEAKERS) <= {"Observers"}
    assert audit.loc["Observers", "speaker_type"] == "unspecified"


def test_source_audit_accepts_records(seed_quotes):
    from_records = Q.source_audit([q.record() for q in seed_quotes])
    assert set(from_records["speaker"]) == set(Q.source_audit(seed_quotes)["speaker"])


# ----------------------------------------------------------------------------------- invariants, schema
def test_offsets_invariants(seed_doc, seed_quotes):
    text = seed_doc.text
    assert [q.start for q in seed_quotes] == sorted(q.start for q in seed_quotes)
    for q in seed_quotes:
        assert text[q.start:q.end] == q.quote
        assert q.quote == q.quote.strip() and q.quote[:1] not in '"“”'
        assert q.kind in Q.KINDS
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
        if q.cue_start is not None:
            assert text[q.cue_start:q.cue_end] == q.cue


def test_stage_record_schema(seed_doc):
    from helpers import stage

    record = stage.stage_json("quotes", stage.quote_rows("seed", seed_doc)[0])
    assert list(record) == ["quotes"]
    assert record["quotes"]
    for item in record["quotes"]:
        assert [*Q.RECORD_KEYS, *Q.RECORD_EXTRA_KEYS] == [k for k in item if k in {*Q.RECORD_KEYS, *Q.RECORD_EXTRA_KEYS}]
        assert item["anonymous"] == (item["speaker_type"] == "anonymous")
    json.dumps(record)


def test_quotes_table_columns(seed_quotes):
    table = Q.quotes_table(seed_quotes)
    assert len(table) == len(seed_quotes)
    assert {"quote", "kind", "speaker", "role", "words"} <= set(table.columns)


def test_cli_quotes(tmp_path, seed_text):
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    inp.write_text(json.dumps({"id": "seed", "text": seed_text}) + "\n"
                   + json.dumps({"id": "short", "text": '"Stop," he said "now.'}) + "\n", encoding="utf-8")
    assert cli_main(["quotes", "--in", str(inp), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["seed", "short"]
    assert set(rows[0]) == {"id", "quotes"}
    speakers = {q["speaker"] for q in rows[0]["quotes"]}
    assert {"Zhanar Sekerbayeva", "Kate Mallinson", "Mutali Moskeu"} <= speakers
    for q in rows[0]["quotes"]:
        assert seed_text[q["start"]:q["end"]] == q["quote"]


@pytest.mark.parametrize(
    "text, quote, kind, mention",
    [
        ("“It is over,” she said. “We go home.”", "We go home.", "direct", "she"),
        ("Maria Remiga said: “It is over.” Then she left. “We go home.”", "We go home.", "direct", "Maria Remiga"),
        ("The so-called “foreign agents” law passed.", "foreign agents", "scare", None),
    ],
)
def test_short_quote_standing_as_a_sentence_is_speech(nlp, text, quote, kind, mention):
    from helpers.quotes import extract_quotes

    found = [q for q in extract_quotes(nlp(text)) if q.quote == quote]
    assert len(found) == 1
    q = found[0]
    assert q.kind == kind
    got = text[q.speaker_start:q.speaker_end] if q.speaker_start is not None else None
    assert got == mention


def test_unbalanced_marks_give_one_warning_per_article(caplog):
    """Three stray marks in one article: one warning line naming the article and the first mark; the
    others at debug level."""
    text = 'A "one.\nB” two.\nC "three.'
    with caplog.at_level(logging.DEBUG, logger="helpers.quotes"):
        Q.find_quote_spans(text, article="a-17")
    warnings_ = [r for r in caplog.records if r.levelno == logging.WARNING]
    debug = [r for r in caplog.records if r.levelno == logging.DEBUG]
    assert len(warnings_) == 1
    assert "a-17" in warnings_[0].getMessage() and "3 unbalanced" in warnings_[0].getMessage()
    assert "at 2 " in warnings_[0].getMessage()
    assert len(debug) == 2 and all("a-17" in r.getMessage() for r in debug)


@pytest.mark.parametrize("text, speaker", [
    # "the <title>" is the one person introduced with that title; with a bare-title holder, that one
    ("President Anna Lopez met Russian President Vladimir Putin. The president said the talks went well.",
     "Anna Lopez"),
    ("Senator Ann Lee spoke first. The senator said the talks went well.", "Ann Lee"),
    # two holders and no bare title: left as written
    ("Russian President Vladimir Putin met Chinese President Xi Jinping. The president said the talks went well.",
     "The president"),
])
def test_title_resolves_to_its_holder(nlp, text, speaker):
    q = _find(Q.extract_quotes(nlp(text)), "the talks went well")
    assert q.speaker == speaker


def test_platform_tagged_person_is_not_an_antecedent(nlp):
    from spacy.tokens import Span

    doc = nlp("Ann Lee spoke first. Twitter removed the posts. She said the rules were clear.")
    twitter = next(t.i for t in doc if t.text == "Twitter")
    doc.ents = [e for e in doc.ents if not (e.start <= twitter < e.end)] + [Span(doc, twitter, twitter + 1, "PERSON")]
    q = _find(Q.extract_quotes(doc), "the rules were clear")
    assert q.speaker == "Ann Lee"  # the model's PERSON "Twitter" (gender unknown) is not taken
