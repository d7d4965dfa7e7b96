import sys, pickle, numpy as np
from pathlib import Path
from quotetrail.neural import merge_logits
from quotetrail.relations import decode_bio, ROLES
from quotetrail.linker import Linker
from quotetrail.evaluate import read_gold
sys.path.insert(0, "/work/shared/bench"); import attribution_score as ref
gold = read_gold("/work/shared/data/polnear/dev")
cache = pickle.load(open(sys.argv[1], "rb"))
linker = Linker.load(Path(sys.argv[2]))
tot = dict(gold=0, matched=0, orphan_content=0, orphan_with_src=0, orphans=0, orphan_is_gold=0, gold_nosrc=0, content_untagged=0)
for doc, (offs, wins, logits) in cache.items():
    text = gold.texts[doc]
    m = merge_logits(len(offs), wins, logits).reshape(len(offs), 3, 3)
    tags = m.argmax(-1)
    spans = {r: decode_bio(offs, tags[:, k].tolist()) for k, r in enumerate(ROLES)}
    rels = linker.link(text, spans)
    used = {c for r in rels for c in r["content"]}
    orphans = [c for c in spans["content"] if c not in used]
    L = lambda sp: ref.letters(text, sp)
    g = [{k: L(list(getattr(r, k))) for k in ROLES} for r in gold.relations[doc]]
    p = [{k: L(r[k]) for k in ROLES} for r in rels]
    tot["orphans"] += len(orphans)
    og = set()
    for gi, gr in enumerate(g):
        tot["gold"] += 1
        ok = any(ref.jaccard(pr["content"], gr["content"]) >= .5 and ((not pr["source"] and not gr["source"]) or (pr["source"] & gr["source"])) for pr in p)
        if ok: tot["matched"] += 1; continue
        hit = [c for c in orphans if ref.jaccard(L([c]), gr["content"]) >= .5]
        if hit:
            tot["orphan_content"] += 1; og.add(hit[0])
            if not gr["source"]: tot["gold_nosrc"] += 1
        elif not any(ref.jaccard(L([c]), gr["content"]) >= .5 for c in spans["content"]):
            tot["content_untagged"] += 1
    tot["orphan_is_gold"] += len(og)
print(tot)
# fragmentation analysis
frag = 0; frag_n = []
for doc, (offs, wins, logits) in cache.items():
    text = gold.texts[doc]
    m = merge_logits(len(offs), wins, logits).reshape(len(offs), 3, 3)
    tags = m.argmax(-1)
    spans = {r: decode_bio(offs, tags[:, k].tolist()) for k, r in enumerate(ROLES)}
    L = lambda sp: ref.letters(text, sp)
    for r in gold.relations[doc]:
        gc = L(list(r.content))
        if not gc: continue
        if any(ref.jaccard(L([c]), gc) >= .5 for c in spans["content"]): continue
        ov = [c for c in spans["content"] if L([c]) & gc]
        if len(ov) >= 2 and ref.jaccard(L(ov), gc) >= .5:
            frag += 1
            gaps = [text[a[1]:b[0]] for a, b in zip(sorted(ov), sorted(ov)[1:])]
            frag_n.append(gaps)
print("fragmented golds recoverable by union:", frag)
import collections
print(collections.Counter(g for gs in frag_n for g in gs).most_common(30))
