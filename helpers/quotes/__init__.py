"""Quote attribution: who is given voice in an article, and how.

Finds direct quotes (straight and curly marks, split around a cue, running over several sentences or
paragraphs), partial quotes inside a sentence, indirect speech and reported beliefs from the dependency
parse, and scare quotes (a short quoted term with no speech cue). Each quote gets a cue (the speech verb,
``according to`` or a colon), a speaker mention (the token nearest the cue: a name, a noun phrase, the
pronoun itself) and a resolved speaker (full name through a surname map and pronoun resolution to the most
salient compatible person), with the speaker's role (title premodifier, appositive) and organisation.

Method: rule-based in the line of Pareti's attribution relations (source, cue, content; PARC/PolNeAR,
Newell et al. 2018), with textacy's ``direct_quotations`` cue-and-subject heuristics for direct quotes and
Krestel, Bergler & Witte (2008) "Minding the source" for indirect speech as the clausal complement
(``ccomp``) of a reporting verb; two learned steps, logistic regressions trained on the PolNeAR dev half,
choose the speaker of a quotation-marked quote among the mentions around it and add the reports of verbs
no word list names. Word lists and model files live in ``helpers/resources`` (see its ``README.md``).

Modules: :mod:`~helpers.quotes.marks` (quotation marks), :mod:`~helpers.quotes.people` (people, titles,
roles, gender), :mod:`~helpers.quotes.speakers` (mention → speaker, pronouns), :mod:`~helpers.quotes.direct`
(quotation-marked quotes), :mod:`~helpers.quotes.indirect` (reported speech), :mod:`~helpers.quotes.extract`
(one article), :mod:`~helpers.quotes.audit` (tables), :mod:`~helpers.quotes.lexicon` (word lists); the learned
steps: :mod:`~helpers.quotes.models` (linear models stored as JSON numbers), :mod:`~helpers.quotes.ranker`
(the speaker of a quotation-marked quote), :mod:`~helpers.quotes.verbcues` (which further verbs cue an
attribution), :mod:`~helpers.quotes.training` (their training data and fitting, for
``scripts/train_quote_models.py`` and the benchmark only).
"""
from __future__ import annotations

from .audit import (
           AUDIT_COLUMNS,
           LISTED_TYPES,
           TYPE_COLUMNS,
           audit_by_type,
           is_named_voice,
           quotes_table,
           source_audit,
)
from .extract import extract_quotes
from .lexicon import first_name_genders, reporting_verbs, stance_verbs
from .marks import find_quote_spans
from .records import (
           KINDS,
           RECORD_EXTRA_KEYS,
           RECORD_KEYS,
           SPEAKER_TYPES,
           Quote,
           QuoteSpan,
)

__all__ = ["AUDIT_COLUMNS", "KINDS", "LISTED_TYPES", "RECORD_EXTRA_KEYS", "RECORD_KEYS", "SPEAKER_TYPES",
           "is_named_voice",
           "TYPE_COLUMNS", "Quote", "QuoteSpan", "audit_by_type", "extract_quotes", "find_quote_spans",
           "first_name_genders", "quotes_table", "reporting_verbs", "source_audit",
           "stance_verbs"]
