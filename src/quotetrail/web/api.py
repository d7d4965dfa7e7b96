"""The JSON API under /api: the same lists and filters as the pages, exports, and token-protected writes."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from . import downloads, queries, writes
from .db import Database, ReadOnlyStore
from .errors import PayloadTooLarge, Unauthorized, WritesDisabled
from .links import page_links
from .models import (
    READERS,
    ClaimDetail,
    ClaimPage,
    CorrectionResult,
    Document,
    DocumentPage,
    ErrorOut,
    ErrorRecordPage,
    IngestResult,
    IngestUrlIn,
    MergeIn,
    OutletPage,
    QidIn,
    RenameIn,
    SpeakerDetail,
    SpeakerPage,
    SplitIn,
    Statement,
    StatementPage,
    Stats,
)
from .params import DEFAULT_LIMIT, Limit, Offset, SpeakerType, Text, document_query, statement_query
from .queries import DocumentQuery, StatementQuery

T = TypeVar("T")
Format = Literal["csv", "jsonl", "parquet"]
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "not found"},
    422: {"model": ErrorOut, "description": "invalid parameters"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {"model": ErrorOut, "description": "missing or wrong token"},
    403: {"model": ErrorOut, "description": "writes are disabled (no token configured)"},
}
EXPORT_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {
        "description": "the file",
        "content": {"text/csv": {}, "application/x-ndjson": {}, "application/vnd.apache.parquet": {}},
    },
    501: {"model": ErrorOut, "description": "Parquet needs the [parquet] extra (pyarrow)"},
}

router = APIRouter(prefix="/api", responses={500: {"model": ErrorOut, "description": "server error"}})
bearer = HTTPBearer(auto_error=False, description="the token the server was started with")


def _db(request: Request) -> Database:
    return request.app.state.db  # type: ignore[no-any-return]


def _reader(request: Request) -> ReadOnlyStore:
    """This worker thread's read-only store (taken inside the endpoint, so one thread uses it)."""
    return _db(request).reader()


def cached(request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(conn, *args, **kwargs)` for an aggregate view, computed once per change of the store."""
    key = (fn.__name__, args, tuple(sorted(kwargs.items())))
    return _db(request).cached(key, lambda: fn(_reader(request).conn, *args, **kwargs))


def _page(request: Request, page: queries.Page) -> dict[str, Any]:
    prev, nxt = page_links(request.url.path, request.query_params, page.total, page.limit, page.offset)
    return {
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
        "prev": prev,
        "next": nxt,
        "items": page.items,
    }


def require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """Writes need the operator's token; a server without one is read-only."""
    token: str | None = request.app.state.token
    if not token:
        raise WritesDisabled("writes are disabled: this server was started without a token")
    given = credentials.credentials if credentials is not None else ""
    if not hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8")):
        raise Unauthorized("a write needs the server's token" if not given else "wrong token")


# -- reads -----------------------------------------------------------------------------------------------


@router.get("/stats", response_model=Stats, summary="How much the store holds")
def api_stats(request: Request) -> dict[str, Any]:
    return {**cached(request, queries.stats), "writes": bool(request.app.state.token)}


@router.get(
    "/statements", response_model=StatementPage, responses=ERRORS, summary="Search and filter statements"
)
def api_statements(
    request: Request,
    f: Annotated[StatementQuery, Depends(statement_query)],
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Full-text search (every word must occur) with filters; newest first by default."""
    return _page(request, queries.search_statements(_reader(request).conn, f, limit=limit, offset=offset))


@router.get("/statements/{statement_id}", response_model=Statement, responses=ERRORS, summary="One statement")
def api_statement(request: Request, statement_id: Annotated[int, Path(ge=1, le=2**62)]) -> dict[str, Any]:
    return queries.statement(_reader(request).conn, statement_id)


@router.get(
    "/documents", response_model=DocumentPage, responses=ERRORS, summary="Search and filter documents"
)
def api_documents(
    request: Request,
    f: Annotated[DocumentQuery, Depends(document_query)],
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(request, queries.search_documents(_reader(request).conn, f, limit=limit, offset=offset))


def document_payload(store: ReadOnlyStore, doc_id: str) -> dict[str, Any]:
    """A document with text, regions and statements (with speaker ids, claims and stances)."""
    doc = store.document(doc_id)
    extras = queries.document_extras(store.conn, doc["id"])
    doc["statements"] = [
        {
            **st,
            **extras.get(
                st["id"], {"speaker_key": None, "claim_id": None, "claim_label": None, "stance": None}
            ),
        }
        for st in doc["statements"]
    ]
    return doc


@router.get(
    "/documents/{doc_id}", response_model=Document, responses=ERRORS, summary="One document with its text"
)
def api_document(request: Request, doc_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
    """The exact stored text (every span's offsets refer to it) and every statement; 6+ id characters do."""
    return document_payload(_reader(request), doc_id)


@router.get("/speakers", response_model=SpeakerPage, responses=ERRORS, summary="Speakers, most quoted first")
def api_speakers(
    request: Request,
    q: Text = "",
    type: SpeakerType = "",
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(request, cached(request, queries.list_speakers, q, type, limit=limit, offset=offset))


@router.get("/speakers/{speaker_id}", response_model=SpeakerDetail, responses=ERRORS, summary="One speaker")
def api_speaker(request: Request, speaker_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
    """Names (with why each joined), roles, countries, outlets, monthly activity and claims."""
    return queries.speaker(_reader(request).conn, speaker_id)


@router.get("/outlets", response_model=OutletPage, responses=ERRORS, summary="Outlets, most statements first")
def api_outlets(
    request: Request, q: Text = "", limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> dict[str, Any]:
    return _page(request, cached(request, queries.list_outlets, q, limit=limit, offset=offset))


@router.get("/claims", response_model=ClaimPage, responses=ERRORS, summary="Claims, largest first")
def api_claims(
    request: Request, q: Text = "", limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> dict[str, Any]:
    page = cached(request, queries.list_claims, q, limit=limit, offset=offset)
    return {**_page(request, page), "available": queries.claims_ready(_reader(request).conn)}


@router.get("/claims/{claim_id}", response_model=ClaimDetail, responses=ERRORS, summary="One claim")
def api_claim(request: Request, claim_id: Annotated[str, Path(max_length=40)]) -> dict[str, Any]:
    """Counts by stance, a monthly timeline by stance, and speaker x stance and outlet x stance tables."""
    return queries.claim(_reader(request).conn, claim_id)


@router.get("/errors", response_model=ErrorRecordPage, responses=ERRORS, summary="Inputs that were skipped")
def api_errors(
    request: Request, stage: Text = "", limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> dict[str, Any]:
    rows = _reader(request).errors(stage=stage or None)
    page = queries.Page(rows[offset : offset + limit], len(rows), limit, offset)
    return _page(request, page)


# -- exports ---------------------------------------------------------------------------------------------


def _export(
    request: Request,
    view: str,
    fmt: str,
    name: str,
    rows: Callable[[ReadOnlyStore], Iterator[dict[str, Any]]],
) -> Response:
    """A view's rows as a file; CSV and JSONL stream from a connection of their own."""
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    db = _db(request)
    if fmt == "parquet":
        downloads.require_parquet()
        with db.fresh_reader() as store:
            data = downloads.parquet_bytes(view, rows(store))
        return Response(data, media_type=downloads.FORMATS[fmt], headers=headers)
    chunker = downloads.csv_chunks if fmt == "csv" else downloads.jsonl_chunks

    def stream() -> Iterator[str]:
        with db.fresh_reader() as store:
            yield from chunker(view, rows(store))

    return StreamingResponse(stream(), media_type=downloads.FORMATS[fmt], headers=headers)


ExportLimit = Annotated[
    int | None, Query(ge=1, le=10_000_000, description="at most this many rows (default: all)")
]


@router.get("/export/statements.{fmt}", responses=EXPORT_ERRORS, summary="Export statements")
def export_statements(
    request: Request,
    fmt: Format,
    f: Annotated[StatementQuery, Depends(statement_query)],
    limit: ExportLimit = None,
) -> Response:
    """Every statement the filters match (the list's order), as CSV, JSON Lines or Parquet."""
    return _export(
        request, "statements", fmt, "statements", lambda s: queries.iter_statements(s.conn, f, limit=limit)
    )


@router.get("/export/documents.{fmt}", responses=EXPORT_ERRORS, summary="Export documents")
def export_documents(
    request: Request,
    fmt: Format,
    f: Annotated[DocumentQuery, Depends(document_query)],
    limit: ExportLimit = None,
) -> Response:
    return _export(
        request, "documents", fmt, "documents", lambda s: queries.iter_documents(s.conn, f, limit=limit)
    )


@router.get("/export/speakers.{fmt}", responses=EXPORT_ERRORS, summary="Export speakers")
def export_speakers(request: Request, fmt: Format, q: Text = "", type: SpeakerType = "") -> Response:
    return _export(request, "speakers", fmt, "speakers", lambda s: queries.iter_speakers(s.conn, q, type))


@router.get("/export/outlets.{fmt}", responses=EXPORT_ERRORS, summary="Export outlets")
def export_outlets(request: Request, fmt: Format, q: Text = "") -> Response:
    return _export(request, "outlets", fmt, "outlets", lambda s: queries.iter_outlets(s.conn, q))


@router.get("/export/claims.{fmt}", responses=EXPORT_ERRORS, summary="Export claims")
def export_claims(request: Request, fmt: Format, q: Text = "") -> Response:
    return _export(request, "claims", fmt, "claims", lambda s: queries.iter_claims(s.conn, q))


@router.get(
    "/export/claims/{claim_id}/{table}.{fmt}", responses=EXPORT_ERRORS, summary="Export a claim's table"
)
def export_claim_table(
    request: Request,
    claim_id: Annotated[str, Path(max_length=40)],
    table: Literal["speakers", "outlets"],
    fmt: Format,
) -> Response:
    """The claim's speaker x stance or outlet x stance table."""
    view = queries.claim(_reader(request).conn, claim_id)
    rows = view[table]
    return _export(request, f"claim-{table}", fmt, f"{view['id']}-{table}", lambda s: iter(rows))


# -- writes ----------------------------------------------------------------------------------------------

Write = Depends(require_token)


@router.post(
    "/ingest",
    response_model=IngestResult,
    responses={**WRITE_ERRORS, 413: {"model": ErrorOut, "description": "upload too large"}},
    dependencies=[Write],
    summary="Store the documents of an uploaded file",
)
def api_ingest(
    request: Request,
    file: Annotated[UploadFile, File(description="a file quotetrail reads (text, HTML, feed, export, WARC)")],
    format: Annotated[str, Form(pattern=READERS, description="reader (auto: chosen by content)")] = "auto",
    fetch: Annotated[bool, Form(description="fetch links found inside (feeds, URL lists, exports)")] = False,
) -> dict[str, Any]:
    """The same ingest as `quotetrail ingest FILE`: documents are stored (not yet attributed), skipped
    inputs become error records (GET /api/errors); the upload is refused above the server's size limit."""
    limit: int = request.app.state.max_upload_bytes
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(f"the upload is larger than {limit} bytes")
    with _db(request).writer() as store:
        return writes.ingest_upload(store, file.filename, data, fmt=format, max_bytes=limit, fetch=fetch)


@router.post(
    "/ingest/url",
    response_model=IngestResult,
    responses=WRITE_ERRORS,
    dependencies=[Write],
    summary="Fetch a URL and store its documents",
)
def api_ingest_url(request: Request, body: IngestUrlIn) -> dict[str, Any]:
    """As `quotetrail ingest URL`: fetched with the size limit; a failed fetch becomes an error record."""
    with _db(request).writer() as store:
        return writes.ingest_url(
            store, body.url, fmt=body.format, max_bytes=request.app.state.max_upload_bytes, fetch=body.fetch
        )


def _correction(request: Request, fn: Callable[..., dict[str, Any]], *args: str) -> dict[str, Any]:
    with _db(request).writer() as store:
        return fn(store, *args)


@router.post(
    "/speakers/merge",
    response_model=CorrectionResult,
    responses=WRITE_ERRORS,
    dependencies=[Write],
    summary="Merge two speakers",
)
def api_merge(request: Request, body: MergeIn) -> dict[str, Any]:
    """Merge `other` into `target`; kept and applied after every run, as `quotetrail speakers merge` does."""
    return _correction(request, writes.merge, body.target, body.other)


@router.post(
    "/speakers/split",
    response_model=CorrectionResult,
    responses=WRITE_ERRORS,
    dependencies=[Write],
    summary="Split a name off",
)
def api_split(request: Request, body: SplitIn) -> dict[str, Any]:
    return _correction(request, writes.split, body.target, body.alias)


@router.post(
    "/speakers/rename",
    response_model=CorrectionResult,
    responses=WRITE_ERRORS,
    dependencies=[Write],
    summary="Rename a speaker",
)
def api_rename(request: Request, body: RenameIn) -> dict[str, Any]:
    return _correction(request, writes.rename, body.target, body.name)


@router.post(
    "/speakers/qid",
    response_model=CorrectionResult,
    responses=WRITE_ERRORS,
    dependencies=[Write],
    summary="Pin a Wikidata QID",
)
def api_qid(request: Request, body: QidIn) -> dict[str, Any]:
    return _correction(request, writes.set_qid, body.target, body.qid)


__all__ = ["document_payload", "router"]
