"""Finds quotation spans by character, so multi-sentence and multi-paragraph quotes stay whole."""

from __future__ import annotations

import re

from .types import Span

DOUBLE = '"“”„«»'
OPENERS = "“„«"
CLOSERS = "”»"
_OPEN_CONTEXT = " \t\n([{—–-/:;,…"


_MARK = re.compile(r"''|[\"“”„«»]")
"""A double quotation mark, or two apostrophes standing for one (a typesetting convention)."""


def _role(text: str, i: int, width: int = 1) -> str:
    """'open', 'close' or 'either' for the double quote mark at `i`, judged by its neighbours."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + width] if i + width < len(text) else "\n"
    space_before = before in _OPEN_CONTEXT or before in "*_"
    space_after = after.isspace() or after in ".,;:!?)]}—–*_'" or after in DOUBLE
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    ch = text[i]
    if ch in OPENERS:
        return "open"
    if ch in CLOSERS:
        return "close"
    return "either"


def _paragraph_end(text: str, i: int) -> int:
    m = re.compile(r"\n\s*\n").search(text, i)
    return m.start() if m else len(text)


def find_quotes(text: str, max_paragraphs: int = 3) -> list[Span]:
    """Spans of double-quoted passages, quote marks included, in text order.

    An opening mark with no closing one before the paragraph ends runs to the paragraph's
    end when the next paragraph opens with a quote (the newswire convention for long
    quotes); otherwise the search goes on into the next paragraph (broken scraped text).
    """
    found = [(m.start(), m.end() - m.start()) for m in _MARK.finditer(text)]
    width = dict(found)
    marks = [(i, _role(text, i, w)) for i, w in found]
    spans: list[Span] = []
    k = 0
    while k < len(marks):
        i, role = marks[k]
        if role == "close":
            k += 1
            continue
        para_end = _paragraph_end(text, i)
        limit = para_end
        for _ in range(max_paragraphs - 1):
            nxt = re.compile(r"\S").search(text, limit)
            if nxt is None or text[nxt.start()] in DOUBLE or text.startswith("''", nxt.start()):
                break
            limit = _paragraph_end(text, nxt.start())
        close = None
        for j in range(k + 1, len(marks)):
            pos, r = marks[j]
            if pos > limit:
                break
            if r in ("close", "either"):
                close = j
                break
        if close is None:
            end = para_end
            spans.append((i, end))
            while k < len(marks) and marks[k][0] < end:
                k += 1
            continue
        spans.append((i, marks[close][0] + width[marks[close][0]]))
        k = close + 1
    return spans


def _letters(text: str, start: int, end: int) -> int:
    return sum(1 for ch in text[start:end] if ch.isalnum())


def quoted_letters(text: str, span: Span, quotes: list[Span]) -> float:
    """Share of the letters of `span` that fall inside quotation spans (each letter counted once)."""
    start, end = span
    total = _letters(text, start, end)
    if not total:
        return 0.0
    inside, done = 0, start
    for qs, qe in sorted(quotes):
        lo, hi = max(qs, done), min(qe, end)
        if lo < hi:
            inside += _letters(text, lo, hi)
            done = hi
    return inside / total


def quote_type(text: str, content: list[Span], quotes: list[Span]) -> str:
    """direct (content inside quotation marks), mixed (partly) or indirect, by letters quoted."""
    letters = [sum(1 for ch in text[s:e] if ch.isalnum()) for s, e in content]
    total = sum(letters)
    share = sum(quoted_letters(text, span, quotes) * n for span, n in zip(content, letters, strict=True))
    ratio = share / total if total else 0.0
    if ratio >= 0.9:
        return "direct"
    if ratio > 0.0:
        return "mixed"
    return "indirect"
