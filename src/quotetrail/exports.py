"""Reads article exports (JSON Lines, CSV/TSV) from Media Cloud, scrapers and spreadsheets, row by row.

Every row with text becomes a document whose metadata the export supplied (evidence "user"); a row with
only a URL becomes a nested input the dispatcher may fetch. Files are streamed, so an export of a million
stories never sits in memory, and one bad row is reported without losing the others.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from .errors import InputError
from .language import primary_subtag
from .metadata import normalise_date
from .sources import COLUMN_FIELDS, HEAD_BYTES, Input, ReadOptions, ReadResult, register_reader, stem_of
from .types import Metadata, SourceDocument

USUAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc", "stories_id", "story_id", "uid"),
    "text": ("text", "content", "body", "article", "story_text", "full_text", "maintext"),
    "url": ("url", "link", "permalink", "guid"),
    "title": ("title", "headline"),
    "date": (
        "date",
        "publish_date",
        "published",
        "publication_date",
        "pubdate",
        "published_at",
        "date_publish",
    ),
    "outlet": ("outlet", "media_name", "source", "site", "sitename", "publisher", "domain", "media"),
    "author": ("author", "authors", "byline", "creator"),
    "language": ("language", "lang"),
}
"""Column names tried per field, first match wins (case-insensitive), unless the user names the column."""

META_FIELDS = ("title", "outlet", "author", "date", "language", "url")
"""Fields that go into the supplied Metadata (id and text do not)."""

CSV_SUFFIXES = (".csv", ".tsv")
_DELIMITERS = (",", "\t", ";")
_TELLING = frozenset(USUAL_COLUMNS["text"] + USUAL_COLUMNS["url"])
"""A header naming one of these columns is an export's, not a line of prose."""

_HEADER_NAME = re.compile(r"[\w .:/#()-]{1,48}")
"""What a column name looks like: short, no sentence punctuation."""

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")

Row = Mapping[str, Any]
"""One export row: a JSON object, or a CSV row keyed by header name."""


# --- sniffing ----------------------------------------------------------------------------------------------


def _first_line(head: bytes) -> tuple[str, bool]:
    """The first non-blank line of the head (BOM dropped) and whether it ends within the head."""
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    for line in text.splitlines(keepends=True):
        if line.strip():
            return line.strip(), line.endswith(("\n", "\r")) or len(head) < HEAD_BYTES
    return "", False


def looks_like_jsonl(head: bytes, inp: Input) -> bool:
    """True when the first non-blank line is a JSON object (or the start of one too long for the head)."""
    line, complete = _first_line(head)
    if not line.startswith("{"):
        return False
    if not complete:
        return re.match(r"\{\s*(\"|\})", line) is not None
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _header_fields(line: str, delimiter: str) -> list[str]:
    """A header line split the way the csv module would split it."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _is_header(names: list[str]) -> bool:
    """Two or more short column-like names, one of them a text or URL column."""
    names = [n.strip() for n in names]
    return (
        len(names) >= 2
        and all(_HEADER_NAME.fullmatch(n) and len(n.split()) <= 3 for n in names if n)
        and any(n.lower() in _TELLING for n in names)
    )


def _rows_agree(head: bytes, delimiter: str, width: int) -> bool:
    """False when the first data row, complete within the head, has another number of fields than the header.

    This is what tells a title line such as "Text, lies and video" from a header: prose goes on with a
    blank line or a paragraph, a table with a row as wide as its header.
    """
    complete = len(head) < HEAD_BYTES
    lines = head.decode("utf-8", errors="ignore").lstrip("\ufeff").splitlines(keepends=True)
    if not complete and lines:
        lines.pop()  # the head may end mid-line
    lines = lines[next((i for i, ln in enumerate(lines) if ln.strip()), len(lines)) :]
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        next(reader, None)
        row = next(reader, None)
    except csv.Error:
        return False
    if row is None:
        return True  # a header alone, or a first row longer than the head: nothing to compare
    if reader.line_num >= len(lines) and not complete:
        return True  # the row may go on past the head
    return len(row) == width


def looks_like_csv(head: bytes, inp: Input) -> bool:
    """True for a .csv/.tsv name, or a header naming a text or URL column over rows as wide as it."""
    if inp.suffix in CSV_SUFFIXES:
        return True
    line, _ = _first_line(head)
    for delimiter in _DELIMITERS:
        names = _header_fields(line, delimiter)
        if _is_header(names) and _rows_agree(head, delimiter, len(names)):
            return True
    return False


# --- values ------------------------------------------------------------------------------------------------


def _as_text(value: Any, joiner: str) -> str | None:
    """A JSON or CSV cell as a string: numbers as written, lists joined, empty and structured cells None."""
    if value is None or isinstance(value, bool | dict):
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        parts = [_as_text(v.get("name") if isinstance(v, dict) else v, joiner) for v in value]
        joined = joiner.join(p.strip() for p in parts if p)
        return joined or None
    return None


def _newlines(text: str) -> str:
    """\\r\\n and lone \\r as \\n, the same translation `decode_text` applies to text files."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- columns -----------------------------------------------------------------------------------------------


class MissingColumn(Exception):
    """A column the user named is not in the export."""


def resolve_columns(names: Iterable[str], given: Mapping[str, str]) -> dict[str, str]:
    """Field -> column name: the user's choice (which must exist), else the first usual name present."""
    names = list(names)
    by_lower: dict[str, str] = {}
    for name in names:
        by_lower.setdefault(name.strip().lower(), name)
    found: dict[str, str] = {}
    for field in COLUMN_FIELDS:
        if field in given:
            wanted = given[field]
            column = wanted if wanted in names else by_lower.get(wanted.strip().lower())
            if column is None:
                raise MissingColumn(wanted)
            found[field] = column
            continue
        column = next((by_lower[n] for n in USUAL_COLUMNS[field] if n in by_lower), None)
        if column is not None:
            found[field] = column
    return found


def _missing_column_error(wanted: str, names: Iterable[str], origin: str) -> InputError:
    """The whole-file error for a user-named column the export lacks."""
    listed = ", ".join(n for n in names) or "none"
    return InputError(
        f"column {wanted!r} not found; columns are: {listed}",
        remedy="name an existing column with --column FIELD=COLUMN",
        path=origin,
        stage="read",
    )


_ABSENT = object()
"""What `_lookup` gives for a column the row does not have (None is a value: JSON null)."""


def _lookup(row: Row, column: str, default: Any = None) -> Any:
    """A row's value for a column; a dotted name (`article.body`) walks nested JSON objects."""
    if column in row:
        return row[column]
    value: Any = row
    for part in column.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return default
        value = value[part]
    return value


def _has_column(row: Row, column: str) -> bool:
    """Whether a JSON object has a (possibly dotted) column at all, empty or not."""
    return _lookup(row, column, _ABSENT) is not _ABSENT


# --- rows --------------------------------------------------------------------------------------------------


@dataclass
class _Context:
    """What every row of one export shares."""

    inp: Input
    opts: ReadOptions
    stem: str


def _row_metadata(values: dict[str, str], ctx: _Context) -> Metadata:
    """The export's metadata for one row, each field it fills marked as the user's."""
    meta = Metadata()
    language = primary_subtag(values["language"]) if "language" in values else None
    date = normalise_date(values["date"], language, ctx.inp.reference_date) if "date" in values else None
    candidates = {
        "title": values.get("title", "").strip() or None,
        "outlet": values.get("outlet", "").strip() or None,
        "author": values.get("author", "").strip() or None,
        "date": date,
        "language": language,
        "url": _url(values),
    }
    for field in META_FIELDS:
        if candidates[field] is not None:
            setattr(meta, field, candidates[field])
            meta.evidence[field] = "user"
    return meta


def _url(values: dict[str, str]) -> str | None:
    """The row's URL when it looks like one (scheme://...), so `n/a` is never fetched."""
    url = values.get("url", "").strip()
    return url if _URL.fullmatch(url) else None


def _row_result(row: Row, columns: Mapping[str, str], n: int, ctx: _Context) -> ReadResult:
    """One row as a document, a nested URL input, or the error saying why it is neither."""
    values: dict[str, str] = {}
    for field, column in columns.items():
        text = _as_text(_lookup(row, column), "\n\n" if field == "text" else ", ")
        if text is not None:
            values[field] = text
    meta = _row_metadata(values, ctx)
    where = ctx.inp.origin
    text = values.get("text")
    if text is None:
        if meta.url is None:
            return InputError(f"row {n}: no text and no url", path=where, stage="read")
        return Input(name=meta.url, origin=meta.url, url=meta.url, supplied=meta, depth=ctx.inp.depth + 1)
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > ctx.opts.max_bytes:
        return InputError(
            f"row {n}: text larger than {ctx.opts.max_bytes} bytes ({size} bytes)",
            remedy="raise the limit with --max-bytes",
            path=where,
            stage="read",
        )
    name = values.get("id", "").strip() or meta.url or f"{ctx.stem}#{n}"
    return SourceDocument(
        name=name,
        text=_newlines(text),
        origin=f"{where}#{n}",
        url=meta.url,
        supplied=meta,
        reference_date=ctx.inp.reference_date,
    )


def _context(inp: Input, opts: ReadOptions) -> _Context:
    """Shared row settings; the stem names rows that have neither id nor url."""
    stem = stem_of(inp.path.name) if inp.path is not None else stem_of(inp.name)
    return _Context(inp=inp, opts=opts, stem=stem)


def _no_rows(origin: str) -> InputError:
    """The error for an export without a single data row."""
    return InputError(
        "export has no rows", remedy="check the export finished writing", path=origin, stage="read"
    )


def _opened(inp: Input) -> BinaryIO | InputError:
    """The input's byte stream, or the error opening it."""
    try:
        return inp.open()
    except InputError as err:
        return err


# --- JSON Lines --------------------------------------------------------------------------------------------


def _lines(fh: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Byte lines of at most `limit` bytes; None stands for a longer line, which is skipped unread."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = fh.readline(1 << 20)
            yield None
            continue
        yield line


def _json_row(raw: bytes | None, n: int, ctx: _Context) -> Row | InputError | None:
    """A JSON Lines line as an object, None when blank, or the error for this line."""
    where = ctx.inp.origin
    if raw is None:
        return InputError(f"line {n}: larger than the line limit", path=where, stage="read")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return InputError(f"line {n}: not UTF-8 text", path=where, stage="read")
    if n == 1:
        line = line.lstrip("\ufeff")
    if not line.strip():
        return None
    try:
        # Without the line end, a cut-off string reads "Unterminated string", not "Invalid control character".
        obj = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        return InputError(f"line {n}: invalid JSON ({exc.msg})", path=where, stage="read")
    if not isinstance(obj, dict):
        return InputError(f"line {n}: not a JSON object ({type(obj).__name__})", path=where, stage="read")
    return obj


@register_reader("jsonl", sniff=looks_like_jsonl, suffixes=(".jsonl", ".ndjson", ".json"), order=30)
def read_jsonl(inp: Input, opts: ReadOptions) -> Iterator[ReadResult]:
    """One document per JSON Lines object with text; bad lines are reported and skipped."""
    fh = _opened(inp)
    if isinstance(fh, InputError):
        yield fh
        return
    with fh:
        yield from _jsonl_rows(fh, _context(inp, opts))


def _jsonl_rows(fh: BinaryIO, ctx: _Context) -> Iterator[ReadResult]:
    """The JSON Lines loop; the first object decides whether the user's column names exist."""
    rows = 0
    checked = False
    cache: dict[tuple[str, ...], dict[str, str]] = {}
    # A JSON line may escape every character (\u00e9 is 6 bytes): allow that much before refusing a line.
    limit = 6 * ctx.opts.max_bytes + 65536
    try:
        for n, raw in enumerate(_lines(fh, limit), start=1):
            row = _json_row(raw, n, ctx)
            if row is None:
                continue
            rows += 1
            if isinstance(row, InputError):
                yield row
                continue
            if not checked:
                checked = True
                given = [c for f, c in ctx.opts.columns.items() if f in COLUMN_FIELDS]
                missing = [c for c in given if not _has_column(row, c)]
                if missing:
                    yield _missing_column_error(missing[0], row.keys(), ctx.inp.origin)
                    return
            keys = tuple(row.keys())
            columns = cache.get(keys)
            if columns is None:
                columns = cache[keys] = _jsonl_columns(keys, ctx.opts.columns)
            yield _row_result(row, columns, n, ctx)
    except OSError as exc:
        yield InputError(f"cannot read file: {exc.strerror or exc}", path=ctx.inp.origin, stage="read")
        return
    if rows == 0:
        yield _no_rows(ctx.inp.origin)


def _jsonl_columns(keys: tuple[str, ...], given: Mapping[str, str]) -> dict[str, str]:
    """Columns for one key set: the user's names as given (dotted ones walk objects), others by usual name."""
    found = resolve_columns(keys, {f: c for f, c in given.items() if f in COLUMN_FIELDS and c in keys})
    found.update({f: c for f, c in given.items() if f in COLUMN_FIELDS and c not in keys})
    return found


# --- CSV ---------------------------------------------------------------------------------------------------


def _raise_field_limit(max_bytes: int) -> None:
    """Let a CSV field be as large as a document may be (the module's default is 128 KiB); never lower it."""
    if csv.field_size_limit() < max_bytes + 1:
        csv.field_size_limit(max_bytes + 1)


def _delimiter(header_line: str, inp: Input, given: Mapping[str, str]) -> str:
    """`\\t` for .tsv; else the delimiter that splits the header into known columns, most fields first."""
    if inp.suffix == ".tsv":
        return "\t"
    wanted = {c.lower() for c in given.values()} | {n for names in USUAL_COLUMNS.values() for n in names}

    def score(delimiter: str) -> tuple[int, int]:
        names = [f.strip().lower() for f in _header_fields(header_line, delimiter)]
        return (sum(n in wanted for n in names), len(names))

    return max(_DELIMITERS, key=score)


@register_reader("csv", sniff=looks_like_csv, suffixes=CSV_SUFFIXES, order=60)
def read_csv(inp: Input, opts: ReadOptions) -> Iterator[ReadResult]:
    """One document per CSV/TSV row with text; the header names the columns."""
    fh = _opened(inp)
    if isinstance(fh, InputError):
        yield fh
        return
    _raise_field_limit(opts.max_bytes)
    # surrogateescape keeps invalid UTF-8 visible per row instead of failing the whole stream.
    with io.TextIOWrapper(fh, encoding="utf-8-sig", errors="surrogateescape", newline="") as text:
        yield from _csv_rows(text, _context(inp, opts))


def _csv_rows(text: io.TextIOWrapper, ctx: _Context) -> Iterator[ReadResult]:
    """The CSV loop: header, column resolution, then each row; a broken row is reported and skipped."""
    where = ctx.inp.origin
    try:
        header_line = text.readline()
        if not header_line.strip():
            yield _no_rows(where)
            return
        delimiter = _delimiter(header_line, ctx.inp, ctx.opts.columns)
        header = [h.strip() for h in _header_fields(header_line, delimiter)]
        try:
            columns = resolve_columns(header, ctx.opts.columns)
        except MissingColumn as exc:
            yield _missing_column_error(str(exc), header, where)
            return
        if "text" not in columns and "url" not in columns:
            yield InputError(
                f"no text or url column; columns are: {', '.join(header)}",
                remedy="name the text column with --column text=COLUMN",
                path=where,
                stage="read",
            )
            return
        first = {h: i for i, h in reversed(list(enumerate(header)))}
        indices = {column: first[column] for column in columns.values()}
        yield from _csv_body(csv.reader(text, delimiter=delimiter), indices, columns, ctx)
    except OSError as exc:
        yield InputError(f"cannot read file: {exc.strerror or exc}", path=where, stage="read")


def _csv_body(
    reader: Iterator[list[str]], indices: Mapping[str, int], columns: Mapping[str, str], ctx: _Context
) -> Iterator[ReadResult]:
    """Data rows, numbered from 1 (blank lines do not count); a short row lacks its last columns."""
    where = ctx.inp.origin
    n = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            n += 1
            yield InputError(f"row {n}: broken CSV row ({exc})", path=where, stage="read")
            if "field larger than field limit" in str(exc):
                return  # the rest of that field would be read as rows of its own
            continue
        if not any(c.strip() for c in cells):
            continue
        n += 1
        if not _is_utf8(cells):
            yield InputError(f"row {n}: not UTF-8 text", path=where, stage="read")
            continue
        row = {column: cells[i] for column, i in indices.items() if i < len(cells)}
        yield _row_result(row, columns, n, ctx)
    if n == 0:
        yield _no_rows(where)


def _is_utf8(cells: list[str]) -> bool:
    """False when a cell holds bytes that were not UTF-8 (kept as surrogates by the decoder)."""
    try:
        for cell in cells:
            cell.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
