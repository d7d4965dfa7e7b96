"""One self-contained HTML report: speakers, claims, statements, and each article with attributions marked."""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from quotetrail import __version__
from quotetrail.store import Store

TEMPLATES = Path(__file__).parent / "templates"
ROLE_PRIORITY = {"source": 3, "cue": 2, "content": 1, "skipped": 0}
"""Which role shows when spans overlap: the speaker beats the cue beats the content beats boilerplate."""

Mark = tuple[int, int, str, str, str | None]
"""(start, end, role, title, anchor id) for `highlight`."""


def _environment() -> Environment:
    """Autoescaping environment on the package's templates: every value from data is untrusted."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(enabled_extensions=("html", "j2", "html.j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date_or_unknown"] = date_label
    return env


def date_label(date: str | None) -> str:
    """Readable date text; partial dates say the year is unknown, missing dates say so."""
    if not date:
        return "date unknown"
    if date.startswith("--"):
        return f"{date[2:]} (year unknown)"
    return date


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) address, else None, so data can never inject a script link."""
    if not url:
        return None
    url = url.strip()
    if any(ord(c) < 33 or c in "\"'<>`\\" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def short_id(doc_id: str) -> str:
    """The first 12 hex characters of a document id, used in anchors."""
    return doc_id[:12]


def highlight(text: str, marks: list[Mark]) -> str:
    """Text as escaped HTML with each segment wrapped by the strongest role covering it, never nested."""
    n = len(text)
    clean: list[tuple[int, int, str, str, str | None, int]] = []
    for order, (start, end, role, title, anchor) in enumerate(marks):
        if role not in ROLE_PRIORITY:
            raise ValueError(f"unknown highlight role {role!r}")
        s, e = max(0, min(int(start), n)), max(0, min(int(end), n))
        if e < s:
            s, e = e, s
        clean.append((s, e, role, title, anchor, order))
    bounds = sorted({0, n, *(m[0] for m in clean), *(m[1] for m in clean)})
    segments = list(pairwise(bounds))

    def winner(a: int, b: int) -> int | None:
        best: tuple[int, int, int, int] | None = None
        chosen: int | None = None
        for i, (s, e, role, _t, _a, order) in enumerate(clean):
            if s <= a and b <= e and s < e:
                key = (ROLE_PRIORITY[role], -(e - s), s, -order)
                if best is None or key > best:
                    best, chosen = key, i
        return chosen

    winners = [winner(a, b) for a, b in segments]
    # An anchor sits on its mark only if that mark shows at its own start; otherwise (hidden under a
    # stronger mark, or empty) an empty anchor element keeps the link target at the exact position.
    shows_at_start = {
        w for w, (a, _) in zip(winners, segments, strict=True) if w is not None and a == clean[w][0]
    }
    orphan_at: dict[int, list[str]] = defaultdict(list)
    for i, m in enumerate(clean):
        if m[4] and i not in shows_at_start:
            orphan_at[m[0]].append(m[4])

    out: list[str] = []
    emitted: set[str] = set()

    def emit_orphans(pos: int) -> None:
        for anchor in orphan_at.pop(pos, []):
            if anchor not in emitted:
                emitted.add(anchor)
                out.append(f'<span class="anchor" id="{escape(anchor)}"></span>')

    k = 0
    while k < len(segments):
        a, _ = segments[k]
        emit_orphans(a)
        w = winners[k]
        j = k
        while j + 1 < len(segments) and winners[j + 1] == w and not orphan_at.get(segments[j + 1][0]):
            j += 1
        b = segments[j][1]
        chunk = escape(text[a:b])
        if w is None:
            out.append(str(chunk))
        else:
            _s, _e, role, title, anchor, _o = clean[w]
            tag = "span" if role == "skipped" else "mark"
            attrs = f' class="{role}"'
            if anchor and anchor not in emitted and w in shows_at_start:
                emitted.add(anchor)
                attrs += f' id="{escape(anchor)}"'
            if title:
                attrs += f' title="{escape(title)}"'
            out.append(f"<{tag}{attrs}>{chunk}</{tag}>")
        k = j + 1
    for pos in sorted(orphan_at):
        emit_orphans(pos)
    return Markup("".join(out))


def _statement_marks(doc_short: str, st: dict[str, Any]) -> list[Mark]:
    """The marks of one statement; the earliest one carries the statement's in-context anchor."""
    title = st["speaker"] or "unknown speaker"
    marks: list[Mark] = [
        (s, e, role, title, None) for role in ("source", "cue", "content") for s, e in st[role] if e > s
    ]
    anchor = f"doc-{doc_short}-s{st['id']}"
    if not marks:
        return [(0, 0, "content", title, anchor)]
    first = min(range(len(marks)), key=lambda i: (marks[i][0], -ROLE_PRIORITY[marks[i][2]]))
    s, e, role, t, _ = marks[first]
    marks[first] = (s, e, role, t, anchor)
    return marks


def _document_view(doc: dict[str, Any]) -> dict[str, Any]:
    """What the template needs for one document: metadata, evidence and highlighted text."""
    short = short_id(doc["id"])
    marks: list[Mark] = [(r["start"], r["end"], "skipped", r["reason"], None) for r in doc["regions"]]
    for st in doc["statements"]:
        marks += _statement_marks(short, st)
    evidence = doc.get("evidence") or {}
    fields = [
        (label, doc.get(key), evidence.get(key))
        for key, label in (
            ("outlet", "Outlet"),
            ("author", "Author"),
            ("date", "Date"),
            ("language", "Language"),
        )
    ]
    return {
        "id": doc["id"],
        "short": short,
        "name": doc["name"],
        "title": doc["title"] or doc["name"] or short,
        "fields": fields,
        "url": doc.get("url"),
        "safe_url": safe_url(doc.get("url")),
        "url_evidence": evidence.get("url"),
        "title_evidence": evidence.get("title"),
        "origins": doc["origins"],
        "count": len(doc["statements"]),
        "html": highlight(doc["text"], marks),
    }


STANCE_COLOURS = {"supports": "#4f9a3a", "opposes": "#c0392b", "neither": "#9aa1ad"}
"""Bar colours of the claim timeline, one per stance (the legend uses the same)."""


def timeline_svg(timeline: list[dict[str, Any]], width: int = 640, height: int = 140) -> Markup:
    """A stacked bar per month (supports, opposes, neither) as inline SVG: no script, every text escaped."""
    if not timeline:
        return Markup("")
    stances = list(STANCE_COLOURS)
    peak = max(sum(int(t[k]) for k in stances) for t in timeline) or 1
    left, bottom, top = 28, 22, 8
    plot_w, plot_h = width - left - 4, height - bottom - top
    step = plot_w / len(timeline)
    bar = max(1.0, step * 0.8)
    out = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" aria-label="statements per month by stance">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}" stroke="#5d6677"/>',
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" font-size="10">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="10">0</text>',
    ]
    every = max(1, round(len(timeline) / 8))
    for i, t in enumerate(timeline):
        x = left + i * step + (step - bar) / 2
        y = float(top + plot_h)
        tip = escape(f"{t['month']}: " + ", ".join(f"{int(t[k])} {k}" for k in stances))
        out.append(f"<g><title>{tip}</title>")
        for k in stances:
            h = plot_h * int(t[k]) / peak
            if h > 0:
                y -= h
                out.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}"'
                    f' fill="{STANCE_COLOURS[k]}"/>'
                )
        out.append("</g>")
        if i % every == 0 or i == len(timeline) - 1:
            out.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - 6}" text-anchor="middle" font-size="10">'
                f"{escape(t['month'])}</text>"
            )
    out.append("</svg>")
    return Markup("".join(out))


def _claims_context(store: Store, min_members: int = 2) -> tuple[list[dict[str, Any]], int]:
    """Claims with at least `min_members` statements as template views, and how many smaller ones exist."""
    from quotetrail.claims import claim_view

    listed = store.claims()
    views = []
    for row in listed:
        if row["members"] < min_members:
            continue
        view = claim_view(store.claim(row["id"]))
        for m in view["members"]:
            m["anchor"] = f"doc-{short_id(m['doc_id'])}-s{m['id']}"
            m["card"] = f"{view['id']}-s{m['id']}"
        view["svg"] = timeline_svg(view["timeline"])
        view["speakers_count"] = len(row["speakers"])
        view["outlets_count"] = len(row["outlets"])
        view["first_date"], view["last_date"] = row["first_date"], row["last_date"]
        views.append(view)
    return views, len(listed) - len(views)


def report_context(store: Store, *, title: str = "quotetrail report") -> dict[str, Any]:
    """Everything the template shows, gathered from the store in one place (handy for other exporters)."""
    quotes = store.quotes()
    by_speaker: dict[int, list[dict[str, Any]]] = defaultdict(list)
    unresolved: list[dict[str, Any]] = []
    for q in quotes:
        q["anchor"] = f"doc-{short_id(q['doc_id'])}-s{q['id']}"
        if q["speaker_id"] is None:
            unresolved.append(q)
        else:
            by_speaker[q["speaker_id"]].append(q)
    speakers = store.speakers()
    for sp in speakers:
        sp["quotes"] = by_speaker.get(sp["id"], [])
    documents = [_document_view(store.document(d["id"])) for d in store.documents()]
    claims, small_claims = _claims_context(store)
    return {
        "title": title,
        "counts": store.counts(),
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
        "speakers": speakers,
        "unresolved": unresolved,
        "documents": documents,
        "claims": claims,
        "small_claims": small_claims,
        "stance_colours": STANCE_COLOURS,
    }


def render_report(store: Store, *, title: str = "quotetrail report") -> str:
    """The whole report as one HTML string with inline CSS and no external resources."""
    template = _environment().get_template("report.html.j2")
    return template.render(**report_context(store, title=title))


def write_report(store: Store, path: str | os.PathLike[str], *, title: str = "quotetrail report") -> Path:
    """Write the report atomically, so a reader never sees half a file."""
    target = Path(path)
    html = render_report(store, title=title)
    fd, tmp = tempfile.mkstemp(prefix=".quotetrail-", suffix=".html", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(html)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
