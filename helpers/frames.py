"""Generic news frames (Semetko & Valkenburg 2000) and issue frames (Media Frames Corpus) per sentence and
per article, from cue lexicons and dependency-parse rules.

Method
------
*Generic frames.* Semetko & Valkenburg (2000, J. Communication 50(2):93-109) code five generic frames —
``conflict``, ``economic``, ``human_interest``, ``morality``, ``responsibility`` — with 20 yes/no questions
(e.g. conflict: "Does one party reproach another?"). Each question becomes an *item* here (``co1`` … ``re7``,
the keys Frermann et al. 2023 use) answered per sentence by

* cue terms from ``resources/frame_cues.tsv`` (lemma or surface form, multi-word allowed, with a weight:
  1.0 = the cue alone answers the item, lower = needs support; topical economic words weigh little);
* parse rules: conflict — a verb of disagreement/attack whose subject and object are two different actors
  (named PERSON/ORG/GPE/NORP entities, institutions, pronouns); responsibility — a modal ("must", "should",
  "need to") or an action verb ("tackle", "cut", "ban") governed by an institutional subject
  ("the government must act"), and a modal with a remedial verb ("could cut"); human interest — an age
  ("38-year-old", "Greta Thunberg, 16,"), a named PERSON in a sentence with family words or emotion words,
  and first-person speech inside quotation marks; economic — MONEY entities (the unambiguous answer to
  "financial losses or gains" and "costs"), and PERCENT entities beside an economic term.

A sentence's score for a frame is ``min(1, sum of its item scores)``. An article's score combines the share
of the frame's items answered anywhere in the article (S&V score a frame as the mean of its items) with the
evidence mass ``m`` (sum of the sentence scores), saturating: ``score = COVERAGE_WEIGHT * coverage +
(1 - COVERAGE_WEIGHT) * (1 - exp(-m / MASS_SCALE))``. Mass is deliberately not divided by length: an
article-level frame label is about whether the frame occurs, and one sustained passage is enough.
This rule score is the evidence. The learned item detectors of :mod:`helpers.frame_items` (trained on the
annotators' answers to the coding questions in the Frermann et al. 2023 dev set) answer each question from
it and combine the answers into a frame probability as the codebook derives frames from items
(:func:`detect_frames`); a frame is *present* when its probability reaches :data:`THRESHOLDS`. The rules
alone (:func:`detect_frames_rules`, :data:`RULE_THRESHOLDS`) stay available; cross-validated figures of
both are in ``benchmarks/results/frames.md``.

*Issue frames.* Cue lists after the Media Frames Corpus dimensions (Boydstun et al. 2014; Card et al. 2015)
in ``resources/issue_frame_cues.tsv`` (``sovereignty_external_relations`` is MFC "external regulation and
reputation", ``human_rights_fairness`` merges MFC fairness/equality with human rights). An article's issue
score for a frame is its share of the article's weighted cue mass (scores sum to 1 when any cue fires).

Limitations: cue lexicons see words, not stance — "critics" in a quoted aside counts as two sides; irony and
negation ("there is no dispute") are not handled; the parse rules inherit the small spaCy model's errors.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd
import spacy
from spacy.tokens import Doc, Span, Token

from helpers import frame_items, resources
from helpers.text import QUOTE_MARKS

#: The five generic frames of Semetko & Valkenburg (2000), in display order.
GENERIC_FRAMES: tuple[str, ...] = ("conflict", "economic", "human_interest", "morality", "responsibility")

#: Items (coding questions) per generic frame; keys follow Frermann et al. (2023).
FRAME_ITEMS: dict[str, dict[str, str]] = {
    "conflict": {
        "co1": "disagreement between parties, individuals, groups or countries",
        "co2": "one party reproaches another",
        "co3": "two sides or more than two sides of the issue",
        "co4": "winners and losers",
    },
    "economic": {
        "ec1": "financial losses or gains now or in the future",
        "ec2": "costs / degree of expense involved",
        "ec3": "economic consequences of pursuing or not pursuing a course of action",
    },
    "human_interest": {
        "hi1": "a human example or 'human face' on the issue",
        "hi2": "adjectives or vignettes that generate outrage, empathy, sympathy or compassion",
        "hi3": "how individuals and groups are affected by the issue",
        "hi5": "the private or personal lives of the actors",
    },
    "morality": {
        "mo1": "a moral message",
        "mo2": "reference to morality, God and other religious tenets",
        "mo3": "specific social prescriptions about how to behave",
    },
    "responsibility": {
        "re2": "solution(s) to the problem/issue",
        "re5": "the problem requires urgent action",
        "re6": "some level of government (or other entity) has the ability to alleviate the problem",
        "re7": "some level of government, an individual or a group is responsible for the problem",
    },
}

#: Issue frames after the Media Frames Corpus dimensions (display order).
ISSUE_FRAMES: tuple[str, ...] = (
    "security_defense", "sovereignty_external_relations", "legality", "economic", "capacity_resources",
    "morality", "human_rights_fairness", "political", "public_opinion", "health_safety", "crime_punishment",
    "policy", "cultural_identity", "quality_of_life",
)

#: Presence thresholds on the rule score (:func:`detect_frames_rules`): each frame's best F1 on the Frermann
#: et al. (2023) dev set, the highest threshold among those within 0.005 of it
#: (``python -m benchmarks.bench_frames --calibrate``, row "best per-frame F1 thresholds", rounded down).
RULE_THRESHOLDS: dict[str, float] = {
    "conflict": 0.458, "economic": 0.378, "human_interest": 0.685, "morality": 0.562, "responsibility": 0.66,
}
#: Presence thresholds on the learned frame probability (:func:`detect_frames`): each frame's best F1 on
#: out-of-fold probabilities over the Frermann et al. dev set, chosen by ``scripts/train_models.py`` and
#: stored in the model file ``frame_items.json`` (its card gives the cross-validated figures).
THRESHOLDS: dict[str, float] = dict(frame_items.frame_model().thresholds)
#: A coding question counts as answered "yes" for the article from this learned probability on.
ITEM_YES: float = 0.5
#: Item keys of each generic frame (Frermann et al. 2023 prefixes).
ITEM_PREFIX: dict[str, str] = {"conflict": "co", "economic": "ec", "human_interest": "hi", "morality": "mo",
                               "responsibility": "re"}
#: Evidence mass (sum of sentence scores) scale of the saturating part of a score: 1 - exp(-mass / scale).
MASS_SCALE: float = 4.0
#: Weight of item coverage (vs evidence mass) in an article's frame score.
COVERAGE_WEIGHT: float = 0.25
#: Minimum item evidence (summed cue weights over the article) for the item to count as answered "yes".
ITEM_MIN_EVIDENCE: float = 1.0
#: An issue frame is *present* in an article when its share of the issue-cue mass reaches this.
ISSUE_PRESENT: float = 0.12

#: Weight scale of the evidence (the ``weight`` column of ``frame_cues.tsv`` and the parse rules): set by
#: hand from the wording of the S&V questions, then lowered for the evidence that the error analysis on
#: the Frermann et al. dev set found over-firing (``helpers/resources/README.md``, section Frames).
#: Full: the evidence alone answers the item in a sentence ("France accused Germany").
FULL: float = 1.0
#: Support: answers the item together with one more piece of evidence (two make a full answer).
SUPPORT: float = 0.5
#: Weak: a hint that needs three more (first-person speech in quotation marks for human interest).
WEAK: float = 0.25
#: A sentence is evidence for a generic frame when its frame score reaches this (one supporting cue).
EVIDENCE_MIN: float = SUPPORT
#: Issue frames: a sentence's score is its cue mass over this (two cues make a full-score sentence) ...
ISSUE_SENTENCE_SCALE: float = 2.0
#: ... and it is evidence for the frame from this mass on (one full cue).
ISSUE_EVIDENCE_MIN: float = FULL
#: Issue frames: extra mass for security/defence in a sentence that anticipates armed force ("the next
#: target of Russian aggression", "fears that their nation could be targeted after the invasion"): an
#: armed-force word and an anticipation word (``frame_rule_words.tsv``) in one sentence. Three full cues'
#: worth, so that an article about a possible invasion carries the frame beside the topical vocabulary of
#: sovereignty and rights (set on the seed article and passages written for the tests; GVFC figure in
#: ``benchmarks/results/frames.md``).
THREAT_OF_FORCE_WEIGHT: float = 3.0

#: Resource files (``helpers/resources/``): generic-frame cues, issue-frame cues, the parse rules' words.
FRAME_CUES_FILE = "frame_cues.tsv"
ISSUE_CUES_FILE = "issue_frame_cues.tsv"
RULE_WORDS_FILE = "frame_rule_words.tsv"
#: Word lists of ``frame_rule_words.tsv``, by rule.
RULE_LISTS: tuple[str, ...] = (
    "actor_entity", "subject_pronoun", "object_pronoun", "group_noun", "conflict_prep", "first_person",
    "institution_entity", "modal_aux", "need_verb", "remedy_modal", "armed_force", "anticipation",
)
#: Parse-rule items of ``frame_cues.tsv`` that list words for the rules and are never scored themselves.
RULE_ITEMS: tuple[str, ...] = ("agent", "person_detail", "ordinary_person")
_AGE_RE = re.compile(r"\b\d{1,3}-year-old\b|\baged \d{1,3}\b", re.IGNORECASE)
_QUOTE_CHARS = frozenset(QUOTE_MARKS)


@dataclass(frozen=True)
class Cue:
    """One lexicon entry: a token sequence (lowercase, lemma or surface form) that answers an item."""

    frame: str
    item: str
    kind: str
    weight: float
    tokens: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@dataclass(frozen=True)
class FrameEvidence:
    """A sentence carrying a frame: its index, character offsets, the cues that fired and its score."""

    frame: str
    sentence_index: int
    start: int
    end: int
    cues: list[str]
    score: float


@dataclass
class FrameResult:
    """Frames of one article.

    Attributes:
        generic_scores: score in [0, 1] per generic frame.
        present: generic frames whose score reaches their threshold.
        issue_scores: share of the issue-cue mass per issue frame (sums to 1 when any cue fired).
        evidence: sentences carrying a generic or issue frame (``frame`` is the frame name; issue frames
            are prefixed ``issue:``).
        sentence_frames: long table, one row per sentence × frame with a non-zero score
            (columns ``sentence_index, start, end, kind, frame, score, cues``).
        n_sentences: number of sentences analysed.
        items: per generic frame, the items answered "yes" for the article.
        item_mass: evidence per item (sum over sentences of the item's sentence score).
        sentences: ``(start, end, text)`` of every sentence.
        item_scores: learned probability of "yes" per coding question (:mod:`helpers.frame_items`).
        rule_scores: the cue-and-rule score per generic frame (the learned combination's input).
    """

    generic_scores: dict[str, float]
    present: list[str]
    issue_scores: dict[str, float]
    evidence: list[FrameEvidence]
    sentence_frames: pd.DataFrame
    n_sentences: int = 0
    items: dict[str, list[str]] = field(default_factory=dict)
    item_mass: dict[str, float] = field(default_factory=dict)
    sentences: list[tuple[int, int, str]] = field(default_factory=list)
    item_scores: dict[str, float] = field(default_factory=dict)
    rule_scores: dict[str, float] = field(default_factory=dict)

    @property
    def issue_present(self) -> list[str]:
        """Issue frames whose share reaches :data:`ISSUE_PRESENT`, strongest first."""
        return [f for f, s in sorted(self.issue_scores.items(), key=lambda kv: -kv[1]) if s >= ISSUE_PRESENT]

    @property
    def top_issue(self) -> str | None:
        """The issue frame with the largest share, or None when no issue cue fired."""
        best = max(self.issue_scores.items(), key=lambda kv: kv[1], default=(None, 0.0))
        return best[0] if best[1] > 0 else None


@dataclass
class _CueIndex:
    """Cues indexed by their first token for a single pass over the document, and the parse rules' words."""

    by_first: dict[str, list[Cue]]
    verb_pair: frozenset[str]
    verb_agent: frozenset[str]
    agents: frozenset[str]
    person_detail: frozenset[str]
    ordinary_person: frozenset[str]
    rules: dict[str, frozenset[str]]


def _cue_rows(name: str) -> list[dict[str, str]]:
    return [row for row in resources.table(name) if row.get("cue")]


def _index(rows: Iterable[tuple[str, str, str, float, str]]) -> dict[str, list[Cue]]:
    tokenizer = spacy.blank("en").tokenizer
    by_first: dict[str, list[Cue]] = defaultdict(list)
    for frame, item, kind, weight, cue in rows:
        tokens = tuple(t.lower_ for t in tokenizer(cue.strip().lower()) if not t.is_space)
        if tokens:
            by_first[tokens[0]].append(Cue(frame, item, kind, weight, tokens))
    for cues in by_first.values():
        cues.sort(key=lambda c: -len(c.tokens))
    return dict(by_first)


@lru_cache(maxsize=1)
def rule_words() -> dict[str, frozenset[str]]:
    """The parse rules' word lists (``frame_rule_words.tsv``: ``rule, word``), by rule.

    Raises:
        ValueError: when a list of :data:`RULE_LISTS` is missing or an unknown one is present.
    """
    out: dict[str, set[str]] = defaultdict(set)
    for row in resources.table(RULE_WORDS_FILE):
        word = row["word"].strip()
        rule = row["rule"].strip()
        out[rule].add(word if rule.endswith("_entity") else word.lower())
    if set(out) != set(RULE_LISTS):
        raise ValueError(f"{RULE_WORDS_FILE}: rule lists {sorted(out)}, expected {sorted(RULE_LISTS)}")
    return {name: frozenset(words) for name, words in out.items()}


@lru_cache(maxsize=1)
def load_frame_cues() -> _CueIndex:
    """Load and index the generic-frame lexicon ``frame_cues.tsv`` and the rule words once (cached).

    ``frame_cues.tsv`` has columns ``frame, item, kind, weight, cue``. ``kind`` is ``term`` (matched
    anywhere), ``verb_pair`` (conflict parse rule verbs) or ``verb_agent`` (responsibility action verbs);
    item ``agent`` lists institutional subjects, ``person_detail`` family/age words, ``ordinary_person``
    non-official roles ("miner", "mother") for the human-example rule.

    Returns:
        The cue index used by :func:`detect_frames`.
    """
    rows = _cue_rows(FRAME_CUES_FILE)
    term_rows = [(r["frame"], r["item"], r["kind"], float(r["weight"]), r["cue"]) for r in rows
                 if r["kind"] == "term" and r["item"] in {i for items in FRAME_ITEMS.values() for i in items}]

    def words(pred) -> frozenset[str]:
        return frozenset(r["cue"].strip().lower() for r in rows if pred(r))

    return _CueIndex(
        by_first=_index(term_rows),
        verb_pair=words(lambda r: r["kind"] == "verb_pair"),
        verb_agent=words(lambda r: r["kind"] == "verb_agent"),
        agents=words(lambda r: r["item"] == "agent"),
        person_detail=words(lambda r: r["item"] == "person_detail"),
        ordinary_person=words(lambda r: r["item"] == "ordinary_person"),
        rules=rule_words(),
    )


@lru_cache(maxsize=1)
def load_issue_cues() -> dict[str, list[Cue]]:
    """Load and index the issue-frame lexicon ``issue_frame_cues.tsv`` (``frame, weight, cue``) once.

    Raises:
        ValueError: on a frame that is not one of :data:`ISSUE_FRAMES`.
    """
    rows = _cue_rows(ISSUE_CUES_FILE)
    unknown = {r["frame"] for r in rows} - set(ISSUE_FRAMES)
    if unknown:
        raise ValueError(f"unknown issue frames in {ISSUE_CUES_FILE}: {sorted(unknown)}")
    return _index((r["frame"], r["frame"], "term", float(r["weight"]), r["cue"]) for r in rows)


def _match(tokens: Sequence[Token], keys: list[tuple[str, str]], index: dict[str, list[Cue]]):
    """Yield ``(cue, i, j)`` for every cue matching tokens[i:j] (lowercase form or lemma per token)."""
    n = len(tokens)
    for i in range(n):
        low, lem = keys[i]
        seen: set[Cue] = set()
        for key in (low, lem):
            for cue in index.get(key, ()):
                if cue in seen:
                    continue
                k = len(cue.tokens)
                if i + k > n:
                    continue
                if all(cue.tokens[m] in keys[i + m] for m in range(1, k)):
                    seen.add(cue)
                    yield cue, i, i + k


def _is_actor(tok: Token, index: _CueIndex, obj: bool = False) -> bool:
    """Whether a subject/object token denotes an actor (entity, institution, group, personal pronoun)."""
    rules = index.rules
    if tok.ent_type_ in rules["actor_entity"]:
        return True
    low = tok.lower_
    if low in rules["object_pronoun" if obj else "subject_pronoun"]:
        return True
    lem = tok.lemma_.lower()
    return lem in index.agents or lem in rules["group_noun"] or low in index.agents


def _actor_key(tok: Token, ent_text: dict[int, str]) -> str:
    """The name of an actor token: its whole entity's text when it is inside one, else its lemma."""
    return ent_text.get(tok.i) or tok.lemma_.lower()


def _conflict_pairs(tokens: Sequence[Token], index: _CueIndex,
                    ent_text: dict[int, str]) -> list[tuple[Token, str]]:
    """Conflict parse rule: verb of disagreement/attack with two different actors as subject and object.

    Returns ``(verb, "subject -> object")`` pairs.
    """
    out = []
    for tok in tokens:
        if tok.pos_ not in ("VERB", "NOUN") or tok.lemma_.lower() not in index.verb_pair:
            continue
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        objects = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        for prep in tok.children:
            if prep.dep_ in ("prep", "agent") and prep.lower_ in index.rules["conflict_prep"]:
                pobjs = [c for c in prep.children if c.dep_ == "pobj"]
                if prep.lower_ == "by" and any(s.dep_ == "nsubjpass" for s in subjects):
                    subjects, objects = pobjs, [s for s in subjects if s.dep_ == "nsubjpass"]
                    break
                objects += pobjs
                if prep.lower_ == "between":
                    for p in pobjs:
                        objects += [c for c in p.conjuncts]
                        subjects = subjects or [p]
        if tok.pos_ == "NOUN" and not subjects:  # "a dispute between X and Y", "X's row with Y"
            subjects = [c for c in tok.children if c.dep_ == "poss"]
        if not subjects and tok.dep_ in ("xcomp", "conj", "advcl"):
            subjects = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        for s in subjects:
            if not _is_actor(s, index):
                continue
            for o in objects:
                if _is_actor(o, index, obj=True) and _actor_key(s, ent_text) != _actor_key(o, ent_text):
                    out.append((tok, f"{s.text} -> {o.text}"))
    return out


def _responsibility_agents(tokens: Sequence[Token], index: _CueIndex) -> list[tuple[Token, str, bool]]:
    """Responsibility parse rule: an institutional subject with a modal or an action verb.

    Returns ``(verb, description, modal)`` triples.
    """
    out = []
    modal_aux, need_verbs = index.rules["modal_aux"], index.rules["need_verb"]
    modal_heads = {t.head.i for t in tokens if t.dep_ == "aux" and t.lower_ in modal_aux}
    for tok in tokens:
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        lem = tok.lemma_.lower()
        modal = tok.i in modal_heads
        if not modal and lem not in index.verb_agent and lem not in need_verbs:
            continue
        head = tok
        if lem in need_verbs and any(c.dep_ == "xcomp" for c in tok.children):  # "needs to act"
            modal = True
        elif tok.dep_ == "xcomp" and tok.head.lemma_.lower() in need_verbs:
            continue  # handled at the governing "need"/"have"
        if not modal and lem not in index.verb_agent:
            continue
        subjects = [c for c in head.children if c.dep_ in ("nsubj",)]
        if not subjects and tok.dep_ == "conj":
            subjects = [c for c in tok.head.children if c.dep_ == "nsubj"]
        for s in subjects:
            slem = s.lemma_.lower()
            institutional = (slem in index.agents or s.lower_ in index.agents
                             or s.ent_type_ in index.rules["institution_entity"])
            if institutional:
                out.append((tok, f"{s.text} {'+modal ' if modal else ''}{tok.text}", modal))
                break
    return out


def _empty_scores(names: Iterable[str]) -> dict[str, float]:
    return {n: 0.0 for n in names}


def _sentence_analysis(sent: Span, tokens: list[Token], ents: list[Span], ent_text: dict[int, str],
                       keys: list[tuple[str, str]], index: _CueIndex, issue_index: dict[str, list[Cue]]):
    """Item scores and cue labels for one sentence, plus issue-frame masses."""
    item_cues: dict[str, dict[str, float]] = defaultdict(dict)  # item -> cue text -> weight

    def add(item: str, label: str, weight: float) -> None:
        item_cues[item][label] = max(weight, item_cues[item].get(label, 0.0))

    detail = False
    emotion = False
    for cue, _, _ in _match(tokens, keys, index.by_first):
        add(cue.item, cue.text, cue.weight)
        if cue.item == "hi2":
            emotion = True
    for low, lem in keys:
        if lem in index.person_detail or low in index.person_detail:
            detail = True
            break
    text = sent.text
    labels = {e.label_ for e in ents}
    # economic: money amounts are costs/gains; percentages count beside an economic term
    for e in ents:
        if e.label_ == "MONEY":
            add("ec2", f"MONEY:{e.text}", FULL)
    if "PERCENT" in labels and any(item_cues.get(k) for k in ("ec1", "ec2", "ec3")):
        add("ec1", "PERCENT+economic term", SUPPORT)
    # conflict: two different actors on either side of a verb of disagreement/attack
    for verb, desc in _conflict_pairs(tokens, index, ent_text):
        add("co1", f"{verb.lemma_}({desc})", FULL)
        add("co2", f"{verb.lemma_}({desc})", SUPPORT)
    # responsibility: an institution that must/should/can act; any modal with a remedial verb
    for _, desc, modal in _responsibility_agents(tokens, index):
        add("re6", desc, FULL if modal else SUPPORT)
        if modal:
            add("re2", desc, SUPPORT)
    for tok in tokens:
        if (tok.tag_ == "MD" and tok.lower_ in index.rules["remedy_modal"]
                and tok.head.lemma_.lower() in index.verb_agent):
            add("re2", f"{tok.lower_} {tok.head.lemma_}", SUPPORT)
    # human interest: a named person with personal detail or feeling; first-person speech in quotes
    has_person = "PERSON" in labels
    age = _AGE_RE.search(text)
    if age:
        add("hi1", age.group(0), FULL)
    for e in ents:  # "Name, 16," — an age in apposition to a person
        if e.label_ == "PERSON" and e.end + 2 < sent.end:
            comma, num = e.doc[e.end], e.doc[e.end + 1]
            if comma.text == "," and num.like_num and num.text.isdigit() and 1 <= int(num.text) <= 110 \
                    and e.doc[e.end + 2].text in {",", ")", "."}:
                add("hi1", f"{e.text}, {num.text}", FULL)
    if has_person and (detail or emotion):
        add("hi1", "PERSON+personal detail", FULL if emotion else SUPPORT)
    for e in ents:  # "Nick Mullins, a coal miner from Virginia": a named ordinary person, not an official
        if e.label_ != "PERSON":
            continue
        for tok in e.root.children:
            if tok.dep_ == "appos" and tok.lemma_.lower() in index.ordinary_person:
                add("hi1", f"{e.text}, {tok.text}", FULL)
        if e.root.dep_ == "appos" and e.root.head.lemma_.lower() in index.ordinary_person:
            add("hi1", f"{e.root.head.text}, {e.text}", FULL)
    first_person = index.rules["first_person"]
    if any(t.text in _QUOTE_CHARS for t in tokens) and any(t.lower_ in first_person for t in tokens):
        add("hi5", "first-person quote", WEAK)
        add("hi1", "first-person quote", WEAK)
    # item score in a sentence: sum of distinct cue weights, capped at a full answer
    item_scores = {item: min(FULL, sum(c.values())) for item, c in item_cues.items()}
    issue_mass: dict[str, float] = defaultdict(float)
    issue_labels: dict[str, list[str]] = defaultdict(list)
    for cue, _, _ in _match(tokens, keys, issue_index):
        issue_mass[cue.frame] += cue.weight
        issue_labels[cue.frame].append(cue.text)
    threat = _threat_of_force(keys, index.rules)
    if threat:
        issue_mass["security_defense"] += THREAT_OF_FORCE_WEIGHT
        issue_labels["security_defense"].append(threat)
    return item_scores, item_cues, issue_mass, issue_labels


def _threat_of_force(keys: Sequence[tuple[str, str]], rules: dict[str, frozenset[str]]) -> str | None:
    """Security/defence rule: a sentence that anticipates armed force — an armed-force word ("invasion",
    "aggression", "military") and an anticipation word ("could", "possible", "next", "target", "fear") —
    frames the issue as a threat to security. Returns the cue label ("threat of force: invasion"), or
    None."""
    force = next((lem for low, lem in keys if lem in rules["armed_force"] or low in rules["armed_force"]), None)
    if force is None:
        return None
    if any(lem in rules["anticipation"] or low in rules["anticipation"] for low, lem in keys):
        return f"threat of force: {force}"
    return None


def detect_frames(doc: Doc) -> FrameResult:
    """Detect the five generic frames and the issue frames of one article.

    The cues and parse rules (:func:`detect_frames_rules`) find the evidence; the learned item detectors
    and frame combination of :mod:`helpers.frame_items` turn it into the answers to the coding questions
    and the frame probabilities (``generic_scores``), present from :data:`THRESHOLDS`. A frame with no
    cue in the article (rule score 0) is not present: every present frame has evidence to show.

    Args:
        doc: a parsed article (``helpers.nlp.parse``); needs sentences, lemmas, entities and the parse.

    Returns:
        A :class:`FrameResult` with article scores, present frames, issue-frame shares, evidence sentences,
        the per-sentence table, the learned item probabilities and the rule scores.
    """
    result = detect_frames_rules(doc)
    result.rule_scores = dict(result.generic_scores)
    if result.n_sentences == 0:
        return result
    items, probs = frame_items.predict(result.item_mass, result.n_sentences, result.rule_scores)
    result.item_scores = {k: round(v, 4) for k, v in items.items()}
    result.generic_scores = {f: round(probs[f], 4) if result.rule_scores[f] > 0 else 0.0 for f in GENERIC_FRAMES}
    result.present = [f for f in GENERIC_FRAMES if result.generic_scores[f] >= THRESHOLDS[f]
                      and result.generic_scores[f] > 0]
    result.items = {f: [i for i in sorted(items) if i.startswith(ITEM_PREFIX[f]) and items[i] >= ITEM_YES]
                    for f in GENERIC_FRAMES}
    return result


def detect_frames_rules(doc: Doc) -> FrameResult:
    """The generic and issue frames of one article from the cues and parse rules alone.

    Args:
        doc: a parsed article (``helpers.nlp.parse``); needs sentences, lemmas, entities and the parse.

    Returns:
        A :class:`FrameResult` whose generic scores are the rule scores (presence from
        :data:`RULE_THRESHOLDS`), items those with evidence mass of at least :data:`ITEM_MIN_EVIDENCE`.

    Method: Semetko & Valkenburg (2000) coding questions operationalised as cues and parse rules (see the
    module docstring); issue frames after the Media Frames Corpus (Card et al. 2015).
    """
    index = load_frame_cues()
    issue_index = load_issue_cues()
    item_to_frame = {item: frame for frame, items in FRAME_ITEMS.items() for item in items}
    tokens_all = list(doc)
    keys_all = [(t.lower_, t.lemma_.lower()) for t in tokens_all]
    ents_all = list(doc.ents)
    ent_text = {i: e.text.lower() for e in ents_all for i in range(e.start, e.end)}
    item_mass: dict[str, float] = defaultdict(float)
    frame_mass: dict[str, float] = defaultdict(float)
    issue_total: dict[str, float] = defaultdict(float)
    evidence: list[FrameEvidence] = []
    rows: list[dict[str, Any]] = []
    sentences: list[tuple[int, int, str]] = []
    n_sent = 0
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        si = n_sent  # index among the non-blank sentences
        n_sent += 1
        sentences.append((sent.start_char, sent.end_char, sent.text))
        keys = keys_all[sent.start:sent.end]
        sent_ents = [e for e in ents_all if sent.start <= e.start < sent.end]
        item_scores, item_cues, issue_mass, issue_labels = _sentence_analysis(
            sent, tokens_all[sent.start:sent.end], sent_ents, ent_text, keys, index, issue_index)
        by_frame: dict[str, float] = defaultdict(float)
        cues_by_frame: dict[str, list[str]] = defaultdict(list)
        for item, score in item_scores.items():
            frame = item_to_frame[item]
            item_mass[item] += score
            by_frame[frame] += score
            cues_by_frame[frame].extend(f"{item}:{c}" for c in item_cues[item])
        for frame, raw in by_frame.items():
            score = round(min(FULL, raw), 3)
            frame_mass[frame] += score
            rows.append({"sentence_index": si, "start": sent.start_char, "end": sent.end_char,
                         "kind": "generic", "frame": frame, "score": score,
                         "cues": "; ".join(cues_by_frame[frame])})
            if score >= EVIDENCE_MIN:
                evidence.append(FrameEvidence(frame, si, sent.start_char, sent.end_char,
                                              cues_by_frame[frame], score))
        for frame, mass in issue_mass.items():
            issue_total[frame] += mass
            score = round(min(FULL, mass / ISSUE_SENTENCE_SCALE), 3)
            rows.append({"sentence_index": si, "start": sent.start_char, "end": sent.end_char,
                         "kind": "issue", "frame": frame, "score": score,
                         "cues": "; ".join(issue_labels[frame])})
            if mass >= ISSUE_EVIDENCE_MIN:
                evidence.append(FrameEvidence(f"issue:{frame}", si, sent.start_char, sent.end_char,
                                              issue_labels[frame], score))
    generic = _empty_scores(GENERIC_FRAMES)
    items_yes: dict[str, list[str]] = {}
    for frame, items in FRAME_ITEMS.items():
        yes = [i for i in items if item_mass.get(i, 0.0) >= ITEM_MIN_EVIDENCE]
        items_yes[frame] = yes
        coverage = len(yes) / len(items)
        mass = frame_mass.get(frame, 0.0)
        generic[frame] = round(COVERAGE_WEIGHT * coverage
                               + (1 - COVERAGE_WEIGHT) * (1.0 - math.exp(-mass / MASS_SCALE)), 4)
    present = [f for f in GENERIC_FRAMES if generic[f] >= RULE_THRESHOLDS[f] and generic[f] > 0]
    total = sum(issue_total.values())
    issue = {f: round(issue_total.get(f, 0.0) / total, 4) if total else 0.0 for f in ISSUE_FRAMES}
    table = pd.DataFrame(rows, columns=["sentence_index", "start", "end", "kind", "frame", "score", "cues"])
    return FrameResult(generic, present, issue, evidence, table, n_sent, items_yes,
                       {k: round(v, 4) for k, v in item_mass.items()}, sentences)


def frames_table(result: FrameResult) -> pd.DataFrame:
    """Article-level table: one row per frame with ``kind`` (generic/issue), ``frame``, ``score``, ``present``.

    Generic frames also list the items answered "yes" (``items``).
    """
    rows = [{"kind": "generic", "frame": f, "score": result.generic_scores[f], "present": f in result.present,
             "items": ",".join(result.items.get(f, []))} for f in GENERIC_FRAMES]
    issue_present = set(result.issue_present)
    rows += [{"kind": "issue", "frame": f, "score": s, "present": f in issue_present, "items": ""}
             for f, s in result.issue_scores.items()]
    return pd.DataFrame(rows, columns=["kind", "frame", "score", "present", "items"])


def sentence_frames_table(result: FrameResult, kind: str | None = None, wide: bool = False) -> pd.DataFrame:
    """Per-sentence frame scores.

    Args:
        result: from :func:`detect_frames`.
        kind: ``"generic"``, ``"issue"`` or None for both.
        wide: return a sentence × frame matrix (every sentence, zeros filled, frames of ``kind`` as columns,
            in display order) instead of the long table.

    Returns:
        Long: ``sentence_index, start, end, kind, frame, score, cues``. Wide: ``sentence_index`` plus one
        column per frame.
    """
    table = result.sentence_frames
    if kind is not None:
        table = table[table["kind"] == kind]
    if not wide:
        return table.reset_index(drop=True)
    frames = list(GENERIC_FRAMES if kind == "generic" else ISSUE_FRAMES if kind == "issue"
                  else GENERIC_FRAMES + ISSUE_FRAMES)
    idx = pd.RangeIndex(len(result.sentences), name="sentence_index")
    wide_df = pd.DataFrame(0.0, index=idx, columns=frames)
    for row in table.itertuples(index=False):
        if row.frame in wide_df.columns:
            wide_df.loc[row.sentence_index, row.frame] = max(wide_df.loc[row.sentence_index, row.frame], row.score)
    return wide_df.reset_index()


def evidence_table(result: FrameResult, kind: str = "generic") -> pd.DataFrame:
    """Evidence sentences per frame: ``frame, sentence_index, start, end, score, cues, sentence``."""
    text_by_start = {s: t for s, _, t in result.sentences}
    rows = [{"frame": e.frame, "sentence_index": e.sentence_index, "start": e.start, "end": e.end,
             "score": e.score, "cues": "; ".join(e.cues), "sentence": text_by_start.get(e.start, "")}
            for e in result.evidence if (e.frame.startswith("issue:")) == (kind == "issue")]
    return pd.DataFrame(rows, columns=["frame", "sentence_index", "start", "end", "score", "cues", "sentence"])
