"""How to group statements inside one story: the shipped k-NN edges against community detection (research).

    PYTHONPATH=src python research/claims_graph/within.py CACHE_DIR FOLDER [FOLDER ...] [--sweep] [--seeds]

Each folder (or '+'-joined folders, pooled in one store) is extracted once, as `eval-claims --gold`
does, and its statements' vectors and documents are cached in CACHE_DIR, so methods can be compared
without extracting again. Stories are found as shipped (`claims.stories`), each story's vectors are
centred as shipped, and the statements of a story are then grouped by:

* k-NN edges with the average-link guard (`claims.group`, what ships) at a cosine;
* Louvain modularity communities (networkx) of the story's k-NN graph, edge weight the centred
  cosine where it is above a floor, at a resolution;
* full average-link agglomeration of the story's centred vectors (scipy) at a cosine.

Needs networkx (`pip install networkx`; research only). Pairwise F1 over the gold members, as
`eval-claims` scores it. `--sweep` adds Louvain over k x
resolution x floor; `--seeds` runs Louvain with seeds 1-6, and a consensus of five seeds (k-NN
pairs together in most runs joined).
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from stories import f1_of, statements  # noqa: E402

from quotetrail import claims as C  # noqa: E402
from quotetrail.embed import claim_encoder  # noqa: E402


def cached(cache: Path, folder: str, enc):  # type: ignore[no-untyped-def]
    """statements(folder) from CACHE_DIR when there, else extracted and saved."""
    path = cache / (folder.replace("/", "_").replace("+", "__") + ".pkl")
    if path.exists():
        return pickle.loads(path.read_bytes())
    got = statements(folder, enc)
    path.write_bytes(pickle.dumps(got))
    return got


def per_story(vectors: np.ndarray, docs: list[str], inner: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Stories as shipped, each story's vectors centred as shipped, then `inner` groups each story."""
    vectors = C._normalised(vectors)
    story = C.stories(vectors, docs, method="exact")
    out = np.zeros(len(vectors), dtype=np.int64)
    taken = 0
    for s in np.unique(story):
        idx = np.flatnonzero(story == s)
        if len(idx) == 1:
            out[idx] = taken
            taken += 1
            continue
        share = C.CENTRE * len(idx) / (len(idx) + C.CENTRE_AFTER)
        sub = inner(C._normalised(vectors[idx] - share * vectors[idx].mean(axis=0)))
        _, sub = np.unique(sub, return_inverse=True)
        out[idx] = taken + sub
        taken += int(sub.max()) + 1
    return out


def knn_graph(vectors: np.ndarray, floor: float, k: int = C.K_NEIGHBOURS) -> nx.Graph:
    """The k-NN graph, edges the cosines above `floor`, weighted by the excess."""
    n = len(vectors)
    idx, sims = C.neighbours(vectors, np.arange(n), k, "exact")
    g = nx.Graph()
    g.add_nodes_from(range(n))
    for i in range(n):
        for j, s in zip(idx[i].tolist(), sims[i].tolist(), strict=True):
            if j >= 0 and j != i and s > floor:
                g.add_edge(i, j, weight=s - floor)
    return g


def louvain(
    vectors: np.ndarray, resolution: float, floor: float, k: int = C.K_NEIGHBOURS, seed: int = 13
) -> np.ndarray:
    """Louvain communities of the k-NN graph, weights the cosines above `floor` (seeded)."""
    out = np.zeros(len(vectors), dtype=np.int64)
    graph = knn_graph(vectors, floor, k)
    for c, members in enumerate(nx.community.louvain_communities(graph, resolution=resolution, seed=seed)):
        out[list(members)] = c
    return out


def consensus(vectors: np.ndarray, seeds: range) -> np.ndarray:
    """k-NN pairs that Louvain (k 12, resolution 1, floor 0) puts together in most of `seeds` joined."""
    graph = knn_graph(vectors, 0.0)
    runs = np.asarray([louvain(vectors, 1.0, 0.0, seed=s) for s in seeds])
    parent = list(range(len(vectors)))
    for i, j in graph.edges():
        if (runs[:, i] == runs[:, j]).mean() > 0.5:
            parent[C._root(parent, i)] = C._root(parent, j)
    return np.asarray([C._root(parent, i) for i in range(len(vectors))])


def average_link(vectors: np.ndarray, threshold: float) -> np.ndarray:
    """Full average-link agglomeration, cut where the average cosine falls below `threshold`."""
    if len(vectors) < 2:
        return np.zeros(len(vectors), dtype=np.int64)
    z = linkage(vectors, method="average", metric="cosine")
    return fcluster(z, t=1 - threshold, criterion="distance")


def main() -> None:
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    cache, *folders = [Path(sys.argv[1]), *[a for a in sys.argv[2:] if not a.startswith("--")]]
    cache.mkdir(parents=True, exist_ok=True)
    enc = claim_encoder()
    data = [cached(cache, str(f), enc) for f in folders]
    print(
        "columns:",
        " | ".join(Path(str(f).split("+")[0]).name + ("+..." if "+" in str(f) else "") for f in folders),
    )
    ways: list[tuple[str, Callable[[np.ndarray, list[str]], np.ndarray]]] = [
        *[
            (f"edges {t}", lambda v, d, t=t: per_story(v, d, lambda x: C.group(x, t, method="exact")))
            for t in (0.05, 0.1, 0.15)
        ],
        *[
            (
                f"louvain r{r} floor {fl}",
                lambda v, d, r=r, fl=fl: per_story(v, d, lambda x: louvain(x, r, fl)),
            )
            for r in (0.5, 1.0, 1.5)
            for fl in (0.0, 0.1, 0.2)
        ],
        *[
            (f"average link {t}", lambda v, d, t=t: per_story(v, d, lambda x: average_link(x, t)))
            for t in (0.0, 0.05, 0.1, 0.15)
        ],
    ]
    if "--sweep" in flags:
        ways += [
            (
                f"louvain k{k} r{r} floor {fl}",
                lambda v, d, k=k, r=r, fl=fl: per_story(v, d, lambda x: louvain(x, r, fl, k)),
            )
            for k in (8, 12, 20, 30)
            for r in (0.75, 1.0, 1.25)
            for fl in (0.0, 0.05)
        ]
    if "--seeds" in flags:
        ways += [
            (
                f"louvain seed {sd}",
                lambda v, d, sd=sd: per_story(v, d, lambda x: louvain(x, 1.0, 0.0, seed=sd)),
            )
            for sd in range(1, 7)
        ]
        ways += [
            (
                f"consensus seeds {b}-{b + 4}",
                lambda v, d, b=b: per_story(v, d, lambda x: consensus(x, range(b, b + 5))),
            )
            for b in (1, 20, 40)
        ]
    for name, way in ways:
        fs = [f1_of(g, k, way(v, d)) for g, k, v, d in data]
        print(f"{name:28s}", " ".join(f"{x:.3f}" for x in fs), f"mean {np.mean(fs):.3f}", flush=True)


if __name__ == "__main__":
    main()
