"""Claim grouping inside stories: one pass over all statements, against two passes (research).

    PYTHONPATH=src python research/claims_graph/stories.py eval/claims/news1 eval/claims/news4 \
        'eval/claims/news1+eval/claims/news4+eval/claims/news5'

Each argument is extracted into a scratch store (as `eval-claims --gold` does; folders joined by '+'
are pooled in one store) and its statements encoded by the shipped claim encoder
(`QUOTETRAIL_CLAIM_ENCODER` picks another). Grouped four ways, pairwise F1 over the gold members:

* one pass: `claims.group` over all statements at a raw cosine (the method before session 12);
* topics: `group` at a low cosine makes topics, then each topic is grouped alone on vectors with
  `centre` x the topic's mean taken away (`two_stage`);
* stories: documents grouped by their statements' mean vector, then each story grouped alone on
  story-centred vectors (`claims.group_in_stories`, what ships), at several story thresholds.

The propositions of one story share its words, so their raw cosines are all alike; the direction
they share is the story's mean, and what is left tells them apart. Topics found from statements
chain across stories once several corpora are pooled; stories found from whole documents do not.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from quotetrail import claims as C
from quotetrail.claims_eval import PredMember, doc_stem, pool_golds, pooled_names, score_claims
from quotetrail.cli import add_gold_texts
from quotetrail.embed import claim_encoder
from quotetrail.store import Store


def two_stage(vectors: np.ndarray, topic_threshold: float, centre: float, threshold: float) -> np.ndarray:
    """A group per row: topics at `topic_threshold`, then each topic grouped on centred vectors."""
    topics = C.group(vectors, topic_threshold, method="exact")
    out = np.zeros(len(vectors), dtype=np.int64)
    nxt = 0
    for tp in np.unique(topics):
        idx = np.flatnonzero(topics == tp)
        sub = C.group(C._normalised(vectors[idx] - centre * vectors[idx].mean(0)), threshold, method="exact")
        out[idx] = nxt + sub
        nxt += int(sub.max()) + 1
    return out


def statements(folder: str, enc):  # type: ignore[no-untyped-def]
    """(gold, member keys, vectors, document ids) of the extracted statements of '+'-joined folders."""
    folders = folder.split("+")
    gold = pool_golds(folders)
    pooled = pooled_names(gold)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "e.db") as store:
        add_gold_texts(store, folders)
        got = C.statement_vectors(store, enc)
        names = {r[0]: r[1] for r in store._conn.execute("SELECT id, name FROM documents")}
    keys, docs = [], []
    for r in got.rows:
        name = names[r["doc_id"]]
        docs.append(str(r["doc_id"]))
        keys.append((pooled.get(doc_stem(name), name), tuple(tuple(x) for x in json.loads(r["content"]))))
    return gold, keys, C._normalised(got.matrix), docs


def f1_of(gold, keys, groups) -> float:  # type: ignore[no-untyped-def]
    """Pairwise F1 of a grouping over the gold members, as eval-claims scores it."""
    pred = [PredMember(d, c, str(int(g)), "supports") for (d, c), g in zip(keys, groups, strict=True)]
    return float(score_claims(gold, pred)["pairs"]["f1"])


def main() -> None:
    enc = claim_encoder()
    data = [statements(f, enc) for f in sys.argv[1:]]
    print(
        "columns:",
        " | ".join(Path(f.split("+")[0]).name + ("+..." if "+" in f else "") for f in sys.argv[1:]),
    )
    ways: list[tuple[str, object]] = [
        *[(f"one pass {t:.2f}", lambda v, d, t=t: C.group(v, t, method="exact")) for t in (0.4, 0.45, 0.5)],
        *[
            (f"topics {s}", lambda v, d, s=s: two_stage(v, *s))
            for s in ((0.2, 0.7, 0.15), (0.3, 0.85, 0.1), (0.35, 0.7, 0.05))
        ],
        *[
            (
                f"stories {st} centre {c} after {n0} at {t}",
                lambda v, d, st=st, c=c, n0=n0, t=t: C.group_in_stories(
                    v, t, d, story_threshold=st, centre=c, centre_after=n0, method="exact"
                ),
            )
            for st in (0.7, 0.75, 0.8)
            for c, n0, t in ((0.85, 0, 0.1), (0.85, 5, 0.1), (0.7, 5, 0.15))
        ],
    ]
    for name, way in ways:
        fs = [f1_of(g, k, way(v, d)) for g, k, v, d in data]  # type: ignore[operator]
        print(f"{name:40s}", " ".join(f"{x:.3f}" for x in fs), f"mean {np.mean(fs):.3f}", flush=True)


if __name__ == "__main__":
    main()
