"""The reader protocol: what a reader is given (an Input), what it may yield, and how it registers.

A reader turns one Input into documents. It yields, in input order:
- `SourceDocument` for each article it found;
- `InputError` for each part it could not read (the run goes on with the rest);
- a nested `Input` for content another reader should handle: a WARC record's HTML payload, a feed
  item's link, a URL in a list. The dispatcher (`ingest.iter_inputs`) sniffs nested inputs and
  fetches the ones that carry only a URL.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .registry import registry
from .types import Metadata, SourceDocument

DEFAULT_MAX_BYTES = 20_000_000
"""Single-document inputs above this size are refused so one stray dump cannot stall a run."""

HEAD_BYTES = 8192
"""How much of an input the sniffers look at."""

_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,9}")
"""What counts as an extension: `brief.2021` or `notes.v 2` keep their whole name as the stem."""

COLUMN_FIELDS = ("id", "text", "url", "title", "date", "outlet", "author", "language")
"""Fields an export row may map to a column (`--column text=body`)."""


def suffix_of(name: str) -> str:
    """The lower-cased extension of a file name, or "" when it has none (or only a non-extension dot)."""
    suffix = Path(name).suffix
    return suffix.lower() if _EXTENSION.fullmatch(suffix) else ""


def stem_of(name: str) -> str:
    """A file name without its extension (`story.html` -> `story`, `brief.2021` stays whole)."""
    path = Path(name)
    return path.stem if suffix_of(name) else path.name


@dataclass
class Input:
    """One thing to read: a file, bytes in memory (stdin, a fetched page, a WARC record) or a URL to fetch."""

    name: str
    """Document name for a single-document input: the file stem, or the URL."""
    origin: str
    """Where it came from, as errors and `document_sources` show it: a path, a URL, `file.warc.gz@1234`."""
    path: Path | None = None
    data: bytes | None = None
    url: str | None = None
    content_type: str | None = None
    """The media type a server or WARC header declared (`text/html`), without parameters."""
    supplied: Metadata = field(default_factory=Metadata)
    """Metadata known before reading (feed item, export row, sidecar), carried onto the documents."""
    reference_date: str | None = None
    depth: int = 0
    """How many readers this input passed through (a feed inside a WARC is 1); bounds recursion."""

    @property
    def suffix(self) -> str:
        """The extension of the file name (or URL path) in lower case, "" when none."""
        if self.path is not None:
            return suffix_of(self.path.name)
        if self.url:
            return suffix_of(self.url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1])
        return ""

    def open(self) -> BinaryIO:
        """A binary stream of the content, for readers that stream (WARC, JSONL, CSV)."""
        if self.data is not None:
            return io.BytesIO(self.data)
        if self.path is not None:
            try:
                return self.path.open("rb")
            except OSError as exc:
                raise InputError(f"cannot read file: {exc.strerror or exc}", path=self.origin) from exc
        raise InputError("nothing to read: the input has no content", path=self.origin)

    def head(self, n: int = HEAD_BYTES) -> bytes:
        """The first `n` bytes, what sniffers decide on."""
        if self.data is not None:
            return self.data[:n]
        with self.open() as fh:
            return fh.read(n)

    def size(self) -> int | None:
        """Size in bytes when known without reading."""
        if self.data is not None:
            return len(self.data)
        if self.path is not None:
            try:
                return self.path.stat().st_size
            except OSError:
                return None
        return None

    def read_bytes(self, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
        """The whole content for single-document readers, refused above `max_bytes`."""
        size = self.size()
        if size is not None and size > max_bytes:
            raise InputError(
                f"larger than {max_bytes} bytes ({size} bytes)",
                remedy="split the input or raise the limit with --max-bytes",
                path=self.origin,
            )
        if self.data is not None:
            return self.data
        with self.open() as fh:
            try:
                return fh.read()
            except OSError as exc:
                raise InputError(f"cannot read file: {exc.strerror or exc}", path=self.origin) from exc


@dataclass
class ReadOptions:
    """Settings every reader receives; the CLI fills them from its options."""

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = 20.0
    """Seconds a URL fetch may take (connect and each read)."""
    fetch: bool = True
    """Follow links: URLs in a list, feed items without content, export rows without text."""
    columns: dict[str, str] = field(default_factory=dict)
    """Export column names by field (`{"text": "body"}`), overriding the usual names."""
    user_agent: str = "quotetrail (+https://github.com/quotetrail/quotetrail)"


ReadResult = SourceDocument | InputError | Input
ReadFunc = Callable[[Input, ReadOptions], Iterable[ReadResult]]
SniffFunc = Callable[[bytes, Input], bool]


@dataclass(frozen=True)
class Reader:
    """A registered input kind: how to read it, and how to recognise it by content and name."""

    name: str
    read: ReadFunc
    sniff: SniffFunc | None = None
    """True when the first bytes (and the input's name or media type) are this kind's."""
    suffixes: tuple[str, ...] = ()
    """Extensions that suggest this kind when the content decides nothing."""
    order: int = 50
    """Sniffers run in ascending order: specific formats (WARC, feeds) before loose ones (text)."""


def register_reader(
    name: str, *, sniff: SniffFunc | None = None, suffixes: Iterable[str] = (), order: int = 50
) -> Callable[[ReadFunc], ReadFunc]:
    """Decorator: register a read function as input kind `name` (plugins use the same entry point)."""

    def deco(func: ReadFunc) -> ReadFunc:
        reader = Reader(name=name, read=func, sniff=sniff, suffixes=tuple(suffixes), order=order)
        registry.register("readers", name)(reader)
        return func

    return deco


__all__ = [
    "COLUMN_FIELDS",
    "DEFAULT_MAX_BYTES",
    "Input",
    "ReadOptions",
    "ReadResult",
    "Reader",
    "register_reader",
    "stem_of",
    "suffix_of",
]
