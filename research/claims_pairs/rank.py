"""Rank each annotated proposition's members among a folder's gold contents: cosine, pair model, mean.

    python research/claims_pairs/rank.py /tmp/qt/pairs/e1/pairs.pt eval/claims/news1

A diagnostic for `quotetrail claim TEXT` without extraction: for every proposition of the folder,
every gold content is scored against the proposition's wording by the shipped encoder (cosine),
by the pair model that train.py wrote (P(same proposition), both orders averaged) and by their
mean; prints R-precision and average precision, averaged over the propositions.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))


def metrics(scores: np.ndarray, relevant: np.ndarray) -> tuple[float, float]:
    """R-precision and average precision of one ranking."""
    order = np.argsort(-scores, kind="stable")
    r = int(relevant.sum())
    hits = np.cumsum(relevant[order])
    ap = float((hits / np.arange(1, len(relevant) + 1))[relevant[order]].sum() / r)
    return float(relevant[order[:r]].mean()), ap


def main() -> None:
    import torch
    import transformers
    from tokenizers import Tokenizer

    from quotetrail.claims import claim_text
    from quotetrail.claims_eval import read_claims_gold
    from quotetrail.embed import Encoder
    from quotetrail.stance_train import _batch, _module
    from quotetrail.train import _stack

    torch.set_num_threads(1)
    transformers.utils.logging.set_verbosity_error()
    _, _, _, base, _ = _stack()
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.enable_truncation(128)
    tok.enable_padding(pad_id=0)
    model = _module(torch, transformers, base, 6)
    model.load_state_dict(torch.load(sys.argv[1]))
    model.eval()
    enc = Encoder()

    def pair(a: str, bs: list[str]) -> np.ndarray:
        out = []
        with torch.no_grad():
            for items in ([(a, b, 0) for b in bs], [(b, a, 0) for b in bs]):
                x, m, t, _ = _batch(tok, items)
                logits = model(torch.from_numpy(x), torch.from_numpy(m), torch.from_numpy(t))
                out.append(torch.softmax(logits, -1)[:, 1].numpy())
        return (out[0] + out[1]) / 2

    for folder in sys.argv[2:]:
        g = read_claims_gold(folder)
        texts = [claim_text(g.content_text(m)) for m in g.members]
        claims = np.asarray([m.claim for m in g.members])
        v = enc.encode(texts)
        res: dict[str, list[tuple[float, float]]] = {"cosine": [], "pair": [], "mean": []}
        for c, prop in sorted(g.propositions.items()):
            cos = v @ enc.encode([claim_text(prop)])[0]
            pp = pair(claim_text(prop), texts)
            for k, s in (("cosine", cos), ("pair", pp), ("mean", (cos + pp) / 2)):
                res[k].append(metrics(s, claims == c))
        for k, x in res.items():
            rp, ap = np.mean(x, axis=0)
            print(f"{Path(folder).name:10} {k:7} R-precision {rp:.3f}  MAP {ap:.3f}")


if __name__ == "__main__":
    main()
