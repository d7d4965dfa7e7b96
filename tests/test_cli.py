"""The CLI contracts: `extract` JSON Lines, `run` idempotence, store queries, one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotetrail.cli import cli, main

CORPUS = Path(__file__).parent / "resources" / "cli" / "corpus"

pytestmark = pytest.mark.model


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the small invented corpus plus one file that cannot be read."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00\x01binary")
    return folder


def _run(args: list[str], env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, args, env=env, catch_exceptions=False)


def test_extract_writes_the_contract(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    res = _run(["extract", str(corpus), "-o", str(out)])
    assert res.exit_code == 0
    assert "broken.txt" in res.stderr and "skipped" in res.stderr
    recs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["doc"] for r in recs] == ["harbour-strike", "harbour-talks"]
    for rec in recs:
        text = (corpus / (rec["doc"] + (".md" if rec["doc"] == "harbour-talks" else ".txt"))).read_text(
            "utf-8"
        )
        assert rec["attributions"], rec["doc"]
        for att in rec["attributions"]:
            assert set(att) >= {"source", "cue", "content", "speaker", "type"}
            assert att["type"] in ("direct", "indirect", "mixed")
            for role in ("source", "cue", "content"):
                for s, e in att[role]:
                    assert 0 <= s < e <= len(text)
    strike = recs[0]["attributions"]
    text = (corpus / "harbour-strike.txt").read_text("utf-8")
    quote = next(a for a in strike if text[a["content"][0][0] : a["content"][0][1]].startswith('"We are not'))
    assert quote["speaker"] == "Samir Okonjo"
    assert quote["type"] == "direct"
    assert len(quote["content"]) == 2  # the follow-up quote joins the same statement


def test_extract_speakers_merge_across_documents(corpus: Path) -> None:
    res = _run(["extract", str(corpus)])
    speakers = {a["speaker"] for line in res.stdout.splitlines() for a in json.loads(line)["attributions"]}
    assert "Samir Okonjo" in speakers
    assert "Okonjo" not in speakers and "he" not in speakers


def test_extract_with_nothing_readable_fails_in_one_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "x.bin").write_bytes(b"\x00\x01")
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(tmp_path / "x.bin")])
    assert exc.value.code != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error:") and "no readable document" in err[-1]


def test_run_twice_leaves_the_same_counts(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "qt.db"
    report = tmp_path / "report.html"
    first = _run(["run", str(corpus), "--db", str(db), "--report", str(report)])
    assert first.exit_code == 0, first.output
    second = _run(["run", str(corpus), "--db", str(db), "--report", str(report)])
    assert first.stdout.splitlines()[0].split("(")[0] == second.stdout.splitlines()[0].split("(")[0]
    assert "2 documents (2 new, 1 skipped)" in first.stdout
    assert "2 documents (0 new, 1 skipped)" in second.stdout
    html = report.read_text("utf-8")
    assert "Samir Okonjo" in html and '<mark class="content"' in html


def test_queries_read_the_store(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "qt.db"
    env = {"QUOTETRAIL_DB": str(db)}
    assert _run(["run", str(corpus), "--report", str(tmp_path / "r.html")], env=env).exit_code == 0
    speakers = [json.loads(x) for x in _run(["speakers", "--json"], env=env).stdout.splitlines()]
    okonjo = next(s for s in speakers if s["name"] == "Samir Okonjo")
    assert okonjo["statements"] >= 3 and okonjo["kind"] == "person"
    quotes = [
        json.loads(x) for x in _run(["quotes", "--json", "--speaker", "okonjo"], env=env).stdout.splitlines()
    ]
    assert quotes and all(q["speaker"] == "Samir Okonjo" for q in quotes)
    found = _run(["quotes", "--json", "--search", "mediator"], env=env).stdout.splitlines()
    assert found and all("mediator" in json.loads(x)["content_text"].lower() for x in found)
    table = _run(["quotes", "--outlet", "nonexistent-outlet"], env=env).stdout
    assert table.count("\n") == 2  # header and rule only


def test_query_without_database_is_one_line_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        main(["speakers", "--db", str(tmp_path / "missing.db")])
    assert exc.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error QT300") and "missing.db" in err and "\n" not in err


def test_non_english_documents_are_stored_and_skipped_with_the_reason(corpus: Path, tmp_path: Path) -> None:
    french = Path(__file__).parent / "resources" / "language" / "fr.txt"
    shutil.copy(french, corpus / "zz_french.txt")
    db = str(tmp_path / "q.db")
    assert _run(["run", str(corpus), "--db", db, "--report", str(tmp_path / "r.html")]).exit_code == 0
    docs = [json.loads(line) for line in _run(["export", "documents", "--db", db]).output.splitlines()]
    assert {d["doc"]: d["language"] for d in docs}["zz_french"] == "fr"
    errors = [json.loads(line) for line in _run(["errors", "--db", db, "--json"]).output.splitlines()]
    skipped = [e for e in errors if e["stage"] == "attribute"]
    assert [(e["input"], e["reason"]) for e in skipped] == [
        ("zz_french", "language fr: the rules extractor reads English only")
    ]
    out = _run(["extract", str(corpus / "zz_french.txt")]).stdout
    rec = json.loads(out.splitlines()[0])
    assert rec == {
        "doc": "zz_french",
        "attributions": [],
        "skipped": "language fr: the rules extractor reads English only",
    }
