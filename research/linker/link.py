"""Train and evaluate a learned cue -> content / source linker over tagger spans.

usage: PYTHONPATH=/work/main/src venv/bin/python link.py [--model hgb|lr] [--train-spans gold|pred]
"""
from __future__ import annotations

import argparse
import json
import pickle
import random
import time

import numpy as np

from quotetrail.evaluate import Gold, Relation, read_gold, score, to_json
from quotetrail.relations import group

import linkfeat as LF

ap = argparse.ArgumentParser()
ap.add_argument("--model", default="hgb")
ap.add_argument("--train-spans", default="pred")
ap.add_argument("--out", default="results.json")
args = ap.parse_args()


def gold_spans(gold_rels):
    return {r: sorted({tuple(f) for g in gold_rels for f in g.role(r)}) for r in ("source", "cue", "content")}


# --- data ---------------------------------------------------------------------------------------
t0 = time.time()
tr_texts, tr_gold_full = LF.read_split("train")
G_tr = read_gold("/work/shared/data/polnear/train")
G_dev = read_gold("/work/shared/data/polnear/dev")
dev_texts = G_dev.texts
pred_tr = json.load(open("spans_train.json"))
pred_dev = json.load(open("spans_dev.json"))
gold_tr_spans = {d: gold_spans(G_tr.relations[d]) for d in G_tr.relations}
gold_dev_spans = {d: gold_spans(G_dev.relations[d]) for d in G_dev.relations}
train_spans = pred_tr if args.train_spans == "pred" else gold_tr_spans
print("data", round(time.time() - t0, 1), "s")


def make_model(kind):
    if kind == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier
        return HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, max_leaf_nodes=31,
                                              min_samples_leaf=20, l2_regularization=1.0, random_state=0)
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))


def build(docs, spans_by_doc, texts, gold_full):
    """Per doc: ctx, cue records (with labels)."""
    return {d: LF.build_doc(texts[d], spans_by_doc.get(d, {}), gold_full[d]) for d in docs}


def fit(built, texts):
    Xc, yc, yp = [], [], []
    Xs, ys = [], []
    for d, (ctx, recs) in built.items():
        for rec in recs:
            Xc += rec["X"]; yc += rec["y"]; yp += rec["ypart"]
            if rec.get("gold") is None or not rec["cand"]:
                continue
            # the content the source model is conditioned on: best gold-matching candidate, else none
            pos = [c for c, y in zip(rec["cand"], rec["y"]) if y]
            if not pos:
                continue
            content = pos[0]
            xs = LF.src_examples(texts[d], ctx, rec, content)
            lab, _none = LF.src_labels(texts[d], rec)
            for x, y, s in zip(xs, lab, rec["scand"]):
                if LF.overlap(s, content):
                    continue
                Xs.append(x); ys.append(y)
    mc = make_model(args.model).fit(np.array(Xc), np.array(yc))
    mp = make_model(args.model).fit(np.array(Xc), np.array(yp))
    ms = make_model(args.model).fit(np.array(Xs), np.array(ys))
    print(f"  fit: content {len(yc)} ex ({sum(yc)} pos), source {len(ys)} ex ({sum(ys)} pos)")
    return mc, mp, ms


def predict_probs(models, built, texts):
    """Attach content probabilities (full, part) to every cue record."""
    mc, mp, ms = models
    for d, (ctx, recs) in built.items():
        X = [x for rec in recs for x in rec["X"]]
        if not X:
            for rec in recs:
                rec["p"], rec["pp"] = [], []
            continue
        X = np.array(X)
        p, pp = mc.predict_proba(X)[:, 1], mp.predict_proba(X)[:, 1]
        k = 0
        XS, own = [], []
        for rec in recs:
            n = len(rec["X"])
            rec["p"], rec["pp"] = p[k:k + n].tolist(), pp[k:k + n].tolist()
            k += n
            rec["ps"] = []
            if n and rec["scand"]:
                content = rec["cand"][int(np.argmax(rec["p"]))]
                XS += LF.src_examples(texts[d], ctx, rec, content)
                own.append((rec, len(rec["scand"])))
        if XS:
            ps = ms.predict_proba(np.array(XS))[:, 1]
            k = 0
            for rec, n in own:
                rec["ps"] = ps[k:k + n].tolist()
                k += n


def decode(models, built, texts, tc=0.3, ts=0.3, t2=None, dedupe=None):
    """Relations per doc. t2: threshold of the part model for a second content fragment on the other side
    of the cue. dedupe: None | 'keep' (one relation per content, highest p) | 'merge' (merge their cues)."""
    ms = models[2]
    out = {}
    for d, (ctx, recs) in built.items():
        text = texts[d]
        rels = []
        for rec in recs:
            if not rec["cand"]:
                continue
            i = int(np.argmax(rec["p"]))
            if rec["p"][i] < tc:
                continue
            content = rec["cand"][i]
            frags = [content]
            q = rec["cue"]
            if t2 is not None:
                after = content[0] >= q[1]
                opp = [(pp, c) for pp, c in zip(rec["pp"], rec["cand"])
                       if (c[0] >= q[1]) != after and pp >= t2 and LF.gap(c, q) <= 200]
                if opp:
                    frags.append(max(opp)[1])
            source = None
            if rec["scand"]:
                ok = [k for k, s in enumerate(rec["scand"]) if not any(LF.overlap(s, f) for f in frags)]
                if ok:
                    j = max(ok, key=lambda k: rec["ps"][k])
                    if rec["ps"][j] >= ts:
                        source = rec["scand"][j]
            rels.append({"source": [source] if source else [], "cue": [q], "content": sorted(frags),
                         "p": rec["p"][i]})
        if dedupe:
            by = {}
            for r in rels:
                key = tuple(r["content"])
                if key not in by:
                    by[key] = r
                else:
                    keep = by[key]
                    if dedupe == "merge":
                        keep["cue"] = sorted(keep["cue"] + r["cue"])
                    if r["p"] > keep["p"]:
                        r["cue"] = keep["cue"] if dedupe == "merge" else r["cue"]
                        by[key] = r
            rels = list(by.values())
        out[d] = [Relation.from_json(r) for r in rels]
    return out


def heuristic(spans_by_doc, texts):
    return {d: [Relation.from_json(r) for r in group({k: [tuple(x) for x in v] for k, v in sp.items()}, texts[d])]
            for d, sp in spans_by_doc.items() if d in texts}


def summary(res):
    j = to_json(res)
    a = j["attribution"]
    return {"P": a["p"], "R": a["r"], "F1": a["f1"], "pred": a["pred"],
            **{f"ex_{r}": j["roles"][r]["exact"]["f1"] for r in ("source", "cue", "content")}}


def sub_gold(G, docs):
    return Gold({d: G.relations[d] for d in docs}, {d: G.texts[d] for d in docs})


results = {}
# --- threshold tuning on a held-out 20% of train ------------------------------------------------
docs = sorted(train_spans)
random.Random(0).shuffle(docs)
n_ho = len(docs) // 5
ho, fit_docs = docs[:n_ho], docs[n_ho:]
t0 = time.time()
b_fit = build(fit_docs, train_spans, tr_texts, tr_gold_full)
# the held-out part is always decoded from *predicted* spans (what the linker sees at test time),
# unless the linker is trained on gold spans
b_ho = build(ho, train_spans, tr_texts, tr_gold_full)
print("build", round(time.time() - t0, 1), "s")
models = fit(b_fit, tr_texts)
predict_probs(models, b_ho, tr_texts)
G_ho = sub_gold(G_tr, ho)
best = None
grid = []
for tc in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
    for ts in (0.2, 0.3, 0.4, 0.5):
        s = summary(score(G_ho, decode(models, b_ho, tr_texts, tc, ts)))
        grid.append((tc, ts, s["F1"]))
        if best is None or s["F1"] > best[2]:
            best = (tc, ts, s["F1"])
print("held-out best tc/ts/F1", best)
tc, ts = best[0], best[1]
best2 = None
for t2 in (None, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
    for dd in (None, "keep", "merge"):
        s = summary(score(G_ho, decode(models, b_ho, tr_texts, tc, ts, t2, dd)))
        print("  held-out t2", t2, "dedupe", dd, s)
        if best2 is None or s["F1"] > best2[2]:
            best2 = (t2, dd, s["F1"])
print("held-out best t2/dedupe", best2)
results["thresholds"] = {"tc": tc, "ts": ts, "t2": best2[0], "dedupe": best2[1], "heldout_grid": grid}

# --- full train fit, dev evaluation ---------------------------------------------------------------
t0 = time.time()
b_all = {**b_fit, **b_ho}
models = fit(b_all, tr_texts)
print("fit all", round(time.time() - t0, 1), "s")
pickle.dump(models, open(f"linker_{args.model}_{args.train_spans}.pkl", "wb"))
dev_full = {d: [{k: [tuple(f) for f in getattr(r, k)] for k in ("source", "cue", "content")}
                for r in G_dev.relations[d]] for d in G_dev.relations}
for name, spans in (("pred", pred_dev), ("gold", gold_dev_spans)):
    results[f"heuristic_{name}"] = summary(score(G_dev, heuristic(spans, dev_texts)))
    t0 = time.time()
    b_dev = build(sorted(spans), spans, dev_texts, {d: None for d in spans})
    predict_probs(models, b_dev, dev_texts)
    base = decode(models, b_dev, dev_texts, tc, ts)
    dt = time.time() - t0
    results[f"linker_{name}"] = summary(score(G_dev, base))
    results[f"linker_{name}_sec_per_doc"] = round(dt / len(spans), 4)
    results[f"linker_{name}_best_variant"] = summary(score(G_dev, decode(models, b_dev, dev_texts, tc, ts, best2[0], best2[1])))
    for t2 in (None, 0.5):
        for dd in (None, "keep", "merge"):
            results[f"linker_{name}_t2={t2}_dedupe={dd}"] = summary(score(G_dev, decode(models, b_dev, dev_texts, tc, ts, t2, dd)))
for k, v in results.items():
    if k != "thresholds":
        print(k, v)
json.dump(results, open(args.out, "w"), indent=1)
