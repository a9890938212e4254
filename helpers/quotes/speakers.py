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

from spacy.tokens import Token

from .article import Article
from .lexicon import anonymous_nouns, pronoun_genders
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


def mention_bounds(tok: Token) -> tuple[int, int]:
    """Token range (first, last) of the noun phrase headed by ``tok``, without appositives and relative
    clauses (nor a prepositional phrase set off by a comma)."""
    doc = tok.doc
    drop: set[int] = set()
    for child in tok.children:
        if child.dep_ in _MENTION_CUT_DEPS or (child.dep_ == "prep" and child.i > tok.i and doc[child.i - 1].text == ","):
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


def resolve(art: Article, tok: Token) -> tuple[str | None, int, int]:
    """Speaker of a subject token: (resolved name or noun phrase, mention start, mention end).

    The phrase's head names the speaker: "Putin spokesman Dmitry Peskov" is Peskov, and "Trump's lawyers",
    "a spokesman for Mueller" are not Trump or Mueller; a proper-noun head may still be a name the entity
    recogniser cut short, so then a person anywhere in the phrase counts; an appositive may name the
    speaker ("Cohen's lawyer, Lanny Davis, said"); "the president" is the article's one holder of the
    title. A relative pronoun is the mention and its antecedent the speaker.
    """
    people = art.people
    if tok.lower_ in _RELATIVE and tok.tag_ in ("WP", "WDT"):
        head = tok.head.head if tok.head.dep_ == "relcl" else tok.head
        name = _climb_to_person(art, head)
        return name or resolve(art, head)[0], tok.idx, tok.idx + len(tok)
    if tok.pos_ == "PRON":
        return resolve_pronoun(art, tok), tok.idx, tok.idx + len(tok)
    first, last = mention_bounds(tok)
    span = art.doc[first:last + 1]
    name = people.person_at(tok)
    if name is None and tok.pos_ == "PROPN":
        name = next(filter(None, (people.person_at(t) for t in span)), None)
    if name is None:
        name = next(filter(None, (people.person_at(c) for c in tok.children if c.dep_ == "appos")), None)
    if name is None and len(span) == 2 and span[0].lower_ == "the":
        name = people.title_holder(tok.lower_)
    if name:
        return name, span.start_char, span.end_char
    text = re.sub(r"(’s|'s)$", "", span.text).strip()
    return text or None, span.start_char, span.end_char


def is_anonymous(art: Article, tok: Token | None, speaker: str | None) -> bool:
    """Whether a speaker mention is an unnamed source: its head is a word like "official" or "source"; an
    organisation, place or nationality before it is the source's affiliation ("U.S. officials", "a White
    House official"), not a name."""
    if tok is None or speaker is None:
        return False
    if tok.pos_ == "PRON" or art.people.person_at(tok):
        return False
    return tok.pos_ != "PROPN" and tok.lemma_.lower() in anonymous_nouns()


def attribute(art: Article, q: Quote, subj: Token | None) -> Quote:
    """Fill the speaker fields of ``q`` from the subject token ``subj`` (nothing when it is None).

    Returns:
        ``q`` itself, with speaker, mention offsets, role and organisation (of a known person, or the
        speaker itself when the mention is an organisation entity) and the anonymous flag.
    """
    if subj is None:
        return q
    name, s, e = resolve(art, subj)
    q.speaker, q.speaker_start, q.speaker_end = name, s, e
    q.mention = art.text[s:e]
    person = art.people.people.get(name) if name else None
    if person:
        q.role, q.organisation = person.role, person.organisation
    elif name and any(ent.label_ == "ORG" for ent in art.people.ents_in(*art.token_range(s, e))):
        q.organisation = name
    q.anonymous = is_anonymous(art, subj, name)
    return q
