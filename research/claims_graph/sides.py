"""Do a claim's two sides sit apart in the claim vectors? (research)

    PYTHONPATH=src python research/claims_graph/sides.py CACHE_DIR FOLDER [FOLDER ...]

CACHE_DIR and folders as `within.py` (which writes the cache). Inside each gold claim, over its
members found among the extracted statements: the share whose nearest fellow member (cosine of the
shipped vectors, raw and centred on the claim's mean) takes the same side, the best orientation of
a split by the sign of the first principal component, and the share on the claim's larger side
(what always guessing that side gets). Weighted by members over all claims.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from within import cached

from quotetrail import claims as C
from quotetrail.claims_eval import PredMember, match


def main() -> None:
    cache, folders = Path(sys.argv[1]), sys.argv[2:]
    got: dict[str, list[tuple[float, int]]] = {}
    for folder in folders:
        gold, keys, vecs, _ = cached(cache, folder, None)
        found = match(gold, [PredMember(d, c, "x", "supports") for d, c in keys])
        by_claim: dict[str, list[tuple[int, bool]]] = {}
        for g, j in zip(gold.members, found, strict=True):
            if j is not None:
                by_claim.setdefault(g.claim, []).append((j, g.stance == "supports"))
        for items in by_claim.values():
            idx = [j for j, _ in items]
            side = np.asarray([s for _, s in items])
            centred = vecs[idx] - vecs[idx].mean(axis=0)
            pc = np.linalg.svd(centred, full_matrices=False)[0][:, 0] > 0
            figures = {"first principal component": max((pc == side).mean(), (pc != side).mean())}
            for name, x in (("nearest fellow, raw", vecs[idx]), ("nearest fellow, centred", C._normalised(centred))):
                sims = x @ x.T
                np.fill_diagonal(sims, -9.0)
                figures[name] = (side[np.argmax(sims, axis=1)] == side).mean()
            figures["larger side"] = max(side.mean(), 1 - side.mean())
            for name, value in figures.items():
                got.setdefault(name, []).append((float(value), len(idx)))
    for name, rows in got.items():
        a = np.asarray(rows)
        print(f"{name:28s} {(a[:, 0] * a[:, 1]).sum() / a[:, 1].sum():.3f} ({int(a[:, 1].sum())} members)")


if __name__ == "__main__":
    main()
