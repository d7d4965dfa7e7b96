"""Turns paths, URLs and standard input into SourceDocuments, choosing each reader by content.

Reads: arguments (files, folders, globs, URLs, `-`). Writes: a stream of SourceDocument or
InputError, one error per thing that could not be read, so a batch never stops on bad input.
The stored text of a document is exactly what its reader yields; every later offset refers to it.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from .errors import InputError
from .registry import registry
from .sources import (
    DEFAULT_MAX_BYTES,
    HEAD_BYTES,
    Input,
    Reader,
    ReadOptions,
    register_reader,
    stem_of,
    suffix_of,
)
from .types import Metadata, SourceDocument

MAX_DEPTH = 3
"""Nested inputs (a feed's links, a WARC's pages) are followed this deep, never in a loop."""

SIDECAR_SUFFIX = ".meta.json"
"""`story.html.meta.json` or `story.meta.json` beside a file supplies or overrides its metadata."""

USER_FIELDS = ("title", "outlet", "author", "date", "language", "url")
"""Metadata fields a user may supply in a sidecar file or a metadata CSV."""

_URL = re.compile(r"https?://\S+\Z", re.IGNORECASE)
_GLOB_CHARS = re.compile(r"[*?\[]")

_REMEDY_ENCODING = "save the file as UTF-8 text, or give it in a format quotetrail reads (see --format)"
_REMEDY_FORMAT = "give text, Markdown, HTML, a feed, a JSONL/CSV export or a WARC, or leave it out"

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip file that is not a WARC"),
    (b"BZh", "bzip2 file"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0", "Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)
"""Signatures of common binary files, so the error names what the file is."""


def doc_id(text: str) -> str:
    """Document identity: the sha256 of the stored text, so the same text is the same document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def _is_text(head: bytes) -> bool:
    """True when the first bytes are UTF-8 text (a multi-byte character cut at the end is allowed)."""
    if b"\x00" in head or _binary_kind(head):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True


# --- the plain readers ---------------------------------------------------------------------------------


def _plain(inp: Input, opts: ReadOptions) -> Iterator[SourceDocument]:
    """Shared body of the text and Markdown readers: both keep the text verbatim."""
    text = decode_text(inp.read_bytes(opts.max_bytes), inp.origin)
    yield SourceDocument(
        name=inp.name,
        text=text,
        origin=inp.origin,
        url=inp.url,
        supplied=inp.supplied,
        reference_date=inp.reference_date,
    )


def _sniff_text(head: bytes, inp: Input) -> bool:
    """Anything that decodes as UTF-8 text is read as text, the last resort."""
    return _is_text(head)


def _sniff_markdown(head: bytes, inp: Input) -> bool:
    """Markdown is told apart from text by its extension or media type only."""
    return _is_text(head) and (inp.suffix in (".md", ".markdown") or inp.content_type == "text/markdown")


@register_reader("text", sniff=_sniff_text, suffixes=(".txt", ".text", ""), order=90)
def read_text(inp: Input, opts: ReadOptions) -> Iterator[SourceDocument]:
    """Reader for plain text; refuses binary and non-UTF-8 content."""
    return _plain(inp, opts)


@register_reader("markdown", sniff=_sniff_markdown, suffixes=(".md", ".markdown"), order=80)
def read_markdown(inp: Input, opts: ReadOptions) -> Iterator[SourceDocument]:
    """Reader for Markdown: the markup stays in the text (cleaning marks it) so offsets stay true."""
    return _plain(inp, opts)


def _url_lines(head: bytes) -> list[str] | None:
    """The lines of a URL list (every non-blank, non-# line one http(s) URL), else None."""
    if not _is_text(head):
        return None
    lines = [ln.strip() for ln in head.decode("utf-8", "ignore").splitlines()]
    if len(head) >= HEAD_BYTES:
        lines = lines[:-1]  # the last line may be cut
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    return lines if lines and all(_URL.match(ln) for ln in lines) else None


def _sniff_urls(head: bytes, inp: Input) -> bool:
    """A text file of nothing but URLs is a list of pages to fetch, not an article."""
    return _url_lines(head) is not None


@register_reader("urls", sniff=_sniff_urls, suffixes=(".urls",), order=70)
def read_url_list(inp: Input, opts: ReadOptions) -> Iterator[Input | InputError]:
    """Reader for a list of URLs, one per line (# comments allowed): each becomes a page to fetch."""
    with inp.open() as fh:
        for raw in fh:
            line = raw.decode("utf-8", "replace").strip()
            if not line or line.startswith("#"):
                continue
            if not _URL.match(line):
                yield InputError(f"not a URL: {line[:80]!r}", path=inp.origin, stage="read")
                continue
            yield Input(name=line, origin=line, url=line, depth=inp.depth + 1)


# --- choosing a reader ---------------------------------------------------------------------------------


def readers() -> list[Reader]:
    """Registered readers in sniffing order (plugins included)."""
    found = [registry.get("readers", n) for n in registry.names("readers")]
    return sorted((r for r in found if isinstance(r, Reader)), key=lambda r: (r.order, r.name))


def format_names() -> list[str]:
    """The input formats `--format` accepts."""
    return [r.name for r in readers()]


def choose_reader(inp: Input, head: bytes) -> Reader:
    """The reader whose sniffer claims the content first; the extension decides only between ties."""
    for reader in readers():
        if reader.sniff is not None and reader.sniff(head, inp):
            return reader
    what = _binary_kind(head)
    if what:
        raise InputError(f"binary file ({what})", remedy=_REMEDY_FORMAT, path=inp.origin)
    raise InputError("binary or not UTF-8 text", remedy=_REMEDY_ENCODING, path=inp.origin)


def _binary_kind(head: bytes) -> str | None:
    """What a binary file is by its signature, None when unknown."""
    return next((what for magic, what in _MAGIC if head.startswith(magic)), None)


# --- walking arguments ---------------------------------------------------------------------------------


def _hidden(name: str) -> bool:
    """Dot-files and dot-folders (.git, .DS_Store, editor swap files) are never articles."""
    return name.startswith(".")


def _walk(root: Path) -> Iterator[Path | InputError]:
    """Files under a folder in component-wise path order, hidden entries and sidecars skipped."""
    found: list[Path] = []
    errors: list[InputError] = []

    def on_error(exc: OSError) -> None:
        where = exc.filename or str(root)
        errors.append(InputError(f"cannot read folder: {exc.strerror or exc}", path=str(where)))

    for folder, dirs, files in os.walk(root, onerror=on_error):
        dirs[:] = [d for d in dirs if not _hidden(d)]
        for name in files:
            if _hidden(name) or name.endswith(SIDECAR_SUFFIX):
                continue
            path = Path(folder, name)
            if path.is_file():  # skips sockets, FIFOs and broken links that would block or fail
                found.append(path)
    yield from errors
    yield from sorted(found, key=lambda p: p.relative_to(root).parts)


def _file_input(path: Path) -> Input | InputError:
    """An Input for a file, with its sidecar metadata when there is one (a bad sidecar is the error)."""
    try:
        supplied = sidecar_metadata(path)
    except InputError as err:
        return err
    return Input(name=stem_of(path.name), origin=str(path), path=path, supplied=supplied)


def _arguments(paths: Iterable[str | Path], stdin: Callable[[], bytes]) -> Iterator[Input | InputError]:
    """Each argument as Inputs: a URL, `-` (standard input), a file, a folder or a glob."""
    for given in paths:
        arg = str(given)
        if isinstance(given, str) and _URL.match(arg):
            yield Input(name=arg, origin=arg, url=arg)
            continue
        if arg == "-" and isinstance(given, str):
            yield Input(name="stdin", origin="-", data=stdin())
            continue
        path = Path(given)
        if path.is_dir():
            for item in _walk(path):
                yield item if isinstance(item, InputError) else _file_input(item)
        elif path.is_file():
            yield _file_input(path)
        elif path.exists():
            yield InputError("not a regular file or folder", path=arg)
        elif _GLOB_CHARS.search(arg) and (matches := sorted(glob.glob(arg, recursive=True))):
            yield from _arguments(matches, stdin)
        else:
            yield InputError("no such file or folder", path=arg)


# --- metadata supplied by the user ---------------------------------------------------------------------


def sidecar_metadata(path: Path) -> Metadata:
    """Metadata from `NAME.EXT.meta.json` or `NAME.meta.json` beside a file; evidence "user"."""
    for candidate in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)):
        if candidate != path and candidate.is_file():
            return user_metadata(_load_json_object(candidate), str(candidate))
    return Metadata()


def _load_json_object(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read metadata file: {exc}", path=str(path)) from exc
    if not isinstance(data, dict):
        raise InputError("metadata file must hold one JSON object", path=str(path))
    return data


def user_metadata(values: dict[str, Any], where: str) -> Metadata:
    """Metadata a user gave (sidecar, metadata CSV): known fields only, each with evidence "user"."""
    from .language import primary_subtag
    from .metadata import normalise_date

    meta = Metadata()
    for key in USER_FIELDS:
        value = values.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        value = str(value).strip()
        if key == "date":
            parsed = normalise_date(value)
            if parsed is None:
                raise InputError(f"date {value!r} is not a date", remedy="write it as YYYY-MM-DD", path=where)
            value = parsed
        elif key == "language":
            value = primary_subtag(value) or value
        setattr(meta, key, value)
        meta.evidence[key] = "user"
    return meta


def overlay(base: Metadata, top: Metadata) -> Metadata:
    """`top`'s fields over `base`'s, each keeping its own evidence."""
    out = replace(base, evidence=dict(base.evidence))
    for key in USER_FIELDS:
        value = getattr(top, key)
        if value is not None:
            setattr(out, key, value)
            out.evidence[key] = top.evidence.get(key, "user")
    return out


# --- the dispatcher ------------------------------------------------------------------------------------


def _read(
    inp: Input, opts: ReadOptions, fmt: str, fetcher: Callable[[Input, ReadOptions], Input]
) -> Iterator[SourceDocument | InputError]:
    """One Input through its reader, nested inputs followed; every failure becomes an InputError."""
    try:
        if inp.data is None and inp.path is None:
            if inp.depth > 0 and not opts.fetch:
                raise InputError(
                    "link not fetched (fetching is off)",
                    remedy="drop --no-fetch",
                    path=inp.origin,
                    stage="fetch",
                )
            inp = fetcher(inp, opts)
        if fmt != "auto" and inp.depth == 0:
            reader: Reader = registry.get("readers", fmt)
        else:
            head = inp.head()
            if not head.strip():
                raise InputError(
                    "empty file", remedy="give a file that holds the article text", path=inp.origin
                )
            reader = choose_reader(inp, head)
        for item in reader.read(inp, opts):
            if isinstance(item, Input):
                if item.depth > MAX_DEPTH:
                    yield InputError("inputs nested too deep", path=item.origin)
                else:
                    yield from _read(item, opts, "auto", fetcher)
            elif isinstance(item, SourceDocument) and inp.supplied.evidence:
                yield replace(item, supplied=overlay(item.supplied, inp.supplied))
            else:
                yield item
    except InputError as err:
        if err.path is None:
            err.path = inp.origin
        yield err
    except Exception as exc:
        yield InputError(f"unexpected error while reading: {type(exc).__name__}: {exc}", path=inp.origin)


def iter_inputs(
    paths: Iterable[str | Path],
    *,
    options: ReadOptions | None = None,
    fmt: str = "auto",
    max_bytes: int | None = None,
    stdin: Callable[[], bytes] | None = None,
    fetcher: Callable[[Input, ReadOptions], Input] | None = None,
) -> Iterator[SourceDocument | InputError]:
    """Every document under the given arguments, in a stable order; bad inputs come as errors."""
    from .fetch import fetch

    opts = options or ReadOptions()
    if max_bytes is not None:
        opts = replace(opts, max_bytes=max_bytes)
    if fmt != "auto" and fmt not in format_names():
        raise InputError(f"unknown format {fmt!r}", remedy=f"one of auto, {', '.join(format_names())}")
    read_stdin = stdin or (lambda: sys.stdin.buffer.read())
    for item in _arguments(paths, read_stdin):
        if isinstance(item, InputError):
            yield item
        else:
            yield from _read(item, opts, fmt, fetcher or fetch)


def read_one(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    """The single document of one file, raising InputError with the reason when there is none."""
    for item in iter_inputs([path], max_bytes=max_bytes):
        if isinstance(item, InputError):
            raise item
        return item
    raise InputError("no document in the file", path=str(path))


def reader_name(path: Path) -> str | None:
    """The reader an extension suggests (a hint only: content decides), or None when none claims it."""
    suffix = suffix_of(path.name)
    return next((r.name for r in readers() if suffix in r.suffixes), None)


__all__ = [
    "DEFAULT_MAX_BYTES",
    "choose_reader",
    "decode_text",
    "doc_id",
    "format_names",
    "iter_inputs",
    "read_markdown",
    "read_one",
    "read_text",
    "readers",
    "sidecar_metadata",
    "user_metadata",
]

# The built-in readers register themselves on import, exactly as plugins do through entry points.
from . import exports, feeds, html, warc  # noqa: E402, F401
