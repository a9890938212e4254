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


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


CONTRACTIONS = ("I ain't gonna go, let's see.\n\nY'all gotta wanna know. He's not gonna do it, ain't he?\n"
                "There's a man who'd said that it was theirs, and there are those that don't.")


@pytest.mark.parametrize("which", ["seed", "contractions"])
def test_indexed_attribute_matcher_equals_stock(nlp, seed_text, which):
    """The indexed attribute-ruler matcher gives the stock component's annotations, token by token."""
    from helpers.nlp import load_nlp

    stock = load_nlp(indexed_attributes=False)
    assert stock is not nlp
    assert nlp.get_pipe("attribute_ruler").match != stock.get_pipe("attribute_ruler").match
    text = seed_text if which == "seed" else CONTRACTIONS
    ours, theirs = _annotations(nlp(text)), _annotations(stock(text))
    assert len(ours) == len(theirs)
    assert ours == theirs
    # the ruler really acts: without it, POS would be empty and the contraction lemmas unset
    bare = _annotations(next(stock.pipe([text], disable=["attribute_ruler", "lemmatizer"])))
    assert [a[2] for a in bare] != [a[2] for a in ours]


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "x", "OP": "+"}],          # operators are not supported
    [{"ORTH": "X"}],                       # nor attributes other than LOWER, TAG, DEP, IS_SPACE
    [{"LOWER": {"FUZZY": "x"}}],           # nor other predicates
])
def test_indexed_attribute_matcher_refuses_what_it_cannot_do(pattern):
    """Unsupported patterns make the constructor refuse, so the caller keeps spaCy's matcher."""
    import spacy

    from helpers.nlp import IndexedAttributeMatcher, use_indexed_attribute_matcher

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([pattern], {"LEMMA": "y"})
    with pytest.raises(ValueError):
        IndexedAttributeMatcher(ruler)
    stock_match = ruler.match
    assert use_indexed_attribute_matcher(blank) is False
    assert ruler.match == stock_match


def test_indexed_attribute_matcher_later_rules_win():
    """Two rules on one token: the later one's attributes stay, as in spaCy."""
    import spacy

    from helpers.nlp import use_indexed_attribute_matcher

    results = []
    for indexed in (False, True):
        blank = spacy.blank("en")
        ruler = blank.add_pipe("attribute_ruler")
        ruler.add([[{"LOWER": "bank"}]], {"LEMMA": "first"})
        ruler.add([[{"LOWER": {"IN": ["bank", "banks"]}}, {"LOWER": "of"}]], {"LEMMA": "second"})
        ruler.add([[{"LOWER": "of"}]], {"LEMMA": "third"})
        if indexed:
            assert use_indexed_attribute_matcher(blank)
        doc = blank("The Bank of England and a bank.")
        results.append([t.lemma_ for t in doc])
    assert results[0] == results[1]
    assert results[1][1:3] == ["second", "third"] and results[1][6] == "first"


def test_pipeline_with_indexed_matcher_pickles(nlp):
    """Multiprocessing with the spawn start method pickles the pipeline: the matcher survives the trip
    and still gives the same annotations."""
    import pickle

    copy = pickle.loads(pickle.dumps(nlp))
    assert type(copy.get_pipe("attribute_ruler").match.__self__).__name__ == "IndexedAttributeMatcher"
    assert _annotations(copy(CONTRACTIONS)) == _annotations(nlp(CONTRACTIONS))
