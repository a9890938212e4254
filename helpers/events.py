"""Who-does-what-to-whom events from the dependency parse, coded with CAMEO.

Method: the source–verb–target triples of event-data coding (CAMEO, Gerner, Schrodt, Yilmaz & Abu-Jabr
2002; TABARI/PETRARCH, Schrodt 2009; Norris, Schrodt & Beieler 2017), read here from the spaCy
dependency parse instead of a constituency parse and pattern dictionary:

- verbal events: a verb whose lemma has a CAMEO code in ``resources/cameo_verbs.tsv`` (PETRARCH2 CAMEO
  2.0 verb dictionary); source = its subject (or the passive agent; an ``xcomp`` verb inherits the subject
  of its governor: "the Kremlin is attempting to exert control over Kazakhstan"); target = its direct
  object, else the object of a preposition (to/against/on/over/with/into/at/from); a target that is not an
  actor is searched for an actor it owns or governs ("control over *Kazakhstan's* policies"). Light verbs
  (exert, launch, carry out, pose, step up …) and verbs coded ``---`` take the code of their object noun,
  first through the simple PETRARCH ``verb * OBJECT`` patterns (``resources/cameo_objects.tsv``), then the
  nominal table ("exert pressure" → 130);
- nominal events: a noun that names an event on its own ("invasion", "aggression", "war", "sanctions",
  "talks"; the ``standalone`` nouns of ``resources/cameo_nouns.tsv``, not "influence" or "threat")
  with its source as adjective/compound/possessive/"by" ("Russian aggression", "Russia's invasion") and its
  target as the object of "of/on/against/in/into/over" ("invasion of Ukraine").

An event is kept when at least one side is a known actor (:mod:`helpers.actors`) or a named entity.
Context rules on top of the look-up: a verb of force (roots 18-20) with a particle is figurative ("kicked
off", "lashed out") and uncoded; a verb of attack whose target is a person ("Trump attacked Sessions") is a
verbal attack, 111; a verb of force whose target is no actor or named entity counts only in a sentence set
in armed conflict ("troops fired on the crowd", not "grapples with the weight of its past"), and so does
military protection, 074 ("forces protect the border", not "protect its democratic institutions"); an event that
is negated or the complement of a negated or non-realising verb ("did not
invade", "refused to attack") is marked ``negated``. CAMEO codes are strings with their leading zeros; the
root is the first two digits.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import pandas as pd
from spacy.tokens import Doc, Token

from helpers import resources
from helpers.actors import PLACE_KINDS, ActorMention, extract_actors

#: Verbs that carry no event of their own: the event is their object noun ("exert pressure").
LIGHT_VERBS: frozenset[str] = resources.word_set("light_verbs.txt")
#: Words that set a sentence in armed conflict (a force or protection verb with no actor as target counts
#: only beside one of them).
MILITARY_WORDS: frozenset[str] = resources.word_set("military_words.txt")


def _verb_class(name: str) -> frozenset[str]:
    return frozenset(r["lemma"] for r in resources.table("event_verb_classes.tsv") if r["class"] == name)


#: Motion verbs (PETRARCH "go_somewhere", coded 04x): their target is the object of "to", never a direct
#: object ("left many Kazakhs uneasy" is no visit).
MOTION_VERBS: frozenset[str] = _verb_class("motion")
#: Verbs whose code does not hold when their object is a person ("Trump fired Comey" is a dismissal).
PERSON_OBJECT_STOP: frozenset[str] = _verb_class("person_object_stop")
#: Verbs of force that, with a person as target, are verbal attacks ("attacked Sessions", "slammed her").
VERBAL_ATTACK_VERBS: frozenset[str] = _verb_class("verbal_attack")
#: Verbs never coded: idioms whose literal code misleads ("according to" is not "accord" = 060).
VERB_STOP: frozenset[str] = _verb_class("uncoded")
#: Verbs whose complement did not happen: "refused to sign", "declined to attack", "failed to invade".
NON_REALISING_VERBS: frozenset[str] = _verb_class("non_realising")

#: Prepositions introducing the target of a verb or event noun (grammar, not vocabulary).
TARGET_PREPS = frozenset({"to", "against", "on", "over", "with", "into", "at", "from", "toward", "towards",
                          "upon", "in"})
NOMINAL_TARGET_PREPS = frozenset({"of", "on", "against", "in", "into", "over", "to", "toward", "towards"})
#: Entity labels that are never a participant ("said on Saturday", "wounded 56").
NON_PARTICIPANT_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
#: Roots whose target must be an actor or a named entity (statements, consultations: "said the letter" has
#: no target; "told CBC News" has one).
NAMED_TARGET_ROOTS = frozenset({"01", "02", "03", "04"})
#: Named-entity labels that make a non-dictionary participant worth reporting.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
#: Verbs whose PETRARCH code needs a target to mean anything ("go to Moscow", not "Russia will go").
NEEDS_TARGET_ROOTS = frozenset({"04"})
#: Roots an event may have without a target when its source is a known actor ("Russia warned", "Putin
#: said"): statements, appeals, intentions; any other verbal event needs a target (PETRARCH codes none
#: without one).
NO_TARGET_ROOTS = frozenset({"01", "02", "03", "13"})
#: CAMEO roots of force: unconventional violence, conventional military force, mass violence.
FORCE_ROOTS = frozenset({"18", "19", "20"})
#: CAMEO 074, "Provide military protection or peacekeeping": like force, it needs an armed setting when its
#: target is no actor ("protect its democratic institutions" is no military protection).
MILITARY_PROTECTION = "074"
#: CAMEO 111, "Criticize or denounce": the code of a verbal attack.
CRITICIZE = "111"

@dataclass(frozen=True)
class Event:
    """One coded event.

    Attributes:
        actor: source text (the actor mention, else the subject's noun phrase head); "" if none.
        action: the event word's lemma ("sentence", "invasion").
        cameo: CAMEO code as a string with leading zeros ("172"); root = ``cameo[:2]``.
        target: target text; "" if none.
        start: character offset of the start of the event (min over source, event word, target).
        end: character offset of its end.
        actor_code: actor code (ISO3 / organisation) when the source is a known actor, else None.
        target_code: same for the target.
        root: the CAMEO root code (first two digits).
        nominal: True for noun events ("invasion of Ukraine").
        negated: True when the verb is negated ("did not invade").
        sentence: index of the sentence.
    """

    actor: str
    action: str
    cameo: str
    target: str
    start: int
    end: int
    actor_code: str | None
    target_code: str | None
    root: str = ""
    nominal: bool = False
    negated: bool = False
    sentence: int = -1


@lru_cache(maxsize=1)
def load_cameo_verbs() -> dict[str, tuple[str, str]]:
    """``resources/cameo_verbs.tsv``: lemma → (CAMEO code, description), codes as strings, cached."""
    return {r["lemma"]: (r["cameo"], r["description"]) for r in resources.table("cameo_verbs.tsv")}


@lru_cache(maxsize=2)
def load_cameo_nouns(standalone_only: bool = False) -> dict[str, tuple[str, str]]:
    """``resources/cameo_nouns.tsv``: event noun lemma → (CAMEO code, description), cached.

    Args:
        standalone_only: only the nouns that name an event on their own ("invasion", "sanctions", "talks");
            the others ("influence", "pressure", "threat") are coded only as the object of a light verb.
    """
    return {r["lemma"]: (r["cameo"], r["description"]) for r in resources.table("cameo_nouns.tsv")
            if not standalone_only or r["standalone"] == "1"}


@lru_cache(maxsize=1)
def load_cameo_objects() -> dict[tuple[str, str], str]:
    """``resources/cameo_objects.tsv``: (verb, object noun) → CAMEO code (PETRARCH ``verb * OBJECT``)."""
    return {(r["verb"], r["object"]): r["cameo"] for r in resources.table("cameo_objects.tsv")}


def cameo_root(code: str) -> str:
    """The CAMEO root (first two digits) of a code string ("172" → "17")."""
    return code[:2]


class _Index:
    """Token → actor mention look-up for one doc."""

    def __init__(self, doc: Doc, actors: Sequence[ActorMention]):
        self.by_token: dict[int, ActorMention] = {}
        for m in actors:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                self.by_token[tok.i] = m

    def actor(self, tok: Token) -> ActorMention | None:
        return self.by_token.get(tok.i)


def _phrase(tok: Token) -> tuple[str, int, int]:
    """Compact noun phrase of a head: its left modifiers (compounds, adjectives, possessor and their own
    subtrees; "Kazakhstan's domestic policies", "Temirlan Yensebek") up to the head; (text, start, end)."""
    mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "poss", "nmod")]
    start = min([tok.i] + [c.left_edge.i for c in mods])
    span = tok.doc[start:tok.i + 1]
    return span.text, span.start_char, span.end_char


def _participant(tok: Token, index: _Index) -> tuple[str, str | None, int, int] | None:
    """Describe a participant token: (text, code, start, end); search owned/governed actors if needed."""
    m = index.actor(tok)
    if m is not None:
        return m.text, m.code, m.start, m.end
    # an actor that owns or modifies the head ("Kazakhstan's policies", "Russian troops", "the people of Ukraine")
    for child in tok.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            m = index.actor(child)
            if m is not None:
                return m.text, m.code, m.start, m.end
        if child.dep_ == "prep" and child.lower_ in ("of", "from") and tok.lemma_.lower() not in load_cameo_nouns():
            for pobj in child.children:
                if pobj.dep_ == "pobj" and index.actor(pobj) is not None:
                    m = index.actor(pobj)
                    return m.text, m.code, m.start, m.end  # type: ignore[union-attr]
    if (tok.pos_ in ("PRON", "DET", "NUM") and not tok.ent_type_) or tok.ent_type_ in NON_PARTICIPANT_LABELS:
        return None
    text, start, end = _phrase(tok)
    return text, None, start, end


def _subject(verb: Token) -> Token | None:
    """Subject of a verb: nsubj, passive agent, or inherited through xcomp/conj chains."""
    for child in verb.children:
        if child.dep_ in ("nsubj",):
            if child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                return verb.head  # "Kazakhstan, which declared ...": the relative pronoun's antecedent
            return child
    for child in verb.children:  # passive: "Ukraine was invaded by Russia"
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    if verb.dep_ in ("xcomp", "conj") and verb.head is not verb:
        return _subject(verb.head)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "troops attacking the city": an active participle's noun is its doer
    # a passive participle's noun is what is acted on ("the report passed to Brennan"), an infinitive's
    # is a plan ("efforts to influence"), and a relative clause without a relative pronoun as subject
    # has its own subject: none of them is the doer
    return None


def _target(head: Token, preps: frozenset[str], passive_subject: bool) -> Token | None:
    """Target of a verb/noun: passive subject, dobj, or prepositional object (first that exists)."""
    if passive_subject:
        for child in head.children:
            if child.dep_ == "nsubjpass":
                return child
    for child in head.children:
        if child.dep_ in ("dobj", "obj", "dative") and child.ent_type_ not in NON_PARTICIPANT_LABELS:
            return child
    return _target_prep(head, preps)


def _target_prep(head: Token, preps: frozenset[str]) -> Token | None:
    """Object of one of ``preps`` under ``head`` (first found), else None."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ not in NON_PARTICIPANT_LABELS:
                    return pobj
    return None


def _code_for_verb(verb: Token, obj: Token | None) -> tuple[str, str]:
    """CAMEO code for a verb (with its object for light verbs); ("", "") when none."""
    verbs = load_cameo_verbs()
    lemma = verb.lemma_.lower()
    code = verbs.get(lemma, ("", ""))[0]
    if obj is not None and (not code or lemma in LIGHT_VERBS):
        obj_lemma = obj.lemma_.lower()
        pattern = load_cameo_objects().get((lemma, obj_lemma))
        if pattern:
            return pattern, obj_lemma
        nouns = load_cameo_nouns()
        if lemma in LIGHT_VERBS and obj_lemma in nouns:
            return nouns[obj_lemma][0], obj_lemma
    if lemma in LIGHT_VERBS:
        return "", ""
    if code[:2] in FORCE_ROOTS:
        if any(c.dep_ == "prt" for c in verb.children):
            return "", ""  # phrasal verbs are figurative: "kicked off hearings", "lashed out at critics"
    return code, lemma


def _keep(src: tuple | None, tgt: tuple | None, src_tok: Token | None, tgt_tok: Token | None) -> bool:
    """Keep an event with a known actor on one side, or with both sides present and one a named entity."""
    if any(side is not None and side[1] is not None for side in (src, tgt)):
        return True
    if src is None or tgt is None:
        return False
    return any(tok is not None and tok.ent_type_ in ENTITY_LABELS for tok in (src_tok, tgt_tok))


def extract_events(doc: Doc, actors: list[ActorMention] | None = None) -> list[Event]:
    """Extract CAMEO-coded events from a parsed article.

    Args:
        doc: a parsed spaCy Doc (tagger, parser, NER).
        actors: actor mentions from :func:`helpers.actors.extract_actors` (extracted here when None).

    Returns:
        Events sorted by start offset; an empty list for a Doc without a dependency parse.
    """
    if not doc.has_annotation("DEP"):
        return []  # no parse, no triples
    if actors is None:
        actors = extract_actors(doc)
    index = _Index(doc, actors)
    sent_of: dict[int, int] = {}
    for i, sent in enumerate(doc.sents):
        for tok in sent:
            sent_of[tok.i] = i
    nouns = load_cameo_nouns(standalone_only=True)
    events: list[Event] = []
    seen: set[tuple[int, int]] = set()
    consumed: set[int] = set()  # event nouns already coded as the object of a light verb
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB":
            if lemma in VERB_STOP:
                continue
            passive = any(c.dep_ == "nsubjpass" for c in tok.children)
            subj = _subject(tok)
            if lemma in MOTION_VERBS:
                obj = _target_prep(tok, frozenset({"to", "for"}))
            else:
                obj = _target(tok, TARGET_PREPS, passive)
            code, action = _code_for_verb(tok, obj)
            if not code or not code.isdigit():
                continue
            if code[:2] == "14" and any(c.dep_ == "dobj" for c in tok.children):
                continue  # "demonstrated the lengths": show, not protest
            if action != lemma and obj is not None:  # light verb: the object noun is the event
                if subj is None:
                    continue  # "increasing Kremlin influence": left to the nominal reading
                consumed.add(obj.i)
                obj = _target(obj, NOMINAL_TARGET_PREPS, False) or _target(tok, TARGET_PREPS - {"in"}, False)
            nominal = False
            event_tok = tok
        elif tok.pos_ == "NOUN" and lemma in nouns and tok.i not in consumed:
            code, action, nominal, event_tok = nouns[lemma][0], lemma, True, tok
            subj = None
            for child in tok.children:
                if child.dep_ in ("amod", "compound", "poss", "nmod") and index.actor(child) is not None:
                    subj = child
                    break
                if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                    subj = next((p for p in child.children if p.dep_ == "pobj"), None)
            obj = _target(tok, NOMINAL_TARGET_PREPS, False)
            if obj is not None and obj.dep_ in ("dobj", "dative"):
                obj = None
        else:
            continue
        if obj is not None and subj is not None and obj.i == subj.i:
            obj = None
        src = _participant(subj, index) if subj is not None else None
        tgt = _participant(obj, index) if obj is not None else None
        if tgt is not None and tgt[1] is None and code[:2] in NAMED_TARGET_ROOTS \
                and (obj is None or obj.ent_type_ not in ENTITY_LABELS):
            tgt = None
        if not nominal and tgt is None and (code[:2] in NEEDS_TARGET_ROOTS or code[:2] not in NO_TARGET_ROOTS):
            continue
        if not nominal and lemma in PERSON_OBJECT_STOP and obj is not None \
                and (obj.ent_type_ == "PERSON" or obj.lemma_.lower() in ("law", "rule", "news", "story", "record")):
            continue
        if nominal and src is None and (tgt is None or tgt[1] is None):
            continue  # "the war" with no known participant
        if not _keep(src, tgt, subj, obj):
            continue
        armed = code[:2] in FORCE_ROOTS or code == MILITARY_PROTECTION
        if not nominal and armed and (tgt is None or tgt[1] is None) \
                and (obj is None or obj.ent_type_ not in ENTITY_LABELS) \
                and not any(t.lower_ in MILITARY_WORDS or t.lemma_.lower() in MILITARY_WORDS
                            for t in event_tok.sent):
            continue  # "grapples with the weight", "protect its institutions": no actor as target, no armed setting
        if not nominal and code[:2] in FORCE_ROOTS and lemma in VERBAL_ATTACK_VERBS and obj is not None:
            target = index.actor(obj)
            if (target is not None and target.kind == "leader") or obj.lower_ in ("him", "her") or \
                    (obj.ent_type_ == "PERSON" and (target is None or target.kind not in PLACE_KINDS)):
                code = CRITICIZE  # "Trump attacked Sessions", "Putin slammed Obama": words, not force
        negated = _not_realised(event_tok)
        spans = [(event_tok.idx, event_tok.idx + len(event_tok.text))]
        spans += [(s[2], s[3]) for s in (src, tgt) if s is not None]
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        key = (event_tok.i, start)
        if key in seen:
            continue
        seen.add(key)
        events.append(Event(
            actor=src[0] if src else "", action=action, cameo=code,
            target=tgt[0] if tgt else "", start=start, end=end,
            actor_code=src[1] if src else None, target_code=tgt[1] if tgt else None,
            root=cameo_root(code), nominal=nominal, negated=negated, sentence=sent_of.get(event_tok.i, -1)))
    return sorted(events, key=lambda e: (e.start, e.end))


def _not_realised(tok: Token) -> bool:
    """Whether the event word is negated ("did not invade", "never attacked") or the complement of a
    negated or non-realising verb ("did not try to invade", "refused to sign", "opted not to charge")."""
    for _ in range(3):
        if any(c.dep_ == "neg" for c in tok.children):
            return True
        if tok.dep_ != "xcomp" or tok.head is tok:
            return False
        tok = tok.head
        if tok.lemma_.lower() in NON_REALISING_VERBS:
            return True
    return False


def events_table(events: Sequence[Event]) -> pd.DataFrame:
    """Events as a DataFrame (one row per event, the dataclass fields as columns)."""
    columns = ["actor", "action", "cameo", "target", "start", "end", "actor_code", "target_code", "root",
               "nominal", "negated", "sentence"]
    return pd.DataFrame([e.__dict__ for e in events], columns=columns)
