"""Does a lexical signal (TF-IDF over stemmed content words) add to the claim encoder? (research)

    PYTHONPATH=src python research/claims_news/lexical.py eval/claims/news1 eval/claims/sample

Over each folder's gold member contents (no extraction): S = (1 - a) x claim-encoder cosine + a x
TF-IDF cosine (IDF fitted on the folder's contents, a crude suffix stemmer), and the best pairwise
F1 of a single threshold on S (pairs above it called same-claim), for a in 0 to 1.
"""
import sys, re, itertools, numpy as np
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2] / "src"))
from quotetrail.claims_eval import read_claims_gold
from quotetrail.claims import claim_text
from quotetrail.embed import claim_encoder
from sklearn.feature_extraction.text import TfidfVectorizer, ENGLISH_STOP_WORDS
def stem(w):
    for suf in ("ations","ation","ments","ment","ings","ing","edly","ed","ies","es","s","ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w
def toks(t):
    return [stem(w) for w in re.findall(r"[a-z]+", t.lower()) if w not in ENGLISH_STOP_WORDS and len(w) > 2]
enc = claim_encoder()
for folder in sys.argv[1:]:
    g = read_claims_gold(folder)
    texts = [claim_text(g.content_text(m)) for m in g.members]
    v = enc.encode(texts); v = v / np.linalg.norm(v, axis=1, keepdims=True); E = v @ v.T
    X = TfidfVectorizer(analyzer=toks, sublinear_tf=True).fit_transform(texts)
    L = (X @ X.T).toarray()
    same = np.array([[a.claim == b.claim for b in g.members] for a in g.members])
    iu = np.triu_indices(len(texts), 1)
    for a in (0, 0.1, 0.2, 0.3, 0.5, 1.0):
        S = (1 - a) * E + a * L
        s, y = S[iu], same[iu]
        best = max((2 * (y & (s >= t)).sum() / ((s >= t).sum() + y.sum()), t) for t in np.arange(0.0, 0.9, 0.01))
        print(folder, "lex weight", a, "best pair F1 %.3f at %.2f" % best)
