"""WARC reader: archived pages become nested inputs; a cut-off archive keeps what came before one error."""

from __future__ import annotations

import gzip
import io
import random
import zlib
from collections.abc import Iterable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from quotetrail.errors import InputError
from quotetrail.registry import registry
from quotetrail.sources import Input, ReadOptions, ReadResult
from quotetrail.warc import looks_like_warc, read_warc

READERS = Path(__file__).parent / "resources" / "readers"
PAGE = READERS / "page.warc.gz"
TRUNCATED = READERS / "truncated.warc.gz"
PAGE_URL = "https://veldhaven-harbour.example/news/harbour-wall"
PAGE_HTML = (
    b"<!DOCTYPE html><html><head><title>Harbour wall repairs approved</title></head><body>"
    b"<article><h1>Harbour wall repairs approved</h1><p>The Veldhaven harbour council approved "
    b'repairs to the north wall on Saturday.</p><p>"We cannot wait for another storm," said '
    b"harbourmaster Ilse Brandvoort.</p></article></body></html>"
)
PAGE_OFFSETS = (0, 251, 570, 1061, 1402, 1733)
"""Record boundaries of page.warc.gz (see tests/resources/readers/README.md), and its size."""

Record = tuple[str, str, str | None, str | None, bytes]
"""(WARC-Type, target URI, HTTP status or None for no HTTP headers, Content-Type, payload)."""


def _file_input(path: Path, depth: int = 0) -> Input:
    return Input(name=path.name, origin=str(path), path=path, depth=depth)


def _read(inp: Input, **opts: int) -> list[ReadResult]:
    return list(read_warc(inp, ReadOptions(**opts)))  # type: ignore[arg-type]


def _warc(records: Iterable[Record], *, compress: bool = True, encoding: str | None = None) -> bytes:
    """A WARC built with warcio, every record dated 2021-03-05."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for rtype, uri, status, ctype, payload in records:
        http = None
        if status is not None:
            headers = [("Content-Type", ctype)] if ctype else []
            if encoding:
                headers.append(("Content-Encoding", encoding))
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri,
            rtype,
            payload=io.BytesIO(payload),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2021-03-05T08:00:00Z"},
            warc_content_type=ctype if status is None and rtype == "resource" else None,
        )
        writer.write_record(record)
    return out.getvalue()


def _data_input(data: bytes, depth: int = 0) -> Input:
    return Input(name="crawl", origin="crawl.warc.gz", data=data, depth=depth)


def _summary(item: ReadResult) -> tuple[object, ...]:
    """Comparable view: nested inputs by what the next reader needs, errors by message."""
    if isinstance(item, Input):
        return ("input", item.url, item.content_type, item.reference_date, item.data)
    if isinstance(item, InputError):
        return ("error", item.message)
    return ("doc", item.name)


# --- the committed fixtures ---------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [0, 2])
def test_page_warc_yields_only_the_html_200_response(depth: int) -> None:
    items = _read(_file_input(PAGE, depth))
    assert len(items) == 1
    page = items[0]
    assert isinstance(page, Input)
    assert (page.name, page.url, page.origin) == (PAGE_URL, PAGE_URL, f"{PAGE}@570")
    assert (page.content_type, page.reference_date, page.depth) == ("text/html", "2019-11-24", depth + 1)
    assert page.data == PAGE_HTML
    assert page.path is None


def test_truncated_warc_keeps_records_before_the_cut_then_one_error() -> None:
    items = _read(_file_input(TRUNCATED))
    assert [type(i) for i in items] == [Input, InputError]
    assert items[0].origin == f"{TRUNCATED}@570"  # type: ignore[union-attr]
    assert items[0].data == PAGE_HTML  # type: ignore[union-attr]
    err = items[1]
    assert isinstance(err, InputError)
    assert err.message == "truncated or corrupt WARC record after offset 570: gzip member ends early"
    assert (err.stage, err.path, err.code) == ("read", str(TRUNCATED), "QT100")


def test_every_cut_of_the_gzip_fixture_passes_only_whole_pages() -> None:
    data = PAGE.read_bytes()
    for cut in range(len(data) + 1):
        items = _read(_data_input(data[:cut]))
        inputs = [i for i in items if isinstance(i, Input)]
        errors = [i for i in items if isinstance(i, InputError)]
        assert all(i.data == PAGE_HTML for i in inputs), cut
        assert len(errors) <= 1 and (not errors or items[-1] is errors[0]), cut
        assert len(inputs) == (1 if cut >= PAGE_OFFSETS[3] else 0), cut
        truncated = bool(errors) and errors[0].message.startswith("truncated or corrupt")
        at_boundary = cut in PAGE_OFFSETS[1:]
        assert truncated != at_boundary or cut == 0, cut


def test_every_cut_of_the_plain_warc_passes_only_whole_pages() -> None:
    data = gzip.decompress(PAGE.read_bytes())
    full = _read(_data_input(data))
    assert [_summary(i) for i in full] == [("input", PAGE_URL, "text/html", "2019-11-24", PAGE_HTML)]
    assert isinstance(full[0], Input) and full[0].origin == "crawl.warc.gz@788"
    ends = (329, 788, 1558, 2065, 2566)  # each record is followed by a 4-byte CRLFCRLF separator
    for cut in range(len(data) + 1):
        items = _read(_data_input(data[:cut]))
        inputs = [i for i in items if isinstance(i, Input)]
        errors = [i for i in items if isinstance(i, InputError)]
        assert all(i.data == PAGE_HTML for i in inputs), cut
        assert len(inputs) == (1 if cut >= 1558 - 4 else 0), cut
        assert len(errors) <= 1 and (not errors or items[-1] is errors[0]), cut
        whole = any(end - 4 <= cut <= end for end in ends)
        assert any(e.message.startswith("truncated or corrupt") for e in errors) != whole or cut == 0, cut


# --- generated archives -------------------------------------------------------------------------------------

HTML = b"<html><body><p>The Ostmere council met.</p></body></html>"
REQUEST = b"GET /council HTTP/1.1\r\nHost: ostmere.example\r\n\r\n"
URL = "https://ostmere.example/council"


@pytest.mark.parametrize(
    ("record", "content_type"),
    [
        (("response", URL, "200 OK", "text/html; charset=utf-8", HTML), "text/html"),
        (("response", URL, "200 OK", "Application/XHTML+XML", HTML), "application/xhtml+xml"),
        (("response", URL, "200 OK", "application/rss+xml", b"<rss/>"), "application/rss+xml"),
        (("response", URL, "200 OK", "application/atom+xml", b"<feed/>"), "application/atom+xml"),
        (("response", URL, "200 OK", "text/plain", b"Plain words."), "text/plain"),
        (("resource", URL, None, "text/html", HTML), "text/html"),
    ],
)
def test_passed_content_types(record: Record, content_type: str) -> None:
    items = _read(_data_input(_warc([record])))
    assert [_summary(i) for i in items] == [("input", URL, content_type, "2021-03-05", record[4])]


@pytest.mark.parametrize(
    ("records", "reason"),
    [
        ([("response", URL, "404 Not Found", "text/html", HTML)], "1 non-200 response"),
        ([("response", URL, "302 Found", "text/html", b"")], "1 non-200 response"),
        ([("response", URL, "200 OK", "image/png", b"\x89PNG")], "1 other content type"),
        ([("response", URL, "200 OK", None, HTML)], "1 other content type"),
        (
            [("metadata", URL, None, None, b"via: x"), ("request", URL, None, None, REQUEST)],
            "1 metadata, 1 request",
        ),
        ([("revisit", URL, None, None, b"")], "1 revisit"),
        ([], "no records"),
    ],
)
def test_archive_without_pages_is_one_error_counting_what_was_skipped(
    records: list[Record], reason: str
) -> None:
    items = _read(_data_input(_warc(records)))
    if not records:
        assert [_summary(i) for i in items] == [("error", "empty file")]
        return
    assert [_summary(i) for i in items] == [("error", f"no HTML responses in the archive ({reason})")]
    assert items[0].stage == "read"  # type: ignore[union-attr]


@pytest.mark.parametrize("compress", [True, False])
def test_pages_come_in_archive_order_with_their_offsets(compress: bool) -> None:
    records: list[Record] = [
        ("response", f"{URL}/{n}", "200 OK" if n != 2 else "500 Error", "text/html", HTML + bytes([65 + n]))
        for n in range(4)
    ]
    data = _warc(records, compress=compress)
    items = _read(_data_input(data))
    assert [i.url for i in items] == [f"{URL}/0", f"{URL}/1", f"{URL}/3"]  # type: ignore[union-attr]
    for item in items:
        assert isinstance(item, Input)
        offset = int(item.origin.rsplit("@", 1)[1])
        assert item.origin == f"crawl.warc.gz@{offset}"
        assert data[offset:].startswith(b"WARC/1." if not compress else b"\x1f\x8b")
        member = (
            data[offset:]
            if not compress
            else zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[offset:])
        )
        assert f"WARC-Target-URI: {item.url}\r\n".encode() in member[:600]


def test_oversized_payload_is_an_error_for_that_record_only() -> None:
    big = b"<html><body>" + b"x" * 500 + b"</body></html>"
    data = _warc(
        [
            ("response", f"{URL}/big", "200 OK", "text/html", big),
            ("response", URL, "200 OK", "text/html", HTML),
        ]
    )
    items = _read(_data_input(data), max_bytes=200)
    assert [type(i) for i in items] == [InputError, Input]
    assert items[0].message == "record payload larger than 200 bytes"  # type: ignore[union-attr]
    assert items[0].path == "crawl.warc.gz@0"  # type: ignore[union-attr]
    assert items[1].data == HTML  # type: ignore[union-attr]


def test_content_encoding_is_undone() -> None:
    data = _warc([("response", URL, "200 OK", "text/html", gzip.compress(HTML, mtime=0))], encoding="gzip")
    items = _read(_data_input(data))
    assert [_summary(i) for i in items] == [("input", URL, "text/html", "2021-03-05", HTML)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"Hello.\n", "truncated or corrupt WARC record after offset 0: Unknown archive format"),
        (
            b"Five words make ARC headers.\n",
            "truncated or corrupt WARC record after offset 0: not a WARC record",
        ),
    ],
)
def test_not_a_warc(data: bytes, message: str) -> None:
    items = _read(_data_input(data))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert items[0].message.startswith(message)


def test_streams_instead_of_reading_the_whole_archive() -> None:
    noise = random.Random(0)  # incompressible pages, so the archive is much larger than one read buffer
    data = _warc(
        ("response", f"{URL}/{n}", "200 OK", "text/html", noise.randbytes(2000).hex().encode())
        for n in range(300)
    )
    stream = io.BytesIO(data)

    class Streamed(Input):
        def open(self) -> io.BytesIO:  # type: ignore[override]
            return stream

    items = iter(read_warc(Streamed(name="crawl", origin="crawl.warc.gz"), ReadOptions()))
    first = next(items)
    assert isinstance(first, Input) and first.url == f"{URL}/0"
    assert stream.tell() < len(data) // 10
    assert sum(1 for _ in items) == 299


# --- sniffing and registration ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", True),
        (b"WARC/1.1\r\nWARC-Type: response\r\n", True),
        (gzip.compress(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n" + b"x" * 9000)[:8192], True),
        (PAGE.read_bytes()[:80], True),  # a short file: the head ends early in the gzip stream
        (gzip.compress(b"<html><body>a gzipped page</body></html>"), False),
        (gzip.compress(b"ARC/1.0 but not a WARC"), False),
        (b"\x1f\x8b\x08\x00garbage that is not deflate", False),
        (b"<!DOCTYPE html><html>", False),
        (b"WARC is a format for web archives.\n", False),
        (b"", False),
    ],
)
def test_looks_like_warc(head: bytes, expected: bool) -> None:
    assert looks_like_warc(head, Input(name="x", origin="x")) is expected


def test_registered_as_the_warc_reader() -> None:
    reader = registry.get("readers", "warc")
    assert reader.read is read_warc
    assert reader.sniff is looks_like_warc
    assert (reader.suffixes, reader.order) == ((".warc", ".gz"), 10)
