"""Learned linking of tagged spans into relations: for each cue, which content and which source.

Reads: a text and its role spans (from the tagger). Writes: relations. Three logistic models
score candidates from cheap features of the text between a cue and a candidate (distance,
newlines, sentence breaks, quotes, punctuation, competing cues); no parser is involved. On
PolNeAR dev this lifts attribution F1 over the nearest-span heuristic of `relations.group`
from 0.518 to 0.645 (research/linker).
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .relations import Relation, gap, inside, join_cue_pieces
from .types import Span

MAX_CONTENT_GAP = 400
"""Characters between a cue and a candidate content."""
MAX_SOURCE_GAP = 150
"""Characters between a cue and a candidate source."""
MAX_SECOND_FRAGMENT_GAP = 200
"""A second content fragment ('"A," he said, "B."') lies within this many characters of the cue."""

QUOTES = frozenset("\"“”‘’'«»")
_SENTENCE = re.compile(r"[.!?][\"'”’]?\s+[\"“‘]?[A-Z0-9]")
_WORD = re.compile(r"[a-z]+")
PRONOUNS = frozenset(
    ["he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "who", "which", "that"]
)

CUE_BUCKETS: tuple[frozenset[str], ...] = tuple(
    frozenset(words.split())
    for words in (
        "said says say saying",
        "told tell tells telling",
        "according",
        "added adds add adding",
        "stated states statement state",
        "noted notes note",
        "asked asks ask question",
        "wrote writes write tweeted tweet posted",
        "reported reports report reporting reportedly",
        "claimed claims claim argued argues insisted contended alleged",
        "believe believes believed think thinks thought feel feels felt want wants wanted hope hopes "
        "expect expects fear fears",
        "announced announces announce declared declares",
        "called calls call urged urges",
        "explained explains described describes",
        "shows showed show found finds suggests suggested indicated",
    )
)
"""Cue words in buckets; the bucket is a feature (the model learned, e.g., that "according" looks right)."""
_BUCKET_OF = {w: i for i, words in enumerate(CUE_BUCKETS) for w in words}


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _signed_gap(c: Span, q: Span) -> int:
    """Positive when the candidate follows the cue, negative when it precedes, 0 when they touch."""
    if c[0] >= q[1]:
        return c[0] - q[1]
    if c[1] <= q[0]:
        return -(q[0] - c[1])
    return 0


def _between(c: Span, q: Span) -> Span:
    """The stretch strictly between a candidate and the cue (empty when they overlap)."""
    if c[0] >= q[1]:
        return (q[1], c[0])
    if c[1] <= q[0]:
        return (c[1], q[0])
    edge = min(c[1], q[1])
    return (edge, edge)


def _count_in(spans: list[Span], lo: int, hi: int) -> int:
    """How many of the (sorted, disjoint) spans lie within [lo, hi]."""
    n = 0
    for k in range(bisect_left(spans, (lo, -1)), len(spans)):
        if spans[k][0] > hi:
            break
        n += spans[k][1] <= hi
    return n


def _log1(x: float) -> float:
    return math.log1p(abs(x)) * (1 if x >= 0 else -1)


def _bucket(text: str) -> list[bool]:
    """One-hot cue bucket of the cue's first known word (the last slot: none known)."""
    found = next((_BUCKET_OF[w] for w in _WORD.findall(text.lower()) if w in _BUCKET_OF), len(CUE_BUCKETS))
    return [found == i for i in range(len(CUE_BUCKETS) + 1)]


def _punctuation(between: str) -> list[bool]:
    s = between.strip()
    return [
        s == "",
        s == ",",
        s == ":",
        s in {',"', '",', ",”", "”,", ",'"},
        s.lower() == "that",
        "," in s,
        ":" in s,
        "\n" in between,
        bool(s) and all(ch in QUOTES or ch in ",.:; " for ch in s),
    ]


def _quote_edges(text: str, c: Span) -> list[bool]:
    s, e = c
    first, last = text[s : s + 1], text[max(s, e - 1) : e]
    return [
        any(ch in QUOTES for ch in text[max(0, s - 2) : s]) or first in QUOTES,
        any(ch in QUOTES for ch in text[e : e + 2]) or last in QUOTES,
        text[max(s, e - 2) : e + 1].strip()[-1:] in {".", "?", "!"} if e > s else False,
    ]


@dataclass
class _Context:
    """A document's sorted spans and the candidates of the cue being linked (ranks cached per cue)."""

    content: list[Span]
    source: list[Span]
    cue: list[Span]
    cand: list[Span]
    scand: list[Span]
    ranks: dict[tuple[Span, Span], tuple[int, int]] = field(default_factory=dict)
    source_before: bool = False
    """A source ends at most 3 characters before the cue being linked (the same for all its rows)."""
    source_after: bool = False
    """A source starts at most 3 characters after that cue."""


def _first_index(items: list[Span]) -> dict[Span, int]:
    out: dict[Span, int] = {}
    for i, x in enumerate(items):
        out.setdefault(x, i)
    return out


def _ranks(q: Span, c: Span, pool: list[Span], ctx: _Context, *, content: bool) -> tuple[int, int]:
    """Rank of c among the candidates on its side of the cue and among all, nearest first (cached)."""
    key = (q, c) if content else ((-1 - q[0], q[1]), c)
    if key not in ctx.ranks:
        for after in (True, False):
            side = sorted((x for x in pool if (x[0] >= q[1]) == after), key=lambda x: gap(x, q))
            every = sorted(
                pool,
                key=(lambda x: (gap(x, q), 0 if x[0] >= q[1] else 1, x))
                if content
                else (lambda x: (gap(x, q), x)),
            )
            side_at, every_at = _first_index(side), _first_index(every)
            for x in side:
                ctx.ranks[((q, x) if content else ((-1 - q[0], q[1]), x))] = (side_at[x], every_at[x])
    return ctx.ranks[key]


def _nearest_other_cue(c: Span, q: Span, cues: list[Span]) -> int | None:
    """Distance from c to the nearest cue other than q that c does not contain (cues sorted, disjoint)."""
    i = bisect_left(cues, (c[0], -1))
    best: int | None = None
    for j in range(i - 1, -1, -1):  # the nearest cue starting before c (never inside it)
        if cues[j] != q:
            best = gap(c, cues[j])
            break
    for k in range(i, len(cues)):  # the first cue from c's start on that c does not contain
        if cues[k] != q and not inside(cues[k], c):
            d = gap(c, cues[k])
            best = d if best is None else min(best, d)
            break
    return best


def _quote_count(s: str) -> int:
    return sum(s.count(ch) for ch in QUOTES)


def content_features(text: str, q: Span, c: Span, ctx: _Context) -> list[float]:
    """Why content candidate c might be what cue q reports (54 numbers, the model's input order)."""
    sg = _signed_gap(c, q)
    lo, hi = _between(c, q)
    btxt = text[lo:hi]
    after = c[0] >= q[1]
    rank_side, rank_all = _ranks(q, c, ctx.cand, ctx, content=True)
    nearest = _nearest_other_cue(c, q, ctx.cue)
    min_other = 1000 if nearest is None else nearest
    ntok = len(btxt.split())
    return [
        float(x)
        for x in (
            sg, _log1(sg), after, _overlap(c, q), ntok, math.log1p(ntok),
            rank_side, rank_side == 0, rank_all, rank_all == 0,
            _count_in(ctx.cue, lo, hi), _count_in(ctx.content, lo, hi), _count_in(ctx.source, lo, hi),
            btxt.count("\n"), len(_SENTENCE.findall(btxt)), _quote_count(btxt),
            *_quote_edges(text, c),
            math.log1p(c[1] - c[0]), len(text[c[0] : c[1]].split()),
            nearest is not None and min_other < gap(c, q), math.log1p(min_other),
            math.log1p(gap(c, q)) - math.log1p(min_other),
            *_punctuation(btxt),
            text[q[1] : q[1] + 6].strip().lower().startswith("that"),
            len(text[q[0] : q[1]].split()),
            ctx.source_before,
            ctx.source_after,
            len(ctx.cand),
            *_bucket(text[q[0] : q[1]]),
        )
    ]  # fmt: skip


def source_features(text: str, q: Span, s: Span, content: Span | None, ctx: _Context) -> list[float]:
    """Why source candidate s might be who said what cue q reports, given the chosen content (50 numbers)."""
    sg = _signed_gap(s, q)
    lo, hi = _between(s, q)
    btxt = text[lo:hi]
    after = s[0] >= q[1]
    rank_side, rank_all = _ranks(q, s, ctx.scand, ctx, content=False)
    others = [gap(s, x) for x in ctx.cue if x != q]
    words = text[s[0] : s[1]].lower().split()
    if content is not None:
        in_content = _overlap(s, content)
        opposite = after != (content[0] >= q[1])
        between = (q[1] <= s[0] and s[1] <= content[0]) or (content[1] <= s[0] and s[1] <= q[0])
        content_gap = gap(s, content)
    else:
        in_content, opposite, between, content_gap = False, False, False, 1000
    return [
        float(x)
        for x in (
            sg, _log1(sg), after, len(btxt.split()), rank_side, rank_side == 0, rank_all, rank_all == 0,
            _count_in(ctx.cue, lo, hi), _count_in(ctx.content, lo, hi), _count_in(ctx.source, lo, hi),
            btxt.count("\n"), len(_SENTENCE.findall(btxt)), _quote_count(btxt),
            bool(others) and min(others) < gap(s, q), math.log1p(s[1] - s[0]), len(words),
            len(words) == 1 and words[0] in PRONOUNS, text[s[0] : s[0] + 1].isupper(),
            *_punctuation(btxt),
            content is not None, in_content, opposite, between, math.log1p(content_gap),
            len(ctx.scand), *_bucket(text[q[0] : q[1]]),
        )
    ]  # fmt: skip


@dataclass(frozen=True)
class CueCandidates:
    """A cue with its content and source candidates and the content candidates' feature rows."""

    cue: Span
    contents: list[Span]
    sources: list[Span]
    rows: list[list[float]]


class Candidates:
    """A document's spans arranged for linking, so training and inference build the very same rows."""

    def __init__(self, text: str, spans: dict[str, list[Span]]) -> None:
        self.text = text
        self.cues = join_cue_pieces(text, sorted(spans.get("cue", [])))
        self._ctx = _Context(
            sorted(spans.get("content", [])), sorted(spans.get("source", [])), self.cues, [], []
        )
        self._longest = {
            "content": max((e - b for b, e in self._ctx.content), default=0),
            "source": max((e - b for b, e in self._ctx.source), default=0),
        }

    def _near(self, spans: list[Span], longest: int, q: Span, limit: int) -> list[Span]:
        """The sorted spans that may lie within `limit` characters of q (a superset, found by bisection)."""
        lo = bisect_left(spans, (q[0] - limit - longest, -1))
        hi = bisect_left(spans, (q[1] + limit + 1, -1))
        return spans[lo:hi]

    def _focus(self, q: Span) -> None:
        ctx = self._ctx
        ctx.ranks.clear()
        near_c = self._near(ctx.content, self._longest["content"], q, MAX_CONTENT_GAP)
        ctx.cand = [c for c in near_c if not inside(q, c) and gap(c, q) <= MAX_CONTENT_GAP]
        near_s = self._near(ctx.source, self._longest["source"], q, MAX_SOURCE_GAP)
        ctx.scand = [s for s in near_s if gap(s, q) <= MAX_SOURCE_GAP and not _overlap(s, q)]
        close = self._near(ctx.source, self._longest["source"], q, 3)
        ctx.source_before = any(0 <= q[0] - s[1] <= 3 for s in close)
        ctx.source_after = any(0 <= s[0] - q[1] <= 3 for s in close)

    def __iter__(self) -> Iterator[CueCandidates]:
        """The cues (pieces joined) that have a content candidate, in text order, with their rows."""
        for q in self.cues:
            self._focus(q)
            if self._ctx.cand:
                rows = [content_features(self.text, q, c, self._ctx) for c in self._ctx.cand]
                yield CueCandidates(q, self._ctx.cand, self._ctx.scand, rows)

    def source_rows(self, cue: CueCandidates, content: Span | None) -> list[list[float]]:
        """Feature rows of the cue's source candidates given the content chosen for it."""
        self._focus(cue.cue)
        return [source_features(self.text, cue.cue, s, content, self._ctx) for s in self._ctx.scand]


@dataclass(frozen=True)
class Logistic:
    """A standardised logistic model: p = sigmoid(((x - mean) / scale) . coef + intercept)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Logistic:
        mean, scale, coef = (np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef"))
        return cls(mean, scale, coef, float(data["intercept"]))

    def proba(self, x: list[list[float]]) -> np.ndarray:
        """Probability of each row being the right candidate."""
        z = ((np.asarray(x, dtype=np.float64) - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class Forest:
    """Gradient-boosted trees evaluated in numpy: p = sigmoid(baseline + sum of the leaves reached).

    A sample goes left at a node when its feature is <= the threshold (scikit-learn's convention for
    the exported HistGradientBoosting models; the features never hold NaN).
    """

    baseline: float
    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    leaf: np.ndarray
    value: np.ndarray

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Forest:
        ints = {k: np.asarray(data[k], dtype=np.int64) for k in ("roots", "feature", "left", "right")}
        return cls(
            float(data["baseline"]),
            ints["roots"],
            ints["feature"],
            np.asarray(data["threshold"], dtype=np.float64),
            ints["left"],
            ints["right"],
            np.asarray(data["leaf"], dtype=bool),
            np.asarray(data["value"], dtype=np.float64),
        )

    def proba(self, x: list[list[float]]) -> np.ndarray:
        """Probability of each row being the right candidate (only unfinished paths advance each step)."""
        rows = np.asarray(x, dtype=np.float64)
        n, trees = len(rows), len(self.roots)
        node = np.tile(self.roots, n)
        row = np.repeat(np.arange(n), trees)
        active = np.nonzero(~self.leaf[node])[0]
        while active.size:
            at = node[active]
            go_left = rows[row[active], self.feature[at]] <= self.threshold[at]
            step = np.where(go_left, self.left[at], self.right[at])
            node[active] = step
            active = active[~self.leaf[step]]
        raw = self.baseline + self.value[node].reshape(n, trees).sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))


def _model(data: dict[str, Any]) -> Logistic | Forest:
    return Forest.from_json(data) if data.get("kind") == "forest" else Logistic.from_json(data)


@dataclass(frozen=True)
class Linker:
    """The three models (content, second fragment, source) and their decision thresholds."""

    content: Logistic | Forest
    part: Logistic | Forest
    source: Logistic | Forest
    min_content: float = 0.25
    min_source: float = 0.2
    min_part: float | None = 0.5

    @classmethod
    def load(cls, path: Path) -> Linker:
        data = json.loads(path.read_text("utf-8"))
        th = data.get("thresholds", {})
        return cls(
            _model(data["content"]),
            _model(data["part"]),
            _model(data["source"]),
            float(th.get("tc", 0.25)),
            float(th.get("ts", 0.2)),
            None if th.get("t2") is None else float(th["t2"]),
        )

    def link(self, text: str, spans: dict[str, list[Span]]) -> list[Relation]:
        """Relations of a document: per cue the likeliest content (or none: no relation) and source."""
        return decode(self.score(text, spans), self.min_content, self.min_source, self.min_part)

    def score(self, text: str, spans: dict[str, list[Span]], *, every: bool = False) -> list[CueScores]:
        """The models' probabilities for every cue with a content candidate (three model calls in all).

        Sources are scored given the cue's likeliest content, and only for cues whose content passes
        `min_content` unless `every` is set (threshold tuning needs them all, and the part scores too).
        """
        doc = Candidates(text, spans)
        cues = list(doc)
        rows = [row for cue in cues for row in cue.rows]
        if not rows:
            return []
        p_all = self.content.proba(rows)
        pp_all = self.part.proba(rows) if every or self.min_part is not None else None
        source_rows: list[list[float]] = []
        firsts: list[tuple[int, int | None]] = []  # first content row; first source row (None: unscored)
        first = 0
        for cue in cues:
            n = len(cue.contents)
            p = p_all[first : first + n]
            best = int(np.argmax(p))
            lead: Span | None = cue.contents[best]
            if not every and p[best] < self.min_content:
                part = None if pp_all is None else pp_all[first : first + n]
                split = _split_quote(CueScores(cue.cue, cue.contents, p, part, [], None), self.min_part)
                lead = None if split is None else split[2]
            if lead is not None:
                firsts.append((first, len(source_rows)))
                source_rows.extend(doc.source_rows(cue, lead))
            else:
                firsts.append((first, None))
            first += n
        ps_all = self.source.proba(source_rows) if source_rows else np.zeros(0)
        out = []
        for cue, (first, sfirst) in zip(cues, firsts, strict=True):
            n = len(cue.contents)
            out.append(
                CueScores(
                    cue.cue,
                    cue.contents,
                    p_all[first : first + n],
                    None if pp_all is None else pp_all[first : first + n],
                    cue.sources,
                    None if sfirst is None else ps_all[sfirst : sfirst + len(cue.sources)],
                )
            )
        return out


@dataclass(frozen=True)
class CueScores:
    """One cue's candidates with the models' probabilities (sources scored given the likeliest content)."""

    cue: Span
    contents: list[Span]
    full: np.ndarray
    part: np.ndarray | None
    sources: list[Span]
    source: np.ndarray | None
    """None when not scored: the cue's best content is below the content threshold."""


def decode(
    scores: list[CueScores],
    min_content: float,
    min_source: float,
    min_part: float | None,
    *,
    dedupe: bool = True,
) -> list[Relation]:
    """Relations from scored cues under given thresholds (split from scoring so thresholds can be tuned).

    `dedupe=False` keeps every cue's relation, even two claiming the same content (tuning only).
    """
    scored: list[tuple[float, Relation]] = []
    for cs in scores:
        q, cands, p = cs.cue, cs.contents, cs.full
        best = int(np.argmax(p))
        if p[best] < min_content:
            split = _split_quote(cs, min_part)
            if split is None:
                continue
            confidence, frags, _ = split
            scored.append((confidence, _with_source(cs, frags, min_source)))
            continue
        content = cands[best]
        frags = [content]
        if cs.part is not None and min_part is not None:
            pp = cs.part
            after = content[0] >= q[1]
            other = [
                (float(pp[j]), c)
                for j, c in enumerate(cands)
                if (c[0] >= q[1]) != after and pp[j] >= min_part and gap(c, q) <= MAX_SECOND_FRAGMENT_GAP
            ]
            if other:
                frags.append(max(other)[1])
        scored.append((float(p[best]), _with_source(cs, frags, min_source)))
    return _one_per_content(scored) if dedupe else [rel for _, rel in scored]


def _split_quote(cs: CueScores, min_part: float | None) -> tuple[float, list[Span], Span] | None:
    """'"A," she said. "B."': no whole content is likely, but one part on each side of the cue is.

    Each piece alone is only half the content, so neither passes the whole-content threshold; the
    part model still knows them. Returns (the likelier part's score, both pieces, the likelier
    piece, which the source model reads as the content) or None.
    """
    if cs.part is None or min_part is None:
        return None
    q = cs.cue
    sides: list[tuple[float, Span]] = []
    for after in (False, True):
        near = [
            (float(cs.part[j]), c)
            for j, c in enumerate(cs.contents)
            if (c[0] >= q[1]) == after and cs.part[j] >= min_part and gap(c, q) <= MAX_SECOND_FRAGMENT_GAP
        ]
        if not near:
            return None
        sides.append(max(near))
    score, lead = max(sides)
    return score, sorted(c for _, c in sides), lead


def _with_source(cs: CueScores, frags: list[Span], min_source: float) -> Relation:
    """The relation of a cue and its content fragments, with the likeliest source outside them."""
    ps = cs.source if cs.source is not None else np.zeros(len(cs.sources))
    free = [j for j, s in enumerate(cs.sources) if not any(_overlap(s, f) for f in frags)]
    source = None
    if free:
        pick = max(free, key=lambda j: ps[j])
        if ps[pick] >= min_source:
            source = cs.sources[pick]
    return {"source": [source] if source else [], "cue": [cs.cue], "content": sorted(frags)}


def _one_per_content(scored: list[tuple[float, Relation]]) -> list[Relation]:
    """Two cues claiming the same content: keep the likelier relation (the first on ties)."""
    best: dict[tuple[Span, ...], tuple[float, Relation]] = {}
    for p, rel in scored:
        key = tuple(rel["content"])
        if key not in best or p > best[key][0]:
            best[key] = (p, rel)
    return [rel for _, rel in best.values()]


__all__ = [
    "Candidates",
    "CueCandidates",
    "CueScores",
    "Forest",
    "Linker",
    "Logistic",
    "content_features",
    "decode",
    "source_features",
]
