"""The JSON API's shapes (pydantic), so /api/openapi.json documents every field a client gets."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field, StrictBool

from quotetrail.ingest import format_names

Spans = list[list[int]]
READERS = "^(" + "|".join(re.escape(n) for n in ("auto", *format_names())) + ")$"
"""An ingest's format: auto or a registered reader's name."""


class ErrorDetail(BaseModel):
    code: str = Field(description="stable error code, e.g. QT404")
    message: str
    remedy: str | None = None


class ErrorOut(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


class PageOut(BaseModel):
    total: int = Field(description="rows matching the filters, over all pages")
    limit: int
    offset: int
    next: str | None = Field(None, description="URL of the next page, if any")
    prev: str | None = Field(None, description="URL of the previous page, if any")


class Statement(BaseModel):
    """An attributed statement; spans are [start, end) offsets into the document's stored text."""

    id: int
    doc_id: str
    idx: int
    doc_name: str | None = None
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    speaker: str = Field(description="the resolved speaker's name ('' when the text does not say)")
    speaker_key: str | None = Field(None, description="the speaker's stable sp- id")
    speaker_name: str = Field(description="the name as resolved inside the document")
    type: str | None = None
    kind: str | None = None
    source: Spans
    cue: Spans
    content: Spans
    source_text: str
    cue_text: str
    content_text: str
    claim_id: str | None = None
    claim_label: str | None = None
    stance: str | None = None


class StatementPage(PageOut):
    items: list[Statement]


class DocumentSummary(BaseModel):
    id: str
    name: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None
    language: str | None = None
    url: str | None = None
    group: str | None = None
    skipped: str | None = None
    statements: int


class DocumentPage(PageOut):
    items: list[DocumentSummary]


class Region(BaseModel):
    start: int
    end: int
    reason: str


class Document(BaseModel):
    """A document with its exact stored text and every statement in it."""

    id: str
    name: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None
    language: str | None = None
    url: str | None = None
    evidence: dict[str, Any] = {}
    group: str | None = None
    skipped: str | None = None
    origins: list[str]
    text: str
    regions: list[Region]
    statements: list[Statement]


class SpeakerSummary(BaseModel):
    id: str | None = Field(None, description="stable sp- id")
    name: str
    type: str
    qid: str | None = None
    statements: int
    outlets: int
    first_date: str | None = None
    last_date: str | None = None
    aliases: list[str]


class SpeakerPage(PageOut):
    items: list[SpeakerSummary]


class Alias(BaseModel):
    name: str
    why: dict[str, Any] | None = Field(None, description="score and reasons the name joined this speaker")


class Role(BaseModel):
    role: str
    affiliation: str
    first_seen: str | None = None
    last_seen: str | None = None
    count: int


class OutletCount(BaseModel):
    outlet: str
    statements: int


class MonthCount(BaseModel):
    month: str
    statements: int


class SpeakerClaim(BaseModel):
    id: str
    label: str
    supports: int
    opposes: int
    neither: int
    statements: int


class SpeakerDetail(BaseModel):
    id: str | None = None
    name: str
    type: str
    qid: str | None = None
    qid_source: str | None = None
    aliases: list[Alias]
    roles: list[Role]
    countries: list[str]
    statements: int
    first_date: str | None = None
    last_date: str | None = None
    outlets: list[OutletCount]
    activity: list[MonthCount] = Field(description="statements per month (full dates), gaps included")
    undated: int = Field(description="statements whose document has no full date")
    claims: list[SpeakerClaim]


class Outlet(BaseModel):
    name: str
    documents: int
    statements: int
    speakers: int
    first_date: str | None = None
    last_date: str | None = None


class OutletPage(PageOut):
    items: list[Outlet]


class ClaimSummary(BaseModel):
    id: str
    label: str
    members: int
    supports: int
    opposes: int
    neither: int
    first_date: str | None = None
    last_date: str | None = None


class ClaimPage(PageOut):
    available: bool = Field(description="whether the store has claim tables at all")
    items: list[ClaimSummary]


class StanceCounts(BaseModel):
    supports: int
    opposes: int
    neither: int


class TimelineMonth(StanceCounts):
    month: str


class CrossRow(StanceCounts):
    value: str = Field(description="the filter value for /api/statements ('-': none)")
    name: str
    total: int


class ClaimDetail(BaseModel):
    id: str
    label: str
    threshold: float | None = None
    created_at: str | None = None
    updated_at: str | None = None
    members: int
    counts: StanceCounts
    timeline: list[TimelineMonth]
    undated: StanceCounts
    speakers: list[CrossRow]
    outlets: list[CrossRow]


class Stats(BaseModel):
    documents: int
    statements: int
    speakers: int
    outlets: int
    claims: int
    writes: bool = Field(description="whether this server accepts writes (a token is set)")


class ErrorRecord(BaseModel):
    input: str
    stage: str
    code: str
    reason: str
    remedy: str | None = None
    first_seen: str
    last_seen: str
    times: int


class ErrorRecordPage(PageOut):
    items: list[ErrorRecord]


class IngestedDocument(BaseModel):
    id: str
    name: str
    origin: str


class IngestError(BaseModel):
    code: str
    message: str
    input: str | None = None
    stage: str | None = None


class IngestResult(BaseModel):
    stored: int
    duplicates: int
    already: int
    near_duplicates: int
    skipped: int
    summary: str
    documents: list[IngestedDocument]
    errors: list[IngestError]
    next: str


class IngestUrlIn(BaseModel):
    url: str = Field(
        max_length=2000,
        pattern=r"^ *[Hh][Tt][Tt][Pp][Ss]?://[!-~]+ *$",
        description="an http(s) URL (printable ASCII; encode other characters as %XX)",
    )
    format: str = Field("auto", pattern=READERS, description="reader (auto: chosen by content)")
    fetch: StrictBool = Field(False, description="also fetch links found inside (feeds, URL lists, exports)")


class MergeIn(BaseModel):
    target: str = Field(min_length=1, max_length=300, description="speaker kept: name, alias or sp- id")
    other: str = Field(min_length=1, max_length=300, description="speaker merged into target")


class SplitIn(BaseModel):
    target: str = Field(min_length=1, max_length=300)
    alias: str = Field(min_length=1, max_length=300, description="one of the speaker's names, to split off")


class RenameIn(BaseModel):
    target: str = Field(min_length=1, max_length=300)
    name: str = Field(min_length=1, max_length=300, description="the new display name")


class QidIn(BaseModel):
    target: str = Field(min_length=1, max_length=300)
    qid: str = Field(
        min_length=2, max_length=20, pattern=r"^\s*[Qq][1-9][0-9]*\s*$", description="Wikidata item, e.g. Q42"
    )


class SpeakerRef(BaseModel):
    id: str | None = None
    name: str


class CorrectionResult(BaseModel):
    correction: int | None = Field(
        None, description="the stored correction's number (None: nothing recorded)"
    )
    note: str
    message: str
    speaker: SpeakerRef
