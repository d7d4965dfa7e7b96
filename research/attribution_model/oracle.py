"""Grouping ceiling: gold role spans (deduplicated, relations forgotten) -> group.py -> scorer."""
import sys, json
sys.path.insert(0, "/work/shared/bench")
from attribution_score import read_brat, score
from group import group
gold, texts = read_brat("/work/shared/data/polnear/dev")
kw = eval("dict(" + (sys.argv[1] if len(sys.argv) > 1 else "") + ")")
pred = {}
for doc, rels in gold.items():
    sp = {r: sorted({tuple(f) for rel in rels for f in rel[r]}) for r in ("source", "cue", "content")}
    pred[doc] = group(texts[doc], sp, **kw)
res = score(gold, pred, texts)
a = res["attribution"]
print(kw, "attr P/R/F1", a["p"], a["r"], a["f1"], {r: res["roles"][r]["exact"]["f1"] for r in res["roles"]})
