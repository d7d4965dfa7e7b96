"""Turns paths into SourceDocuments whose text is byte-for-byte what every span offset refers to."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .registry import registry
from .types import SourceDocument

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
"""Suffixes read by the "text" reader; "" is a file with no extension."""

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
"""Suffixes read by the "markdown" reader."""

DEFAULT_MAX_BYTES = 20_000_000
"""Files above this size are refused so one stray dump cannot stall a run."""

_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,9}")
"""What counts as an extension: `brief.2021` or `notes.v 2` keep their whole name as the stem."""

_REMEDY_FORMAT = "convert it to .txt or .md, or leave it out of the input"
_REMEDY_ENCODING = "save the file as UTF-8 plain text"


def doc_id(text: str) -> str:
    """Document identity: the sha256 of the stored text, so the same text is the same document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _suffix(path: Path) -> str:
    """The lower-cased extension, or "" when the name has none (or only a non-extension dot part)."""
    suffix = path.suffix
    return suffix.lower() if _EXTENSION.fullmatch(suffix) else ""


def _name(path: Path) -> str:
    """The document name: the file name without its extension."""
    return path.stem if _suffix(path) else path.name


def decode_text(data: bytes, path: str | None = None) -> str:
    """UTF-8 bytes as `open(path, encoding="utf-8").read()` gives them (universal newlines, BOM kept)."""
    if b"\x00" in data:
        raise InputError("binary or not UTF-8 text", remedy=_REMEDY_ENCODING, path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("binary or not UTF-8 text", remedy=_REMEDY_ENCODING, path=path) from None
    # The same translation io.TextIOWrapper applies with newline=None: \r\n and lone \r become \n.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.lstrip("\ufeff").strip():
        raise InputError("empty file", remedy="give a file that holds the article text", path=path)
    return text


def _read_plain(path: Path) -> SourceDocument:
    """Shared body of the text and Markdown readers: both keep the text verbatim."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc
    return SourceDocument(name=_name(path), text=decode_text(data, str(path)), origin=str(path))


@registry.register("readers", "text")
def read_text(path: Path) -> SourceDocument:
    """Reader for plain text (.txt, .text, no extension); refuses binary and non-UTF-8 content."""
    return _read_plain(Path(path))


@registry.register("readers", "markdown")
def read_markdown(path: Path) -> SourceDocument:
    """Reader for Markdown: the markup stays in the text (cleaning marks it) so offsets stay true."""
    return _read_plain(Path(path))


def reader_name(path: Path) -> str | None:
    """The registered reader for a path's extension, or None when the format is not read (yet)."""
    suffix = _suffix(path)
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return None


def _hidden(name: str) -> bool:
    """Dot-files and dot-folders (.git, .DS_Store, editor swap files) are never articles."""
    return name.startswith(".")


def _walk(root: Path) -> Iterator[Path | InputError]:
    """Files under a folder in component-wise path order, hidden entries skipped, errors reported."""
    found: list[Path] = []
    errors: list[InputError] = []

    def on_error(exc: OSError) -> None:
        where = exc.filename or str(root)
        errors.append(InputError(f"cannot read folder: {exc.strerror or exc}", path=str(where)))

    for folder, dirs, files in os.walk(root, onerror=on_error):
        dirs[:] = [d for d in dirs if not _hidden(d)]
        for name in files:
            if _hidden(name):
                continue
            path = Path(folder, name)
            if path.is_file():  # skips sockets, FIFOs and broken links that would block or fail
                found.append(path)
    yield from errors
    yield from sorted(found, key=lambda p: p.relative_to(root).parts)


def read_one(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    """Read one file with the reader its extension selects, raising InputError with the reason."""
    name = reader_name(path)
    if name is None:
        raise InputError(
            f"unsupported format {_suffix(path)} (text and Markdown are read; "
            "more formats come with `quotetrail ingest`)",
            remedy=_REMEDY_FORMAT,
            path=str(path),
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc
    if size > max_bytes:
        raise InputError(
            f"file larger than {max_bytes} bytes", remedy="split the file or raise the limit", path=str(path)
        )
    reader: Callable[[Path], SourceDocument] = registry.get("readers", name)
    return reader(path)


def iter_inputs(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[SourceDocument | InputError]:
    """Every document under the given files and folders, in a stable order; bad inputs come as errors."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            items: Iterable[Path | InputError] = _walk(path)
        elif path.is_file():
            items = [path]
        elif path.exists():
            yield InputError("not a regular file or folder", path=str(path))
            continue
        else:
            yield InputError("no such file or folder", path=str(path))
            continue
        for item in items:
            if isinstance(item, InputError):
                yield item
                continue
            try:
                yield read_one(item, max_bytes=max_bytes)
            except InputError as err:
                yield err
