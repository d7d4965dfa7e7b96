"""Would a bigger stock encoder separate propositions better? (session 14; needs torch and
sentence-transformers, e.g. the `train` extra.)

    PYTHONPATH=src python research/claims_encoder/bigger_encoder.py ENCODER eval/claims/news1 ...

ENCODER: `minilm` (the packaged base encoder), `claims` (the shipped claim encoder, base and fine-tuned
side by side), a sentence-transformers folder, or `mixW:FOLDER` (the shipped claim encoder and FOLDER
side by side, FOLDER's share of the dot product W). For each annotated folder, over its gold member
contents (no extraction, no grouping: an upper bound for threshold grouping), prints the best
single-threshold pairwise F1 on raw cosines over all pairs, and on story-centred cosines over pairs
inside a story (each gold story's statements less 0.85 x their mean, as the pipeline centres; stories
are gold claims linked by shared documents).
"""

import sys

import numpy as np

from quotetrail.claims import claim_text
from quotetrail.claims_eval import gold_stories, read_claims_gold


def encoder_of(which: str):
    if which in ("minilm", "claims"):
        from quotetrail.embed import claim_encoder, encoder

        enc = encoder() if which == "minilm" else claim_encoder()
        return enc.encode
    from sentence_transformers import SentenceTransformer

    if which.startswith("mix"):
        share, folder = which[3:].split(":", 1)
        from quotetrail.embed import claim_encoder

        claims, st, w = claim_encoder(), SentenceTransformer(folder, device="cpu"), float(share)
        return lambda t: np.hstack(
            [np.sqrt(1 - w) * claims.encode(t), np.sqrt(w) * st.encode(t, normalize_embeddings=True)]
        )
    st = SentenceTransformer(which, device="cpu")
    return lambda t: st.encode(t, batch_size=32, normalize_embeddings=True)


def best(sims: np.ndarray, same: np.ndarray) -> float:
    top = 0.0
    for t in np.arange(-0.3, 0.95, 0.01):
        pred = sims >= t
        tp = (pred & same).sum()
        p, r = tp / max(pred.sum(), 1), tp / same.sum()
        top = max(top, 2 * p * r / (p + r) if p + r else 0.0)
    return top


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def main(which: str, folders: list[str]) -> None:
    encode, got = encoder_of(which), []
    for folder in folders:
        g = read_claims_gold(folder)
        v = unit(np.asarray(encode([claim_text(g.content_text(m)) for m in g.members]), dtype=np.float64))
        of = gold_stories(g)
        story = np.array([of[m.claim] for m in g.members])
        claim = np.array([m.claim for m in g.members])
        centred = v.copy()
        for s in set(story):
            centred[story == s] = v[story == s] - 0.85 * v[story == s].mean(0)
        centred = unit(centred)
        upper = np.triu(np.ones((len(v), len(v)), dtype=bool), 1)
        same = claim[:, None] == claim[None, :]
        inside = upper & (story[:, None] == story[None, :])
        raw = best((v @ v.T)[upper], same[upper])
        cen = best((centred @ centred.T)[inside], same[inside])
        got.append((raw, cen))
        print(f"{folder}\traw, all pairs {raw:.3f}\tcentred, inside stories {cen:.3f}", flush=True)
    print(f"mean\traw, all pairs {np.mean([r for r, _ in got]):.3f}\t"
          f"centred, inside stories {np.mean([c for _, c in got]):.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
