"""Shared fixtures: one session-scoped spaCy pipeline, the seed article and its parse."""
from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from helpers import config
from helpers.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The project's one spaCy pipeline, loaded once for the whole test session."""
    return load_nlp()


@pytest.fixture(scope="session")
def seed_raw() -> str:
    """The seed article exactly as shipped (boilerplate included)."""
    return config.SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_text(seed_raw: str) -> str:
    """The seed article's body as ingestion cleans it (title line and boilerplate removed)."""
    from helpers.ingest import clean_text_document

    return clean_text_document(seed_raw).text


@pytest.fixture(scope="session")
def seed_doc(nlp: Language, seed_text: str) -> Doc:
    """The parse of the cleaned seed article."""
    return nlp(seed_text)


def shared_or_skip(*parts: str):
    """Return a path under ../shared, or skip the test when it is absent."""
    path = config.SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path
