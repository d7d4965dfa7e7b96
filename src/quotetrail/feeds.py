"""The "feed" reader: RSS and Atom items in, one document per item with full content, else its link."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser

from .errors import InputError
from .html import FEED_ROOT, html_to_text, markup_head, normalize_newlines, primary_language
from .sources import Input, ReadOptions, ReadResult, register_reader
from .types import Metadata, SourceDocument

FEED = "feed"
"""Evidence for a field the feed states about an item or about itself (the outlet, the language)."""

MIN_CONTENT_LETTERS = 40
"""An item's content with fewer letters is a teaser: the linked page is read instead."""

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})

_LETTER = re.compile(r"[^\W\d_]")
_PLAIN_TYPES = frozenset({"text/plain", "text"})
_EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+")
_AUTHOR_FORMS = (
    re.compile(rf"{_EMAIL.pattern}\s*\((.+)\)"),  # RSS: ines@example.org (Ines Varga)
    re.compile(rf"(.+?)\s*\(\s*{_EMAIL.pattern}\s*\)"),  # feedparser's Atom: Ines Varga (ines@example.org)
    re.compile(rf"(.+?)\s*<\s*{_EMAIL.pattern}\s*>"),  # Ines Varga <ines@example.org>
)


def looks_like_feed(head: bytes, inp: Input) -> bool:
    """Sniffer: the root element is `<rss>`, Atom's `<feed>` or `<rdf:RDF>`, or a feed media type is given."""
    if FEED_ROOT.match(markup_head(head)):
        return True
    return (inp.content_type or "").lower() in FEED_TYPES


def _http_url(value: Any) -> str | None:
    """The value if an absolute http(s) URL (feedparser turns Atom ids like `urn:uuid:` into links)."""
    if not isinstance(value, str):
        return None
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _local_date(raw: Any) -> str | None:
    """The calendar date as the feed wrote it (RFC 822 or ISO 8601), in the feed's own time zone."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    text = raw.strip()
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return None


def entry_date(entry: Any) -> str | None:
    """The item's publication (else update) date as YYYY-MM-DD; feedparser's UTC struct as a fallback."""
    for key in ("published", "updated"):
        local = _local_date(entry.get(key))
        if local:
            return local
        parsed = entry.get(f"{key}_parsed")
        if isinstance(parsed, time.struct_time):
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _text(value: Any) -> str | None:
    """A whitespace-collapsed string, None when empty or not a string."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _author(entry: Any) -> str | None:
    """The item's author name (RSS `author`, `dc:creator`, Atom `<author><name>`), without an e-mail address.

    The raw string is parsed here: feedparser's own split of RSS `email (Name)` cuts names and
    addresses at a top-level domain longer than four letters.
    """
    raw = _text(entry.get("author"))
    if raw is None:
        return _text((entry.get("author_detail") or {}).get("name"))
    for pattern in _AUTHOR_FORMS:
        match = pattern.fullmatch(raw)
        if match:
            return _text(match[1])
    return None if _EMAIL.fullmatch(raw) else raw


def item_metadata(entry: Any, feed: Any) -> Metadata:
    """What the feed says about one item, each field with evidence "feed"."""
    content = (entry.get("content") or [{}])[0]
    values = {
        "title": _text(entry.get("title")),
        "author": _author(entry),
        "date": entry_date(entry),
        "outlet": _text(feed.get("title")),
        "language": primary_language(content.get("language")) or primary_language(feed.get("language")),
        "url": _http_url(entry.get("link")),
    }
    present = {k: v for k, v in values.items() if v}
    return Metadata(**present, evidence=dict.fromkeys(present, FEED))


def item_text(entry: Any) -> str | None:
    """The item's full content as plain text (Atom `<content>`, RSS `content:encoded`), None when a teaser."""
    for content in entry.get("content") or []:
        value = content.get("value")
        if not isinstance(value, str) or not value.strip():
            continue
        plain = (content.get("type") or "").lower() in _PLAIN_TYPES
        text = normalize_newlines(value) if plain else html_to_text(value)
        if len(_LETTER.findall(text)) >= MIN_CONTENT_LETTERS:
            return text
    return None


def read_item(entry: Any, feed: Any, index: int, inp: Input) -> ReadResult:
    """One feed item: a document from its content, else its link to fetch, else an error."""
    origin = f"{inp.origin}#item{index}"
    link = _http_url(entry.get("link"))
    text = item_text(entry)
    if text is None:
        if link is None:
            return InputError(f"feed item {index} has no content and no link", path=origin, stage="read")
        return Input(
            name=link, origin=link, url=link, supplied=item_metadata(entry, feed), depth=inp.depth + 1
        )
    return SourceDocument(
        name=link or _text(entry.get("id")) or f"{inp.name}#{index}",
        text=text,
        origin=origin,
        url=link,
        supplied=item_metadata(entry, feed),
        reference_date=inp.reference_date,
    )


def parse_feed(data: bytes, inp: Input) -> Any:
    """feedparser's result for the bytes (a stream, so bytes are never taken for a file name or URL)."""
    headers = {"content-location": inp.url} if inp.url else {}
    if inp.content_type:
        headers["content-type"] = inp.content_type
    return feedparser.parse(io.BytesIO(data), response_headers=headers)


@register_reader("feed", sniff=looks_like_feed, suffixes=(".rss", ".atom", ".xml"), order=20)
def read_feed(inp: Input, opts: ReadOptions) -> Iterator[ReadResult]:
    """Reader for RSS and Atom: each item as a document, or as a link for the dispatcher to fetch."""
    try:
        parsed = parse_feed(inp.read_bytes(opts.max_bytes), inp)
    except InputError as err:
        yield err
        return
    if not parsed.entries:
        yield _empty_feed_error(parsed, inp)
        return
    for index, entry in enumerate(parsed.entries, start=1):
        try:
            yield read_item(entry, parsed.feed, index, inp)
        except Exception as exc:  # one odd item must not cost the rest of the feed
            message = f"feed item {index} cannot be read: {type(exc).__name__}: {exc}"
            yield InputError(message, path=f"{inp.origin}#item{index}", stage="read")


def _empty_feed_error(parsed: Any, inp: Input) -> InputError:
    """Why a feed gave no items: not a feed feedparser recognises, or a recognised feed that is empty."""
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "no RSS or Atom root element"
        return InputError(
            f"not a readable RSS or Atom feed: {reason}",
            remedy="check that the file or URL is an RSS or Atom feed",
            path=inp.origin,
        )
    return InputError(
        "feed has no items", remedy="check the feed URL; the feed may be empty", path=inp.origin
    )


__all__ = ["entry_date", "item_metadata", "looks_like_feed", "read_feed"]
