"""The web app's reads that the Store does not offer: filtered, paginated lists and per-page aggregates.

Every function takes a read-only sqlite3 connection (`db.ReadOnlyStore.conn`) and uses bound
parameters only; user text never becomes SQL. Full-text search goes through the store's
`statements_fts` index with `store.fts_query`, which quotes every word, so FTS syntax, quotes and
`%` in a search are plain words. Claims (`claims`, `claim_members`) are optional: without those
tables the claim filters match nothing and the claim views are empty.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from typing import Any

from quotetrail import identity
from quotetrail.errors import NotFound
from quotetrail.store import fts_query

from .db import has_table
from .errors import InvalidRequest

STANCES = ("supports", "opposes", "neither")
KINDS = ("speech", "thought", "other")
TYPES = ("direct", "indirect", "mixed")
ORDERS = ("newest", "oldest")
NONE = "-"
"""A speaker or outlet filter of "-" means statements without one (the "(unnamed)" cells)."""

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 10_000_000

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_FULL_DATE = "d.date GLOB '[0-9][0-9][0-9][0-9]*'"
_MONTH_DATE = "d.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'"
_WORD = re.compile(r"\w+")
_MAX_WORDS = 12

_ORDER_SQL = {
    # Newest first walks the date index backwards: full dates, then dates without a year, then none.
    "newest": "d.date DESC, d.rowid DESC, st.idx",
    "oldest": "CASE WHEN d.date IS NULL THEN 2 WHEN d.date GLOB '--*' THEN 1 ELSE 0 END,"
    " d.date, d.rowid, st.idx",
}
_DOC_ORDER_SQL = {
    "newest": "d.date DESC, d.rowid DESC",
    "oldest": "CASE WHEN d.date IS NULL THEN 2 WHEN d.date GLOB '--*' THEN 1 ELSE 0 END, d.date, d.rowid",
}


@dataclass
class Page:
    """One page of a list: the rows, how many match in all, and where the page starts."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


def check_date(value: str, name: str) -> str:
    """A filter date as YYYY, YYYY-MM or YYYY-MM-DD, else an InvalidRequest naming the field."""
    value = value.strip()
    if value and not _DATE.fullmatch(value):
        raise InvalidRequest(
            f"{name} {value!r} is not a date", remedy="write it as YYYY, YYYY-MM or YYYY-MM-DD"
        )
    return value


def _choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    value = value.strip()
    if value and value not in allowed:
        raise InvalidRequest(f"{name} {value!r} is not one of {', '.join(allowed)}")
    return value


@dataclass(frozen=True)
class StatementQuery:
    """The state of a statement list: every filter, as it appears in the page's query string."""

    q: str = ""
    speaker: str = ""
    outlet: str = ""
    date_from: str = ""
    date_to: str = ""
    claim: str = ""
    stance: str = ""
    kind: str = ""
    type: str = ""
    doc: str = ""
    order: str = "newest"

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, (getattr(self, f.name) or "").strip())
        check_date(self.date_from, "date_from")
        check_date(self.date_to, "date_to")
        _choice(self.stance, STANCES, "stance")
        _choice(self.kind, KINDS, "kind")
        _choice(self.type, TYPES, "type")
        _choice(self.order or "newest", ORDERS, "order")

    def params(self) -> dict[str, str]:
        """The filters that are set (the default order left out), for URLs."""
        return {k: v for k, v in asdict(self).items() if v and not (k == "order" and v == "newest")}


@dataclass(frozen=True)
class DocumentQuery:
    """The state of a document list."""

    q: str = ""
    outlet: str = ""
    date_from: str = ""
    date_to: str = ""
    language: str = ""
    order: str = "newest"

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, (getattr(self, f.name) or "").strip())
        check_date(self.date_from, "date_from")
        check_date(self.date_to, "date_to")
        _choice(self.order or "newest", ORDERS, "order")

    def params(self) -> dict[str, str]:
        """The filters that are set, for URLs."""
        return {k: v for k, v in asdict(self).items() if v and not (k == "order" and v == "newest")}


def _spans(value: str | None) -> list[list[int]]:
    return [[int(s), int(e)] for s, e in json.loads(value or "[]")]


def claims_ready(conn: sqlite3.Connection) -> bool:
    """Whether the store has the claim tables."""
    return has_table(conn, "claims") and has_table(conn, "claim_members")


# -- statements ------------------------------------------------------------------------------------------


def _statement_select(claims: bool) -> str:
    claim_cols = (
        ", m.claim_id, m.stance, c.label AS claim_label"
        if claims
        else ", NULL AS claim_id, NULL AS stance, NULL AS claim_label"
    )
    claim_join = (
        " LEFT JOIN claim_members m ON m.statement_id = st.id LEFT JOIN claims c ON c.id = m.claim_id"
        if claims
        else ""
    )
    return (
        "SELECT st.id, st.doc_id, st.idx, d.name AS doc_name, d.title, o.name AS outlet, d.date,"
        " COALESCE(sp.name, NULLIF(st.speaker_name, ''), '') AS speaker, sp.key AS speaker_key,"
        " st.speaker_name, st.type, st.kind, st.source, st.cue, st.content, st.source_text, st.cue_text,"
        " st.content_text" + claim_cols + " FROM statements st JOIN documents d ON d.id = st.doc_id"
        " LEFT JOIN outlets o ON o.id = d.outlet_id LEFT JOIN speakers sp ON sp.id = st.speaker_id"
        + claim_join
    )


def statement_row(r: sqlite3.Row) -> dict[str, Any]:
    """One statement as a JSON-friendly dict (spans are [start, end) offsets into the document's text)."""
    return {
        "id": r["id"],
        "doc_id": r["doc_id"],
        "idx": r["idx"],
        "doc_name": r["doc_name"],
        "title": r["title"],
        "outlet": r["outlet"],
        "date": r["date"],
        "speaker": r["speaker"],
        "speaker_key": r["speaker_key"],
        "speaker_name": r["speaker_name"] or "",
        "type": r["type"],
        "kind": r["kind"],
        "source": _spans(r["source"]),
        "cue": _spans(r["cue"]),
        "content": _spans(r["content"]),
        "source_text": r["source_text"] or "",
        "cue_text": r["cue_text"] or "",
        "content_text": r["content_text"] or "",
        "claim_id": r["claim_id"],
        "claim_label": r["claim_label"],
        "stance": r["stance"],
    }


def _speaker_condition(conn: sqlite3.Connection, speaker: str) -> tuple[str, list[Any]]:
    """A speaker filter: "-" (none), an sp- id, an exact name or alias, else part of one."""
    if speaker == NONE:
        return "COALESCE(sp.name, NULLIF(st.speaker_name, '')) IS NULL", []
    row = conn.execute("SELECT id FROM speakers WHERE key = ?", (speaker.casefold(),)).fetchone()
    if row is not None:
        return "st.speaker_id = ?", [int(row[0])]
    needle = speaker.casefold()
    exact = (
        "(st.speaker_id IN (SELECT id FROM speakers WHERE qt_fold(name) = ?"
        " UNION SELECT speaker_id FROM speaker_aliases WHERE qt_fold(alias) = ?)"
        " OR (st.speaker_id IS NULL AND qt_fold(st.speaker_name) = ?))"
    )
    hit = conn.execute(
        "SELECT 1 FROM speakers WHERE qt_fold(name) = ? UNION ALL"
        " SELECT 1 FROM speaker_aliases WHERE qt_fold(alias) = ? UNION ALL"
        " SELECT 1 FROM statements WHERE speaker_id IS NULL AND qt_fold(speaker_name) = ? LIMIT 1",
        (needle, needle, needle),
    ).fetchone()
    if hit is not None:
        return exact, [needle, needle, needle]
    part = (
        "(st.speaker_id IN (SELECT id FROM speakers WHERE instr(qt_fold(name), ?) > 0"
        " UNION SELECT speaker_id FROM speaker_aliases WHERE instr(qt_fold(alias), ?) > 0)"
        " OR (st.speaker_id IS NULL AND instr(qt_fold(st.speaker_name), ?) > 0))"
    )
    return part, [needle, needle, needle]


def _date_conditions(date_from: str, date_to: str) -> tuple[list[str], list[Any]]:
    """Full dates within [from, to]; a month or year bound covers the whole month or year.

    Plain comparisons, so the date index serves them: ISO dates sort as text, "2020-06" sorts
    before every day of June, and "2020-06~" after them ("~" follows every digit and "-").
    """
    where: list[str] = []
    params: list[Any] = []
    if date_from or date_to:
        where.append(_FULL_DATE)
    if date_from:
        where.append("d.date >= ?")
        params.append(date_from)
    if date_to:
        where.append("d.date <= ?")
        params.append(date_to + "~")
    return where, params


def _outlet_condition(outlet: str) -> tuple[str, list[Any]]:
    if outlet == NONE:
        return "d.outlet_id IS NULL", []
    return "d.outlet_id = (SELECT id FROM outlets WHERE name = ?)", [outlet]


def _statement_where(
    conn: sqlite3.Connection, f: StatementQuery, claims: bool
) -> tuple[list[str], list[Any]] | None:
    """WHERE conditions and parameters; None when the query can match nothing."""
    where: list[str] = []
    params: list[Any] = []
    if f.q:
        match = fts_query(f.q)
        if match is None:
            return None
        where.append("st.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)")
        params.append(match)
    if f.speaker:
        cond, args = _speaker_condition(conn, f.speaker)
        where.append(cond)
        params += args
    if f.outlet:
        cond, args = _outlet_condition(f.outlet)
        where.append(cond)
        params += args
    dates, args = _date_conditions(f.date_from, f.date_to)
    where += dates
    params += args
    if f.claim or f.stance:
        if not claims:
            return None
        if f.claim:
            where.append("m.claim_id = ?")
            params.append(f.claim)
        if f.stance:
            where.append("m.stance = ?")
            params.append(f.stance)
    if f.kind:
        where.append("st.kind = ?")
        params.append(f.kind)
    if f.type:
        where.append("st.type = ?")
        params.append(f.type)
    if f.doc:
        where.append("st.doc_id = ?")
        params.append(f.doc)
    return where, params


def _from(f: StatementQuery, *, with_documents: bool, date_walk: bool = False) -> str:
    """FROM with only the joins the filters need (counting and paging never touch the other tables)."""
    if date_walk:  # documents newest first on the date index, each one's statements on theirs
        sql = " FROM documents d CROSS JOIN statements st ON st.doc_id = d.id"
    elif with_documents or f.outlet or f.date_from or f.date_to:
        sql = " FROM statements st JOIN documents d ON d.id = st.doc_id"
    else:
        sql = " FROM statements st"
    if f.speaker == NONE:
        sql += " LEFT JOIN speakers sp ON sp.id = st.speaker_id"
    if f.claim or f.stance:
        sql += " JOIN claim_members m ON m.statement_id = st.id"
    return sql


def search_statements(
    conn: sqlite3.Connection, f: StatementQuery, *, limit: int = DEFAULT_LIMIT, offset: int = 0
) -> Page:
    """One page of the statements matching every filter, with the total count.

    The page's ids come first, from the fewest tables: for the newest-first order, a filter that
    matches many statements walks documents by date and stops once the page is full; one that
    matches few sorts its matches. Then the page's rows are read by id.
    """
    claims = claims_ready(conn)
    built = _statement_where(conn, f, claims)
    if built is None:
        return Page([], 0, limit, offset)
    where, params = built
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    total = int(
        conn.execute("SELECT COUNT(*)" + _from(f, with_documents=False) + clause, params).fetchone()[0]
    )
    order = f.order or "newest"
    size = int(conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM statements").fetchone()[0])
    walk = order == "newest" and bool(where) and total * total > (offset + limit) * size
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT st.id"
            + _from(f, with_documents=True, date_walk=walk)
            + clause
            + " ORDER BY "
            + _ORDER_SQL[order]
            + " LIMIT ? OFFSET ?",
            [*params, int(limit), int(offset)],
        )
    ]
    if not ids:
        return Page([], total, limit, offset)
    marks = ",".join("?" * len(ids))
    rows = {r["id"]: r for r in conn.execute(_statement_select(claims) + f" WHERE st.id IN ({marks})", ids)}
    return Page([statement_row(rows[i]) for i in ids], total, limit, offset)


def iter_statements(
    conn: sqlite3.Connection, f: StatementQuery, *, limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """Every statement matching the filters, in the list's order, streamed (for exports)."""
    claims = claims_ready(conn)
    built = _statement_where(conn, f, claims)
    if built is None:
        return
    where, params = built
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    sql = _statement_select(claims) + clause + " ORDER BY " + _ORDER_SQL[f.order or "newest"] + " LIMIT ?"
    for r in conn.execute(sql, [*params, -1 if limit is None else int(limit)]):
        yield statement_row(r)


def statement(conn: sqlite3.Connection, statement_id: int) -> dict[str, Any]:
    """One statement by row id."""
    claims = claims_ready(conn)
    r = conn.execute(_statement_select(claims) + " WHERE st.id = ?", (int(statement_id),)).fetchone()
    if r is None:
        raise NotFound(f"no statement {statement_id}", remedy="search statements at /statements")
    return statement_row(r)


# -- documents -------------------------------------------------------------------------------------------

_DOC_COLUMNS = (
    "SELECT d.id, d.name, d.title, o.name AS outlet, d.author, d.date, d.language, d.url, d.dup_group,"
    " d.skipped, (SELECT COUNT(*) FROM statements st WHERE st.doc_id = d.id) AS statements"
    " FROM documents d LEFT JOIN outlets o ON o.id = d.outlet_id"
)


def _like(word: str) -> str:
    """A LIKE pattern for a word anywhere (the word holds no % and its _ is escaped)."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _document_where(f: DocumentQuery) -> tuple[list[str], list[Any]] | None:
    where: list[str] = []
    params: list[Any] = []
    if f.q:
        words = _WORD.findall(f.q)[:_MAX_WORDS]
        if not words:
            return None
        for w in words:
            where.append("(COALESCE(d.title, '') || char(10) || d.text) LIKE ? ESCAPE '\\'")
            params.append(_like(w))
    if f.outlet:
        cond, args = _outlet_condition(f.outlet)
        where.append(cond)
        params += args
    dates, args = _date_conditions(f.date_from, f.date_to)
    where += dates
    params += args
    if f.language:
        where.append("d.language = ?")
        params.append(f.language)
    return where, params


def _document_item(r: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": r["id"],
        "name": r["name"],
        "title": r["title"],
        "outlet": r["outlet"],
        "author": r["author"],
        "date": r["date"],
        "language": r["language"],
        "url": r["url"],
        "group": r["dup_group"],
        "skipped": r["skipped"],
        "statements": r["statements"],
    }


def search_documents(
    conn: sqlite3.Connection, f: DocumentQuery, *, limit: int = DEFAULT_LIMIT, offset: int = 0
) -> Page:
    """One page of documents whose title or text holds every word, with the other filters."""
    built = _document_where(f)
    if built is None:
        return Page([], 0, limit, offset)
    where, params = built
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    total = conn.execute(
        "SELECT COUNT(*) FROM documents d" + clause if where else "SELECT COUNT(*) FROM documents", params
    ).fetchone()[0]
    rows = conn.execute(
        _DOC_COLUMNS + clause + " ORDER BY " + _DOC_ORDER_SQL[f.order or "newest"] + " LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)],
    ).fetchall()
    return Page([_document_item(r) for r in rows], int(total), limit, offset)


def iter_documents(
    conn: sqlite3.Connection, f: DocumentQuery, *, limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """Every matching document's metadata, streamed (for exports)."""
    built = _document_where(f)
    if built is None:
        return
    where, params = built
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    sql = _DOC_COLUMNS + clause + " ORDER BY " + _DOC_ORDER_SQL[f.order or "newest"] + " LIMIT ?"
    for r in conn.execute(sql, [*params, -1 if limit is None else int(limit)]):
        yield _document_item(r)


def document_extras(conn: sqlite3.Connection, doc_id: str) -> dict[int, dict[str, Any]]:
    """Per statement of a document: the speaker's sp- id and, with claims, its claim and stance."""
    out: dict[int, dict[str, Any]] = {}
    for r in conn.execute(
        "SELECT st.id, sp.key FROM statements st LEFT JOIN speakers sp ON sp.id = st.speaker_id"
        " WHERE st.doc_id = ?",
        (doc_id,),
    ):
        out[int(r[0])] = {"speaker_key": r[1], "claim_id": None, "claim_label": None, "stance": None}
    if claims_ready(conn):
        for r in conn.execute(
            "SELECT m.statement_id, m.claim_id, m.stance, c.label FROM claim_members m"
            " JOIN claims c ON c.id = m.claim_id JOIN statements st ON st.id = m.statement_id"
            " WHERE st.doc_id = ?",
            (doc_id,),
        ):
            if int(r[0]) in out:
                out[int(r[0])].update(claim_id=r[1], stance=r[2], claim_label=r[3])
    return out


# -- speakers --------------------------------------------------------------------------------------------


def _speaker_where(q: str, type_: str) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if type_:
        where.append("sp.type = ?")
        params.append(type_)
    if q:
        needle = q.casefold()
        where.append(
            "(instr(qt_fold(sp.name), ?) > 0 OR sp.key = ? OR sp.id IN"
            " (SELECT speaker_id FROM speaker_aliases WHERE instr(qt_fold(alias), ?) > 0))"
        )
        params += [needle, needle, needle]
    return ((" WHERE " + " AND ".join(where)) if where else ""), params


_SPEAKER_RANK = (
    "SELECT sp.id, sp.key, sp.name, sp.type, sp.qid, COALESCE(c.n, 0) AS statements FROM speakers sp"
    " LEFT JOIN (SELECT speaker_id, COUNT(*) AS n FROM statements WHERE speaker_id IS NOT NULL"
    " GROUP BY speaker_id) c ON c.speaker_id = sp.id"
)
"""Speakers ranked by statements, counted on the speaker index alone (no join), so a page is cheap."""


def _aliases(conn: sqlite3.Connection, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if not ids:
        return out
    marks = ",".join("?" * len(ids))
    for r in conn.execute(
        f"SELECT speaker_id, alias FROM speaker_aliases WHERE speaker_id IN ({marks}) ORDER BY alias", ids
    ):
        out.setdefault(int(r[0]), []).append(r[1])
    return out


def _speaker_items(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    """Ranked speaker rows with aliases, outlets and dates, gathered for these speakers only."""
    ids = [int(r["id"]) for r in rows]
    aliases = _aliases(conn, ids)
    spread: dict[int, sqlite3.Row] = {}
    if ids:
        marks = ",".join("?" * len(ids))
        for r in conn.execute(
            "SELECT st.speaker_id, COUNT(DISTINCT d.outlet_id) AS outlets,"
            " MIN(CASE WHEN " + _FULL_DATE + " THEN d.date END) AS first_date,"
            " MAX(CASE WHEN " + _FULL_DATE + " THEN d.date END) AS last_date"
            f" FROM statements st JOIN documents d ON d.id = st.doc_id WHERE st.speaker_id IN ({marks})"
            " GROUP BY st.speaker_id",
            ids,
        ):
            spread[int(r[0])] = r
    out = []
    for r in rows:
        more = spread.get(int(r["id"]))
        out.append(
            {
                "id": r["key"],
                "name": r["name"],
                "type": r["type"],
                "qid": r["qid"],
                "statements": r["statements"],
                "outlets": more["outlets"] if more else 0,
                "first_date": more["first_date"] if more else None,
                "last_date": more["last_date"] if more else None,
                "aliases": [a for a in aliases.get(int(r["id"]), []) if a != r["name"]],
            }
        )
    return out


def list_speakers(
    conn: sqlite3.Connection, q: str = "", type_: str = "", *, limit: int = DEFAULT_LIMIT, offset: int = 0
) -> Page:
    """Speakers, most quoted first, filtered by part of a name or alias and by type."""
    clause, params = _speaker_where(q.strip(), type_.strip())
    total = conn.execute("SELECT COUNT(*) FROM speakers sp" + clause, params).fetchone()[0]
    rows = conn.execute(
        _SPEAKER_RANK + clause + " ORDER BY statements DESC, sp.name LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)],
    ).fetchall()
    return Page(_speaker_items(conn, rows), int(total), limit, offset)


def iter_speakers(conn: sqlite3.Connection, q: str = "", type_: str = "") -> Iterator[dict[str, Any]]:
    """Every matching speaker, for exports."""
    clause, params = _speaker_where(q.strip(), type_.strip())
    rows = conn.execute(_SPEAKER_RANK + clause + " ORDER BY statements DESC, sp.name", params).fetchall()
    for i in range(0, len(rows), 200):
        yield from _speaker_items(conn, rows[i : i + 200])


def fill_months(counts: dict[str, dict[str, int]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every month from the first to the last (empty ones too, so gaps show), each with its counts."""
    if not counts:
        return []
    year, month = map(int, min(counts).split("-"))
    last = max(counts)
    out = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        out.append({"month": key, **{k: counts.get(key, {}).get(k, 0) for k in keys}})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if len(out) > 1200:  # a century of months: a date typo, not a timeline
            break
    return out


def speaker(conn: sqlite3.Connection, key: str) -> dict[str, Any]:
    """One speaker's page: names (and why they joined), roles, countries, outlets, activity, claims."""
    row = conn.execute(
        "SELECT id, key, name, type, qid, qid_source FROM speakers WHERE key = ?", (key.casefold(),)
    ).fetchone()
    if row is None:
        raise NotFound(f"no speaker {key!r}", remedy="find speakers at /speakers")
    sid = int(row["id"])
    aliases = []
    for r in conn.execute(
        "SELECT alias, reason FROM speaker_aliases WHERE speaker_id = ? ORDER BY alias", (sid,)
    ):
        why = json.loads(r["reason"]) if r["reason"] else None
        aliases.append({"name": r["alias"], "why": why})
    roles = [
        dict(r)
        for r in conn.execute(
            "SELECT role, affiliation, first_seen, last_seen, count FROM speaker_roles WHERE speaker_id = ?"
            " ORDER BY COALESCE(first_seen, '9999'), count DESC, role, affiliation",
            (sid,),
        )
    ]
    head = conn.execute(
        "SELECT COUNT(*) AS n, MIN(CASE WHEN " + _FULL_DATE + " THEN d.date END) AS first_date,"
        " MAX(CASE WHEN " + _FULL_DATE + " THEN d.date END) AS last_date FROM statements st"
        " JOIN documents d ON d.id = st.doc_id WHERE st.speaker_id = ?",
        (sid,),
    ).fetchone()
    outlets = [
        {"outlet": r[0], "statements": r[1]}
        for r in conn.execute(
            "SELECT o.name, COUNT(*) AS n FROM statements st JOIN documents d ON d.id = st.doc_id"
            " JOIN outlets o ON o.id = d.outlet_id WHERE st.speaker_id = ?"
            " GROUP BY o.id ORDER BY n DESC, o.name",
            (sid,),
        )
    ]
    months: dict[str, dict[str, int]] = {}
    for r in conn.execute(
        "SELECT substr(d.date, 1, 7) AS month, COUNT(*) FROM statements st"
        " JOIN documents d ON d.id = st.doc_id"
        " WHERE st.speaker_id = ? AND " + _MONTH_DATE + " GROUP BY month",
        (sid,),
    ):
        months[r[0]] = {"statements": int(r[1])}
    activity = fill_months(months, ("statements",))
    dated = sum(m["statements"] for m in activity)
    claims: list[dict[str, Any]] = []
    if claims_ready(conn):
        claims = [
            {
                "id": r[0],
                "label": r[1],
                "supports": r[2],
                "opposes": r[3],
                "neither": r[4],
                "statements": r[5],
            }
            for r in conn.execute(
                "SELECT c.id, c.label, SUM(m.stance = 'supports'), SUM(m.stance = 'opposes'),"
                " SUM(m.stance = 'neither'), COUNT(*) AS n FROM claim_members m"
                " JOIN claims c ON c.id = m.claim_id"
                " JOIN statements st ON st.id = m.statement_id WHERE st.speaker_id = ?"
                " GROUP BY c.id ORDER BY n DESC, c.id LIMIT 50",
                (sid,),
            )
        ]
    return {
        "id": row["key"],
        "name": row["name"],
        "type": row["type"],
        "qid": row["qid"],
        "qid_source": row["qid_source"],
        "aliases": aliases,
        "roles": roles,
        "countries": identity.countries_in([r["role"] for r in roles] + [r["affiliation"] for r in roles]),
        "statements": int(head["n"]),
        "first_date": head["first_date"],
        "last_date": head["last_date"],
        "outlets": outlets,
        "activity": activity,
        "undated": int(head["n"]) - dated,
        "claims": claims,
    }


# -- outlets ---------------------------------------------------------------------------------------------

_OUTLET_RANK = (
    "SELECT o.id, o.name, COUNT(d.id) AS documents, COALESCE(SUM(c.n), 0) AS statements"
    " FROM outlets o LEFT JOIN documents d ON d.outlet_id = o.id"
    " LEFT JOIN (SELECT doc_id, COUNT(*) AS n FROM statements GROUP BY doc_id) c ON c.doc_id = d.id"
)
"""Outlets ranked by statements, counted per document on the statements index, so a page is cheap."""


def _outlet_where(q: str) -> tuple[str, list[Any]]:
    if not q:
        return "", []
    return " WHERE instr(qt_fold(o.name), ?) > 0", [q.casefold()]


def _outlet_items(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    """Ranked outlet rows with speakers and dates, gathered for these outlets only."""
    ids = [int(r["id"]) for r in rows]
    spread: dict[int, sqlite3.Row] = {}
    if ids:
        marks = ",".join("?" * len(ids))
        for r in conn.execute(
            "SELECT d.outlet_id, MIN(CASE WHEN " + _FULL_DATE + " THEN d.date END) AS first_date,"
            " MAX(CASE WHEN " + _FULL_DATE + " THEN d.date END) AS last_date,"
            " (SELECT COUNT(DISTINCT st.speaker_id) FROM statements st JOIN documents d2 ON d2.id = st.doc_id"
            "  WHERE d2.outlet_id = d.outlet_id) AS speakers"
            f" FROM documents d WHERE d.outlet_id IN ({marks}) GROUP BY d.outlet_id",
            ids,
        ):
            spread[int(r[0])] = r
    out = []
    for r in rows:
        more = spread.get(int(r["id"]))
        out.append(
            {
                "name": r["name"],
                "documents": r["documents"],
                "statements": r["statements"],
                "speakers": more["speakers"] if more else 0,
                "first_date": more["first_date"] if more else None,
                "last_date": more["last_date"] if more else None,
            }
        )
    return out


def list_outlets(
    conn: sqlite3.Connection, q: str = "", *, limit: int = DEFAULT_LIMIT, offset: int = 0
) -> Page:
    """Outlets with documents, statements, speakers and dates, most statements first."""
    clause, params = _outlet_where(q.strip())
    total = conn.execute("SELECT COUNT(*) FROM outlets o" + clause, params).fetchone()[0]
    rows = conn.execute(
        _OUTLET_RANK + clause + " GROUP BY o.id ORDER BY statements DESC, o.name LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)],
    ).fetchall()
    return Page(_outlet_items(conn, rows), int(total), limit, offset)


def iter_outlets(conn: sqlite3.Connection, q: str = "") -> Iterator[dict[str, Any]]:
    """Every matching outlet, for exports."""
    clause, params = _outlet_where(q.strip())
    rows = conn.execute(
        _OUTLET_RANK + clause + " GROUP BY o.id ORDER BY statements DESC, o.name", params
    ).fetchall()
    for i in range(0, len(rows), 200):
        yield from _outlet_items(conn, rows[i : i + 200])


def outlet_names(conn: sqlite3.Connection, limit: int = 500) -> list[str]:
    """Outlet names for the filter's suggestions."""
    return [r[0] for r in conn.execute("SELECT name FROM outlets ORDER BY name LIMIT ?", (int(limit),))]


# -- claims ----------------------------------------------------------------------------------------------

_CLAIM_RANK = (
    "SELECT c.id, c.label, COUNT(*) AS members, SUM(m.stance = 'supports') AS supports,"
    " SUM(m.stance = 'opposes') AS opposes, SUM(m.stance = 'neither') AS neither"
    " FROM claims c JOIN claim_members m ON m.claim_id = c.id"
)
"""Claims ranked by members, counted on the members index alone, so a page is cheap."""


def _claim_where(q: str) -> tuple[str, list[Any]]:
    if not q:
        return "", []
    return " WHERE (instr(qt_fold(c.label), ?) > 0 OR c.id = ?)", [q.casefold(), q.casefold()]


def _claim_items(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    """Ranked claim rows with their first and last full dates, gathered for these claims only."""
    ids = [r["id"] for r in rows]
    dates: dict[str, sqlite3.Row] = {}
    if ids:
        marks = ",".join("?" * len(ids))
        for r in conn.execute(
            "SELECT m.claim_id, MIN(CASE WHEN " + _FULL_DATE + " THEN d.date END) AS first_date,"
            " MAX(CASE WHEN " + _FULL_DATE + " THEN d.date END) AS last_date FROM claim_members m"
            " JOIN statements st ON st.id = m.statement_id JOIN documents d ON d.id = st.doc_id"
            f" WHERE m.claim_id IN ({marks}) GROUP BY m.claim_id",
            ids,
        ):
            dates[r[0]] = r
    return [
        {
            **dict(r),
            "first_date": dates[r["id"]]["first_date"] if r["id"] in dates else None,
            "last_date": dates[r["id"]]["last_date"] if r["id"] in dates else None,
        }
        for r in rows
    ]


def list_claims(
    conn: sqlite3.Connection, q: str = "", *, limit: int = DEFAULT_LIMIT, offset: int = 0
) -> Page:
    """Claims, largest first, with counts by stance and dates; empty when the store has no claims."""
    if not claims_ready(conn):
        return Page([], 0, limit, offset)
    clause, params = _claim_where(q.strip())
    total = conn.execute(
        "SELECT COUNT(*) FROM claims c"
        + clause
        + (" AND" if clause else " WHERE")
        + " EXISTS (SELECT 1 FROM claim_members m WHERE m.claim_id = c.id)",
        params,
    ).fetchone()[0]
    rows = conn.execute(
        _CLAIM_RANK + clause + " GROUP BY c.id ORDER BY members DESC, c.created_at, c.id LIMIT ? OFFSET ?",
        [*params, int(limit), int(offset)],
    ).fetchall()
    return Page(_claim_items(conn, rows), int(total), limit, offset)


def iter_claims(conn: sqlite3.Connection, q: str = "") -> Iterator[dict[str, Any]]:
    """Every matching claim, for exports."""
    if not claims_ready(conn):
        return
    clause, params = _claim_where(q.strip())
    rows = conn.execute(
        _CLAIM_RANK + clause + " GROUP BY c.id ORDER BY members DESC, c.created_at, c.id", params
    ).fetchall()
    for i in range(0, len(rows), 200):
        yield from _claim_items(conn, rows[i : i + 200])


def resolve_claim(conn: sqlite3.Connection, wanted: str) -> str:
    """The id of the one claim an id or id prefix names."""
    if not claims_ready(conn):
        raise NotFound(
            "the store has no claims yet", remedy="group statements into claims with `quotetrail run`"
        )
    needle = wanted.strip().casefold()
    rows = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM claims WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 3", (len(needle), needle)
        )
    ]
    if needle in rows:
        return needle
    if len(rows) == 1 and len(needle) >= 7:
        return str(rows[0])
    if not rows:
        raise NotFound(f"no claim {wanted!r}", remedy="list claims at /claims")
    raise NotFound(f"several claims start with {wanted!r}", remedy="give more of the id")


def _crosstab(rows: list[sqlite3.Row], empty: str) -> list[dict[str, Any]]:
    """(filter value, label, stance, count) rows as one row per value with a count per stance."""
    table: dict[str, dict[str, Any]] = {}
    for value, label, stance, n in rows:
        key = value or NONE
        row = table.setdefault(key, {"value": key, "name": label or empty, **dict.fromkeys(STANCES, 0)})
        row[stance] += int(n)
    out = list(table.values())
    for row in out:
        row["total"] = sum(row[k] for k in STANCES)
    out.sort(key=lambda r: (-r["total"], r["value"] == NONE, r["name"].casefold()))
    return out


def claim(conn: sqlite3.Connection, wanted: str) -> dict[str, Any]:
    """One claim: label, counts by stance, a monthly timeline by stance, speaker and outlet x stance."""
    claim_id = resolve_claim(conn, wanted)
    row = conn.execute(
        "SELECT id, label, threshold, model, created_at, updated_at FROM claims WHERE id = ?", (claim_id,)
    ).fetchone()
    counts = dict.fromkeys(STANCES, 0)
    for r in conn.execute(
        "SELECT stance, COUNT(*) FROM claim_members WHERE claim_id = ? GROUP BY stance", (claim_id,)
    ):
        counts[r[0]] = int(r[1])
    members = (
        " FROM claim_members m JOIN statements st ON st.id = m.statement_id"
        " JOIN documents d ON d.id = st.doc_id"
    )
    months: dict[str, dict[str, int]] = {}
    for r in conn.execute(
        "SELECT substr(d.date, 1, 7) AS month, m.stance, COUNT(*)"
        + members
        + " WHERE m.claim_id = ? AND "
        + _MONTH_DATE
        + " GROUP BY month, m.stance",
        (claim_id,),
    ):
        months.setdefault(r[0], {})[r[1]] = int(r[2])
    timeline = fill_months(months, STANCES)
    dated = {k: sum(t[k] for t in timeline) for k in STANCES}
    speakers = _crosstab(
        conn.execute(
            "SELECT COALESCE(sp.key, NULLIF(st.speaker_name, '')) AS value,"
            " COALESCE(sp.name, NULLIF(st.speaker_name, '')) AS label, m.stance, COUNT(*)"
            + members
            + " LEFT JOIN speakers sp ON sp.id = st.speaker_id WHERE m.claim_id = ?"
            " GROUP BY value, label, m.stance",
            (claim_id,),
        ).fetchall(),
        "(unnamed)",
    )
    outlets = _crosstab(
        conn.execute(
            "SELECT o.name AS value, o.name AS label, m.stance, COUNT(*)"
            + members
            + " LEFT JOIN outlets o ON o.id = d.outlet_id WHERE m.claim_id = ? GROUP BY o.id, m.stance",
            (claim_id,),
        ).fetchall(),
        "(outlet unknown)",
    )
    return {
        "id": row["id"],
        "label": row["label"],
        "threshold": row["threshold"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "counts": counts,
        "members": sum(counts.values()),
        "timeline": timeline,
        "undated": {k: counts[k] - dated[k] for k in STANCES},
        "speakers": speakers,
        "outlets": outlets,
    }


def claim_options(conn: sqlite3.Connection, limit: int = 50) -> list[dict[str, Any]]:
    """The largest claims (id, label, members), for the filter's choices."""
    if not claims_ready(conn):
        return []
    rows = conn.execute(
        "SELECT c.id, c.label, COUNT(*) AS members FROM claims c JOIN claim_members m ON m.claim_id = c.id"
        " GROUP BY c.id ORDER BY members DESC, c.created_at, c.id LIMIT ?",
        (int(limit),),
    )
    return [dict(r) for r in rows]


def stats(conn: sqlite3.Connection) -> dict[str, int]:
    """How much the store holds."""
    row = conn.execute(
        "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM statements),"
        " (SELECT COUNT(*) FROM speakers), (SELECT COUNT(*) FROM outlets)"
    ).fetchone()
    out = {"documents": row[0], "statements": row[1], "speakers": row[2], "outlets": row[3], "claims": 0}
    if claims_ready(conn):
        out["claims"] = conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    return out


__all__ = [
    "KINDS",
    "MAX_LIMIT",
    "NONE",
    "STANCES",
    "TYPES",
    "DocumentQuery",
    "Page",
    "StatementQuery",
    "claim",
    "claims_ready",
    "document_extras",
    "list_claims",
    "list_outlets",
    "list_speakers",
    "search_documents",
    "search_statements",
    "speaker",
    "statement",
    "stats",
]
