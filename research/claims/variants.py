"""Compare grouping variants on PERSPECTRUM paraphrase clusters (pairwise F1 within claims).

Usage: python research/claims/variants.py --data ../shared/data/perspectrum [--split dev]
Variants: the shipped average-link-guarded edges (guard = edge threshold), single link (connected
components of the threshold graph, no guard), the guard a margin below/above the edge threshold,
and full average-link agglomeration (scipy-free, O(n^3) per claim: fine for ~15 perspectives).
Vectors are cached in /tmp/qt-claims-<split>.npy.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from quotetrail import claims as C


def single_link(v: np.ndarray, t: float) -> list[int]:
    n = len(v)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    s = v @ v.T
    for i in range(n):
        for j in range(i + 1, n):
            if s[i, j] >= t:
                parent[find(i)] = find(j)
    return [find(i) for i in range(n)]


def guarded(v: np.ndarray, t: float, guard: float) -> list[int]:
    """Edges >= t, strongest first, merging when the average cross cosine >= guard."""
    n = len(v)
    parent = list(range(n))
    size = [1] * n
    sums = {i: v[i].astype(np.float64) for i in range(n)}

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    s = v @ v.T
    edges = sorted(((s[i, j], i, j) for i in range(n) for j in range(i + 1, n) if s[i, j] >= t), reverse=True)
    for _, i, j in edges:
        a, b = find(i), find(j)
        if a == b or float(sums[a] @ sums[b]) < guard * size[a] * size[b]:
            continue
        parent[b] = a
        size[a] += size[b]
        sums[a] = sums[a] + sums[b]
    return [find(i) for i in range(n)]


def average_link(v: np.ndarray, t: float) -> list[int]:
    """Classic agglomerative average link, stopping below t."""
    groups = [[i] for i in range(len(v))]
    s = v @ v.T
    while len(groups) > 1:
        best, pair = -2.0, None
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                m = float(s[np.ix_(groups[a], groups[b])].mean())
                if m > best:
                    best, pair = m, (a, b)
        if best < t or pair is None:
            break
        a, b = pair
        groups[a] += groups.pop(b)
    out = [0] * len(v)
    for g, members in enumerate(groups):
        for i in members:
            out[i] = g
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--split", default="dev")
    args = ap.parse_args()
    data = C.read_perspectrum(args.data, args.split)
    cache = Path(f"/tmp/qt-claims-{args.split}.npy")
    texts = [t for items, _ in data.claims for t in items]
    if cache.exists():
        flat = np.load(cache)
    else:
        from quotetrail.embed import encoder

        flat = encoder().encode(texts)
        np.save(cache, flat)
    vectors, at = [], 0
    for items, _ in data.claims:
        vectors.append(flat[at : at + len(items)])
        at += len(items)
    variants = {
        "shipped (k-NN, guard = t)": lambda v, t: C.group(v, t, method="exact").tolist(),
        "single link": single_link,
        "guard t-0.05": lambda v, t: guarded(v, t, t - 0.05),
        "guard t-0.10": lambda v, t: guarded(v, t, t - 0.10),
        "guard t+0.05": lambda v, t: guarded(v, t, t + 0.05),
        "average link": average_link,
    }
    grid = [round(0.6 + 0.025 * i, 3) for i in range(11)]
    for name, fn in variants.items():
        best = None
        for t in grid:
            tot = [0, 0, 0]
            for (_, gold), v in zip(data.claims, vectors, strict=True):
                for i, x in enumerate(C.pair_counts(gold, fn(v, t))):
                    tot[i] += x
            r = C.f1(*tot)
            if best is None or r["f1"] > best[1]["f1"]:
                best = (t, r)
        t, r = best
        print(f"{name:28s} best t={t:.3f}  P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}")


if __name__ == "__main__":
    main()
