"""URLs that carry a view's whole state in the query string (stable, shareable), and safe outside links."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from quotetrail.report import safe_url


def href(path: str, base: Mapping[str, Any] | None = None, **changes: Any) -> str:
    """`path?query` from base parameters with changes applied; empty or None values are left out."""
    params: dict[str, Any] = dict(base or {})
    params.update(changes)
    query = urlencode([(k, str(v)) for k, v in params.items() if v is not None and v != ""])
    return f"{path}?{query}" if query else path


def page_links(
    path: str, params: Mapping[str, Any], total: int, limit: int, offset: int
) -> tuple[str | None, str | None]:
    """(previous, next) page URLs, None at either end."""
    base = {k: v for k, v in params.items() if k != "offset"}
    prev = href(path, base, offset=max(0, offset - limit) or None) if offset > 0 else None
    nxt = href(path, base, offset=offset + limit) if offset + limit < total else None
    return prev, nxt


def http_url(url: str | None) -> str | None:
    """The URL when it is plain http(s), else None: no javascript:, data: or other schemes in a link."""
    return safe_url(url)


__all__ = ["href", "http_url", "page_links"]
