"""Export readers: each row with text is a document with the user's metadata; bad rows are errors in place."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from quotetrail.exports import (
    looks_like_csv,
    looks_like_jsonl,
    normalise_date,
    read_csv,
    read_jsonl,
)
from quotetrail.language import primary_subtag
from quotetrail.registry import registry
from quotetrail.sources import HEAD_BYTES, Input, ReadOptions, ReadResult
from quotetrail.types import Metadata, SourceDocument

READERS = Path(__file__).parent / "resources" / "readers"
Reader = Callable[[Input, ReadOptions], Iterable[ReadResult]]


def _meta(**fields: str) -> Metadata:
    """Metadata whose every field came from the user's export."""
    return Metadata(**fields, evidence=dict.fromkeys(fields, "user"))  # type: ignore[arg-type]


def _file(name: str) -> Input:
    path = READERS / name
    return Input(name=path.stem, origin=str(path), path=path)


def _data(data: bytes, name: str = "rows", **kw: object) -> Input:
    return Input(name=name, origin=name, data=data, **kw)  # type: ignore[arg-type]


def _read(reader: Reader, inp: Input, **opts: object) -> list[ReadResult]:
    return list(reader(inp, ReadOptions(**opts)))  # type: ignore[arg-type]


def _summary(item: ReadResult) -> tuple[object, ...]:
    """Comparable view of one yielded item."""
    if isinstance(item, SourceDocument):
        return ("doc", item.name, item.origin, item.url, item.text, item.supplied, item.reference_date)
    if isinstance(item, Input):
        return ("input", item.name, item.origin, item.url, item.supplied, item.depth, item.data)
    return ("error", item.message, item.path, item.stage)


# --- the committed fixtures ---------------------------------------------------------------------------------

JSONL = str(READERS / "export.jsonl")
CSV = str(READERS / "export.csv")
COURIER = "https://veldhaven-courier.example/2019/11/harbour-wall"
GAZETTE = "https://ostmere-gazette.example/ferry-timetable"
PIER = "https://saltbridge-post.example/pier-vote"
HERALD = "https://brackwater-herald.example"


def test_jsonl_export() -> None:
    items = _read(read_jsonl, _file("export.jsonl"))
    assert [_summary(i) for i in items] == [
        (
            "doc",
            "1001",
            f"{JSONL}#1",
            COURIER,
            "The Veldhaven harbour council approved repairs to the north wall on Saturday.\n\n"
            '"We cannot wait for another storm," said harbourmaster Ilse Brandvoort.',
            _meta(
                title="Harbour wall repairs approved",
                outlet="Veldhaven Courier",
                author="Mara Quellen, Tomas Reyl",
                date="2019-11-24",
                language="en",
                url=COURIER,
            ),
            None,
        ),
        (
            "doc",
            GAZETTE,  # no id column: the URL names the document
            f"{JSONL}#2",
            GAZETTE,
            "The Ostmere ferry will leave an hour earlier from March, the island council said.\n\n"
            '"Fishermen asked for it," councillor Anouk Verlaan told the Gazette.',
            _meta(
                title="Ferry timetable to change in spring",
                outlet="Ostmere Gazette",
                author="Pieter Holm",
                date="2019-11-24",
                language="en",
                url=GAZETTE,
            ),
            None,
        ),
        ("error", "line 3: invalid JSON (Unterminated string starting at)", JSONL, "read"),
        (
            "input",
            PIER,
            PIER,
            PIER,
            _meta(title="Pier vote postponed", outlet="Saltbridge Post", date="2019-11-25", url=PIER),
            1,
            None,
        ),
    ]


def test_csv_export() -> None:
    items = _read(read_csv, _file("export.csv"))
    herald = {"outlet": "Brackwater Herald", "language": "en"}
    assert [_summary(i) for i in items] == [
        (
            "doc",
            "2001",
            f"{CSV}#1",
            f"{HERALD}/lanterns",
            "The lantern festival returns to the Brackwater quay on Friday after two quiet years.",
            _meta(
                title="Lantern festival returns to Brackwater",
                date="2019-11-24",
                url=f"{HERALD}/lanterns",
                **herald,
            ),
            None,
        ),
        (
            "doc",
            "2002",
            f"{CSV}#2",
            f"{HERALD}/tide-gauge",
            "The tide gauge at Brackwater pier failed again, the third time this month.\n\n"
            '"It reads high, then low, then nothing," said pier warden Ottilie Marsk, who asked the council '
            "for a new one.",
            _meta(
                title="Tide gauge, again, out of order",
                date="2019-11-23",
                url=f"{HERALD}/tide-gauge",
                **herald,
            ),
            None,
        ),
        (
            "input",
            f"{HERALD}/quay-budget",
            f"{HERALD}/quay-budget",
            f"{HERALD}/quay-budget",
            _meta(title="Quay budget published", date="2019-11-22", url=f"{HERALD}/quay-budget", **herald),
            1,
            None,
        ),
    ]


@pytest.mark.parametrize(("reader", "name"), [(read_jsonl, "export.jsonl"), (read_csv, "export.csv")])
def test_reference_date_and_depth_are_carried(reader: Reader, name: str) -> None:
    inp = _file(name)
    inp.reference_date, inp.depth = "2019-12-01", 2
    items = _read(reader, inp)
    assert {i.reference_date for i in items if isinstance(i, SourceDocument)} == {"2019-12-01"}
    assert {i.depth for i in items if isinstance(i, Input)} == {3}


# --- columns ------------------------------------------------------------------------------------------------

CUSTOM = str(READERS / "custom_columns.csv")
MOORING = "Mooring fees at Kestelholm harbour will rise by a tenth in January, the harbour board said."


@pytest.mark.parametrize(
    ("columns", "first"),
    [
        ({}, (MOORING, _meta(title="Mooring fees to rise", outlet="Kestelholm Tidings"))),
        (
            {"date": "when"},
            (MOORING, _meta(title="Mooring fees to rise", outlet="Kestelholm Tidings", date="2019-12-03")),
        ),
        (
            {"date": "WHEN", "outlet": "headline"},  # case-insensitive; a column may serve two fields
            (MOORING, _meta(title="Mooring fees to rise", outlet="Mooring fees to rise", date="2019-12-03")),
        ),
        (
            {"text": "headline", "title": "body"},
            ("Mooring fees to rise", _meta(title=MOORING, outlet="Kestelholm Tidings")),
        ),
    ],
)
def test_column_overrides(columns: dict[str, str], first: tuple[str, Metadata]) -> None:
    items = _read(read_csv, _file("custom_columns.csv"), columns=columns)
    assert len(items) == 2
    doc = items[0]
    assert isinstance(doc, SourceDocument)
    assert (doc.name, doc.origin, doc.url) == ("custom_columns#1", f"{CUSTOM}#1", None)
    assert (doc.text, doc.supplied) == first


def test_a_date_without_year_is_partial() -> None:
    items = _read(read_csv, _file("custom_columns.csv"), columns={"date": "when"})
    assert [i.supplied.date for i in items] == ["2019-12-03", "--12-01"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("reader", "name", "columns", "message"),
    [
        (
            read_csv,
            "custom_columns.csv",
            {"text": "article_body"},
            "column 'article_body' not found; columns are: headline, body, site, when",
        ),
        (
            read_csv,
            "export.csv",
            {"title": "title", "author": "byline"},
            "column 'byline' not found; columns are: stories_id, publish_date, title, url, language, "
            "media_name, text",
        ),
        (
            read_jsonl,
            "export.jsonl",
            {"text": "article.body"},
            "column 'article.body' not found; columns are: stories_id, url, title, publish_date, media_name, "
            "authors, language, text",
        ),
    ],
)
def test_a_missing_named_column_fails_the_whole_file(
    reader: Reader, name: str, columns: dict[str, str], message: str
) -> None:
    items = _read(reader, _file(name), columns=columns)
    assert [_summary(i) for i in items] == [("error", message, str(READERS / name), "read")]


def test_jsonl_dotted_columns_walk_nested_objects() -> None:
    data = (
        b'{"article": {"body": "The Kestelholm quay reopened.", "headline": "Quay reopens"}, '
        b'"meta": {"link": "https://kestelholm.example/quay", "when": "2020-05-01T09:00:00+02:00"}}\n'
    )
    columns = {"text": "article.body", "title": "article.headline", "url": "meta.link", "date": "meta.when"}
    items = _read(read_jsonl, _data(data), columns=columns)
    url = "https://kestelholm.example/quay"
    assert [_summary(i) for i in items] == [
        (
            "doc",
            url,
            "rows#1",
            url,
            "The Kestelholm quay reopened.",
            _meta(title="Quay reopens", date="2020-05-01", url=url),
            None,
        )
    ]


def test_csv_without_text_or_url_column() -> None:
    items = _read(read_csv, _data(b"headline,site\nQuay reopens,Kestelholm Tidings\n", "rows.csv"))
    assert [_summary(i) for i in items] == [
        ("error", "no text or url column; columns are: headline, site", "rows.csv", "read")
    ]


# --- values -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        ("2019-11-24T10:00:00Z", None, "2019-11-24"),
        ("2019-11-24 10:00:00", None, "2019-11-24"),
        ("2019-11-24 23:30:00.123456", None, "2019-11-24"),
        ("2019-11-24T23:30:00-05:00", None, "2019-11-24"),  # the day the outlet wrote, not UTC's
        ("2019-11-24", None, "2019-11-24"),
        ("24 November 2019", None, "2019-11-24"),
        ("Sunday, 24 Nov 2019 10:00 GMT", None, "2019-11-24"),
        ("Nov 24", None, "--11-24"),
        ("24 novembre 2019", "fr", "2019-11-24"),
        ("24 November 2019", "xx", "2019-11-24"),  # a language dateparser does not know falls back to English
        ("garbage", None, None),
        ("2019-02-30", None, None),  # ISO-like but no such day: not guessed at
        ("November 2019", None, None),  # no day
        ("1574589600", None, None),
        ("  ", None, None),
    ],
)
def test_normalise_date(value: str, language: str | None, expected: str | None) -> None:
    assert normalise_date(value, language, "2019-12-01") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en-GB", "en"),
        ("EN", "en"),
        ("pt_BR", "pt"),
        ("fr-FR", "fr"),
        ("12", None),
        ("", None),
        ("e", None),
    ],
)
def test_language_column_is_its_primary_subtag(value: str, expected: str | None) -> None:
    assert primary_subtag(value) == expected


@pytest.mark.parametrize(
    ("date", "language", "expected"),
    [
        ("2019-11-24T10:00:00Z", "en", "2019-11-24"),
        ("24 novembre 2019", "fr-FR", "2019-11-24"),  # the row's language guides the parse
        ("Nov 24", "en", "--11-24"),
        ("soon", "en", None),
    ],
)
def test_row_dates_are_normalised_or_left_out(date: str, language: str, expected: str | None) -> None:
    data = f"text,date,language\nThe Saltbridge pier vote was postponed.,{date},{language}\n".encode()
    (doc,) = _read(read_csv, _data(data, "rows.csv"))
    assert isinstance(doc, SourceDocument)
    assert doc.supplied.date == expected
    assert ("date" in doc.supplied.evidence) is (expected is not None)


# --- bad rows -----------------------------------------------------------------------------------------------

GOOD_LINE = b'{"text": "The Saltbridge pier vote was postponed.", "id": "a"}\n'


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b'{"text": "caf\xe9 on the quay"}\n', "line 2: not UTF-8 text"),
        (b'["a", "list"]\n', "line 2: not a JSON object (list)"),
        (b'"a string"\n', "line 2: not a JSON object (str)"),
        (b'{"text": "quay" "pier"}\n', "line 2: invalid JSON (Expecting ',' delimiter)"),
        (b'{"title": "No body"}\n', "row 2: no text and no url"),
        (b'{"text": "   ", "url": "n/a"}\n', "row 2: no text and no url"),
    ],
)
def test_a_bad_jsonl_line_is_an_error_and_reading_goes_on(line: bytes, message: str) -> None:
    data = GOOD_LINE + line + b"\n" + GOOD_LINE.replace(b'"a"', b'"b"')
    items = _read(read_jsonl, _data(data))
    assert [_summary(i)[:2] for i in items] == [("doc", "a"), ("error", message), ("doc", "b")]
    assert [i.origin for i in items if isinstance(i, SourceDocument)] == ["rows#1", "rows#4"]


def test_a_bad_csv_row_is_an_error_and_reading_goes_on() -> None:
    data = b"id,text,url\na,Quay reopens.,\nb,caf\xe9,\nc,,\nd,Pier closes.,\n"
    items = _read(read_csv, _data(data, "rows.csv"))
    assert [_summary(i)[:2] for i in items] == [
        ("doc", "a"),
        ("error", "row 2: not UTF-8 text"),
        ("error", "row 3: no text and no url"),
        ("doc", "d"),
    ]


@pytest.mark.parametrize(("reader", "row"), [(read_jsonl, b'{"text": "%s"}\n'), (read_csv, b'"%s"\n')])
def test_a_row_over_max_bytes_is_an_error_for_that_row(reader: Reader, row: bytes) -> None:
    header = b"text\n" if reader is read_csv else b""
    data = header + row % (b"x" * 101) + row % b"short enough"
    items = _read(reader, _data(data), max_bytes=100)
    assert [_summary(i)[:2] for i in items] == [
        ("error", "row 1: text larger than 100 bytes (101 bytes)"),
        ("doc", "rows#2"),
    ]


def test_a_csv_field_over_the_csv_module_default_limit_is_read() -> None:
    text = "The harbour wall. " * 10_000  # 180,000 characters; the csv module refuses fields over 131,072
    data = f'text\n"{text}"\n'.encode()
    (doc,) = _read(read_csv, _data(data, "rows.csv"))
    assert isinstance(doc, SourceDocument) and doc.text == text


@pytest.mark.parametrize(
    ("reader", "data"),
    [
        (read_jsonl, b""),
        (read_jsonl, b"\n  \n\n"),
        (read_csv, b""),
        (read_csv, b"text,url\n"),
        (read_csv, b"text,url\r\n\r\n\r\n"),
    ],
)
def test_an_export_without_rows(reader: Reader, data: bytes) -> None:
    items = _read(reader, _data(data))
    assert [_summary(i) for i in items] == [("error", "export has no rows", "rows", "read")]


# --- CSV dialects and newlines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rows.csv", b'title,text\r\nQuay,"Line one,\r\nline two\rline three"\r\n'),
        ("rows.tsv", b'title\ttext\nQuay\t"Line one,\nline two\nline three"\n'),
        ("rows", b'title;text\nQuay;"Line one,\nline two\nline three"\n'),
        ("rows.csv", b'\xef\xbb\xbfTitle,Text\nQuay,"Line one,\nline two\r\nline three"\n'),
    ],
)
def test_csv_dialects_and_newlines(name: str, data: bytes) -> None:
    (doc,) = _read(read_csv, _data(data, name))
    assert isinstance(doc, SourceDocument)
    assert (doc.name, doc.text, doc.supplied) == (
        f"{name.split('.')[0]}#1",
        "Line one,\nline two\nline three",
        _meta(title="Quay"),
    )


# --- streaming ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reader", "header", "row"),
    [
        (read_jsonl, b"", b'{"id": "%d", "text": "The Ostmere ferry left on time, day %d."}\n'),
        (read_csv, b"id,text\n", b'%d,"The Ostmere ferry left on time, day %d."\n'),
    ],
)
def test_rows_stream_instead_of_reading_the_whole_file(reader: Reader, header: bytes, row: bytes) -> None:
    data = header + b"".join(row % (n, n) for n in range(20_000))
    stream = io.BytesIO(data)

    class Streamed(Input):
        def open(self) -> io.BytesIO:  # type: ignore[override]
            return stream

    items = iter(reader(Streamed(name="rows", origin="rows"), ReadOptions()))
    first = next(items)
    assert isinstance(first, SourceDocument) and first.name == "0"
    assert stream.tell() < len(data) // 10
    assert sum(1 for _ in items) == 19_999


# --- sniffing and registration ------------------------------------------------------------------------------

PROSE = b"The council met on Monday, and the harbour text was read aloud.\nIt took an hour.\n"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'{"text": "The quay reopened.", "url": "https://x.example/"}\n{"text": "b"}\n', True),
        (b'\xef\xbb\xbf\n\n{"title": "Quay"}', True),  # BOM, blank lines, a whole one-line file
        (b'{"text": "' + b"x" * HEAD_BYTES, True),  # first line longer than the head
        (b'{\n  "text": "pretty-printed JSON"\n}\n', False),
        (b'["a", "list"]\n', False),
        (b"{not json}\n", False),
        (b"{curly prose} is how the note began.\n", False),
        (PROSE, False),
        (b"", False),
    ],
)
def test_looks_like_jsonl(head: bytes, expected: bool) -> None:
    assert looks_like_jsonl(head, Input(name="x", origin="x")) is expected


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"stories_id,publish_date,title,url,language,media_name,text\n1,2019,A,u,en,M,T\n", "x", True),
        (b"headline;body;site\nQuay;Text;Tidings\n", "x", True),
        (b"Title\tURL\nQuay\thttps://x.example/\n", "x", True),
        (b'"title","text"\n"Quay","A ' + b"long " * 2000 + b'text"\n', "x", True),  # row longer than the head
        (PROSE, "notes.csv", True),  # the name decides
        (PROSE, "notes.txt", False),
        (b"Text, lies and video\n\nThe film opened on the Brackwater quay.\n", "x", False),
        (b"Text, lies and video\nA review by the Herald.\n", "x", False),
        (b"Link, please: the council forgot to publish it.\n", "x", False),
        (b"a,b,c\n1,2,3\n", "x", False),  # no text or url column
        (b"text\nThe quay reopened.\n", "x", False),  # one field is no table
        (b"", "x", False),
    ],
)
def test_looks_like_csv(head: bytes, name: str, expected: bool) -> None:
    assert looks_like_csv(head, Input(name=name, origin=name, path=Path(name))) is expected


@pytest.mark.parametrize(
    ("name", "func", "sniff", "suffixes", "order"),
    [
        ("jsonl", read_jsonl, looks_like_jsonl, (".jsonl", ".ndjson", ".json"), 30),
        ("csv", read_csv, looks_like_csv, (".csv", ".tsv"), 60),
    ],
)
def test_registered(name: str, func: Reader, sniff: object, suffixes: tuple[str, ...], order: int) -> None:
    reader = registry.get("readers", name)
    assert reader.read is func
    assert reader.sniff is sniff
    assert (reader.suffixes, reader.order) == (suffixes, order)


def test_plain_metadata_values_are_stripped_and_lists_joined() -> None:
    data = b'{"text": "Body.", "title": "  Quay  ", "authors": ["A. Holm", {"name": "B. Reyl"}, ""]}\n'
    (doc,) = _read(read_jsonl, _data(data))
    assert isinstance(doc, SourceDocument)
    assert doc.supplied == _meta(title="Quay", author="A. Holm, B. Reyl")
