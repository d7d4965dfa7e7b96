"""Reads web archives (WARC, WARC.gz): each archived HTML page becomes a nested input for the HTML reader.

The archive is streamed record by record with warcio, so a multi-gigabyte crawl never sits in memory.
warcio itself stops quietly at a cut-off file; the checks here turn a truncated or corrupt record into
one InputError after everything read before it, so a partial page is never passed on as a whole one.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections import Counter
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from .errors import InputError
from .sources import Input, ReadOptions, ReadResult, register_reader

log = logging.getLogger(__name__)

PASSED_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "application/rss+xml", "application/atom+xml", "text/plain"}
)
"""Payload media types handed on as nested inputs; everything else (images, scripts, CSS) is skipped."""

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_GZIP_MAGIC = b"\x1f\x8b"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

_DAMAGE = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    EOFError,
    zlib.error,
    ValueError,
    AttributeError,
    TypeError,
    OSError,
)
"""What warcio raises on a cut-off or garbled archive (a header cut short leaves None where it wants a str;
OSError: the file itself failed to read)."""


def looks_like_warc(head: bytes, inp: Input) -> bool:
    """True for a WARC, plain or gzipped per record; only the head is decompressed to tell."""
    if head.startswith(b"WARC/1."):
        return True
    if not head.startswith(_GZIP_MAGIC):
        return False
    try:
        first = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
    except zlib.error:
        return False
    return first.startswith(b"WARC/")


class _Records(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator that also remembers whether the last gzip member was cut off."""

    incomplete_member = False

    def close(self) -> None:
        """Before warcio drops the decompressor, note if it stopped mid-member (a truncated file)."""
        if self.reader is not None:
            decompressor = self.reader.decompressor
            self.incomplete_member = decompressor is not None and not decompressor.eof
        super().close()


def _media_type(value: str | None) -> str:
    """`text/html; charset=utf-8` -> `text/html`."""
    return value.split(";", 1)[0].strip().lower() if value else ""


def _passed_type(record: ArcWarcRecord) -> tuple[str | None, str]:
    """(media type to pass on, or None) and the reason a skipped record is counted under."""
    rtype = record.rec_type
    if rtype == "response":
        http = record.http_headers
        if http is None:
            return None, "response without HTTP headers"
        if http.get_statuscode() != "200":
            return None, "non-200 response"
        media = _media_type(http.get_header("Content-Type"))
    elif rtype == "resource":
        media = _media_type(record.rec_headers.get_header("Content-Type"))
    else:
        return None, str(rtype)
    if media in PASSED_TYPES:
        return media, ""
    return None, "other content type"


def _damage(record: ArcWarcRecord, records: _Records) -> str | None:
    """Why a fully consumed record is incomplete or no WARC record, or None when it is whole."""
    if record.format != "warc":
        return f"not a WARC record ({record.format} header)"
    length = record.rec_headers.get_header("Content-Length")
    if length is None or not length.strip().isdigit():
        return "record header has no valid Content-Length"
    if getattr(record.raw_stream, "limit", 0) > 0:
        return "record block ends early"
    decompressor = records.reader.decompressor if records.reader else None
    if decompressor is not None and not decompressor.eof and not records.next_line:
        # The record is whole but its gzip member is not, and nothing follows: the file ends in the trailer.
        return "gzip member ends early"
    return None


def _bad_ending(records: _Records, seen: int) -> str | None:
    """Why an archive that warcio ended quietly is cut short (warcio takes a short header for the end)."""
    if records.next_line:
        return "record header ends early"  # a record had begun, and warcio hit the end inside its headers
    if records.incomplete_member:
        return "gzip member ends early"
    if seen == 0:
        return "no complete record"
    return None


def _day(value: str | None) -> str | None:
    """The `YYYY-MM-DD` of a WARC-Date, None when absent or malformed."""
    return value[:10] if value and _ISO_DAY.match(value) else None


def _broken(origin: str, last_good: int, reason: str) -> InputError:
    """The error that ends reading a damaged archive."""
    return InputError(
        f"truncated or corrupt WARC record after offset {last_good}: {reason}",
        remedy="re-download or re-crawl the archive; the records before this point were read",
        path=origin,
        stage="read",
    )


def _failure(exc: Exception, origin: str, last_good: int) -> InputError:
    """The error for an exception warcio raised mid-archive."""
    if isinstance(exc, AttributeError | TypeError):  # warcio meets None where a header field was cut off
        return _broken(origin, last_good, "record header ends early")
    reason = next((ln.strip() for ln in str(exc).splitlines() if ln.strip()), type(exc).__name__)
    if "non-chunked gzip" in reason:
        return InputError(
            "the WARC is gzipped as one stream, not record by record",
            remedy="recompress it: warcio recompress IN.warc.gz OUT.warc.gz",
            path=origin,
            stage="read",
        )
    return _broken(origin, last_good, reason)


def _nested(record: ArcWarcRecord, inp: Input, offset: int, payload: bytes, media: str) -> Input:
    """The nested input for one archived page."""
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ") or None
    origin = f"{inp.origin}@{offset}"
    return Input(
        name=uri or origin,
        origin=origin,
        data=payload,
        url=uri,
        content_type=media,
        reference_date=_day(record.rec_headers.get_header("WARC-Date")),
        depth=inp.depth + 1,
    )


@register_reader("warc", sniff=looks_like_warc, suffixes=(".warc", ".gz"), order=10)
def read_warc(inp: Input, opts: ReadOptions) -> Iterator[ReadResult]:
    """Each 200 HTML (or feed, or plain text) record as a nested Input, streamed in archive order."""
    try:
        fh = inp.open()
    except InputError as err:
        yield err
        return
    with fh:
        yield from _read_records(fh, inp, opts)


def _read_records(fh: object, inp: Input, opts: ReadOptions) -> Iterator[ReadResult]:
    """The record loop: pass pages on, count what is skipped, stop at the first damaged record."""
    records = _Records(fh)
    skipped: Counter[str] = Counter()
    pages = seen = last_good = 0
    try:
        for record in records:
            seen += 1
            media, why = _passed_type(record)
            payload = record.content_stream().read(opts.max_bytes + 1) if media else b""
            offset = records.get_record_offset()  # also reads the rest of the record
            damage = _damage(record, records)
            if damage:
                yield _broken(inp.origin, last_good, damage)
                return
            last_good = offset
            if media is None:
                skipped[why] += 1
                continue
            pages += 1
            if len(payload) > opts.max_bytes:
                yield InputError(
                    f"record payload larger than {opts.max_bytes} bytes",
                    remedy="raise the limit with --max-bytes",
                    path=f"{inp.origin}@{offset}",
                    stage="read",
                )
                continue
            yield _nested(record, inp, offset, payload, media)
    except _DAMAGE as exc:
        yield _failure(exc, inp.origin, last_good)
        return
    finally:
        records.close()
    if seen == 0 and records.fh.tell() == 0:
        yield InputError(
            "empty file", remedy="give a WARC file that holds records", path=inp.origin, stage="read"
        )
        return
    ending = _bad_ending(records, seen)
    if ending:
        yield _broken(inp.origin, last_good, ending)
        return
    log.debug("%s: %d pages, skipped %s", inp.origin, pages, dict(skipped))
    if pages == 0:
        counts = ", ".join(f"{n} {why}" for why, n in sorted(skipped.items())) or "no records"
        yield InputError(f"no HTML responses in the archive ({counts})", path=inp.origin, stage="read")
