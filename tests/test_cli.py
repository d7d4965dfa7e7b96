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


# -- speakers: listing, profiles, corrections, Wikidata links (a store filled directly, no model) ----------

SPEAKER_DOCS = {
    "quay": (
        "2031-03-02",
        "Quay Herald",
        [
            ("Harbour spokeswoman Jane Doe", "Jane Doe", "person", "spokeswoman", "Danish Harbour Office"),
            ("Doe", "Doe", "person", "", ""),
            ("The Pilchard Trust", "The Pilchard Trust", "organisation", "", ""),
        ],
    ),
    "ferry": (
        "2031-04-05",
        "Ferry Times",
        [
            ("John Doe", "John Doe", "person", "", ""),
            ("Pilchard Trust", "Pilchard Trust", "organisation", "", ""),
            ("Jane Doe", "Jane Doe", "person", "", ""),
        ],
    ),
}


@pytest.fixture
def speaker_db(tmp_path: Path) -> str:
    """A store with two invented articles whose statements name people with one surname and a trust."""
    from quotetrail.ingest import doc_id
    from quotetrail.store import Store
    from quotetrail.types import Attribution, Metadata, SourceDocument

    path = tmp_path / "speakers.db"
    with Store(path) as store:
        for name, (date, outlet, mentions) in SPEAKER_DOCS.items():
            text = " ".join(
                f'{source} said "statement {n} of {name}".' for n, (source, *_) in enumerate(mentions)
            )
            did = doc_id(text)
            store.add_document(
                SourceDocument(name, text, f"{name}.txt"), did, Metadata(date=date, outlet=outlet), []
            )
            atts, pos = [], 0
            for n, (source, speaker, kind, role, aff) in enumerate(mentions):
                s = text.index(source, pos)
                cue = text.index("said", s)
                content = text.index(f"statement {n} of", cue)
                atts.append(
                    Attribution(
                        [(s, s + len(source))],
                        [(cue, cue + 4)],
                        [(content, content + len(f"statement {n} of {name}"))],
                        "direct",
                        speaker=speaker,
                        speaker_kind=kind,
                        speaker_role=role,
                        speaker_affiliation=aff,
                    )
                )
                pos = content
            store.replace_statements(did, atts)
        store.refresh_speakers()
    return str(path)


def _speakers(db: str, *extra: str) -> dict[str, dict]:
    res = _run(["speakers", "--json", "--db", db, *extra])
    assert res.exit_code == 0, res.output
    return {s["name"]: s for s in map(json.loads, res.stdout.splitlines())}


def test_speakers_lists_ids_types_and_dates(speaker_db: str) -> None:
    sp = _speakers(speaker_db)
    assert set(sp) == {"Jane Doe", "John Doe", "The Pilchard Trust"}  # "Doe" sat beside Jane only
    jane = sp["Jane Doe"]
    assert jane["aliases"] == ["Doe"] and jane["statements"] == 3 and jane["type"] == "person"
    assert (jane["first_date"], jane["last_date"]) == ("2031-03-02", "2031-04-05")
    assert jane["outlets"] == ["Ferry Times", "Quay Herald"]
    assert set(_speakers(speaker_db, "--kind", "organisation")) == {"The Pilchard Trust"}
    table = _run(["speakers", "--db", speaker_db]).stdout
    assert table.splitlines()[0].split() == [
        "id",
        "speaker",
        "type",
        "statements",
        "outlets",
        "first",
        "last",
        "aliases",
    ]
    assert jane["key"] in table


def test_speaker_profile(speaker_db: str) -> None:
    res = _run(["speaker", "jane doe", "--json", "--db", speaker_db])
    assert res.exit_code == 0, res.output
    prof = json.loads(res.stdout)
    assert prof["name"] == "Jane Doe" and prof["id"].startswith("sp-")
    assert [a["name"] for a in prof["aliases"]] == ["Doe", "Jane Doe"]
    assert [(r["role"], r["affiliation"]) for r in prof["roles"]] == [
        ("spokeswoman", "Danish Harbour Office")
    ]
    assert prof["countries"] == ["Denmark"]
    assert (prof["first_seen"], prof["last_seen"]) == ("2031-03-02", "2031-04-05")
    assert [o["outlet"] for o in prof["outlets"]] == ["Quay Herald", "Ferry Times"]  # most statements first
    assert prof["statements"][0]["content"] == "statement 0 of quay"
    text = _run(["speaker", prof["id"], "--explain", "--db", speaker_db]).stdout
    assert "why merged:" in text and "Doe: 0.85" in text and "same document" in text
    assert "statement 2 of ferry" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["speaker", "J. Doe"], "2 speakers match 'J. Doe': "),  # an initial fits two people
        (["speaker", "Nobody Known"], "no speaker named"),
        (["speakers", "merge", "Jane Doe", "Nobody Known"], "no speaker named"),
        (["speakers", "split", "Jane Doe", "Roe"], "has no name 'Roe'"),
    ],
)
def test_speaker_lookup_errors_are_one_line(speaker_db: str, capsys, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        main([*args, "--db", speaker_db])
    assert exc.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error QT404") and message in err and "\n" not in err and "(" in err


def test_speaker_corrections_from_the_cli(speaker_db: str) -> None:
    jane_key = _speakers(speaker_db)["Jane Doe"]["key"]
    res = _run(["speakers", "merge", jane_key, "John Doe", "--db", speaker_db])
    assert res.exit_code == 0 and "correction #1" in res.stdout and "applied" in res.stdout
    sp = _speakers(speaker_db)
    assert "John Doe" not in sp and sp["Jane Doe"]["key"] == jane_key and sp["Jane Doe"]["statements"] == 4
    assert _run(["speakers", "split", "Jane Doe", "doe", "--db", speaker_db]).exit_code == 0
    assert (
        _run(["speakers", "rename", "pilchard", "Pilchard Harbour Trust", "--db", speaker_db]).exit_code == 0
    )
    assert _run(["speakers", "qid", "Jane Doe", "q77", "--db", speaker_db]).exit_code == 0
    sp = _speakers(speaker_db)
    assert set(sp) == {"Jane Doe", "Doe", "Pilchard Harbour Trust"}
    assert sp["Jane Doe"]["qid"] == "Q77"
    listed = _run(["speakers", "corrections", "--db", speaker_db]).stdout
    assert "John Doe into Jane Doe" in listed and "Pilchard Harbour Trust" in listed
    rows = [
        json.loads(x)
        for x in _run(["speakers", "corrections", "--json", "--db", speaker_db]).stdout.splitlines()
    ]
    assert [r["action"] for r in rows] == ["merge", "split", "rename", "qid"]
    assert all(r["note"] == "applied" for r in rows)
    undo = _run(["speakers", "corrections", "--undo", "1", "--db", speaker_db])
    assert undo.exit_code == 0 and "removed" in undo.stderr
    assert "John Doe" in _speakers(speaker_db)


def test_speaker_correction_arguments_are_checked(speaker_db: str) -> None:
    bad_qid = _run(["speakers", "qid", "Jane Doe", "42", "--db", speaker_db])
    assert bad_qid.exit_code == 2 and "not a Wikidata QID" in bad_qid.output
    taken = _run(["speakers", "rename", "John Doe", "jane doe", "--db", speaker_db])
    assert taken.exit_code == 2 and "speakers merge" in taken.output
    same = _run(["speakers", "merge", "Jane Doe", "jane doe", "--db", speaker_db])
    assert same.exit_code == 0 and "already one speaker" in same.stdout
    assert "no corrections" in _run(["speakers", "corrections", "--db", speaker_db]).stdout


def test_speakers_link_mapping_and_offline(
    speaker_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import urllib.error

    from quotetrail import wikidata

    def offline(url: str, timeout: float) -> bytes:
        raise urllib.error.URLError(OSError("Temporary failure in name resolution"))

    monkeypatch.setattr(wikidata, "fetch_url", offline)
    mapping = tmp_path / "qids.csv"
    mapping.write_text("name,qid\nJohn Doe,Q9001\n", "utf-8")
    res = _run(["speakers", "link", "--mapping", str(mapping), "--online", "--db", speaker_db])
    assert res.exit_code == 0, res.output
    assert "online lookup is off" in res.stdout and "name resolution" in res.stdout
    assert _speakers(speaker_db)["John Doe"]["qid"] == "Q9001"

    asked: list[str] = []

    def online(url: str, timeout: float) -> bytes:
        asked.append(url)
        hits = [
            {"id": "Q555", "label": "Pilchard Trust", "description": "", "match": {"text": "Pilchard Trust"}}
        ]
        return json.dumps({"search": hits if "Pilchard" in url else []}).encode()

    monkeypatch.setattr(wikidata, "fetch_url", online)
    res = _run(["speakers", "link", "--online", "--db", speaker_db])
    assert res.exit_code == 0 and "2 names asked, 1 found" in res.stdout
    assert _speakers(speaker_db)["The Pilchard Trust"]["qid"] == "Q555"
    again = _run(["speakers", "link", "--online", "--db", speaker_db])
    assert "0 names asked" in again.stdout and len(asked) == 2  # cached


def test_run_groups_claims_incrementally(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later run encodes only new statements, keeps every earlier claim id, and exports the contract."""
    import quotetrail.stance

    class Agreeing:
        def predict(self, pairs: list[tuple[str, str]]) -> list[tuple[str, float]]:
            return [("supports", 0.9)] * len(pairs)

    monkeypatch.setattr(quotetrail.stance, "agreement_model", Agreeing)  # the real encoder, a stand-in stance
    db, report = tmp_path / "qt.db", tmp_path / "r.html"
    first = _run(["run", str(corpus), "--db", str(db), "--report", str(report)])
    claims_line = next(line for line in first.stderr.splitlines() if line.startswith("claims:"))
    before = {
        c["id"]: c["label"]
        for c in map(json.loads, _run(["claims", "--db", str(db), "--json"]).stdout.splitlines())
    }
    assert before and f"claims: {len(before)} from" in claims_line
    from quotetrail.claims import GROUPING, model_key
    from quotetrail.embed import claim_encoder
    from quotetrail.store import Store

    with Store(db) as s:  # grouped by the claim encoder (the fine-tuned model beside the base one)
        assert {c["model"] for c in s.claim_rows()} == {f"{model_key(claim_encoder())}+{GROUPING}+Agreeing"}
    (corpus / "later.txt").write_text(
        'Port news\n\nSamir Okonjo said "the strike goes on until the company makes a fair offer".\n',
        encoding="utf-8",
    )
    second = _run(["run", str(corpus), "--db", str(db), "--report", str(report)])
    line = next(x for x in second.stderr.splitlines() if x.startswith("claims:"))
    assert "1 encoded" in line and "regrouped" not in line
    after = {
        c["id"]: c["label"]
        for c in map(json.loads, _run(["claims", "--db", str(db), "--json"]).stdout.splitlines())
    }
    assert before.items() <= after.items()  # every earlier claim keeps its id and label
    out = tmp_path / "claims.jsonl"
    _run(["export", "claims", "--db", str(db), "-o", str(out)])
    texts = {p.stem: p.read_text("utf-8") for p in corpus.iterdir() if p.name != "broken.txt"}
    recs = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert {r["claim"] for r in recs} == set(after)
    for rec in recs:
        for m in rec["members"]:
            assert all(0 <= s < e <= len(texts[m["doc"]]) for s, e in m["content"])
