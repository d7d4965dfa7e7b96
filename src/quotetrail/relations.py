"""Role spans -> attribution relations: decoding a tagger's BIO tags and grouping spans around cues.

Reads: per-token tags (or role spans) of a text. Writes: relations of source, cue and content
spans. A trained tagger marks which words are sources, cues and contents; this module decides
which of them belong together. Grouping is cue-anchored: each cue takes the nearest content that
does not contain it (preferring one after the cue), and the nearest source within reach that lies
outside that content. With gold role spans on PolNeAR dev this grouping reaches an attribution F1
of 0.865, the ceiling for any tagger feeding it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .types import Span

ROLES = ("source", "cue", "content")
O, B, I = 0, 1, 2  # noqa: E741 - the usual names of BIO tags

MAX_SOURCE_GAP = 80
"""Characters between a cue and its source beyond which they are not paired."""

MAX_CONTENT_GAP = 200
"""Characters between a cue and its content beyond which they are not paired."""

Relation = dict[str, list[Span]]


def decode_bio(offsets: Sequence[tuple[int, int]], tags: Sequence[int]) -> list[Span]:
    """Character spans of a BIO tag sequence; a B on a word-piece glued to the previous one continues it."""
    spans: list[Span] = []
    cur: Span | None = None
    for (start, end), tag in zip(offsets, tags, strict=True):
        if tag == O:
            if cur is not None:
                spans.append(cur)
                cur = None
            continue
        if cur is not None and (tag == I or start == cur[1]):
            cur = (cur[0], end)
        else:
            if cur is not None:
                spans.append(cur)
            cur = (start, end)
    if cur is not None:
        spans.append(cur)
    return spans


def gap(a: Span, b: Span) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def inside(a: Span, b: Span) -> bool:
    """Whether span a lies within span b."""
    return b[0] <= a[0] and a[1] <= b[1]


def join_cue_pieces(text: str, cues: list[Span]) -> list[Span]:
    """Cue pieces separated by one space ("further" + "asserted") are one cue."""
    joined: list[Span] = []
    for cue in sorted(cues):
        if joined and 0 <= cue[0] - joined[-1][1] <= 1 and not text[joined[-1][1] : cue[0]].strip():
            joined[-1] = (joined[-1][0], max(joined[-1][1], cue[1]))
        else:
            joined.append(cue)
    return joined


SOURCE_JOIN_GAP = 12
"""At most this many characters of lower-case words may separate two pieces of one source mention."""
_JOINABLE = re.compile(r"[\s,]*(?:[a-z]+[\s,]+){0,2}")


def extend_sources(text: str, relations: list[Relation], sources: list[Span]) -> list[Relation]:
    """A relation's source grown leftwards over the tagged source pieces just before it: a name the
    tagger split at a relative clause ("Jane Roe, a councillor for the ward," + "where ... stands,")
    is one mention, so the name is kept with its clause."""
    ordered = sorted(sources)
    out: list[Relation] = []
    for rel in relations:
        src = list(rel["source"])
        if src:
            start, end = src[0]
            for piece in reversed(ordered):
                if piece[1] > start or start - piece[1] > SOURCE_JOIN_GAP:
                    continue
                if _JOINABLE.fullmatch(text, piece[1], start):
                    start = piece[0]
            src[0] = (start, end)
        out.append({**rel, "source": src})
    return out


def group(
    spans: dict[str, list[Span]],
    text: str | None = None,
    *,
    max_source_gap: int = MAX_SOURCE_GAP,
    max_content_gap: int = MAX_CONTENT_GAP,
) -> list[Relation]:
    """Relations around each cue: its nearest content (after it on ties) and nearest outside source.

    With the text, cue pieces split by a space are joined first (worth about a point of F1 on dev).
    """
    relations: list[Relation] = []
    contents = sorted(spans.get("content", []))
    sources = sorted(spans.get("source", []))
    cues = sorted(spans.get("cue", []))
    if text is not None:
        cues = join_cue_pieces(text, cues)
    for cue in cues:
        candidates = [c for c in contents if not inside(cue, c)]
        if not candidates:
            continue
        content = min(candidates, key=lambda c: (gap(c, cue), 0 if c[0] >= cue[1] else 1, c))
        if gap(content, cue) > max_content_gap:
            continue
        near = [s for s in sources if not inside(s, content) and gap(s, cue) <= max_source_gap]
        source = min(near, key=lambda s: (gap(s, cue), s)) if near else None
        relations.append({"source": [source] if source else [], "cue": [cue], "content": [content]})
    return relations


__all__ = [
    "MAX_CONTENT_GAP",
    "MAX_SOURCE_GAP",
    "ROLES",
    "Relation",
    "decode_bio",
    "gap",
    "group",
    "inside",
    "join_cue_pieces",
]
