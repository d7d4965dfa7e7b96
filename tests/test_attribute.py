"""Attribution rules on small hand-made sentences (needs the English spaCy pipeline)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotetrail.nlp import SPAN_KEY
from quotetrail.pipeline import attribute_doc, attribute_text
from quotetrail.types import span_text

CASES = json.loads((Path(__file__).parent / "resources" / "attribution" / "cases.json").read_text("utf-8"))

pytestmark = pytest.mark.model


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_attribution_cases(case, nlp):  # type: ignore[no-untyped-def]
    text = case["text"]
    got = attribute_text(text, nlp=nlp)
    assert len(got) == len(case["expect"]), [span_text(text, a.content) for a in got]
    for att, want in zip(got, case["expect"], strict=True):
        assert span_text(text, att.source) == want["source"]
        assert span_text(text, att.cue) == want["cue"]
        assert span_text(text, att.content) == want["content"]
        assert att.type == want["type"]
        assert att.speaker == want["speaker"]
        assert att.kind == want.get("kind", "speech")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_spans_are_offsets_into_the_text(case, nlp):  # type: ignore[no-untyped-def]
    text = case["text"]
    for att in attribute_text(text, nlp=nlp):
        for role in ("source", "cue", "content"):
            for s, e in getattr(att, role):
                assert 0 <= s < e <= len(text)


def test_doc_spans_mirror_attributions(nlp):  # type: ignore[no-untyped-def]
    doc = nlp("\u201cThe plan is ready,\u201d Mayor Ada Lund said.")
    atts = attribute_doc(doc)
    spans = doc.spans[SPAN_KEY]
    assert {s._.qt_role for s in spans} == {"source", "cue", "content"}
    assert all(s._.qt_relation == 0 for s in spans)
    assert {s._.qt_speaker for s in spans} == {atts[0].speaker} == {"Ada Lund"}


def test_offsets_survive_markup_and_boilerplate(nlp):  # type: ignore[no-untyped-def]
    text = "Mayor Ada Lund [said](#) the *budget* would balance.\n\nShare this:\n"
    (att,) = attribute_text(text, nlp=nlp)
    assert text[att.cue[0][0] : att.cue[0][1]] == "said"
    assert "budget" in span_text(text, att.content)
