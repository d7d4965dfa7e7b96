"""Grouping methods compared on the pipeline's own statements of annotated news folders (research).

    PYTHONPATH=src python research/claims_graph/variants.py eval/claims/news1 [more folders...]

Each folder is extracted once into a scratch store (as `eval-claims --gold` does); then every
method below groups the same statement vectors and is scored by `claims_eval.score_claims`
(pairwise P/R/F1 over the gold members; stance is not judged here).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from typing import Any

from quotetrail.claims import _normalised, group, statement_vectors
from quotetrail.claims_eval import ClaimsGold, PredMember, doc_stem, pool_golds, pooled_names, score_claims
from quotetrail.cli import add_gold_texts
from quotetrail.embed import encoder
from quotetrail.store import Store


def knn(v: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    s = v @ v.T
    np.fill_diagonal(s, -np.inf)
    idx = np.argsort(-s, axis=1)[:, :k]
    return idx, np.take_along_axis(s, idx, 1)


def snn_groups(v: np.ndarray, k: int, t: float, floor: float) -> np.ndarray:
    """Jarvis-Patrick: join i and its neighbour j when their k-NN lists share at least t of k + 1."""
    idx, _sims = knn(v, k)
    sets = [set(r.tolist()) | {i} for i, r in enumerate(idx)]
    n = len(v)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    cos = v @ v.T
    for i in range(n):
        for j in idx[i].tolist():
            if cos[i, j] < floor:
                continue
            if len(sets[i] & sets[j]) / (k + 1) >= t:
                parent[find(i)] = find(j)
    roots = [find(i) for i in range(n)]
    return np.asarray(roots)


def csls(v: np.ndarray, k: int) -> np.ndarray:
    """Similarity less each side's mean similarity to its k nearest: removes a dense topic's lift."""
    s = v @ v.T
    _, sims = knn(v, k)
    r = sims.mean(1)
    return s - (r[:, None] + r[None, :]) / 2


def avg_link(s: np.ndarray, t: float) -> np.ndarray:
    """Plain average-link agglomeration over a full similarity matrix, stopped at t."""
    n = len(s)
    clusters = {i: [i] for i in range(n)}
    S = s.astype(np.float64).copy()
    np.fill_diagonal(S, -np.inf)
    sizes = np.ones(n)
    alive = np.ones(n, bool)
    while True:
        m = np.where(alive[:, None] & alive[None, :], S, -np.inf)
        a, b = np.unravel_index(np.argmax(m), m.shape)
        if m[a, b] < t:
            break
        # merge b into a: average link
        S[a, :] = (S[a, :] * sizes[a] + S[b, :] * sizes[b]) / (sizes[a] + sizes[b])
        S[:, a] = S[a, :]
        S[a, a] = -np.inf
        sizes[a] += sizes[b]
        alive[b] = False
        clusters[a] += clusters.pop(b)
    out = np.zeros(n, int)
    for c, ms in clusters.items():
        out[ms] = c
    return out


def gold_statements(folders: list[str], enc: Any) -> tuple[ClaimsGold, list[dict], list[tuple], np.ndarray]:
    """Annotated folders extracted into a scratch store: the gold, the groupable statement rows, each
    row's (pooled document name, content spans) as PredMember wants them, and their unit vectors."""
    gold = pool_golds(folders)
    pooled = pooled_names(gold)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "e.db") as store:
        add_gold_texts(store, folders)
        got = statement_vectors(store, enc)
        names = {r[0]: r[1] for r in store._conn.execute("SELECT id, name FROM documents")}
    base = []
    for r in got.rows:
        name = names[r["doc_id"]]
        base.append((pooled.get(doc_stem(name), name), tuple(tuple(x) for x in json.loads(r["content"]))))
    return gold, got.rows, base, _normalised(got.matrix)


def main() -> None:
    folders = sys.argv[1:]
    gold, _rows, base, v = gold_statements(folders, encoder())

    def score(labels: np.ndarray) -> str:
        pred = [PredMember(d, c, str(int(g)), "supports") for (d, c), g in zip(base, labels, strict=True)]
        p = score_claims(gold, pred)["pairs"]
        return f"P {p['p']:.3f} R {p['r']:.3f} F1 {p['f1']:.3f}"

    print(f"{len(v)} statements")
    for k in (6, 12, 24, 48):
        for t in (0.35, 0.4, 0.45):
            print(f"shipped group k={k}", t, score(group(v, t, k=k, method="exact")))
    for t in (0.3, 0.35, 0.4, 0.45, 0.5):
        print("full avg-link", t, score(avg_link(v @ v.T, t)))
    for k in (5, 10):
        for t in (-0.05, 0.0, 0.05, 0.1):
            print(f"csls k={k} avg-link", t, score(avg_link(csls(v, k), t)))
    for k in (5, 8, 12):
        for t in (0.2, 0.3, 0.4, 0.5):
            print(f"snn k={k}", t, score(snn_groups(v, k, t, 0.2)))


if __name__ == "__main__":
    main()
