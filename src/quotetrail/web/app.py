"""The ASGI app: pages and the JSON API over one store, read-only unless the operator set a token.

`create_app(db_path)` is what `quotetrail serve` runs. Every response carries a strict
Content-Security-Policy (scripts and styles only from this server, nothing inline), nosniff and
no-referrer; uploads above `max_upload_bytes` are refused before they are parsed; every error is
the API's one JSON shape under /api and a friendly page elsewhere.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from quotetrail import __version__
from quotetrail.errors import NotFound, QuotetrailError
from quotetrail.report import date_label

from . import api, pages
from .db import Database
from .errors import (
    InternalError,
    InvalidRequest,
    MethodNotAllowed,
    PayloadTooLarge,
    WebError,
    error_body,
    status_of,
)
from .links import href, http_url

HERE = Path(__file__).parent
DEFAULT_MAX_UPLOAD = 20_000_000
"""Bytes an upload may have (the CLI's default single-document limit)."""
UPLOAD_OVERHEAD = 64_000
"""Room for the multipart envelope and the form's other fields around the file."""
CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

log = logging.getLogger("quotetrail.web")


def templates() -> Environment:
    """The pages' Jinja2 environment: autoescape on for every template, links filtered to http(s)."""
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["http_url"] = http_url
    env.filters["date_label"] = date_label
    env.globals["href"] = href
    env.globals["version"] = __version__
    return env


def _wants_json(path: str) -> bool:
    return path.startswith("/api/")


def error_response(request_path: str, err: QuotetrailError, env: Environment | None) -> Response:
    """The API's JSON error under /api/, else the friendly error page."""
    status = status_of(err)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if _wants_json(request_path) or env is None:
        return JSONResponse(error_body(err), status_code=status, headers=headers)
    html = env.get_template("error.html.j2").render(
        status=status, err=err, request_path=request_path, writes=False
    )
    return HTMLResponse(html, status_code=status, headers=headers)


class _BodyTooLarge(Exception):
    """Raised inside the app when an upload's body passes the limit."""


class Guard:
    """Outermost middleware: security headers on every response, the body size limit (uploads and every
    other request body), and a last catch that turns an unexpected exception into a 500 in the app's
    error shape."""

    def __init__(self, app: ASGIApp, *, max_body: int, env: Environment) -> None:
        self.app = app
        self.max_body = max_body
        self.env = env

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        started = False
        too_large = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            ours = message.pop("qt_own", False)
            if too_large and not started and not ours:
                return  # the app's answer to a body cut short (FastAPI makes it a 400): ours replaces it
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names
                ]
            await send(message)

        async def reply(err: QuotetrailError) -> None:
            response = error_response(path, err, self.env)

            async def own(message: Message) -> None:
                await send_with_headers({**message, "qt_own": True})

            await response(scope, receive, own)

        limited = scope.get("method") in ("POST", "PUT", "PATCH")
        if limited:
            length = dict(scope.get("headers", [])).get(b"content-length")
            if length is not None and length.isdigit() and int(length) > self.max_body:
                await reply(PayloadTooLarge(f"the request body is larger than {self.max_body} bytes"))
                return
            seen = 0
            inner_receive = receive

            async def counting_receive() -> Message:
                nonlocal seen, too_large
                message = await inner_receive()
                if message["type"] == "http.request":
                    seen += len(message.get("body", b""))
                    if seen > self.max_body:
                        too_large = True
                        raise _BodyTooLarge
                return message

            receive = counting_receive
        try:
            await self.app(scope, receive, send_with_headers)
            if too_large and not started:
                await reply(PayloadTooLarge(f"the request body is larger than {self.max_body} bytes"))
        except _BodyTooLarge:
            if not started:
                await reply(PayloadTooLarge(f"the request body is larger than {self.max_body} bytes"))
        except Exception:
            log.exception("unexpected error on %s", path)
            if not started:
                await reply(InternalError("internal error"))


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors()[:5]:
        loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{loc or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _allowed(request: Request) -> str:
    """The methods a path takes: a route spelled out literally wins over one matching through a parameter
    (POST /api/speakers/merge, not GET /api/speakers/{speaker_id})."""
    literal: set[str] = set()
    templated: set[str] = set()
    for route in request.app.routes:
        methods = getattr(route, "methods", None)
        match, _ = route.matches(
            {**request.scope, "method": next(iter(methods), "GET") if methods else "GET"}
        )
        if methods and match != Match.NONE:
            (templated if "{" in getattr(route, "path", "") else literal).update(methods)
    return ", ".join(sorted(literal or templated))


def create_app(
    db_path: str | Path,
    *,
    token: str | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD,
) -> FastAPI:
    """The web app over the store at `db_path` (created or migrated once here); writes need `token`."""
    db = Database(db_path)
    db.prepare()
    env = templates()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.close()

    app = FastAPI(
        lifespan=lifespan,
        title="quotetrail",
        version=__version__,
        summary="Who said what, reported by whom and when: statements, speakers, outlets and claims.",
        description="Read-only unless the server was started with a token; writes then need "
        '`Authorization: Bearer TOKEN`. Errors are `{"error": {"code", "message", "remedy"}}`.',
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.db = db
    app.state.token = token or None
    app.state.max_upload_bytes = int(max_upload_bytes)
    app.state.templates = env

    @app.exception_handler(QuotetrailError)
    async def on_quotetrail_error(request: Request, exc: QuotetrailError) -> Response:
        return error_response(request.url.path, exc, env)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request.url.path, InvalidRequest(_validation_message(exc)), env)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            err: QuotetrailError = NotFound(
                f"nothing at {request.url.path[:200]}", remedy="start at / or see /api"
            )
        elif exc.status_code == 400:  # a body FastAPI cannot parse (bad JSON, broken multipart)
            err = InvalidRequest(f"the request body cannot be read: {exc.detail}")
        elif exc.status_code == 405:
            err = MethodNotAllowed(f"{request.method} is not allowed on {request.url.path[:200]}")
            exc.headers = {**(exc.headers or {}), "Allow": _allowed(request)}
        else:
            err = WebError(str(exc.detail))
            err.code = f"QT{exc.status_code}"
            err.status = exc.status_code  # type: ignore[misc]
        response = error_response(request.url.path, err, env)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(UnicodeError)
    async def on_unicode(request: Request, exc: UnicodeError) -> Response:
        return error_response(
            request.url.path, InvalidRequest("the request holds text that is not valid Unicode"), env
        )

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(Guard, max_body=int(max_upload_bytes) + UPLOAD_OVERHEAD, env=env)
    return app


def openapi_json(app: FastAPI) -> str:
    """The OpenAPI schema as text (for docs and tests)."""
    return json.dumps(app.openapi(), indent=2, sort_keys=True)


def describe(app: FastAPI) -> dict[str, Any]:
    """What a server runs with, for the start-up line."""
    return {"writes": bool(app.state.token), "max_upload_bytes": app.state.max_upload_bytes}


__all__ = ["CSP", "create_app", "describe", "openapi_json", "templates"]
