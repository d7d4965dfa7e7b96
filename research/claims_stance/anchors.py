"""Members read against several central members, not the label alone (research).

    PYTHONPATH=src python research/claims_stance/anchors.py eval/claims/news1 [more folders]

After the pipeline groups (as `quotetrail run`), each claim's K most central members are anchors:
the label, and others oriented by the agreement model's reading against the label. A member's
margin is the sum over anchors of (orientation x its margin against that anchor), then pooled by
speaker as shipped. K = 1 is the shipped reading. Scored as `eval-claims --gold` scores stance in claims.
"""

import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from quotetrail.claims import (
    _normalised,
    claim_text,
    pool_by_speaker,
    speaker_key,
    statement_vectors,
    update_claims,
)
from quotetrail.claims_eval import PredMember, pool_golds, pooled_names, score_claims
from quotetrail.cli import add_gold_texts
from quotetrail.embed import claim_encoder
from quotetrail.stance import agreement_model
from quotetrail.store import Store


def main() -> None:
    folders = sys.argv[1:]
    gold = pool_golds(folders)
    pooled = pooled_names(gold)
    model = agreement_model()
    enc = claim_encoder()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "e.db") as store:
        add_gold_texts(store, folders)
        update_claims(store, enc, model.predict, regroup=True)
        got = statement_vectors(store, enc)
        rows, v = got.rows, _normalised(got.matrix)
        names = {r[0]: r[1] for r in store._conn.execute("SELECT id, name FROM documents")}
        labels = {r["id"]: r["label_key"] for r in store.claim_rows()}
    row_of = {r["key"]: i for i, r in enumerate(rows)}
    by_claim: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        if r["claim_id"]:
            by_claim.setdefault(r["claim_id"], []).append(i)
    texts = [claim_text(r["content_text"]) for r in rows]
    cache: dict[tuple[int, int], tuple[str, float]] = {}

    def read(pairs: list[tuple[int, int]]) -> list[tuple[str, float]]:
        todo = [p for p in pairs if p not in cache]
        for p, out in zip(todo, model.predict([(texts[a], texts[b]) for a, b in todo]), strict=True):
            cache[p] = out
        return [cache[p] for p in pairs]

    sign = {"supports": 1.0, "opposes": -1.0, "neither": 0.0}
    for k in (1, 2, 3, 5):
        pred = []
        for cid, ms in by_claim.items():
            label = row_of[labels[cid]]
            vs = v[ms]
            order = [ms[j] for j in np.argsort(-(vs @ vs.sum(axis=0)), kind="stable")]
            anchors = [label] + [a for a in order if a != label][: k - 1]
            orient = {a: (1.0 if a == label else sign[read([(label, a)])[0][0]] or 1.0) for a in anchors}
            votes = []
            for m in ms:
                if m == label:
                    votes.append(("supports", 1.0))
                    continue
                total = sum(
                    orient[a] * sign[s] * (p - 0.5) for a, (s, p) in zip([a for a in anchors if a != m], read([(a, m) for a in anchors if a != m]), strict=True)
                )
                n = max(1, len([a for a in anchors if a != m]))
                votes.append(("supports" if total >= 0 else "opposes", 0.5 + abs(total) / n))
            final = pool_by_speaker(votes, [speaker_key(rows[m]) for m in ms], [m == label for m in ms])
            for m, (s, _) in zip(ms, final, strict=True):
                name = names[rows[m]["doc_id"]]
                spans = tuple(tuple(x) for x in __import__("json").loads(rows[m]["content"]))
                pred.append(PredMember(pooled.get(name.rsplit(".", 1)[0], name), spans, cid, s))
        s = score_claims(gold, pred)["stance_in_claims"]
        print(f"anchors {k}: stance in claims {s['accuracy']:.3f} ({s['right']}/{s['judged']})")


if __name__ == "__main__":
    main()
