"""The word lists of quote attribution, read through :mod:`helpers.resources` (provenance in its README).

Each function returns one list in the shape the rules use (a set of lemmas, a word -> gender map, a
sorted table), read once per process.
"""
from __future__ import annotations

from functools import cache

from helpers import resources


@cache
def reporting_verbs() -> frozenset[str]:
    """Speech-verb lemmas (``reporting_verbs.txt``): cues for direct and indirect quotes."""
    return resources.word_set("reporting_verbs.txt")


@cache
def stance_verbs() -> frozenset[str]:
    """Belief, stance and evidence verb lemmas (``stance_verbs.txt``): cues for indirect quotes only."""
    return resources.word_set("stance_verbs.txt")


@cache
def np_content_verbs() -> frozenset[str]:
    """Cue lemmas whose direct object is the reported content ("cited the report", "called X a hoax")
    (``np_content_verbs.txt``)."""
    return resources.word_set("np_content_verbs.txt")


@cache
def nominal_cues() -> frozenset[str]:
    """Nouns that report speech or belief with a possessor and a that-clause (``nominal_cues.txt``)."""
    return resources.word_set("nominal_cues.txt")


@cache
def infinitive_cues() -> frozenset[str]:
    """Cue lemmas whose ``to``-infinitive is reported content ("wants to …") (``infinitive_cues.txt``)."""
    return resources.word_set("infinitive_cues.txt")


@cache
def light_verbs() -> frozenset[str]:
    """Verbs whose subject holds the reporting noun they take as object ("expressed concern about …",
    "made the case that …") (``speech_light_verbs.txt``)."""
    return resources.word_set("speech_light_verbs.txt")


@cache
def prepositional_cues() -> dict[str, frozenset[str]]:
    """Cue lemma -> prepositions whose object is the reported content ("called for …", "pointed to …")
    (``prepositional_cues.tsv``)."""
    out: dict[str, set[str]] = {}
    for row in resources.table("prepositional_cues.tsv"):
        out.setdefault(row["verb"].lower(), set()).add(row["preposition"].lower())
    return {verb: frozenset(preps) for verb, preps in out.items()}


@cache
def attitude_verb_classes() -> dict[str, frozenset[str]]:
    """Verb lemma -> its classes of attitude and presentation (``attitude_verb_classes.tsv``): features of
    the verb-cue classifier."""
    out: dict[str, set[str]] = {}
    for row in resources.table("attitude_verb_classes.tsv"):
        out.setdefault(row["lemma"].lower(), set()).add(row["class"])
    return {lemma: frozenset(classes) for lemma, classes in out.items()}


@cache
def anonymous_nouns() -> frozenset[str]:
    """Head-noun lemmas of unnamed sources (``anonymous_sources.txt``)."""
    return resources.word_set("anonymous_sources.txt")


@cache
def person_titles() -> dict[str, str | None]:
    """Title word (lower case, no dot) -> implied gender ``m``/``f`` or ``None`` (``person_titles.txt``)."""
    return {word: (gender if gender in ("m", "f") else None)
            for word, gender in resources.pairs("person_titles.txt").items()}


@cache
def courtesy_titles() -> frozenset[str]:
    """Forms of address that are no role ("Mr.", "Dr.") (``courtesy_titles.txt``)."""
    return resources.word_set("courtesy_titles.txt")


@cache
def work_title_nouns() -> frozenset[str]:
    """Words that introduce the title of a book, film, song … (``work_title_nouns.txt``)."""
    return resources.word_set("work_title_nouns.txt")


@cache
def transcript_labels() -> frozenset[str]:
    """Unnamed speaker labels of transcripts ("Question:", "Remark:") (``transcript_labels.txt``)."""
    return resources.word_set("transcript_labels.txt")


@cache
def colon_label_nouns() -> frozenset[str]:
    """Nouns that label what follows a colon rather than name a speaker (``colon_label_nouns.txt``)."""
    return resources.word_set("colon_label_nouns.txt")


@cache
def platform_names() -> frozenset[str]:
    """Platforms the entity recogniser tags PERSON that are no people (``platform_names.txt``)."""
    return resources.word_set("platform_names.txt")


@cache
def pronoun_genders() -> dict[str, str]:
    """He/she pronoun forms -> ``m``/``f`` (``personal_pronouns.tsv``)."""
    return {r["pronoun"]: r["gender"] for r in resources.table("personal_pronouns.tsv") if r["gender"] in ("m", "f")}


@cache
def pronoun_types() -> dict[str, str]:
    """Personal pronoun -> the speaker type of an unresolved one (``personal_pronouns.tsv``)."""
    return {r["pronoun"]: r["speaker_type"] for r in resources.table("personal_pronouns.tsv")}


@cache
def unspecified_sources() -> frozenset[str]:
    """Head lemmas of vague collective sources ("critics", "observers") (``unspecified_sources.txt``)."""
    return resources.word_set("unspecified_sources.txt")


@cache
def non_human_sources() -> frozenset[str]:
    """Head lemmas of sources that are things ("evidence", "a report") (``non_human_sources.txt``)."""
    return resources.word_set("non_human_sources.txt")


@cache
def organisation_nouns() -> frozenset[str]:
    """Head lemmas of organisations and institutions ("ministry", "campaign") (``organisation_nouns.txt``)."""
    return resources.word_set("organisation_nouns.txt")


@cache
def first_name_genders() -> dict[str, str]:
    """Given name (lower case) -> ``m``/``f`` (``first_names.tsv``): a tie-breaker for he/she."""
    return {row["name"].strip().lower(): row["gender"].strip() for row in resources.table("first_names.tsv")}


@cache
def surname_gender_endings() -> tuple[tuple[str, str], ...]:
    """(surname ending, gender) pairs of ``name_gender_cues.tsv``, longest ending first."""
    rows = [(r["form"].lower(), r["gender"]) for r in resources.table("name_gender_cues.tsv") if r["kind"] == "ending"]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def name_suffix_genders() -> dict[str, str]:
    """Name suffix ("jr", "sr") -> gender (``name_gender_cues.tsv``)."""
    return {r["form"].lower(): r["gender"] for r in resources.table("name_gender_cues.tsv") if r["kind"] == "suffix"}
