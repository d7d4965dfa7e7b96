"""The server-rendered pages: search, articles with attributions marked, speakers, outlets, claims."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from quotetrail.errors import NotFound

from . import plots, queries, render
from .api import cached, document_payload
from .db import ReadOnlyStore
from .links import href, page_links
from .params import DEFAULT_LIMIT, Limit, Offset, SpeakerType, Text, document_query, statement_query
from .queries import STANCES, DocumentQuery, StatementQuery

router = APIRouter(include_in_schema=False)


def _reader(request: Request) -> ReadOnlyStore:
    return request.app.state.db.reader()  # type: ignore[no-any-return]


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page rendered with the app's autoescaping templates."""
    env = request.app.state.templates
    html = env.get_template(template).render(
        request_path=request.url.path, writes=bool(request.app.state.token), **context
    )
    return HTMLResponse(html, status_code=status)


def _paging(path: str, params: dict[str, Any], page_: queries.Page) -> dict[str, Any]:
    """Pagination links and the range shown, for the pager macro."""
    base = dict(params)
    if page_.limit != DEFAULT_LIMIT:
        base["limit"] = page_.limit
    prev, nxt = page_links(path, base, page_.total, page_.limit, page_.offset)
    first = page_.offset + 1 if page_.items else 0
    return {
        "prev": prev,
        "next": nxt,
        "first": first,
        "last": page_.offset + len(page_.items),
        "total": page_.total,
    }


def _exports(view: str, params: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (fmt.upper() if fmt != "jsonl" else "JSONL", href(f"/api/export/{view}.{fmt}", params))
        for fmt in ("csv", "jsonl", "parquet")
    ]


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    outlets = cached(request, queries.list_outlets, limit=12).items
    chart = plots.label_bars(
        [(o["name"], o["statements"], href("/statements", outlet=o["name"])) for o in outlets],
        title="Statements per outlet (top 12)",
    )
    return page(
        request,
        "home.html.j2",
        stats=cached(request, queries.stats),
        speakers=cached(request, queries.list_speakers, limit=10).items,
        claims=cached(request, queries.list_claims, limit=8).items,
        chart=chart,
    )


def _filter_labels(conn: Any, f: StatementQuery) -> dict[str, str]:
    """Readable names for the active speaker and claim filters."""
    labels: dict[str, str] = {}
    if f.speaker:
        row = conn.execute("SELECT name FROM speakers WHERE key = ?", (f.speaker.casefold(),)).fetchone()
        labels["speaker"] = row[0] if row else ("(unnamed)" if f.speaker == queries.NONE else f.speaker)
    if f.outlet:
        labels["outlet"] = "(outlet unknown)" if f.outlet == queries.NONE else f.outlet
    if f.claim and queries.claims_ready(conn):
        row = conn.execute("SELECT label FROM claims WHERE id = ?", (f.claim,)).fetchone()
        labels["claim"] = row[0] if row else f.claim
    for key in ("q", "date_from", "date_to", "stance", "kind", "type", "doc"):
        if getattr(f, key):
            labels[key] = getattr(f, key)
    if f.order != "newest":
        labels["order"] = f.order
    return labels


@router.get("/statements", response_class=HTMLResponse)
def statements_page(
    request: Request,
    f: Annotated[StatementQuery, Depends(statement_query)],
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> HTMLResponse:
    conn = _reader(request).conn
    result = queries.search_statements(conn, f, limit=limit, offset=offset)
    params = f.params()
    return page(
        request,
        "statements.html.j2",
        f=f,
        params=params,
        labels=_filter_labels(conn, f),
        result=result,
        paging=_paging("/statements", params, result),
        exports=_exports("statements", params),
        api=href(
            "/api/statements", params, limit=limit if limit != DEFAULT_LIMIT else None, offset=offset or None
        ),
        outlets=cached(request, queries.outlet_names),
        claims=cached(request, queries.claim_options),
        claims_ready=queries.claims_ready(conn),
    )


@router.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request,
    f: Annotated[DocumentQuery, Depends(document_query)],
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> HTMLResponse:
    conn = _reader(request).conn
    result = queries.search_documents(conn, f, limit=limit, offset=offset)
    params = f.params()
    return page(
        request,
        "documents.html.j2",
        f=f,
        params=params,
        result=result,
        paging=_paging("/documents", params, result),
        exports=_exports("documents", params),
        api=href("/api/documents", params),
        outlets=cached(request, queries.outlet_names),
    )


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    doc = document_payload(_reader(request), doc_id)
    return page(
        request,
        "document.html.j2",
        doc=doc,
        html=render.document_html(doc["text"], doc["regions"], doc["statements"]),
    )


@router.get("/speakers", response_class=HTMLResponse)
def speakers_page(
    request: Request,
    q: Text = "",
    type: SpeakerType = "",
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> HTMLResponse:
    result = cached(request, queries.list_speakers, q, type, limit=limit, offset=offset)
    params = {k: v for k, v in {"q": q.strip(), "type": type}.items() if v}
    return page(
        request,
        "speakers.html.j2",
        q=q,
        type=type,
        result=result,
        paging=_paging("/speakers", params, result),
        exports=_exports("speakers", params),
        api=href("/api/speakers", params),
    )


@router.get("/speakers/{speaker_id}", response_model=None)
def speaker_page(request: Request, speaker_id: Annotated[str, Path(max_length=300)]) -> Response:
    store = _reader(request)
    try:
        sp = queries.speaker(store.conn, speaker_id)
    except NotFound:
        hits = store.find_speakers(speaker_id)
        if len(hits) == 1 and hits[0]["key"]:
            return RedirectResponse(f"/speakers/{hits[0]['key']}", status_code=303)
        raise
    key = sp["id"]
    activity = plots.month_bars(
        sp["activity"],
        ("statements",),
        title=f"Statements by {sp['name']} per month",
        href=lambda month, _s: href("/statements", speaker=key, date_from=month, date_to=month),
    )
    outlets = plots.label_bars(
        [
            (o["outlet"], o["statements"], href("/statements", speaker=key, outlet=o["outlet"]))
            for o in sp["outlets"][:15]
        ],
        title=f"Statements by {sp['name']} per outlet",
    )
    recent = queries.search_statements(store.conn, StatementQuery(speaker=key), limit=20)
    return page(
        request,
        "speaker.html.j2",
        sp=sp,
        activity=activity,
        outlets_chart=outlets,
        recent=recent,
        exports=_exports("statements", {"speaker": key}),
    )


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(
    request: Request, q: Text = "", limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> HTMLResponse:
    result = cached(request, queries.list_outlets, q, limit=limit, offset=offset)
    params = {"q": q.strip()} if q.strip() else {}
    chart = plots.label_bars(
        [(o["name"], o["statements"], href("/statements", outlet=o["name"])) for o in result.items[:25]],
        title="Statements per outlet",
    )
    return page(
        request,
        "outlets.html.j2",
        q=q,
        result=result,
        chart=chart,
        paging=_paging("/outlets", params, result),
        exports=_exports("outlets", params),
        api=href("/api/outlets", params),
    )


@router.get("/claims", response_class=HTMLResponse)
def claims_page(
    request: Request, q: Text = "", limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> HTMLResponse:
    conn = _reader(request).conn
    result = cached(request, queries.list_claims, q, limit=limit, offset=offset)
    params = {"q": q.strip()} if q.strip() else {}
    return page(
        request,
        "claims.html.j2",
        q=q,
        result=result,
        ready=queries.claims_ready(conn),
        paging=_paging("/claims", params, result),
        exports=_exports("claims", params),
        api=href("/api/claims", params),
    )


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: Annotated[str, Path(max_length=40)]) -> HTMLResponse:
    conn = _reader(request).conn
    view = queries.claim(conn, claim_id)
    cid = view["id"]
    timeline = plots.month_bars(
        view["timeline"],
        STANCES,
        title="Statements per month by stance",
        href=lambda month, stance: href(
            "/statements", claim=cid, stance=stance, date_from=month, date_to=month
        ),
    )
    members = queries.search_statements(conn, StatementQuery(claim=cid), limit=20)
    return page(
        request,
        "claim.html.j2",
        claim=view,
        stances=STANCES,
        timeline=timeline,
        members=members,
        exports=_exports("statements", {"claim": cid}),
        table_exports={t: _exports(f"claims/{cid}/{t}", {}) for t in ("speakers", "outlets")},
    )


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    """The API's endpoints and parameters, read from the OpenAPI schema (no external assets)."""
    schema = request.app.openapi()
    endpoints = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                (p["name"], p.get("in", ""), p.get("description") or "", p.get("required", False))
                for p in op.get("parameters", [])
            ]
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "doc": op.get("description", ""),
                    "params": params,
                }
            )
    return page(request, "api.html.j2", endpoints=endpoints)


__all__ = ["page", "router"]
