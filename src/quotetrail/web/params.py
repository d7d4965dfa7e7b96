"""Query parameters shared by the pages and the API, so a page's URL and its JSON twin take the same state."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query

from .queries import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, DocumentQuery, StatementQuery

DATE_PATTERN = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
TEXT = 300

Text = Annotated[str, Query(max_length=TEXT)]
Date = Annotated[str, Query(max_length=10, pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size (at most {MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
Order = Literal["newest", "oldest"]
SpeakerType = Literal["", "person", "organisation", "government", "media", "unknown"]


def statement_query(
    q: Annotated[
        str, Query(max_length=TEXT, description="words the statement or its speaker's name holds")
    ] = "",
    speaker: Annotated[str, Query(max_length=TEXT, description="sp- id, name or alias ('-': none)")] = "",
    outlet: Annotated[str, Query(max_length=TEXT, description="outlet name ('-': none)")] = "",
    date_from: Date = "",
    date_to: Date = "",
    claim: Annotated[str, Query(max_length=TEXT, description="claim id (cl-...)")] = "",
    stance: Literal["", "supports", "opposes", "neither"] = "",
    kind: Literal["", "speech", "thought", "other"] = "",
    type: Literal["", "direct", "indirect", "mixed"] = "",
    doc: Annotated[str, Query(max_length=64, description="document id")] = "",
    order: Order = "newest",
) -> StatementQuery:
    """The statement filters of a request."""
    return StatementQuery(
        q=q,
        speaker=speaker,
        outlet=outlet,
        date_from=date_from,
        date_to=date_to,
        claim=claim,
        stance=stance,
        kind=kind,
        type=type,
        doc=doc,
        order=order,
    )


def document_query(
    q: Annotated[str, Query(max_length=TEXT, description="words the title or text holds")] = "",
    outlet: Annotated[str, Query(max_length=TEXT, description="outlet name ('-': none)")] = "",
    date_from: Date = "",
    date_to: Date = "",
    language: Annotated[str, Query(max_length=16)] = "",
    order: Order = "newest",
) -> DocumentQuery:
    """The document filters of a request."""
    return DocumentQuery(
        q=q, outlet=outlet, date_from=date_from, date_to=date_to, language=language, order=order
    )


__all__ = [
    "DEFAULT_LIMIT",
    "Limit",
    "Offset",
    "SpeakerType",
    "Text",
    "document_query",
    "statement_query",
]
