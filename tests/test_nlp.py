"""The shared spaCy pipeline: pinned model identity, caching, paragraph boundaries, DocBin cache."""
from __future__ import annotations

import pytest

from helpers import nlp as nlp_mod


def test_model_identity(nlp):
    meta = nlp.meta
    assert meta["version"] == nlp_mod.MODEL_VERSION == "3.8.0"
    assert meta["spacy_git_version"] == nlp_mod.MODEL_GIT_VERSION == "5010fcbd3"
    assert meta["performance"]["ents_f"] == pytest.approx(0.8433119744, abs=1e-10)
    assert meta["lang"] == "en"


def test_loaded_once(nlp):
    assert nlp_mod.load_nlp() is nlp


@pytest.mark.parametrize(
    "text, n_sentences",
    [
        ("First paragraph without a full stop\nSecond paragraph here.", 2),
        ("One sentence. Another one.\nA third in a new paragraph.", 3),
        ("A single line with no break at all", 1),
    ],
)
def test_line_breaks_end_sentences(nlp, text, n_sentences):
    sents = [s for s in nlp(text).sents if s.text.strip()]
    assert len(sents) == n_sentences


def test_sentences_never_cross_paragraphs(seed_doc):
    for sent in seed_doc.sents:
        assert "\n" not in sent.text.strip()


def test_load_docs_cache_reuses_parses(tmp_path):
    cache = tmp_path / "docs.spacy"
    texts = ["Putin met Tokayev in Astana.", "Kazakhstan shares a border with Russia."]
    first = nlp_mod.load_docs(["a", "b"], texts, cache=cache)
    assert cache.exists()
    again = nlp_mod.load_docs(["a", "b"], texts, cache=cache)
    assert [d.text for d in again] == texts
    assert [e.text for e in again[0].ents] == [e.text for e in first[0].ents]
    changed = nlp_mod.load_docs(["a"], ["Moscow said nothing."], cache=cache)
    assert changed[0].text == "Moscow said nothing."
