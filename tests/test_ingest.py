"""Ingest: paths become SourceDocuments with exact text, or InputErrors naming the file and the reason."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from quotetrail.errors import InputError
from quotetrail.ingest import doc_id, iter_inputs, read_markdown, read_text
from quotetrail.registry import registry
from quotetrail.sources import Input, ReadOptions
from quotetrail.types import SourceDocument

CORPUS = Path(__file__).parent / "resources" / "ingest" / "corpus"

NO_ARTICLE = "no article text found in the page"


def _summary(item: SourceDocument | InputError) -> tuple[str, str, str]:
    """Comparable view of one yielded item: kind, file, and text or reason."""
    if isinstance(item, SourceDocument):
        return ("doc", item.origin, item.text)
    return ("error", str(item.path), item.message)


def _one(path: Path, **kw: int) -> SourceDocument | InputError:
    """The single item iter_inputs yields for one file."""
    items = list(iter_inputs([path], **kw))
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize(
    ("relpath", "name", "starts"),
    [
        ("a_note.md", "a_note", "# Ferry Timetable Changes\n"),
        ("b_story.txt", "b_story", "Pier Vote Passes\n"),
        ("nested/c_wire", "c_wire", "VELDHAVEN (NPW) - "),
        ("nested/deeper/d_brief.text", "d_brief", "Council Brief\n"),
        (".hidden.txt", ".hidden", "A hidden note"),  # named explicitly, so read
    ],
)
def test_reads_supported_file(relpath: str, name: str, starts: str) -> None:
    path = CORPUS / relpath
    doc = _one(path)
    assert isinstance(doc, SourceDocument)
    assert doc.name == name
    assert doc.origin == str(path)
    assert doc.text.startswith(starts)
    with open(path, encoding="utf-8") as fh:
        assert doc.text == fh.read()


@pytest.mark.parametrize(
    ("relpath", "reason"),
    [
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
        ("page.html", NO_ARTICLE),
        ("no_such_file.txt", "no such file or folder"),
    ],
)
def test_bad_file_yields_error(relpath: str, reason: str) -> None:
    path = CORPUS / relpath
    err = _one(path)
    assert isinstance(err, InputError)
    assert err.path == str(path)
    assert err.message == reason
    assert err.code == "QT100"
    assert str(path) in err.one_line()


def test_folder_is_read_recursively_in_path_order_skipping_hidden() -> None:
    items = list(iter_inputs([CORPUS]))
    got = [
        (
            Path(i.origin if isinstance(i, SourceDocument) else str(i.path)).relative_to(CORPUS).as_posix(),
            type(i).__name__,
        )
        for i in items
    ]
    assert got == [
        ("a_note.md", "SourceDocument"),
        ("b_story.txt", "SourceDocument"),
        ("blank.txt", "InputError"),
        ("empty.txt", "InputError"),
        ("nested/c_wire", "SourceDocument"),
        ("nested/deeper/d_brief.text", "SourceDocument"),
        ("page.html", "InputError"),
    ]
    again = list(iter_inputs([str(CORPUS)]))  # str or Path, same result, every run
    assert [_summary(i) for i in items] == [_summary(i) for i in again]


def test_files_and_folders_mixed_keep_argument_order(tmp_path: Path) -> None:
    items = list(iter_inputs([CORPUS / "b_story.txt", tmp_path / "missing", CORPUS / "nested"]))
    kinds = [(type(i).__name__, getattr(i, "name", None) or Path(str(i.path)).name) for i in items]
    assert kinds == [
        ("SourceDocument", "b_story"),
        ("InputError", "missing"),
        ("SourceDocument", "c_wire"),
        ("SourceDocument", "d_brief"),
    ]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'Pier Vote\r\n\r\n"We won," she said.\r\nEnd\r\n', 'Pier Vote\n\n"We won," she said.\nEnd\n'),
        (b"Pier Vote\r\rShe said yes.\r", "Pier Vote\n\nShe said yes.\n"),
        (b"Mixed\r\nlines\rhere\nend", "Mixed\nlines\nhere\nend"),
        (b"\xef\xbb\xbfBOM kept\r\nsecond", "\ufeffBOM kept\nsecond"),
        ("Caf\u00e9 \u201cquoted\u201d\r\n".encode(), "Caf\u00e9 \u201cquoted\u201d\n"),
    ],
)
def test_text_equals_open_read_for_any_newlines(tmp_path: Path, data: bytes, expected: str) -> None:
    path = _write(tmp_path, "story.txt", data)
    doc = _one(path)
    assert isinstance(doc, SourceDocument)
    with open(path, encoding="utf-8") as fh:
        reference = fh.read()
    assert doc.text == reference == expected
    # Offsets downstream index this text: a word found in one is at the same place in the other.
    word = expected.split()[1]
    assert doc.text.index(word) == reference.index(word)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image)"),
        ("latin1.txt", "Caf\u00e9 au lait".encode("latin-1"), "binary or not UTF-8 text"),
        ("nul.md", b"text with a \x00 NUL byte", "binary or not UTF-8 text"),
        ("noext", b"\xff\xfe\x00h\x00i", "binary or not UTF-8 text"),
        ("report.pdf", b"%PDF-1.7\n", "binary file (PDF)"),
        ("archive.txt", b"PK\x03\x04rest", "binary file (ZIP archive or Office document)"),
        ("plain.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "binary file (gzip file that is not a WARC)"),
        ("bom_only.txt", b"\xef\xbb\xbf\r\n", "empty file"),
    ],
)
def test_bad_content_yields_error_and_iteration_continues(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    bad = _write(tmp_path, name, data)
    _write(tmp_path, "zz_good.txt", b"Good story\n\nShe said it was fine.\n")
    items = list(iter_inputs([tmp_path]))
    assert len(items) == 2
    err, good = items
    assert isinstance(err, InputError)
    assert (err.path, err.message) == (str(bad), reason)
    assert isinstance(good, SourceDocument) and good.name == "zz_good"


def test_oversize_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "long.txt", b"x" * 101)
    err = _one(path, max_bytes=100)
    assert isinstance(err, InputError)
    assert (err.path, err.message) == (str(path), "larger than 100 bytes (101 bytes)")
    assert isinstance(_one(path, max_bytes=101), SourceDocument)


def test_name_keeps_non_extension_dot_parts(tmp_path: Path) -> None:
    doc = _one(_write(tmp_path, "brief.2021", b"Council brief.\n"))
    assert isinstance(doc, SourceDocument) and doc.name == "brief.2021"


def test_readers_are_registered() -> None:
    assert registry.get("readers", "text").read is read_text
    assert registry.get("readers", "markdown").read is read_markdown
    path = CORPUS / "empty.txt"
    with pytest.raises(InputError) as info:
        list(read_text(Input(name="empty", origin=str(path), path=path), ReadOptions()))
    assert info.value.message == "empty file"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("Caf\u00e9", hashlib.sha256("Caf\u00e9".encode()).hexdigest()),
    ],
)
def test_doc_id_is_sha256_of_utf8_text(text: str, expected: str) -> None:
    assert doc_id(text) == expected


def test_doc_id_same_for_crlf_and_lf_files(tmp_path: Path) -> None:
    crlf = _one(_write(tmp_path, "a.txt", b"Title\r\n\r\nBody.\r\n"))
    lf = _one(_write(tmp_path, "b.txt", b"Title\n\nBody.\n"))
    assert isinstance(crlf, SourceDocument) and isinstance(lf, SourceDocument)
    assert doc_id(crlf.text) == doc_id(lf.text)
    assert doc_id(crlf.text) != doc_id(crlf.text + " ")
