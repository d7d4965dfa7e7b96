"""Database access for the web app: read-only connections per worker thread, a writable Store per write.

Reads go through `ReadOnlyStore`, a Store on a SQLite connection opened with `mode=ro`, so no page
or API read can change the file whatever it calls; writes (ingest, speaker corrections) open an
ordinary Store for the one request and close it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from quotetrail.errors import StoreError
from quotetrail.store import Store

T = TypeVar("T")


def _fold(value: Any) -> str | None:
    """The same case folding the store registers as `qt_fold` (Unicode-aware, unlike SQLite's lower())."""
    return value.casefold() if isinstance(value, str) else None


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection (SQLite refuses every write on it), rows by name, qt_fold registered."""
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the database: {exc}", path=str(path)) from exc
    conn.row_factory = sqlite3.Row
    conn.create_function("qt_fold", 1, _fold, deterministic=True)
    conn.execute("PRAGMA query_only = ON")
    return conn


class ReadOnlyStore(Store):
    """A Store whose connection is read-only: the store's read methods, and no way to write.

    It sets the attributes Store's methods use (`path`, `_conn`, `_batch_depth`) instead of calling
    Store's constructor, which migrates and so writes; the app migrates once at start-up.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._batch_depth = 0
        self._conn = connect_read_only(self.path)

    @property
    def conn(self) -> sqlite3.Connection:
        """The read-only connection, for the web app's own queries."""
        return self._conn


class Database:
    """One database file for the app: a read-only store per worker thread, a writable Store on demand."""

    CACHE_SIZE = 512

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._opened: list[ReadOnlyStore] = []
        self._lock = threading.Lock()
        self._watch: sqlite3.Connection | None = None
        self._cache: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()

    def prepare(self) -> None:
        """Create or migrate the file once (the only write at start-up), so readers find the schema."""
        with Store(self.path):
            pass

    def reader(self) -> ReadOnlyStore:
        """This thread's read-only store (opened on first use; threads of the pool keep theirs)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = ReadOnlyStore(self.path)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    @contextmanager
    def fresh_reader(self) -> Iterator[ReadOnlyStore]:
        """A read-only store of its own, for a streamed export that outlives one thread's turn."""
        store = ReadOnlyStore(self.path)
        try:
            yield store
        finally:
            store.close()

    @contextmanager
    def writer(self) -> Iterator[Store]:
        """A writable Store for one write request, closed afterwards."""
        store = Store(self.path)
        try:
            yield store
        finally:
            store.close()

    def version(self) -> int:
        """A number that changes whenever any connection, in any process, commits to the file."""
        with self._lock:
            if self._watch is None:
                self._watch = connect_read_only(self.path)
            return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`'s value, kept until the store changes (aggregates over every statement are costly
        to repeat and change only when something is ingested or corrected). Callers must not mutate it."""
        version = self.version()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == version:
                self._cache.move_to_end(key)
                return hit[1]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self._cache[key] = (version, value)
            self._cache.move_to_end(key)
            while len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def close(self) -> None:
        """Close every reader opened so far (at shutdown)."""
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
            if self._watch is not None:
                self._watch.close()
                self._watch = None
            self._cache.clear()
        self._local = threading.local()


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether the schema has this table (claims arrive with a later migration)."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


__all__ = ["Database", "ReadOnlyStore", "connect_read_only", "has_table"]
