"""The "html" reader: article text, page metadata with evidence, errors, sniffing and decoding."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest
import trafilatura

from quotetrail.errors import InputError
from quotetrail.html import (
    decode_html,
    has_article_text,
    html_to_text,
    looks_like_html,
    markup_head,
    read_html,
)
from quotetrail.registry import registry
from quotetrail.sources import Input, ReadOptions
from quotetrail.types import Metadata, SourceDocument

RESOURCES = Path(__file__).parent / "resources" / "readers"
CANONICAL = "https://www.harbourgazette.example/news/2024/pier-reopening"
FETCHED = "https://www.harbourgazette.example/notices/ferry?ref=home"
PAGE = "page metadata"

ARTICLE = (
    "<p>The harbour board said on Monday that the north quay of Port Wenlow would stay closed.</p>"
    "<p>Fishing crews will moor at the Saltreach pontoons until the works end in the autumn.</p>"
)


def read(inp: Input, opts: ReadOptions | None = None) -> list[Any]:
    """Everything the reader yields for one input."""
    return list(read_html(inp, opts or ReadOptions()))


def fixture_input(name: str, **kwargs: Any) -> Input:
    """An Input for a fixture file, as the dispatcher builds it."""
    path = RESOURCES / name
    return Input(name=path.stem, origin=str(path), path=path, **kwargs)


def read_doc(inp: Input) -> SourceDocument:
    """The single document a page must give."""
    results = read(inp)
    assert len(results) == 1
    assert isinstance(results[0], SourceDocument), results[0]
    return results[0]


def page(head: str = "", html_attrs: str = "", body: str = ARTICLE) -> bytes:
    """A small article page with the given head markup, for one metadata behaviour at a time."""
    markup = (
        f"<!DOCTYPE html><html{html_attrs}><head>{head}</head><body><article>{body}</article></body></html>"
    )
    return markup.encode()


# -- text --------------------------------------------------------------------------------------------

TEXT_CASES = [
    (
        "page.html",
        6,
        [
            "Port Wenlow council on Wednesday approved a repair plan for the town pier",
            '"We will reopen the pier by spring," said Mayor Lena Okafor.',
            "Divers from the Saltreach yard began surveying the piles last week.",
            "Residents will be invited to a public meeting at the Wenlow Assembly Rooms next month",
        ],
        [
            "Subscribe to the Gazette",
            "Tide tables",
            "Also on the Harbour Gazette",
            "Lighthouse keepers",
            "Ferrywatcher42",
            "OldSalt",
            "Post comment",
            "Copyright",
            "Privacy policy",
            "window.dataLayer",
            "By Priya Castellan",
        ],
    ),
    (
        "nodate.html",
        4,
        [
            "The Gull Island ferry will run four crossings a day instead of six",
            '"Fewer crossings keep the service safe when the swell is high," a board spokesperson said',
            "partial refund at the harbour office on Quay Street.",
        ],
        ["About this bulletin", "Notices", "Wenlow community bulletin"],
    ),
    (
        "latin1.html",
        4,
        [
            "Le nouveau café du quai ouvrira ses portes à l'été",
            "« Nous voulons un lieu où les pêcheurs et les promeneurs se retrouvent », a déclaré Élodie",
            "Le café proposera des crêpes, du thé et une terrasse abritée face à la jetée.",
        ],
        ["\ufffd", "Ã"],
    ),
]


@pytest.mark.parametrize(("name", "lines", "present", "absent"), TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_article_text(name: str, lines: int, present: list[str], absent: list[str]) -> None:
    text = read_doc(fixture_input(name)).text
    for fragment in present:
        assert fragment in text
    for fragment in absent:
        assert fragment not in text
    assert "\r" not in text
    paragraphs = text.split("\n")
    assert all(p == p.strip() and p for p in paragraphs)
    assert len(paragraphs) == lines


def test_page_paragraphs_in_order_one_per_line() -> None:
    lines = read_doc(fixture_input("page.html")).text.split("\n")
    assert [line[:20] for line in lines] == [
        "Pier to reopen by sp",
        "Port Wenlow council ",
        '"We will reopen the ',
        "The works will cost ",
        "Harbourmaster Tomas ",
        "Residents will be in",
    ]


@pytest.mark.parametrize("name", ["page.html", "nodate.html", "latin1.html"])
def test_document_identity_comes_from_the_input(name: str) -> None:
    inp = fixture_input(name, reference_date="2024-04-01")
    doc = read_doc(inp)
    assert (doc.name, doc.origin, doc.reference_date) == (inp.name, inp.origin, "2024-04-01")


# -- metadata ----------------------------------------------------------------------------------------

FIXTURE_METADATA = [
    (
        "page.html",
        None,
        CANONICAL,
        Metadata(
            title="Pier to reopen by spring, mayor says",
            outlet="The Wenlow Harbour Gazette",
            author="Priya Castellan",
            date="2024-03-14",
            language="en",
            url=CANONICAL,
            evidence=dict.fromkeys(("title", "outlet", "author", "date", "language", "url"), PAGE),
        ),
    ),
    (
        "page.html",
        FETCHED,
        FETCHED,
        Metadata(
            title="Pier to reopen by spring, mayor says",
            outlet="The Wenlow Harbour Gazette",
            author="Priya Castellan",
            date="2024-03-14",
            language="en",
            url=CANONICAL,
            evidence=dict.fromkeys(("title", "outlet", "author", "date", "language", "url"), PAGE),
        ),
    ),
    (
        "nodate.html",
        None,
        None,
        Metadata(title="Ferry timetable changes for the winter", evidence={"title": PAGE}),
    ),
    (
        "nodate.html",
        FETCHED,
        FETCHED,
        Metadata(
            title="Ferry timetable changes for the winter",
            outlet="harbourgazette.example",
            url=FETCHED,
            evidence={"title": PAGE, "outlet": "url", "url": "url"},
        ),
    ),
    (
        "latin1.html",
        None,
        None,
        Metadata(
            title="Un café sur le quai de Port-Wenlow",
            language="fr",
            evidence={"title": PAGE, "language": PAGE},
        ),
    ),
]


@pytest.mark.parametrize(
    ("name", "url", "doc_url", "expected"),
    FIXTURE_METADATA,
    ids=[f"{c[0]}-{'fetched' if c[1] else 'file'}" for c in FIXTURE_METADATA],
)
def test_fixture_metadata(name: str, url: str | None, doc_url: str | None, expected: Metadata) -> None:
    doc = read_doc(fixture_input(name, url=url))
    assert doc.supplied == expected
    assert doc.url == doc_url


INLINE_METADATA = [
    (
        "date only in the article's words is not a page date",
        page(
            "<title>North quay closed</title>",
            body="<p>Published on 3 March 2024 by the board.</p>" + ARTICLE,
        ),
        None,
        {"title": ("North quay closed", PAGE)},
    ),
    (
        "date from a time element in the markup",
        page(body='<p><time datetime="2023-11-05">5 November</time></p>' + ARTICLE),
        None,
        {"date": ("2023-11-05", PAGE)},
    ),
    (
        "relative canonical is resolved against the fetched address",
        page('<link rel="canonical" href="/news/quay">'),
        "https://harbourgazette.example/amp/quay",
        {
            "url": ("https://harbourgazette.example/news/quay", PAGE),
            "outlet": ("harbourgazette.example", "url"),
        },
    ),
    (
        "og:url when there is no canonical link",
        page('<meta property="og:url" content="https://news.wenlow.example/quay">'),
        None,
        {"url": ("https://news.wenlow.example/quay", PAGE), "outlet": ("news.wenlow.example", "url")},
    ),
    (
        "site name beats the host name",
        page('<meta property="og:site_name" content="Eastmarch Courier">'),
        "https://www.courier.example/quay",
        {"outlet": ("Eastmarch Courier", PAGE), "url": ("https://www.courier.example/quay", "url")},
    ),
    (
        "language from the html lang attribute, primary subtag only",
        page(html_attrs=' lang="PT-br"'),
        None,
        {"language": ("pt", PAGE)},
    ),
    (
        "language from og:locale",
        page('<meta property="og:locale" content="de_DE">'),
        None,
        {"language": ("de", PAGE)},
    ),
    (
        "language code folded as language detection names it",
        page(html_attrs=' lang="nb-NO"'),
        None,
        {"language": ("no", PAGE)},
    ),
    (
        "a lang attribute that is no language tag is ignored",
        page(html_attrs=' lang="{{ page.lang }}"'),
        None,
        {},
    ),
]


@pytest.mark.parametrize(
    ("data", "url", "expected"), [c[1:] for c in INLINE_METADATA], ids=[c[0] for c in INLINE_METADATA]
)
def test_inline_metadata(data: bytes, url: str | None, expected: dict[str, tuple[str, str]]) -> None:
    doc = read_doc(Input(name="quay", origin="quay.html", data=data, url=url))
    fields = ("title", "outlet", "author", "date", "language", "url")
    got = {f: (getattr(doc.supplied, f), doc.supplied.evidence.get(f)) for f in fields}
    assert got == {f: expected.get(f, (None, None)) for f in fields}


def test_reader_reports_the_page_alone_the_dispatcher_overlays_given_metadata() -> None:
    given = Metadata(title="Pier repairs approved", evidence={"title": "feed"})
    doc = read_doc(fixture_input("page.html", supplied=given))
    assert (doc.supplied.title, doc.supplied.evidence["title"]) == (
        "Pier to reopen by spring, mayor says",
        PAGE,
    )
    assert given == Metadata(title="Pier repairs approved", evidence={"title": "feed"})


# -- errors ------------------------------------------------------------------------------------------

ERROR_CASES = [
    ("menu only", (RESOURCES / "empty_article.html").read_bytes()),
    ("empty file", b""),
    ("no body text", page("<title>Quay</title>", body="")),
    ("a few words", page(body="<p>Quay shut.</p>")),
    ("binary", b"\x00\x01\x02\xff" * 64),
]


@pytest.mark.parametrize("data", [c[1] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES])
def test_page_without_article_gives_one_error(data: bytes) -> None:
    results = read(Input(name="menu", origin="site/menu.html", data=data))
    assert len(results) == 1
    err = results[0]
    assert isinstance(err, InputError)
    assert (err.message, err.stage, err.path) == (
        "no article text found in the page",
        "extract",
        "site/menu.html",
    )
    assert err.remedy and "article" in err.remedy


def test_fixture_without_article_reports_its_path() -> None:
    inp = fixture_input("empty_article.html")
    [err] = read(inp)
    assert isinstance(err, InputError)
    assert (err.message, err.stage, err.path) == ("no article text found in the page", "extract", inp.origin)


def test_library_failure_becomes_an_extract_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("extractor crashed")

    monkeypatch.setattr(trafilatura, "bare_extraction", boom)
    [err] = read(fixture_input("page.html"))
    assert isinstance(err, InputError)
    assert err.stage == "extract"
    assert err.message.startswith("no article text found in the page")
    assert "RuntimeError: extractor crashed" in err.message


def test_oversized_page_is_refused_before_reading() -> None:
    [err] = read(fixture_input("page.html"), ReadOptions(max_bytes=100))
    assert isinstance(err, InputError)
    assert err.message.startswith("larger than 100 bytes")
    assert err.path == str(RESOURCES / "page.html")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, False),
        ("", False),
        ("Home\nNews\nSport\nArchive\nContact", False),
        ("Quay shut.", False),
        ("Tide tables and weather\nSubscribe to the Gazette", False),
        ("The north quay stays closed.", True),
        ("Harbour board keeps north quay closed for summer repairs", True),
        ("« Nous voulons un lieu où se retrouver »", False),
        ("« Nous voulons un lieu où les pêcheurs se retrouvent. »", True),
    ],
)
def test_has_article_text(text: str | None, expected: bool) -> None:
    assert has_article_text(text) is expected


# -- sniffing ----------------------------------------------------------------------------------------

UTF16_DOCTYPE = codecs.BOM_UTF16_LE + "<!DOCTYPE html><html>".encode("utf-16-le")

SNIFF_CASES = [
    ("doctype", b"<!DOCTYPE html>\n<html lang='en'>", None, True),
    ("lower-case doctype", b"<!doctype html><title>x</title>", None, True),
    ("html tag", b"<html>\n<head>", None, True),
    ("upper-case head", b"<HEAD><TITLE>x</TITLE>", None, True),
    ("body only", b"<body><p>x</p>", None, True),
    ("BOM, blank and comment first", b"\xef\xbb\xbf \n<!-- saved page -->\n<!DOCTYPE html>", None, True),
    (
        "xhtml",
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">',
        None,
        True,
    ),
    ("utf-16", UTF16_DOCTYPE, None, True),
    ("rss", b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', None, False),
    ("atom", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', None, False),
    (
        "rdf",
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        None,
        False,
    ),
    ("plain text", b"PORT WENLOW, 14 March - The pier will reopen.", None, False),
    ("json", b'{"text": "<html>quay</html>"}', None, False),
    ("fragment", b"<p>Quay shut.</p>", None, False),
    ("tag that only starts like html", b"<htmlish>", None, False),
    ("unclosed comment", b"<!-- a comment that never ends <html>", None, False),
    ("plain text served as html", b"The pier will reopen.", "text/html", True),
    ("served as xhtml", b"<div>quay</div>", "application/xhtml+xml", True),
    ("upper-case media type", b"quay", "TEXT/HTML", True),
    ("rss served as html", b'<?xml version="1.0"?><rss version="2.0">', "text/html", False),
    ("atom served as html", b"<feed xmlns='http://www.w3.org/2005/Atom'>", "text/html", False),
    ("plain text served as text", b"The pier will reopen.", "text/plain", False),
]


@pytest.mark.parametrize(
    ("head", "content_type", "expected"), [c[1:] for c in SNIFF_CASES], ids=[c[0] for c in SNIFF_CASES]
)
def test_looks_like_html(head: bytes, content_type: str | None, expected: bool) -> None:
    inp = Input(name="x", origin="x", data=head, content_type=content_type)
    assert looks_like_html(head, inp) is expected


def test_markup_head_skips_prolog() -> None:
    head = b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- one -->\n<!-- two -->\n<RSS version="2.0">'
    assert markup_head(head).startswith('<rss version="2.0">')


# -- decoding ----------------------------------------------------------------------------------------

DECODE_CASES = [
    ("utf-8 undeclared", "<p>café</p>".encode(), "<p>café</p>"),
    ("utf-8 with BOM", codecs.BOM_UTF8 + "<p>café</p>".encode(), "<p>café</p>"),
    ("utf-16 with BOM", codecs.BOM_UTF16_BE + "<p>café</p>".encode("utf-16-be"), "<p>café</p>"),
    (
        "declared latin-1",
        '<meta charset="iso-8859-1"><p>café</p>'.encode("latin-1"),
        '<meta charset="iso-8859-1"><p>café</p>',
    ),
    (
        "declared latin-1 read as windows-1252",
        b'<meta charset="ISO-8859-1"><p>\x93Quay\x94 \x96 caf\xe9</p>',
        '<meta charset="ISO-8859-1"><p>“Quay” – café</p>',
    ),
    (
        "http-equiv declaration",
        b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>\x93caf\xe9\x94</p>',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>“café”</p>',
    ),
    (
        "xml declaration",
        '<?xml version="1.0" encoding="iso-8859-15"?><p>5 €</p>'.encode("iso-8859-15"),
        '<?xml version="1.0" encoding="iso-8859-15"?><p>5 €</p>',
    ),
    (
        "utf-8 content wins over a wrong declaration",
        '<meta charset="iso-8859-1"><p>café</p>'.encode(),
        '<meta charset="iso-8859-1"><p>café</p>',
    ),
]


@pytest.mark.parametrize(
    ("data", "expected"), [c[1:] for c in DECODE_CASES], ids=[c[0] for c in DECODE_CASES]
)
def test_decode_html(data: bytes, expected: str) -> None:
    assert decode_html(data) == expected


def test_latin1_fixture_decodes_accents() -> None:
    raw = (RESOURCES / "latin1.html").read_bytes()
    assert b"caf\xe9" in raw and b"\r\n" in raw  # the fixture really is latin-1 with CRLF line ends
    text = read_doc(fixture_input("latin1.html")).text
    assert "Un café sur le quai de Port-Wenlow" in text
    assert "\r" not in text


def test_xhtml_with_latin1_xml_declaration() -> None:
    body = "<p>Le café du quai ouvre ses portes à l'été, a annoncé la mairie de Port-Wenlow.</p>"
    xhtml = (
        '<?xml version="1.0" encoding="iso-8859-1"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr"><head><title>Quai</title></head>'
        f"<body>{body}</body></html>"
    )
    doc = read_doc(Input(name="quai", origin="quai.xhtml", data=xhtml.encode("iso-8859-1")))
    assert doc.text == "Le café du quai ouvre ses portes à l'été, a annoncé la mairie de Port-Wenlow."
    assert (doc.supplied.language, doc.supplied.evidence["language"]) == ("fr", PAGE)


# -- html_to_text ------------------------------------------------------------------------------------

FRAGMENT_CASES = [
    (
        "paragraphs",
        "<p>The pier will reopen by spring.</p>\n<p>Divers began the survey last week.</p>",
        "The pier will reopen by spring.\nDivers began the survey last week.",
    ),
    (
        "entities and inline markup",
        "<p>Repairs cost <b>1.8 million</b> crowns &amp; take <i>six</i> months.</p>",
        "Repairs cost 1.8 million crowns & take six months.",
    ),
    (
        "line break inside a paragraph",
        "<p>Ferry crossings fall from six a day<br>to four a day this winter.</p>",
        "Ferry crossings fall from six a day\nto four a day this winter.",
    ),
    (
        "text without tags",
        "The pier will reopen by spring, said the mayor.",
        "The pier will reopen by spring, said the mayor.",
    ),
]


@pytest.mark.parametrize(
    ("fragment", "expected"), [c[1:] for c in FRAGMENT_CASES], ids=[c[0] for c in FRAGMENT_CASES]
)
def test_html_to_text(fragment: str, expected: str) -> None:
    assert html_to_text(fragment) == expected


@pytest.mark.parametrize("failure", ["none", "raise"])
def test_html_to_text_falls_back_to_lxml(monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    def extractor(*args: Any, **kwargs: Any) -> None:
        if failure == "raise":
            raise ValueError("no tree")

    monkeypatch.setattr(trafilatura, "bare_extraction", extractor)
    fragment = (
        "Lead words<h2>Quay news</h2><p>The  pier will\n reopen.</p><script>track()</script>"
        "<ul><li>Divers: done</li><li>Deck: next</li></ul>tail words"
    )
    expected = "Lead words\nQuay news\nThe pier will reopen.\nDivers: done\nDeck: next\ntail words"
    assert html_to_text(fragment) == expected


# -- registration ------------------------------------------------------------------------------------


def test_html_reader_is_registered() -> None:
    reader = registry.get("readers", "html")
    assert reader.read is read_html
    assert reader.sniff is looks_like_html
    assert reader.suffixes == (".html", ".htm", ".xhtml", ".shtml")
    assert reader.order == 40
