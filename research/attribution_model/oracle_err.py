import sys
sys.path.insert(0, "/work/shared/bench")
from attribution_score import read_brat, letters, jaccard
from group import group
gold, texts = read_brat("/work/shared/data/polnear/dev")
kw = eval("dict(" + (sys.argv[1] if len(sys.argv) > 1 else "") + ")")
from collections import Counter
C = Counter(); ex = []
for doc, rels in gold.items():
    t = texts[doc]
    sp = {r: sorted({tuple(f) for rel in rels for f in rel[r]}) for r in ("source", "cue", "content")}
    pred = group(t, sp, **kw)
    for g in rels:
        # find pred with same cue
        ps = [p for p in pred if p["cue"] and g["cue"] and letters(t, p["cue"]) == letters(t, g["cue"])]
        if not ps: C["no pred for cue" if g["cue"] else "gold no cue"] += 1; continue
        p = ps[0]
        cj = jaccard(letters(t, p["content"]), letters(t, g["content"]))
        so = bool(letters(t, p["source"]) & letters(t, g["source"])) or (not p["source"] and not g["source"])
        if cj < 0.5: C["content wrong"] += 1; ex.append(("C", t[g["cue"][0][0]:g["cue"][0][1]], [t[a:b][:60] for a,b in g["content"]], [t[a:b][:60] for a,b in p["content"]]))
        elif not so: C["source wrong" + (" (gold none)" if not g["source"] else " (pred none)" if not p["source"] else "")] += 1; ex.append(("S", t[g["cue"][0][0]:g["cue"][0][1]], [t[a:b] for a,b in g["source"]], [t[a:b] for a,b in p["source"]]))
        else: C["ok"] += 1
print(C)
import random; random.seed(0)
for e in random.sample(ex, 15): print(e)
