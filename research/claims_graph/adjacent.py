"""Does a bonus for adjacent statements of one document (consecutive relations) help separate propositions?

    PYTHONPATH=src python research/claims_graph/adjacent.py eval/claims/news1 ...

Best single-threshold pair F1 over gold contents inside gold stories, story-centred claim-encoder
cosines plus beta for pairs of consecutive relations of one document (session 14)."""
import sys, collections, numpy as np
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2] / "src"))
from quotetrail.claims import claim_text
from quotetrail.claims_eval import gold_stories, read_claims_gold, relation_numbers
from quotetrail.embed import claim_encoder
enc = claim_encoder()
def best(sims, same):
    top = (0.0, 0)
    for t in np.arange(-0.3, 0.95, 0.01):
        pred = sims >= t; tp = (pred & same).sum(); p, r = tp / max(pred.sum(), 1), tp / same.sum()
        top = max(top, (2 * p * r / (p + r) if p + r else 0.0, round(t, 2)))
    return top
unit = lambda x: x / np.linalg.norm(x, axis=1, keepdims=True)
betas = [0, 0.05, 0.1, 0.15, 0.2, 0.3]
acc = collections.defaultdict(list)
for folder in sys.argv[1:]:
    g = read_claims_gold(folder)
    nums = {d: relation_numbers(open(f"{folder}/marked/{d}.txt").read()) for d in g.texts}
    ms = g.members
    v = unit(np.asarray(enc.encode([claim_text(g.content_text(m)) for m in ms]), dtype=np.float64))
    of = gold_stories(g)
    story = np.array([of[m.claim] for m in ms]); claim = np.array([m.claim for m in ms])
    c = v.copy()
    for s in set(story): c[story == s] = v[story == s] - 0.85 * v[story == s].mean(0)
    c = unit(c)
    pos = np.array([nums[m.doc].index(m.rel) for m in ms]); doc = np.array([m.doc for m in ms])
    adj = (doc[:, None] == doc[None, :]) & (np.abs(pos[:, None] - pos[None, :]) == 1)
    up = np.triu(np.ones((len(ms), len(ms)), bool), 1); inside = up & (story[:, None] == story[None, :])
    same = claim[:, None] == claim[None, :]
    row = []
    for b in betas:
        S = c @ c.T + b * adj
        f, t = best(S[inside], same[inside]); acc[b].append(f); row.append(f"{f:.3f}@{t}")
    print(folder.split("/")[-1], *row, flush=True)
print("mean", *[f"b={b}:{np.mean(acc[b]):.3f}" for b in betas])
