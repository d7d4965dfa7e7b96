"""Run the L4b int8pc tagger over a PolNeAR split; cache {doc: {role: [[s,e]...]}} to JSON."""
import json, os, sys, time
from pathlib import Path
from quotetrail.neural import Tagger
split = sys.argv[1]
folder = f"/work/shared/data/polnear/{split}/text"
t = Tagger(Path("/tmp/qt/linker/mdl"))
out = {}
t0 = time.time()
for name in sorted(os.listdir(folder)):
    if not name.endswith(".txt"):
        continue
    text = open(os.path.join(folder, name), encoding="utf-8").read()
    sp = t.tag(text)
    out[name[:-4]] = {r: [list(x) for x in v] for r, v in sp.items()}
print(split, len(out), "docs", round(time.time() - t0, 1), "s")
json.dump(out, open(f"/tmp/qt/linker/spans_{split}.json", "w"))
