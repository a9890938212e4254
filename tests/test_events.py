"""Tests for helpers.events: CAMEO-coded who-does-what-to-whom triples from the parse."""
from __future__ import annotations

import pytest

from helpers.events import Event, cameo_root, events_table, extract_events, load_cameo_nouns, load_cameo_verbs


@pytest.fixture(scope="module")
def seed_events(seed_doc):
    return extract_events(seed_doc)


def test_seed_russia_acts_on_kazakhstan(seed_events):
    hits = [e for e in seed_events if e.actor_code == "RUS" and e.target_code == "KAZ"]
    assert hits, "expected an event Russia -> Kazakhstan"
    assert any(e.root in ("05", "13", "17") for e in hits)  # influence / threaten / coerce


def test_seed_sentence_is_coerce(seed_events):
    hits = [e for e in seed_events if e.action == "sentence"]
    assert hits and hits[0].cameo.startswith("17") and hits[0].actor_code == "KAZ"
    assert "Yensebek" in hits[0].target


def test_seed_invasion_of_ukraine(seed_events):
    hits = [e for e in seed_events if e.action == "invasion"]
    assert hits and hits[0].root == "19" and hits[0].target_code == "UKR" and hits[0].nominal


def test_seed_offsets(seed_doc, seed_events):
    for e in seed_events:
        span = seed_doc.text[e.start:e.end]
        assert e.actor in span and e.target in span
        assert e.cameo.isdigit() and len(e.cameo) >= 3 and e.root == e.cameo[:2]


@pytest.mark.parametrize("sentence, actor, root, target", [
    ("Russia threatened Kazakhstan with sanctions.", "RUS", "13", "KAZ"),
    ("Ukraine was invaded by Russia in 2022.", "RUS", "19", "UKR"),
    ("The EU imposed sanctions on Russia.", "EU", "16", "RUS"),
    ("Putin met Tokayev in Astana.", "RUS", "04", "KAZ"),
    ("Russian aggression against Ukraine continued.", "RUS", "19", "UKR"),
    ("The Kremlin is attempting to exert greater control over Kazakhstan's policies.", "RUS", "17", "KAZ"),
    ("China criticized the United States over tariffs.", "CHN", "11", "USA"),
    ("Kazakhstan, which declared independence from the Soviet Union in 1991, is large.", "KAZ", "01", "SUN"),
])
def test_event_table(nlp, sentence, actor, root, target):
    events = extract_events(nlp(sentence))
    assert any((e.actor_code, e.root, e.target_code) == (actor, root, target) for e in events), events


@pytest.mark.parametrize("sentence", [
    "The weather was pleasant in Astana.",
    "Sekerbayeva stated.",
    "According to experts, prices rose.",
    "The war was long.",
    "The rhetoric has left many Kazakhs uneasy.",
    "President Trump fired James Comey in May.",
    "Putin blamed.",
])
def test_no_event(nlp, sentence):
    assert extract_events(nlp(sentence)) == []


def test_show_is_not_protest(nlp):
    events = extract_events(nlp("The war in Ukraine has demonstrated the lengths to which Russia will go."))
    assert [e.action for e in events] == ["war"]  # no "demonstrate" (14, protest) and no "go" (04) event
    assert events[0].target_code == "UKR"


@pytest.mark.parametrize("sentence, negated", [
    ("Russia did not invade Kazakhstan.", True),
    ("Russia never attacked Kazakhstan.", True),
    ("Russia refused to attack Kazakhstan.", True),
    ("Russia declined to recognise Kazakhstan.", True),
    ("Russia did not try to invade Kazakhstan.", True),
    ("Russia invaded Kazakhstan.", False),
    ("Russia tried to invade Kazakhstan.", False),
])
def test_negation(nlp, sentence, negated):
    events = extract_events(nlp(sentence))
    assert len(events) == 1 and events[0].negated is negated


def test_events_that_did_not_happen_are_flagged_and_left_out_of_the_stage_output(nlp):
    from helpers import stage

    doc = nlp("Russia did not invade Kazakhstan. Russia invaded Ukraine.")
    rows = stage.framing_rows("a", doc)
    assert {(e["target"], e["negated"]) for e in rows["events"]} == {("Kazakhstan", True), ("Ukraine", False)}
    assert [e["target"] for e in stage.stage_json("frames", rows)["events"]] == ["Ukraine"]


def test_light_verb_not_double_counted(nlp):
    events = extract_events(nlp("The EU imposed sanctions on Russia."))
    assert len(events) == 1 and events[0].action == "sanction"


def test_codes_keep_leading_zeros():
    verbs = load_cameo_verbs()
    assert verbs["meet"][0] == "040" and verbs["say"][0] == "010"
    assert verbs["threaten"][0].startswith("13") and verbs["sentence"][0].startswith("17")
    assert load_cameo_nouns()["invasion"][0].startswith("19")
    assert cameo_root("0211") == "02"


def test_accepts_given_actors(nlp):
    doc = nlp("Russia threatened Kazakhstan.")
    # with no actors given, both sides are still named entities: the event stays, uncoded
    bare = extract_events(doc, actors=[])
    assert len(bare) == 1 and (bare[0].actor_code, bare[0].target_code) == (None, None)
    coded = extract_events(doc)
    assert (coded[0].actor_code, coded[0].target_code) == ("RUS", "KAZ")
    table = events_table(extract_events(doc))
    assert list(table.columns[:8]) == ["actor", "action", "cameo", "target", "start", "end", "actor_code",
                                       "target_code"]
    assert isinstance(extract_events(doc)[0], Event)


@pytest.mark.parametrize("sentence, action, root", [
    # a verb of force against a person is a verbal attack (111, criticise or denounce)
    ("Trump attacked Jeff Sessions on Twitter.", "attack", "11"),
    ("Putin attacked Obama over the sanctions.", "attack", "11"),
    # ... against a state, a city or troops it stays force
    ("Russia attacked Ukraine in 2022.", "attack", "19"),
    ("Russian troops attacked Kyiv.", "attack", "19"),
    # uncoded verbs whose PETRARCH synonym block misleads ("interfere" is not "provide aid")
    ("Russia interfered in the American election.", None, None),
    ("Russia expressed support for Kazakhstan.", None, None),
    # phrasal verbs of force are figurative
    ("The House kicked off hearings against Russia.", None, None),
])
def test_force_verbs_in_context(nlp, sentence, action, root):
    events = [e for e in extract_events(nlp(sentence)) if e.action in ("attack", "interfere", "express", "kick")]
    if action is None:
        assert events == []
    else:
        assert [(e.action, e.root) for e in events] == [(action, root)]


@pytest.mark.parametrize("sentence, actor", [
    ("Russian troops attacking Kharkiv were seen on Monday.", "Russian troops"),  # active participle
    ("Kazakhstan, which declared independence from the Soviet Union in 1991, shares a border.", "Kazakhstan"),
    # the noun an infinitive hangs on is not the doer
    ("The plan to invade Ukraine was drafted in Moscow.", None),
])
def test_clause_subjects(nlp, sentence, actor):
    events = [e for e in extract_events(nlp(sentence)) if not e.nominal]
    if actor is None:
        assert all(e.actor in ("", "Moscow") for e in events), events
    else:
        assert actor in [e.actor for e in events]


@pytest.mark.parametrize("sentence, expected", [
    # force with no actor or named target and no armed setting is figurative
    ("As Kazakhstan grapples with the weight of its historical ties to Russia, the potential for conflict "
     "remains a pressing concern.", []),  # the seed's last paragraph
    ("Maradona, in Buenos Aires, was battling his cocaine addiction.", []),
    # in an armed setting, or against a state, it stays force
    ("Russian troops fired on the crowd.", [("fire", "19")]),
    ("Russia attacked Ukraine in 2022.", [("attack", "19")]),
])
def test_figurative_force(nlp, sentence, expected):
    events = extract_events(nlp(sentence))
    assert [(e.action, e.root) for e in events if e.root in ("18", "19", "20")] == expected


@pytest.mark.parametrize("text, code", [
    ("Russia's invasion of Ukraine began in February.", "192"),
    ("Western sanctions on Russia were tightened.", "163"),
    ("Russian influence in Kazakhstan is deepening.", None),  # influence is a condition, not an event
    ("Russian aggression against Ukraine continued.", "190"),
    ("The Russian threat to Kazakhstan is growing.", None),  # threat names a condition
    ("Moscow exerted pressure on Kazakhstan.", "170"),  # a condition noun still codes as a light verb's object
    ("Kazakhstan must protect its democratic institutions.", None),  # no military protection
    ("Russian troops will protect the border crossing near Petropavl.", "074"),  # an armed setting
])
def test_only_event_nouns_and_armed_protection_are_coded(nlp, text, code):
    codes = [e.cameo for e in extract_events(nlp(text))]
    if code is None:
        assert not codes, codes
    else:
        assert code in codes, codes


def test_every_word_list_of_the_event_rules_is_a_data_file():
    from helpers import events, resources

    assert "exert" in events.LIGHT_VERBS and "troops" in events.MILITARY_WORDS
    assert events.MOTION_VERBS and events.VERBAL_ATTACK_VERBS and events.NON_REALISING_VERBS
    standalone = {r["lemma"]: r["standalone"] for r in resources.table("cameo_nouns.tsv")}
    assert standalone["invasion"] == "1" and standalone["influence"] == "0"
