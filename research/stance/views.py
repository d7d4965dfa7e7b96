"""Test-time negation views for the stance cross-encoder: average P(supports) over (c, s), (not c, s) flipped,
(c, not s) flipped, (both orders). Scored on PERSPECTRUM dev and annotated news claims."""
import sys, numpy as np
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2] / "src"))
from quotetrail.stance import StanceModel, softmax
from quotetrail.stance_train import read_perspectrum, negate
from quotetrail.claims_eval import read_claims_gold
m = StanceModel()
def views(pairs):
    c = [a for a, _ in pairs]; s = [b for _, b in pairs]
    base = softmax(m.logits(c, s))[:, 1]
    rev = softmax(m.logits(s, c))[:, 1]
    nc = [negate(x) for x in c]; ns = [negate(x) for x in s]
    idx_c = [i for i, x in enumerate(nc) if x]
    negc = base.copy(); negc[idx_c] = 1 - softmax(m.logits([nc[i] for i in idx_c], [s[i] for i in idx_c]))[:, 1]
    idx_s = [i for i, x in enumerate(ns) if x]
    negs = base.copy(); negs[idx_s] = 1 - softmax(m.logits([c[i] for i in idx_s], [ns[i] for i in idx_s]))[:, 1]
    return {"base": base, "rev": rev, "negc": negc, "negs": negs}
sets = {}
dev = read_perspectrum("/work/shared/data/perspectrum", "dev")
sets["persp_dev"] = ([(p.claim, p.statement) for p in dev], np.array([p.label for p in dev]))
for f in sys.argv[1:]:
    g = read_claims_gold(f)
    sets[f.split("/")[-1]] = ([(g.propositions[x.claim], g.content_text(x)) for x in g.members], np.array([x.stance == "supports" for x in g.members], dtype=int))
combos = {"base": ["base"], "base+negc": ["base", "negc"], "base+negs": ["base", "negs"], "base+negc+negs": ["base", "negc", "negs"], "base+rev": ["base", "rev"], "all4": ["base", "rev", "negc", "negs"]}
for name, (pairs, y) in sets.items():
    v = views(pairs)
    print(name, len(y), {k: round(float(((np.mean([v[x] for x in ks], axis=0) >= 0.5) == y).mean()), 4) for k, ks in combos.items()}, flush=True)
