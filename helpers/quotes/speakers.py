"""From a speaker mention to a speaker: the mention's extent, pronoun and surname resolution, anonymity.

A subject token (the subject of a cue verb, the object of "according to", a possessor) becomes the speaker
mention as written (the noun phrase without appositives and relative clauses, a pronoun stays the
pronoun) and a resolved speaker: the person's full name through :class:`~helpers.quotes.people.People`,
a he/she pronoun's antecedent by salience (:func:`resolve_pronoun`), "the president" as the article's one
holder of that title, else the noun phrase itself.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Token

from .article import Article
from .lexicon import (
    anonymous_nouns,
    non_human_sources,
    organisation_nouns,
    person_titles,
    platform_names,
    pronoun_genders,
    pronoun_types,
    unspecified_sources,
)
from .records import Quote

#: A he/she pronoun looks for its person in its own sentence and this many sentences before it, ranking
#: candidates by salience; only when none is there does it take the most recent compatible person.
#: Three sentences: the span in which Lappin & Leass (1994) found nearly all antecedents of third-person
#: pronouns; checked on the blind-judged pronoun set (``benchmarks/bench_pronouns.py``).
PRONOUN_WINDOW_SENTENCES: int = 3
#: Salience weights of :func:`resolve_pronoun` (after Lappin & Leass 1994, simplified): subject of the
#: sentence's main clause, subject of another clause, a known gender that agrees, cost of each sentence of
#: distance.
SALIENCE_MAIN_SUBJECT: float = 2.0
SALIENCE_SUBJECT: float = 1.0
SALIENCE_GENDER_AGREES: float = 0.5
SALIENCE_PER_SENTENCE: float = 0.5
#: Relative pronouns whose antecedent is the speaker ("Sarah Johnson, who noted that …").
_RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
#: Children of a mention's head that are not part of the mention as written.
_MENTION_CUT_DEPS = frozenset({"appos", "relcl", "acl", "punct", "advcl", "parataxis"})
#: Speaker type of a named entity's label (a person not in the article's people registry, a body, a group).
_ENTITY_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "organisation", "FAC": "organisation",
                 "NORP": "unspecified"}
#: Arcs climbed from a token to the person it belongs to ("a spokesman for Mueller" does not climb).
_PERSON_CLIMB_DEPS = frozenset({"appos", "pobj", "prep", "conj", "compound"})


def resolve_pronoun(art: Article, tok: Token) -> str | None:
    """The person a he/she pronoun refers to, among the named people before it (outside quotes).

    A salience ranking in the spirit of Lappin & Leass (1994), over the pronoun's sentence and the
    :data:`PRONOUN_WINDOW_SENTENCES` before it: a mention that is the subject of its sentence's main
    clause (or in apposition to it) scores :data:`SALIENCE_MAIN_SUBJECT`, the subject of another clause
    :data:`SALIENCE_SUBJECT`; a person whose known gender agrees :data:`SALIENCE_GENDER_AGREES` more
    (unknown gender 0; a disagreeing one is out); each sentence of distance costs
    :data:`SALIENCE_PER_SENTENCE`; ties go to the most recent. With no candidate in the window, the most
    recent compatible person anywhere before.

    Returns:
        The canonical name, or None (not a he/she pronoun, or no compatible person before it).
    """
    gender = pronoun_genders().get(tok.lower_)
    if gender is None:
        return None
    people = art.people
    sent_k = art.sentence_index(tok.i)
    window_start = art.sent_starts[max(0, sent_k - PRONOUN_WINDOW_SENTENCES)]
    best: tuple[float, str] | None = None
    for k in range(bisect_left(people.mention_index, tok.i) - 1, -1, -1):
        i, name = people.mentions[k]
        person_gender = people.gender(name)
        if person_gender not in (None, gender):
            continue
        if i < window_start:
            return best[1] if best else name
        score = _salience(art, i, sent_k) + (SALIENCE_GENDER_AGREES if person_gender == gender else 0.0)
        if best is None or score > best[0]:
            best = (score, name)
    return best[1] if best else None


def _salience(art: Article, i: int, sent_k: int) -> float:
    """Salience of the person mention at token ``i`` for a pronoun in sentence ``sent_k``, gender aside."""
    mention = art.doc[i]
    while mention.dep_ in ("appos", "compound") and mention.head is not mention:
        mention = mention.head
    distance = sent_k - art.sentence_index(i)
    subject = 0.0
    if mention.dep_ in ("nsubj", "nsubjpass"):
        subject = SALIENCE_MAIN_SUBJECT if mention.head.dep_ == "ROOT" else SALIENCE_SUBJECT
    return subject - SALIENCE_PER_SENTENCE * distance


def mention_bounds(tok: Token, conjuncts: bool = True) -> tuple[int, int]:
    """Token range (first, last) of the noun phrase headed by ``tok``, without appositives and relative
    clauses (nor a prepositional phrase set off by a comma); without ``conjuncts``, also without the
    coordinated phrases ("Burton" of "Burton and Nick")."""
    doc = tok.doc
    drop: set[int] = set()
    for child in tok.children:
        comma_prep = child.dep_ == "prep" and child.i > tok.i and doc[child.i - 1].text == ","
        if child.dep_ in _MENTION_CUT_DEPS or comma_prep or (not conjuncts and child.dep_ in ("conj", "cc")):
            drop.update(t.i for t in child.subtree)
    keep = {t.i for t in tok.subtree} - drop
    first = last = tok.i
    while first - 1 in keep:
        first -= 1
    while last + 1 in keep:
        last += 1
    while first < last and doc[first].is_punct:
        first += 1
    while last > first and doc[last].is_punct:
        last -= 1
    return first, last


def _climb_to_person(art: Article, tok: Token) -> str | None:
    """The person a token belongs to, climbing at most five appositive, prepositional or compound arcs."""
    for _ in range(5):
        name = art.people.person_at(tok)
        if name:
            return name
        if tok.dep_ in _PERSON_CLIMB_DEPS and tok.head is not tok:
            tok = tok.head
        else:
            return None
    return None


@dataclass(frozen=True)
class Resolution:
    """Who a speaker mention names: the readable speaker, each resolved name with its type, the mention's
    character span."""

    speaker: str | None
    names: tuple[str, ...]
    types: tuple[str, ...]
    start: int
    end: int

    @property
    def speaker_type(self) -> str | None:
        """The type of the first name (each coordinated name keeps its own in ``types``)."""
        return self.types[0] if self.types else None


def speaker_type(art: Article, tok: Token, name: str | None) -> str | None:
    """The type of one resolved speaker (:data:`~helpers.quotes.records.SPEAKER_TYPES`) from its head token.

    A known person is ``person``; a pronoun left unresolved takes the type of ``personal_pronouns.tsv``;
    a common-noun head is looked up in the lists of things (``non_human``), vague collectives
    (``unspecified``), unnamed sources (``anonymous``), organisations and person titles; a named entity
    by its label (PERSON person, unless a platform of ``platform_names.txt``; ORG, GPE, FAC organisation;
    NORP unspecified); any other proper noun is a person; any other common noun a person when singular, a
    vague collective when plural.
    """
    if name is None:
        return None
    if name in art.people.people:
        return "person"
    lower, lemma = tok.lower_, tok.lemma_.lower()
    if tok.pos_ == "PRON" or lower in pronoun_types():
        return pronoun_types().get(lower, "unspecified")
    if tok.pos_ != "PROPN":
        for words, kind in ((non_human_sources(), "non_human"), (unspecified_sources(), "unspecified"),
                            (anonymous_nouns(), "anonymous"), (organisation_nouns(), "organisation")):
            if lemma in words or lower in words:
                return kind
        if lemma in person_titles():
            return "person"
    if lower in platform_names():
        return "organisation"
    if tok.ent_type_ in _ENTITY_TYPES:
        return _ENTITY_TYPES[tok.ent_type_]
    if tok.pos_ == "PROPN":
        return "person"
    return "unspecified" if tok.tag_ in ("NNS", "NNPS") else "person"


def _resolve_one(art: Article, tok: Token, first: int, last: int) -> tuple[str | None, str | None]:
    """(name, type) of one conjunct of a speaker mention spanning tokens ``first..last``."""
    people = art.people
    if tok.pos_ == "PRON":
        name = resolve_pronoun(art, tok)
        return (name, "person") if name else (tok.text, speaker_type(art, tok, tok.text))
    span = art.doc[first:last + 1]
    name = people.person_at(tok)
    if name is None and tok.pos_ == "PROPN":
        name = next(filter(None, (people.person_at(t) for t in span)), None)
    if name is None:
        name = next(filter(None, (people.person_at(c) for c in tok.children if c.dep_ == "appos")), None)
    if name is None and len(span) == 2 and span[0].lower_ == "the":
        name = people.title_holder(tok.lower_)
    if name:
        return name, "person"
    text = re.sub(r"(’s|'s)$", "", span.text).strip() or None
    return text, speaker_type(art, tok, text)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def resolve(art: Article, tok: Token, bounds: tuple[int, int] | None = None) -> Resolution:
    """Who a subject token names, and the mention as written (:func:`resolve_mention`); read once per token
    and article (without ``bounds``)."""
    if bounds is not None:
        return resolve_mention(art, tok, bounds)
    known = art.resolved.get(tok.i)
    if known is None:
        known = art.resolved[tok.i] = resolve_mention(art, tok)
    return known


def resolve_mention(art: Article, tok: Token, bounds: tuple[int, int] | None = None) -> Resolution:
    """Who a subject token names, and the mention as written.

    The phrase's head names the speaker: "Putin spokesman Dmitry Peskov" is Peskov, and "Trump's lawyers",
    "a spokesman for Mueller" are not Trump or Mueller; a proper-noun head may still be a name the entity
    recogniser cut short, so then a person anywhere in the phrase counts; an appositive may name the
    speaker ("Cohen's lawyer, Lanny Davis, said"); "the president" is the article's one holder of the
    title; a he/she pronoun is resolved by salience and stays the pronoun when nobody fits. Coordinated
    subjects ("Burton and Nick", "Putin and Lukashenko") give one name each. A relative pronoun is the
    mention and its antecedent the speaker. ``bounds`` (first and last token) gives the mention's extent
    instead of the noun phrase the parse gives (a transcript label's name).
    """
    if tok.lower_ in _RELATIVE and tok.tag_ in ("WP", "WDT"):
        head = tok.head.head if tok.head.dep_ == "relcl" else tok.head
        name = _climb_to_person(art, head)
        inner = resolve(art, head)
        if name:
            return Resolution(name, (name,), ("person",), tok.idx, tok.idx + len(tok))
        return Resolution(inner.speaker, inner.names, inner.types, tok.idx, tok.idx + len(tok))
    first, last = bounds or (mention_bounds(tok) if tok.pos_ != "PRON" else (tok.i, tok.i))
    conjuncts = [tok] + [c for c in tok.conjuncts if c.i > tok.i and c.pos_ in ("PROPN", "NOUN", "PRON")
                         and first <= c.i <= last]
    names: list[str] = []
    types: list[str] = []
    for conj in conjuncts:
        a, b = mention_bounds(conj, conjuncts=False) if conj.pos_ != "PRON" else (conj.i, conj.i)
        name, kind = _resolve_one(art, conj, a, b)
        if name and name not in names:
            names.append(name)
            types.append(kind or "unspecified")
    span = art.doc[first:last + 1]
    if not names:
        return Resolution(None, (), (), span.start_char, span.end_char)
    return Resolution(_join(names), tuple(names), tuple(types), span.start_char, span.end_char)


def attribute(art: Article, q: Quote, subj: Token | None, bounds: tuple[int, int] | None = None) -> Quote:
    """Fill the speaker fields of ``q`` from the subject token ``subj`` (nothing when it is None);
    ``bounds`` as for :func:`resolve`.

    Returns:
        ``q`` itself, with speaker, speakers and their types, the mention offsets, role and organisation
        (of a known person, or the speaker itself when the mention is an organisation entity), the speaker
        type and the anonymous flag (true exactly when the type is ``anonymous``).
    """
    if subj is None:
        return q
    res = resolve(art, subj, bounds)
    q.speaker, q.speaker_start, q.speaker_end = res.speaker, res.start, res.end
    q.speakers, q.speaker_types = res.names, res.types
    q.speaker_type = res.speaker_type
    q.mention = art.text[res.start:res.end]
    person = art.people.people.get(res.names[0]) if len(res.names) == 1 else None
    if person:
        q.role, q.organisation = person.role, person.organisation
    elif res.speaker and any(ent.label_ == "ORG" for ent in art.people.ents_in(*art.token_range(res.start, res.end))):
        q.organisation = res.speaker
    q.anonymous = q.speaker_type == "anonymous"
    return q
