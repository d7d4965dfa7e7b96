"""Decompose end-to-end misses: for each gold relation, why no predicted relation matches."""
import sys, json
sys.path.insert(0, "/work/shared/bench")
from attribution_score import read_brat, letters, jaccard, read_jsonl
from collections import Counter
gold, texts = read_brat("/work/shared/data/polnear/dev")
pred = read_jsonl(sys.argv[1])
C = Counter()
for d, rels in gold.items():
    t = texts[d]; P = pred.get(d, [])
    pl = [{r: letters(t, p[r]) for r in p} for p in P]
    for g in rels:
        gc, gs, gq = letters(t, g["content"]), letters(t, g["source"]), letters(t, g["cue"])
        ok_c = [p for p in pl if jaccard(p["content"], gc) >= 0.5]
        ok = [p for p in ok_c if (p["source"] & gs) or (not p["source"] and not gs)]
        if ok: C["matched(approx, not 1-1)"] += 1; continue
        cue_hit = [p for p in pl if p["cue"] & gq]
        if not cue_hit: C["cue not found"] += 1
        elif not ok_c: C["cue found, content J<0.5"] += 1
        else: C["content ok, source wrong" + (" (gold none)" if not gs else " (pred none)" if not any(p['source'] for p in ok_c) else "")] += 1
n = sum(C.values())
for k, v in C.most_common(): print(f"{k:40s} {v:5d} {v/n:.3f}")
# second pass: for 'cue found, content J<0.5', is there any predicted content span (raw tagger) with J>=0.5?
raw = json.load(open(sys.argv[1] + ".spans.json")) if len(sys.argv) > 1 else None
D = Counter()
for d, rels in gold.items():
    t = texts[d]; P = pred.get(d, [])
    pl = [{r: letters(t, p[r]) for r in p} for p in P]
    rc = [letters(t, [x]) for x in raw[d]["content"]]
    for g in rels:
        gc, gq = letters(t, g["content"]), letters(t, g["cue"])
        if any(jaccard(p["content"], gc) >= 0.5 for p in pl): continue
        if not any(p["cue"] & gq for p in pl): continue
        best = max((jaccard(x, gc) for x in rc), default=0)
        D["tagger has a content span J>=0.5 (grouping picked wrong)" if best >= 0.5 else "no tagged content J>=0.5 (tagger boundary/miss)"] += 1
print(D)
