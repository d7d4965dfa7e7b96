"""Write dev predictions (JSON Lines, scorer contract) of the heuristic and of the linker (held-out-tuned
thresholds from RESULTS.json), and split false positives by whether the cue hits any gold cue.
usage: predict_dev.py MODEL.pkl RESULTS.json OUT.jsonl"""
import json, pickle, sys
import numpy as np
import linkfeat as LF
from quotetrail.evaluate import read_gold, letters, match_relations, Relation
from quotetrail.relations import group
mc, mp, ms = pickle.load(open(sys.argv[1], "rb"))
th = json.load(open(sys.argv[2]))["thresholds"]
G = read_gold("/work/shared/data/polnear/dev")
spans = json.load(open("spans_dev.json"))
def link(text, sp, tc, ts, t2, dedupe):
    ctx, recs = LF.build_doc(text, sp)
    X = [x for r in recs for x in r["X"]]
    if not X: return []
    X = np.array(X); p = mc.predict_proba(X)[:, 1]; pp = mp.predict_proba(X)[:, 1]
    k = 0; rels = []
    for r in recs:
        n = len(r["X"]); P = p[k:k+n]; PP = pp[k:k+n]; k += n
        if not n or P.max() < tc: continue
        i = int(np.argmax(P)); c = r["cand"][i]; q = r["cue"]; frags = [c]
        if t2 is not None:
            opp = [(PP[j], x) for j, x in enumerate(r["cand"]) if (x[0] >= q[1]) != (c[0] >= q[1]) and PP[j] >= t2 and LF.gap(x, q) <= 200]
            if opp: frags.append(max(opp)[1])
        src = None
        if r["scand"]:
            ps = ms.predict_proba(np.array(LF.src_examples(text, ctx, r, c)))[:, 1]
            ok = [j for j, s in enumerate(r["scand"]) if not any(LF.overlap(s, f) for f in frags)]
            if ok:
                j = max(ok, key=lambda j: ps[j])
                if ps[j] >= ts: src = r["scand"][j]
        rels.append({"source": [list(src)] if src else [], "cue": [list(q)], "content": [list(f) for f in sorted(frags)], "p": float(P[i])})
    if dedupe:
        by = {}
        for r in rels:
            key = json.dumps(r["content"])
            if key not in by or r["p"] > by[key]["p"]: by[key] = r
        rels = list(by.values())
    return [{k: v for k, v in r.items() if k != "p"} for r in rels]
out = {"heuristic": {}, "linker": {}}
for d in sorted(spans):
    t = G.texts[d]
    out["heuristic"][d] = [{k: [list(x) for x in v] for k, v in r.items()} for r in group({k: [tuple(x) for x in v] for k, v in spans[d].items()}, t)]
    out["linker"][d] = link(t, spans[d], th["tc"], th["ts"], th["t2"], th["dedupe"])
for name, pred in out.items():
    fn = sys.argv[3].replace(".jsonl", f".{name}.jsonl")
    with open(fn, "w") as f:
        for d, rels in pred.items(): f.write(json.dumps({"doc": d, "attributions": rels}) + "\n")
    fp_cue_hit = fp_cue_miss = tp = 0
    for d, rels in pred.items():
        t = G.texts[d]
        P = [{r: letters(t, Relation.from_json(x).role(r)) for r in ("source", "cue", "content")} for x in rels]
        Gl = [{r: letters(t, g.role(r)) for r in ("source", "cue", "content")} for g in G.relations[d]]
        m = {i for i, _ in match_relations(P, Gl)}
        gcue = set().union(*[g["cue"] for g in Gl]) if Gl else set()
        for i, x in enumerate(P):
            if i in m: tp += 1
            elif x["cue"] & gcue: fp_cue_hit += 1
            else: fp_cue_miss += 1
    print(f"{name}: {fn} tp {tp}  FP with a real cue {fp_cue_hit}  FP with a spurious cue {fp_cue_miss}")
