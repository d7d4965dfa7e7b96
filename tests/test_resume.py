"""Resumable ingest: a run killed at a random point and started again stores every document exactly once."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

DOCS = 10_000
WORDS = (
    "harbour",
    "pier",
    "ferry",
    "council",
    "dredging",
    "tide",
    "quay",
    "levy",
    "mooring",
    "berth",
    "fare",
)


def _export(path: Path, n: int) -> None:
    """A JSONL export of n distinct short articles (ids doc-0 ... doc-n-1)."""
    rng = random.Random(3)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            words = " ".join(rng.choice(WORDS) for _ in range(40))
            text = f"Story {i}\n\nThe harbour board met on item {i}. {words}.\n"
            fh.write(json.dumps({"id": f"doc-{i}", "text": text, "outlet": "Tide Times"}) + "\n")


def _count(db: Path, table: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def _ingest(export: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "quotetrail", "ingest", str(export), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
def test_killed_ingest_resumes_to_exact_count(tmp_path: Path) -> None:
    export, db = tmp_path / "export.jsonl", tmp_path / "q.db"
    _export(export, DOCS)
    kill_after = random.Random().randint(200, DOCS - 2000)  # a different point every run
    proc = _ingest(export, db)
    deadline = time.monotonic() + 300
    while _count(db, "documents") < kill_after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, f"ingest ended before the kill point {kill_after}: {proc.communicate()}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored_at_kill = _count(db, "documents")
    assert 0 < stored_at_kill < DOCS, f"kill point {kill_after}: {stored_at_kill} stored"

    again = _ingest(export, db)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err.decode()
    assert _count(db, "documents") == DOCS
    assert _count(db, "document_sources") == DOCS
    with sqlite3.connect(db) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM documents")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert names == {f"doc-{i}" for i in range(DOCS)}
    summary = out.decode()
    assert f"{DOCS - stored_at_kill} stored" in summary, summary
