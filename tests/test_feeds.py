"""The "feed" reader: items with full content become documents, the rest links or errors."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from quotetrail import feeds
from quotetrail.errors import InputError
from quotetrail.feeds import entry_date, looks_like_feed, read_feed
from quotetrail.registry import registry
from quotetrail.sources import Input, ReadOptions
from quotetrail.types import Metadata, SourceDocument

RESOURCES = Path(__file__).parent / "resources" / "readers"
RSS = str(RESOURCES / "feed.rss")
ATOM = str(RESOURCES / "feed.atom")
PIER = "https://www.harbourgazette.example/news/2024/pier-reopening"
CAFE = "https://courrier.example/2024/06/cafe-quai"
NEVER = "http://127.0.0.1:9/never"
GAZETTE = "The Wenlow Harbour Gazette"
COURRIER = "Le Courrier de Port-Wenlow"


def feed_meta(**fields: str) -> Metadata:
    """Metadata as a feed supplies it: every given field with evidence "feed"."""
    return Metadata(**fields, evidence=dict.fromkeys(fields, "feed"))


def read(inp: Input, opts: ReadOptions | None = None) -> list[Any]:
    """Everything the reader yields for one input."""
    return list(read_feed(inp, opts or ReadOptions()))


def fixture_input(name: str, **kwargs: Any) -> Input:
    """An Input for a fixture file, as the dispatcher builds it."""
    path = RESOURCES / name
    return Input(name=path.stem, origin=str(path), path=path, **kwargs)


def rss(items: str, channel: str = "<title>Wenlow Notices</title>") -> bytes:
    """A small RSS 2.0 feed around the given item markup."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel>{channel}{items}</channel></rss>"
    ).encode()


# -- fixture feeds -----------------------------------------------------------------------------------

PIER_TEXT = (
    "Port Wenlow council on Wednesday approved a repair plan for the town pier.\n"
    '"We will reopen the pier by spring," said Mayor Lena Okafor.\n'
    "The works will cost an estimated 1.8 million crowns."
)
CAFE_TEXT = (
    "Le nouveau café du quai ouvrira ses portes à l'été, a annoncé la mairie.\n"
    "« Nous voulons un lieu où les pêcheurs se retrouvent », a déclaré l'adjointe."
)
JETEE_TEXT = (
    "La jetée de Port-Wenlow rouvre samedi après trois mois de réparations.\n"
    "Les pêcheurs retrouvent leurs anneaux d'amarrage."
)

EXPECTED: dict[str, list[Any]] = {
    "feed.rss": [
        SourceDocument(
            name=PIER,
            text=PIER_TEXT,
            origin=f"{RSS}#item1",
            url=PIER,
            supplied=feed_meta(
                title="Pier to reopen by spring, mayor says",
                author="Priya Castellan",
                date="2024-03-14",
                outlet=GAZETTE,
                language="en",
                url=PIER,
            ),
            reference_date="2024-03-20",
        ),
        Input(
            name=NEVER,
            origin=NEVER,
            url=NEVER,
            supplied=feed_meta(
                title="Regatta entries climb to a record",
                date="2024-03-15",
                outlet=GAZETTE,
                language="en",
                url=NEVER,
            ),
            depth=1,
        ),
        InputError("feed item 3 has no content and no link", path=f"{RSS}#item3", stage="read"),
    ],
    "feed.atom": [
        SourceDocument(
            name=CAFE,
            text=CAFE_TEXT,
            origin=f"{ATOM}#item1",
            url=CAFE,
            supplied=feed_meta(
                title="Un café sur le quai",
                author="Élodie Marchetti",
                date="2024-06-01",
                outlet=COURRIER,
                language="fr",
                url=CAFE,
            ),
            reference_date="2024-03-20",
        ),
        SourceDocument(
            name="urn:uuid:courrier-2002",
            text=JETEE_TEXT,
            origin=f"{ATOM}#item2",
            url=None,
            supplied=feed_meta(title="La jetée rouvre", date="2024-06-02", outlet=COURRIER, language="fr"),
            reference_date="2024-03-20",
        ),
    ],
}


def same_error(got: Any, want: InputError) -> bool:
    """Errors compare by what a user sees: message, path and stage."""
    return isinstance(got, InputError) and (got.message, got.path, got.stage) == (
        want.message,
        want.path,
        want.stage,
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_feed_items(name: str) -> None:
    results = read(fixture_input(name, reference_date="2024-03-20"))
    expected = EXPECTED[name]
    assert [type(r) for r in results] == [type(e) for e in expected]
    for got, want in zip(results, expected, strict=True):
        if isinstance(want, InputError):
            assert same_error(got, want), got
        else:
            assert got == want


def test_nested_input_carries_nothing_to_read_so_the_dispatcher_fetches() -> None:
    link = read(fixture_input("feed.rss"))[1]
    assert isinstance(link, Input)
    assert (link.path, link.data, link.content_type) == (None, None, None)


def test_nested_input_depth_counts_from_the_feed() -> None:
    link = read(fixture_input("feed.rss", depth=2))[1]
    assert isinstance(link, Input) and link.depth == 3


def test_feed_from_memory_with_the_same_result() -> None:
    data = (RESOURCES / "feed.atom").read_bytes()
    results = read(Input(name="courrier", origin="https://courrier.example/feed", data=data))
    assert [r.origin for r in results] == [
        "https://courrier.example/feed#item1",
        "https://courrier.example/feed#item2",
    ]
    assert [r.text for r in results] == [CAFE_TEXT, JETEE_TEXT]


# -- items one behaviour at a time -------------------------------------------------------------------

LONG_HTML = "<p>The harbour office on Quay Street opens on Saturdays from the first of May onwards.</p>"
LONG_TEXT = "The harbour office on Quay Street opens on Saturdays from the first of May onwards."

ITEM_CASES = [
    (
        "content without link or id is named after the feed",
        f"<item><title>Office hours</title><content:encoded><![CDATA[{LONG_HTML}]]></content:encoded></item>",
        ("doc", "notices#1", "feeds/notices.xml#item1", None),
    ),
    (
        "content with a non-permalink guid is named by the guid",
        '<item><guid isPermaLink="false">notice-77</guid>'
        f"<content:encoded><![CDATA[{LONG_HTML}]]></content:encoded></item>",
        ("doc", "notice-77", "feeds/notices.xml#item1", None),
    ),
    (
        "a permalink guid is the item's link",
        "<item><guid>https://notices.wenlow.example/77</guid><description>Office hours.</description></item>",
        ("input", "https://notices.wenlow.example/77", "https://notices.wenlow.example/77", None),
    ),
    (
        "a teaser in content:encoded is not full content",
        "<item><link>https://notices.wenlow.example/78</link>"
        "<content:encoded><![CDATA[<p>Read more.</p>]]></content:encoded></item>",
        ("input", "https://notices.wenlow.example/78", "https://notices.wenlow.example/78", None),
    ),
    (
        "a description alone is not full content",
        f"<item><link>https://notices.wenlow.example/79</link><description><![CDATA[{LONG_HTML}]]></description></item>",
        ("input", "https://notices.wenlow.example/79", "https://notices.wenlow.example/79", None),
    ),
    (
        "a non-web link counts as no link",
        "<item><link>mailto:office@wenlow.example</link><description>Write to us.</description></item>",
        ("error", "feed item 1 has no content and no link", "feeds/notices.xml#item1", None),
    ),
]


@pytest.mark.parametrize(("item", "expected"), [c[1:] for c in ITEM_CASES], ids=[c[0] for c in ITEM_CASES])
def test_item_outcome(item: str, expected: tuple[str, str, str, str | None]) -> None:
    [result] = read(Input(name="notices", origin="feeds/notices.xml", data=rss(item)))
    kind, name, origin, url = expected
    if kind == "doc":
        assert isinstance(result, SourceDocument)
        assert (result.name, result.origin, result.url, result.text) == (name, origin, url, LONG_TEXT)
    elif kind == "input":
        assert isinstance(result, Input)
        assert (result.name, result.origin, result.url) == (name, origin, name)
    else:
        assert isinstance(result, InputError)
        assert (result.message, result.path, result.stage) == (name, origin, "read")


def test_plain_text_content_is_kept_as_is() -> None:
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Tides</title>'
        '<entry><id>urn:tide:1</id><content type="text">High water &lt;p&gt; at 5 &amp; 7 '
        "every day on the quay of Port Wenlow.</content></entry></feed>"
    )
    [doc] = read(Input(name="tides", origin="tides.atom", data=atom.encode()))
    assert isinstance(doc, SourceDocument)
    assert doc.text == "High water <p> at 5 & 7 every day on the quay of Port Wenlow."


def test_item_metadata_fields_only_when_the_feed_has_them() -> None:
    item = f"<item><link>https://notices.wenlow.example/80</link><content:encoded>{LONG_HTML}</content:encoded></item>"
    [doc] = read(Input(name="n", origin="n.xml", data=rss(item, channel="")))
    assert isinstance(doc, SourceDocument)
    assert doc.supplied == feed_meta(url="https://notices.wenlow.example/80")


AUTHOR_CASES = [
    ("rss e-mail with name", "<author>ines@wenlow.example (Ines Varga)</author>", "Ines Varga"),
    ("name with e-mail in brackets", "<author>Ines Varga &lt;ines@wenlow.example&gt;</author>", "Ines Varga"),
    ("bare e-mail is no name", "<author>ines@wenlow.example</author>", None),
    ("dc:creator", "<dc:creator>Ines Varga</dc:creator>", "Ines Varga"),
]


@pytest.mark.parametrize(
    ("markup", "expected"), [c[1:] for c in AUTHOR_CASES], ids=[c[0] for c in AUTHOR_CASES]
)
def test_rss_author_name(markup: str, expected: str | None) -> None:
    item = f"<item><link>https://notices.wenlow.example/81</link>{markup}</item>"
    data = rss(item, channel="<language>nl-BE</language>").replace(
        b"<rss ", b'<rss xmlns:dc="http://purl.org/dc/elements/1.1/" '
    )
    [link] = read(Input(name="n", origin="n.xml", data=data))
    assert isinstance(link, Input)
    assert (link.supplied.author, link.supplied.evidence.get("author")) == (
        expected,
        "feed" if expected else None,
    )
    assert link.supplied.language == "nl"


def test_atom_author_name_without_email() -> None:
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://courrier.example/3"/>'
        "<author><name>Ines Varga</name><email>ines@wenlow.example</email></author></entry></feed>"
    )
    [link] = read(Input(name="c", origin="c.atom", data=atom.encode()))
    assert isinstance(link, Input)
    assert link.supplied.author == "Ines Varga"


# -- dates -------------------------------------------------------------------------------------------


def _utc(text: str) -> time.struct_time:
    """A struct_time as feedparser gives it (UTC)."""
    return time.strptime(text, "%Y-%m-%d %H:%M")


DATE_CASES = [
    (
        "local date of a late-evening RFC 822 date, not the UTC one",
        {"published": "Thu, 14 Mar 2024 23:30:00 -0500", "published_parsed": _utc("2024-03-15 04:30")},
        "2024-03-14",
    ),
    (
        "ISO 8601 with offset",
        {"published": "2024-06-01T00:30:00+02:00", "published_parsed": _utc("2024-05-31 22:30")},
        "2024-06-01",
    ),
    ("ISO date only", {"published": "2024-06-01"}, "2024-06-01"),
    (
        "ISO with Z",
        {"updated": "2024-06-02T09:15:00Z", "updated_parsed": _utc("2024-06-02 09:15")},
        "2024-06-02",
    ),
    (
        "published before updated",
        {"published": "2024-01-02T10:00:00Z", "updated": "2024-02-03T10:00:00Z"},
        "2024-01-02",
    ),
    (
        "feedparser's struct when the raw date is in another format",
        {"published": "2nd of January", "published_parsed": _utc("2024-01-02 10:00")},
        "2024-01-02",
    ),
    ("no date", {}, None),
    ("unreadable date", {"published": "soon"}, None),
]


@pytest.mark.parametrize(("entry", "expected"), [c[1:] for c in DATE_CASES], ids=[c[0] for c in DATE_CASES])
def test_entry_date(entry: dict[str, Any], expected: str | None) -> None:
    assert entry_date(entry) == expected


# -- whole-feed errors -------------------------------------------------------------------------------

FEED_ERROR_CASES = [
    ("plain text", b"Port Wenlow tide tables for March", "not a readable RSS or Atom feed: "),
    ("json", b'{"items": []}', "not a readable RSS or Atom feed: "),
    ("empty file", b"", "not a readable RSS or Atom feed: "),
    (
        "xml that is no feed",
        b'<?xml version="1.0"?><tides><tide/></tides>',
        "not a readable RSS or Atom feed: ",
    ),
    ("rss without items", rss(""), "feed has no items"),
    (
        "atom without entries",
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
        "feed has no items",
    ),
]


@pytest.mark.parametrize(
    ("data", "message"), [c[1:] for c in FEED_ERROR_CASES], ids=[c[0] for c in FEED_ERROR_CASES]
)
def test_unreadable_or_empty_feed_gives_one_error(data: bytes, message: str) -> None:
    results = read(Input(name="f", origin="feeds/f.xml", data=data))
    assert len(results) == 1
    err = results[0]
    assert isinstance(err, InputError)
    assert err.message.startswith(message)
    if message.endswith(": "):  # the reason follows
        assert err.message[len(message) :].strip()
    assert (err.path, err.stage) == ("feeds/f.xml", "read")


def test_one_failing_item_does_not_cost_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    real = feeds.item_text

    def flaky(entry: Any) -> str | None:
        if entry.get("id") == "urn:uuid:courrier-2001":
            raise RuntimeError("odd markup")
        return real(entry)

    monkeypatch.setattr(feeds, "item_text", flaky)
    first, second = read(fixture_input("feed.atom"))
    assert isinstance(first, InputError)
    assert (first.message, first.path, first.stage) == (
        "feed item 1 cannot be read: RuntimeError: odd markup",
        f"{ATOM}#item1",
        "read",
    )
    assert isinstance(second, SourceDocument) and second.text == JETEE_TEXT


def test_oversized_feed_is_refused() -> None:
    [err] = read(fixture_input("feed.rss"), ReadOptions(max_bytes=50))
    assert isinstance(err, InputError)
    assert err.message.startswith("larger than 50 bytes")


def test_feed_bytes_are_never_taken_for_a_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").write_text(
        rss(f"<item><content:encoded>{LONG_HTML}</content:encoded></item>").decode()
    )
    [err] = read(Input(name="f", origin="f", data=b"notes"))
    assert isinstance(err, InputError)
    assert err.message.startswith("not a readable RSS or Atom feed")


# -- sniffing ----------------------------------------------------------------------------------------

SNIFF_CASES = [
    ("rss", b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">', None, True),
    (
        "rss after comment and BOM",
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- feed -->\n<rss version="0.92">',
        None,
        True,
    ),
    ("rss 0.91 doctype", b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN">', None, True),
    ("atom", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', None, True),
    ("atom without declaration", b"<feed xmlns='http://www.w3.org/2005/Atom'>", None, True),
    (
        "rdf",
        b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        None,
        True,
    ),
    ("html doctype", b"<!DOCTYPE html>\n<html>", None, False),
    ("html tag", b"<html><head>", None, False),
    ("other xml", b'<?xml version="1.0"?><tides>', None, False),
    ("feedback is not feed", b"<feedback>good</feedback>", None, False),
    ("plain text", b"Port Wenlow news feed: the pier reopens", None, False),
    ("json", b'{"feed": "<rss>"}', None, False),
    ("rss media type", b"garbled", "application/rss+xml", True),
    ("atom media type", b"garbled", "application/atom+xml", True),
    ("rss served as html", b'<?xml version="1.0"?><rss version="2.0">', "text/html", True),
    ("html served as xml", b"<html><body>", "application/xml", False),
]


@pytest.mark.parametrize(
    ("head", "content_type", "expected"), [c[1:] for c in SNIFF_CASES], ids=[c[0] for c in SNIFF_CASES]
)
def test_looks_like_feed(head: bytes, content_type: str | None, expected: bool) -> None:
    inp = Input(name="x", origin="x", data=head, content_type=content_type)
    assert looks_like_feed(head, inp) is expected


# -- registration ------------------------------------------------------------------------------------


def test_feed_reader_is_registered() -> None:
    reader = registry.get("readers", "feed")
    assert reader.read is read_feed
    assert reader.sniff is looks_like_feed
    assert reader.suffixes == (".rss", ".atom", ".xml")
    assert reader.order == 20
