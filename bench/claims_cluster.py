"""Time and memory of grouping statements into claims (claims.group_in_stories, usearch), not of encoding.

    python bench/claims_cluster.py --n 200000

Synthetic unit vectors of `--dim` widths (768 by default: the claim vectors quotetrail groups are
the base encoder's 384 dimensions beside the claim encoder's 384, embed.MixedEncoder): `--centres`
claims, each member its centre plus Gaussian noise (a per-claim scale giving member-to-member
cosines of about 0.74 to 0.87, as paraphrases have), and `--loners` of the vectors random
(statements that belong to no claim). Claims come `--per-story` to a story (their centres share
the story's direction, so raw cosines alone cannot tell them apart), and each story's statements
are spread over `--docs` documents; a loner sits in a random document. Reports the wall time of
grouping, the process's peak RSS before and after it (the vectors alone are n x dim x 4 bytes),
the load average, and how well the planted claims came back (pairwise F1 from the contingency table).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

import numpy as np

from quotetrail.claims import DEFAULT_THRESHOLD, K_NEIGHBOURS, f1, group_in_stories


def synthetic(
    n: int, centres: int, loners: float, seed: int, dim: int = 768, per_story: int = 4, docs: int = 5
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(vectors float32 (n, dim) of unit length, planted claim per row (-1 for loners), document per row)."""
    rng = np.random.default_rng(seed)
    stories = -(-centres // per_story)
    story = rng.standard_normal((stories, dim), dtype=np.float32)
    story /= np.linalg.norm(story, axis=1, keepdims=True)
    own = rng.standard_normal((centres, dim), dtype=np.float32)
    own /= np.linalg.norm(own, axis=1, keepdims=True)
    middle = 1.5 * story[np.arange(centres) // per_story] + own  # claims of one story: raw cosine ~0.7
    middle /= np.linalg.norm(middle, axis=1, keepdims=True)
    # cos between members ~ 1 / (1 + dim s^2): the same 0.74 to 0.87 at any width
    scale = (rng.uniform(0.02, 0.03, centres) * np.sqrt(384 / dim)).astype(np.float32)
    truth = rng.integers(0, centres, n)
    truth[rng.random(n) < loners] = -1
    out = np.empty((n, dim), dtype=np.float32)
    for b in range(0, n, 10_000):
        t = truth[b : b + 10_000]
        noise = rng.standard_normal((len(t), dim), dtype=np.float32)
        block = np.where(
            (t >= 0)[:, None], middle[np.maximum(t, 0)] + noise * scale[np.maximum(t, 0)][:, None], noise
        )
        out[b : b + len(t)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    home = np.where(truth >= 0, np.maximum(truth, 0) // per_story, rng.integers(0, stories, n))
    doc = [f"s{h}-d{d}" for h, d in zip(home.tolist(), rng.integers(0, docs, n).tolist(), strict=True)]
    return out, truth, doc


def pair_f1(truth: np.ndarray, found: np.ndarray) -> dict[str, float]:
    """Pairwise precision, recall, F1 of found groups against planted claims (loners are their own claim)."""
    truth = np.where(truth < 0, -1 - np.arange(len(truth)), truth)  # each loner alone

    def pairs(labels: np.ndarray) -> int:
        _, counts = np.unique(labels, return_counts=True)
        return int((counts * (counts - 1) // 2).sum())

    joint = truth.astype(np.int64) * (int(found.max()) + 1) + found
    return f1(pairs(joint), pairs(found), pairs(truth))


def peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200_000, help="statements")
    ap.add_argument("--centres", type=int, default=4_000, help="planted claims")
    ap.add_argument("--loners", type=float, default=0.1, help="share of statements in no claim")
    ap.add_argument("--per-story", type=int, default=4, help="planted claims per story")
    ap.add_argument("--docs", type=int, default=5, help="documents per story")
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--k", type=int, default=K_NEIGHBOURS)
    ap.add_argument("--method", choices=("ann", "exact"), default="ann", help="ann: usearch (what scales)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--dim", type=int, default=768, help="vector width (768: the shipped claim vectors)")
    ap.add_argument("--json", action="store_true", help="one JSON object instead of lines")
    args = ap.parse_args(argv)

    load_before = os.getloadavg()
    vectors, truth, docs = synthetic(
        args.n, args.centres, args.loners, args.seed, args.dim, args.per_story, args.docs
    )
    before = peak_mb()
    stages: list[tuple[float, str]] = []
    start = time.perf_counter()
    found = group_in_stories(
        vectors,
        args.threshold,
        docs,
        k=args.k,
        method=args.method,
        on_stage=lambda s: stages.append((time.perf_counter() - start, s)),
    )
    seconds = time.perf_counter() - start
    result = {
        "n": args.n,
        "dim": int(vectors.shape[1]),
        "method": args.method,
        "threshold": args.threshold,
        "k": args.k,
        "seconds": round(seconds, 1),
        "stages": [{"at": round(t, 1), "stage": s} for t, s in stages],
        "peak_rss_mb_before_grouping": round(before, 1),
        "peak_rss_mb": round(peak_mb(), 1),
        "vectors_mb": round(vectors.nbytes / 2**20, 1),
        "groups": int(found.max()) + 1,
        "planted_claims": args.centres,
        "quality": {k: round(v, 4) for k, v in pair_f1(truth, found).items()},
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for t, s in stages:
            print(f"  {t:7.1f} s  {s}")
        print(
            f"{args.n} statements grouped in {seconds:.1f} s ({args.method}, k={args.k}, "
            f"threshold {args.threshold}); peak RSS {result['peak_rss_mb']} MB "
            f"({result['peak_rss_mb_before_grouping']} MB before grouping, vectors {result['vectors_mb']} MB)"
        )
        q = result["quality"]
        print(
            f"{result['groups']} groups for {args.centres} planted claims and their loners; pairwise "
            f"P {q['precision']:.3f} R {q['recall']:.3f} F1 {q['f1']:.3f}"
        )
        print(
            f"load average before {result['load_average_before']}, after {result['load_average_after']} "
            f"on {result['cpus']} CPUs"
        )
    return 0 if seconds < 600 else 1


if __name__ == "__main__":
    sys.exit(main())
