"""Score predicted labels of the statements confuse.py saved against their gold claims (research)."""

import json
import os

import numpy as np

from quotetrail.claims import f1 as prf
from quotetrail.claims import pair_counts

SCRATCH = os.environ.get("QT_SCRATCH", "/tmp/qt/s11")
"""Where the per-folder statements, vectors and pair scores are kept between scripts."""


def load(name: str) -> tuple[np.ndarray, dict]:
    """The saved unit vectors and statements / gold matches of one folder (by its name)."""
    with open(f"{SCRATCH}/meta_{name}.json", encoding="utf-8") as fh:
        return np.load(f"{SCRATCH}/v_{name}.npy"), json.load(fh)


def f1(meta: dict, labels) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Pairwise F1, P, R over the gold members, as claims_eval.score_claims counts them: a member the
    pipeline did not find is in no predicted pair (its own label, below every real one)."""
    gold = [m[1] for m in meta["members"]]
    numbers = {c: i for i, c in enumerate(sorted(set(gold)))}
    pred = [int(labels[j]) if j is not None else -1 - i for i, j in enumerate(meta["found"])]
    s = prf(*pair_counts([numbers[c] for c in gold], pred))
    return s["f1"], s["precision"], s["recall"]
