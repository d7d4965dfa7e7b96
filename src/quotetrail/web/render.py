"""An article's text as HTML with every attribution marked in place, built from the stored offsets.

The report's `highlight` does the work: it cuts the text at every span boundary, escapes each
segment, and wraps it in one mark per role (source, cue, content; boilerplate as `skipped`), so
no character of the text is ever read as markup. Each mark's title names the resolved speaker,
and a statement's first mark carries the anchor `st-ID` that the statement lists link to.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from quotetrail.report import ROLE_PRIORITY, Mark, highlight

ROLES = ("source", "cue", "content")


def statement_marks(st: dict[str, Any]) -> list[Mark]:
    """The marks of one statement; its earliest mark carries the statement's anchor."""
    who = st.get("speaker") or "unknown speaker"
    marks: list[Mark] = [
        (int(s), int(e), role, f"{role}: {who}", None)
        for role in ROLES
        for s, e in st.get(role) or []
        if e > s
    ]
    anchor = f"st-{st['id']}"
    if not marks:
        return [(0, 0, "content", who, anchor)]
    first = min(range(len(marks)), key=lambda i: (marks[i][0], -ROLE_PRIORITY[marks[i][2]]))
    s, e, role, title, _ = marks[first]
    marks[first] = (s, e, role, title, anchor)
    return marks


def document_html(text: str, regions: list[dict[str, Any]], statements: list[dict[str, Any]]) -> Markup:
    """The document's text, escaped, with boilerplate dimmed and every statement's spans marked."""
    marks: list[Mark] = [
        (int(r["start"]), int(r["end"]), "skipped", f"left out of analysis: {r['reason']}", None)
        for r in regions
    ]
    for st in statements:
        marks += statement_marks(st)
    return Markup(highlight(text, marks))


__all__ = ["document_html", "statement_marks"]
