"""Score predicted labels of the statements confuse.py saved against their gold claims (research)."""
import os
SCRATCH = os.environ.get("QT_SCRATCH", "/tmp/qt/s11")
"""Where the per-folder statements, vectors and pair scores are kept between scripts."""
import json, numpy as np
from itertools import combinations
from quotetrail.claims import group, _normalised
SETS = ["news1", "news2", "news3", "sample"]
def load(s):
    v = np.load(f"{SCRATCH}/v_{s}.npy"); m = json.load(open(f"{SCRATCH}/meta_{s}.json"))
    return v, m
def f1(m, labels):
    ms, found = m["members"], m["found"]
    tp = npred = ngold = 0
    for a, b in combinations(range(len(ms)), 2):
        sg = ms[a][1] == ms[b][1]
        sp = found[a] is not None and found[b] is not None and labels[found[a]] == labels[found[b]]
        ngold += sg; npred += sp; tp += sg and sp
    p = tp / npred if npred else 0; r = tp / ngold
    return (2*p*r/(p+r) if p+r else 0), p, r
def sweep(fn, sets=SETS, ts=np.arange(0.2, 0.71, 0.025)):
    out = {}
    for s in sets:
        v, m = load(s)
        res = [(f1(m, fn(v, t))[0], t) for t in ts]
        out[s] = (max(res), dict((round(t,3), f) for f, t in res))
    return out
