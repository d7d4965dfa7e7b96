"""Per-document inference cost of the linker on dev (features + 3 model calls + decode), 1 thread,
vs the heuristic group(). usage: OMP_NUM_THREADS=1 ... timing.py linker_hgb_pred.pkl"""
import json, pickle, sys, time, os
import numpy as np
import linkfeat as LF
from quotetrail.relations import group
mc, mp, ms = pickle.load(open(sys.argv[1], "rb"))
texts, _ = LF.read_split("dev")
spans = json.load(open("spans_dev.json"))
def link(text, sp):
    ctx, recs = LF.build_doc(text, sp)
    X = [x for r in recs for x in r["X"]]
    if not X: return []
    X = np.array(X); p = mc.predict_proba(X)[:, 1]; pp = mp.predict_proba(X)[:, 1]
    k = 0; XS = []; own = []
    for r in recs:
        n = len(r["X"]); r["p"] = p[k:k+n]; r["pp"] = pp[k:k+n]; k += n
        if n and r["scand"]:
            XS += LF.src_examples(text, ctx, r, r["cand"][int(np.argmax(r["p"]))]); own.append(r)
    if XS: ms.predict_proba(np.array(XS))
    return recs
for name, fn in (("heuristic", lambda t, s: group({k: [tuple(x) for x in v] for k, v in s.items()}, t)), ("linker", link),
                 ("features only", lambda t, s: LF.build_doc(t, s))):
    best = 1e9
    for rep in range(3):
        t0 = time.perf_counter()
        for d in sorted(spans): fn(texts[d], spans[d])
        best = min(best, time.perf_counter() - t0)
    print(f"{name:14s} {best:.2f} s for {len(spans)} docs = {1000*best/len(spans):.1f} ms/doc")
print("model file", sys.argv[1], os.path.getsize(sys.argv[1]) / 1e6, "MB")
