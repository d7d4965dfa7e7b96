"""`quotetrail ingest`, `errors` and `export documents`: every input stored once or recorded as an error."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotetrail.catalog import IngestSummary, catalog, prepare, skip_reason
from quotetrail.cli import cli
from quotetrail.errors import InputError
from quotetrail.export import document_record
from quotetrail.store import Store
from quotetrail.types import Metadata, SourceDocument

READERS = Path(__file__).parent / "resources" / "readers"
DEDUP = Path(__file__).parent / "resources" / "dedup"
CONTRACT_KEYS = ["doc", "title", "outlet", "author", "date", "language", "evidence"]


def _run(args: list[str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """One of every input kind, plus the broken ones the issue names."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("page.html", "nodate.html", "empty_article.html", "feed.atom", "export.csv", "page.warc.gz"):
        shutil.copy(READERS / name, folder / name)
    (folder / "binary.dat").write_bytes(b"\x00\x01\x02\x03" * 10)
    (folder / "latin.txt").write_bytes("Caf\u00e9 au lait".encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    shutil.copy(DEDUP / "wire_story.txt", folder / "wire.txt")
    shutil.copy(DEDUP / "wire_story.txt", folder / "wire_copy.txt")  # the same text again
    shutil.copy(DEDUP / "republished.txt", folder / "republished.txt")  # the same story, edited
    shutil.copy(DEDUP / "same_topic.txt", folder / "other.txt")
    return folder


def _export(db: Path) -> list[dict[str, object]]:
    res = _run(["export", "documents", "--db", str(db)])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.output.splitlines()]


def test_ingest_stores_documents_groups_duplicates_and_records_errors(inputs: Path, tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    res = _run(["ingest", str(inputs), "--db", str(db), "--no-fetch"])
    assert res.exit_code == 0, res.output
    first = res.output.splitlines()[0]
    # page, nodate, 2 atom entries, 2 CSV rows with text, 1 WARC page, wire, republished, other = 10
    assert first.startswith("10 stored (1 near duplicates), 1 exact duplicates, 5 skipped (")
    for reason in (
        "binary or not UTF-8 text: 2",
        "empty file: 1",
        "no article text found in the page: 1",
        "link not fetched",
    ):
        assert reason in first
    with sqlite3.connect(db) as conn:
        sources = dict(
            conn.execute(
                "SELECT d.name, COUNT(*) FROM document_sources s JOIN documents d ON d.id = s.doc_id"
                " GROUP BY d.id"
            ).fetchall()
        )
        groups = conn.execute("SELECT name, dup_group FROM documents WHERE dup_group IS NOT NULL").fetchall()
    assert sources["wire"] == 2  # one document, two sources
    assert {name for name, _ in groups} == {"wire", "republished"} and len({g for _, g in groups}) == 1

    errors = _run(["errors", "--db", str(db), "--json"])
    rows = [json.loads(line) for line in errors.output.splitlines()]
    by_input = {Path(r["input"]).name: (r["stage"], r["reason"]) for r in rows}
    assert by_input["binary.dat"] == ("read", "binary or not UTF-8 text")
    assert by_input["latin.txt"] == ("read", "binary or not UTF-8 text")
    assert by_input["empty.txt"] == ("read", "empty file")
    assert by_input["empty_article.html"] == ("extract", "no article text found in the page")
    assert any(stage == "fetch" for stage, _ in by_input.values())

    again = _run(["ingest", str(inputs), "--db", str(db), "--no-fetch"])
    assert again.output.startswith(
        "0 stored (0 near duplicates), 0 exact duplicates, 11 already stored, 5 skipped"
    )
    assert len(_export(db)) == 10
    errors_again = [
        json.loads(line) for line in _run(["errors", "--db", str(db), "--json"]).output.splitlines()
    ]
    assert len(errors_again) == len(rows) and all(r["times"] == 2 for r in errors_again)


def test_export_documents_contract(inputs: Path, tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    _run(["ingest", str(inputs), "--db", str(db), "--no-fetch"])
    out = tmp_path / "docs.jsonl"
    res = _run(["export", "documents", "--db", str(db), "-o", str(out)])
    assert res.output.strip() == f"10 documents written to {out}"
    recs = {r["doc"]: r for r in (json.loads(line) for line in out.read_text("utf-8").splitlines())}
    for rec in recs.values():
        assert list(rec)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
        assert set(rec["evidence"]) <= {"title", "outlet", "author", "date", "language", "url"}
        for key, value in rec["evidence"].items():
            assert rec.get(key) is not None and isinstance(value, str)
    page = recs["page"]
    assert (page["outlet"], page["author"], page["date"]) == (
        "The Wenlow Harbour Gazette",
        "Priya Castellan",
        "2024-03-14",
    )
    assert page["evidence"]["date"] == "page metadata"
    assert recs["nodate"]["date"] is None and "date" not in recs["nodate"]["evidence"]


def test_ingest_of_nothing_readable_still_summarises(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    res = _run(["ingest", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "q.db")])
    assert res.exit_code == 0
    assert (
        res.output.splitlines()[0]
        == "0 stored (0 near duplicates), 0 exact duplicates, 1 skipped (empty file: 1)"
    )
    assert "quotetrail errors" in res.output


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("line 3: invalid JSON (Expecting value)", "invalid JSON"),
        ("row 12: no text and no url", "no text and no url"),
        ("cannot fetch: [Errno 111] Connection refused", "cannot fetch"),
        ("HTTP 404 Not Found", "HTTP 404 Not Found"),
        ("empty file", "empty file"),
    ],
)
def test_skip_reasons_group_alike_errors(message: str, reason: str) -> None:
    assert skip_reason(InputError(message)) == reason


def test_supplied_metadata_wins_over_the_text_and_keeps_its_evidence() -> None:
    text = (
        "Pier Vote Passes\n\nBy Lena Okafor\n\n"
        "The council voted on Tuesday to rebuild the old pier, its chair said.\n"
    )
    supplied = Metadata(
        author="Tomas Reyl", outlet="Tide Times", evidence={"author": "user", "outlet": "user"}
    )
    p = prepare(SourceDocument("pier", text, "pier.txt", supplied=supplied))
    assert (p.meta.author, p.meta.evidence["author"]) == ("Tomas Reyl", "user")
    assert (p.meta.outlet, p.meta.evidence["outlet"]) == ("Tide Times", "user")
    assert (p.meta.title, p.meta.evidence["title"]) == ("Pier Vote Passes", "first line")


def test_catalog_commits_in_batches_and_counts(tmp_path: Path) -> None:
    texts = [f"Story {i}\n\nThe harbour board met about item {i} and {i * 7} boats.\n" for i in range(7)]
    docs: list[SourceDocument | InputError] = [
        SourceDocument(f"d{i}", t, f"d{i}.txt") for i, t in enumerate(texts)
    ]
    docs.insert(3, InputError("empty file", path="e.txt"))
    with Store(tmp_path / "q.db") as store:
        summary = catalog(store, docs, batch_size=2)
        assert isinstance(summary, IngestSummary)
        assert (summary.stored, summary.skipped_total) == (7, 1)
        assert store.ingest_counts()["documents"] == 7
        assert [r["input"] for r in store.errors()] == ["e.txt"]


def test_a_stored_document_clears_its_earlier_error(tmp_path: Path) -> None:
    with Store(tmp_path / "q.db") as store:
        catalog(
            store, [InputError("HTTP 503 Service Unavailable", path="https://a.example/1", stage="fetch")]
        )
        assert len(store.errors()) == 1
        catalog(store, [SourceDocument("https://a.example/1", "Pier story.\n", "https://a.example/1")])
        assert store.errors() == []


def test_document_record_nulls_and_evidence() -> None:
    row = {
        "id": "x",
        "name": "n",
        "title": "T",
        "outlet": None,
        "author": None,
        "date": "--11-24",
        "language": "en",
        "url": None,
        "evidence": {"title": "first line", "date": "dateline", "outlet": "url"},
        "dup_group": None,
    }
    rec = document_record(row)
    assert rec["evidence"] == {"title": "first line", "date": "dateline"}  # no evidence for a null field
    assert (rec["outlet"], rec["date"]) == (None, "--11-24")
