"""Exports of a view: CSV and JSON Lines streamed, Parquet through pyarrow (the optional [parquet] extra).

Each view has a fixed column list with a type, so a file has the same columns whatever it holds.
CSV cells holding document text are defused against spreadsheet formulas: a cell that starts with
=, +, @, a tab or a carriage return (or a - that does not start a partial date like --11-24) gets
a leading apostrophe. JSON Lines and Parquet keep every value exactly as stored.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import ExtraMissing

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}

COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "statements": (
        ("id", "int"),
        ("doc_id", "str"),
        ("doc_name", "str"),
        ("title", "str"),
        ("outlet", "str"),
        ("date", "str"),
        ("speaker", "str"),
        ("speaker_key", "str"),
        ("speaker_name", "str"),
        ("type", "str"),
        ("kind", "str"),
        ("source_text", "str"),
        ("cue_text", "str"),
        ("content_text", "str"),
        ("source", "spans"),
        ("cue", "spans"),
        ("content", "spans"),
        ("claim_id", "str"),
        ("claim_label", "str"),
        ("stance", "str"),
    ),
    "documents": (
        ("id", "str"),
        ("name", "str"),
        ("title", "str"),
        ("outlet", "str"),
        ("author", "str"),
        ("date", "str"),
        ("language", "str"),
        ("url", "str"),
        ("group", "str"),
        ("skipped", "str"),
        ("statements", "int"),
    ),
    "speakers": (
        ("id", "str"),
        ("name", "str"),
        ("type", "str"),
        ("qid", "str"),
        ("statements", "int"),
        ("outlets", "int"),
        ("first_date", "str"),
        ("last_date", "str"),
        ("aliases", "strs"),
    ),
    "outlets": (
        ("name", "str"),
        ("documents", "int"),
        ("statements", "int"),
        ("speakers", "int"),
        ("first_date", "str"),
        ("last_date", "str"),
    ),
    "claims": (
        ("id", "str"),
        ("label", "str"),
        ("members", "int"),
        ("supports", "int"),
        ("opposes", "int"),
        ("neither", "int"),
        ("first_date", "str"),
        ("last_date", "str"),
    ),
    "claim-speakers": (
        ("value", "str"),
        ("name", "str"),
        ("supports", "int"),
        ("opposes", "int"),
        ("neither", "int"),
        ("total", "int"),
    ),
    "claim-outlets": (
        ("value", "str"),
        ("name", "str"),
        ("supports", "int"),
        ("opposes", "int"),
        ("neither", "int"),
        ("total", "int"),
    ),
}

_PARTIAL_DATE = re.compile(r"--\d\d-\d\d")


def defuse(value: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    if value and (value[0] in "=+@\t\r" or (value[0] == "-" and not _PARTIAL_DATE.fullmatch(value))):
        return "'" + value
    return value


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind in ("spans", "strs"):
        return json.dumps(value, ensure_ascii=False)
    if kind == "str":
        return defuse(str(value))
    return str(value)


def csv_chunks(view: str, rows: Iterable[dict[str, Any]], batch: int = 500) -> Iterator[str]:
    """The CSV file (header first) in chunks of rows."""
    cols = COLUMNS[view]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([name for name, _ in cols])
    for n, row in enumerate(rows, 1):
        writer.writerow([_cell(row.get(name), kind) for name, kind in cols])
        if n % batch == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def jsonl_chunks(view: str, rows: Iterable[dict[str, Any]], batch: int = 500) -> Iterator[str]:
    """JSON Lines with the view's columns, in chunks of rows."""
    cols = [name for name, _ in COLUMNS[view]]
    lines: list[str] = []
    for row in rows:
        lines.append(json.dumps({c: row.get(c) for c in cols}, ensure_ascii=False) + "\n")
        if len(lines) >= batch:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def parquet_available() -> bool:
    """Whether pyarrow is installed."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def require_parquet() -> None:
    """Raise ExtraMissing (HTTP 501) when pyarrow is not installed."""
    if not parquet_available():
        raise ExtraMissing(
            "Parquet export needs pyarrow, which is not installed",
            remedy="install the extra: pip install 'quotetrail[parquet]' (CSV and JSONL work without it)",
        )


def parquet_bytes(view: str, rows: Iterable[dict[str, Any]]) -> bytes:
    """The rows as one Parquet file with the view's typed columns."""
    require_parquet()
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "spans": pa.list_(pa.list_(pa.int64())),
        "strs": pa.list_(pa.string()),
    }
    cols = COLUMNS[view]
    schema = pa.schema([(name, types[kind]) for name, kind in cols])
    data: dict[str, list[Any]] = {name: [] for name, _ in cols}
    for row in rows:
        for name, _ in cols:
            data[name].append(row.get(name))
    table = pa.Table.from_pydict(data, schema=schema)
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


__all__ = ["COLUMNS", "FORMATS", "csv_chunks", "defuse", "jsonl_chunks", "parquet_available", "parquet_bytes"]
