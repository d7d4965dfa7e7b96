"""The web app and JSON API through FastAPI's TestClient: filters, pages, errors, safety, writes, exports.

The store is filled directly (Store.add_document, replace_statements, refresh_speakers,
write_claims) from the invented articles in tests/resources/web/articles.json; no model runs.
`build_store` is shared with the browser and fuzz tests.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from quotetrail.errors import StoreError
from quotetrail.ingest import doc_id
from quotetrail.store import Store
from quotetrail.types import Attribution, Metadata, SourceDocument
from quotetrail.web import (
    create_app,
    downloads,
    queries,
)
from quotetrail.web.app import CSP
from quotetrail.web.db import ReadOnlyStore

ARTICLES = Path(__file__).parent / "resources" / "web" / "articles.json"
TOKEN = "t0ken-for-tests"


def _span(text: str, spec: str | list[Any]) -> tuple[int, int]:
    """Offsets of a substring (its n-th occurrence when given as [substring, n])."""
    sub, n = (spec[0], int(spec[1])) if isinstance(spec, list) else (spec, 1)
    i = -1
    for _ in range(n):
        i = text.index(sub, i + 1)
    return (i, i + len(sub))


def build_store(path: Path) -> dict[str, Any]:
    """Fill a store from the fixture file; returns document ids, statement ids per article, claim ids."""
    data = json.loads(ARTICLES.read_text(encoding="utf-8"))
    out: dict[str, Any] = {"docs": [], "statements": [], "claims": [], "articles": data["articles"]}
    with Store(path) as store:
        for art in data["articles"]:
            text = art["text"]
            did = doc_id(text)
            meta = Metadata(
                title=art.get("title"),
                outlet=art.get("outlet"),
                date=art.get("date"),
                url=art.get("url"),
                language="en",
                evidence={k: "user" for k in ("title", "outlet", "date", "url") if art.get(k)},
            )
            store.add_document(
                SourceDocument(name=art["name"], text=text, origin=art["name"] + ".txt"), did, meta, []
            )
            store.replace_statements(
                did,
                [
                    Attribution(
                        source=[_span(text, s["source"])],
                        cue=[_span(text, s["cue"])],
                        content=[_span(text, s["content"])],
                        type=s["type"],
                        speaker=s["speaker"],
                        kind=s.get("kind", "speech"),
                        speaker_kind=s.get("speaker_kind", ""),
                        speaker_role=s.get("speaker_role", ""),
                        speaker_affiliation=s.get("speaker_affiliation", ""),
                    )
                    for s in art["statements"]
                ],
            )
            out["docs"].append(did)
        store.refresh_speakers()
        for did in out["docs"]:
            out["statements"].append([st["id"] for st in store.document(did)["statements"]])
        claims, members = [], []
        for c in data["claims"]:
            cid = "cl-" + hashlib.sha256(c["label"].encode()).hexdigest()[:12]
            claims.append({"id": cid, "label": c["label"], "label_key": None, "founder": cid})
            members += [(out["statements"][a][i], cid, stance, 0.9) for a, i, stance in c["members"]]
            out["claims"].append(cid)
        store.write_claims(claims, members, threshold=0.7, model="test", replace=True)
    return out


@pytest.fixture(scope="module")
def fixture(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("web") / "web.db"
    info = build_store(db)
    info["db"] = db
    return info


@pytest.fixture(scope="module")
def client(fixture: dict[str, Any]) -> TestClient:
    with TestClient(create_app(fixture["db"])) as c:
        yield c


@pytest.fixture
def writable(fixture: dict[str, Any], tmp_path: Path) -> Path:
    """A copy of the store for tests that write."""
    db = tmp_path / "copy.db"
    with sqlite3.connect(fixture["db"]) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    return db


def ids(fixture: dict[str, Any], pairs: list[tuple[int, int]]) -> set[int]:
    return {fixture["statements"][a][i] for a, i in pairs}


def all_items(client: TestClient, url: str) -> list[dict[str, Any]]:
    """Every item of a list, following `next` links."""
    items: list[dict[str, Any]] = []
    while url:
        r = client.get(url)
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["items"]
        url = body["next"]
    return items


# -- lists, pagination and filters -----------------------------------------------------------------------


def test_pagination_walks_every_statement_once(client: TestClient, fixture: dict[str, Any]) -> None:
    first = client.get("/api/statements?limit=4").json()
    assert first["total"] == 11 and len(first["items"]) == 4 and first["prev"] is None
    second = client.get(first["next"]).json()
    assert second["offset"] == 4 and second["prev"] is not None
    walked = [st["id"] for st in all_items(client, "/api/statements?limit=4")]
    assert len(walked) == 11 and set(walked) == {i for doc in fixture["statements"] for i in doc}


def test_page_size_is_capped(client: TestClient) -> None:
    r = client.get("/api/statements?limit=201")
    assert r.status_code == 422 and r.json()["error"]["code"] == "QT422"
    assert client.get("/api/statements?limit=200").status_code == 200


FILTERS = [
    ("q=tolls", [(0, 0), (0, 1), (1, 0), (1, 1), (2, 1)]),
    ("q=TOLLS repairs", [(0, 0), (1, 1)]),
    ("speaker=Castellan", [(0, 0), (0, 2), (1, 1)]),
    ("speaker=mira castellan", [(0, 0), (0, 2), (1, 1)]),
    ("speaker=-", [(2, 1), (3, 0)]),
    ("outlet=Northern Wire", [(1, 0), (1, 1), (1, 2)]),
    ("outlet=northern wire", [(1, 0), (1, 1), (1, 2)]),
    ("outlet=-", [(3, 0)]),
    ("date_from=2021-05", [(1, 0), (1, 1), (1, 2), (4, 0), (4, 1)]),
    ("date_to=2021-03", [(0, 0), (0, 1), (0, 2)]),
    ("date_from=2021-05-10&date_to=2021-05-10", [(1, 0), (1, 1), (1, 2)]),
    ("claim={claim0}", [(0, 0), (1, 1), (1, 0), (0, 1), (2, 1)]),
    ("claim={claim0}&stance=opposes", [(1, 0), (0, 1), (2, 1)]),
    ("stance=supports", [(0, 0), (1, 1), (1, 2), (2, 0)]),
    ("kind=thought", [(1, 2)]),
    ("kind=other", [(2, 1)]),
    ("type=mixed", [(0, 2)]),
    ("q=occupation&speaker=Reyvik", [(2, 0)]),
    ("doc={doc3}", [(3, 0)]),
]


@pytest.mark.parametrize(("query", "expected"), FILTERS)
def test_statement_filters(
    client: TestClient, fixture: dict[str, Any], query: str, expected: list[tuple[int, int]]
) -> None:
    url = "/api/statements?limit=3&" + query.format(claim0=fixture["claims"][0], doc3=fixture["docs"][3])
    items = all_items(client, url)
    assert {st["id"] for st in items} == ids(fixture, expected)
    assert client.get(url).json()["total"] == len(expected)


def test_newest_first_and_oldest_first(client: TestClient, fixture: dict[str, Any]) -> None:
    newest = [st["date"] for st in all_items(client, "/api/statements?limit=200")]
    oldest = [st["date"] for st in all_items(client, "/api/statements?limit=200&order=oldest")]
    assert newest[:2] == ["2021-06-01", "2021-06-01"] and newest[-1] is None
    assert oldest[0] == "2021-03-04" and oldest[-3:] == ["--07-02", "--07-02", None]


@pytest.mark.parametrize("query", ["q=tolls", "q=the", "outlet=Coastal Ledger", "date_from=2021"])
def test_small_and_large_pages_agree(client: TestClient, query: str) -> None:
    """Pages of one (read by walking documents by date) and one page of all (sorted) list the same order."""
    one_by_one = [st["id"] for st in all_items(client, f"/api/statements?limit=1&{query}")]
    at_once = [st["id"] for st in client.get(f"/api/statements?limit=200&{query}").json()["items"]]
    assert one_by_one == at_once and len(at_once) >= 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=bridge", [0, 1]),
        ("q=_", [4]),
        ("q=%25", []),
        ("outlet=Valley Times", [2]),
        ("date_to=2021-04", [0]),
    ],
)
def test_document_search(
    client: TestClient, fixture: dict[str, Any], query: str, expected: list[int]
) -> None:
    items = all_items(client, "/api/documents?" + query)
    assert {d["id"] for d in items} == {fixture["docs"][i] for i in expected}


def test_speakers_outlets_claims_lists(client: TestClient, fixture: dict[str, Any]) -> None:
    speakers = all_items(client, "/api/speakers?limit=2")
    assert speakers[0]["name"] == "Mira Castellan" and len(speakers) == 4
    assert [s["name"] for s in all_items(client, "/api/speakers?q=reyv")] == ["Tomas Reyvik"]
    outlets = {o["name"]: o for o in all_items(client, "/api/outlets")}
    assert outlets["Coastal Ledger"]["statements"] == 3 and outlets["Northern Wire"]["speakers"] == 3
    claims = client.get("/api/claims").json()
    assert claims["available"] and [c["id"] for c in claims["items"]] == fixture["claims"]
    assert claims["items"][0].items() >= {"members": 5, "supports": 2, "opposes": 3, "neither": 0}.items()


def test_speaker_profile(client: TestClient) -> None:
    key = client.get("/api/speakers?q=castellan").json()["items"][0]["id"]
    sp = client.get(f"/api/speakers/{key}").json()
    assert sp["statements"] == 3 and sp["first_date"] == "2021-03-04" and sp["last_date"] == "2021-05-10"
    assert sp["activity"] == [
        {"month": "2021-03", "statements": 2},
        {"month": "2021-04", "statements": 0},
        {"month": "2021-05", "statements": 1},
    ]
    assert sp["roles"][0]["role"] == "mayor" and sp["outlets"][0] == {
        "outlet": "Coastal Ledger",
        "statements": 2,
    }


def test_claim_tables_link_to_their_statements(client: TestClient, fixture: dict[str, Any]) -> None:
    """Every speaker x stance and outlet x stance cell counts exactly the statements its filter lists."""
    cid = fixture["claims"][0]
    view = client.get(f"/api/claims/{cid}").json()
    assert view["counts"] == {"supports": 2, "opposes": 3, "neither": 0}
    assert view["undated"] == {"supports": 0, "opposes": 1, "neither": 0}
    assert [t["month"] for t in view["timeline"]] == ["2021-03", "2021-04", "2021-05"]
    checked = 0
    for table, field in (("speakers", "speaker"), ("outlets", "outlet")):
        for row in view[table]:
            for stance in queries.STANCES:
                r = client.get(
                    "/api/statements", params={"claim": cid, "stance": stance, field: row["value"]}
                )
                assert r.json()["total"] == row[stance], (table, row, stance)
                checked += 1
    assert checked == 3 * (len(view["speakers"]) + len(view["outlets"]))


def test_claim_prefix_and_unknown(client: TestClient, fixture: dict[str, Any]) -> None:
    cid = fixture["claims"][1]
    assert client.get(f"/api/claims/{cid[:8]}").json()["id"] == cid
    r = client.get("/api/claims/cl-000000000000")
    assert r.status_code == 404 and r.json()["error"]["code"] == "QT404"


# -- hostile input, errors and headers -------------------------------------------------------------------

HOSTILE_SEARCHES = [
    '"',
    "'",
    "%",
    "_",
    "\\",
    "' OR 1=1 --",
    'tolls" OR "x',
    "NEAR(tolls repairs)",
    "tolls*",
    "content_text:tolls",
    "^tolls",
    "-tolls",
    "(",
    "tolls AND",
    "%' UNION SELECT name FROM sqlite_master --",
    "\x00",
    "😀 tolls",
]


@pytest.mark.parametrize("words", HOSTILE_SEARCHES)
def test_search_text_is_never_syntax(client: TestClient, words: str) -> None:
    for path in ("/api/statements", "/api/documents", "/api/speakers", "/api/outlets", "/api/claims"):
        r = client.get(path, params={"q": words})
        assert r.status_code == 200, (path, r.text)
    every = all_items(client, "/api/statements?limit=200")
    literal = {  # what each filter means: part of a speaker's name, an exact outlet, an exact claim id
        "speaker": sum(words.casefold() in st["speaker"].casefold() for st in every if st["speaker"]),
        "outlet": sum(st["outlet"] == words for st in every),
        "claim": 0,
    }
    for field, expected in literal.items():
        r = client.get("/api/statements", params={field: words})
        assert r.status_code == 200 and r.json()["total"] == expected, (field, words)
    assert client.get("/statements", params={"q": words, "speaker": words}).status_code == 200


def test_fts_operators_are_words(client: TestClient) -> None:
    plain = client.get("/api/statements?q=tolls").json()["total"]
    assert client.get("/api/statements", params={"q": "tolls*"}).json()["total"] == plain
    assert client.get("/api/statements", params={"q": "tolls OR invitation"}).json()["total"] == 0


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/nothing-here", 404, "QT404"),
        ("/api/statements/999999", 404, "QT404"),
        ("/api/speakers/sp-0000000000", 404, "QT404"),
        ("/api/documents/ffffffffffff", 404, "QT404"),
        ("/api/statements?limit=0", 422, "QT422"),
        ("/api/statements?offset=-1", 422, "QT422"),
        ("/api/statements?date_from=March", 422, "QT422"),
        ("/api/statements?stance=maybe", 422, "QT422"),
        ("/api/statements/abc", 422, "QT422"),
        ("/api/export/statements.xlsx", 422, "QT422"),
    ],
)
def test_api_error_shape(client: TestClient, url: str, status: int, code: str) -> None:
    r = client.get(url)
    assert r.status_code == status and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "remedy"}
    assert body["error"]["code"] == code and body["error"]["message"]


def test_method_not_allowed_is_json(client: TestClient) -> None:
    r = client.delete("/api/statements")
    assert r.status_code == 405 and r.json()["error"]["code"] == "QT405"


@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/nothing-here", 404, "Not found"),
        ("/documents/ffffffffffff", 404, "Not found"),
        ("/statements?limit=0", 422, "does not work"),
    ],
)
def test_html_error_pages(client: TestClient, url: str, status: int, heading: str) -> None:
    r = client.get(url)
    assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    assert heading in r.text and "QT" in r.text


def test_unexpected_error_is_a_500_in_the_error_shape(
    fixture: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: Any) -> None:
        raise RuntimeError("boom <script>")

    monkeypatch.setattr(queries, "stats", broken)
    with TestClient(create_app(fixture["db"]), raise_server_exceptions=False) as c:
        r = c.get("/api/stats")
        assert r.status_code == 500 and r.json()["error"]["code"] == "QT590" and "boom" not in r.text
        assert r.headers["content-security-policy"] == CSP
        page = c.get("/")
        assert page.status_code == 500 and "Something went wrong" in page.text


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/statements",
        "/api/stats",
        "/static/style.css",
        "/static/app.js",
        "/nothing",
        "/api/nothing",
        "/api/statements?limit=0",
        "/api/export/statements.csv",
        "/api/openapi.json",
        "/api",
    ],
)
def test_security_headers_on_every_response(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.headers["content-security-policy"] == CSP
    assert r.headers["x-content-type-options"] == "nosniff"


def test_no_cdn_and_no_docs_ui(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    schema = client.get("/api/openapi.json").json()
    assert "/api/statements" in schema["paths"] and "/api/ingest" in schema["paths"]
    for url in ("/", "/statements", "/api", "/speakers", "/claims"):
        html = client.get(url).text
        assert '<script src="http' not in html and 'href="http' not in html.split("<main>")[0]


PAGES = [
    "/",
    "/statements",
    "/statements?q=tolls&stance=opposes",
    "/documents",
    "/speakers",
    "/outlets",
    "/claims",
    "/api",
]


class _Collect(HTMLParser):
    """Start tags with attributes, and the text inside mark elements in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[tuple[str, str | None, str]] = []
        self._mark: list[Any] | None = None
        self.doctext: list[str] = []
        self._in_doctext = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if self._in_doctext:
            self._in_doctext += 1
        if a.get("id") == "doctext":
            self._in_doctext = 1
        if tag == "mark" and self._in_doctext:
            self._mark = [a.get("class") or "", a.get("title"), ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._mark is not None:
            self.marks.append((self._mark[0], self._mark[1], self._mark[2]))
            self._mark = None
        if self._in_doctext:
            self._in_doctext -= 1

    def handle_data(self, data: str) -> None:
        if self._mark is not None:
            self._mark[2] += data
        if self._in_doctext:
            self.doctext.append(data)


def parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    p.close()
    return p


def _hostile_pages(fixture: dict[str, Any], client: TestClient) -> list[str]:
    evil = client.get("/api/speakers?q=payload").json()["items"][0]["id"]
    return [
        *PAGES,
        f"/documents/{fixture['docs'][4]}",
        f"/speakers/{evil}",
        f"/claims/{fixture['claims'][1]}",
        "/statements?q=pwned",
    ]


def test_hostile_text_is_escaped_everywhere(client: TestClient, fixture: dict[str, Any]) -> None:
    for url in _hostile_pages(fixture, client):
        r = client.get(url)
        assert r.status_code == 200, url
        html = r.text
        assert "<script>window" not in html and "<img src=x" not in html and "<b onmouseover" not in html, url
        tags = parse(html).tags
        assert not [a for _, a in tags if any(k.startswith("on") for k in a)], url
        assert not [a for _, a in tags if (a.get("href") or "").strip().lower().startswith("javascript:")], (
            url
        )
        assert [a["src"] for t, a in tags if t == "script"] == ["/static/app.js"], url
    doc = client.get(f"/documents/{fixture['docs'][4]}").text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;Tolls" in doc  # the title, shown as text
    assert "javascript:window.__pwned=1 <span" in doc  # the URL, shown as text but not linked


def test_article_marks_every_span_in_place(client: TestClient, fixture: dict[str, Any]) -> None:
    for n, did in enumerate(fixture["docs"]):
        api = client.get(f"/api/documents/{did}").json()
        page = parse(client.get(f"/documents/{did}").text)
        assert "".join(page.doctext) == api["text"], "the marked text must be the stored text, unchanged"
        expected = sorted(
            (role, f"{role}: {st['speaker'] or 'unknown speaker'}", api["text"][s:e])
            for st in api["statements"]
            for role in ("source", "cue", "content")
            for s, e in st[role]
        )
        assert sorted(page.marks) == expected, n


# -- exports ---------------------------------------------------------------------------------------------


def test_csv_and_jsonl_exports_match_the_view(client: TestClient, fixture: dict[str, Any]) -> None:
    url = "/api/export/statements.{}?speaker=Castellan&order=oldest"
    r = client.get(url.format("csv"))
    assert (
        r.headers["content-type"].startswith("text/csv") and "attachment" in r.headers["content-disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(r.text)))
    view = all_items(client, "/api/statements?speaker=Castellan&order=oldest")
    assert [int(x["id"]) for x in rows] == [st["id"] for st in view]
    assert [x["content_text"] for x in rows] == [st["content_text"] for st in view]
    lines = [json.loads(line) for line in client.get(url.format("jsonl")).text.splitlines()]
    assert [x["content"] for x in lines] == [st["content"] for st in view]
    assert list(rows[0]) == [name for name, _ in downloads.COLUMNS["statements"]]


def test_parquet_export(client: TestClient) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    r = client.get("/api/export/statements.parquet?q=tolls")
    assert r.status_code == 200
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == 5 and table.column("content").type.value_type.value_type.bit_width == 64
    assert sorted(table.column("id").to_pylist()) == sorted(
        s["id"] for s in all_items(client, "/api/statements?q=tolls")
    )


def test_parquet_without_pyarrow_names_the_extra(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(downloads, "parquet_available", lambda: False)
    r = client.get("/api/export/speakers.parquet")
    assert r.status_code == 501 and r.json()["error"]["code"] == "QT501"
    assert "quotetrail[parquet]" in r.json()["error"]["remedy"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("@cmd", "'@cmd"),
        ("-2+3", "'-2+3"),
        ("--11-24", "--11-24"),
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_csv_cells_cannot_be_formulas(value: str, cell: str) -> None:
    assert downloads.defuse(value) == cell


def test_export_links_carry_the_view_state(client: TestClient) -> None:
    tags = parse(client.get("/statements?speaker=Castellan&stance=supports&limit=1").text).tags
    links = {a.get("class"): a.get("href") for t, a in tags if t == "a" and a.get("class")}
    assert links["export csv"] == "/api/export/statements.csv?speaker=Castellan&stance=supports"
    assert links["next"] == "/statements?speaker=Castellan&stance=supports&limit=1&offset=1"


# -- read-only by default, token-protected writes --------------------------------------------------------

WRITES = [
    ("/api/speakers/merge", {"json": {"target": "Castellan", "other": "Reyvik"}}),
    ("/api/speakers/split", {"json": {"target": "Castellan", "alias": "Mira Castellan"}}),
    ("/api/speakers/rename", {"json": {"target": "Castellan", "name": "M. Castellan"}}),
    ("/api/speakers/qid", {"json": {"target": "Castellan", "qid": "Q42"}}),
    ("/api/ingest", {"files": {"file": ("story.txt", b'A story.\n\nJo Bell said "yes".\n', "text/plain")}}),
    ("/api/ingest/url", {"json": {"url": "http://127.0.0.1:9/none"}}),
]


@pytest.mark.parametrize(("path", "kwargs"), WRITES)
def test_writes_are_off_without_a_token(
    client: TestClient, fixture: dict[str, Any], path: str, kwargs: dict[str, Any]
) -> None:
    before = client.get("/api/stats").json()
    r = client.post(path, headers={"Authorization": f"Bearer {TOKEN}"}, **kwargs)
    assert r.status_code == 403 and r.json()["error"]["code"] == "QT403"
    assert client.get("/api/stats").json() == before


def test_reads_cannot_write(fixture: dict[str, Any]) -> None:
    store = ReadOnlyStore(fixture["db"])
    try:
        with pytest.raises(sqlite3.OperationalError):
            store.conn.execute("DELETE FROM statements")
        with pytest.raises(StoreError, match="readonly"):
            store.mark_skipped(fixture["docs"][0], "x")
    finally:
        store.close()


@pytest.mark.parametrize(
    ("header", "status", "code"),
    [(None, 401, "QT401"), ("Bearer nope", 401, "QT401"), ("Basic " + TOKEN, 401, "QT401")],
)
def test_writes_need_the_right_token(writable: Path, header: str | None, status: int, code: str) -> None:
    with TestClient(create_app(writable, token=TOKEN)) as c:
        r = c.post(
            "/api/speakers/qid",
            json={"target": "Castellan", "qid": "Q42"},
            headers={"Authorization": header} if header else {},
        )
        assert r.status_code == status and r.json()["error"]["code"] == code
        assert r.headers["www-authenticate"] == "Bearer"


def test_upload_goes_through_the_ingest_path(writable: Path) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(writable, token=TOKEN)) as c:
        text = b"Ferry strike ends\n\nThe strike at the harbour ended on Monday, the union said.\n"
        r = c.post("/api/ingest", headers=auth, files={"file": ("../../strike.txt", text, "text/plain")})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["stored"] == 1 and body["documents"][0]["origin"] == "upload:strike.txt"
        assert c.get(f"/api/documents/{body['documents'][0]['id']}").json()["text"] == text.decode()
        again = c.post("/api/ingest", headers=auth, files={"file": ("strike.txt", text, "text/plain")}).json()
        assert again["stored"] == 0 and again["already"] == 1
        bad = c.post(
            "/api/ingest",
            headers=auth,
            files={"file": ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")},
        )
        assert (
            bad.status_code == 200
            and bad.json()["stored"] == 0
            and bad.json()["errors"][0]["code"] == "QT100"
        )
        recorded = c.get("/api/errors").json()["items"]
        assert [(e["input"], e["stage"]) for e in recorded] == [("upload:logo.png", "read")]
        r = c.post("/api/ingest/url", headers=auth, json={"url": "file:///etc/passwd"})
        assert r.status_code == 422 and r.json()["error"]["code"] == "QT422"
        assert c.post("/api/ingest", headers=auth).status_code == 422


def test_cached_views_follow_writes_from_elsewhere(writable: Path) -> None:
    """Aggregates are cached until the store changes, also when another process (a run) writes it."""
    with TestClient(create_app(writable)) as c:
        before = c.get("/api/stats").json()
        outlets = {o["name"] for o in c.get("/api/outlets").json()["items"]}
        with Store(writable) as store:
            text = "Pier reopens\n\nThe harbourmaster said the pier reopens in May.\n"
            meta = Metadata(outlet="Harbour Bulletin", language="en")
            store.add_document(
                SourceDocument(name="pier", text=text, origin="pier.txt"), doc_id(text), meta, []
            )
        after = c.get("/api/stats").json()
        assert (after["documents"], after["outlets"]) == (before["documents"] + 1, before["outlets"] + 1)
        assert {o["name"] for o in c.get("/api/outlets").json()["items"]} == outlets | {"Harbour Bulletin"}


def test_url_ingest_failure_is_an_error_record(writable: Path) -> None:
    """A URL that cannot be fetched (a closed loopback port) is recorded like the CLI records it."""
    with TestClient(create_app(writable, token=TOKEN)) as c:
        r = c.post(
            "/api/ingest/url",
            headers={"Authorization": f"Bearer {TOKEN}"},
            json={"url": "http://127.0.0.1:9/none"},
        )
        assert r.status_code == 200 and r.json()["stored"] == 0
        assert [e["stage"] for e in c.get("/api/errors").json()["items"]] == ["fetch"]


def test_upload_size_limit(writable: Path) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(writable, token=TOKEN, max_upload_bytes=2_000)) as c:
        big = b"Words and more words.\n" * 200  # 4,400 bytes
        r = c.post("/api/ingest", headers=auth, files={"file": ("big.txt", big, "text/plain")})
        assert r.status_code == 413 and r.json()["error"]["code"] == "QT413"
        small = b"Short note\n\nThe mayor said the bridge reopens.\n"
        assert (
            c.post(
                "/api/ingest", headers=auth, files={"file": ("small.txt", small, "text/plain")}
            ).status_code
            == 200
        )

        def chunks() -> Any:  # no Content-Length: the limit is counted while the body streams
            yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
            for _ in range(20):
                yield b"x" * 5_000
            yield b"\r\n--b--\r\n"

        r = c.post(
            "/api/ingest",
            headers={**auth, "Content-Type": "multipart/form-data; boundary=b"},
            content=chunks(),
        )
        assert r.status_code == 413 and r.json()["error"]["code"] == "QT413"
        huge = {"target": "x" * 70_000, "other": "y"}  # every request body has the limit, not only uploads
        r = c.post("/api/speakers/merge", headers=auth, json=huge)
        assert r.status_code == 413 and r.json()["error"]["code"] == "QT413"


def test_speaker_corrections(writable: Path) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(writable, token=TOKEN)) as c:
        key = c.get("/api/speakers?q=castellan").json()["items"][0]["id"]
        r = c.post("/api/speakers/rename", headers=auth, json={"target": key, "name": "Mayor Castellan"})
        assert r.status_code == 200 and r.json()["correction"] == 1
        assert c.get(f"/api/speakers/{key}").json()["name"] == "Mayor Castellan"
        r = c.post("/api/speakers/qid", headers=auth, json={"target": key, "qid": "q42"})
        assert r.status_code == 200 and c.get(f"/api/speakers/{key}").json()["qid"] == "Q42"
        assert (
            c.post("/api/speakers/qid", headers=auth, json={"target": key, "qid": "X42"}).status_code == 422
        )
        r = c.post("/api/speakers/merge", headers=auth, json={"target": key, "other": "Tomas Reyvik"})
        assert r.status_code == 200 and c.get(f"/api/speakers/{key}").json()["statements"] == 5
        r = c.post("/api/speakers/merge", headers=auth, json={"target": key, "other": "Nobody Atall"})
        assert r.status_code == 404 and r.json()["error"]["code"] == "QT404"
        r = c.post(
            "/api/speakers/split",
            headers=auth,
            json={"target": "Ferry Workers Union", "alias": "Ferry Workers Union"},
        )
        assert r.status_code == 422


# -- claims absent, the serve command --------------------------------------------------------------------


def test_without_claim_tables_the_claim_views_are_empty(writable: Path) -> None:
    with sqlite3.connect(writable) as conn:
        conn.execute("DROP TABLE claim_members")
        conn.execute("DROP TABLE claims")
    with TestClient(create_app(writable)) as c:
        assert c.get("/api/claims").json() == {
            "total": 0,
            "limit": 50,
            "offset": 0,
            "next": None,
            "prev": None,
            "available": False,
            "items": [],
        }
        assert "No claims yet" in c.get("/claims").text
        assert c.get("/api/statements?claim=cl-6d74b0b3bef5").json()["total"] == 0
        assert c.get("/api/statements?stance=supports").json()["total"] == 0
        assert c.get("/api/statements").json()["total"] == 11
        r = c.get("/api/claims/cl-6d74b0b3bef5")
        assert r.status_code == 404 and "no claims yet" in r.json()["error"]["message"]
        assert c.get("/").status_code == 200 and c.get("/statements").status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_pages_render(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200 and "<main>" in r.text


def test_serve_binds_loopback_by_default(
    fixture: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from click.testing import CliRunner

    from quotetrail.cli import cli

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    monkeypatch.delenv("QUOTETRAIL_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(fixture["db"])])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000 and seen["app"].state.token is None
    token = tmp_path / "token"
    token.write_text(" s3cret\n")
    result = CliRunner().invoke(
        cli, ["serve", "--db", str(fixture["db"]), "--token-file", str(token), "--port", "9001"]
    )
    assert result.exit_code == 0 and seen["port"] == 9001 and seen["app"].state.token == "s3cret"
    missing = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0 and not (tmp_path / "none.db").exists()
