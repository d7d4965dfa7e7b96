"""Shared fixtures: the spaCy pipeline for tests marked `model`, loaded once per session."""

from __future__ import annotations

import pytest

from quotetrail import nlp as nlp_mod


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The installed English pipeline; tests marked `model` fail loudly when none is installed."""
    name = nlp_mod.available_model()
    if name is None:
        pytest.fail(
            "no English spaCy pipeline: pip install --no-deps --require-hashes -r requirements/model.txt"
        )
    return nlp_mod.load(name)
