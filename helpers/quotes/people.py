"""The people of an article: who is named, by which full name, with which title, role and gender.

:class:`People` is built once per article from the entity recogniser's PERSON mentions outside quotation
marks. A surname maps to the article's first full name with that surname ("Trump" → "Donald Trump", used
before or after it); leading titles are stripped from the name and kept as the role ("President"), with
an appositive ("Kate Mallinson, an associate fellow at Chatham House") and the organisation named in it.
Gender, used only to resolve he/she, comes from a title ("Mrs."), a listed given name, a name suffix or a
Slavic surname ending (:mod:`helpers.quotes.lexicon`).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .lexicon import (
    courtesy_titles,
    first_name_genders,
    name_suffix_genders,
    person_titles,
    platform_names,
    surname_gender_endings,
)

#: A lone surname signals gender by its ending only when it is longer than this many letters
#: ("Ivanova" yes, "Kov" no): short names end in "-ov"/"-ova" by chance.
MIN_SURNAME_LETTERS_FOR_ENDING: int = 4
#: Dependency labels under which a word before a name premodifies it ("Kremlin spokesman Dmitry Peskov").
_PREMODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "poss"})
#: Parts of speech that end a premodifier run to the left of a name.
_PREMODIFIER_STOP_POS = frozenset({"DET", "PRON", "PUNCT", "ADP", "VERB", "AUX"})
#: Tokens that end an appositive role ("Jane Doe, a senator, said").
_ROLE_STOPS = frozenset({",", ";", "(", ")", "—", "–"})
#: Entity labels that name an organisation in a role ("an associate fellow at Chatham House").
ORGANISATION_LABELS = frozenset({"ORG", "PRODUCT"})


@dataclass(frozen=True)
class Person:
    """One person of the article: canonical name, gender (``m``/``f``/None), role and organisation."""

    name: str
    gender: str | None
    role: str | None
    organisation: str | None


def title_key(word: str) -> str:
    """A title word as :func:`~helpers.quotes.lexicon.person_titles` keys it: lower case, no trailing dot."""
    return word.lower().rstrip(".")


def name_gender(words: Sequence[str]) -> str | None:
    """The gender a person's name signals, or None: a listed given name ("Maria Lopez"), a Jr./Sr. suffix,
    or a Slavic surname ending ("Maria Zakharova", "Peskov"); a lone surname only by its ending."""
    given = first_name_genders()
    if len(words) >= 2 and words[0].lower() in given:
        return given[words[0].lower()]
    suffix = title_key(words[-1])
    if suffix in name_suffix_genders():
        return name_suffix_genders()[suffix]
    last = words[-1].lower()
    if len(last) > MIN_SURNAME_LETTERS_FOR_ENDING and last.isalpha():
        for ending, gender in surname_gender_endings():
            if last.endswith(ending):
                return gender
    return None


def sentence_bounds(ent: Span, starts: Sequence[int] | None = None) -> tuple[int, int]:
    """Token range ``[start, end)`` of the sentence holding a span; ``starts`` (the sentences' start tokens,
    sorted) spares spaCy's walk over every sentence of the document that ``Span.sent`` makes."""
    if not starts:
        sent = ent.sent
        return sent.start, sent.end
    k = bisect_right(starts, ent.start) - 1
    return starts[k], (starts[k + 1] if k + 1 < len(starts) else len(ent.doc))


def _name_tokens(ent: Span, sent: tuple[int, int]) -> tuple[list[Token], list[Token]]:
    """A PERSON entity split into its leading titles and its name tokens (no possessive, no punctuation).
    A given name the entity recogniser left out ("Dmitry" of "Dmitry Peskov" tagged "Peskov") is taken
    back: one capitalised proper noun right before a one-word entity, compound to it, in no other entity
    and not itself after a capitalised proper noun ("National Intelligence Clapper" stays "Clapper")."""
    titles = person_titles()
    doc = ent.doc
    first = ent.start
    if len(ent) == 1 and first > sent[0]:
        prev = doc[first - 1]
        before = doc[first - 2] if first - 2 >= sent[0] else None
        if prev.pos_ == "PROPN" and prev.is_title and prev.dep_ == "compound" and not prev.ent_type_ \
                and prev.head.i == ent.start and title_key(prev.text) not in titles \
                and not (before is not None and before.pos_ == "PROPN" and before.is_title):
            first -= 1
    toks = [t for t in doc[first:ent.end] if not (t.tag_ == "POS" or t.text in ("'s", "’s"))]
    lead_titles = []
    while toks and title_key(toks[0].text) in titles:
        lead_titles.append(toks.pop(0))
    return lead_titles, [t for t in toks if re.search(r"\w", t.text)]


def _name_text(toks: list[Token]) -> str:
    """A name as written from its first to its last token, blanks collapsed ("Maria Lvova-Belova")."""
    return " ".join(toks[0].doc[toks[0].i:toks[-1].i + 1].text.split())


def premodifiers(doc: Doc, ent: Span, sent: tuple[int, int] | None = None) -> list[Token]:
    """The title words before a name: "Russian President", "President-elect", "Director of National
    Intelligence", "Kremlin spokesman"; a determiner, pronoun, verb or possessor ends the run."""
    titles = person_titles()
    out: list[Token] = []
    i = ent.start - 1
    lo = (sent or sentence_bounds(ent))[0]
    while i >= lo:
        tok = doc[i]
        if tok.text in ("-", "–") and not tok.whitespace_ and i - 1 >= lo and not doc[i - 1].whitespace_ and out:
            out[:0] = [doc[i - 1], tok]  # "President-elect": the hyphenated title whole
            i -= 2
            continue
        # "Director of National Intelligence", "Secretary of State": a title, "of", capitalised words
        k = i
        while k > lo and k > i - 3 and doc[k].text[:1].isupper():
            k -= 1
        if k < i and k - 1 >= lo and doc[k].lower_ == "of" and title_key(doc[k - 1].text) in titles:
            out[:0] = list(doc[k - 1:i + 1])
            i = k - 2
            continue
        if tok.pos_ in _PREMODIFIER_STOP_POS and tok.text != "-":
            break
        attached = ent.start <= tok.head.i < ent.end or tok.head in out
        if not (attached and tok.dep_ in _PREMODIFIER_DEPS) and title_key(tok.text) not in titles:
            break
        if tok.dep_ == "poss" or tok.tag_ == "POS":
            break
        out.insert(0, tok)
        i -= 1
    return out


def _appositive(doc: Doc, ent: Span, inside: Sequence[bool], sent: tuple[int, int]) -> Span | None:
    """The appositive after a name, up to the next comma, bracket, dash, relative pronoun or quote."""
    appos = [c for c in ent.root.children if c.dep_ == "appos" and c.i >= ent.end and not c.like_num]
    if not appos:
        return None
    start = end = appos[0].left_edge.i
    sent_end = sent[1]
    while end < sent_end:
        tok = doc[end]
        if tok.text in _ROLE_STOPS or tok.is_space or (tok.tag_ in ("WP", "WDT") and end > start) or inside[tok.i]:
            break
        end += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end] if end > start else None


class People:
    """The people named in one article, and the token → person map used to resolve speakers.

    Attributes:
        people: canonical name → :class:`Person`.
        full_by_last: surname → the article's first full name with that surname.
        mentions: ``(token index, canonical name)`` of every person mention outside quotation marks,
            sorted; ``mention_index`` holds the token indices alone (for bisection), ``mentions_of`` those
            of each name.
        ents: the article's named entities in order (``ent_starts`` their start tokens).
    """

    def __init__(self, doc: Doc, inside: Sequence[bool], text: str | None = None):
        self.doc = doc
        self.inside = inside
        self.full_by_last: dict[str, str] = {}
        self.people: dict[str, Person] = {}
        self.mentions: list[tuple[int, str]] = []
        self.token_person: dict[int, str] = {}
        self.text = doc.text if text is None else text  # spaCy joins the tokens on each read of Doc.text
        self.ents = list(doc.ents)
        self.sent_starts = [sent.start for sent in doc.sents] if doc.has_annotation("SENT_START") else []
        self.ent_starts = [e.start for e in self.ents]
        self._build()
        self.mentions.sort()
        self.mention_index = [i for i, _ in self.mentions]
        self.mentions_of: dict[str, list[int]] = {}
        for i, name in self.mentions:
            self.mentions_of.setdefault(name, []).append(i)

    def _persons(self) -> list[tuple[Span, list[Token], list[Token]]]:
        """(entity, leading titles, name tokens) of each PERSON entity that names one person."""
        out = []
        for ent in self.ents:
            if ent.label_ != "PERSON" or ent.root.tag_ == "NNPS":
                continue
            lead_titles, toks = _name_tokens(ent, sentence_bounds(ent, self.sent_starts))
            if toks and not (len(toks) == 1 and toks[0].lower_ in platform_names()):
                out.append((ent, lead_titles, toks))
        return out

    def _build(self) -> None:
        persons = self._persons()
        # full names first, so that a surname used before the full name ("Trump ... Donald Trump") and
        # one used after it resolve alike; the article's first full name with that surname wins
        for _, _, toks in persons:
            if len(toks) >= 2:
                self.full_by_last.setdefault(toks[-1].text, _name_text(toks))
        for ent, lead_titles, toks in persons:
            canonical = self._add_person(ent, lead_titles, toks)
            for t in ent:
                self.token_person[t.i] = canonical
            if not self.inside[ent.root.i]:
                self.mentions.append((ent.root.i, canonical))
        # a known surname the entity recogniser missed or labelled otherwise ("Trump said" read as ORG) is
        # a mention of that person too
        for tok in self.doc:
            if tok.pos_ == "PROPN" and tok.i not in self.token_person and not self.inside[tok.i] \
                    and tok.text in self.full_by_last:
                self.mentions.append((tok.i, self.full_by_last[tok.text]))

    def _add_person(self, ent: Span, lead_titles: list[Token], toks: list[Token]) -> str:
        """Register one PERSON mention; what it tells of the person fills what earlier mentions left open.
        Returns the canonical name."""
        name = _name_text(toks)
        canonical = self.full_by_last.get(toks[-1].text, name) if len(toks) == 1 else name
        known = self.people.get(canonical)
        if known is not None and known.role is not None and known.gender is not None:
            return canonical
        premods = premodifiers(self.doc, ent, sentence_bounds(ent, self.sent_starts))
        premods += [t for t in lead_titles if t not in premods]
        titles = person_titles()
        gender = next(filter(None, (titles.get(title_key(t.text)) for t in premods)), None)
        gender = gender or name_gender([t.text for t in toks])
        role, org = (known.role, known.organisation) if known and known.role else self._role(ent, premods)
        self.people[canonical] = Person(canonical, (known.gender if known else None) or gender, role, org)
        return canonical

    def _role(self, ent: Span, premods: list[Token]) -> tuple[str | None, str | None]:
        """(role, organisation) of a person mention: the title premodifiers without forms of address, and the
        appositive; the organisation is the last ORG entity in the appositive (else in the premodifiers)."""
        parts: list[str] = []
        org_spans: list[Span] = []
        while premods and title_key(premods[0].text) in courtesy_titles():
            premods = premods[1:]
        if premods:
            parts.append(self.text[premods[0].idx: premods[-1].idx + len(premods[-1])])
        appos = _appositive(self.doc, ent, self.inside, sentence_bounds(ent, self.sent_starts))
        if appos is not None:
            parts.append(appos.text)
            org_spans.append(appos)
        elif premods:
            org_spans.append(self.doc[premods[0].i: premods[-1].i + 1])
        orgs = [e.text for s in org_spans for e in self.ents_in(s.start, s.end) if e.label_ in ORGANISATION_LABELS]
        return (", ".join(parts) or None), (orgs[-1] if orgs else None)

    def ents_in(self, start: int, end: int) -> list[Span]:
        """Named entities lying within tokens ``[start, end)`` (bisect over the sorted entity list)."""
        out = []
        for ent in self.ents[bisect_left(self.ent_starts, start):]:
            if ent.start >= end:
                break
            if ent.end <= end:
                out.append(ent)
        return out

    def person_at(self, tok: Token) -> str | None:
        """The canonical person name of a token: a member of a PERSON entity, or a known surname written as a
        name (a proper noun, or a capitalised word the tagger read otherwise: "Peskov:" opening a line)."""
        if tok.i in self.token_person:
            return self.token_person[tok.i]
        if (tok.pos_ == "PROPN" or tok.is_title) and tok.text in self.full_by_last:
            return self.full_by_last[tok.text]
        return None

    def gender(self, name: str) -> str | None:
        """The known gender of a canonical name (None when unknown or not a registered person)."""
        person = self.people.get(name)
        return person.gender if person else None

    def title_holder(self, title: str) -> str | None:
        """The one person of the article whose role ends in ``title`` ("the president" → the person
        introduced as "President Donald Trump"); when several do, the one whose role is the bare title;
        else None."""
        if title not in person_titles():
            return None
        holders = [p for p in self.people.values() if p.role and title_key(p.role.split()[-1]) == title]
        bare = [p for p in holders if title_key(p.role) == title]
        chosen = bare if len(bare) == 1 else holders
        return chosen[0].name if len(chosen) == 1 else None

    def mentions_between(self, start: int, end: int) -> list[int]:
        """Token indices of person mentions in tokens ``[start, end)``."""
        idx = self.mention_index
        return idx[bisect_left(idx, start):bisect_left(idx, end)]
