import sys, numpy as np, itertools, re, math
from collections import Counter
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2] / "src"))
from quotetrail.claims_eval import read_claims_gold
from quotetrail.claims import claim_text
from quotetrail.embed import encoder
STOP = set("the a an of to in and or for on at by with that this is are was were be been it its as from not no but he she they we i you his her their our has have had will would should could can may might do does did said says than then there these those which who whom what when where why how all any more most very also just about into over after before".split())
def best(S, same_mask, iu):
    sims = S[iu]; same = same_mask[iu]; b = (0, 0)
    for t in np.arange(-0.2, 0.95, 0.01):
        pred = sims >= t; tp = (pred & same).sum(); p = tp / max(pred.sum(), 1); r = tp / same.sum()
        f = 2 * p * r / (p + r) if p + r else 0; b = max(b, (round(float(f), 3), round(float(t), 2)))
    return b
for folder in sys.argv[1:]:
    g = read_claims_gold(folder)
    # all marked relations' contents of the folder as the corpus (members + distractors) for idf / centering
    from quotetrail.evaluate import read_brat
    b = read_brat(folder)
    corpus = [claim_text(" ".join(b.texts[d][s:e] for s, e in r.content)) for d in b.texts for r in b.relations[d]]
    texts = [claim_text(g.content_text(m)) for m in g.members]
    enc = encoder()
    V = enc.encode(texts); C = enc.encode(corpus)
    n = len(texts); iu = np.triu_indices(n, 1)
    gl = np.array([m.claim for m in g.members]); same = gl[:, None] == gl[None, :]
    def norm(x): return x / np.linalg.norm(x, axis=1, keepdims=True)
    raw = norm(V) @ norm(V).T
    mu = C.mean(0); cen = norm(V - mu); centered = cen @ cen.T
    # tf-idf
    tok = lambda s: [w for w in re.findall(r"[a-z]+", s.lower()) if w not in STOP and len(w) > 2]
    stem = lambda w: w[:6]
    df = Counter(); docs = [set(stem(w) for w in tok(t)) for t in corpus]
    for d in docs: df.update(d)
    N = len(corpus)
    vocab = {w: i for i, w in enumerate(df)}
    T = np.zeros((n, len(vocab)))
    for i, t in enumerate(texts):
        for w, c in Counter(stem(w) for w in tok(t)).items():
            if w in vocab: T[i, vocab[w]] = (1 + math.log(c)) * math.log(N / df[w])
    T = T / np.maximum(np.linalg.norm(T, axis=1, keepdims=True), 1e-9); tf = T @ T.T
    print(folder.split("/")[-1], "raw", best(raw, same, iu), "centered", best(centered, same, iu), "tfidf", best(tf, same, iu),
          "mix.5", best(0.5 * centered + 0.5 * tf, same, iu), "mix raw", best(0.5 * raw + 0.5 * tf, same, iu))
