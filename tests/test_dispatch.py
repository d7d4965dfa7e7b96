"""The dispatcher: readers chosen by content, arguments expanded, URLs fetched, user metadata applied."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from quotetrail.errors import InputError
from quotetrail.fetch import fetch
from quotetrail.ingest import choose_reader, iter_inputs
from quotetrail.registry import registry
from quotetrail.sources import Input, ReadOptions, register_reader
from quotetrail.types import SourceDocument

READERS = Path(__file__).parent / "resources" / "readers"
ARTICLE = b"Pier Vote Passes\n\nThe council voted on Tuesday to rebuild the pier, its chair said.\n"


def _kinds(items: list[SourceDocument | InputError]) -> list[tuple[str, str]]:
    return [
        ("doc", i.name) if isinstance(i, SourceDocument) else ("error", f"{i.stage}: {i.message}")
        for i in items
    ]


@pytest.mark.parametrize(
    ("name", "data", "reader"),
    [
        ("story.txt", (READERS / "page.html").read_bytes(), "html"),  # HTML content, misleading extension
        ("feed.xml", (READERS / "feed.rss").read_bytes(), "feed"),
        ("feed", (READERS / "feed.atom").read_bytes(), "feed"),
        ("page.html", ARTICLE, "text"),  # plain text saved as .html is read as text
        ("notes.md", ARTICLE, "markdown"),
        ("links.txt", b"https://a.example/1\n# comment\n\nhttp://b.example/2\n", "urls"),
        ("export.txt", b'{"text": "A story.", "url": "https://a.example/1"}\n', "jsonl"),
        ("table.csv", b"title,text\nPier,The council voted.\n", "csv"),
        ("crawl", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
    ],
)
def test_reader_is_chosen_by_content(tmp_path: Path, name: str, data: bytes, reader: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    inp = Input(name=path.stem, origin=str(path), path=path)
    assert choose_reader(inp, inp.head()).name == reader


def test_forced_format_overrides_sniffing(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"<html><body><p>" + ARTICLE + b"</p></body></html>")
    as_text = list(iter_inputs([path], fmt="text"))
    assert isinstance(as_text[0], SourceDocument) and as_text[0].text.startswith("<html>")
    with pytest.raises(InputError, match="unknown format 'pdf'"):
        list(iter_inputs([path], fmt="pdf"))


def test_stdin_is_read_with_dash() -> None:
    items = list(iter_inputs(["-"], stdin=lambda: ARTICLE))
    assert _kinds(items) == [("doc", "stdin")]
    assert (
        isinstance(items[0], SourceDocument) and items[0].origin == "-" and items[0].text == ARTICLE.decode()
    )


def test_globs_expand_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_bytes(ARTICLE)
    (tmp_path / "two.txt").write_bytes(ARTICLE.replace(b"Tuesday", b"Monday"))
    (tmp_path / "skip.md").write_bytes(ARTICLE)
    items = list(iter_inputs([str(tmp_path / "**" / "*.txt")]))
    assert _kinds(items) == [("doc", "one"), ("doc", "two")]
    assert _kinds(list(iter_inputs([str(tmp_path / "*.none")]))) == [
        ("error", "read: no such file or folder")
    ]


@pytest.mark.parametrize(
    ("sidecar", "content", "expected"),
    [
        ("story.txt.meta.json", {"outlet": "Tide Times", "date": "2021-05-04"}, {"outlet": "Tide Times"}),
        ("story.meta.json", {"title": "Pier", "language": "en-GB", "ignored": 1}, {"language": "en"}),
    ],
)
def test_sidecar_metadata_is_user_evidence(
    tmp_path: Path, sidecar: str, content: dict[str, object], expected: dict[str, str]
) -> None:
    (tmp_path / "story.txt").write_bytes(ARTICLE)
    (tmp_path / sidecar).write_text(json.dumps(content), "utf-8")
    items = list(iter_inputs([tmp_path]))
    assert _kinds(items) == [("doc", "story")]  # the sidecar itself is not an input
    supplied = items[0].supplied  # type: ignore[union-attr]
    for key, value in expected.items():
        assert getattr(supplied, key) == value
        assert supplied.evidence[key] == "user"
    assert "ignored" not in supplied.evidence


def test_bad_sidecar_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_bytes(ARTICLE)
    (tmp_path / "story.meta.json").write_text('{"date": "someday"}', "utf-8")
    items = list(iter_inputs([tmp_path]))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert items[0].path == str(tmp_path / "story.meta.json")
    assert "is not a date" in items[0].message


def test_a_crashing_reader_is_an_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    def boom(head: bytes, inp: Input) -> bool:
        return head.startswith(b"BOOM")

    @register_reader("boom-test", sniff=boom, order=1)
    def read_boom(inp: Input, opts: ReadOptions) -> Iterator[SourceDocument]:
        raise RuntimeError("reader bug")

    try:
        (tmp_path / "a.txt").write_bytes(b"BOOM")
        (tmp_path / "b.txt").write_bytes(ARTICLE)
        items = list(iter_inputs([tmp_path]))
        assert _kinds(items) == [
            ("error", "read: unexpected error while reading: RuntimeError: reader bug"),
            ("doc", "b"),
        ]
    finally:
        registry._items["readers"].pop("boom-test")


def test_url_list_links_are_fetched_through_the_fetcher(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(b"https://a.example/one\nhttps://a.example/missing\n")
    pages = {"https://a.example/one": ARTICLE}

    def fake_fetch(inp: Input, opts: ReadOptions) -> Input:
        if inp.url not in pages:
            raise InputError("HTTP 404 Not Found", path=inp.origin, stage="fetch")
        return replace(inp, data=pages[inp.url], content_type="text/plain")

    items = list(iter_inputs([path], fetcher=fake_fetch))
    assert _kinds(items) == [("doc", "https://a.example/one"), ("error", "fetch: HTTP 404 Not Found")]
    assert items[0].url == "https://a.example/one"  # type: ignore[union-attr]
    no_fetch = list(iter_inputs([path], options=ReadOptions(fetch=False), fetcher=fake_fetch))
    assert [i.message for i in no_fetch] == ["link not fetched (fetching is off)"] * 2  # type: ignore[union-attr]


# --- fetching over HTTP ---------------------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/page.html":
            body = (READERS / "page.html").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        elif self.path == "/big":
            body = b"x" * 5000
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
        elif self.path == "/slow":
            threading.Event().wait(2)
            body = b"late"
            self.send_response(200)
        else:
            body = b"nope"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_is_fetched_and_read_as_html(server: str) -> None:
    url = f"{server}/page.html"
    items = list(iter_inputs([url]))
    assert len(items) == 1 and isinstance(items[0], SourceDocument)
    doc = items[0]
    assert (doc.name, doc.origin) == (url, url)
    assert "reopen the pier" in doc.text
    assert doc.reference_date is not None and len(doc.reference_date) == 10


@pytest.mark.parametrize(
    ("path", "opts", "reason"),
    [
        ("/missing", ReadOptions(), "HTTP 404 Not Found"),
        ("/big", ReadOptions(max_bytes=1000), "response larger than 1000 bytes"),
        ("/slow", ReadOptions(timeout=0.3), "timed out after 0.3 s"),
    ],
)
def test_fetch_failures_are_error_records(server: str, path: str, opts: ReadOptions, reason: str) -> None:
    url = server + path
    with pytest.raises(InputError) as info:
        fetch(Input(name=url, origin=url, url=url), opts)
    assert (info.value.message, info.value.stage, info.value.path) == (reason, "fetch", url)


def test_unreachable_host_is_an_error_record() -> None:
    items = list(iter_inputs(["http://127.0.0.1:9/never"], options=ReadOptions(timeout=2)))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert items[0].stage == "fetch" and items[0].message.startswith("cannot fetch")
