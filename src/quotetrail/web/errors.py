"""The web app's errors: quotetrail errors with an HTTP status, and the one JSON shape the API returns.

Every API error is `{"error": {"code": "QT...", "message": ..., "remedy": ...}}`; the codes are
those of `quotetrail.errors` (QT404 not found, QT300 database, QT100 input) plus the HTTP ones here.
"""

from __future__ import annotations

from typing import Any

from quotetrail.errors import InputError, NotFound, QuotetrailError, StoreError


class WebError(QuotetrailError):
    """A request the app refuses, with the HTTP status to answer it with."""

    status = 400


class InvalidRequest(WebError):
    """A parameter or body the API cannot use (wrong type, out of range, unknown value)."""

    code = "QT422"
    status = 422
    remedy = "see the parameters in /api/openapi.json (or the API page at /api)"


class Unauthorized(WebError):
    """A write without the operator's token."""

    code = "QT401"
    status = 401
    remedy = "send the header 'Authorization: Bearer TOKEN' with the token the server was started with"


class WritesDisabled(WebError):
    """A write to a server started without a token: it is read-only."""

    code = "QT403"
    status = 403
    remedy = (
        "start the server with `quotetrail serve --token-file FILE` (or $QUOTETRAIL_TOKEN) to allow writes"
    )


class MethodNotAllowed(WebError):
    """A method the path does not take."""

    code = "QT405"
    status = 405
    remedy = "see the methods of each path in /api/openapi.json"


class PayloadTooLarge(WebError):
    """An upload above the server's size limit."""

    code = "QT413"
    status = 413
    remedy = "split the file, or start the server with a larger --max-upload-mb"


class ExtraMissing(WebError):
    """A feature whose optional dependency is not installed."""

    code = "QT501"
    status = 501


class InternalError(WebError):
    """Something failed inside the app; the server log has the traceback."""

    code = "QT590"
    status = 500
    remedy = "see the server's log; if it happens again, report it with the request's URL"


def status_of(err: QuotetrailError) -> int:
    """The HTTP status for a quotetrail error."""
    if isinstance(err, WebError):
        return err.status
    if isinstance(err, NotFound):
        return 404
    if isinstance(err, InputError):
        return 422
    if isinstance(err, StoreError):
        return 503
    return 500


def error_body(err: QuotetrailError) -> dict[str, Any]:
    """The API's one error shape."""
    return {"error": {"code": err.code, "message": err.message, "remedy": err.remedy or None}}


__all__ = [
    "ExtraMissing",
    "InternalError",
    "InvalidRequest",
    "MethodNotAllowed",
    "PayloadTooLarge",
    "Unauthorized",
    "WebError",
    "WritesDisabled",
    "error_body",
    "status_of",
]
