"""Re-run grouping on saved tagger spans (OUT.jsonl.spans.json) with other settings, and score.
usage: regroup.py SPANS.json ['max_src_gap=80,right_pen=1']"""
import sys, json
sys.path.insert(0, "/work/shared/bench")
from attribution_score import read_brat, score
from group import group
gold, texts = read_brat("/work/shared/data/polnear/dev")
raw = json.load(open(sys.argv[1]))
kw = eval("dict(" + (sys.argv[2] if len(sys.argv) > 2 else "") + ")")
pred = {d: group(texts[d], {r: [tuple(x) for x in v] for r, v in sp.items()}, **kw) for d, sp in raw.items()}
res = score(gold, pred, texts); a = res["attribution"]
print(kw, "attr P/R/F1", a["p"], a["r"], a["f1"], "exact F1", {r: res["roles"][r]["exact"]["f1"] for r in res["roles"]})
