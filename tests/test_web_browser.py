"""The web app in headless Chromium (Debian's package, driven by Playwright): what a person sees and does.

A uvicorn server runs in a thread on a free loopback port over the invented store of test_web.
Each test looks at the rendered page (elements present and visible, texts as stored), takes a
screenshot, and the hostile article's script, event-handler and javascript: payloads must never run.
"""

from __future__ import annotations

import csv
import io
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the [test] extra)")

from quotetrail.web import create_app  # noqa: E402
from test_web import build_store  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="no Chromium at /usr/bin/chromium: apt-get install -y chromium (Playwright's own is not used)",
    ),
]
PWNED = "window.__pwned"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The app served over loopback in a thread, with the fixture's ids."""
    import uvicorn

    db = tmp_path_factory.mktemp("browser") / "web.db"
    info = build_store(db)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    info["base"] = f"http://127.0.0.1:{port}"
    yield info
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, site: dict[str, Any]) -> Iterator[Any]:
    """A fresh page that records dialogs, page errors and CSP reports (a script that tried to run)."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    yield pg
    context.close()


def shot(page: Any, tmp_path: Path, name: str) -> Path:
    """A full-page screenshot; a PNG of real size proves something was painted."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5_000
    return path


def test_search_from_the_start_page(page: Any, site: dict[str, Any], tmp_path: Path) -> None:
    page.goto(site["base"] + "/")
    box = page.locator("form.search.big input[name=q]")
    box.fill("tolls")
    box.press("Enter")
    page.wait_for_url("**/statements?q=tolls")
    cards = page.locator("ol#results li.statement")
    assert cards.count() == 5
    for i in range(5):
        assert cards.nth(i).is_visible()
        assert "toll" in cards.nth(i).locator("blockquote").inner_text().lower()
    assert page.locator(".pager .range").first.inner_text() == "1–5 of 5 statements"
    shot(page, tmp_path, "search")


def test_filter_by_stance_and_speaker(page: Any, site: dict[str, Any], tmp_path: Path) -> None:
    page.goto(site["base"] + "/statements?q=tolls")
    with page.expect_navigation():
        page.select_option("form.filters select[name=stance]", "opposes")  # app.js submits on change
    assert "stance=opposes" in page.url
    assert page.locator("ol#results li.statement").count() == 3
    assert page.locator("ol#results .stance.opposes").count() == 3
    page.fill("form.filters input[name=speaker]", "Reyvik")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**speaker=Reyvik**")
    cards = page.locator("ol#results li.statement")
    assert cards.count() == 1 and cards.first.locator("a.speaker").inner_text() == "Tomas Reyvik"
    chip = page.locator("p.active a.chip", has_text="stance: opposes")
    assert chip.is_visible()
    shot(page, tmp_path, "filtered")
    chip.click()
    page.wait_for_load_state()
    assert "stance" not in page.url and page.locator("ol#results li.statement").count() == 1


def test_article_marks_match_the_stored_spans(page: Any, site: dict[str, Any], tmp_path: Path) -> None:
    page.goto(site["base"] + "/statements?speaker=Castellan&order=oldest")
    with page.expect_navigation():
        page.locator("ol#results li.statement a.context").first.click()
    assert "#st-" in page.url
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"#{anchor}").is_visible()
    doc_id = page.url.split("/documents/", 1)[1].split("#", 1)[0]
    api = page.request.get(site["base"] + f"/api/documents/{doc_id}").json()
    text = api["text"]
    for role in ("source", "cue", "content"):
        marks = page.locator(f"#doctext mark.{role}")
        spans = [(text[s:e], st["speaker"]) for st in api["statements"] for s, e in st[role]]
        assert marks.count() == len(spans) > 0
        for i, (span_text, speaker) in enumerate(spans):
            mark = marks.nth(i)
            assert mark.is_visible()
            assert mark.text_content() == span_text
            assert mark.get_attribute("title") == f"{role}: {speaker}"
    page.locator("#doctext mark.source").first.hover()
    assert page.locator("#doctext").text_content() == text
    shot(page, tmp_path, "article")


def test_speaker_page(page: Any, site: dict[str, Any], tmp_path: Path) -> None:
    page.goto(site["base"] + "/speakers")
    page.click("table#results a.speaker:text-is('Mira Castellan')")
    page.wait_for_url("**/speakers/sp-*")
    assert page.locator("h1.speaker-name").inner_text().startswith("Mira Castellan")
    plot = page.locator("figure.activity svg.plot")
    assert plot.is_visible() and plot.locator("rect.bar").count() == 2  # March and May; April is empty
    assert page.locator("figure.outlets svg.plot rect.bar").count() == 2
    assert page.locator("table.roles td", has_text="mayor").is_visible()
    assert page.locator("ol.cards li.statement").count() == 3
    shot(page, tmp_path, "speaker")


def test_claim_page_cells_open_their_statements(page: Any, site: dict[str, Any], tmp_path: Path) -> None:
    page.goto(site["base"] + "/claims")
    page.click("table#results a.claim:text-is('the tolls will pay for the repairs')")
    page.wait_for_url("**/claims/cl-*")
    assert page.locator("h1.claim-label").inner_text() == "the tolls will pay for the repairs"
    timeline = page.locator("figure.timeline svg.plot")
    assert timeline.is_visible() and timeline.locator("rect.bar.supports").count() == 2
    assert timeline.locator("rect.bar.opposes").count() == 2
    shot(page, tmp_path, "claim")
    cell = page.locator("table.crosstab.outlet td.cell.opposes a").first
    expected = int(cell.inner_text())
    with page.expect_navigation():
        cell.click()
    assert "claim=cl-" in page.url and "stance=opposes" in page.url and "outlet=" in page.url
    assert page.locator("ol#results li.statement").count() == expected
    assert page.locator("ol#results .stance.opposes").count() == expected


def test_csv_export_downloads_what_is_on_screen(page: Any, site: dict[str, Any], tmp_path: Path) -> None:
    page.goto(site["base"] + "/statements?speaker=Castellan")
    on_screen = page.locator("ol#results li.statement blockquote").all_text_contents()
    with page.expect_download() as info:
        page.click("p.exports a.export.csv")
    download = info.value
    assert download.suggested_filename == "statements.csv"
    path = tmp_path / "statements.csv"
    download.save_as(str(path))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [r["content_text"] for r in rows] == on_screen and len(rows) == 3
    assert {r["speaker"] for r in rows} == {"Mira Castellan"}


def test_hostile_article_runs_no_script(page: Any, site: dict[str, Any], tmp_path: Path) -> None:
    hostile = site["articles"][4]
    evil_key = page.request.get(site["base"] + "/api/speakers?q=payload").json()["items"][0]["id"]
    urls = [
        f"/documents/{site['docs'][4]}",
        "/statements?q=pwned",
        f"/speakers/{evil_key}",
        "/outlets",
        "/documents",
        f"/claims/{site['claims'][1]}",
        "/",
    ]
    for url in urls:
        page.goto(site["base"] + url)
        page.wait_for_load_state("load")
        for el in page.locator("mark, a, b, img").all()[:40]:
            if el.is_visible():
                el.hover()
        assert page.evaluate(f"typeof {PWNED}") == "undefined", url
        assert page.locator("body img").count() == 0, url
        assert page.locator("a[href^='javascript:' i]").count() == 0, url
        assert page.locator("[onerror], [onmouseover], [onclick]").count() == 0, url
        shot(page, tmp_path, "hostile-" + url.strip("/").replace("/", "-").replace("?", "-")[:40])
    assert page.dialogs == [] and page.errors == []
    page.goto(site["base"] + f"/documents/{site['docs'][4]}")
    assert page.locator("h1.doc-title").inner_text() == hostile["title"]
    assert page.locator("#doctext").text_content() == hostile["text"]
    assert page.locator("dd.url").inner_text().startswith(hostile["url"])
    assert page.locator("dd.url a").count() == 0
    first = page.locator("#doctext mark.content").first
    assert first.text_content() == '"<img src=x onerror=window.__pwned=1> is harmless"' and first.is_visible()
    assert (
        page.locator("table.statements a.speaker").first.inner_text()
        == "Jon <script>window.__pwned=1</script> Payload"
    )
    assert page.evaluate(f"typeof {PWNED}") == "undefined"
