"""Save the shipped grouping's statements, vectors and gold matches of an annotated folder, and print gold claim x predicted group (research).

    PYTHONPATH=src python research/claims_pairs/confuse.py eval/claims/news1
"""

import os
SCRATCH = os.environ.get("QT_SCRATCH", "/tmp/qt/s11")
"""Where the per-folder statements, vectors and pair scores are kept between scripts."""
import json, sys
from collections import Counter, defaultdict
from pathlib import Path
import numpy as np
from quotetrail.claims import DEFAULT_THRESHOLD, claim_text, group
from quotetrail.claims_eval import PredMember, match, score_claims
from quotetrail.embed import claim_encoder

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "claims_graph"))
from variants import gold_statements  # noqa: E402

folders = sys.argv[1:]
gold, rows, base, v = gold_statements(folders, claim_encoder())
np.save(f"{SCRATCH}/v_{Path(folders[0]).name}.npy", v)
labels = group(v, DEFAULT_THRESHOLD, method="exact")
pred = [PredMember(d, c, str(int(g)), "supports") for (d, c), g in zip(base, labels)]
print(score_claims(gold, pred)["pairs"])
found = match(gold, pred)
table = defaultdict(Counter)
for g, j in zip(gold.members, found):
    table[g.claim][("-" if j is None else pred[j].claim) + g.stance[0]] += 1
for c in sorted(table):
    print(c, gold.propositions[c][:60], dict(table[c].most_common()))
# gold-gold cosines: within claim same side, within claim other side, across claims
idx = [(g, j) for g, j in zip(gold.members, found) if j is not None]
ss, so, xc = [], [], []
for a in range(len(idx)):
    for b in range(a+1, len(idx)):
        (ga, ja), (gb, jb) = idx[a], idx[b]
        c = float(v[ja] @ v[jb])
        if ga.claim == gb.claim:
            (ss if ga.stance == gb.stance else so).append(c)
        else:
            xc.append(c)
for n, x in (("same claim same side", ss), ("same claim other side", so), ("other claim", xc)):
    print(f"{n}: n={len(x)} mean {np.mean(x):.3f} median {np.median(x):.3f}")
json.dump({"base": base, "found": found, "texts": [claim_text(r["content_text"]) for r in rows], "speakers": [r.get("speaker_name") for r in rows], "members": [(g.doc, g.claim, g.stance, gold.content_text(g)) for g in gold.members]}, open(f"{SCRATCH}/meta_{Path(folders[0]).name}.json", "w"))
