"""The store keeps documents once, statements replaceable, speakers mergeable, and never breaks on input."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quotetrail.errors import NotFound, StoreError
from quotetrail.ingest import doc_id as text_id
from quotetrail.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Store,
    fts_query,
    resolve_db_path,
)
from quotetrail.types import Attribution, Metadata, Region, SourceDocument

TEXT_A = (
    "Harbour plan splits council\n\n"
    'Councillor Orla Benedetti said on Tuesday: "The ferry terminal will be rebuilt by spring."\n'
    "Benedetti added that costs were rising.\n"
    'The Pilchard Trust said "we were never consulted".\n'
)
TEXT_B = (
    "Ferry fares to rise\n\n"
    'Orla Benedetti told reporters that "fares must go up".\n'
    'Dockworker Tomasz Quill said "nobody asked us" about the terminal.\n'
)


def span(text: str, part: str, start: int = 0) -> tuple[int, int]:
    """Offsets of `part` in `text` (first occurrence at or after `start`)."""
    i = text.index(part, start)
    return (i, i + len(part))


def attributions_a() -> list[Attribution]:
    """Three statements in article A."""
    t = TEXT_A
    return [
        Attribution(
            source=[span(t, "Councillor Orla Benedetti")],
            cue=[span(t, "said")],
            content=[span(t, "The ferry terminal will be rebuilt by spring.")],
            type="direct",
            speaker="Orla Benedetti",
        ),
        Attribution(
            source=[span(t, "Benedetti", t.index("added") - 12)],
            cue=[span(t, "added")],
            content=[span(t, "costs were rising")],
            type="indirect",
            speaker="Benedetti",
        ),
        Attribution(
            source=[span(t, "The Pilchard Trust")],
            cue=[span(t, "said", t.index("Trust"))],
            content=[span(t, "we were never consulted")],
            type="direct",
            speaker="The Pilchard Trust",
        ),
    ]


def attributions_b() -> list[Attribution]:
    """Two statements in article B, one with a split content."""
    t = TEXT_B
    return [
        Attribution(
            source=[span(t, "Orla Benedetti")],
            cue=[span(t, "told reporters")],
            content=[span(t, "fares must go up")],
            type="mixed",
            speaker="Orla Benedetti",
        ),
        Attribution(
            source=[span(t, "Dockworker Tomasz Quill")],
            cue=[span(t, "said")],
            content=[span(t, "nobody asked us"), span(t, "about the terminal")],
            type="direct",
            speaker="Tomasz Quill",
        ),
    ]


def merge_benedetti(names: list[str]) -> dict[str, str]:
    """A toy cluster: surnames fold into the full name."""
    return {n: ("Orla Benedetti" if "Benedetti" in n else n) for n in names}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "qt.db"


@pytest.fixture
def store(db: Path):
    with Store(db) as s:
        yield s


@pytest.fixture
def filled(store: Store) -> Store:
    """A store with two articles from two outlets, attributed and with speakers refreshed."""
    meta_a = Metadata(
        title="Harbour plan splits council",
        outlet="The Lantern Gazette",
        author="Ida Marsh",
        date="2031-04-02",
        language="en",
        url="https://lantern.example/harbour",
        evidence={"date": "line 3"},
    )
    meta_b = Metadata(title="Ferry fares to rise", outlet="Quayside Courier", date="2031-05-10")
    id_a, id_b = text_id(TEXT_A), text_id(TEXT_B)
    store.add_document(SourceDocument("harbour", TEXT_A, "in/harbour.txt"), id_a, meta_a, [Region(0, 5, "x")])
    store.add_document(SourceDocument("fares", TEXT_B, "in/fares.txt"), id_b, meta_b, [])
    store.replace_statements(id_a, attributions_a())
    store.replace_statements(id_b, attributions_b())
    store.refresh_speakers(
        merge_benedetti, kinds={"Orla Benedetti": "person", "The Pilchard Trust": "organisation"}
    )
    return store


def table_rows(store: Store, table: str) -> list[tuple]:
    """Every row of a table, for before/after comparisons."""
    return [tuple(r) for r in store._conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]


# -- paths and opening -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cli", "env", "expected"),
    [
        ("given.db", "env.db", Path("given.db")),
        (None, "env.db", Path("env.db")),
        (None, None, Path("quotetrail.db")),
        ("", None, Path("quotetrail.db")),
    ],
)
def test_resolve_db_path(monkeypatch: pytest.MonkeyPatch, cli, env, expected) -> None:
    if env is None:
        monkeypatch.delenv("QUOTETRAIL_DB", raising=False)
    else:
        monkeypatch.setenv("QUOTETRAIL_DB", env)
    assert resolve_db_path(cli) == expected


def test_migrations_create_schema_and_version(store: Store, db: Path) -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 1
    assert store.schema_version() == SCHEMA_VERSION
    names = {r[0] for r in store._conn.execute("SELECT name FROM sqlite_master")}
    for table in (
        "outlets",
        "documents",
        "document_sources",
        "speakers",
        "speaker_aliases",
        "statements",
        "mentions",
        "statements_fts",
    ):
        assert table in names
    cols = {r[1] for r in store._conn.execute("PRAGMA table_info(documents)")}
    assert {"attributed_at", "regions", "evidence"} <= cols
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


def test_wal_and_foreign_keys(store: Store) -> None:
    assert store.journal_mode() == "wal"
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopen_is_noop(db: Path) -> None:
    with Store(db) as s:
        s.add_document(SourceDocument("a", TEXT_A, "a.txt"), text_id(TEXT_A), Metadata(), [])
        schema = sorted(tuple(r) for r in s._conn.execute("SELECT type, name, sql FROM sqlite_master"))
    with Store(db) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert (
            sorted(tuple(r) for r in s._conn.execute("SELECT type, name, sql FROM sqlite_master")) == schema
        )
        assert s.counts()["documents"] == 1


def test_newer_schema_raises(db: Path) -> None:
    Store(db).close()
    raw = sqlite3.connect(db)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError) as info:
        Store(db)
    assert info.value.path == str(db)
    assert "newer" in info.value.message


@pytest.mark.parametrize("content", [b"this is not a database at all\n" * 40, b"\x00\x01garbage" * 200])
def test_not_a_database_raises(db: Path, content: bytes) -> None:
    db.write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store(db)
    assert info.value.path == str(db)
    assert info.value.code == "QT300"


def test_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Store(tmp_path / "nope" / "qt.db")


# -- writes ------------------------------------------------------------------------------------


def test_same_document_twice(store: Store) -> None:
    doc_id = text_id(TEXT_A)
    meta = Metadata(title="Harbour plan", outlet="The Lantern Gazette")
    assert store.add_document(SourceDocument("harbour", TEXT_A, "in/harbour.txt"), doc_id, meta, []) is True
    assert store.add_document(SourceDocument("copy", TEXT_A, "in/copy.txt"), doc_id, meta, []) is False
    assert store.add_document(SourceDocument("copy", TEXT_A, "in/copy.txt"), doc_id, meta, []) is False
    assert store.counts()["documents"] == 1
    assert store.counts()["outlets"] == 1
    docs = store.documents()
    assert len(docs) == 1
    assert docs[0]["origins"] == ["in/copy.txt", "in/harbour.txt"]
    assert docs[0]["name"] == "harbour"


def test_pending_and_mark_attributed(store: Store) -> None:
    id_a, id_b = text_id(TEXT_A), text_id(TEXT_B)
    store.add_document(SourceDocument("a", TEXT_A, "a"), id_a, Metadata(), [])
    store.add_document(SourceDocument("b", TEXT_B, "b"), id_b, Metadata(), [])
    assert sorted(store.document_ids_without_statements()) == sorted([id_a, id_b])
    store.mark_attributed(id_b)  # attribution ran and found nothing
    assert store.document_ids_without_statements() == [id_a]
    assert not store.has_statements(id_b)
    store.replace_statements(id_a, attributions_a())
    assert store.has_statements(id_a)
    assert store.document_ids_without_statements() == []
    with pytest.raises(NotFound):
        store.mark_attributed("0" * 64)


def test_replace_statements_twice_same_rows(store: Store) -> None:
    doc_id = text_id(TEXT_A)
    store.add_document(SourceDocument("a", TEXT_A, "a"), doc_id, Metadata(), [])
    store.replace_statements(doc_id, attributions_a())
    first = [r[1:] for r in table_rows(store, "statements")]
    first_mentions = [r[2:] for r in table_rows(store, "mentions")]
    store.replace_statements(doc_id, attributions_a())
    assert [r[1:] for r in table_rows(store, "statements")] == first
    assert [r[2:] for r in table_rows(store, "mentions")] == first_mentions
    assert store.counts()["statements"] == 3
    assert len(first_mentions) == 3
    q = store.quotes()
    assert [x["content_text"] for x in q] == [
        "The ferry terminal will be rebuilt by spring.",
        "costs were rising",
        "we were never consulted",
    ]
    assert q[0]["source_text"] == "Councillor Orla Benedetti"
    assert q[0]["source"] == [list(attributions_a()[0].source[0])]
    # The FTS index follows deletions: old rows are gone from search.
    assert len(store.quotes(search="ferry terminal")) == 1
    store.replace_statements(doc_id, [])
    assert store.quotes(search="ferry") == []
    assert store.counts()["statements"] == 0


def test_replace_statements_joins_fragments_and_checks_spans(store: Store) -> None:
    doc_id = text_id(TEXT_B)
    store.add_document(SourceDocument("b", TEXT_B, "b"), doc_id, Metadata(), [])
    store.replace_statements(doc_id, attributions_b())
    assert store.quotes(speaker="Quill")[0]["content_text"] == "nobody asked us … about the terminal"
    bad = Attribution(source=[], cue=[], content=[(0, len(TEXT_B) + 5)], type="direct")
    with pytest.raises(ValueError):
        store.replace_statements(doc_id, [bad])
    assert store.counts()["statements"] == 2  # the failed replace left the old rows
    with pytest.raises(NotFound):
        store.replace_statements("f" * 64, [])


def test_refresh_speakers_merges_and_is_idempotent(filled: Store) -> None:
    speakers = filled.speakers()
    by_name = {s["name"]: s for s in speakers}
    assert set(by_name) == {"Orla Benedetti", "The Pilchard Trust", "Tomasz Quill"}
    orla = by_name["Orla Benedetti"]
    assert orla["statements"] == 3
    assert orla["aliases"] == ["Benedetti"]
    assert orla["kind"] == "person"
    assert orla["outlets"] == ["Quayside Courier", "The Lantern Gazette"]
    assert (orla["first_date"], orla["last_date"]) == ("2031-04-02", "2031-05-10")
    assert by_name["The Pilchard Trust"]["kind"] == "organisation"
    assert by_name["Tomasz Quill"]["kind"] == "unknown"
    assert speakers[0]["name"] == "Orla Benedetti"  # most statements first
    before = {t: table_rows(filled, t) for t in ("speakers", "speaker_aliases", "statements")}
    filled.refresh_speakers(
        merge_benedetti, kinds={"Orla Benedetti": "person", "The Pilchard Trust": "organisation"}
    )
    after = {t: table_rows(filled, t) for t in ("speakers", "speaker_aliases", "statements")}
    assert after == before
    assert filled.top_speakers(2) == [("Orla Benedetti", 3), ("The Pilchard Trust", 1)]


def test_refresh_speakers_unmerges(filled: Store) -> None:
    filled.refresh_speakers(lambda names: {n: n for n in names})
    names = [s["name"] for s in filled.speakers()]
    assert sorted(names) == ["Benedetti", "Orla Benedetti", "The Pilchard Trust", "Tomasz Quill"]
    assert filled.counts()["speakers"] == 4
    # kinds survive a refresh without a kinds mapping
    assert {s["name"]: s["kind"] for s in filled.speakers()}["Orla Benedetti"] == "person"


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ({"Benedetti": "person"}, "person"),  # a variant's kind reaches its canonical speaker
        ({"Benedetti": "organisation", "Orla Benedetti": "person"}, "person"),  # a person mention outweighs
        ({"Orla Benedetti": "person", "Benedetti": "organisation"}, "person"),  # in either order
    ],
)
def test_refresh_speakers_kinds_by_variant(store: Store, kinds: dict[str, str], expected: str) -> None:
    id_a, id_b = text_id(TEXT_A), text_id(TEXT_B)
    store.add_document(SourceDocument("harbour", TEXT_A, "a.txt"), id_a, Metadata(), [])
    store.add_document(SourceDocument("fares", TEXT_B, "b.txt"), id_b, Metadata(), [])
    store.replace_statements(id_a, attributions_a())
    store.replace_statements(id_b, attributions_b())
    store.refresh_speakers(merge_benedetti, kinds=kinds)
    assert {s["name"]: s["kind"] for s in store.speakers()}["Orla Benedetti"] == expected


def test_new_statements_pick_up_known_alias(filled: Store) -> None:
    doc_id = text_id(TEXT_A)
    filled.replace_statements(doc_id, attributions_a())
    assert {q["speaker"] for q in filled.quotes(outlet="lantern")} == {"Orla Benedetti", "The Pilchard Trust"}


# -- reads -------------------------------------------------------------------------------------


def test_counts(filled: Store) -> None:
    assert filled.counts() == {"documents": 2, "statements": 5, "speakers": 3, "outlets": 2}


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, 5),
        ({"speaker": "Orla Benedetti"}, 3),
        ({"speaker": "benedetti"}, 3),  # alias, case-insensitive
        ({"speaker": "BENEDETTI"}, 3),
        ({"speaker": "quill"}, 1),  # substring
        ({"speaker": "nobody by that name"}, 0),
        ({"outlet": "lantern"}, 3),
        ({"outlet": "QUAYSIDE courier"}, 2),
        ({"outlet": "lantern", "speaker": "benedetti"}, 2),
        ({"search": "ferry"}, 1),
        ({"search": "FARES"}, 1),
        ({"search": "terminal"}, 2),
        ({"search": "terminal", "outlet": "quayside"}, 1),
        ({"search": "consulted never"}, 1),  # words ANDed, order free
        ({"search": "Quill"}, 1),  # the speaker name column is searched too
        ({"limit": 2}, 2),
    ],
)
def test_quotes_filters(filled: Store, kwargs: dict, expected: int) -> None:
    assert len(filled.quotes(**kwargs)) == expected


def test_quotes_order_and_shape(filled: Store) -> None:
    quotes = filled.quotes()
    assert [q["date"] for q in quotes] == ["2031-04-02"] * 3 + ["2031-05-10"] * 2
    first = quotes[0]
    for key in (
        "id",
        "doc_id",
        "doc_name",
        "title",
        "outlet",
        "date",
        "speaker",
        "type",
        "kind",
        "source",
        "cue",
        "content",
        "source_text",
        "cue_text",
        "content_text",
    ):
        assert key in first
    assert first["speaker"] == "Orla Benedetti"
    assert first["cue_text"] == "said"


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        'foo" OR',
        "OR(",
        "AND(",
        "*",
        "NEAR(",
        "terminal)",
        "'; DROP TABLE statements; --",
        "^",
        "a:b",
        "-",
    ],
)
def test_quotes_hostile_search_never_raises(filled: Store, hostile: str) -> None:
    result = filled.quotes(search=hostile, speaker=hostile, outlet=hostile)
    assert isinstance(result, list)
    assert isinstance(filled.quotes(search=hostile), list)
    assert filled.counts()["statements"] == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ferry terminal", '"ferry" "terminal"'), ('foo" OR', '"foo" "OR"'), ("*", None), ("", None)],
)
def test_fts_query(text: str, expected: str | None) -> None:
    assert fts_query(text) == expected


def test_documents_and_document(filled: Store) -> None:
    docs = filled.documents()
    assert [d["name"] for d in docs] == ["harbour", "fares"]
    a = docs[0]
    assert a["outlet"] == "The Lantern Gazette"
    assert a["evidence"] == {"date": "line 3"}
    assert a["statements"] == 3
    assert a["origins"] == ["in/harbour.txt"]
    full = filled.document(a["id"])
    assert full["text"] == TEXT_A
    assert full["regions"] == [{"start": 0, "end": 5, "reason": "x"}]
    assert [s["idx"] for s in full["statements"]] == [0, 1, 2]
    assert filled.document(a["id"][:12])["id"] == a["id"]


@pytest.mark.parametrize("missing", ["0" * 64, "nope", "", "abcdef"])
def test_document_not_found(filled: Store, missing: str) -> None:
    with pytest.raises(NotFound):
        filled.document(missing)


def test_empty_store_reads(store: Store) -> None:
    assert store.counts() == {"documents": 0, "statements": 0, "speakers": 0, "outlets": 0}
    assert store.speakers() == []
    assert store.quotes(search="anything") == []
    assert store.top_speakers() == []
    store.refresh_speakers(merge_benedetti)
    assert store.documents() == []


def test_fts_stays_consistent_after_cascade_delete(filled: Store) -> None:
    filled._conn.execute("DELETE FROM documents WHERE id = ?", (text_id(TEXT_A),))
    filled._conn.execute("INSERT INTO statements_fts(statements_fts) VALUES ('integrity-check')")
    assert filled.quotes(search="consulted") == []
    assert filled.counts()["statements"] == 2
    assert filled._conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == 2


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_documents_order_full_dates_then_partial_then_none(store: Store, order: tuple[int, ...]) -> None:
    dated = [("later", "2030-01-05"), ("no-year", "--02-03"), ("undated", None)]
    for i in order:
        name, date = dated[i]
        text = f"Article {name} body."
        store.add_document(SourceDocument(name, text, name), text_id(text), Metadata(date=date), [])
    assert [d["name"] for d in store.documents()] == ["later", "no-year", "undated"]


# -- speaker identities, corrections and migration 3 ---------------------------------------------------


TEXT_C = (
    "Quay vote delayed\n\n"
    'Quill said "the vote can wait".\n'
    'Orla Benedetti said the council would "decide in June".\n'
    'The harbour spokeswoman, Pia Lund of the Pilchard Trust, said "we object".\n'
)


def attributions_c() -> list[Attribution]:
    """Three statements in article C: a surname alone, a full name, a person with a role."""
    t = TEXT_C
    return [
        Attribution([span(t, "Quill")], [span(t, "said")], [span(t, "the vote can wait")], "direct", "Quill"),
        Attribution(
            [span(t, "Orla Benedetti")],
            [span(t, "said", t.index("Benedetti"))],
            [span(t, "decide in June")],
            "mixed",
            speaker="Orla Benedetti",
            speaker_kind="person",
        ),
        Attribution(
            [span(t, "Pia Lund")],
            [span(t, "said", t.index("Lund"))],
            [span(t, "we object")],
            "direct",
            speaker="Pia Lund",
            speaker_kind="person",
            speaker_role="spokeswoman",
            speaker_affiliation="Pilchard Trust",
        ),
    ]


def add_article_c(store: Store) -> str:
    doc = text_id(TEXT_C)
    store.add_document(SourceDocument("quay", TEXT_C, "in/quay.txt"), doc, Metadata(date="2031-06-01"), [])
    store.replace_statements(doc, attributions_c())
    return doc


def names_of(store: Store) -> dict[str, dict]:
    return {s["name"]: s for s in store.speakers()}


def test_replace_statements_stores_speaker_kind_role_affiliation(store: Store) -> None:
    doc = add_article_c(store)
    rows = store._conn.execute(
        "SELECT speaker_name, speaker_kind, speaker_role, speaker_affiliation FROM statements"
        " WHERE doc_id = ? ORDER BY idx",
        (doc,),
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("Quill", None, None, None),
        ("Orla Benedetti", "person", None, None),
        ("Pia Lund", "person", "spokeswoman", "Pilchard Trust"),
    ]


def test_identity_refresh_gives_ids_types_and_roles(filled: Store) -> None:
    add_article_c(filled)
    filled.refresh_speakers()
    sp = names_of(filled)
    assert set(sp) == {"Orla Benedetti", "Tomasz Quill", "The Pilchard Trust", "Pia Lund"}
    assert sp["Tomasz Quill"]["aliases"] == ["Quill"]  # the only Quill in the corpus
    assert sp["The Pilchard Trust"]["type"] == "organisation"
    assert all(s["key"].startswith("sp-") for s in sp.values())
    assert filled.speakers(kind="organisation") == [sp["The Pilchard Trust"]]
    lund = filled.speaker_profile(sp["Pia Lund"]["id"])
    assert [(r["role"], r["affiliation"], r["first_seen"]) for r in lund["roles"]] == [
        ("spokeswoman", "Pilchard Trust", "2031-06-01")
    ]
    assert lund["roles"][0]["affiliation_id"] == sp["The Pilchard Trust"]["key"]  # linked to the institution
    keys = {n: s["key"] for n, s in sp.items()}
    filled.refresh_speakers()
    assert {n: s["key"] for n, s in names_of(filled).items()} == keys


def test_corrections_survive_a_rerun_with_new_documents(filled: Store) -> None:
    filled.refresh_speakers()
    orla, quill = filled.resolve_speaker("Orla Benedetti"), filled.resolve_speaker("Tomasz Quill")
    filled.add_correction(
        "merge",
        {"speaker": filled.speaker_identity(orla["id"]), "other": filled.speaker_identity(quill["id"])},
    )
    filled.refresh_speakers()
    assert "Tomasz Quill" not in names_of(filled)
    add_article_c(filled)  # a new document, attributed after the correction
    filled.refresh_speakers()
    sp = names_of(filled)
    assert "Tomasz Quill" not in sp and "Quill" not in sp
    assert {"Tomasz Quill", "Quill"} <= set(sp["Orla Benedetti"]["aliases"])
    assert sp["Orla Benedetti"]["key"] == orla["key"]  # the merge target keeps its id
    assert filled.corrections()[0]["note"] == "applied"
    quotes = filled.quotes(speaker=orla["key"])  # an id works as a speaker filter
    assert any(q["content_text"] == "the vote can wait" for q in quotes)


def test_split_rename_and_qid_corrections(filled: Store) -> None:
    filled.refresh_speakers()
    orla = filled.resolve_speaker("Orla Benedetti")
    ident = filled.speaker_identity(orla["id"])
    filled.add_correction("split", {"speaker": ident, "alias": "Benedetti"})
    filled.add_correction("rename", {"speaker": ident, "name": "Councillor O. Benedetti"})
    filled.add_correction("qid", {"speaker": ident, "qid": "Q123"})
    filled.refresh_speakers()
    add_article_c(filled)
    filled.refresh_speakers()  # a re-run keeps all three
    sp = names_of(filled)
    assert "Benedetti" in sp and sp["Benedetti"]["aliases"] == []
    renamed = sp["Councillor O. Benedetti"]
    assert renamed["key"] == orla["key"] and renamed["qid"] == "Q123"
    assert "Benedetti" not in renamed["aliases"]
    assert [c["note"] for c in filled.corrections()] == ["applied"] * 3
    filled.delete_correction(1)
    filled.refresh_speakers()
    assert "Benedetti" not in names_of(filled)  # undone: the surname joins again
    with pytest.raises(NotFound):
        filled.delete_correction(1)


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("orla benedetti", "Orla Benedetti"),
        ("Benedetti", "Orla Benedetti"),  # an alias
        ("pilchard", "The Pilchard Trust"),  # part of a name
        ("TOMASZ QUILL", "Tomasz Quill"),
    ],
)
def test_resolve_speaker(filled: Store, wanted: str, expected: str) -> None:
    filled.refresh_speakers()
    assert filled.resolve_speaker(wanted)["name"] == expected
    key = filled.resolve_speaker(wanted)["key"]
    assert filled.resolve_speaker(key)["name"] == expected


@pytest.mark.parametrize(("wanted", "message"), [("nobody at all", "no speaker"), ("e", "speakers match")])
def test_resolve_speaker_errors(filled: Store, wanted: str, message: str) -> None:
    filled.refresh_speakers()
    with pytest.raises(NotFound) as exc:
        filled.resolve_speaker(wanted)
    assert message in exc.value.message and exc.value.remedy


def test_v2_database_migrates_and_keeps_its_statements(db: Path) -> None:
    conn = sqlite3.connect(db)
    for script in MIGRATIONS[:2]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 2")
    conn.execute(
        "INSERT INTO documents (id, name, text, date) VALUES ('d1', 'old', ?, '2030-01-01')", (TEXT_A,)
    )
    conn.execute("INSERT INTO speakers (id, name, kind) VALUES (7, 'Orla Benedetti', 'person')")
    conn.execute(
        "INSERT INTO speaker_aliases (speaker_id, alias) VALUES (7, 'Orla Benedetti'), (7, 'Benedetti')"
    )
    for idx, (name, content) in enumerate([("Orla Benedetti", "rebuilt by spring"), ("Benedetti", "costs")]):
        conn.execute(
            "INSERT INTO statements (doc_id, idx, type, content_text, speaker_name, speaker_id)"
            " VALUES ('d1', ?, 'direct', ?, ?, 7)",
            (idx, content, name),
        )
    conn.commit()
    conn.close()
    with Store(db) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert s.counts()["statements"] == 2
        assert [q["content_text"] for q in s.quotes(search="spring")] == ["rebuilt by spring"]  # FTS intact
        kinds = s._conn.execute("SELECT DISTINCT speaker_kind FROM statements").fetchall()
        assert [k[0] for k in kinds] == ["person"]  # backfilled from the old speaker
        s.refresh_speakers()
        (orla,) = s.speakers()
        assert (orla["id"], orla["name"], orla["type"], orla["statements"]) == (
            7,
            "Orla Benedetti",
            "person",
            2,
        )
        assert orla["key"] == "sp-" + orla["key"][3:] and len(orla["key"]) == 13
        s._conn.execute("INSERT INTO statements_fts(statements_fts) VALUES ('integrity-check')")


# -- migration 4: claims ----------------------------------------------------------------------------


def test_v3_database_migrates_to_claims_and_keeps_its_data(db: Path) -> None:
    conn = sqlite3.connect(db)
    for script in MIGRATIONS[:3]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO documents (id, name, text) VALUES ('d1', 'old', ?)", (TEXT_A,))
    conn.execute("INSERT INTO speakers (id, name, key, type) VALUES (7, 'Orla Benedetti', 'sp-1', 'person')")
    conn.execute(
        "INSERT INTO statements (doc_id, idx, type, content, content_text, speaker_name, speaker_id)"
        " VALUES ('d1', 0, 'direct', '[[10, 20]]', 'rebuilt by spring', 'Orla Benedetti', 7)"
    )
    conn.commit()
    conn.close()
    with Store(db) as s:
        assert s.schema_version() == SCHEMA_VERSION >= 4
        assert [q["content_text"] for q in s.quotes(search="spring")] == ["rebuilt by spring"]
        assert s.speakers()[0]["key"] == "sp-1"
        assert s.claims() == [] and s.claim_rows() == []
        (row,) = s.claim_statements()
        assert (row["content"], row["claim_id"]) == ("[[10, 20]]", None)
        s.save_embeddings("m1", [("h1", b"\x00\x00\x80\x3f")])
        assert s.embeddings("m1", ["h1", "h2"]) == {"h1": b"\x00\x00\x80\x3f"}
        assert s.embeddings("m2", ["h1"]) == {}
        claim = {"id": "cl-1", "label": "rebuilt", "label_key": "k", "founder": "k"}
        member = (row["id"], "cl-1", "supports", 1.0)
        s.write_claims([claim], [member], threshold=0.7, model="m1", replace=False)
        (listed,) = s.claims()
        assert (listed["id"], listed["members"], listed["speakers"]) == ("cl-1", 1, ["Orla Benedetti"])
        s.replace_statements("d1", [])  # the statement goes, and with it the membership
        assert s.claims() == [] and [c["founder"] for c in s.claim_rows()] == ["k"]  # kept for its id
        s.write_claims([], [], threshold=0.7, model="m1", replace=False)
        assert s.claim_rows() == []  # the next claim step drops claims without members
