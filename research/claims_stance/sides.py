"""Sides within gold claims: the label anchor against signed-graph readings of all member pairs (research).

    PYTHONPATH=src python research/claims_stance/sides.py eval/claims/news1 [...] [--stance]

Accuracy per gold claim up to orientation (a claim's sides may be named either way round).
"""
import sys, itertools
import numpy as np
from quotetrail.claims_eval import read_claims_gold
from quotetrail.claims import central, claim_text
from quotetrail.embed import claim_encoder
from quotetrail.stance import agreement_model, stance_model
which = "stance" if "--stance" in sys.argv else "agreement"
args = [a for a in sys.argv[1:] if not a.startswith("--")]
m = stance_model() if which == "stance" else agreement_model()
enc = claim_encoder()
def oriented(pred, gold):
    ok = np.mean(np.asarray(pred) == np.asarray(gold)); return max(ok, 1 - ok)
tot = {}
for f in args:
    g = read_claims_gold(f)
    for c in sorted(g.propositions):
        ms = [x for x in g.members if x.claim == c]
        texts = [claim_text(g.content_text(x)) for x in ms]
        gold = [x.stance == "supports" for x in ms]
        n = len(ms)
        pairs = [(texts[i], texts[j]) for i in range(n) for j in range(n) if i != j]
        p = m.probabilities(pairs)
        P = np.zeros((n, n)); k = 0
        for i in range(n):
            for j in range(n):
                if i != j: P[i, j] = p[k]; k += 1
        W = (P + P.T) / 2 - 0.5; np.fill_diagonal(W, 0)
        v = enc.encode(texts); lab = central(np.asarray(v), list(range(n)))
        label = [True if i == lab else P[lab, i] >= 0.5 for i in range(n)]
        w, U = np.linalg.eigh(W); spec = list(U[:, -1] >= 0)
        it = np.asarray([1.0 if s else -1.0 for s in label])
        for _ in range(10):
            new = np.sign(W @ it + 1e-9 * it); new[new == 0] = 1
            if (new == it).all(): break
            it = new
        vs = np.asarray(v) / np.linalg.norm(np.asarray(v), axis=1, keepdims=True)
        cand = list(np.argsort(-(vs @ vs.sum(0)))[:5])
        best = max(cand, key=lambda a: np.mean([abs(P[a, i] - 0.5) for i in range(n) if i != a]))
        decisive = [True if i == best else P[best, i] >= 0.5 for i in range(n)]
        for name, pred in (("label", label), ("spectral", spec), ("label+iterate", list(it > 0)), ("decisive", decisive)):
            r = oriented(pred, gold) * n
            tot.setdefault(name, [0, 0]); tot[name][0] += r; tot[name][1] += n
        print(f, c, n, "label %.2f spectral %.2f iterate %.2f" % (oriented(label, gold), oriented(spec, gold), oriented(list(it > 0), gold)), flush=True)
for k, (r, n) in tot.items():
    print(which, k, "%.3f of %d" % (r / n, n))
