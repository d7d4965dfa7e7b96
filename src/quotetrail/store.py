"""The embedded SQLite database: one file holds documents, statements and speakers between runs."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from quotetrail import identity
from quotetrail.errors import NotFound, QuotetrailError, StoreError
from quotetrail.identity import Mention, SpeakerIdentity, folded_name
from quotetrail.types import SPEAKER_KINDS, Attribution, Metadata, Region, SourceDocument, Span, span_text

DEFAULT_DB = "quotetrail.db"
ENV_DB = "QUOTETRAIL_DB"

MIGRATIONS: list[str] = [
    # 1: the first schema.
    """
    CREATE TABLE outlets (
        id INTEGER PRIMARY KEY,
        name TEXT UNIQUE NOT NULL COLLATE NOCASE
    );
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,              -- sha256 of the text
        name TEXT,
        text TEXT NOT NULL,
        title TEXT,
        outlet_id INTEGER REFERENCES outlets(id),
        author TEXT,
        date TEXT,                        -- ISO date or partial '--MM-DD'
        language TEXT,
        url TEXT,
        evidence TEXT NOT NULL DEFAULT '{}',   -- JSON object: field -> evidence
        regions TEXT NOT NULL DEFAULT '[]',    -- JSON list of [start, end, reason]
        added_at TEXT,
        attributed_at TEXT
    );
    CREATE TABLE document_sources (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        origin TEXT NOT NULL,
        PRIMARY KEY (doc_id, origin)
    );
    CREATE TABLE speakers (
        id INTEGER PRIMARY KEY,
        name TEXT UNIQUE NOT NULL,
        kind TEXT NOT NULL DEFAULT 'unknown'   -- person | organisation | unknown
    );
    CREATE TABLE speaker_aliases (
        speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        PRIMARY KEY (speaker_id, alias)
    );
    CREATE TABLE statements (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        type TEXT,
        kind TEXT,
        source TEXT NOT NULL DEFAULT '[]',
        cue TEXT NOT NULL DEFAULT '[]',
        content TEXT NOT NULL DEFAULT '[]',
        source_text TEXT,
        cue_text TEXT,
        content_text TEXT,
        speaker_name TEXT,                -- as resolved inside the document
        speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
        UNIQUE (doc_id, idx)
    );
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT
    );
    CREATE INDEX documents_outlet ON documents(outlet_id);
    CREATE INDEX documents_date ON documents(date);
    CREATE INDEX documents_pending ON documents(attributed_at);
    CREATE INDEX statements_speaker ON statements(speaker_id);
    CREATE INDEX statements_speaker_name ON statements(speaker_name);
    CREATE INDEX speaker_aliases_alias ON speaker_aliases(alias);
    CREATE INDEX mentions_statement ON mentions(statement_id);
    CREATE INDEX mentions_doc ON mentions(doc_id);
    CREATE VIRTUAL TABLE statements_fts USING fts5(
        content_text, speaker_name,
        content='statements', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
        INSERT INTO statements_fts(rowid, content_text, speaker_name)
        VALUES (new.id, new.content_text, new.speaker_name);
    END;
    CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, content_text, speaker_name)
        VALUES ('delete', old.id, old.content_text, old.speaker_name);
    END;
    CREATE TRIGGER statements_fts_update AFTER UPDATE OF content_text, speaker_name ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, content_text, speaker_name)
        VALUES ('delete', old.id, old.content_text, old.speaker_name);
        INSERT INTO statements_fts(rowid, content_text, speaker_name)
        VALUES (new.id, new.content_text, new.speaker_name);
    END;
    """,
    # 2: ingest at scale: near-duplicate groups, skipped inputs, extractor skips.
    """
    ALTER TABLE documents ADD COLUMN dup_group TEXT;        -- first document of its near-duplicate group
    ALTER TABLE documents ADD COLUMN skipped TEXT;          -- why the extractor left it out (e.g. language)
    CREATE INDEX documents_dup_group ON documents(dup_group);
    CREATE TABLE signatures (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        minhash BLOB NOT NULL
    );
    CREATE TABLE lsh_bands (
        key INTEGER NOT NULL,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE
    );
    CREATE INDEX lsh_bands_key ON lsh_bands(key);
    CREATE INDEX lsh_bands_doc ON lsh_bands(doc_id);
    CREATE TABLE errors (
        id INTEGER PRIMARY KEY,
        input TEXT NOT NULL,              -- file, URL or record the error is about
        stage TEXT NOT NULL,              -- read | fetch | extract | store | attribute
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        remedy TEXT,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        times INTEGER NOT NULL DEFAULT 1,
        UNIQUE (input, stage, reason)
    );
    CREATE INDEX errors_input ON errors(input);
    """,
    # 3: speaker identities: stable ids, types, roles, user corrections and Wikidata links.
    """
    ALTER TABLE speakers ADD COLUMN key TEXT;               -- stable id 'sp-<hash>' (identity.py)
    ALTER TABLE speakers ADD COLUMN type TEXT NOT NULL DEFAULT 'unknown';  -- types.SPEAKER_KINDS
    ALTER TABLE speakers ADD COLUMN qid TEXT;               -- Wikidata item, e.g. Q42
    ALTER TABLE speakers ADD COLUMN qid_source TEXT;        -- correction | mapping | online
    UPDATE speakers SET type = kind;
    CREATE UNIQUE INDEX speakers_key ON speakers(key);
    ALTER TABLE speaker_aliases ADD COLUMN reason TEXT;     -- JSON {score, reasons}: why the name joined
    CREATE TABLE speaker_roles (
        speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
        role TEXT NOT NULL DEFAULT '',
        affiliation TEXT NOT NULL DEFAULT '',
        first_seen TEXT,
        last_seen TEXT,
        count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (speaker_id, role, affiliation)
    );
    ALTER TABLE statements ADD COLUMN speaker_kind TEXT;
    ALTER TABLE statements ADD COLUMN speaker_role TEXT;
    ALTER TABLE statements ADD COLUMN speaker_affiliation TEXT;
    UPDATE statements SET speaker_kind = (SELECT NULLIF(sp.kind, 'unknown') FROM speakers sp
        WHERE sp.id = statements.speaker_id) WHERE speaker_id IS NOT NULL;
    CREATE TABLE speaker_corrections (
        id INTEGER PRIMARY KEY,
        action TEXT NOT NULL CHECK (action IN ('merge', 'split', 'rename', 'qid')),
        args TEXT NOT NULL DEFAULT '{}',  -- JSON: speakers by id, display name and aliases
        created_at TEXT NOT NULL,
        note TEXT                         -- how the last refresh applied it
    );
    CREATE TABLE wikidata_links (
        name_key TEXT NOT NULL,           -- folded name
        source TEXT NOT NULL CHECK (source IN ('mapping', 'online')),
        name TEXT NOT NULL,
        qid TEXT,                         -- NULL: looked up online, nothing found
        label TEXT,
        description TEXT,
        checked_at TEXT NOT NULL,
        PRIMARY KEY (name_key, source)
    );
    """,
    # 4: claims: statement vectors (cached per model), claims and their members with stance (claims.py).
    """
    CREATE TABLE statement_embeddings (
        content_hash TEXT NOT NULL,       -- claims.content_hash of the statement's content
        model TEXT NOT NULL,              -- sha256 of the encoder's model
        vector BLOB NOT NULL,             -- float32, little-endian, unit length
        PRIMARY KEY (content_hash, model)
    );
    CREATE TABLE claims (
        id TEXT PRIMARY KEY,              -- 'cl-<hash>' of the founding statement's key, kept as it grows
        label TEXT NOT NULL,              -- the label statement's content, trimmed
        label_key TEXT,                   -- claims.statement_key of the label statement
        founder TEXT NOT NULL,            -- claims.statement_key of the founding statement
        threshold REAL NOT NULL,          -- the cosine threshold it was grouped with
        model TEXT,                       -- the encoder it was grouped with
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE claim_members (
        statement_id INTEGER PRIMARY KEY REFERENCES statements(id) ON DELETE CASCADE,
        claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        stance TEXT NOT NULL CHECK (stance IN ('supports', 'opposes', 'neither')),
        score REAL NOT NULL               -- the stance model's confidence
    );
    CREATE INDEX claim_members_claim ON claim_members(claim_id, stance);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

_WORD = re.compile(r"\w+")
_DATE_ORDER = "CASE WHEN d.date IS NULL THEN 2 WHEN d.date GLOB '--*' THEN 1 ELSE 0 END"
"""Full dates first, then dates without a year, then undated documents."""


def resolve_db_path(cli_value: str | None) -> Path:
    """One rule for every entry point: --db, else $QUOTETRAIL_DB, else ./quotetrail.db."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return Path(DEFAULT_DB)


def fts_query(search: str) -> str | None:
    """User words as quoted FTS5 tokens (implicit AND), so operators and quotes are never syntax."""
    words = _WORD.findall(search)
    if not words:
        return None
    return " ".join(f'"{w}"' for w in words)


def _split_sql(script: str) -> list[str]:
    """Split a script into complete statements (trigger bodies included) to run them in one transaction."""
    statements: list[str] = []
    buf = ""
    for part in script.split(";"):
        buf += part + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \t\r\n;"):
                statements.append(buf.strip())
            buf = ""
    if buf.strip(" \t\r\n;"):
        statements.append(buf.strip())
    return statements


def _fold(value: Any) -> str | None:
    """Unicode-aware case folding for SQL comparisons (SQLite's lower() is ASCII only)."""
    return value.casefold() if isinstance(value, str) else None


def _now() -> str:
    """Timestamps in UTC ISO form so they sort as text."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _spans_json(spans: list[Span]) -> str:
    """Spans as a JSON list of [start, end] pairs."""
    return json.dumps([[int(s), int(e)] for s, e in spans])


def _spans(value: str | None) -> list[list[int]]:
    """Stored JSON spans back as lists."""
    return [[int(s), int(e)] for s, e in json.loads(value or "[]")]


def _claim_fields(claim: Mapping[str, Any]) -> tuple[Any, ...]:
    """A claim's id, label, label statement key and founder key, in the claims table's order."""
    return (claim["id"], claim["label"], claim["label_key"], claim["founder"])


def _unique_names(idents: list[SpeakerIdentity]) -> list[str]:
    """Display names made unique (the names column is UNIQUE): a later duplicate gets its id appended."""
    seen: set[str] = set()
    out = []
    for ident in idents:
        name = ident.name if ident.name not in seen else f"{ident.name} ({ident.key})"
        seen.add(name)
        out.append(name)
    return out


class Store:
    """A quotetrail database file; open it, read and write, close it (or use `with`)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._batch_depth = 0
        memory = str(path) == ":memory:"
        if not memory:
            if not self.path.parent.is_dir():
                raise StoreError("the folder for the database does not exist", path=str(self.path))
            if self.path.is_dir():
                raise StoreError("the database path is a folder", path=str(self.path))
        try:
            self._conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the database: {exc}", path=str(self.path)) from exc
        self._conn.row_factory = sqlite3.Row
        try:
            self._conn.create_function("qt_fold", 1, _fold, deterministic=True)
            self._conn.execute("PRAGMA foreign_keys = ON")
            version = self._user_version()
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the database has schema version {version}, newer than this quotetrail "
                    f"supports ({SCHEMA_VERSION})",
                    path=str(self.path),
                    remedy="upgrade quotetrail, or point --db / QUOTETRAIL_DB at another file",
                )
            self._conn.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL: a killed process loses no committed transaction (power loss may).
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StoreError(f"not a usable quotetrail database: {exc}", path=str(self.path)) from exc
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle -----------------------------------------------------------------------------

    def close(self) -> None:
        """Release the file (safe to call twice)."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _user_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def schema_version(self) -> int:
        """The schema version stored in the file (PRAGMA user_version)."""
        return self._user_version()

    def journal_mode(self) -> str:
        """The journal mode in effect ('wal' on a normal file)."""
        return str(self._conn.execute("PRAGMA journal_mode").fetchone()[0])

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group many writes into one transaction (one commit), as ingest does every few hundred documents."""
        with self._write():
            self._batch_depth += 1
            try:
                yield
            finally:
                self._batch_depth -= 1

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it commits or none of it does (joins an open batch)."""
        if self._batch_depth:
            yield self._conn
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the database: {exc}", path=str(self.path)) from exc
        try:
            yield self._conn
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        else:
            self._conn.execute("COMMIT")

    def _migrate(self) -> None:
        """Bring the file up to SCHEMA_VERSION, one migration per transaction."""
        for i in range(self._user_version(), SCHEMA_VERSION):
            with self._write() as conn:
                if self._user_version() > i:  # another process got there first
                    continue
                for statement in _split_sql(MIGRATIONS[i]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {i + 1:d}")

    # -- writes --------------------------------------------------------------------------------

    def add_document(
        self,
        doc: SourceDocument,
        doc_id: str,
        meta: Metadata,
        regions: list[Region],
        *,
        dup_group: str | None = None,
    ) -> bool:
        """Store a document once per text and remember every source it came from; True if it was new."""
        with self._write() as conn:
            exists = conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if exists is None:
                outlet_id = self._outlet_id(meta.outlet)
                conn.execute(
                    "INSERT INTO documents (id, name, text, title, outlet_id, author, date, language, url,"
                    " evidence, regions, added_at, dup_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc_id,
                        doc.name,
                        doc.text,
                        meta.title,
                        outlet_id,
                        meta.author,
                        meta.date,
                        meta.language,
                        meta.url,
                        json.dumps(meta.evidence or {}, ensure_ascii=False),
                        json.dumps([[r.start, r.end, r.reason] for r in regions], ensure_ascii=False),
                        _now(),
                        dup_group,
                    ),
                )
            conn.execute(
                "INSERT OR IGNORE INTO document_sources (doc_id, origin) VALUES (?, ?)", (doc_id, doc.origin)
            )
            conn.execute("DELETE FROM errors WHERE input = ?", (doc.origin,))
        return exists is None

    def has_source(self, doc_id: str, origin: str) -> bool:
        """Whether this text was already stored from this source (a resumed run meets it again)."""
        row = self._conn.execute(
            "SELECT 1 FROM document_sources WHERE doc_id = ? AND origin = ?", (doc_id, origin)
        ).fetchone()
        return row is not None

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this text is stored."""
        return self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def near_duplicate(
        self, signature: bytes, keys: list[int], similar: Callable[[bytes], bool]
    ) -> str | None:
        """The group of a stored document sharing a band key whose signature `similar` accepts."""
        if not keys:
            return None
        marks = ",".join("?" * len(keys))
        rows = self._conn.execute(
            "SELECT DISTINCT b.doc_id, s.minhash, d.dup_group FROM lsh_bands b"
            " JOIN signatures s ON s.doc_id = b.doc_id JOIN documents d ON d.id = b.doc_id"
            f" WHERE b.key IN ({marks}) ORDER BY d.added_at, d.id",
            keys,
        ).fetchall()
        for r in rows:
            if similar(bytes(r["minhash"])):
                return str(r["dup_group"] or r["doc_id"])
        return None

    def add_signature(self, doc_id: str, signature: bytes, keys: list[int], group: str | None) -> None:
        """Remember a document's MinHash and band keys, and make it (and its match) members of `group`."""
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO signatures (doc_id, minhash) VALUES (?, ?)", (doc_id, signature)
            )
            conn.execute("DELETE FROM lsh_bands WHERE doc_id = ?", (doc_id,))
            conn.executemany("INSERT INTO lsh_bands (key, doc_id) VALUES (?, ?)", [(k, doc_id) for k in keys])
            if group is not None:
                conn.execute("UPDATE documents SET dup_group = ? WHERE id IN (?, ?)", (group, doc_id, group))

    def record_error(self, err: QuotetrailError, *, stage: str | None = None) -> None:
        """Keep one row per input, stage and reason, counting how often a run met it."""
        now = _now()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO errors (input, stage, code, reason, remedy, first_seen, last_seen)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (input, stage, reason) DO UPDATE SET"
                " last_seen = excluded.last_seen, times = times + 1, code = excluded.code,"
                " remedy = excluded.remedy",
                (
                    err.path or "",
                    stage or err.stage or "read",
                    err.code,
                    err.message,
                    err.remedy or None,
                    now,
                    now,
                ),
            )

    def errors(self, stage: str | None = None) -> list[dict[str, Any]]:
        """Skipped inputs with the reason and stage, most recent first."""
        sql = "SELECT input, stage, code, reason, remedy, first_seen, last_seen, times FROM errors"
        params: list[Any] = []
        if stage:
            sql += " WHERE stage = ?"
            params.append(stage)
        sql += " ORDER BY last_seen DESC, input, stage"
        return [dict(r) for r in self._conn.execute(sql, params)]

    def mark_skipped(self, doc_id: str, reason: str) -> None:
        """Record that the extractor left a document out, and why (it stays stored)."""
        with self._write() as conn:
            conn.execute(
                "UPDATE documents SET skipped = ?, attributed_at = ? WHERE id = ?", (reason, _now(), doc_id)
            )

    def _outlet_id(self, name: str | None) -> int | None:
        """The id of an outlet by name, created on first use."""
        if not name or not name.strip():
            return None
        name = name.strip()
        self._conn.execute("INSERT OR IGNORE INTO outlets (name) VALUES (?)", (name,))
        row = self._conn.execute("SELECT id FROM outlets WHERE name = ?", (name,)).fetchone()
        return int(row[0])

    def document_ids_without_statements(self) -> list[str]:
        """Documents never attributed yet (attributed_at unset), oldest first, so a run can resume."""
        rows = self._conn.execute(
            "SELECT id FROM documents WHERE attributed_at IS NULL ORDER BY added_at, id"
        ).fetchall()
        return [r[0] for r in rows]

    def has_statements(self, doc_id: str) -> bool:
        """Whether a document has at least one stored statement."""
        row = self._conn.execute("SELECT 1 FROM statements WHERE doc_id = ? LIMIT 1", (doc_id,)).fetchone()
        return row is not None

    def mark_attributed(self, doc_id: str) -> None:
        """Record that attribution ran on a document, even if it found nothing."""
        with self._write() as conn:
            cur = conn.execute("UPDATE documents SET attributed_at = ? WHERE id = ?", (_now(), doc_id))
            if cur.rowcount == 0:
                raise NotFound(f"no document with id {doc_id!r}")

    def replace_statements(self, doc_id: str, attributions: list[Attribution]) -> None:
        """Swap a document's statements for a new extraction in one transaction, and mark it attributed."""
        with self._write() as conn:
            row = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise NotFound(f"no document with id {doc_id!r}")
            text: str = row[0]
            for a in attributions:
                for s, e in [*a.source, *a.cue, *a.content]:
                    if not 0 <= s <= e <= len(text):
                        raise ValueError(f"span ({s}, {e}) is outside the document (length {len(text)})")
            conn.execute("DELETE FROM statements WHERE doc_id = ?", (doc_id,))
            for idx, a in enumerate(attributions):
                speaker = (a.speaker or "").strip()
                cur = conn.execute(
                    "INSERT INTO statements (doc_id, idx, type, kind, source, cue, content, source_text,"
                    " cue_text, content_text, speaker_name, speaker_kind, speaker_role, speaker_affiliation,"
                    " speaker_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    " (SELECT MIN(speaker_id) FROM speaker_aliases WHERE alias = ? AND alias != ''))",
                    (
                        doc_id,
                        idx,
                        a.type,
                        a.kind,
                        _spans_json(a.source),
                        _spans_json(a.cue),
                        _spans_json(a.content),
                        span_text(text, a.source),
                        span_text(text, a.cue),
                        span_text(text, a.content),
                        speaker,
                        (a.speaker_kind or "").strip() or None,
                        (a.speaker_role or "").strip() or None,
                        (a.speaker_affiliation or "").strip() or None,
                        speaker,
                    ),
                )
                if a.source:
                    s, e = a.source[0]
                    conn.execute(
                        "INSERT INTO mentions (statement_id, doc_id, start, end, text)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (cur.lastrowid, doc_id, s, e, text[s:e]),
                    )
            conn.execute("UPDATE documents SET attributed_at = ? WHERE id = ?", (_now(), doc_id))

    def speaker_mentions(self) -> list[Mention]:
        """Each speaker name as resolved per document, with its kind, role, affiliation, date and count."""
        rows = self._conn.execute(
            "SELECT st.doc_id, d.date, st.speaker_name, COALESCE(st.speaker_kind, '') AS kind,"
            " COALESCE(st.speaker_role, '') AS role, COALESCE(st.speaker_affiliation, '') AS aff,"
            " COUNT(*) AS n FROM statements st JOIN documents d ON d.id = st.doc_id"
            " WHERE st.speaker_name IS NOT NULL AND st.speaker_name != ''"
            " GROUP BY st.doc_id, st.speaker_name, kind, role, aff"
            " ORDER BY st.doc_id, st.speaker_name, kind, role, aff"
        )
        return [
            Mention(
                name=r["speaker_name"],
                kind=r["kind"],
                role=r["role"],
                affiliation=r["aff"],
                doc=r["doc_id"],
                date=r["date"],
                count=int(r["n"]),
            )
            for r in rows
        ]

    def refresh_speakers(
        self,
        cluster: Callable[[list[str]], dict[str, str]] | None = None,
        kinds: Mapping[str, str] | None = None,
    ) -> None:
        """Rebuild speakers from every stored statement, then apply the user's corrections in order.

        Names are merged by identity.cluster, or by `cluster` (name -> display name) when given.
        `kinds` (name -> kind) fills statements whose resolution left the kind blank. A speaker
        keeps the id of the stored speaker it contains (identity.keep_ids); QIDs come from
        Wikidata links, then from corrections.
        """
        with self._write() as conn:
            if kinds:
                conn.executemany(
                    "UPDATE statements SET speaker_kind = ? WHERE speaker_name = ?"
                    " AND COALESCE(speaker_kind, '') IN ('', 'unknown')",
                    [(k, n) for n, k in sorted(kinds.items()) if k and k != "unknown"],
                )
            mentions = self.speaker_mentions()
            if cluster is None:
                idents = identity.cluster(mentions)
            else:
                names = sorted({m.name for m in mentions})
                mapping = cluster(list(names)) if names else {}
                canonical = {
                    n: t.strip()
                    for n, t in mapping.items()
                    if isinstance(t, str) and t.strip() and n in names
                }
                idents = identity.group(mentions, canonical)
            previous: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
            for r in conn.execute(
                "SELECT sp.key, st.doc_id, st.speaker_name, COUNT(*) AS n FROM statements st"
                " JOIN speakers sp ON sp.id = st.speaker_id WHERE sp.key IS NOT NULL"
                " GROUP BY sp.key, st.doc_id, st.speaker_name"
            ):
                previous[r["key"]][(r["doc_id"], r["speaker_name"])] = int(r["n"])
            idents = identity.keep_ids(idents, previous)
            self._link_qids(idents)
            corrections = [
                (int(r["id"]), str(r["action"]), json.loads(r["args"] or "{}"))
                for r in conn.execute("SELECT id, action, args FROM speaker_corrections ORDER BY id")
            ]
            idents, notes = identity.apply_corrections(idents, corrections)
            self._write_speakers(idents)
            conn.executemany(
                "UPDATE speaker_corrections SET note = ? WHERE id = ?", [(n, cid) for cid, n in notes.items()]
            )

    def _link_qids(self, idents: list[SpeakerIdentity]) -> None:
        """A QID from a mapping file (any of the names), else from the online match of the display name."""
        links: dict[tuple[str, str], str] = {
            (r["name_key"], r["source"]): r["qid"]
            for r in self._conn.execute(
                "SELECT name_key, source, qid FROM wikidata_links WHERE qid IS NOT NULL"
            )
        }
        if not links:
            return
        for ident in idents:
            counts: Counter[str] = Counter()
            for m in ident.mentions:
                counts[m.name] += m.count
            names = [ident.name, *sorted(counts, key=lambda n: (-counts[n], n))]
            hit = next((links[k] for n in names if (k := (folded_name(n), "mapping")) in links), None)
            if hit:
                ident.qid, ident.qid_source = hit, "mapping"
            elif (folded_name(ident.name), "online") in links:
                ident.qid, ident.qid_source = links[(folded_name(ident.name), "online")], "online"

    def _write_speakers(self, idents: list[SpeakerIdentity]) -> None:
        """Store speakers (row ids kept by id, else by name), aliases with reasons, roles, statement links."""
        conn = self._conn
        rows = conn.execute("SELECT id, key, name FROM speakers ORDER BY id").fetchall()
        by_key = {r["key"]: int(r["id"]) for r in rows if r["key"]}
        by_name = {r["name"]: int(r["id"]) for r in rows}
        names = _unique_names(idents)
        row_of: dict[int, int] = {}
        for n, ident in enumerate(idents):
            if ident.key in by_key:
                row_of[n] = by_key[ident.key]
        claimed = set(row_of.values())
        for n, _ident in enumerate(idents):
            rid = by_name.get(names[n])
            if n not in row_of and rid is not None and rid not in claimed:
                row_of[n] = rid
                claimed.add(rid)
        gone = [(int(r["id"]),) for r in rows if int(r["id"]) not in claimed]
        conn.executemany("DELETE FROM speakers WHERE id = ?", gone)
        conn.executemany(
            "UPDATE speakers SET name = char(0) || id, key = NULL WHERE id = ?",
            [(r,) for r in sorted(claimed)],
        )
        ids: list[int] = []
        for n, ident in enumerate(idents):
            values = (names[n], ident.type, ident.key, ident.type, ident.qid, ident.qid_source)
            if n in row_of:
                conn.execute(
                    "UPDATE speakers SET name = ?, kind = ?, key = ?, type = ?, qid = ?, qid_source = ?"
                    " WHERE id = ?",
                    (*values, row_of[n]),
                )
                ids.append(row_of[n])
            else:
                cur = conn.execute(
                    "INSERT INTO speakers (name, kind, key, type, qid, qid_source) VALUES (?, ?, ?, ?, ?, ?)",
                    values,
                )
                ids.append(int(cur.lastrowid or 0))
        conn.execute("DELETE FROM speaker_aliases")
        conn.execute("DELETE FROM speaker_roles")
        aliases = []
        roles = []
        links = []
        for sid, ident in zip(ids, idents, strict=True):
            for alias in sorted({*ident.aliases, ident.name}):
                why = ident.why.get(alias)
                reason = json.dumps({"score": why.score, "reasons": why.reasons}) if why else None
                aliases.append((sid, alias, reason))
            roles += [(sid, r.role, r.affiliation, r.first_seen, r.last_seen, r.count) for r in ident.roles]
            links += sorted({(sid, m.doc, m.name) for m in ident.mentions})
        conn.executemany(
            "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, reason) VALUES (?, ?, ?)", aliases
        )
        conn.executemany(
            "INSERT OR IGNORE INTO speaker_roles"
            " (speaker_id, role, affiliation, first_seen, last_seen, count) VALUES (?, ?, ?, ?, ?, ?)",
            roles,
        )
        conn.execute("UPDATE statements SET speaker_id = NULL WHERE speaker_id IS NOT NULL")
        conn.executemany("UPDATE statements SET speaker_id = ? WHERE doc_id = ? AND speaker_name = ?", links)

    # -- corrections and links -----------------------------------------------------------------

    def add_correction(self, action: str, args: Mapping[str, Any]) -> int:
        """Record a user correction (merge, split, rename, qid); refresh_speakers applies it."""
        if action not in identity.ACTIONS:
            raise ValueError(f"unknown correction {action!r}")
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO speaker_corrections (action, args, created_at) VALUES (?, ?, ?)",
                (action, json.dumps(dict(args), ensure_ascii=False, sort_keys=True), _now()),
            )
            return int(cur.lastrowid or 0)

    def corrections(self) -> list[dict[str, Any]]:
        """User corrections in the order they apply, with how the last refresh applied each."""
        return [
            {
                "id": r["id"],
                "action": r["action"],
                "args": json.loads(r["args"] or "{}"),
                "created_at": r["created_at"],
                "note": r["note"],
            }
            for r in self._conn.execute(
                "SELECT id, action, args, created_at, note FROM speaker_corrections ORDER BY id"
            )
        ]

    def delete_correction(self, correction_id: int) -> None:
        """Forget a correction (undo); refresh_speakers rebuilds without it."""
        with self._write() as conn:
            cur = conn.execute("DELETE FROM speaker_corrections WHERE id = ?", (int(correction_id),))
            if cur.rowcount == 0:
                raise NotFound(
                    f"no correction #{correction_id}",
                    remedy="list them with `quotetrail speakers corrections`",
                )

    def wikidata_cached(self, name: str) -> dict[str, Any] | None:
        """The stored online lookup of a name (qid None: asked, nothing found); None if never asked."""
        row = self._conn.execute(
            "SELECT name, qid, label, description, checked_at FROM wikidata_links"
            " WHERE name_key = ? AND source = 'online'",
            (folded_name(name),),
        ).fetchone()
        return dict(row) if row else None

    def save_wikidata(self, source: str, links: list[tuple[str, str | None, str | None, str | None]]) -> None:
        """Remember (name, qid, label, description) links from a mapping file or an online lookup."""
        now = _now()
        with self._write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO wikidata_links (name_key, source, name, qid, label, description,"
                " checked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (folded_name(n), source, n, q, label, desc, now)
                    for n, q, label, desc in links
                    if n.strip()
                ],
            )

    # -- reads ---------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How much is stored, for headers and status lines."""
        row = self._conn.execute(
            "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM statements),"
            " (SELECT COUNT(*) FROM speakers), (SELECT COUNT(*) FROM outlets)"
        ).fetchone()
        return {"documents": row[0], "statements": row[1], "speakers": row[2], "outlets": row[3]}

    def speakers(self, limit: int | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        """Speakers with id, type, QID, aliases, statement counts, outlets and dates, most quoted first."""
        if kind is not None and kind not in SPEAKER_KINDS:
            raise ValueError(f"unknown speaker kind {kind!r}")
        rows = self._conn.execute(
            "SELECT sp.id, sp.key, sp.name, sp.kind, sp.type, sp.qid, COUNT(st.id) AS n,"
            " MIN(CASE WHEN d.date GLOB '[0-9]*' THEN d.date END) AS first_date,"
            " MAX(CASE WHEN d.date GLOB '[0-9]*' THEN d.date END) AS last_date"
            " FROM speakers sp LEFT JOIN statements st ON st.speaker_id = sp.id"
            " LEFT JOIN documents d ON d.id = st.doc_id WHERE ? IS NULL OR sp.type = ?"
            " GROUP BY sp.id ORDER BY n DESC, sp.name LIMIT ?",
            (kind, kind, -1 if limit is None else int(limit)),
        ).fetchall()
        aliases: dict[int, list[str]] = {}
        for r in self._conn.execute("SELECT speaker_id, alias FROM speaker_aliases ORDER BY alias"):
            aliases.setdefault(r[0], []).append(r[1])
        outlets: dict[int, list[str]] = {}
        for r in self._conn.execute(
            "SELECT DISTINCT st.speaker_id, o.name FROM statements st JOIN documents d ON d.id = st.doc_id"
            " JOIN outlets o ON o.id = d.outlet_id WHERE st.speaker_id IS NOT NULL ORDER BY o.name"
        ):
            outlets.setdefault(r[0], []).append(r[1])
        return [
            {
                "id": r["id"],
                "key": r["key"],
                "name": r["name"],
                "kind": r["kind"],
                "type": r["type"],
                "qid": r["qid"],
                "aliases": [a for a in aliases.get(r["id"], []) if a != r["name"]],
                "statements": r["n"],
                "outlets": outlets.get(r["id"], []),
                "first_date": r["first_date"],
                "last_date": r["last_date"],
            }
            for r in rows
        ]

    def find_speakers(self, wanted: str, *, fuzzy: bool = True) -> list[dict[str, Any]]:
        """Speakers a user's words name: the id, else the display name, an alias, a variant, part of one."""
        needle = wanted.strip()
        if not needle:
            return []
        rows = [dict(r) for r in self._conn.execute("SELECT id, key, name, type FROM speakers ORDER BY id")]
        names: dict[int, set[str]] = defaultdict(set)
        for r in self._conn.execute("SELECT speaker_id, alias FROM speaker_aliases"):
            names[r[0]].add(r[1])
        folded, tokens = identity.fold(needle), folded_name(needle)
        tests: list[Callable[[dict[str, Any]], bool]] = [
            lambda r: (r["key"] or "").casefold() == needle.casefold(),
            lambda r: identity.fold(r["name"]) == folded,
            lambda r: any(identity.fold(a) == folded for a in names[r["id"]]),
            lambda r: any(folded_name(a) == tokens for a in {r["name"], *names[r["id"]]}),
        ]
        if fuzzy:  # a spelling variant or initial ("J. Doe"), then part of a name
            tests.append(
                lambda r: identity.compare(needle, r["name"], kind_b=r["type"]).score >= identity.MERGE_AT
            )
            tests.append(lambda r: any(folded in identity.fold(a) for a in {r["name"], *names[r["id"]]}))
        for test in tests:
            hits = [r for r in rows if test(r)]
            if hits:
                return hits
        return []

    def resolve_speaker(self, wanted: str) -> dict[str, Any]:
        """The one speaker a name, alias or id names; NotFound when none or several do."""
        hits = self.find_speakers(wanted)
        if not hits:
            raise NotFound(
                f"no speaker named {wanted!r}",
                remedy="list speakers with `quotetrail speakers` and use a name, alias or sp- id from it",
            )
        if len(hits) > 1:
            listed = ", ".join(f"{h['name']} ({h['key']})" for h in hits[:10])
            more = f" and {len(hits) - 10} more" if len(hits) > 10 else ""
            raise NotFound(
                f"{len(hits)} speakers match {wanted!r}: {listed}{more}",
                remedy=f"name one by its id, e.g. `{hits[0]['key']}`",
            )
        return hits[0]

    def speaker_identity(self, speaker_id: int) -> dict[str, Any]:
        """A stored speaker as a correction names it: id, display name and every alias."""
        row = self._conn.execute("SELECT key, name FROM speakers WHERE id = ?", (speaker_id,)).fetchone()
        if row is None:
            raise NotFound(f"no speaker with id {speaker_id}")
        names = [
            r[0]
            for r in self._conn.execute(
                "SELECT alias FROM speaker_aliases WHERE speaker_id = ? ORDER BY alias", (speaker_id,)
            )
        ]
        return {"key": row["key"], "name": row["name"], "names": names}

    def _institution_named(self, name: str) -> str | None:
        """The id of the one institution speaker an affiliation names (same name, alias or country)."""
        if not name.strip():
            return None
        hits = [h for h in self.find_speakers(name, fuzzy=False) if h["type"] not in ("person", "unknown")]
        if not hits:
            hits = [
                r
                for r in self._conn.execute(
                    "SELECT key, name, type FROM speakers WHERE type NOT IN (?, ?)", ("person", "unknown")
                )
                if identity.compare(name, r["name"], r["type"], r["type"]).score >= identity.MERGE_AT
            ]
        return str(hits[0]["key"]) if len(hits) == 1 else None

    def speaker_profile(self, speaker_id: int) -> dict[str, Any]:
        """One speaker's profile: names and why they joined, roles, countries, statements, outlets."""
        row = self._conn.execute(
            "SELECT id, key, name, type, qid, qid_source FROM speakers WHERE id = ?", (speaker_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no speaker with id {speaker_id}")
        aliases = []
        for r in self._conn.execute(
            "SELECT alias, reason FROM speaker_aliases WHERE speaker_id = ? ORDER BY alias", (speaker_id,)
        ):
            why = json.loads(r["reason"]) if r["reason"] else None
            aliases.append({"name": r["alias"], "why": why})
        roles = [
            dict(r)
            for r in self._conn.execute(
                "SELECT role, affiliation, first_seen, last_seen, count FROM speaker_roles"
                " WHERE speaker_id = ?"
                " ORDER BY COALESCE(first_seen, '9999'), count DESC, role, affiliation",
                (speaker_id,),
            )
        ]
        for role in roles:
            role["affiliation_id"] = self._institution_named(role["affiliation"])
        quotes = [
            self._quote(r)
            for r in self._conn.execute(
                self._QUOTE_SELECT
                + " WHERE st.speaker_id = ? ORDER BY "
                + _DATE_ORDER
                + ", d.date, d.name, st.doc_id, st.idx",
                (speaker_id,),
            )
        ]
        outlets = Counter(q["outlet"] for q in quotes if q["outlet"])
        dates = sorted(q["date"] for q in quotes if q["date"] and q["date"][:1].isdigit())
        key = row["key"]
        return {
            "id": key,
            "row": row["id"],
            "name": row["name"],
            "type": row["type"],
            "qid": row["qid"],
            "qid_source": row["qid_source"],
            "aliases": aliases,
            "roles": roles,
            "countries": identity.countries_in(
                [r["role"] for r in roles] + [r["affiliation"] for r in roles]
            ),
            "first_seen": dates[0] if dates else None,
            "last_seen": dates[-1] if dates else None,
            "statements": [
                {
                    "date": q["date"],
                    "outlet": q["outlet"],
                    "doc": q["doc_name"],
                    "doc_id": q["doc_id"],
                    "type": q["type"],
                    "name": q["speaker_name"],
                    "content": q["content_text"],
                }
                for q in quotes
            ],
            "outlets": [
                {"outlet": o, "statements": n}
                for o, n in sorted(outlets.items(), key=lambda t: (-t[1], t[0]))
            ],
            "corrections": [
                {"id": c["id"], "action": c["action"], "note": c["note"]}
                for c in self.corrections()
                if key and any((v or {}).get("key") == key for v in c["args"].values() if isinstance(v, dict))
            ],
        }

    _QUOTE_SELECT = (
        "SELECT st.id, st.doc_id, st.idx, d.name AS doc_name, d.title, o.name AS outlet, d.date,"
        " COALESCE(sp.name, NULLIF(st.speaker_name, ''), '') AS speaker, st.speaker_id, st.speaker_name,"
        " st.type, st.kind, st.source, st.cue, st.content, st.source_text, st.cue_text, st.content_text"
        " FROM statements st JOIN documents d ON d.id = st.doc_id"
        " LEFT JOIN outlets o ON o.id = d.outlet_id LEFT JOIN speakers sp ON sp.id = st.speaker_id"
    )

    @staticmethod
    def _quote(r: sqlite3.Row) -> dict[str, Any]:
        """One statement row as a JSON-friendly dict."""
        return {
            "id": r["id"],
            "doc_id": r["doc_id"],
            "idx": r["idx"],
            "doc_name": r["doc_name"],
            "title": r["title"],
            "outlet": r["outlet"],
            "date": r["date"],
            "speaker": r["speaker"],
            "speaker_id": r["speaker_id"],
            "speaker_name": r["speaker_name"] or "",
            "type": r["type"],
            "kind": r["kind"],
            "source": _spans(r["source"]),
            "cue": _spans(r["cue"]),
            "content": _spans(r["content"]),
            "source_text": r["source_text"] or "",
            "cue_text": r["cue_text"] or "",
            "content_text": r["content_text"] or "",
        }

    def _speaker_condition(self, speaker: str) -> tuple[str, list[Any]]:
        """Exact (case-insensitive) id/name/alias match if there is one, else substring match."""
        needle = speaker.strip().casefold()
        exact = (
            "(sp.key = ? OR qt_fold(sp.name) = ? OR qt_fold(st.speaker_name) = ? OR EXISTS (SELECT 1"
            " FROM speaker_aliases a WHERE a.speaker_id = st.speaker_id AND qt_fold(a.alias) = ?))"
        )
        hit = self._conn.execute(
            "SELECT 1 FROM statements st LEFT JOIN speakers sp ON sp.id = st.speaker_id WHERE "
            + exact
            + " LIMIT 1",
            (needle, needle, needle, needle),
        ).fetchone()
        if hit is not None:
            return exact, [needle, needle, needle, needle]
        sub = (
            "(instr(qt_fold(sp.name), ?) > 0 OR instr(qt_fold(st.speaker_name), ?) > 0 OR EXISTS (SELECT 1"
            " FROM speaker_aliases a WHERE a.speaker_id = st.speaker_id AND instr(qt_fold(a.alias), ?) > 0))"
        )
        return sub, [needle, needle, needle]

    def quotes(
        self,
        speaker: str | None = None,
        outlet: str | None = None,
        search: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Statements filtered by speaker (name or alias), outlet and full-text words, in date order."""
        where: list[str] = []
        params: list[Any] = []
        if speaker is not None and speaker.strip():
            cond, args = self._speaker_condition(speaker)
            where.append(cond)
            params += args
        if outlet is not None and outlet.strip():
            where.append("instr(qt_fold(o.name), ?) > 0")
            params.append(outlet.strip().casefold())
        if search is not None and search.strip():
            match = fts_query(search)
            if match is None:
                return []
            where.append("st.id IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)")
            params.append(match)
        sql = self._QUOTE_SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + _DATE_ORDER + ", d.date, d.name, st.doc_id, st.idx LIMIT ?"
        params.append(-1 if limit is None else int(limit))
        return [self._quote(r) for r in self._conn.execute(sql, params)]

    _DOC_SELECT = (
        "SELECT d.id, d.name, d.title, o.name AS outlet, d.author, d.date, d.language, d.url, d.evidence,"
        " d.added_at, d.attributed_at, d.dup_group, d.skipped,"
        " (SELECT COUNT(*) FROM statements st WHERE st.doc_id = d.id) AS n"
        " FROM documents d LEFT JOIN outlets o ON o.id = d.outlet_id"
    )

    def _document_row(self, r: sqlite3.Row) -> dict[str, Any]:
        """One document row (without its text) as a JSON-friendly dict."""
        origins = [
            o[0]
            for o in self._conn.execute(
                "SELECT origin FROM document_sources WHERE doc_id = ? ORDER BY origin", (r["id"],)
            )
        ]
        return {
            "id": r["id"],
            "name": r["name"],
            "title": r["title"],
            "outlet": r["outlet"],
            "author": r["author"],
            "date": r["date"],
            "language": r["language"],
            "url": r["url"],
            "evidence": json.loads(r["evidence"] or "{}"),
            "group": r["dup_group"],
            "skipped": r["skipped"],
            "statements": r["n"],
            "origins": origins,
            "added_at": r["added_at"],
            "attributed_at": r["attributed_at"],
        }

    def documents(self) -> list[dict[str, Any]]:
        """All documents with their metadata and statement counts, in date then name order."""
        rows = self._conn.execute(
            self._DOC_SELECT + " ORDER BY " + _DATE_ORDER + ", d.date, d.name, d.id"
        ).fetchall()
        return [self._document_row(r) for r in rows]

    def iter_documents(self) -> Iterator[dict[str, Any]]:
        """Every document's metadata in the order they were added, streamed for exports of any size."""
        cur = self._conn.execute(
            "SELECT d.id, d.name, d.title, o.name AS outlet, d.author, d.date, d.language, d.url, d.evidence,"
            " d.dup_group FROM documents d LEFT JOIN outlets o ON o.id = d.outlet_id ORDER BY d.rowid"
        )
        for r in cur:
            row = dict(r)
            row["evidence"] = json.loads(row["evidence"] or "{}")
            yield row

    def ingest_counts(self) -> dict[str, int]:
        """Documents, near-duplicate groups and recorded errors, for the ingest summary."""
        row = self._conn.execute(
            "SELECT (SELECT COUNT(*) FROM documents),"
            " (SELECT COUNT(DISTINCT dup_group) FROM documents WHERE dup_group IS NOT NULL),"
            " (SELECT COUNT(*) FROM documents WHERE dup_group IS NOT NULL AND dup_group != id),"
            " (SELECT COUNT(*) FROM document_sources), (SELECT COUNT(*) FROM errors)"
        ).fetchone()
        return {
            "documents": row[0],
            "groups": row[1],
            "near_duplicates": row[2],
            "sources": row[3],
            "errors": row[4],
        }

    def document(self, doc_id: str) -> dict[str, Any]:
        """One document with text, regions and its statements list; a unique id prefix (6+ chars) works."""
        row = self._conn.execute(self._DOC_SELECT + " WHERE d.id = ?", (doc_id,)).fetchone()
        if row is None and len(doc_id) >= 6:
            rows = self._conn.execute(
                self._DOC_SELECT + " WHERE substr(d.id, 1, ?) = ? LIMIT 2", (len(doc_id), doc_id)
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        if row is None:
            raise NotFound(f"no document with id {doc_id!r}")
        out = self._document_row(row)
        extra = self._conn.execute(
            "SELECT text, regions FROM documents WHERE id = ?", (out["id"],)
        ).fetchone()
        out["text"] = extra["text"]
        out["regions"] = [
            {"start": int(s), "end": int(e), "reason": str(reason)}
            for s, e, reason in json.loads(extra["regions"])
        ]
        out["statement_count"] = out["statements"]
        out["statements"] = [
            self._quote(r)
            for r in self._conn.execute(
                self._QUOTE_SELECT + " WHERE st.doc_id = ? ORDER BY st.idx", (out["id"],)
            )
        ]
        return out

    def top_speakers(self, n: int = 5) -> list[tuple[str, int]]:
        """The most quoted speakers (canonical names once speakers are refreshed, raw names before)."""
        rows = self._conn.execute(
            "SELECT COALESCE(sp.name, st.speaker_name) AS name, COUNT(*) AS c FROM statements st"
            " LEFT JOIN speakers sp ON sp.id = st.speaker_id"
            " WHERE COALESCE(sp.name, st.speaker_name) IS NOT NULL"
            " AND COALESCE(sp.name, st.speaker_name) != ''"
            " GROUP BY 1 ORDER BY c DESC, name LIMIT ?",
            (int(n),),
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    # -- claims (claims.py groups them; these read and write) -----------------------------------

    def claim_statements(self) -> list[dict[str, Any]]:
        """Every statement with content in stored order (documents as added), with its speaker and its
        current claim and stance."""
        rows = self._conn.execute(
            "SELECT st.id, st.doc_id, st.content, st.content_text, st.speaker_id, st.speaker_name,"
            " m.claim_id, m.stance, m.score FROM statements st"
            " JOIN documents d ON d.id = st.doc_id LEFT JOIN claim_members m ON m.statement_id = st.id"
            " WHERE COALESCE(st.content_text, '') != '' ORDER BY d.rowid, st.idx"
        )
        return [dict(r) for r in rows]

    def embeddings(self, model: str, hashes: list[str]) -> dict[str, bytes]:
        """Cached vectors of these content hashes for this encoder model."""
        out: dict[str, bytes] = {}
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self._conn.execute(
                "SELECT content_hash, vector FROM statement_embeddings"
                f" WHERE model = ? AND content_hash IN ({marks})",
                [model, *chunk],
            ):
                out[r[0]] = bytes(r[1])
        return out

    def save_embeddings(self, model: str, vectors: list[tuple[str, bytes]]) -> None:
        """Cache vectors (content hash, float32 bytes) so later runs do not encode the same text again."""
        with self._write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO statement_embeddings (content_hash, model, vector) VALUES (?, ?, ?)",
                [(h, model, v) for h, v in vectors],
            )

    def claim_rows(self) -> list[dict[str, Any]]:
        """Stored claims with founder, label statement, threshold and model (what regrouping keeps)."""
        return [
            dict(r)
            for r in self._conn.execute(
                "SELECT id, label, label_key, founder, threshold, model, created_at FROM claims ORDER BY id"
            )
        ]

    def write_claims(
        self,
        claims: list[dict[str, Any]],
        members: list[tuple[int, str, str, float]],
        *,
        threshold: float,
        model: str,
        replace: bool,
    ) -> None:
        """Store claims (id, label, label_key, founder) and members (statement id, claim id, stance, score).

        `replace` drops every earlier claim first (a regroup; a kept id keeps its creation time);
        otherwise claims are added or updated and members added. Claims left without members go.
        """
        now = _now()
        with self._write() as conn:
            created = {r[0]: r[1] for r in conn.execute("SELECT id, created_at FROM claims")}
            if replace:
                conn.execute("DELETE FROM claim_members")
                conn.execute("DELETE FROM claims")
            conn.executemany(
                "INSERT INTO claims (id, label, label_key, founder, threshold, model, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET label = excluded.label,"
                " label_key = excluded.label_key, updated_at = excluded.updated_at",
                [(*_claim_fields(c), threshold, model, created.get(c["id"], now), now) for c in claims],
            )
            conn.executemany(
                "INSERT OR REPLACE INTO claim_members (statement_id, claim_id, stance, score)"
                " VALUES (?, ?, ?, ?)",
                members,
            )
            conn.execute("DELETE FROM claims WHERE id NOT IN (SELECT claim_id FROM claim_members)")

    def resolve_claim(self, wanted: str) -> str:
        """The id of the one claim an id or id prefix names; NotFound when none or several do."""
        needle = wanted.strip().casefold()
        rows = [
            r[0]
            for r in self._conn.execute(
                "SELECT id FROM claims WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 11", (len(needle), needle)
            )
        ]
        if needle in rows:
            return needle
        if len(rows) == 1:
            return str(rows[0])
        if not rows:
            raise NotFound(f"no claim {wanted!r}", remedy="list claims with `quotetrail claims`")
        raise NotFound(f"{len(rows)} claims start with {wanted!r}", remedy="give more of the id")

    def claims(self, min_members: int = 1) -> list[dict[str, Any]]:
        """Claims with counts by stance, speakers, outlets, first and last full dates; largest first."""
        rows = self._conn.execute(
            "SELECT c.id, c.label, c.threshold, c.created_at, COUNT(*) AS n,"
            " SUM(m.stance = 'supports') AS supports, SUM(m.stance = 'opposes') AS opposes,"
            " SUM(m.stance = 'neither') AS neither,"
            " MIN(CASE WHEN d.date GLOB '[0-9]*' THEN d.date END) AS first_date,"
            " MAX(CASE WHEN d.date GLOB '[0-9]*' THEN d.date END) AS last_date"
            " FROM claims c JOIN claim_members m ON m.claim_id = c.id"
            " JOIN statements st ON st.id = m.statement_id JOIN documents d ON d.id = st.doc_id"
            " GROUP BY c.id HAVING COUNT(*) >= ? ORDER BY n DESC, c.created_at, c.id",
            (int(min_members),),
        ).fetchall()
        names: dict[str, Counter[str]] = defaultdict(Counter)
        outlets: dict[str, Counter[str]] = defaultdict(Counter)
        for r in self._conn.execute(
            "SELECT m.claim_id, COALESCE(sp.name, NULLIF(st.speaker_name, '')) AS speaker, o.name AS outlet"
            " FROM claim_members m JOIN statements st ON st.id = m.statement_id"
            " JOIN documents d ON d.id = st.doc_id LEFT JOIN outlets o ON o.id = d.outlet_id"
            " LEFT JOIN speakers sp ON sp.id = st.speaker_id"
        ):
            if r["speaker"]:
                names[r["claim_id"]][r["speaker"]] += 1
            if r["outlet"]:
                outlets[r["claim_id"]][r["outlet"]] += 1

        def ranked(counts: Counter[str]) -> list[str]:
            return [k for k, _ in sorted(counts.items(), key=lambda t: (-t[1], t[0]))]

        return [
            {
                "id": r["id"],
                "label": r["label"],
                "members": r["n"],
                "stances": {"supports": r["supports"], "opposes": r["opposes"], "neither": r["neither"]},
                "speakers": ranked(names[r["id"]]),
                "outlets": ranked(outlets[r["id"]]),
                "first_date": r["first_date"],
                "last_date": r["last_date"],
                "threshold": r["threshold"],
                "created_at": r["created_at"],
            }
            for r in rows
        ]

    def claim_members(self, claim_id: str) -> list[dict[str, Any]]:
        """A claim's members as statements (quotes' fields) with stance and score, in date order."""
        stance = {
            r[0]: (r[1], r[2])
            for r in self._conn.execute(
                "SELECT statement_id, stance, score FROM claim_members WHERE claim_id = ?", (claim_id,)
            )
        }
        rows = self._conn.execute(
            self._QUOTE_SELECT
            + " WHERE st.id IN (SELECT statement_id FROM claim_members WHERE claim_id = ?) ORDER BY "
            + _DATE_ORDER
            + ", d.date, d.name, st.doc_id, st.idx",
            (claim_id,),
        )
        out = []
        for r in rows:
            q = self._quote(r)
            q["stance"], q["score"] = stance[q["id"]]
            out.append(q)
        return out

    def claim(self, claim_id: str) -> dict[str, Any]:
        """One claim: its row and its members (claim_members)."""
        row = self._conn.execute(
            "SELECT id, label, label_key, founder, threshold, model, created_at, updated_at FROM claims"
            " WHERE id = ?",
            (claim_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no claim {claim_id!r}", remedy="list claims with `quotetrail claims`")
        return {**dict(row), "members": self.claim_members(claim_id)}

    def iter_claim_exports(self) -> Iterator[dict[str, Any]]:
        """Each claim with its members' document name, content spans, speaker and stance, streamed."""
        cur = self._conn.execute(
            "SELECT c.id, c.label, d.name AS doc, st.content,"
            " COALESCE(sp.name, NULLIF(st.speaker_name, ''), '') AS speaker, m.stance"
            " FROM claims c JOIN claim_members m ON m.claim_id = c.id"
            " JOIN statements st ON st.id = m.statement_id JOIN documents d ON d.id = st.doc_id"
            " LEFT JOIN speakers sp ON sp.id = st.speaker_id ORDER BY c.created_at, c.id, d.rowid, st.idx"
        )
        current: dict[str, Any] | None = None
        for r in cur:
            if current is None or current["claim"] != r["id"]:
                if current is not None:
                    yield current
                current = {"claim": r["id"], "label": r["label"], "members": []}
            current["members"].append(
                {"doc": r["doc"], "content": _spans(r["content"]), "speaker": r["speaker"]}
                | {"stance": r["stance"]}
            )
        if current is not None:
            yield current

    def statements_by_id(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        """Statements (quotes' fields) by row id, for evidence lists."""
        out: dict[int, dict[str, Any]] = {}
        for i in range(0, len(ids), 500):
            chunk = [int(x) for x in ids[i : i + 500]]
            marks = ",".join("?" * len(chunk))
            for r in self._conn.execute(self._QUOTE_SELECT + f" WHERE st.id IN ({marks})", chunk):
                out[int(r["id"])] = self._quote(r)
        return out
