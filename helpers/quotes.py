"""Quote attribution: who is given voice in an article, and how.

Finds direct quotes (straight and curly marks, split around a cue, running over several sentences or
paragraphs), partial quotes inside a sentence, indirect speech and reported beliefs from the dependency
parse, and scare quotes (a short quoted term with no speech cue). Each quote gets a cue (the speech verb,
``according to`` or a colon), a speaker mention (the token nearest the cue: a name, a noun phrase, the
pronoun itself) and a resolved speaker (full name through a surname map and pronoun resolution to the most
recent compatible person), with the speaker's role (title premodifier, appositive) and organisation.

Method: rule-based in the line of Pareti's attribution relations (source, cue, content; PARC/PolNeAR,
Newell et al. 2018), with textacy's ``direct_quotations`` cue-and-subject heuristics for direct quotes and
Krestel, Bergler & Witte (2008) "Minding the source" for indirect speech as the clausal complement
(``ccomp``) of a reporting verb. Word lists live in ``helpers/resources`` (see ``README.md``).
Unbalanced quotation marks are handled (an unclosed mark runs to the paragraph end, a stray closing mark
is ignored) and always logged with the character position.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

import pandas as pd
from spacy.tokens import Doc, Span, Token

from helpers import config

log = logging.getLogger(__name__)

#: Quote kinds, in order of how directly the speaker's words are reproduced.
KINDS: tuple[str, ...] = ("direct", "partial", "indirect", "scare")
#: The exact keys of one quote in :func:`stage_record` output (the CLI adds ``id`` to the article).
RECORD_KEYS: tuple[str, ...] = ("quote", "start", "end", "kind", "speaker", "speaker_start", "speaker_end",
                                "cue", "cue_start", "cue_end", "role")
#: Whether a quote with no cue may take its speaker from the previous sentence (else its own sentences only).
NEAREST_PERSON_PREVIOUS_SENTENCE: bool = True
#: Whether a cue-less quote opening a paragraph takes the speaker of the previous paragraph's last quote.
INHERIT_NEXT_PARAGRAPH: bool = False
#: A quoted term of at most this many words with no speech cue governing it is a scare quote.
SCARE_MAX_WORDS: int = 4
#: A he/she pronoun looks for its person in its own sentence and this many sentences before it, ranking
#: candidates by salience; only when none is there does it take the most recent compatible person.
PRONOUN_WINDOW_SENTENCES: int = 3

_OPEN_DOUBLE = "“„«"
_CLOSE_DOUBLE = "”»"
_STRAIGHT = '"'
_DOUBLE = _OPEN_DOUBLE + _CLOSE_DOUBLE + _STRAIGHT
_ALL_MARKS = _DOUBLE + "‘’"
_BEFORE_DIRECT = set(",:;.!?—–-([" + _ALL_MARKS)
_AFTER_DIRECT = set(",.;:!?—–-)]" + _ALL_MARKS)
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")
_DASH_AFTER = re.compile(r"[ \t\u00a0]*(―|—|–|--)[ \t\u00a0]*([A-Z][\w.’'-]*(?:[ \u00a0][A-Z][\w.’'-]*){0,3})")
_TRANSCRIPT = re.compile(r"([A-Z][A-Z.’'-]+(?: [A-Z][A-Z.’'-]+){0,3}):\s+")
_SINGLE = re.compile(r"(?<![\w’'])‘([^‘’\n]{1,200}?)’(?![\w])")
_PERSONAL_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_RELATIVE = {"who", "whom", "which", "that", "whose"}
_SUBJECT_DEPS = {"nsubj", "csubj"}
_CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp", "ccomp"}
_MENTION_CUT_DEPS = {"appos", "relcl", "acl", "punct", "advcl", "parataxis"}


# --------------------------------------------------------------------------------------------- records
@dataclass
class Quote:
    """One attributed (or scare) quote; character offsets index the article text.

    ``text[start:end] == quote`` is the content without its quotation marks. ``speaker`` is the resolved
    name (or the noun phrase for unnamed sources, ``None`` when unresolved); ``speaker_start/end`` mark the
    mention nearest the cue as written (a pronoun stays the pronoun). ``role`` is the speaker's title and
    appositive ("President", "an associate fellow at Chatham House").
    """

    quote: str
    start: int
    end: int
    kind: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    role: str | None = None
    organisation: str | None = None
    anonymous: bool = False
    mention: str | None = None
    root: int | None = None  # token index of the content's syntactic head (indirect speech), internal

    def record(self) -> dict[str, Any]:
        """The quote as the CLI schema's dict: exactly :data:`RECORD_KEYS`."""
        data = asdict(self)
        return {key: data[key] for key in RECORD_KEYS}


@dataclass(frozen=True)
class QuoteSpan:
    """A stretch of text between quotation marks.

    ``open_at``/``close_at`` are the offsets of the marks (``close_at`` is ``None`` for a quote left open at
    the end of its paragraph); ``start``/``end`` the content without marks; ``continues`` is true when the
    paragraph leaves the quote open and the next paragraph reopens it (the newspaper convention).
    """

    open_at: int
    close_at: int | None
    start: int
    end: int
    continues: bool = False
    single: bool = False
    close_len: int = 1

    @property
    def stop(self) -> int:
        """Offset just after the closing mark (the content end for a quote left open)."""
        return self.close_at + self.close_len if self.close_at is not None else self.end


@dataclass(frozen=True)
class _Person:
    name: str
    gender: str | None
    role: str | None
    organisation: str | None


# ------------------------------------------------------------------------------------------ word lists
def _read_list(name: str) -> list[str]:
    path = config.RESOURCES / name
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append(line)
    return rows


@lru_cache(maxsize=None)
def reporting_verbs() -> frozenset[str]:
    """Speech-verb lemmas (``resources/reporting_verbs.txt``): cues for direct and indirect quotes."""
    return frozenset(w.lower() for w in _read_list("reporting_verbs.txt"))


@lru_cache(maxsize=None)
def stance_verbs() -> frozenset[str]:
    """Belief, stance and evidence verb lemmas (``resources/stance_verbs.txt``): cues for indirect only."""
    return frozenset(w.lower() for w in _read_list("stance_verbs.txt"))


@lru_cache(maxsize=None)
def np_content_verbs() -> frozenset[str]:
    """Cue lemmas whose direct object is the reported content ("cited the report", "called X a hoax")
    (``resources/np_content_verbs.txt``)."""
    return frozenset(w.lower() for w in _read_list("np_content_verbs.txt"))


@lru_cache(maxsize=None)
def nominal_cues() -> frozenset[str]:
    """Nouns that report speech or belief with a possessor and a that-clause (``nominal_cues.txt``)."""
    return frozenset(w.lower() for w in _read_list("nominal_cues.txt"))


@lru_cache(maxsize=None)
def infinitive_cues() -> frozenset[str]:
    """Cue lemmas whose ``to``-infinitive is reported content ("wants to …") (``infinitive_cues.txt``)."""
    return frozenset(w.lower() for w in _read_list("infinitive_cues.txt"))


@lru_cache(maxsize=None)
def anonymous_nouns() -> frozenset[str]:
    """Head-noun lemmas of unnamed sources (``resources/anonymous_sources.txt``)."""
    return frozenset(w.lower() for w in _read_list("anonymous_sources.txt"))


@lru_cache(maxsize=None)
def person_titles() -> dict[str, str | None]:
    """Title word (lower case, no dot) -> implied gender ``m``/``f`` or ``None`` (``person_titles.txt``)."""
    out: dict[str, str | None] = {}
    for row in _read_list("person_titles.txt"):
        word, _, gender = row.partition("\t")
        out[word.strip().lower()] = gender.strip() if gender.strip() in ("m", "f") else None
    return out


@lru_cache(maxsize=None)
def work_title_nouns() -> frozenset[str]:
    """Words that introduce the title of a book, film, song... (``work_title_nouns.txt``)."""
    return frozenset(w.lower() for w in _read_list("work_title_nouns.txt"))


@lru_cache(maxsize=None)
def first_name_genders() -> dict[str, str]:
    """Given name (lower case) -> ``m``/``f`` (``first_names.tsv``): a tie-breaker for he/she."""
    out = {}
    for row in _read_list("first_names.tsv")[1:]:
        name, _, gender = row.partition("\t")
        out[name.strip().lower()] = gender.strip()
    return out


#: Slavic surname endings that mark gender (Russian, Ukrainian, Belarusian, Bulgarian): "Zakharova",
#: "Veselnitskaya" are women, "Lavrov", "Peskov", "Medvedev", "Zelensky" men.
_SLAVIC_SURNAME_GENDER: tuple[tuple[str, str], ...] = (
    ("ova", "f"), ("eva", "f"), ("yeva", "f"), ("skaya", "f"), ("tskaya", "f"),
    ("ov", "m"), ("ev", "m"), ("yev", "m"), ("sky", "m"), ("skiy", "m"), ("skyi", "m"), ("ovich", "m"),
)


def _name_gender(words: Sequence[str], given_names: dict[str, str]) -> str | None:
    """Gender a person's name signals, or None: a listed given name ("Maria Lopez"), a Jr./Sr. suffix, or
    a Slavic surname ending ("Maria Zakharova", "Peskov"); a lone surname only by its ending."""
    if len(words) >= 2 and words[0].lower() in given_names:
        return given_names[words[0].lower()]
    if words[-1].rstrip(".").lower() in ("jr", "sr"):
        return "m"
    last = words[-1].lower()
    if len(last) > 4 and last.isalpha():
        for ending, gender in _SLAVIC_SURNAME_GENDER:
            if last.endswith(ending):
                return gender
    return None


#: Nouns that label what follows a colon rather than name a speaker ("Claim: …", "Fake ad: …").
_LABEL_NOUNS = frozenset({"claim", "fact", "verdict", "rating", "ad", "advertisement", "update", "correction",
                          "note", "headline", "caption", "photo", "video", "watch", "read", "background",
                          "context", "translation", "summary", "takeaway"})
#: Names the small English model often tags PERSON that are platforms, not people ("Twitter said ...").
_NOT_PEOPLE = frozenset({"twitter", "facebook", "instagram", "youtube", "tiktok", "reddit", "google", "telegram",
                         "whatsapp", "wikileaks", "snapchat", "linkedin", "vkontakte", "amazon", "netflix"})
#: Forms of address that are no role ("Mr. Trump" has no role "Mr.").
_COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam", "messrs"})


def _title_key(word: str) -> str:
    return word.lower().rstrip(".")


# ------------------------------------------------------------------------------------ quotation marks
def _straight_role(text: str, i: int, lo: int, hi: int, is_open: bool, width: int = 1) -> str:
    prev = text[i - 1] if i > lo else None
    nxt = text[i + width] if i + width < hi else None
    opens = prev is None or prev.isspace() or prev in "([{—–-/"
    closes = nxt is None or nxt.isspace() or nxt in ".,;:!?)]}—–-/'’"
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "close" if is_open else "open"


def find_quote_spans(text: str, article: str = "") -> list[QuoteSpan]:
    """Pair the quotation marks of ``text`` paragraph by paragraph.

    Curly marks pair by direction (a mark of the wrong direction is read from its context), straight
    marks by the characters around them. A quote open at the end of a paragraph runs to the paragraph end;
    when the next paragraph opens with a quotation mark that is the newspaper convention for a quote
    continued (``continues``), otherwise it is logged as unbalanced. A closing mark with no opening one is
    logged and ignored. Single curly marks (‘…’) count only outside double-quoted text.

    Args:
        text: the article text.
        article: an article id or label, prefixed to the warnings.

    Returns:
        The quote spans in text order (content offsets exclude the marks and surrounding blanks).
    """
    where = f"article {article}: " if article else ""
    problems: list[str] = []
    spans: list[QuoteSpan] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for p_index, (lo, hi) in enumerate(paragraphs):
        open_at: int | None = None
        open_len = 1
        i = lo - 1
        while i + 1 < hi:
            i += 1
            ch, width = text[i], 1
            if ch == "'" and text[i + 1:i + 2] == "'" and text[i + 2:i + 3] != "'":
                ch, width = _STRAIGHT, 2  # two apostrophes as a double quotation mark (some wire copy)
            elif ch not in _DOUBLE:
                continue
            if ch == _STRAIGHT:
                role = _straight_role(text, i, lo, hi, open_at is not None, width)
            elif ch in _OPEN_DOUBLE:
                nxt = text[i + 1] if i + 1 < hi else None
                role = "close" if open_at is not None and (nxt is None or nxt.isspace() or nxt in ".,;:!?") else "open"
            else:
                prev = text[i - 1] if i > lo else None
                role = "open" if open_at is None and (prev is None or prev.isspace()) else "close"
            if role == "open":
                if open_at is not None:
                    problems.append(f"quotation mark at {i} opens a quote while the one at {open_at} is still "
                                    "open; the earlier mark is ignored")
                open_at, open_len = i, width
            elif open_at is None:
                problems.append(f"closing quotation mark at {i} has no opening mark; ignored")
            else:
                span = _make_span(text, open_at, i, i, open_len=open_len, close_len=width)
                if span:
                    spans.append(span)
                open_at = None
            i += width - 1
        if open_at is not None:
            nxt_para = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
            head = text[nxt_para[0]:nxt_para[1]].lstrip() if nxt_para else ""
            continues = bool(head) and (head[:1] in (_OPEN_DOUBLE + _STRAIGHT) or head[:2] == "''")
            if not continues:
                problems.append(f"quotation mark at {open_at} is never closed; the quote is taken to run to "
                                f"the end of its paragraph at {hi}")
            span = _make_span(text, open_at, None, hi, continues=continues, open_len=open_len)
            if span:
                spans.append(span)
    if problems:  # one line per article; every mark at debug level
        log.warning("%s%d unbalanced quotation mark%s: %s%s", where, len(problems), "s" * (len(problems) > 1),
                    problems[0], f" (+{len(problems) - 1} more)" if len(problems) > 1 else "")
        for problem in problems[1:]:
            log.debug("%s%s", where, problem)
    covered = sorted((s.open_at, s.stop) for s in spans)
    covered_starts = [a for a, _ in covered]
    for m in _SINGLE.finditer(text):
        k = bisect_right(covered_starts, m.start()) - 1
        if k >= 0 and covered[k][0] <= m.start() <= covered[k][1]:
            continue
        span = _make_span(text, m.start(), m.end() - 1, m.end() - 1, single=True)
        if span:
            spans.append(span)
    return sorted(spans, key=lambda s: s.open_at)


def _make_span(text: str, open_at: int, close_at: int | None, stop: int, continues: bool = False,
               single: bool = False, open_len: int = 1, close_len: int = 1) -> QuoteSpan | None:
    start, end = open_at + open_len, stop
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if end <= start or not _WORD.search(text[start:end]):
        return None
    return QuoteSpan(open_at, close_at, start, end, continues, single, close_len)


# ------------------------------------------------------------------------------------------ the parse
class _Context:
    """Per-document state: quote masks, the people registry, and speaker resolution."""

    def __init__(self, doc: Doc, spans: Sequence[QuoteSpan]):
        self.doc = doc
        self.text = doc.text
        self.spans = spans
        self.inside = [False] * len(doc)  # token lies between quotation marks (marks included)
        for span in spans:
            for tok in self._tokens(span.open_at, span.stop):
                self.inside[tok.i] = True
        self.sent_starts = [sent.start for sent in self.doc.sents] if self.doc.has_annotation("SENT_START") else [0]
        self._build_people()
        self.mentions.sort()
        self.mention_index = [i for i, _ in self.mentions]

    def _tokens(self, start: int, end: int) -> Span | list:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span if span is not None else []

    # ---- people
    def _build_people(self) -> None:
        titles = person_titles()
        names = first_name_genders()
        self.full_by_last: dict[str, str] = {}
        self.people: dict[str, _Person] = {}
        self.mentions: list[tuple[int, str]] = []  # (token index, canonical name), outside quotes
        self.token_person: dict[int, str] = {}
        self.ents = list(self.doc.ents)
        self.ent_starts = [e.start for e in self.ents]
        persons = []  # (entity, leading titles, name tokens)
        for ent in self.ents:
            if ent.label_ != "PERSON" or ent.root.tag_ == "NNPS":
                continue
            toks = [t for t in ent if not (t.tag_ == "POS" or t.text in ("'s", "’s"))]
            lead_titles = []
            while toks and _title_key(toks[0].text) in titles:
                lead_titles.append(toks.pop(0))
            toks = [t for t in toks if re.search(r"\w", t.text)]
            if toks and not (len(toks) == 1 and toks[0].lower_ in _NOT_PEOPLE):
                persons.append((ent, lead_titles, toks))
        # full names first, so that a surname used before the full name ("Trump ... Donald Trump") and
        # one used after it resolve alike; the article's first full name with that surname wins
        for _, _, toks in persons:
            if len(toks) >= 2:
                self.full_by_last.setdefault(toks[-1].text, " ".join(t.text for t in toks))
        for ent, lead_titles, toks in persons:
            name = " ".join(t.text for t in toks)
            last = toks[-1].text
            canonical = self.full_by_last.get(last, name) if len(toks) == 1 else name
            known = self.people.get(canonical)
            if known is None or known.role is None or known.gender is None:
                # what this mention tells of the person fills what earlier mentions left open
                premods = self._premodifiers(ent)
                premods += [t for t in lead_titles if t not in premods]
                gender = next(filter(None, (titles.get(_title_key(t.text)) for t in premods)), None)
                gender = gender or _name_gender([t.text for t in toks], names)
                role, org = (known.role, known.organisation) if known and known.role else self._role(ent, premods)
                self.people[canonical] = _Person(canonical, (known.gender if known else None) or gender, role, org)
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

    def _premodifiers(self, ent: Span) -> list[Token]:
        titles = person_titles()
        out: list[Token] = []
        i = ent.start - 1
        while i >= ent.sent.start:
            tok = self.doc[i]
            if tok.text in ("-", "–") and not tok.whitespace_ and i - 1 >= ent.sent.start \
                    and not self.doc[i - 1].whitespace_ and out:
                out[:0] = [self.doc[i - 1], tok]  # "President-elect": the hyphenated title whole
                i -= 2
                continue
            # "Director of National Intelligence", "Secretary of State": a title, "of", capitalised words
            k = i
            while k > ent.sent.start and k > i - 3 and self.doc[k].text[:1].isupper():
                k -= 1
            if k < i and k - 1 >= ent.sent.start and self.doc[k].lower_ == "of" \
                    and _title_key(self.doc[k - 1].text) in titles:
                out[:0] = list(self.doc[k - 1:i + 1])
                i = k - 2
                continue
            if tok.pos_ in ("DET", "PRON", "PUNCT", "ADP", "VERB", "AUX") and tok.text not in ("-",):
                break
            attached = ent.start <= tok.head.i < ent.end or tok.head in out
            if not (attached and tok.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss")) \
                    and _title_key(tok.text) not in titles:
                break
            if tok.dep_ == "poss" or tok.tag_ == "POS":
                break
            out.insert(0, tok)
            i -= 1
        return out

    def _role(self, ent: Span, premods: list[Token]) -> tuple[str | None, str | None]:
        parts: list[str] = []
        org_spans: list[Span] = []
        while premods and _title_key(premods[0].text) in _COURTESY_TITLES:
            premods = premods[1:]  # "Mr.", "Ms.", "Dr." say how a person is addressed, not what they do
        if premods:
            parts.append(self.text[premods[0].idx: premods[-1].idx + len(premods[-1])])
        appos = [c for c in ent.root.children if c.dep_ == "appos" and c.i >= ent.end and not c.like_num]
        if appos:
            a = appos[0]
            start = a.left_edge.i
            end = start
            sent_end = ent.sent.end
            while end < sent_end:
                tok = self.doc[end]
                if tok.text in (",", ";", "(", ")", "—", "–") or tok.is_space or \
                        (tok.tag_ in ("WP", "WDT") and end > start) or self.inside[tok.i]:
                    break
                end += 1
            while end > start and self.doc[end - 1].is_punct:
                end -= 1
            if end > start:
                span = self.doc[start:end]
                parts.append(span.text)
                org_spans.append(span)
        elif premods:
            org_spans.append(self.doc[premods[0].i: premods[-1].i + 1])
        orgs = [e.text for s in org_spans for e in self.ents_in(s.start, s.end) if e.label_ in ("ORG", "PRODUCT")]
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

    def _token_range(self, start_char: int, end_char: int) -> tuple[int, int]:
        span = self._tokens(start_char, end_char)
        return (span.start, span.end) if len(span) else (0, 0)

    # ---- speakers
    def person_at(self, tok: Token) -> str | None:
        """The canonical person name of a token (entity member or a known surname)."""
        if tok.i in self.token_person:
            return self.token_person[tok.i]
        if tok.pos_ == "PROPN" and tok.text in self.full_by_last:
            return self.full_by_last[tok.text]
        return None

    def resolve_pronoun(self, tok: Token) -> str | None:
        """The person a he/she pronoun refers to, among the named people before it (outside quotes).

        A salience ranking in the spirit of Lappin & Leass (1994), over the pronoun's sentence and the
        :data:`PRONOUN_WINDOW_SENTENCES` before it: a mention that is the subject of its sentence's main
        clause (or in apposition to it) scores 2, the subject of another clause 1; a person whose known
        gender agrees 0.5 more (unknown gender 0; a disagreeing one is out); each sentence of distance costs
        0.5; ties go to the most recent. With no candidate in the window, the most recent compatible person
        anywhere before."""
        gender = _PERSONAL_PRONOUNS.get(tok.lower_)
        if gender is None:
            return None
        sent_k = bisect_right(self.sent_starts, tok.i) - 1
        window_start = self.sent_starts[max(0, sent_k - PRONOUN_WINDOW_SENTENCES)]
        best: tuple[float, str] | None = None
        for k in range(bisect_left(self.mention_index, tok.i) - 1, -1, -1):
            i, name = self.mentions[k]
            person_gender = self.people[name].gender if name in self.people else None
            if person_gender not in (None, gender):
                continue
            if i < window_start:
                return best[1] if best else name
            mention = self.doc[i]
            while mention.dep_ in ("appos", "compound") and mention.head is not mention:
                mention = mention.head
            distance = sent_k - (bisect_right(self.sent_starts, i) - 1)
            subject = 0.0
            if mention.dep_ in ("nsubj", "nsubjpass"):
                subject = 2.0 if mention.head.dep_ == "ROOT" else 1.0
            score = (0.5 if person_gender == gender else 0.0) + subject - 0.5 * distance
            if best is None or score > best[0]:
                best = (score, name)
        return best[1] if best else None

    def resolve(self, tok: Token) -> tuple[str | None, int, int]:
        """Speaker of a subject token: (resolved name or noun phrase, mention start, mention end)."""
        if tok.lower_ in _RELATIVE and tok.tag_ in ("WP", "WDT"):
            head = tok.head.head if tok.head.dep_ == "relcl" else tok.head
            name = self._climb_to_person(head)
            return name or self.resolve(head)[0], tok.idx, tok.idx + len(tok)
        if tok.pos_ == "PRON":
            return self.resolve_pronoun(tok), tok.idx, tok.idx + len(tok)
        first, last = self.mention_bounds(tok)
        span = self.doc[first:last + 1]
        # the phrase's head names the speaker: "Putin spokesman Dmitry Peskov" is Peskov, and "Trump's
        # lawyers", "a spokesman for Mueller" are not Trump or Mueller; a proper-noun head may still be a
        # name the entity recogniser cut short, so then a person anywhere in the phrase counts
        name = self.person_at(tok)
        if name is None and tok.pos_ == "PROPN":
            name = next(filter(None, (self.person_at(t) for t in span)), None)
        if name is None:  # "Cohen's lawyer, Lanny Davis, said": the appositive names the speaker
            name = next(filter(None, (self.person_at(c) for c in tok.children if c.dep_ == "appos")), None)
        if name is None and len(span) == 2 and span[0].lower_ == "the":
            name = self.title_holder(tok.lower_)
        if name:
            return name, span.start_char, span.end_char
        text = re.sub(r"(’s|'s)$", "", span.text).strip()
        return text or None, span.start_char, span.end_char

    def title_holder(self, title: str) -> str | None:
        """The one person of the article whose role ends in ``title`` ("the president" → the person
        introduced as "President Donald Trump"); when several do, the one whose role is the bare title;
        else None."""
        if title not in person_titles():
            return None
        holders = [p for p in self.people.values() if p.role and _title_key(p.role.split()[-1]) == title]
        bare = [p for p in holders if _title_key(p.role) == title]
        chosen = bare if len(bare) == 1 else holders
        return chosen[0].name if len(chosen) == 1 else None

    def _climb_to_person(self, tok: Token) -> str | None:
        for _ in range(5):
            name = self.person_at(tok)
            if name:
                return name
            if tok.dep_ in ("appos", "pobj", "prep", "conj", "compound") and tok.head is not tok:
                tok = tok.head
            else:
                return None
        return None

    def mention_bounds(self, tok: Token) -> tuple[int, int]:
        """Token range of the noun phrase headed by ``tok``, without appositives and relative clauses."""
        drop: set[int] = set()
        for child in tok.children:
            if child.dep_ in _MENTION_CUT_DEPS or (child.dep_ == "prep" and child.i > tok.i and
                                                   self.doc[child.i - 1].text == ","):
                drop.update(t.i for t in child.subtree)
        keep = {t.i for t in tok.subtree} - drop
        first = last = tok.i
        while first - 1 in keep:
            first -= 1
        while last + 1 in keep:
            last += 1
        while first < last and self.doc[first].is_punct:
            first += 1
        while last > first and self.doc[last].is_punct:
            last -= 1
        return first, last

    def is_anonymous(self, tok: Token | None, speaker: str | None) -> bool:
        if tok is None or speaker is None:
            return False
        if tok.pos_ == "PRON" or self.person_at(tok):
            return False
        # an unnamed source: the head is a word like "official" or "source"; an organisation, place or
        # nationality before it is the source's affiliation ("U.S. officials", "a White House official"),
        # not a name
        return tok.pos_ != "PROPN" and tok.lemma_.lower() in anonymous_nouns()

    def speaker_quote(self, q: Quote, subj: Token | None) -> Quote:
        if subj is None:
            return q
        name, s, e = self.resolve(subj)
        q.speaker, q.speaker_start, q.speaker_end = name, s, e
        q.mention = self.text[s:e]
        person = self.people.get(name) if name else None
        if person:
            q.role, q.organisation = person.role, person.organisation
        elif name and any(ent.label_ == "ORG" for ent in self.ents_in(*self._token_range(s, e))):
            q.organisation = name
        q.anonymous = self.is_anonymous(subj, name)
        return q


def _subject_of(verb: Token, inside: Sequence[bool] | None = None) -> Token | None:
    """The subject of a cue verb, climbing through participles, infinitives and conjuncts.

    Subjects inside quotation marks (``inside[i]`` true) are skipped: they belong to the quoted words.
    """
    v = verb
    for _ in range(4):
        for child in v.children:
            if child.dep_ in _SUBJECT_DEPS and not (inside is not None and inside[child.i] and not inside[verb.i]):
                return child
        if v.dep_ in _CLIMB_DEPS and v.head is not v and v.head.pos_ in ("VERB", "AUX"):
            v = v.head
            continue
        if v.dep_ == "pcomp" and v.head.pos_ == "ADP" and v.head.head.pos_ in ("VERB", "AUX") \
                and v.head.dep_ == "prep":
            # "... by telling them that ...", "... after saying that ...": the subject of the governing verb
            v = v.head.head
            continue
        break
    return None


def _according_pobj(tok: Token) -> Token | None:
    if tok.lower_ != "according":
        return None
    for child in tok.children:
        if child.lower_ == "to":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for grand in nxt.children:
            if grand.dep_ == "pobj":
                return grand
    return None


def _is_cue(tok: Token, stance: bool = False) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB":
        return False
    return lemma in reporting_verbs() or (stance and lemma in stance_verbs())


def _governs(root: Token, cue: Token, max_hops: int = 3, through_verbs: bool = False) -> bool:
    """Whether ``cue`` dominates ``root`` within ``max_hops`` arcs (with no other verb in between
    unless ``through_verbs``)."""
    tok = root
    for _ in range(max_hops):
        if tok.head is tok:
            return False
        tok = tok.head
        if tok == cue:
            return True
        if tok.pos_ in ("VERB", "AUX") and not through_verbs:
            return False
    return False


def _n_words(text: str) -> int:
    return len(_WORD.findall(text))


def _looks_like_title(content: str) -> bool:
    words = _WORD.findall(content)
    if not words or content.rstrip()[-1:] in ".!?,":
        return False
    return all(w[0].isupper() or w[0].isdigit() for w in words if len(w) > 3) and words[0][0].isupper()


def _trim(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    while first <= last and (doc[first].is_punct or doc[first].is_space or doc[first].lower_ == "that"
                             and doc[first].dep_ == "mark"):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return (first, last) if first <= last else None


# ----------------------------------------------------------------------------------------- extraction
def _quotes_whole_complement(root: Token, cue: Token, span: QuoteSpan) -> bool:
    """True when the quoted tokens are the whole clause the speech verb ``cue`` reports: the quote's root
    is the verb's clausal complement and every word of that clause lies inside the marks (a "that" before
    the opening mark aside: 'warned that "firing him is a red line"')."""
    if cue.pos_ not in ("VERB", "AUX") or root.head.i != cue.i or root.dep_ not in ("ccomp", "parataxis"):
        return False
    if root.pos_ not in ("VERB", "AUX"):
        return False
    return all(span.start <= t.idx < span.end for t in root.subtree
               if not (t.is_punct or t.is_space or (t.dep_ == "mark" and t.idx < span.start)))


def _marked_quote(ctx: _Context, span: QuoteSpan) -> tuple[Quote | None, Token | None]:
    """Classify one quotation-marked span and find its cue and speaker."""
    doc, text = ctx.doc, ctx.text
    content_toks = ctx._tokens(span.start, span.end)
    if not len(content_toks):
        return None, None
    content = text[span.start:span.end]
    words = _n_words(content)
    speaker_line = _TRANSCRIPT.match(content)
    if speaker_line and _n_words(content[speaker_line.end():]) >= 1:
        # a transcript inside quotation marks: "WALLACE: Let's start with ..."
        name = ctx._tokens(span.start + speaker_line.start(1), span.start + speaker_line.end(1))
        start = span.start + speaker_line.end()
        if len(name):
            q = Quote(text[start:span.end], start, span.end, "direct", cue=":",
                      cue_start=span.start + speaker_line.end(1), cue_end=span.start + speaker_line.end(1) + 1)
            return ctx.speaker_quote(q, name[-1]), name[-1]
    # the sentences the quote runs over, and the tokens outside any quote in them
    first_sent, last_sent = content_toks[0].sent, content_toks[-1].sent
    frame = range(first_sent.start, last_sent.end)
    outside = [doc[i] for i in frame if not ctx.inside[i] and not doc[i].is_space]
    # where the marks sit in the sentence
    before = text[:span.open_at].rstrip(" \t")
    prev_char = before[-1:] if before and before[-1:] != "\n" else ""
    stop = span.stop
    after = text[stop:].lstrip(" \t")
    next_char = after[:1] if after[:1] != "\n" else ""
    raw_end = text[span.start:span.close_at if span.close_at is not None else span.end].rstrip()[-1:]
    embedded = (prev_char not in ("",) and prev_char not in _BEFORE_DIRECT) or \
        (next_char not in ("",) and next_char not in _AFTER_DIRECT and raw_end not in (".", "!", "?", ",", "—"))
    # a title of a work: Title Case right after a work noun ("the film “Gone With the Wind”")
    prev_words = [t.lower_ for t in doc[max(0, content_toks[0].i - 4):content_toks[0].i] if not t.is_punct]
    if _looks_like_title(content) and (any(w in work_title_nouns() for w in prev_words[-3:])):
        log.debug("quoted title at %d is not a quote: %r", span.start, content)
        return None, None
    # the cue: a speech verb outside the quote, preferably the one governing the quote
    root = content_toks.root if hasattr(content_toks, "root") else content_toks[0]
    cues = [t for t in outside if _is_cue(t) or _according_pobj(t) is not None]
    if not cues and span.close_at is not None and last_sent.end < len(doc):
        # '“…?” Graham asked.' parsed as two sentences: look in the next sentence when it follows the mark
        nxt = doc[last_sent.end].sent
        if not text[span.stop:nxt.start_char].strip() and "\n" not in text[span.close_at:nxt.start_char] \
                and "\n" not in nxt.text.strip():  # the cue sentence may end its paragraph
            cues = [t for t in nxt if not ctx.inside[t.i] and _is_cue(t)
                    and not any(c.dep_ == "ccomp" for c in t.children)][:1]
    governing = [c for c in cues if _governs(root, c, 3, through_verbs=embedded)]
    cue: Token | None = None
    if governing:
        cue = governing[0]
    elif cues and not (embedded and words <= SCARE_MAX_WORDS):
        cue = min(cues, key=lambda c: min(abs(c.i - content_toks[0].i), abs(c.i - content_toks[-1].i)))
    subj: Token | None = None
    cue_span: tuple[int, int] | None = None
    if cue is not None:
        pobj = _according_pobj(cue)
        if pobj is not None:
            subj = pobj
            cue_span = (cue.idx, cue.nbor(1).idx + len(cue.nbor(1)))
        else:
            subj = _subject_of(cue, ctx.inside)
            cue_span = (cue.idx, cue.idx + len(cue))
    elif not embedded:
        # "NAME: “…”" with a colon as the cue, or "He said:" ending the previous paragraph
        k = content_toks[0].i - 1
        while k >= 0 and (ctx.inside[k] or doc[k].is_space):
            k -= 1
        dash = _DASH_AFTER.match(text, stop) if span.close_at is not None else None
        if k >= 1 and doc[k].text == ":" and doc[k - 1].pos_ in ("PROPN", "NOUN", "PRON") \
                and doc[k - 1].lemma_.lower() not in _LABEL_NOUNS and doc[k - 1].ent_type_ not in ("DATE", "TIME"):
            # "Peskov: “…”", "Reporter: “…”"; not a label ("Claim:", "Fake ad:") or a date ("Sunday:")
            subj = doc[k - 1]
            cue_span = (doc[k].idx, doc[k].idx + 1)
        elif k >= 1 and doc[k].text == ":" and _is_cue(doc[k - 1]):
            subj = _subject_of(doc[k - 1], ctx.inside)
            cue_span = (doc[k - 1].idx, doc[k - 1].idx + len(doc[k - 1])) if subj is not None else None
        elif dash:
            # '“…” ― Sonya Herridge': a dash and a name after the closing mark
            name = ctx._tokens(dash.start(2), dash.end(2))
            if len(name) and all(t.pos_ == "PROPN" for t in name):
                subj = name[-1]
                cue_span = (dash.start(1), dash.end(1))
    if embedded:
        kind = "partial" if (cue is not None or words > SCARE_MAX_WORDS) else "scare"
        if kind == "partial" and cue is None and span.single:
            kind = "scare"
        elif kind == "partial" and cue is not None and _quotes_whole_complement(root, cue, span):
            # 'Putin said "we will respond".': the marks hold the verb's whole reported clause, so this is
            # direct speech written without a comma, not a fragment inside a paraphrase
            kind = "direct"
    else:
        # a quote standing as its own sentence ("“We go home.”") is speech, however short
        sentence_like = content.rstrip()[-1:] in (".", "?", "!")
        kind = "direct" if (cue_span is not None or words > SCARE_MAX_WORDS or sentence_like) else "scare"
    if kind == "scare":
        return Quote(content, span.start, span.end, "scare"), None
    q = Quote(content, span.start, span.end, kind)
    if cue_span is not None:
        q.cue, q.cue_start, q.cue_end = text[cue_span[0]:cue_span[1]], cue_span[0], cue_span[1]
    ctx.speaker_quote(q, subj)
    return q, subj


def _indirect_quotes(ctx: _Context, taken: list[tuple[int, int]]) -> list[Quote]:
    """Reported speech and beliefs outside quotation marks, from the dependency parse.

    Content is: the clausal complement (``ccomp``) of a speech or stance verb; the ``to``-infinitive of
    intention verbs ("wants to …"); a gerund complement ("suggested looking …"); the object of
    ``call for``/``about``; the object and predicate of verbs like "called X a hoax", "cited …"; the sentence
    around a parenthetical cue ("The plan, he said, would fail"); the paragraph after "X added:"; the clause
    governed by ``according to``; the that-clause of a reporting noun ("his claim that …"). Spans more than
    half covered by a direct quote are left to it; the speaker is the cue's subject (it must exist). Each
    content span is recorded once.
    """
    doc, text = ctx.doc, ctx.text
    out: list[Quote] = []

    taken = sorted(taken)
    starts = [s for s, _ in taken]

    def covered(a: int, b: int) -> bool:
        inside = 0
        for k in range(bisect_left(starts, b) - 1, -1, -1):  # quote spans are disjoint and sorted
            s, e = taken[k]
            if e <= a:
                break
            inside += max(0, min(b, e) - max(a, s))
        return inside > 0.5 * (b - a)

    for tok in doc:
        if ctx.inside[tok.i]:
            continue
        pobj = _according_pobj(tok)
        if pobj is not None:
            head = tok.head
            if head is tok:
                continue
            skip = {t.i for t in tok.subtree}
            idx = [t.i for t in head.subtree if t.i not in skip]
            if not idx:
                continue
            bounds = _trim(doc, min(idx), max(idx))
            if bounds is None:
                continue
            a, b = doc[bounds[0]].idx, doc[bounds[1]].idx + len(doc[bounds[1]])
            if covered(a, b) or _n_words(text[a:b]) < 3:
                continue
            to = tok.nbor(1)
            q = Quote(text[a:b], a, b, "indirect", cue=text[tok.idx:to.idx + len(to)], cue_start=tok.idx,
                      cue_end=to.idx + len(to), root=head.i)
            out.append(ctx.speaker_quote(q, pobj))
            continue
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in nominal_cues():
            out.extend(_nominal_quote(ctx, tok, covered))
            continue
        if not _is_cue(tok, stance=True):
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        if not comps and tok.lemma_.lower() in infinitive_cues():
            comps = [c for c in tok.children if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to"
                                                                           for g in c.children)]
        lemma = tok.lemma_.lower()
        if not comps and lemma in reporting_verbs():
            # "suggested looking at ...", "denied having ...": a gerund complement
            comps = [c for c in tok.children if c.dep_ == "xcomp" and c.tag_ == "VBG"]
        if not comps and lemma in reporting_verbs():
            # parser slips: "told leaders that few people understood" read as a relative clause of the
            # object (a real relative clause has no "that" marker), "said after X he would ..." as advcl
            comps = [g for c in tok.children if c.dep_ in ("dobj", "dative") for g in c.children
                     if g.dep_ in ("relcl", "acl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children)]
            comps = comps or [c for c in tok.children if c.dep_ == "advcl" and c.i > tok.i
                              and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
                              and not any(g.dep_ == "mark" and g.lower_ != "that" for g in c.children)]
        spans_: list[tuple[int, int]] = []
        subject_inside_ok = False
        for comp in comps:
            spans_.append((comp.left_edge.i, comp.right_edge.i))
        if not comps and tok.dep_ == "parataxis" and lemma in reporting_verbs():
            # "The plan, he said, would fail.": the sentence around the parenthetical cue
            skip = {t.i for t in tok.subtree}
            idx = [t.i for t in tok.head.subtree if t.i not in skip]
            if idx:
                spans_.append((min(idx), max(idx)))
                subject_inside_ok = True
        if not comps and not spans_ and lemma in reporting_verbs():
            # "Limbaugh added:" closing a paragraph, the next paragraph (not in quotation marks) is the content
            k = tok.i + 1
            while k < len(doc) and doc[k].is_space is False and doc[k].dep_ in ("npadvmod", "advmod", "prep", "pobj"):
                k += 1
            if k + 1 < len(doc) and doc[k].text == ":" and "\n" in doc[k + 1].text:
                para = doc[k + 2].sent if k + 2 < len(doc) else None
                if para is not None and para.text.strip()[:1] not in _ALL_MARKS and not ctx.inside[para.start]:
                    line_end = text.find("\n", para.start_char)
                    line_end = len(text) if line_end < 0 else line_end
                    block = doc.char_span(para.start_char, line_end, alignment_mode="contract")
                    if block is not None and len(block):
                        spans_.append((block.start, block.end - 1))
                        subject_inside_ok = True
        if not comps and not spans_:
            # "complained about his mic", "bragged about his polling": the object of "about"
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "about" and prep.i > tok.i:
                    objs = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]
                    if objs:
                        spans_.append((objs[0].left_edge.i, objs[0].right_edge.i))
        if not comps and lemma in np_content_verbs():
            # "called climate change a hoax", "cited derogatory comments ...": the object (and its predicate)
            objs = [c for c in tok.children if c.dep_ == "dobj"]
            preds = [c for c in tok.children if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as")]
            if objs:
                right = max([objs[0].right_edge.i] + [c.right_edge.i for c in preds])
                spans_.append((objs[0].left_edge.i, right))
        if not comps and tok.lemma_.lower() in ("call", "ask", "push", "argue", "press", "plead"):
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "for":
                    objs = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]
                    if objs:
                        spans_.append((objs[0].left_edge.i, objs[0].right_edge.i))
        if not spans_:
            continue
        subj = _subject_of(tok, ctx.inside)
        if subj is None:
            continue
        for left, right in spans_:
            bounds = _trim(doc, left, right)
            if bounds is None:
                continue
            a, b = doc[bounds[0]].idx, doc[bounds[1]].idx + len(doc[bounds[1]])
            if covered(a, b) or _n_words(text[a:b]) < 2 or \
                    (subj.i in range(bounds[0], bounds[1] + 1) and not subject_inside_ok):
                continue
            q = Quote(text[a:b], a, b, "indirect", cue=tok.text, cue_start=tok.idx, cue_end=tok.idx + len(tok))
            heads = [t for t in doc[bounds[0]:bounds[1] + 1] if not (bounds[0] <= t.head.i <= bounds[1]) or t.head is t]
            q.root = heads[0].i if heads else None
            out.append(ctx.speaker_quote(q, subj))
    # one record per reported content: "highlighted his message that X" reaches X through the verb and
    # through the noun; keep the first cue, unless only a later one has a resolved speaker
    unique: dict[tuple[int, int], Quote] = {}
    for q in out:
        kept = unique.get((q.start, q.end))
        if kept is None or (kept.speaker is None and q.speaker is not None):
            unique[(q.start, q.end)] = q
    return list(unique.values())


def _nominal_quote(ctx: _Context, noun: Token, covered: Any) -> list[Quote]:
    """"Trump's claim that …": the that-clause of a reporting noun, its possessor as the source."""
    doc, text = ctx.doc, ctx.text
    owners = [c for c in noun.children if c.dep_ == "poss"]
    clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp")
               and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
    if not owners or not clauses:
        return []
    bounds = _trim(doc, clauses[0].left_edge.i, clauses[0].right_edge.i)
    if bounds is None:
        return []
    a, b = doc[bounds[0]].idx, doc[bounds[1]].idx + len(doc[bounds[1]])
    if covered(a, b) or _n_words(text[a:b]) < 2:
        return []
    q = Quote(text[a:b], a, b, "indirect", cue=noun.text, cue_start=noun.idx, cue_end=noun.idx + len(noun),
              root=clauses[0].i)
    return [ctx.speaker_quote(q, owners[0])]


def extract_quotes(doc: Doc) -> list[Quote]:
    """All quotes of a parsed article, sorted by start.

    Args:
        doc: the article parsed by :func:`helpers.nlp.parse` (tagger, parser and NER needed).

    Returns:
        Direct, partial, indirect and scare quotes as :class:`Quote` records (offsets into ``doc.text``).
        Book and film titles in quotation marks are left out. Unbalanced quotation marks are logged as
        warnings naming the article (``doc.user_data["id"]``, or the key :func:`helpers.nlp.load_docs`
        stores) and the character offset.
    """
    text = doc.text
    article = str(doc.user_data.get("id") or doc.user_data.get("framelab_key", "")).split(":")[0]
    spans = find_quote_spans(text, article)
    ctx = _Context(doc, spans)
    quotes: list[Quote] = []
    para_starts = [m.start() for m in re.finditer(r"[^\n]+", text)]
    previous: Quote | None = None
    previous_para = -2
    previous_continues = False
    for span in spans:
        q, _ = _marked_quote(ctx, span)
        if q is None:
            continue
        para = bisect_right(para_starts, span.open_at) - 1
        if q.kind == "direct" and q.cue is None and previous is not None:
            # the rest of a split quote, or a quote paragraph continuing the previous paragraph's speaker
            opens_paragraph = not text[para_starts[para]:span.open_at].strip()
            if para == previous_para or (para == previous_para + 1 and opens_paragraph
                                         and (INHERIT_NEXT_PARAGRAPH or previous_continues)):
                for key in ("speaker", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end", "role",
                            "organisation", "anonymous", "mention"):
                    setattr(q, key, getattr(previous, key))
        quotes.append(q)
        if q.kind in ("direct", "partial") and q.speaker_start is not None:
            previous, previous_para, previous_continues = q, para, span.continues
    taken = [(q.start, q.end) for q in quotes if q.kind == "direct"]
    indirect = _indirect_quotes(ctx, taken)
    indirect.sort(key=lambda q: (q.start, -q.end))
    # "She said she believes X": the inner report of the same speaker is part of the outer one
    indirect = [q for k, q in enumerate(indirect)
                if not (q.speaker and any(o.speaker == q.speaker and o.start <= q.start and q.end <= o.end
                                          for o in indirect[max(0, k - 8):k]))]
    indirect_starts = [q.start for q in indirect]
    for q in quotes:
        i = bisect_right(indirect_starts, q.start)
        _mixed_quote(ctx, q, indirect[max(0, i - 8):i])
        if q.kind in ("direct", "partial") and q.speaker_start is None:
            _nearest_person(ctx, q)
    quotes.extend(indirect)
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


_SPEAKER_FIELDS = ("speaker", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end", "role",
                   "organisation", "anonymous", "mention")


def _mixed_quote(ctx: _Context, q: Quote, indirect: list[Quote]) -> None:
    """A quoted fragment inside reported speech ("he said it was "a mistake" to ...") is a partial quote
    of that speaker, when it sits near the head of the reported clause (at most 3 arcs below it) or is
    long; a short term deep inside the clause stays a scare quote."""
    if q.kind not in ("scare", "partial") or q.cue is not None:
        return
    toks = ctx._tokens(q.start, q.end)
    if not len(toks):
        return
    root = toks.root if hasattr(toks, "root") else toks[0]
    for ind in indirect:
        if not (ind.start <= q.start and q.end <= ind.end) or ind.root is None:
            continue
        near, tok = False, root
        for _ in range(3):
            if tok.i == ind.root:
                near = True
                break
            if tok.head is tok:
                break
            tok = tok.head
        near = near or tok.i == ind.root
        if near or (q.kind == "partial" and _n_words(q.quote) > SCARE_MAX_WORDS):
            q.kind = "partial"
            for key in _SPEAKER_FIELDS:
                setattr(q, key, getattr(ind, key))
            return


def _nearest_person(ctx: _Context, q: Quote) -> None:
    """A quote with no cue: the nearest named person outside quotes in its sentences, else in the
    previous sentence of the same paragraph."""
    toks = ctx._tokens(q.start, q.end)
    if not len(toks):
        return
    doc = ctx.doc
    first, last = toks[0].sent, toks[-1].sent
    def mentions_between(a: int, b: int) -> list[int]:
        idx = ctx.mention_index
        return idx[bisect_left(idx, a):bisect_left(idx, b)]

    candidates = mentions_between(first.start, last.end)
    if not candidates and first.start > 0 and NEAREST_PERSON_PREVIOUS_SENTENCE:
        prev = doc[first.start - 1].sent
        candidates = [i for i in mentions_between(prev.start, prev.end) if "\n" not in doc[i:first.start].text]
    if not candidates:
        return
    best = min(candidates, key=lambda i: min(abs(i - toks[0].i), abs(i - toks[-1].i)))
    ctx.speaker_quote(q, doc[best])


# ---------------------------------------------------------------------------------------- tables/CLI
def stage_record(doc: Doc) -> dict[str, Any]:
    """The CLI's per-article output (``python -m helpers quotes``), without the ``id`` the CLI adds.

    Args:
        doc: the parsed article.

    Returns:
        ``{"quotes": [record, ...]}``, each record a dict with exactly :data:`RECORD_KEYS`, sorted by start.
    """
    return {"quotes": [q.record() for q in extract_quotes(doc)]}


def _as_dicts(quotes: Iterable[Quote | dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for q in quotes:
        row = asdict(q) if isinstance(q, Quote) else dict(q)
        row.setdefault("organisation", None)
        row.setdefault("anonymous", _looks_anonymous(row.get("speaker")))
        row.setdefault("mention", None)
        rows.append(row)
    return rows


def _looks_anonymous(speaker: str | None) -> bool:
    """For records without the ``anonymous`` field: a lower-case noun phrase headed by an anonymous noun."""
    if not speaker:
        return False
    words = speaker.split()
    if any(w[:1].isupper() for w in words[1:]):
        return False
    head = words[-1].lower()
    return head in anonymous_nouns() or re.sub(r"s$", "", head) in anonymous_nouns()


def quotes_table(quotes: Iterable[Quote | dict[str, Any]]) -> pd.DataFrame:
    """One row per quote: the record fields plus organisation, anonymous, mention and word count."""
    rows = _as_dicts(quotes)
    cols = list(RECORD_KEYS) + ["organisation", "anonymous", "mention"]
    df = pd.DataFrame(rows, columns=cols)
    df["words"] = df["quote"].map(lambda s: _n_words(s) if isinstance(s, str) else 0).astype(int)
    return df


def source_audit(quotes: Iterable[Quote | dict[str, Any]]) -> pd.DataFrame:
    """Who is given voice: one row per speaker (scare quotes and unresolved speakers left out).

    Returns:
        DataFrame with columns speaker, role, organisation, n_direct, n_partial, n_indirect,
        words_quoted (words inside direct and partial quotes), anonymous, paraphrased_only (only
        indirect speech, never quoted in their own words); sorted by words quoted, then quotes.
    """
    cols = ["speaker", "role", "organisation", "n_direct", "n_partial", "n_indirect", "words_quoted",
            "anonymous", "paraphrased_only"]
    rows: dict[str, dict[str, Any]] = {}
    for q in _as_dicts(quotes):
        if q.get("kind") == "scare" or not q.get("speaker"):
            continue
        row = rows.setdefault(q["speaker"], {"speaker": q["speaker"], "role": None, "organisation": None,
                                             "n_direct": 0, "n_partial": 0, "n_indirect": 0,
                                             "words_quoted": 0, "anonymous": False})
        row["role"] = row["role"] or q.get("role")
        row["organisation"] = row["organisation"] or q.get("organisation")
        row["anonymous"] = bool(row["anonymous"] or q.get("anonymous"))
        kind = q.get("kind")
        if kind in ("direct", "partial", "indirect"):
            row[f"n_{kind}"] += 1
        if kind in ("direct", "partial"):
            row["words_quoted"] += _n_words(q.get("quote") or "")
    df = pd.DataFrame(list(rows.values()), columns=cols[:-1])
    df["paraphrased_only"] = (df["n_indirect"] > 0) & (df["n_direct"] + df["n_partial"] == 0)
    for col in ("n_direct", "n_partial", "n_indirect", "words_quoted"):
        df[col] = df[col].astype(int)
    df["anonymous"] = df["anonymous"].astype(bool)
    df["paraphrased_only"] = df["paraphrased_only"].astype(bool)
    return df.sort_values(["words_quoted", "n_direct", "n_indirect"], ascending=False,
                          kind="stable").reset_index(drop=True)[cols]
