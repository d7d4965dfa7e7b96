"""Stance toward the proposition per gold claim (QUOTETRAIL_STANCE picks the model; --show lists the misses) (research).

    PYTHONPATH=src python research/claims_stance/direct.py eval/claims/news4 [...] [--show]
"""
import sys
from collections import defaultdict
from quotetrail.claims_eval import read_claims_gold
from quotetrail.claims import claim_text
from quotetrail.stance import stance_model
m = stance_model()
show = "--show" in sys.argv
for f in [a for a in sys.argv[1:] if not a.startswith("--")]:
    g = read_claims_gold(f)
    pairs = [(g.propositions[x.claim], claim_text(g.content_text(x))) for x in g.members]
    pred = m.predict(pairs)
    per = defaultdict(lambda: [0, 0, 0])
    for x, (st, sc) in zip(g.members, pred):
        per[x.claim][0] += st == x.stance; per[x.claim][1] += 1; per[x.claim][2] += st == "neither"
        if show and st != x.stance: print("  XX", x.claim, x.stance[:3], st[:3], round(sc, 2), claim_text(g.content_text(x))[:120])
    for c in sorted(per):
        r, n, ne = per[c]; print(f, c, f"{r}/{n} neither {ne}", g.propositions[c][:80])
