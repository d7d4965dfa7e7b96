import sys, pickle, itertools, numpy as np
from pathlib import Path
from quotetrail.neural import merge_logits
from quotetrail.relations import decode_bio, ROLES
from quotetrail.linker import Linker
from quotetrail.evaluate import read_gold, score, Relation
gold = read_gold("/work/shared/data/polnear/dev")
cache = pickle.load(open(sys.argv[1], "rb"))
linker = Linker.load(Path(sys.argv[2]))
def merge_avg(n, wins, logits):
    out = np.zeros((n, logits[0].shape[-1]), np.float32); cnt = np.zeros(n)
    for (s,e), lg in zip(wins, logits):
        idx = np.arange(s,e); c = np.minimum(idx-s, e-1-idx)+1.0
        w = np.minimum(c, 32.0)[:,None]
        out[s:e] += lg[1:e-s+1]*w; cnt[s:e] += w[:,0]
    return out/cnt[:,None]
def run(bias, avg=False):
    pred = {}
    for doc, (offs, wins, logits) in cache.items():
        m = (merge_avg if avg else merge_logits)(len(offs), wins, logits).reshape(len(offs), 3, 3).copy()
        for k in range(3): m[:, k, 0] -= bias[k]
        tags = m.argmax(-1)
        spans = {r: decode_bio(offs, tags[:, k].tolist()) for k, r in enumerate(ROLES)}
        rels = linker.link(gold.texts[doc], spans)
        pred[doc] = [Relation(tuple(r["source"]), tuple(r["cue"]), tuple(r["content"])) for r in rels]
    res = score(gold, pred)
    a = res.attribution
    return a.p, a.r, a.f1
print(ROLES)
for avg in (False, True):
    print("avg", avg, run((0,0,0), avg))
for bs, bc, bq in itertools.product((0, 0.5), (0, 0.5, 1.0, 1.5), (0, 0.5, 1.0)):
    print((bs,bc,bq), "%.3f %.3f %.3f" % run((bs,bc,bq)), flush=True)
