"""One article → its rows in every table of the run folder: the one per-article analysis path.

Notebooks 02–04, the stage commands (``python -m helpers rhetoric|quotes|frames``), the corpus pipeline
and :func:`helpers.analyze` all call the functions here, on one spaCy parse per article, and get rows
with the columns of :mod:`helpers.schema`:

- :func:`quote_rows` → ``quotes``, ``speakers`` (:mod:`helpers.quotes`);
- :func:`rhetoric_rows` → ``sentences``, ``rhetoric_spans`` (:mod:`helpers.rhetoric`); a span inside
  words attributed to a speaker is in the ``quoted`` voice, every other span in the ``author``'s;
- :func:`framing_rows` → ``actors``, ``frames``, ``frame_evidence``, ``events``, ``claims``
  (:mod:`helpers.actors`, :mod:`helpers.frames`, :mod:`helpers.events`, :mod:`helpers.claims`);
- :func:`analyze_doc` runs all three; :func:`stage_json` turns a stage's rows into the stage command's
  JSON record.
"""
from __future__ import annotations

import json
import time
from typing import Any, Callable, Iterable, Mapping, Sequence

from spacy.tokens import Doc

from helpers import actors, claims, events, frames, quotes, rhetoric, schema
from helpers.text import count_words

Rows = dict[str, list[dict[str, Any]]]

#: Quote kinds that give words to a speaker (a scare quote is the author's own distancing).
ATTRIBUTED_KINDS: frozenset[str] = frozenset({"direct", "partial", "indirect"})

#: Stage name -> tables it writes (from :mod:`helpers.schema`).
STAGE_TABLES: dict[str, tuple[str, ...]] = schema.STAGE_TABLES
#: The analysis stages in the order :func:`analyze_doc` runs them (quotes first: rhetoric needs them).
ANALYSIS_STAGES: tuple[str, ...] = ("quotes", "rhetoric", "framing")
#: Stage command name -> stage (the ``frames`` command writes the framing stage).
COMMANDS: dict[str, str] = {"rhetoric": "rhetoric", "quotes": "quotes", "frames": "framing"}

_INGEST_FIELDS = frozenset(schema.TABLES["articles"].names)


# ------------------------------------------------------------------------------------------- articles
def article_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """An article record (ingestion output, a JSONL object or a DataFrame row) as an ``articles`` row.

    Known columns are kept; ``n_words`` is counted when missing (:func:`helpers.text.count_words`);
    any other field joins the ``extra`` JSON object (so a corpus's own columns, such as ``speaker_side``,
    stay available for grouping).

    Raises:
        ValueError: when the record has no id or no text.
    """
    row = {name: record.get(name) for name in _INGEST_FIELDS}
    if row["id"] is None or not isinstance(row["text"], str):
        raise ValueError("article has no id or no text")
    row["id"] = str(row["id"])
    if row.get("n_words") is None or _is_nan(row["n_words"]):
        row["n_words"] = count_words(row["text"])
    extra = dict(json.loads(row["extra"])) if isinstance(row.get("extra"), str) and row["extra"] else {}
    extra.update({k: v for k, v in record.items() if k not in _INGEST_FIELDS and not _is_nan(v)})
    row["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True, default=str) if extra else None
    return row


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and value != value


# --------------------------------------------------------------------------------------------- quotes
def quote_rows(article_id: str, doc: Doc) -> tuple[Rows, list[quotes.Quote]]:
    """The ``quotes`` and ``speakers`` rows of one parsed article, and the quotes themselves.

    Returns:
        ``({"quotes": [...], "speakers": [...]}, quotes)``; the quotes are reused by
        :func:`rhetoric_rows` to tell the author's voice from a speaker's.
    """
    found = quotes.extract_quotes(doc)
    names = schema.TABLES["quotes"].names
    quote_records = []
    for q in found:
        rec = {name: getattr(q, name, None) for name in names}
        rec.update(article_id=article_id, n_words=count_words(q.quote or ""))
        quote_records.append(rec)
    audit = quotes.source_audit(found)
    speaker_records = [{"article_id": article_id, **row} for row in audit.to_dict("records")]
    return {"quotes": quote_records, "speakers": speaker_records}, found


def _voice(spans: Sequence[rhetoric.RhetoricSpan], found: Sequence[Any]) -> list[tuple[str, str | None]]:
    """(voice, speaker) per span: ``quoted`` when the span lies inside attributed words."""
    attributed = sorted(((q.start, q.end, q.speaker) for q in found
                         if q.kind in ATTRIBUTED_KINDS and q.start is not None and q.end is not None),
                        key=lambda t: (t[0], t[1]))
    out = []
    for s in spans:
        holder = next((speaker for start, end, speaker in attributed if start <= s.start and s.end <= end), False)
        out.append(("quoted", holder) if holder is not False else ("author", None))
    return out


# ------------------------------------------------------------------------------------------- rhetoric
def rhetoric_rows(article_id: str, doc: Doc, found: Sequence[Any] | None = None) -> Rows:
    """The ``sentences`` and ``rhetoric_spans`` rows of one parsed article.

    Args:
        article_id: the article.
        doc: its parse.
        found: its quotes (:func:`quote_rows`); extracted here when not given.
    """
    result = rhetoric.analyze(doc)
    found = quotes.extract_quotes(doc) if found is None else found
    sentences = [{"article_id": article_id, "sent_index": s.index, "start": s.start, "end": s.end,
                  "polarity": s.polarity, "subjectivity": s.subjectivity,
                  "assessments": "; ".join(s.assessments) or None} for s in result.sentences]
    spans = [{"article_id": article_id, "start": s.start, "end": s.end, "category": s.category,
              "label": s.label, "text": s.text, "voice": voice, "speaker": speaker,
              "score": getattr(s, "score", None)}
             for s, (voice, speaker) in zip(result.spans, _voice(result.spans, found))]
    return {"sentences": sentences, "rhetoric_spans": spans}


# -------------------------------------------------------------------------------------------- framing
def framing_rows(article_id: str, doc: Doc) -> Rows:
    """The ``actors``, ``frames``, ``frame_evidence``, ``events`` and ``claims`` rows of one article."""
    mentions = actors.extract_actors(doc)
    found_events = events.extract_events(doc, actors=mentions)
    found_claims = claims.extract_claims(doc)
    result = frames.detect_frames(doc)

    actor_rows = [{"article_id": article_id, "text": m.text, "code": m.code, "country": m.country,
                   "role": m.role, "kind": m.kind, "sent_index": m.sentence, "start": m.start, "end": m.end}
                  for m in mentions]
    issue_present = set(result.issue_present)
    frame_rows = [{"article_id": article_id, "kind": "generic", "frame": name, "score": score,
                   "threshold": frames.THRESHOLDS[name], "present": name in result.present,
                   "items": ",".join(result.items.get(name, [])) or None}
                  for name, score in result.generic_scores.items()]
    frame_rows += [{"article_id": article_id, "kind": "issue", "frame": name, "score": score,
                    "threshold": frames.ISSUE_PRESENT, "present": name in issue_present, "items": None}
                   for name, score in result.issue_scores.items()]
    evidence_rows = []
    for ev in result.evidence:
        kind, name = ("issue", ev.frame[len("issue:"):]) if ev.frame.startswith("issue:") else ("generic", ev.frame)
        if name in (issue_present if kind == "issue" else result.present):
            evidence_rows.append({"article_id": article_id, "kind": kind, "frame": name,
                                  "sent_index": ev.sentence_index, "start": ev.start, "end": ev.end,
                                  "score": ev.score, "cues": "; ".join(ev.cues) or None})
    event_rows = [{"article_id": article_id, "actor": e.actor or None, "actor_code": e.actor_code,
                   "action": e.action, "cameo": e.cameo, "cameo_root": e.root or events.cameo_root(e.cameo),
                   "target": e.target or None, "target_code": e.target_code, "nominal": e.nominal,
                   "negated": e.negated, "sent_index": e.sentence, "start": e.start, "end": e.end}
                  for e in found_events]
    claim_rows = [{"article_id": article_id, "start": c.start, "end": c.end, "kind": c.kind, "value": c.value,
                   "unit": c.unit, "text": c.text} for c in found_claims]
    return {"actors": actor_rows, "frames": frame_rows, "frame_evidence": evidence_rows, "events": event_rows,
            "claims": claim_rows}


# ---------------------------------------------------------------------------------------- all stages
def analyze_doc(article: Mapping[str, Any], doc: Doc, stages: Iterable[str] = ANALYSIS_STAGES,
                timing: dict[str, float] | None = None,
                clock: Callable[[], float] = time.process_time) -> Rows:
    """Every row one article contributes to the run folder.

    Args:
        article: the article record (``id`` and ``text`` required); becomes its ``articles`` row.
        doc: the article's parse by :func:`helpers.nlp.load_nlp` (of ``clip_for_parse(text)``).
        stages: the analysis stages to run (default: all; ``articles`` is always included).
        timing: a dict to which the CPU seconds of each stage are added.
        clock: the timer (CPU time of this process by default).

    Returns:
        Table name -> rows, for the ``articles`` table and the tables of ``stages``.

    Raises:
        ValueError: an article without id or text; whatever a stage raises (the caller lists the
            article in ``rejected.csv`` and goes on).
    """
    timing = timing if timing is not None else {}
    row = article_row(article)
    aid = row["id"]
    doc.user_data["id"] = aid  # stage warnings name the article
    wanted = set(stages)
    out: Rows = {"articles": [row]}
    found: list[Any] | None = None
    for stage in ANALYSIS_STAGES:
        if stage not in wanted and not (stage == "quotes" and "rhetoric" in wanted):
            continue
        t0 = clock()
        if stage == "quotes":
            rows, found = quote_rows(aid, doc)
            if "quotes" not in wanted:
                rows = {}
        elif stage == "rhetoric":
            rows = rhetoric_rows(aid, doc, found)
        else:
            rows = framing_rows(aid, doc)
        out.update(rows)
        timing[stage] = timing.get(stage, 0.0) + clock() - t0
    return out


def stage_json(stage: str, rows: Rows) -> dict[str, Any]:
    """The JSON record a stage command writes for one article (without ``id``), built from its rows.

    The top-level keys are the stage's published output schema (``rhetoric``: sentences, spans;
    ``quotes``: quotes; ``frames``: frames, generic_frames, issue_frames, countries, actors, events,
    claims); each record holds its table's columns except ``article_id`` (the published keys with their
    meaning, plus the run folder's added columns). Events the text negates are left out here.
    """
    def strip(table: str) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k != "article_id"} for r in rows.get(table, [])]

    if stage == "rhetoric":
        return {"sentences": strip("sentences"), "spans": strip("rhetoric_spans")}
    if stage == "quotes":
        return {"quotes": strip("quotes")}
    if stage in ("frames", "framing"):
        generic = [r for r in rows.get("frames", []) if r["kind"] == "generic"]
        issue = [r for r in rows.get("frames", []) if r["kind"] == "issue"]
        return {
            "frames": [r["frame"] for r in generic if r["present"]],
            "generic_frames": {r["frame"]: r["score"] for r in generic},
            "issue_frames": {r["frame"]: r["score"] for r in issue},
            "countries": sorted({r["country"] for r in rows.get("actors", []) if r.get("country")}),
            "actors": strip("actors"),
            "events": [r for r in strip("events") if not r["negated"]],
            "claims": strip("claims"),
        }
    raise ValueError(f"unknown stage {stage!r}; choose one of {', '.join(COMMANDS)}")
