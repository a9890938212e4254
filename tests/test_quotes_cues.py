"""Tests for helpers.quotes: each cue pattern, speaker types, coordinated speakers, quotation marks kept
whole, transcript turns and the audit by speaker type, with negative cases."""
from __future__ import annotations

import re

import pytest

from helpers import quotes as Q
from helpers.text import QUOTE_MARKS


def _with(quotes, fragment):
    """The quotes whose content contains ``fragment``."""
    return [q for q in quotes if fragment in q.quote]


def _one(quotes, fragment):
    hits = _with(quotes, fragment)
    assert hits, f"no quote containing {fragment!r}: {[q.quote for q in quotes]}"
    return hits[0]


# ------------------------------------------------------------------------------------------ cue patterns
@pytest.mark.parametrize("text, fragment, kind, speaker, cue", [
    # speech verb, stance and cognition verbs with a clause
    ("Anna Lopez said the deal was dead.", "the deal was dead", "indirect", "Anna Lopez", "said"),
    ("Anna Lopez believes that the deal is dead.", "the deal is dead", "indirect", "Anna Lopez", "believes"),
    ("Anna Lopez argued that the deal was dead.", "the deal was dead", "indirect", "Anna Lopez", "argued"),
    ("Anna Lopez warned that the deal was dead.", "the deal was dead", "indirect", "Anna Lopez", "warned"),
    ("Anna Lopez insists that the deal is dead.", "the deal is dead", "indirect", "Anna Lopez", "insists"),
    ("Anna Lopez thinks that the deal is dead.", "the deal is dead", "indirect", "Anna Lopez", "thinks"),
    # noun cues: a possessor, a copula, a light verb
    ("Anna Lopez's claim that the deal is dead was wrong.", "the deal is dead", "indirect", "Anna Lopez",
     "claim"),
    ("Anna Lopez's position is that the deal is dead.", "the deal is dead", "indirect", "Anna Lopez", "position"),
    ("Anna Lopez voiced the concern that the deal is dead.", "the deal is dead", "indirect", "Anna Lopez",
     "concern"),
    # a thing as the source
    ("The report found that the agency had failed its staff.", "the agency had failed", "indirect", "The report",
     "found"),
    # a cue phrase around the verb
    ("In a statement, the ministry said the deal was dead.", "the deal was dead", "indirect", "the ministry",
     "said"),
    ("Anna Lopez, in an interview, said the deal was dead.", "the deal was dead", "indirect", "Anna Lopez", "said"),
    # according to, colon, dash
    ("According to Anna Lopez, the deal is dead for good.", "the deal is dead", "indirect", "Anna Lopez",
     "According to"),
    ("Anna Lopez met the press.\nLopez: \u201cThe deal is dead.\u201d", "The deal is dead", "direct", "Anna Lopez",
     ":"),
    ("\u201cThe deal is dead for good.\u201d \u2015 Anna Lopez\n", "The deal is dead", "direct", "Anna Lopez",
     "\u2015"),
    # the object of the verb's preposition, the object with its predicate
    ("Anna Lopez called for a new vote on the deal.", "a new vote on the deal", "indirect", "Anna Lopez", "called"),
    ("Critics point to rising prices in the capital.", "rising prices", "indirect", "Critics", "point"),
    ("Anna Lopez described the deal as a disaster for the region.", "the deal as a disaster", "indirect",
     "Anna Lopez", "described"),
    ("Anna Lopez accused the minister of lying about the deal.", "the minister of lying", "indirect", "Anna Lopez",
     "accused"),
    # a colon after the verb's object; the speaker after the verb
    ('Anna Lopez made the following comment: "The deal is dead."', "The deal is dead", "direct", "Anna Lopez",
     "made the following comment"),
    ('"We love cats!" reply Burton and Nick.', "We love cats!", "direct", "Burton and Nick", "reply"),
])
def test_cue_patterns(nlp, text, fragment, kind, speaker, cue):
    q = _one(Q.extract_quotes(nlp(text)), fragment)
    assert (q.kind, q.speaker, q.cue) == (kind, speaker, cue)


@pytest.mark.parametrize("text, fragment", [
    ("Anna Lopez thinks about the deal every day.", "the deal"),  # "thinks" without a clause
    ("Anna Lopez thinks so.", "so"),
    ("The committee will think it over next week.", "it over"),
    ("The deal was signed on Monday.", "signed"),
    ('She wrote the book "The Long Road Home" in 2010.', "Long Road Home"),  # a title in quotation marks
    ("Claim: \u201cThe border stays closed for now.\u201d", "The border stays closed"),  # a label, not a speaker
])
def test_no_attribution(nlp, text, fragment):
    assert not [q for q in _with(Q.extract_quotes(nlp(text)), fragment) if q.speaker is not None]


@pytest.mark.parametrize("text, fragment", [
    ('Residents of the "safe zone" fled again on Monday.', "safe zone"),
    ('Critics of the so-called "peace plan" gathered outside.', "peace plan"),
])
def test_scare_terms_have_no_speaker_or_type(nlp, text, fragment):
    q = _one(Q.extract_quotes(nlp(text)), fragment)
    assert (q.kind, q.speaker, q.speaker_type, q.anonymous) == ("scare", None, None, False)


def test_reported_clause_ends_before_a_second_report(nlp):
    q = _one(Q.extract_quotes(nlp("Anna Lopez said the deal was dead and warned against a new vote.")),
             "the deal was dead")
    assert q.quote == "the deal was dead"


@pytest.mark.parametrize("text, fragment", [
    ('Burton claims that his favorite book is "One Hundred Years of Solitude".', "his favorite book"),
    ('Anna Lopez said the plan was a "recipe for disaster" and a waste of money.', "the plan was"),
    ('Anna Lopez said that "the deal is dead" and that talks would end.', "talks would end"),
])
def test_content_never_splits_a_pair_of_marks(nlp, text, fragment):
    for q in Q.extract_quotes(nlp(text)):
        if q.kind == "indirect":
            marks = [ch for ch in q.quote if ch in QUOTE_MARKS + '"']
            assert len(marks) % 2 == 0, q.quote
    assert _with(Q.extract_quotes(nlp(text)), fragment)


# ----------------------------------------------------------------------------------------- speaker types
@pytest.mark.parametrize("text, speaker, speaker_type", [
    ("Anna Lopez said the talks had collapsed.", "Anna Lopez", "person"),
    ("The ministry said the talks had collapsed.", "The ministry", "organisation"),
    ("Russia said the talks had collapsed.", "Russia", "organisation"),
    ("A senior Western official said the talks had collapsed.", "A senior Western official", "anonymous"),
    ("U.S. officials said the talks had collapsed.", "U.S. officials", "anonymous"),
    ("Critics say the talks had collapsed.", "Critics", "unspecified"),
    ("Some argue that the talks had collapsed.", "Some", "unspecified"),
    ("Observers say the talks had collapsed.", "Observers", "unspecified"),
    ("Evidence suggests that the talks had collapsed.", "Evidence", "non_human"),
    ("The data show that the talks had collapsed.", "The data", "non_human"),
    ("A new poll shows that the talks had collapsed.", "A new poll", "non_human"),
    # a pronoun with nobody to refer to stays the speaker as written
    ("He said the talks had collapsed.", "He", "person"),
    ("They said the talks had collapsed.", "They", "unspecified"),
    # a resolved pronoun is the person
    ("Anna Lopez arrived late. She said the talks had collapsed.", "Anna Lopez", "person"),
])
def test_speaker_types(nlp, text, speaker, speaker_type):
    q = _one(Q.extract_quotes(nlp(text)), "the talks had collapsed")
    assert (q.speaker, q.speaker_type) == (speaker, speaker_type)
    assert q.anonymous == (speaker_type == "anonymous")
    assert q.speaker_type in Q.SPEAKER_TYPES


def test_unresolved_pronoun_keeps_its_mention(nlp):
    text = "He said the talks had collapsed."
    q = _one(Q.extract_quotes(nlp(text)), "the talks had collapsed")
    assert text[q.speaker_start:q.speaker_end] == "He" == q.mention
    assert "He" not in set(Q.source_audit([q])["speaker"])  # no one to list


# ------------------------------------------------------------------------------------ coordinated speakers
@pytest.mark.parametrize("text, speaker, speakers", [
    ("Vladimir Putin met Alexander Lukashenko. Putin and Lukashenko said the union would grow.",
     "Vladimir Putin and Alexander Lukashenko", ("Vladimir Putin", "Alexander Lukashenko")),
    ('"We love cats!" reply Burton and Nick.', "Burton and Nick", ("Burton", "Nick")),
    ("The minister and her deputy said the union would grow.", "The minister and her deputy",
     ("The minister", "her deputy")),
    # one speaker: a one-name tuple
    ("Vladimir Putin said the union would grow.", "Vladimir Putin", ("Vladimir Putin",)),
])
def test_coordinated_speakers(nlp, text, speaker, speakers):
    q = next(q for q in Q.extract_quotes(nlp(text)) if q.speaker)
    assert (q.speaker, q.speakers) == (speaker, speakers)
    assert len(q.speaker_types) == len(q.speakers)


def test_audit_gives_each_coordinated_speaker_a_row(nlp):
    doc = nlp("Vladimir Putin met Alexander Lukashenko. Putin and Lukashenko said the union would grow. "
              '"It will," Putin added.')
    audit = Q.source_audit(Q.extract_quotes(doc)).set_index("speaker")
    assert audit.loc["Vladimir Putin", "n_indirect"] == 1 and audit.loc["Vladimir Putin", "n_direct"] == 1
    assert audit.loc["Alexander Lukashenko", "n_indirect"] == 1 and audit.loc["Alexander Lukashenko", "n_direct"] == 0
    assert "Vladimir Putin and Alexander Lukashenko" not in audit.index


# -------------------------------------------------------------------------------------- transcript turns
TRANSCRIPT = ("The talks ended late. President of Russia Vladimir Putin: Colleagues, we will finish this work. "
              "Board Chairman Ruslan Baysarov: Yes, together. Question: When will it open? Vladimir Putin: Soon. "
              "It is almost ready. Kassym-Jomart Tokayev: Absolutely, this is not a problem.")


@pytest.mark.parametrize("fragment, speaker, cue", [
    ("Colleagues, we will finish this work.", "Vladimir Putin", "President of Russia Vladimir Putin:"),
    ("Yes, together.", "Ruslan Baysarov", "Board Chairman Ruslan Baysarov:"),
    ("Soon. It is almost ready.", "Vladimir Putin", "Vladimir Putin:"),
    ("Absolutely, this is not a problem.", "Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev:"),
])
def test_transcript_turns(nlp, fragment, speaker, cue):
    q = next(q for q in Q.extract_quotes(nlp(TRANSCRIPT)) if q.quote == fragment)
    assert (q.kind, q.speaker, q.cue, q.speaker_type) == ("direct", speaker, cue, "person")
    assert TRANSCRIPT[q.cue_start:q.cue_end] == cue


def test_transcript_unnamed_label_is_no_speaker(nlp):
    quotes = Q.extract_quotes(nlp(TRANSCRIPT))
    assert not [q for q in quotes if "When will it open" in q.quote and q.speaker]
    assert not [q for q in quotes if q.kind == "indirect" and "finish this work" in q.quote]  # inside the turn


@pytest.mark.parametrize("text", [
    "WALLACE: Let us start with the economy tonight.\nTRUMP: We will win, believe me.",
])
def test_transcript_in_capitals(nlp, text):
    speakers = [q.speaker for q in Q.extract_quotes(nlp(text)) if q.kind == "direct"]
    assert speakers == ["WALLACE", "TRUMP"]


@pytest.mark.parametrize("text", [
    "The report had one finding: The border stays closed.",  # a colon after a noun, not a name
    "FULL SPEECH: Obama spoke in Washington on Friday.",  # one heading in capitals is no transcript
    "Anna Lopez had a plan for Monday: Talks would resume at noon.",
])
def test_not_transcript_turns(nlp, text):
    assert not [q for q in Q.extract_quotes(nlp(text)) if q.kind == "direct"]


def test_colon_quote_is_recorded_once(nlp):
    quotes = Q.extract_quotes(nlp("Dmitry Peskov met reporters.\nPeskov: \u201cThe border stays closed for now.\u201d"))
    assert len([q for q in quotes if "border stays closed" in q.quote]) == 1


# ------------------------------------------------------------------------------------------ audit by type
def test_audit_by_type(nlp):
    doc = nlp('Anna Lopez said the talks had collapsed. "We tried," she added. Critics say the talks were a sham. '
              'A senior official said the talks were over. Evidence suggests that nobody cared.')
    quotes = Q.extract_quotes(doc)
    table = Q.audit_by_type(quotes).set_index("speaker_type")
    assert list(table.reset_index().columns) == list(Q.TYPE_COLUMNS)
    assert list(table.index) == list(Q.SPEAKER_TYPES)
    assert table.loc["person", "n_quotes"] == 2 and table.loc["person", "n_direct"] == 1
    assert table.loc["person", "words_quoted"] == 2
    assert table.loc["unspecified", "n_indirect"] == 1
    assert table.loc["anonymous", "n_indirect"] == 1
    assert table.loc["non_human", "n_indirect"] == 1
    assert table.loc["organisation", "n_quotes"] == 0
    audit = Q.source_audit(quotes).set_index("speaker")
    assert audit.loc["A senior official", "anonymous"] and audit.loc["A senior official", "speaker_type"] == "anonymous"
    listed = audit.index[audit["speaker_type"].isin(Q.LISTED_TYPES)]
    assert list(listed) == ["Anna Lopez"]


def test_audit_from_records_without_types():
    records = [{"quote": "the talks had collapsed", "kind": "indirect", "speaker": "officials", "role": None},
               {"quote": "we tried", "kind": "direct", "speaker": "Anna Lopez", "role": None}]
    audit = Q.source_audit(records).set_index("speaker")
    assert audit.loc["officials", "anonymous"] and not audit.loc["Anna Lopez", "anonymous"]
    assert Q.audit_by_type(records).set_index("speaker_type").loc["anonymous", "n_quotes"] == 1


def test_quote_resources_exist_and_are_documented():
    from pathlib import Path

    from helpers import resources
    from helpers.quotes import lexicon

    readme = (resources.FOLDER / "README.md").read_text(encoding="utf-8")
    names = set(re.findall(r'"(\w+\.(?:txt|tsv))"', Path(lexicon.__file__).read_text(encoding="utf-8")))
    assert len(names) >= 20
    for name in names:
        assert resources.path(name).stat().st_size > 0
        assert f"`{name}`" in readme, name


@pytest.mark.parametrize("speaker, speaker_type, named", [
    ("Vladimir Putin", "person", True),
    ("the Kremlin", "organisation", True),  # an organisation's name may start with "the"
    ("Kremlin", "organisation", True),
    ("I", "person", False),  # a pronoun left unresolved
    ("he", "person", False),
    ("the Head of State", "person", False),  # a title with no name in the article
    ("critics", "unspecified", False),
    ("a senior official", "anonymous", False),
    (None, "person", False),
])
def test_named_voices_are_people_and_bodies_with_a_name(speaker, speaker_type, named):
    from helpers.quotes import is_named_voice

    assert is_named_voice(speaker, speaker_type) is named
