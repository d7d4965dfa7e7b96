import sys, pickle, itertools, numpy as np
from pathlib import Path
from quotetrail.neural import merge_logits
from quotetrail.relations import decode_bio, ROLES
from quotetrail.linker import Linker
from quotetrail.evaluate import read_gold, score, Relation
gold = read_gold("/work/shared/data/polnear/dev")
cache = pickle.load(open(sys.argv[1], "rb"))
linker = Linker.load(Path(sys.argv[2]))
def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True)); return e / e.sum(-1, keepdims=True)
def fill(tags, pin, k, tau):
    """O-runs of <= k pieces between two non-O pieces with mean p_in >= tau become I."""
    tags = tags.copy(); n = len(tags); i = 0
    while i < n:
        if tags[i] == 0:
            j = i
            while j < n and tags[j] == 0: j += 1
            if 0 < i and j < n and j - i <= k and pin[i:j].mean() >= tau:
                tags[i:j] = 2
                if tags[j] == 1: tags[j] = 2
            i = j
        else:
            i += 1
    return tags
def join_b(tags, pb_ratio):
    """A B right after a B/I piece becomes I unless B is clearly likelier (p_B > pb_ratio * p_I)."""
    return tags
def run(k, tau, roles=(2,), bmerge=0.0):
    pred = {}
    for doc, (offs, wins, logits) in cache.items():
        m = merge_logits(len(offs), wins, logits).reshape(len(offs), 3, 3)
        tags = m.argmax(-1)
        out = {}
        for ki, r in enumerate(ROLES):
            t = tags[:, ki]
            if ki in roles:
                p = softmax(m[:, ki])
                if bmerge:
                    prev_in = np.r_[False, t[:-1] != 0]
                    flip = (t == 1) & prev_in & (p[:, 1] < bmerge * (p[:, 1] + p[:, 2]))
                    t = np.where(flip, 2, t)
                if k: t = fill(t, 1 - p[:, 0], k, tau)
            out[r] = decode_bio(offs, t.tolist())
        rels = linker.link(gold.texts[doc], out)
        pred[doc] = [Relation(tuple(r["source"]), tuple(r["cue"]), tuple(r["content"])) for r in rels]
    a = score(gold, pred).attribution
    return "%.4f %.4f %.4f" % (a.p, a.r, a.f1)
print("base", run(0, 0))
for bm in (0.7, 0.9, 1.0):
    print("bmerge", bm, run(0, 0, bmerge=bm), flush=True)
for k, tau in itertools.product((1, 2, 4, 8), (0.1, 0.2, 0.3)):
    print(k, tau, run(k, tau), flush=True)
