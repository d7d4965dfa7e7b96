"""Pair-model scores beside cosine for the pipeline's own statements of annotated folders (research).

    python research/claims_pairs/rescore.py CHECKPOINT.pt news1 [news4 ...]

Reads the statements and vectors that confuse.py (beside it) saved per folder (the shipped claim
encoder's vectors of `eval-claims --gold`'s extracted statements, and which gold member each is),
scores every pair with the pair model (both orders, cached), and reports the best pairwise F1 of
average-link clustering over weight * pair + (1 - weight) * cosine.
"""
import json, sys, importlib.util
from pathlib import Path
import numpy as np
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src")); sys.path.insert(0, str(Path(__file__).parent))
from harness import SCRATCH, f1, load  # noqa: E402

ckpt, sets = sys.argv[1], sys.argv[2:]
def matrix(s):
    out = Path(f"{SCRATCH}/pm_{Path(ckpt).parent.name}_{Path(ckpt).stem}_{s}.npy")
    if out.exists():
        return np.load(out)
    import torch, transformers
    from tokenizers import Tokenizer
    from quotetrail.stance_train import _module
    from quotetrail.train import _stack
    spec = importlib.util.spec_from_file_location("pt", ROOT / "research/claims_pairs/train.py")
    pt = importlib.util.module_from_spec(spec); spec.loader.exec_module(pt)
    torch.set_num_threads(1); transformers.utils.logging.set_verbosity_error()
    _, _, _, base, _ = _stack()
    tok = Tokenizer.from_file(str(base / "tokenizer.json")); tok.enable_truncation(128); tok.enable_padding(pad_id=0)
    model = _module(torch, transformers, base, 6); model.load_state_dict(torch.load(ckpt)); model.eval()
    texts = json.load(open(f"{SCRATCH}/meta_{s}.json"))["texts"]
    m = pt.score_matrix(model, tok, torch, texts)
    np.save(out, m); return m
from quotetrail.claims import _normalised
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
def avg(S, t):
    d = 1 - S.copy(); np.fill_diagonal(d, 0); d = np.clip(d, 0, None)
    return fcluster(linkage(squareform((d + d.T) / 2, checks=False), "average"), 1 - t, "distance")
for s in sets:
    v, meta = load(s); v = _normalised(v); C = v @ v.T; P = matrix(s)
    for a in (0.0, 0.25, 0.5, 0.75, 1.0):
        S = a * P + (1 - a) * C
        res = max((round(f1(meta, avg(S, t))[0], 3), round(t, 2)) for t in np.arange(0.2, 0.9, 0.025))
        print(s, "pair weight", a, "best avg-link F1", res, flush=True)
