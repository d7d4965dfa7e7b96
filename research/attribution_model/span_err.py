import sys, json, random
sys.path.insert(0, "/work/shared/bench")
from attribution_score import read_brat, letters
gold, texts = read_brat("/work/shared/data/polnear/dev")
raw = json.load(open(sys.argv[1])); role = sys.argv[2]
from collections import Counter
C = Counter(); ex = []
for d, rels in gold.items():
    t = texts[d]
    gs = {tuple(map(tuple, r[role])) for r in rels if r[role]}
    ps = [tuple(x) for x in raw[d][role]]
    pl = [letters(t, [p]) for p in ps]
    for g in gs:
        gl = letters(t, g)
        if any(gl == x for x in pl): C["exact"] += 1; continue
        ov = [(len(gl & x), p, x) for p, x in zip(ps, pl) if gl & x]
        if not ov: C["missed"] += 1; continue
        if len(ov) > 1: C["fragmented(%d frags gold)" % len(g)] += 1
        else:
            _, p, x = ov[0]
            C["pred larger" if x > gl else "pred smaller" if x < gl else "shifted"] += 1
        ex.append((" | ".join(t[a:b] for a, b in g)[:150], [t[p[0]:p[1]][:150] for _, p, _ in ov]))
print(C)
random.seed(1)
for e in random.sample(ex, 8): print(e)
