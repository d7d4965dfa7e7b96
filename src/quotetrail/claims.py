"""Statements -> claims: statements that assert the same thing grouped, labelled, with stable ids.

Reads: unit vectors of the statements' content (the speaker's words, embed.py) in stored order.
Writes: groups of statement indices with a label member and a `cl-` id.

How statements group (nothing quadratic in their number):
1. Stories: each document's vector is the mean of its statements' vectors; documents join (2-3
   below, on those vectors) at STORY_THRESHOLD. A claim lives inside one story: two stories'
   statements may share an aspect ("there was no consultation") but not a proposition.
2. Inside each story, CENTRE x the story's mean vector is taken from each statement's vector. The
   propositions of one story share its words, so their raw cosines are all alike; the direction
   they share is the story's mean, and what is left tells them apart (research/claims_graph/stories.py).
3. k nearest neighbours of every statement: usearch's HNSW index (approximate) for large sets,
   exact numpy search for small ones (`method`).
4. Edges at or above the threshold, strongest first, join groups (Kruskal), but only when
   the **average** cosine between the two groups is at or above the threshold too. The average of
   all cross pairs is sum(A) . sum(B) / (|A| |B|) for unit vectors, so the guard costs one dot
   product per edge. Single-link components chain ("A like B like C" puts A with C however far
   apart); the average-link guard stops the chain, and unlike a leader method no statement's
   arrival order decides the groups (`group`; 1-4 are `group_in_stories`).

Ids and labels: a claim is `cl-` + sha256 of its founding statement's stable key (the earliest
stored member when it formed) and keeps that id while statements join it in later runs; a full
regroup (a new threshold) gives a group the id of an earlier claim whose founder it contains.
The label is the most central member (highest cosine to the group's mean) when the claim forms;
it stays while the claim grows, so members' stances stay relative to one fixed statement.

Stance: a stance model (in `quotetrail run`, stance.agreement_model) reads each member against the
label statement; then one speaker's members
of one claim take one side (`pool_by_speaker`), the side their readings lean to in sum.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

DEFAULT_THRESHOLD = 0.10
"""Cosine of story-centred vectors (see the module docstring) at which two statements of one story, and
two groups on average, are one claim: with STORY_THRESHOLD and CENTRE chosen on the annotated news dev
sets (research/claims_graph/stories.py)."""
STORY_THRESHOLD = 0.75
"""Cosine of two documents' mean statement vectors (two groups' on average) at which they are one story."""
CENTRE = 0.85
"""Share of its story's mean vector taken from each statement's vector before claims are grouped ..."""
CENTRE_AFTER = 2
"""... times n / (n + CENTRE_AFTER) for a story of n statements: a few statements' mean is their own claim
more than their story's topic, so a small story is centred less (three statements that say one thing
must not fall apart once their shared meaning is taken away)."""
GROUPING = f"stories{STORY_THRESHOLD:g}-centre{CENTRE:g}/{CENTRE_AFTER}"
"""The grouping method as stored with claims: a change regroups a store grouped another way."""
K_NEIGHBOURS = 12
"""Neighbours per statement in the graph; a claim larger than this still forms through its members' edges."""
EXACT_LIMIT = 25_000_000
"""Exact search while queries x indexed vectors stays under this many dot products; usearch beyond."""
MIN_WORDS = 3
"""Statements with fewer words ("No.", "Absolutely") say too little to group."""
LABEL_CHARS = 160
STANCES = ("supports", "opposes", "neither")

_WORD = re.compile(r"\w+")
_QUOTES = "\"'“”‘’«»„‟‹›"


class Encoder(Protocol):
    """What grouping needs from a sentence encoder (embed.Encoder is one)."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


Predict = Callable[[list[tuple[str, str]]], list[tuple[str, float]]]
"""(claim, statement) pairs -> (stance, score) each: stance.StanceModel.predict."""


# -- statement text and keys --------------------------------------------------------------------------


def claim_text(content_text: str) -> str:
    """The words to embed: the content with its fragments joined and outer quotation marks dropped."""
    text = " ".join(content_text.replace(" … ", " ").split())
    return text.strip(_QUOTES + " ").strip()


def groupable(content_text: str) -> bool:
    """Whether a statement says enough to group (at least MIN_WORDS words)."""
    return len(_WORD.findall(content_text)) >= MIN_WORDS


def statement_key(doc_id: str, content: Sequence[Sequence[int]] | str) -> str:
    """A statement's stable key: its document and content spans (row ids change when a document is redone)."""
    spans = content if isinstance(content, str) else json.dumps([[int(s), int(e)] for s, e in content])
    spans = json.dumps(json.loads(spans or "[]"), separators=(",", ":"))
    return f"{doc_id}:{spans}"


def content_hash(text: str) -> str:
    """The embedding cache key of a text (with the model's sha): equal quotes in reprints embed once."""
    return hashlib.sha256(claim_text(text).encode("utf-8")).hexdigest()


def claim_id(founder_key: str) -> str:
    """`cl-` and 12 hex digits of the founding statement's stable key."""
    return "cl-" + hashlib.sha256(founder_key.encode("utf-8")).hexdigest()[:12]


def is_claim_id(value: str) -> bool:
    """Whether a command-line argument looks like a claim id (else it is a claim in the user's words)."""
    return re.fullmatch(r"cl-[0-9a-f]{4,12}", value.strip()) is not None


def trim_label(text: str, limit: int = LABEL_CHARS) -> str:
    """A label from a statement: one line, quotation marks dropped, cut at a word with an ellipsis."""
    text = claim_text(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def model_key(encoder: Any) -> str:
    """The cache key of an encoder's vectors: its model's sha256, else its class name."""
    config = getattr(encoder, "config", None) or {}
    sha = config.get("model_sha256") or (config.get("onnx") or {}).get("sha256")
    return str(sha or getattr(encoder, "sha256", None) or type(encoder).__name__)


# -- nearest neighbours -------------------------------------------------------------------------------


def _normalised(vectors: np.ndarray) -> np.ndarray:
    """Contiguous float32 unit rows (no copy when they already are)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    if np.all(np.abs(norms - 1.0) < 1e-4):
        return vectors
    return vectors / np.maximum(norms, 1e-12)


def knn_exact(
    vectors: np.ndarray, queries: np.ndarray, k: int, block: int = 1024
) -> tuple[np.ndarray, np.ndarray]:
    """For each query row (an index into vectors), its k most similar other rows and their cosines."""
    n = len(vectors)
    k = max(0, min(k, n - 1))
    idx = np.full((len(queries), k), -1, dtype=np.int64)
    sims = np.full((len(queries), k), -np.inf, dtype=np.float32)
    if k == 0:
        return idx, sims
    for b in range(0, len(queries), block):
        q = queries[b : b + block]
        s = vectors[q] @ vectors.T
        s[np.arange(len(q)), q] = -np.inf  # not its own neighbour
        top = np.argpartition(-s, k - 1, axis=1)[:, :k] if k < n else np.argsort(-s, axis=1)[:, :k]
        idx[b : b + len(q)] = top
        sims[b : b + len(q)] = np.take_along_axis(s, top, axis=1)
    return idx, sims


def knn_ann(
    vectors: np.ndarray, queries: np.ndarray, k: int, threads: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """knn_exact's answer from a usearch HNSW index (approximate, linear-log in the number of vectors)."""
    from usearch.index import Index

    n, dim = vectors.shape
    k = max(0, min(k, n - 1))
    if k == 0:
        return np.full((len(queries), 0), -1, np.int64), np.full((len(queries), 0), -np.inf, np.float32)
    # half-precision storage and a sparser graph build 4x faster than the defaults; neighbours above the
    # threshold are easy to find (recall 0.999 on bench/claims_cluster.py data), and their cosines are
    # computed again in float32 below, so the threshold means the same as in exact search
    index = Index(ndim=dim, metric="ip", dtype="f16", connectivity=12, expansion_add=48)
    index.add(np.arange(n, dtype=np.uint64), vectors, threads=threads)
    found = index.search(vectors if len(queries) == n else vectors[queries], k + 1, threads=threads)
    keys = np.asarray(found.keys, dtype=np.int64).reshape(len(queries), -1)
    counts = np.asarray(getattr(found, "counts", [keys.shape[1]] * len(queries))).reshape(-1)
    valid = (np.arange(keys.shape[1])[None, :] < counts[:, None]) & (keys != queries[:, None])
    keys = np.where(valid, keys, -1)
    sims = np.full(keys.shape, -np.inf, dtype=np.float32)
    for b in range(0, len(queries), 4096):
        rows = slice(b, b + 4096)
        near = vectors[np.maximum(keys[rows], 0)]  # (block, k + 1, dim)
        exact = np.einsum("bd,bkd->bk", vectors[queries[rows]], near)
        sims[rows] = np.where(valid[rows], exact, -np.inf)
    order = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(keys, order, axis=1), np.take_along_axis(sims, order, axis=1)


def neighbours(
    vectors: np.ndarray, queries: np.ndarray, k: int, method: str = "auto"
) -> tuple[np.ndarray, np.ndarray]:
    """k nearest neighbours by `method`: exact, ann (usearch), or auto (exact while it is small)."""
    if method not in ("auto", "exact", "ann"):
        raise ValueError(f"unknown neighbour search {method!r}")
    if method == "auto":
        method = "exact" if len(vectors) * len(queries) <= EXACT_LIMIT else "ann"
    return (knn_ann if method == "ann" else knn_exact)(vectors, queries, k)


# -- grouping -----------------------------------------------------------------------------------------


def _root(parent: list[int], i: int) -> int:
    """Union-find: the root of i's set, halving the path on the way."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def group(
    vectors: np.ndarray,
    threshold: float,
    *,
    initial: Sequence[int] | np.ndarray | None = None,
    k: int = K_NEIGHBOURS,
    method: str = "auto",
    on_stage: Callable[[str], None] | None = None,
) -> np.ndarray:
    """A group number per row (0, 1, ... in order of first member) by average-link-guarded k-NN edges.

    `initial` holds a group per row (>= 0) for rows already grouped, -1 for new rows: earlier groups
    keep their members and never merge with each other; only new rows search neighbours and join.
    """
    vectors = _normalised(vectors)
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    init = np.full(n, -1, dtype=np.int64) if initial is None else np.asarray(initial, dtype=np.int64)
    parent = list(range(n))
    size = [1] * n
    sums: dict[int, np.ndarray] = {}
    locked = [False] * n

    first_of: dict[int, int] = {}
    for i in np.flatnonzero(init >= 0).tolist():
        g = int(init[i])
        if g not in first_of:
            first_of[g] = i
            sums[i] = vectors[i].astype(np.float64)
            locked[i] = True
        else:
            root = first_of[g]
            parent[i] = root
            size[root] += 1
            sums[root] += vectors[i]
    queries = np.flatnonzero(init < 0)
    if on_stage:
        on_stage(f"neighbours of {len(queries)} statements among {n}")
    idx, sims = neighbours(vectors, queries, k, method)
    rows = np.repeat(queries, idx.shape[1])
    cols, vals = idx.reshape(-1), sims.reshape(-1)
    keep = (cols >= 0) & (vals >= threshold)
    rows, cols, vals = rows[keep], cols[keep], vals[keep]
    lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
    order = np.lexsort((hi, lo, -vals))  # strongest first; ties in a fixed order
    if on_stage:
        on_stage(f"joining along {len(order)} edges")
    for e in order.tolist():
        a, b = _root(parent, int(lo[e])), _root(parent, int(hi[e]))
        if a == b or (locked[a] and locked[b]):
            continue
        sa = sums[a] if a in sums else vectors[a]
        sb = sums[b] if b in sums else vectors[b]
        if float(np.dot(sa, sb)) < threshold * size[a] * size[b]:
            continue  # the average cross-pair cosine is below the threshold: no chaining
        if size[a] < size[b] or (size[a] == size[b] and b < a):
            a, b = b, a
        parent[b] = a
        size[a] += size[b]
        sums[a] = sa + sb
        sums.pop(b, None)
        locked[a] = locked[a] or locked[b]
    roots = [_root(parent, i) for i in range(n)]
    numbers: dict[int, int] = {}
    return np.asarray([numbers.setdefault(r, len(numbers)) for r in roots], dtype=np.int64)


def stories(
    vectors: np.ndarray,
    docs: Sequence[str],
    threshold: float = STORY_THRESHOLD,
    *,
    k: int = K_NEIGHBOURS,
    method: str = "auto",
) -> np.ndarray:
    """A story number per row: its document's group, documents grouped by their statements' mean vector."""
    names = list(dict.fromkeys(docs))
    at = {d: i for i, d in enumerate(names)}
    of_row = np.asarray([at[d] for d in docs], dtype=np.int64)
    means = np.zeros((len(names), vectors.shape[1]), dtype=np.float64)
    np.add.at(means, of_row, vectors)
    return group(means.astype(np.float32), threshold, k=k, method=method)[of_row]


def group_in_stories(
    vectors: np.ndarray,
    threshold: float,
    docs: Sequence[str] | None = None,
    *,
    initial: Sequence[int] | np.ndarray | None = None,
    story_threshold: float = STORY_THRESHOLD,
    centre: float = CENTRE,
    centre_after: int = CENTRE_AFTER,
    k: int = K_NEIGHBOURS,
    method: str = "auto",
    on_stage: Callable[[str], None] | None = None,
) -> np.ndarray:
    """A group number per row (0, 1, ... in order of first member): `group` inside each story (`stories`
    of `docs`; one story without them), on story-centred vectors. `initial` as in `group`; an earlier
    group's rows always share one story."""
    vectors = _normalised(vectors)
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    init = np.full(n, -1, dtype=np.int64) if initial is None else np.asarray(initial, dtype=np.int64)
    if on_stage:
        on_stage(f"stories of {len(set(docs)) if docs is not None else 1} documents")
    story = np.zeros(n, dtype=np.int64)
    if docs is not None:
        story = stories(vectors, docs, story_threshold, k=k, method=method)
    # an earlier claim whose documents now fall in two stories keeps its members: the stories become one
    parent = list(range(int(story.max()) + 1))

    story_of_claim: dict[int, int] = {}
    for i in np.flatnonzero(init >= 0).tolist():
        s = _root(parent, int(story[i]))
        other = _root(parent, story_of_claim.setdefault(int(init[i]), s))
        if other != s:
            parent[s] = other
    blocks = np.asarray([_root(parent, int(s)) for s in story], dtype=np.int64)
    order = np.argsort(blocks, kind="stable")
    starts = np.flatnonzero(np.r_[True, blocks[order][1:] != blocks[order][:-1]]).tolist()
    if on_stage:
        on_stage(f"claims inside {len(starts)} stories")
    raw = np.zeros(n, dtype=np.int64)
    taken = 0
    for b, start in enumerate(starts):
        idx = order[start : starts[b + 1] if b + 1 < len(starts) else n]
        if len(idx) == 1:
            raw[idx] = taken
            taken += 1
            continue
        share = centre * len(idx) / (len(idx) + centre_after)
        centred = _normalised(vectors[idx] - share * vectors[idx].mean(axis=0))
        sub = group(centred, threshold, initial=init[idx], k=k, method=method)
        raw[idx] = taken + sub
        taken += int(sub.max()) + 1
    numbers: dict[int, int] = {}
    return np.asarray([numbers.setdefault(int(r), len(numbers)) for r in raw], dtype=np.int64)


def central(vectors: np.ndarray, members: Sequence[int]) -> int:
    """The member nearest the group's mean (the earliest on a tie): the claim's label."""
    vs = _normalised(vectors[list(members)])
    scores = vs @ vs.sum(axis=0)
    return int(members[int(np.argmax(scores))])


@dataclass
class ClaimGroup:
    """One claim after grouping: its id, member row indices, label row, founding key and whether it is new."""

    id: str
    members: list[int]
    label: int
    founder: str
    new: bool = True
    joined: list[int] = field(default_factory=list)
    """Members that were not in this claim before (all of them for a new claim)."""


def form_claims(
    keys: Sequence[str],
    vectors: np.ndarray,
    threshold: float,
    *,
    assigned: Sequence[str | None] | None = None,
    labels: Mapping[str, int] | None = None,
    founders: Mapping[str, str] | None = None,
    docs: Sequence[str] | None = None,
    k: int = K_NEIGHBOURS,
    method: str = "auto",
    on_stage: Callable[[str], None] | None = None,
) -> list[ClaimGroup]:
    """Claims of statements given in stored order (stable `keys`, unit `vectors`, their documents `docs`).

    Incremental: `assigned` gives each row's current claim id (None for new rows) and `labels` each
    claim's label row; those claims keep id, label and members. Full regroup: leave `assigned` out and
    pass the earlier claims' `founders` (id -> founding key) so a group containing one keeps its id.
    """
    n = len(keys)
    assigned = list(assigned) if assigned is not None else [None] * n
    old_ids = sorted({a for a in assigned if a is not None})
    number = {cid: i for i, cid in enumerate(old_ids)}
    initial = np.asarray([number[a] if a is not None else -1 for a in assigned], dtype=np.int64)
    groups = group_in_stories(
        vectors, threshold, docs, initial=initial, k=k, method=method, on_stage=on_stage
    )
    members: dict[int, list[int]] = {}
    for i, g in enumerate(groups.tolist()):
        members.setdefault(g, []).append(i)
    row_of_key = {key: i for i, key in enumerate(keys)}
    founders = founders or {}
    alive = set(old_ids)
    founded_at = {row_of_key[f]: cid for cid, f in founders.items() if f in row_of_key and cid not in alive}
    taken: set[str] = set()
    claims: list[ClaimGroup] = []
    for rows in members.values():
        old = sorted({a for i in rows if (a := assigned[i]) is not None})
        if old:  # an earlier claim grew (earlier claims never merge)
            cid = old[0]
            label = (labels or {}).get(cid)
            if label is None or label not in rows:
                label = central(vectors, rows)
            joined = [i for i in rows if assigned[i] is None]
            claims.append(ClaimGroup(cid, rows, label, founders.get(cid, keys[rows[0]]), False, joined))
            taken.add(cid)
            continue
        kept = [(i, founded_at[i]) for i in rows if i in founded_at and founded_at[i] not in taken]
        if kept:  # a regroup: the group holds an earlier claim's founder, so it keeps that id
            row, cid = kept[0]
        else:
            row = rows[0]
            cid, n = claim_id(keys[row]), 1
            while cid in alive or cid in taken:  # the founder's old claim lives on elsewhere
                cid, n = claim_id(f"{keys[row]}#{n}"), n + 1
        claims.append(ClaimGroup(cid, rows, central(vectors, rows), keys[row], True, list(rows)))
        taken.add(cid)
    return claims


def stance_pairs(
    claims: Sequence[ClaimGroup], texts: Sequence[str], everyone: bool = False
) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
    """(label text, member text) pairs for the stance model, and (claim number, row) for each pair.

    Only members that joined in this step, unless `everyone`; the label member itself needs no model.
    """
    pairs: list[tuple[str, str]] = []
    where: list[tuple[int, int]] = []
    for c, claim in enumerate(claims):
        for row in claim.members if everyone else claim.joined:
            if row != claim.label:
                pairs.append((claim_text(texts[claim.label]), claim_text(texts[row])))
                where.append((c, row))
    return pairs, where


def speaker_key(row: Mapping[str, Any]) -> str | None:
    """Who a statement is by, for pooling: the cross-document speaker, else the in-document name; None
    for statements whose speaker was not resolved (they are never pooled)."""
    if row.get("speaker_id") is not None:
        return f"id:{row['speaker_id']}"
    name = (row.get("speaker_name") or "").strip().lower()
    return f"name:{name}" if name else None


def pool_by_speaker(
    votes: Sequence[tuple[str, float]], speakers: Sequence[str | None], fixed: Sequence[bool] = ()
) -> list[tuple[str, float]]:
    """One stance per speaker inside one claim: the side of the sum of their members' signed margins.

    A speaker rarely takes both sides of one proposition (one of 52 speaker-claim pairs does in the
    annotated news1 and sample sets), while the stance model misreads single statements often; so a
    speaker's statements vote together. A vote is (stance, confidence); its margin is confidence - 0.5,
    signed by side, 0 for `neither` (which is never changed). A pooled member's score is 0.5 plus the
    group's mean margin, so the stored scores sum back to the same total when the claim grows later.
    `fixed` members (the label, which supports itself) vote but keep their own stance.
    """
    sign = {"supports": 1.0, "opposes": -1.0}
    total: dict[str, float] = {}
    count: dict[str, int] = {}
    for (stance, score), who in zip(votes, speakers, strict=True):
        if who is not None and stance in sign:
            total[who] = total.get(who, 0.0) + sign[stance] * (float(score) - 0.5)
            count[who] = count.get(who, 0) + 1
    out: list[tuple[str, float]] = []
    for i, ((stance, score), who) in enumerate(zip(votes, speakers, strict=True)):
        t, n = (total.get(who, 0.0), count.get(who, 0)) if who is not None else (0.0, 0)
        if stance not in sign or t == 0.0 or n < 2 or (i < len(fixed) and fixed[i]):
            out.append((stance, score))
        else:
            out.append(("supports" if t > 0 else "opposes", round(0.5 + abs(t) / n, 4)))
    return out


# -- with the store: the claim step of `quotetrail run`, regrouping, free-text claims ------------------


@dataclass
class Vectors:
    """The groupable statements in stored order (with `key` and `hash` added), their vectors, and how
    many texts had to be encoded (the rest came from the cache)."""

    rows: list[dict[str, Any]]
    matrix: np.ndarray
    encoded: int


@dataclass
class ClaimStep:
    """What one claim step did, for the run summary."""

    statements: int = 0
    encoded: int = 0
    claims: int = 0
    new_claims: int = 0
    joined: int = 0
    threshold: float = DEFAULT_THRESHOLD
    regrouped: bool = False


def statement_vectors(
    store: Any, enc: Encoder, say: Callable[[str], None] | None = None, batch: int = 256
) -> Vectors:
    """The groupable statements in stored order and their vectors; only texts not cached are encoded."""
    rows = [r for r in store.claim_statements() if groupable(r["content_text"])]
    model = model_key(enc)
    hashes = [content_hash(r["content_text"]) for r in rows]
    unique = list(dict.fromkeys(hashes))
    cached = store.embeddings(model, unique)
    missing = [h for h in unique if h not in cached]
    text_of = {h: claim_text(r["content_text"]) for h, r in zip(hashes, rows, strict=True)}
    for b in range(0, len(missing), batch):
        chunk = missing[b : b + batch]
        if say:
            say(f"encoding statements: {b + len(chunk)} of {len(missing)}")
        vecs = np.asarray(enc.encode([text_of[h] for h in chunk]), dtype="<f4")
        blobs = [(h, v.tobytes()) for h, v in zip(chunk, vecs, strict=True)]
        store.save_embeddings(model, blobs)
        cached.update(blobs)
    dim = len(cached[unique[0]]) // 4 if unique else 384
    vectors = np.zeros((len(rows), dim), dtype=np.float32)
    for i, h in enumerate(hashes):
        vectors[i] = np.frombuffer(cached[h], dtype="<f4")
    for r, h in zip(rows, hashes, strict=True):
        r["key"] = statement_key(r["doc_id"], r["content"])
        r["hash"] = h
    return Vectors(rows, vectors, len(missing))


def update_claims(
    store: Any,
    enc: Encoder,
    predict: Predict,
    *,
    threshold: float | None = None,
    regroup: bool = False,
    method: str = "auto",
    say: Callable[[str], None] | None = None,
    stance_key: str | None = None,
) -> ClaimStep:
    """Group the store's statements into claims: new statements join existing claims or found new ones.

    Everything is regrouped (ids kept through founders) when asked, when `threshold` differs from the
    stored claims', or when the encoder or the stance model (`stance_key`, e.g. its sha256) changed;
    otherwise only statements without a claim move.
    """
    existing = store.claim_rows()
    stored = {float(c["threshold"]) for c in existing}
    models = {c["model"] for c in existing}
    grouped_by = model_key(enc) + f"+{GROUPING}" + (f"+{stance_key}" if stance_key else "")
    if threshold is None:
        threshold = next(iter(stored)) if len(stored) == 1 else DEFAULT_THRESHOLD
    got = statement_vectors(store, enc, say)
    rows, vectors = got.rows, got.matrix
    full = regroup or not existing or stored != {float(threshold)} or models != {grouped_by}
    step = ClaimStep(len(rows), got.encoded, threshold=float(threshold), regrouped=bool(full and existing))
    keys = [r["key"] for r in rows]
    row_of_key = {k: i for i, k in enumerate(keys)}
    founders = {c["id"]: c["founder"] for c in existing}
    label_keys = {c["id"]: c["label_key"] for c in existing}
    assigned = None if full else [r["claim_id"] for r in rows]
    labels = {cid: row_of_key[k] for cid, k in label_keys.items() if k in row_of_key}
    if say:
        say(f"grouping {len(rows)} statements at threshold {threshold:g}")
    groups = form_claims(
        keys,
        vectors,
        float(threshold),
        assigned=assigned,
        labels=None if full else labels,
        founders=founders,
        docs=[str(r["doc_id"]) for r in rows],
        method=method,
        on_stage=say,
    )
    # a claim whose label statement is gone was relabelled: its members' stances are redone
    relabelled = {g.id for g in groups if not g.new and label_keys.get(g.id) != keys[g.label]}
    changed = [g for g in groups if g.new or g.joined or g.id in relabelled]
    texts = [r["content_text"] for r in rows]
    pairs: list[tuple[str, str]] = []
    where: list[tuple[int, int]] = []
    for c, g in enumerate(changed):
        p, w = stance_pairs([g], texts, everyone=g.id in relabelled)
        pairs += p
        where += [(c, row) for _, row in w]
    if say and pairs:
        say(f"stance of {len(pairs)} statements toward their claims")
    stances = predict(pairs) if pairs else []
    judged: dict[int, tuple[str, float]] = {
        row: (s, float(p)) for (_, row), (s, p) in zip(where, stances, strict=True)
    }
    members: list[tuple[int, str, str, float]] = []
    for g in changed:
        # every member's vote: judged now, the label's own, or as stored (an earlier claim that grew)
        votes = [
            ("supports", 1.0)
            if row == g.label
            else judged.get(row) or (rows[row]["stance"], float(rows[row]["score"]))
            for row in g.members
        ]
        pooled = pool_by_speaker(
            votes, [speaker_key(rows[row]) for row in g.members], [row == g.label for row in g.members]
        )
        for row, vote, (stance, score) in zip(g.members, votes, pooled, strict=True):
            if row in judged or row == g.label or (stance, score) != vote:
                members.append((int(rows[row]["id"]), g.id, stance, score))
    claims = [
        {"id": g.id, "label": trim_label(texts[g.label]), "label_key": keys[g.label], "founder": g.founder}
        for g in changed
    ]
    store.write_claims(claims, members, threshold=float(threshold), model=grouped_by, replace=full)
    step.claims = len(groups)
    step.new_claims = sum(g.new and g.id not in founders for g in groups)
    step.joined = sum(len(g.joined) for g in groups if not g.new)
    return step


def rank_for_claim(
    store: Any,
    text: str,
    enc: Encoder,
    predict: Predict,
    *,
    candidates: int = 50,
    say: Callable[[str], None] | None = None,
) -> list[dict[str, Any]]:
    """Statements that support or oppose a claim in the user's words, most related and surest first.

    The `candidates` nearest statements by cosine go to the stance model; "neither" drops out. Rank is
    cosine x stance confidence.
    """
    got = statement_vectors(store, enc, say)
    rows, vectors = got.rows, got.matrix
    if not rows or not claim_text(text):
        return []
    query = np.asarray(enc.encode([claim_text(text)]), dtype=np.float32)[0]
    sims = vectors @ query
    top = np.argsort(-sims, kind="stable")[:candidates].tolist()
    found = predict([(claim_text(text), claim_text(rows[i]["content_text"])) for i in top])
    details = store.statements_by_id([int(rows[i]["id"]) for i in top])
    out = []
    for i, (label, score) in zip(top, found, strict=True):
        if label == "neither":
            continue
        q = details[int(rows[i]["id"])]
        out.append({**q, "stance": label, "score": float(score), "similarity": round(float(sims[i]), 4)})
    out.sort(key=lambda q: (-q["similarity"] * q["score"], q["id"]))
    return out


# -- views -------------------------------------------------------------------------------------------


def month_of(date: str | None) -> str | None:
    """'YYYY-MM' of a full ISO date; None for partial ('--11-24') or missing dates."""
    if date and re.match(r"\d{4}-\d{2}", date):
        return date[:7]
    return None


def _crosstab(members: Sequence[Mapping[str, Any]], field_name: str, empty: str) -> list[dict[str, Any]]:
    """Rows of value x stance: counts and the members behind each cell, most members first."""
    cells: dict[str, dict[str, list[Mapping[str, Any]]]] = {}
    for m in members:
        value = (m.get(field_name) or "").strip() or empty
        cells.setdefault(value, {k: [] for k in STANCES})[m["stance"]].append(m)
    order = sorted(cells, key=lambda v: (-sum(len(x) for x in cells[v].values()), v == empty, v.casefold()))
    return [
        {"name": v, "total": sum(len(x) for x in cells[v].values()), **{k: cells[v][k] for k in STANCES}}
        for v in order
    ]


def claim_view(claim: Mapping[str, Any]) -> dict[str, Any]:
    """A stored claim (Store.claim) as its views: members by stance, a monthly timeline, and the
    speaker x stance and outlet x stance tables (each cell the members behind it)."""
    members = list(claim["members"])
    by_stance = {k: [m for m in members if m["stance"] == k] for k in STANCES}
    months: dict[str, dict[str, int]] = {}
    undated = dict.fromkeys(STANCES, 0)
    for m in members:
        when = month_of(m.get("date"))
        if when is None:
            undated[m["stance"]] += 1
        else:
            months.setdefault(when, dict.fromkeys(STANCES, 0))[m["stance"]] += 1
    timeline: list[dict[str, Any]] = []
    if months:  # every month from the first to the last, empty ones included, so gaps show
        year, month = map(int, min(months).split("-"))
        last = max(months)
        while (key := f"{year:04d}-{month:02d}") <= last:
            timeline.append({"month": key, **months.get(key, dict.fromkeys(STANCES, 0))})
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {
        "id": claim["id"],
        "label": claim["label"],
        "members": members,
        "counts": {k: len(v) for k, v in by_stance.items()},
        "by_stance": by_stance,
        "timeline": timeline,
        "undated": undated,
        "speakers": _crosstab(members, "speaker", "(unnamed)"),
        "outlets": _crosstab(members, "outlet", "(outlet unknown)"),
    }


# -- evaluation on PERSPECTRUM ------------------------------------------------------------------------


def pair_counts(gold: Sequence[int], pred: Sequence[int]) -> tuple[int, int, int]:
    """(pairs in both, pairs predicted, pairs in gold) among items with gold and predicted cluster labels."""

    def pairs(*labels: Sequence[int]) -> int:
        table = np.asarray(labels, dtype=np.int64).reshape(len(labels), -1)
        _, counts = np.unique(table, axis=1, return_counts=True)
        return int((counts * (counts - 1) // 2).sum())

    if len(gold) != len(pred):
        raise ValueError("gold and predicted labels differ in length")
    if not len(gold):
        return 0, 0, 0
    return pairs(gold, pred), pairs(pred), pairs(gold)


def f1(both: int, predicted: int, wanted: int) -> dict[str, float]:
    """Precision, recall and F1 from pair counts (0 where undefined)."""
    p = both / predicted if predicted else 0.0
    r = both / wanted if wanted else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


@dataclass
class PerspectrumSplit:
    """One PERSPECTRUM split: per claim, its perspectives' texts and gold paraphrase-cluster numbers."""

    name: str
    claims: list[tuple[list[str], list[int]]]


def read_perspectrum(folder: str | Path, split: str) -> PerspectrumSplit:
    """claims_<split>.json and perspectives_<split>.json as texts with cluster labels per claim."""
    from .errors import InputError

    folder = Path(folder)
    paths = [folder / f"claims_{split}.json", folder / f"perspectives_{split}.json"]
    for p in paths:
        if not p.is_file():
            raise InputError(
                f"no {p.name} in the folder", path=str(folder), remedy="give the PERSPECTRUM folder"
            )
    claims = json.loads(paths[0].read_text("utf-8"))
    texts = {int(p["pId"]): p["text"] for p in json.loads(paths[1].read_text("utf-8"))}
    out = []
    for claim in claims:
        items: list[str] = []
        labels: list[int] = []
        seen: set[int] = set()
        for number, cluster in enumerate(claim["perspectives"]):
            for pid in cluster["pids"]:
                if int(pid) in texts and int(pid) not in seen:
                    seen.add(int(pid))
                    items.append(texts[int(pid)])
                    labels.append(number)
        if items:
            out.append((items, labels))
    return PerspectrumSplit(split, out)


def score_paraphrase_clusters(
    data: PerspectrumSplit, vectors: Sequence[np.ndarray], thresholds: Sequence[float]
) -> list[dict[str, Any]]:
    """Pairwise P/R/F1 (micro over claims) of grouping each claim's perspectives, per threshold."""
    results = []
    for t in thresholds:
        totals = [0, 0, 0]
        for (_texts, gold), vecs in zip(data.claims, vectors, strict=True):
            pred = group(vecs, t, method="exact").tolist()
            for i, v in enumerate(pair_counts(gold, pred)):
                totals[i] += v
        results.append(
            {
                "split": data.name,
                "level": "paraphrase",
                "threshold": round(float(t), 4),
                **f1(*totals),
                "pairs": totals[2],
            }
        )
    return results


def score_claim_clusters(
    data: PerspectrumSplit, vectors: Sequence[np.ndarray], thresholds: Sequence[float]
) -> list[dict[str, Any]]:
    """Pairwise P/R/F1 of grouping all the split's perspectives (both sides) by their claim, per threshold.

    A claim here holds statements that support and oppose one proposition, the level of a claim in
    quotetrail. One pass of `group` on raw cosines: perspectives have no documents, so there are no stories.
    """
    flat = np.concatenate(list(vectors)) if len(vectors) else np.zeros((0, 384), dtype=np.float32)
    gold = [c for c, (items, _labels) in enumerate(data.claims) for _ in items]
    results = []
    for t in thresholds:
        counts = pair_counts(gold, group(flat, t).tolist())
        results.append(
            {
                "split": data.name,
                "level": "claim",
                "threshold": round(float(t), 4),
                **f1(*counts),
                "pairs": counts[2],
            }
        )
    return results


__all__ = [
    "CENTRE",
    "DEFAULT_THRESHOLD",
    "GROUPING",
    "STANCES",
    "STORY_THRESHOLD",
    "ClaimGroup",
    "PerspectrumSplit",
    "claim_id",
    "claim_text",
    "claim_view",
    "content_hash",
    "form_claims",
    "group",
    "group_in_stories",
    "groupable",
    "is_claim_id",
    "model_key",
    "neighbours",
    "read_perspectrum",
    "score_claim_clusters",
    "score_paraphrase_clusters",
    "stance_pairs",
    "statement_key",
    "trim_label",
]
