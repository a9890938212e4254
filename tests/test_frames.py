"""Tests for helpers.frames: generic frames (Semetko & Valkenburg items as cues + parse rules), issue frames
(MFC dimensions), the article/sentence tables, the seed expectations, the stage record and the CLI."""
from __future__ import annotations

import pytest

from helpers import frames, resources
from helpers.frames import (
    GENERIC_FRAMES,
    ISSUE_FRAMES,
    FrameResult,
    detect_frames,
    frames_table,
    sentence_frames_table,
)


def _sentence_frames(result: FrameResult) -> set[str]:
    """Generic frames with an evidence sentence (sentence score >= 0.5)."""
    return {e.frame for e in result.evidence if not e.frame.startswith("issue:")}


def _cues(result: FrameResult, frame: str) -> str:
    table = sentence_frames_table(result, "generic")
    return " | ".join(table[table["frame"] == frame]["cues"])


@pytest.mark.parametrize("sentence, expected, absent", [
    # negatives: neutral reporting carries no frame
    (("Sunny skies and light winds are expected across the region on Tuesday, with temperatures near "
     "25 degrees."), set(), set(GENERIC_FRAMES)),
    ("The committee meets on Thursdays in the old town hall.", set(), set(GENERIC_FRAMES)),
    ("Kazakhstan shares a long land border with Russia.", set(), {"economic", "conflict"}),
    # conflict: disagreement, reproach, two sides
    ("Russia and Ukraine remain locked in a bitter disagreement over the border.", {"conflict"}, {"economic"}),
    ("France accused Germany of blocking the proposal.", {"conflict"}, {"economic", "morality"}),
    ("Critics and supporters of the plan clashed at the hearing.", {"conflict"}, set()),
    # responsibility: an institution that must act, solutions, urgency
    ("The government must act now to protect families from the floods.", {"responsibility"}, {"conflict"}),
    ("Officials unveiled a plan to tackle the crisis with urgent measures.", {"responsibility"}, set()),
    # economic: money amounts and costs
    ("Trade between the two countries reached $40 billion in 2022.", {"economic"}, {"conflict"}),
    ("The repairs will cost taxpayers millions, and profits at the firm fell sharply.", {"economic"}, set()),
    # human interest: a person with an age, family and feelings
    ("Maria Lopez, a 38-year-old mother of two, wept as she described losing her home.",
     {"human_interest"}, {"economic"}),
    # morality: God, religion, moral duty
    ("The bishop said it was a moral duty to pray for the victims.", {"morality"}, {"economic"}),
])
def test_sentence_frames(nlp, sentence, expected, absent):
    result = detect_frames(nlp(sentence))
    found = _sentence_frames(result)
    assert expected <= found, (found, result.sentence_frames.to_dict("records"))
    assert not (absent & found), found


@pytest.mark.parametrize("sentence, rule_cue", [
    ("France accused Germany of blocking the proposal.", "accuse(France -> Germany)"),
    ("The senator attacked the governor over the budget.", "attack(senator -> governor)"),
])
def test_conflict_parse_rule_two_actors(nlp, sentence, rule_cue):
    assert rule_cue in _cues(detect_frames(nlp(sentence)), "conflict")


@pytest.mark.parametrize("sentence", [
    "The storm attacked the coast overnight.",          # no actor as subject
    "They criticized it.",                                # object is not an actor
    "Critics accused.",                                   # no object at all
])
def test_conflict_parse_rule_needs_two_actors(nlp, sentence):
    assert "->" not in _cues(detect_frames(nlp(sentence)), "conflict")


@pytest.mark.parametrize("sentence, has_rule", [
    ("The government must act.", True),
    ("Lawmakers need to pass the bill quickly.", True),
    ("The EU should cut emissions faster.", True),
    ("The weather must be lovely in spring.", False),     # not an institution
    ("The government met on Monday.", False),            # no modal, no remedial verb
])
def test_responsibility_rule_institution_with_modal(nlp, sentence, has_rule):
    result = detect_frames(nlp(sentence))
    assert ("re6" in result.item_mass) is has_rule, result.item_mass


@pytest.mark.parametrize("sentence, human_example", [
    ("Nick Mullins, a coal miner from Virginia, spoke out against the plan.", True),   # ordinary person
    ("Greta Thunberg, 16, sailed across the Atlantic.", True),                          # age in apposition
    ("Maria Lopez, a 38-year-old teacher, met reporters.", True),
    ("John Smith, a spokesman for the ministry, declined to comment.", False),        # an official
    ("The ministry published 16 reports, 3 of them late.", False),                     # numbers, no person
])
def test_human_example_rules(nlp, sentence, human_example):
    result = detect_frames(nlp(sentence))
    assert ("hi1" in result.item_mass) is human_example, result.item_mass


@pytest.mark.parametrize("sentence, frame", [
    ("NATO troops massed near the border as fears of an invasion grew.", "security_defense"),
    ("The court ruled that the law was unconstitutional.", "legality"),
    ("A new poll shows most citizens support the protests.", "public_opinion"),
    ("Activists say human rights and civil liberties are under pressure.", "human_rights_fairness"),
    ("The trade deal is worth billions to the economy.", "economic"),
    ("Voters head to the polls as the election campaign ends and parties court the president.", "political"),
    ("The ambassador warned that sanctions would damage diplomatic relations and sovereignty.",
     "sovereignty_external_relations"),
    ("Police arrested the suspect, who was later charged and jailed.", "crime_punishment"),
])
def test_issue_frames_top(nlp, sentence, frame):
    result = detect_frames(nlp(sentence))
    assert result.top_issue == frame, result.issue_scores


def test_neutral_has_no_issue_frame(nlp):
    result = detect_frames(nlp("The committee meets on Thursdays in the old town hall."))
    assert result.top_issue is None and sum(result.issue_scores.values()) == 0


def test_scores_are_bounded_and_consistent(seed_doc):
    result = detect_frames(seed_doc)
    assert set(result.generic_scores) == set(GENERIC_FRAMES)
    assert set(result.issue_scores) == set(ISSUE_FRAMES)
    assert all(0.0 <= s <= 1.0 for s in result.generic_scores.values())
    assert sum(result.issue_scores.values()) == pytest.approx(1.0, abs=1e-3)
    assert result.present == [f for f in GENERIC_FRAMES
                              if result.generic_scores[f] >= frames.THRESHOLDS[f]]


def test_seed_frames_and_evidence(seed_doc):
    result = detect_frames(seed_doc)
    assert {"conflict", "responsibility"} <= set(result.present)
    text = seed_doc.text
    for frame in ("conflict", "responsibility"):
        ev = [e for e in result.evidence if e.frame == frame]
        assert ev, frame
        for e in ev:
            assert 0 <= e.start < e.end <= len(text) and e.cues and 0 < e.score <= 1
    # the closing sentence ("The country must navigate these challenges ...") is responsibility evidence
    must = [e for e in result.evidence if e.frame == "responsibility" and "must navigate" in text[e.start:e.end]]
    assert must
    # sovereignty / external relations and human rights are among the seed's issue frames
    assert {"sovereignty_external_relations", "human_rights_fairness"} <= set(result.issue_present)


def test_seed_event_russia_to_kazakhstan(seed_doc):
    from helpers.events import extract_events

    events = extract_events(seed_doc)
    assert any(e.actor_code == "RUS" and e.target_code == "KAZ" for e in events), events


def test_tables(seed_doc):
    result = detect_frames(seed_doc)
    art = frames_table(result)
    assert list(art.columns) == ["kind", "frame", "score", "present", "items"]
    assert len(art) == len(GENERIC_FRAMES) + len(ISSUE_FRAMES)
    assert set(art[(art["kind"] == "generic") & art["present"]]["frame"]) == set(result.present)
    long = sentence_frames_table(result)
    assert {"sentence_index", "start", "end", "kind", "frame", "score", "cues"} <= set(long.columns)
    wide = sentence_frames_table(result, "generic", wide=True)
    assert list(wide.columns) == ["sentence_index", *GENERIC_FRAMES]
    assert len(wide) == result.n_sentences and wide[list(GENERIC_FRAMES)].to_numpy().max() <= 1.0
    ev = frames.evidence_table(result)
    assert set(ev["frame"]) <= set(GENERIC_FRAMES) and (ev["sentence"].str.len() > 0).all()


def test_empty_and_blank_documents(nlp):
    for text in ("", "   \n\n  "):
        result = detect_frames(nlp(text))
        assert result.present == [] and result.n_sentences == 0
        assert all(v == 0 for v in result.generic_scores.values())
        assert frames_table(result)["score"].sum() == 0


def test_resources_are_well_formed():
    items = {i for its in frames.FRAME_ITEMS.values() for i in its} | set(frames.RULE_ITEMS)
    rows = resources.table(frames.FRAME_CUES_FILE)
    assert rows
    for row in rows:
        assert row["frame"] in GENERIC_FRAMES and row["item"] in items, row
        assert row["kind"] in {"term", "verb_pair", "verb_agent"} and 0 < float(row["weight"]) <= 1, row
        assert row["cue"] == row["cue"].strip().lower() and row["cue"], row
    issue_rows = resources.table(frames.ISSUE_CUES_FILE)
    assert {r["frame"] for r in issue_rows} <= set(ISSUE_FRAMES)
    assert {r["frame"] for r in issue_rows} >= set(ISSUE_FRAMES)  # every issue frame has cues
    rules = frames.rule_words()
    assert set(rules) == set(frames.RULE_LISTS) and all(rules.values())
    assert "court" in rules["group_noun"] and "PERSON" in rules["actor_entity"]


def test_weights_are_ordered():
    assert frames.FULL > frames.SUPPORT > frames.WEAK > 0
    assert frames.EVIDENCE_MIN == frames.SUPPORT and frames.ISSUE_EVIDENCE_MIN == frames.FULL


def test_resources_are_documented():
    readme = (resources.FOLDER / "README.md").read_text(encoding="utf-8")
    for name in (frames.FRAME_CUES_FILE, frames.ISSUE_CUES_FILE, frames.RULE_WORDS_FILE):
        assert name in readme and resources.path(name).is_file()


@pytest.mark.parametrize("sentence, threat", [
    ("Officials fear that the country could be the next target of Russian aggression.", True),
    ("Troops massed on the border, raising fears of a possible invasion.", True),
    ("Analysts warn that a military intervention may follow the elections.", True),
    ("The war ended in 1945.", False),                                   # force, nothing anticipated
    ("Officials fear that prices could rise next year.", False),         # anticipation, no force
])
def test_threat_of_force_is_security(nlp, sentence, threat):
    result = detect_frames(nlp(sentence))
    cues = " | ".join(sentence_frames_table(result, "issue")["cues"])
    assert ("threat of force" in cues) is threat, cues
    if threat:
        assert result.top_issue == "security_defense", result.issue_scores


def test_seed_about_a_possible_invasion_carries_the_security_frame(seed_doc):
    result = detect_frames(seed_doc)
    assert "security_defense" in result.issue_present, result.issue_scores
    evidence = [e for e in result.evidence if e.frame == "issue:security_defense"]
    assert any("aggression" in seed_doc.text[e.start:e.end] for e in evidence)
