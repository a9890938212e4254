"""Transcript turns: "Vladimir Putin: Colleagues, friends, …" is the labelled speaker's direct speech.

Official transcripts (the Kremlin's, interviews, debates) label each turn with the speaker's name and a
colon, often run together in one paragraph: "… is that right? BTS-MOST Board Chairman Ruslan Baysarov:
Yes, together. Vladimir Putin: Border checkpoints …". A label is a person's name (a PERSON entity, or a
name in capitals such as "WALLACE") right before a colon and a capitalised word, with the title words
before the name ("President of Russia") belonging to it; it starts a paragraph, follows the end of a
sentence, or carries a title. Unnamed labels ("Question:", "Remark:", ``transcript_labels.txt``) end the
turn before them and start no turn of a named speaker. A turn runs to the next label or the end of its
paragraph; a turn that is one quotation-marked quote ("Peskov: “…”") is left to the quotation marks.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from helpers.text import QUOTE_MARKS, count_words

from .article import Article
from .lexicon import person_titles, transcript_labels
from .marks import paragraphs
from .people import title_key
from .records import Quote
from .speakers import attribute

#: Tokens walked back from a speaker's name over title words ("BTS-MOST Board Chairman", "President of the
#: Russian Federation"): the longest Kremlin titles have about eight words.
MAX_LABEL_TITLE_TOKENS: int = 8
#: Labels in capitals at paragraph starts that make an article a transcript ("WALLACE:", "TRUMP:").
MIN_CAPITALS_LABELS: int = 2
#: Characters that end what comes before a label: a sentence end, a closing mark or bracket, asterisks.
_BEFORE_LABEL = frozenset(".?!…*:;)]\"”»’'")
#: Small words that may join the title words of a label ("President of the Russian Federation").
_TITLE_JOINERS = frozenset({"of", "the", "and", "for", "-", "&"})


@dataclass(frozen=True)
class Label:
    """A speaker label: its character span (title words, name and colon), the name's first and last
    tokens (None for an unnamed label such as "Question:") and the character offset after the colon."""

    start: int
    end: int
    name: tuple[int, Token] | None
    after: int


def _name_before(art: Article, colon: Token) -> tuple[int, Token] | None:
    """(first token, last token) of the name right before a colon: a PERSON entity ending there, or up to
    three words in capitals ("WALLACE", "SEN. GRAHAM"; see :func:`find_labels` for where those count)."""
    doc = art.doc
    k = colon.i - 1
    if k < 0:
        return None
    ent = next((e for e in art.people.ents_in(max(0, k - 6), colon.i) if e.end == colon.i and e.label_ == "PERSON"),
               None)
    if ent is not None:
        return ent.start, doc[k]
    first = k
    while first >= 0 and k - first < 3 and doc[first].is_upper and sum(c.isalpha() for c in doc[first].text) >= 2:
        first -= 1
    if first < k:
        return first + 1, doc[k]
    # a name the entity recogniser missed ("Kassym-Jomart Tokayev"): two to four capitalised proper nouns
    # (hyphens inside); counted only in an article that is a transcript (see find_labels)
    first, words = k, 0
    while first >= 0 and words < 4 and (doc[first].pos_ == "PROPN" and doc[first].is_title
                                        or (doc[first].text == "-" and not doc[first].whitespace_)):
        words += doc[first].text != "-"
        first -= 1
    return (first + 1, doc[k]) if words >= 2 and doc[first + 1].text != "-" else None


def _label_start(art: Article, first: int) -> tuple[int, bool]:
    """(first token of the label, whether what precedes it ends a sentence or paragraph) for a name
    starting at token ``first``, taking the title words before it."""
    doc = art.doc
    start = first
    i = first - 1
    while i >= 0 and first - i <= MAX_LABEL_TITLE_TOKENS:
        tok = doc[i]
        if tok.is_space or tok.text[:1] in _BEFORE_LABEL or (tok.is_punct and tok.text not in _TITLE_JOINERS):
            break
        if not (tok.text[:1].isupper() or tok.lower_ in _TITLE_JOINERS):
            break
        i -= 1
        if tok.lower_ not in _TITLE_JOINERS:
            start = tok.i
    before = doc[start - 1] if start > 0 else None
    clean = before is None or "\n" in before.text or before.text[-1:] in _BEFORE_LABEL
    return start, clean


def find_labels(art: Article) -> list[Label]:
    """The speaker labels of an article, in text order (outside quotation marks).

    A name in capitals counts only at the start of a paragraph and only when at least
    :data:`MIN_CAPITALS_LABELS` such labels make the article a transcript ("FULL SPEECH:" above a video is
    a heading); capitalised proper nouns the entity recogniser did not tag PERSON count only in an article
    with a label of a PERSON entity."""
    doc, text = art.doc, art.text
    labels: list[Label] = []
    capitals: list[Label] = []
    unlabelled: list[Label] = []  # names that are no PERSON entity
    for colon in doc:
        if colon.text != ":" or art.inside[colon.i] or colon.i + 1 >= len(doc):
            continue
        after = colon.idx + 1
        rest = text[after:after + 40].lstrip(" \t\u00a0")
        if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in QUOTE_MARKS):
            continue
        prev = doc[colon.i - 1] if colon.i else None
        if prev is not None and prev.lower_ in transcript_labels():
            start, clean = _label_start(art, prev.i)
            if clean:
                labels.append(Label(doc[start].idx, after, None, after))
            continue
        named = _name_before(art, colon)
        if named is None:
            continue
        start, clean = _label_start(art, named[0])
        if all(t.is_upper for t in doc[named[0]:named[1].i + 1]):
            if start == 0 or "\n" in doc[start - 1].text:
                capitals.append(Label(doc[start].idx, after, named, after))
            continue
        titled = any(title_key(t.text) in person_titles() for t in doc[start:named[0]])
        if not (clean or titled):
            continue
        if named[1].ent_type_ == "PERSON":
            labels.append(Label(doc[start].idx, after, named, after))
        else:
            unlabelled.append(Label(doc[start].idx, after, named, after))
    if len(capitals) >= MIN_CAPITALS_LABELS:
        labels += capitals
    if labels and any(label.name for label in labels):
        labels += unlabelled
    return sorted(labels, key=lambda label: label.start)


def _one_marked_quote(art: Article, start: int, end: int) -> bool:
    """Whether characters ``[start, end)`` are one quotation-marked span (with at most punctuation after)."""
    for span in art.spans:
        if span.open_at == start:
            return not art.text[span.stop:end].strip(" .,;\u00a0")
    return False


def transcript_turns(art: Article) -> list[Quote]:
    """The turns of the named speakers of :func:`find_labels`: direct quotes, cue the label.

    Returns:
        One direct quote per turn with at least one word, in text order; the speaker is resolved like any
        mention (a surname to the article's full name, titles as the role).
    """
    labels = find_labels(art)
    if not labels:
        return []
    text = art.text
    ends = [p[1] for p in paragraphs(text)]
    out: list[Quote] = []
    for k, label in enumerate(labels):
        if label.name is None:
            continue
        para_end = next((e for e in ends if e >= label.after), len(text))
        stop = min(para_end, labels[k + 1].start) if k + 1 < len(labels) else para_end
        start = label.after
        while start < stop and text[start].isspace():
            start += 1
        end = stop
        while end > start and text[end - 1].isspace():
            end -= 1
        if count_words(text[start:end]) < 1 or _one_marked_quote(art, start, end):
            continue
        q = Quote(text[start:end], start, end, "direct", cue=text[label.start:label.end], cue_start=label.start,
                  cue_end=label.end)
        first, last = label.name
        attribute(art, q, last, (first, last.i))
        q.speaker_types = ("person",) * len(q.speakers)  # a transcript label names a person, in any case
        q.speaker_type, q.anonymous = "person", False
        out.append(q)
    return out
