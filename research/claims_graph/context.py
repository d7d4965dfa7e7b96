"""Separability of gold contents embedded alone, as their host sentence, and as the sum (research).

    PYTHONPATH=src python research/claims_graph/context.py eval/claims/news1 eval/claims/news2

Prints, per folder, the best pairwise F1 any single cosine threshold reaches over the gold members.
"""

from __future__ import annotations

import sys

import numpy as np

from quotetrail.claims import claim_text
from quotetrail.claims_eval import read_claims_gold
from quotetrail.embed import encoder


def best(s: np.ndarray, same: np.ndarray) -> tuple[float, float]:
    """(best pairwise F1, its threshold) over the upper triangle."""
    iu = np.triu_indices(len(s), 1)
    sims, sm = s[iu], same[iu]
    out = (0.0, 0.0)
    for t in np.arange(-0.2, 0.95, 0.01):
        pred = sims >= t
        tp = (pred & sm).sum()
        p, r = tp / max(pred.sum(), 1), tp / sm.sum()
        f = 2 * p * r / (p + r) if p + r else 0.0
        out = max(out, (round(float(f), 3), round(float(t), 2)))
    return out


def sentence(text: str, start: int, end: int) -> str:
    """The sentence (or line) around [start, end): from the last stop or break before to the next after."""
    a = max(text.rfind("\n", 0, start), *(text.rfind(m, 0, start) for m in (". ", "? ", "! "))) + 1
    ends = [i for i in (text.find("\n", end), text.find(". ", end), text.find('." ', end)) if i >= 0]
    return text[a : min(ends) + 1 if ends else len(text)].strip()


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def main() -> None:
    enc = encoder()
    for folder in sys.argv[1:]:
        g = read_claims_gold(folder)
        texts = [claim_text(g.content_text(m)) for m in g.members]
        ctx = [
            sentence(g.texts[m.doc], min(a for a, _ in m.content), max(b for _, b in m.content))
            for m in g.members
        ]
        v, c = unit(enc.encode(texts)), unit(enc.encode(ctx))
        both = unit(v + c)
        labels = np.array([m.claim for m in g.members])
        same = labels[:, None] == labels[None, :]
        name = folder.rstrip("/").split("/")[-1]
        scores = {"content": v @ v.T, "sentence": c @ c.T, "sum": both @ both.T}
        print(name, *(f"{k} {best(s, same)}" for k, s in scores.items()))


if __name__ == "__main__":
    main()
