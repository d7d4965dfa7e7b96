import sys, numpy as np, itertools
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2] / "src"))
from quotetrail.claims_eval import read_claims_gold
from quotetrail.claims import claim_text
from quotetrail.embed import encoder
for folder in sys.argv[1:]:
    g = read_claims_gold(folder)
    texts = [claim_text(g.content_text(m)) for m in g.members]
    v = encoder().encode(texts); v = v / np.linalg.norm(v, axis=1, keepdims=True)
    S = v @ v.T
    same, diff, sd_same, sd_diff = [], [], [], []
    for a, b in itertools.combinations(range(len(texts)), 2):
        ma, mb = g.members[a], g.members[b]
        (same if ma.claim == mb.claim else diff).append(S[a, b])
    print(folder, len(texts), "same", np.round(np.percentile(same, [10, 25, 50, 75, 90]), 3), "diff", np.round(np.percentile(diff, [10, 25, 50, 75, 90]), 3))
    # best achievable threshold F1 for single pair-level decision
    best = (0, 0)
    for t in np.arange(0.2, 0.9, 0.02):
        tp = sum(s >= t for s in same); fp = sum(s >= t for s in diff)
        p = tp / (tp + fp) if tp + fp else 0; r = tp / len(same); f = 2*p*r/(p+r) if p+r else 0
        best = max(best, (round(f,3), round(t,2)))
    print(" best pairwise-threshold F1 (no clustering):", best)
