"""Plain data passed between stages; every span is an offset pair into the stored text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]
"""A [start, end) pair of Python string offsets into a document's stored text."""

ATTRIBUTION_TYPES = ("direct", "indirect", "mixed")
SPEAKER_KINDS = ("person", "organisation", "government", "media", "unknown")
"""What a speaker is: a person, an organisation, a government or state body, a media outlet."""


@dataclass
class Region:
    """A stretch of stored text that cleaning marks to leave out of analysis (never removed)."""

    start: int
    end: int
    reason: str


@dataclass
class Metadata:
    """What the text says about itself; a field is None when the text does not support it."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None
    language: str | None = None
    url: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass
class SourceDocument:
    """One document as read: its name (file stem or URL), where it came from, and its exact text.

    `supplied` is metadata the container gave (page metadata, export columns, a sidecar file), each
    field with its evidence; `reference_date` (ISO) is when the input was fetched or archived, the
    anchor for relative dates in the text.
    """

    name: str
    text: str
    origin: str
    url: str | None = None
    supplied: Metadata = field(default_factory=Metadata)
    reference_date: str | None = None


@dataclass
class Attribution:
    """One attributed statement: who (source), the reporting words (cue), what (content)."""

    source: list[Span]
    cue: list[Span]
    content: list[Span]
    type: str
    speaker: str = ""
    kind: str = "speech"
    speaker_kind: str = ""
    speaker_role: str = ""
    speaker_affiliation: str = ""

    def to_json(self) -> dict[str, Any]:
        """The extraction contract's shape for one attribution."""
        return {
            "source": [list(s) for s in self.source],
            "cue": [list(s) for s in self.cue],
            "content": [list(s) for s in self.content],
            "speaker": self.speaker,
            "type": self.type,
            "kind": self.kind,
        }


def span_text(text: str, spans: list[Span], sep: str = " … ") -> str:
    """The words covered by a list of spans, fragments joined by an ellipsis."""
    return sep.join(text[s:e] for s, e in spans)
