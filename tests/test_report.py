"""The report is one safe, self-contained page whose every statement links to its place in the article."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from quotetrail.ingest import doc_id as text_id
from quotetrail.report import highlight, render_report, safe_url, write_report
from quotetrail.store import Store
from quotetrail.types import Attribution, Metadata, Region, SourceDocument

EVIL = "<script>alert(1)</script>"
ATTR = '" onmouseover="x'

TEXT_SAFE = (
    "Wind farm approved\n\n"
    'Mayor Ansel Toivonen said "the turbines go up in June".\n'
    'The Marram Society warned that "the dunes will suffer", a spokesperson said.\n'
    "Subscribe to our newsletter.\n"
)
TEXT_EVIL = f'Page {EVIL} here.\nBob {ATTR} Ruddle said "{EVIL} is fine" today. See http://plain.example/x\n'


def span(text: str, part: str, start: int = 0) -> tuple[int, int]:
    """Offsets of `part` in `text`."""
    i = text.index(part, start)
    return (i, i + len(part))


class Tags(HTMLParser):
    """Collects start tags, ids, hrefs and the max nesting depth of mark/span elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.depth = 0
        self.max_depth = 0
        self.texts: list[tuple[str, str | None]] = []
        self._open: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag in ("mark", "span"):
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
            self._open.append(a.get("class"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("mark", "span"):
            self.depth -= 1
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.texts.append((data, self._open[-1] if self._open else None))


def parse(html: str) -> Tags:
    p = Tags()
    p.feed(html)
    p.close()
    return p


def roles_by_char(html: str) -> list[str | None]:
    """The role class each character of the original text ended up in."""
    out: list[str | None] = []
    for data, role in parse(html).texts:
        out += [role] * len(data)
    return out


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "r.db") as s:
        safe_id, evil_id = text_id(TEXT_SAFE), text_id(TEXT_EVIL)
        s.add_document(
            SourceDocument("wind", TEXT_SAFE, "in/wind.txt"),
            safe_id,
            Metadata(
                title="Wind farm approved",
                outlet="Dune Herald",
                author="Petra Lind",
                date="2032-06-01",
                url="https://dune-herald.example/wind?a=1&b=2",
                evidence={"date": "dateline", "outlet": "footer"},
            ),
            [Region(TEXT_SAFE.index("Subscribe"), len(TEXT_SAFE) - 1, "boilerplate")],
        )
        s.add_document(
            SourceDocument(f"evil{EVIL}", TEXT_EVIL, "in/evil.txt"),
            evil_id,
            Metadata(
                title=f"Title {EVIL} {ATTR}",
                outlet=f"Outlet {EVIL}",
                author=ATTR,
                date="--07-04",
                url="javascript:alert(1)",
                evidence={"author": EVIL},
            ),
            [],
        )
        t = TEXT_SAFE
        quote_end = t.index('",', t.index("dunes"))
        s.replace_statements(
            safe_id,
            [
                Attribution(
                    source=[span(t, "Mayor Ansel Toivonen")],
                    cue=[span(t, "said")],
                    content=[span(t, "the turbines go up in June")],
                    type="direct",
                    speaker="Ansel Toivonen",
                ),
                Attribution(
                    source=[span(t, "The Marram Society")],
                    cue=[span(t, "warned")],
                    content=[span(t, "the dunes will suffer")],
                    type="direct",
                    speaker="The Marram Society",
                ),
                # a statement whose content contains the previous quote and whose source is after it
                Attribution(
                    source=[span(t, "a spokesperson")],
                    cue=[span(t, "said", quote_end)],
                    content=[(t.index("The Marram"), quote_end + 1)],
                    type="mixed",
                    speaker="",
                ),
            ],
        )
        e = TEXT_EVIL
        s.replace_statements(
            evil_id,
            [
                Attribution(
                    source=[span(e, f"Bob {ATTR} Ruddle")],
                    cue=[span(e, "said")],
                    content=[span(e, f"{EVIL} is fine")],
                    type="direct",
                    speaker=f"Bob {ATTR} Ruddle {EVIL}",
                )
            ],
        )
        s.refresh_speakers(lambda names: {n: n for n in names}, kinds={"Ansel Toivonen": "person"})
        yield s


@pytest.fixture
def html(store: Store) -> str:
    return render_report(store, title=f"Report {EVIL}")


def test_self_contained(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered
    assert "src=" not in lowered
    assert "<link" not in lowered
    assert "@import" not in lowered
    assert "url(" not in lowered
    # Every http(s) reference is either the one safe link from data or escaped article text.
    hrefs = re.findall(r'href="([^"]*)"', html)
    external = [h for h in hrefs if not h.startswith("#")]
    assert external == ["https://dune-herald.example/wind?a=1&amp;b=2"]
    for m in re.finditer(r"https?://", html):
        following = html[m.end() : m.end() + 20]
        assert following.startswith(("dune-herald.example", "plain.example")), following


def test_untrusted_text_is_escaped(html: str) -> None:
    assert EVIL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'onmouseover="x' not in html
    tags = parse(html).tags
    for _tag, attrs in tags:
        assert "onmouseover" not in attrs
    titles = [a.get("title") for t, a in tags if t == "mark" and a.get("title")]
    assert f"Bob {ATTR} Ruddle {EVIL}" in titles  # round-trips through escaping as plain text


def test_javascript_url_not_linked(html: str) -> None:
    assert 'href="javascript' not in html.lower()
    assert "javascript:alert(1)" in html  # still shown as text


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://a.example/x", True),
        ("http://a.example", True),
        ("HTTPS://a.example/", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,hi", False),
        ("//a.example/x", False),
        ("https:///nohost", False),
        ('https://a.example/"onmouseover=x', False),
        ("https://a.example/ x", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


def test_every_statement_has_an_anchor(store: Store, html: str) -> None:
    parsed = parse(html)
    links = [a["href"][1:] for t, a in parsed.tags if t == "a" and (a.get("href") or "").startswith("#")]
    assert links
    for target in links:
        assert target in parsed.ids, target
    for q in store.quotes():
        anchor = f"doc-{q['doc_id'][:12]}-s{q['id']}"
        assert f'href="#{anchor}"' in html
        assert anchor in parsed.ids
    for sp in store.speakers():
        assert f"speaker-{sp['id']}" in parsed.ids
    for d in store.documents():
        assert f"doc-{d['id'][:12]}" in parsed.ids


def test_content_and_structure(store: Store, html: str) -> None:
    assert html.lstrip().lower().startswith("<!doctype html>")
    for role in ("source", "cue", "content"):
        assert f'<mark class="{role}"' in html
    assert '<span class="skipped" title="boilerplate">Subscribe to our newsletter.</span>' in html
    assert "date unknown" in html or "year unknown" in html
    assert "07-04 (year unknown)" in html
    assert "white-space: pre-wrap" in html
    assert "Ansel Toivonen" in html
    assert "“the turbines go up in June”" in html
    counts = store.counts()
    assert f"<strong>{counts['statements']}</strong>statements" in html
    bodies = re.findall(r'<div class="doctext">(.*?)</div>', html, flags=re.S)
    assert len(bodies) == 2
    for body in bodies:
        assert parse(body).max_depth <= 1  # marks in article text are never nested


def test_unresolved_speakers_section(store: Store, html: str) -> None:
    assert 'id="speaker-none"' in html
    assert "unknown speaker" in html


def test_write_report(store: Store, tmp_path: Path) -> None:
    out = write_report(store, tmp_path / "report.html")
    assert out == tmp_path / "report.html"
    text = out.read_text(encoding="utf-8")
    assert "Wind farm approved" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".quotetrail-")] == []


def test_empty_store_report(tmp_path: Path) -> None:
    with Store(tmp_path / "e.db") as s:
        html = render_report(s)
    assert "No articles yet." in html
    assert "<title>quotetrail report</title>" in html


# -- highlight ---------------------------------------------------------------------------------

HL_TEXT = "Ann said \"I saw Cy say 'go'\" then left."


@pytest.mark.parametrize(
    ("marks", "expected_roles"),
    [
        # no marks: plain escaped text
        ([], {}),
        # disjoint spans keep their own roles
        ([(0, 3, "source", "Ann", "a1"), (4, 8, "cue", "Ann", None)], {0: "source", 5: "cue", 3: None}),
        # content containing a nested quote with its own source/cue: innermost/strongest wins
        (
            [
                (0, 3, "source", "Ann", "a1"),
                (4, 8, "cue", "Ann", None),
                (10, 27, "content", "Ann", None),
                (16, 18, "source", "Cy", "a2"),
                (19, 22, "cue", "Cy", None),
                (24, 26, "content", "Cy", None),
            ],
            {10: "content", 16: "source", 20: "cue", 22: "content", 24: "content", 27: None},
        ),
        # overlapping (not nested) spans: source beats cue beats content on the overlap
        ([(0, 10, "content", "X", None), (5, 15, "cue", "X", None)], {2: "content", 7: "cue", 12: "cue"}),
        ([(0, 10, "cue", "X", None), (5, 15, "source", "X", None)], {2: "cue", 7: "source", 14: "source"}),
        # skipped regions only show where nothing else does
        (
            [(0, 20, "skipped", "boilerplate", None), (4, 8, "cue", "Q", None)],
            {0: "skipped", 5: "cue", 10: "skipped"},
        ),
        # out-of-range and reversed spans are clamped, not fatal
        ([(30, 500, "content", "Z", None), (3, 0, "source", "Z", None)], {1: "source", 35: "content"}),
    ],
)
def test_highlight_roles(marks, expected_roles: dict[int, str | None]) -> None:
    html = highlight(HL_TEXT, marks)
    parsed = parse(html)
    assert parsed.max_depth <= 1  # never nested
    assert "".join(d for d, _ in parsed.texts) == HL_TEXT  # text preserved exactly
    roles = roles_by_char(html)
    assert len(roles) == len(HL_TEXT)
    for pos, role in expected_roles.items():
        assert roles[pos] == role, (pos, roles[pos], role)
    for _s, _e, _r, _t, anchor in marks:
        if anchor:
            assert html.count(f'id="{anchor}"') == 1


def test_highlight_escapes_segments_and_titles() -> None:
    text = f"x {EVIL} y"
    html = highlight(text, [(2, 2 + len(EVIL), "content", ATTR, f"id{ATTR}")])
    assert "<script>" not in html
    assert 'onmouseover="x' not in html
    tags = parse(html).tags
    assert tags == [("mark", {"class": "content", "id": f"id{ATTR}", "title": ATTR})]


def test_highlight_hidden_anchor_still_emitted() -> None:
    # the cue is entirely covered by a source: its anchor must still exist
    html = highlight(
        "abcdef", [(0, 6, "source", "S", None), (2, 4, "cue", "S", "hidden"), (6, 6, "cue", "", "end")]
    )
    parsed = parse(html)
    assert {"hidden", "end"} <= parsed.ids
    # the hidden anchor sits exactly where its span starts, the empty one at the end
    assert html.index('id="hidden"') > html.index("ab<") and html.index('id="hidden"') < html.index("cd")
    assert html.endswith('<span class="anchor" id="end"></span>')
    assert parsed.max_depth <= 1
    assert "".join(d for d, _ in parsed.texts) == "abcdef"


def test_highlight_merges_adjacent_segments_of_one_mark() -> None:
    html = highlight("hello world", [(0, 11, "content", "T", "s1"), (5, 5, "cue", "T", None)])
    assert html == '<mark class="content" id="s1" title="T">hello world</mark>'


def test_highlight_preserves_newlines() -> None:
    html = highlight("a\nb & c", [(0, 3, "source", "N", None)])
    assert html == '<mark class="source" title="N">a\nb</mark> &amp; c'


def test_highlight_rejects_unknown_role() -> None:
    with pytest.raises(ValueError):
        highlight("abc", [(0, 1, "evil", "", None)])
