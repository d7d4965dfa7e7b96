"""Camps on gold claims: do cross-claim speaker camps help when grouping and speakers are right?

    PYTHONPATH=src python research/claims_stance/camps_gold.py eval/claims/news1 ...

Each gold claim's label is its most central member (claim encoder); every other member is read against
it by the agreement model, as `quotetrail run` does. Stance accuracy (each claim oriented by majority,
as `eval-claims` scores stance in claims) for: the readings alone, one side per speaker inside a claim
(`pool_by_speaker`, shipped), and one camp per speaker across the story's claims (`pool_by_camp` of
camps.patch, coupling 1), all with the annotation's speakers.
"""

import collections
import sys

import numpy as np

from quotetrail import claims as C
from quotetrail.claims_eval import read_claims_gold
from quotetrail.embed import claim_encoder
from quotetrail.stance import agreement_model

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from camps import speakers

from quotetrail.claims_eval import relation_numbers

try:
    pool_by_camp = C.pool_by_camp  # type: ignore[attr-defined]
except AttributeError:
    sys.exit("apply research/claims_stance/camps.patch first (git apply), then revert it")


def right(stances: list[str], gold: list[str]) -> int:
    agree = sum(s == g for s, g in zip(stances, gold, strict=True))
    return max(agree, sum(s != g and s != "neither" for s, g in zip(stances, gold, strict=True)))


def main(folders: list[str]) -> None:
    enc, model = claim_encoder(), agreement_model()
    totals = collections.Counter()
    for folder in folders:
        g, sp = read_claims_gold(folder), speakers(folder)
        nums = {}
        for d in g.texts:
            with open(f"{folder}/marked/{d}.txt", encoding="utf-8") as f:
                nums[d] = relation_numbers(f.read())
        by_claim = collections.defaultdict(list)
        for m in g.members:
            by_claim[m.claim].append(m)
        votes, whos, fixed, golds = [], [], [], []
        for ms in by_claim.values():
            texts = [C.claim_text(g.content_text(m)) for m in ms]
            v = enc.encode(texts)
            label = int(np.argmax((v @ v.T).sum(1)))
            read = model.predict([(texts[label], t) for t in texts])
            votes.append([("supports", 1.0) if i == label else r for i, r in enumerate(read)])
            whos.append([sp.get((m.doc, nums[m.doc].index(m.rel) + 1)) for m in ms])
            fixed.append([i == label for i in range(len(ms))])
            golds.append([m.stance for m in ms])
        ways = {
            "readings": votes,
            "speaker": [C.pool_by_speaker(v, w, f) for v, w, f in zip(votes, whos, fixed, strict=True)],
            "camps": pool_by_camp(votes, whos, fixed, 1.0),
        }
        n = sum(len(x) for x in golds)
        row = {k: sum(right([s for s, _ in p], gl) for p, gl in zip(got, golds, strict=True)) for k, got in ways.items()}
        totals.update(row)
        totals["n"] += n
        print(folder, n, *(f"{k} {v}" for k, v in row.items()), flush=True)
    n = totals.pop("n")
    print("all", n, *(f"{k} {v} ({v / n:.3f})" for k, v in totals.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
