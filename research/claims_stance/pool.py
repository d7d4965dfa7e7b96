"""Stance pooled by speaker inside a claim: with and without (research).

    PYTHONPATH=src python research/claims_stance/pool.py eval/claims/news1 [more folders]

1. Gold claims, gold speakers: the stance model's stance of each gold member toward its claim's
   proposition, as read and pooled by the speaker named in the markup (`claims.pool_by_speaker`).
2. The pipeline: each folder extracted into a scratch store and grouped as `quotetrail run` does, but
   members read by the stance model ($QUOTETRAIL_STANCE, as before models/agreement), stance in claims
   scored as `eval-claims --gold` does, with `pool_by_speaker` switched off and on.
"""

import glob
import os
import re
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from quotetrail import claims
from quotetrail.claims_eval import pool_golds, pooled_names, pred_members, read_claims_gold, score_claims
from quotetrail.cli import add_gold_texts
from quotetrail.embed import claim_encoder
from quotetrail.stance import stance_model
from quotetrail.store import Store


def gold_direct(folder: str, model) -> None:
    g = read_claims_gold(folder)
    speaker = {}
    for path in glob.glob(os.path.join(folder, "marked", "*.txt")):
        doc = os.path.basename(path)[:-4]
        with open(path, encoding="utf-8") as fh:
            for n, name in re.findall(r"\{S(\d+)=([^|]*)\|", fh.read()):
                speaker[(doc, int(n))] = name
    votes = model.predict([(g.propositions[m.claim], g.content_text(m)) for m in g.members])
    gold = [m.stance for m in g.members]
    pooled = list(votes)
    for cid in g.propositions:
        idx = [i for i, m in enumerate(g.members) if m.claim == cid]
        who = [speaker.get((g.members[i].doc, g.members[i].rel)) for i in idx]
        for i, v in zip(idx, claims.pool_by_speaker([votes[i] for i in idx], who), strict=True):
            pooled[i] = v
    right = [np.mean([v[0] == s for v, s in zip(vs, gold, strict=True)]) for vs in (votes, pooled)]
    print(f"{folder}: gold claims and speakers, stance toward the proposition {right[0]:.3f} -> pooled {right[1]:.3f} ({len(gold)})")


def main() -> None:
    folders = sys.argv[1:]
    model = stance_model()
    for f in folders:
        gold_direct(f, model)
    gold = pool_golds(folders)
    pooled = pooled_names(gold)
    shipped = claims.pool_by_speaker
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "e.db") as store:
        add_gold_texts(store, folders)
        for name, pool in (("off", lambda votes, speakers, fixed=(): list(votes)), ("on", shipped)):
            claims.pool_by_speaker = pool
            claims.update_claims(store, claim_encoder(), model.predict, regroup=True)
            pred = [replace(p, doc=pooled.get(p.doc, p.doc)) for r in store.iter_claim_exports() for p in pred_members(r)]
            s = score_claims(gold, pred)["stance_in_claims"]
            print(f"pipeline, pooling {name}: stance in claims {s['accuracy']:.3f} ({s['right']}/{s['judged']})")
    claims.pool_by_speaker = shipped


if __name__ == "__main__":
    main()
