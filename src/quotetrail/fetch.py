"""Fetches a URL into an Input with a timeout and a size cap; every failure is an InputError, never a crash.

Reads: an Input that carries only a URL. Writes: the same Input with the response bytes, the final
URL after redirects, the declared media type and today's date as the reference for relative dates.
"""

from __future__ import annotations

import datetime as dt
import socket
import urllib.error
import urllib.request
from dataclasses import replace

from .errors import InputError
from .sources import Input, ReadOptions

CHUNK = 65536


def _media_type(header: str | None) -> str | None:
    """`text/html; charset=utf-8` -> `text/html`."""
    if not header:
        return None
    return header.split(";", 1)[0].strip().lower() or None


def fetch(inp: Input, opts: ReadOptions) -> Input:
    """The page at `inp.url`, read up to `opts.max_bytes`, or an InputError with stage "fetch"."""
    url = inp.url or inp.origin
    request = urllib.request.Request(url, headers={"User-Agent": opts.user_agent, "Accept": "*/*"})

    def fail(reason: str, remedy: str = "check the URL and the network, or save the page and give the file"):
        return InputError(reason, remedy=remedy, path=inp.origin, stage="fetch")

    try:
        with urllib.request.urlopen(request, timeout=opts.timeout) as response:
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > opts.max_bytes:
                    raise fail(
                        f"response larger than {opts.max_bytes} bytes", "raise the limit with --max-bytes"
                    )
                chunks.append(chunk)
            final_url = response.geturl() or url
            content_type = _media_type(response.headers.get("Content-Type"))
    except urllib.error.HTTPError as exc:
        raise fail(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise fail(f"timed out after {opts.timeout:g} s", "raise --timeout or try again later") from None
        raise fail(f"cannot fetch: {reason}") from None
    except TimeoutError:
        raise fail(f"timed out after {opts.timeout:g} s", "raise --timeout or try again later") from None
    except (OSError, ValueError) as exc:
        raise fail(f"cannot fetch: {exc}") from None
    return replace(
        inp,
        data=b"".join(chunks),
        url=final_url,
        content_type=content_type or inp.content_type,
        reference_date=inp.reference_date or dt.datetime.now(dt.UTC).date().isoformat(),
    )


__all__ = ["fetch"]
