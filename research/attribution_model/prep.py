"""Build wordpiece windows + BIO labels (3 roles x {O,B,I}) from PolNeAR, first annotator file per article
(the same file the reference scorer uses as gold)."""
import sys, pickle, numpy as np
sys.path.insert(0, "/work/shared/bench")
from attribution_score import _parse_ann
from common import *

def token_labels(offs, rels):
    n = len(offs)
    lab = np.zeros((n, 3), dtype=np.int64)       # per role: 0=O 1=B 2=I
    for r, role in enumerate(ROLES):
        spans = sorted({(s, e) for rel in rels for s, e in rel[role]}, key=lambda x: x[0] - x[1])
        for s, e in spans:                        # longest first; nested inner spans lost
            idx = np.nonzero((offs[:, 0] < e) & (offs[:, 1] > s))[0]
            idx = [i for i in idx if lab[i, r] == 0]
            if not idx:
                continue
            lab[idx, r] = 2; lab[idx[0], r] = 1
    return lab

def build(split):
    tok = load_tokenizer()
    out = []
    for doc in split_docs(split):
        ann = first_ann(split, doc)
        if ann is None:
            continue
        text = read_text(split, doc)
        ids, offs = encode(tok, text)
        lab = token_labels(offs, _parse_ann(ann))
        out.append((doc, ids, offs, lab))
    return out

if __name__ == "__main__":
    for split in ("train", "dev"):
        d = build(split)
        pickle.dump(d, open(f"/tmp/qt/model/{split}.pkl", "wb"))
        lab = np.concatenate([x[3] for x in d])
        print(split, len(d), "docs", len(lab), "wordpieces", "pos rate per role:", (lab > 0).mean(0).round(3),
              "windows", sum(len(windows(len(x[1]))) for x in d))
