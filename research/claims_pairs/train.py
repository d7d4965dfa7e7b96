"""Train a cross-encoder that says whether two news statements argue the same proposition (either side).

research/claims_news showed that one vector per statement does not keep the propositions of one dispute
apart. A cross-encoder reads both statements at once, so it can see that "footfall is up since the levy"
answers "the levy emptied our shops" while "the levy was pushed through without consultation" does
not. Data: the written disputes of research/claims_news/data. Pairs per statement: positives of its
proposition (one of the other side when there is one), hard negatives from the other propositions and
distractors of its dispute, and one easy negative from another dispute. Held-out disputes and the
annotated news folders (`--dev-gold`) are scored by best-threshold pairwise F1 of average-link
clustering over the full pair-score matrix.

    python research/claims_pairs/train.py --out /tmp/qt/pairs --dev-gold eval/claims/news1
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
_spec = importlib.util.spec_from_file_location("claims_news_train", ROOT / "research/claims_news/train.py")
assert _spec and _spec.loader
NEWS = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(NEWS)
"""research/claims_news/train.py: data reading, the dispute split and the gold news sets, shared."""


def make_pairs(rows: list[dict], rng: random.Random) -> list[tuple[str, str, int]]:
    """(statement, statement, same proposition?) training pairs, both orders mixed."""
    by_dispute: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_dispute[r["dispute"]].append(r)
    disputes = sorted(by_dispute)
    out: list[tuple[str, str, int]] = []
    for d in disputes:
        rs = by_dispute[d]
        by_pid: dict[str, list[dict]] = defaultdict(list)
        for r in rs:
            if r["pid"]:
                by_pid[r["pid"]].append(r)
        for members in by_pid.values():
            out.append((members[0]["proposition"], rng.choice(members)["statement"], 1))
        for r in rs:
            if r["pid"]:
                same = [m for m in by_pid[r["pid"]] if m is not r]
                other_side = [m for m in same if m["stance"] != r["stance"]]
                for m in ([rng.choice(other_side)] if other_side else []) + [rng.choice(same)]:
                    out.append((r["statement"], m["statement"], 1))
            others = [m for m in rs if m["pid"] != r["pid"] or not r["pid"]]
            for m in rng.sample(others, min(2, len(others))):
                if m is not r:
                    out.append((r["statement"], m["statement"], 0))
            far = by_dispute[rng.choice([x for x in disputes if x != d])]
            out.append((r["statement"], rng.choice(far)["statement"], 0))
    out = [(a, b, y) if rng.random() < 0.5 else (b, a, y) for a, b, y in out]
    rng.shuffle(out)
    return out


def score_matrix(model, tokenizer, torch, texts: list[str], mask: np.ndarray | None = None) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Symmetric P(same proposition) for every pair (both orders averaged); pairs outside `mask` get 0."""
    from quotetrail.stance_train import _batch

    n = len(texts)
    s = np.zeros((n, n), dtype=np.float32)
    idx = [(i, j) for i in range(n) for j in range(n) if i != j and (mask is None or mask[i, j])]
    model.eval()
    with torch.no_grad():
        for b in range(0, len(idx), 128):
            chunk = idx[b : b + 128]
            x, m, t, _ = _batch(tokenizer, [(texts[i], texts[j], 0) for i, j in chunk])
            p = torch.softmax(model(torch.from_numpy(x), torch.from_numpy(m), torch.from_numpy(t)), -1)[:, 1]
            for (i, j), v in zip(chunk, p.numpy().tolist(), strict=True):
                s[i, j] = v
    model.train()
    return (s + s.T) / 2


def best_f1(scores: np.ndarray, groups: list, mask: np.ndarray | None = None) -> dict:
    """Best pairwise F1 over thresholds: raw pairs above the threshold, and average-link clusters."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = len(groups)
    g = np.asarray([str(x) for x in groups])
    iu = np.triu_indices(n, 1)
    keep = mask[iu] if mask is not None else np.ones(len(iu[0]), dtype=bool)
    same = (g[:, None] == g[None, :])[iu][keep]
    dist = 1.0 - scores.copy()
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")

    def f(pred: np.ndarray) -> float:
        tp = float((pred & same).sum())
        p, r = tp / max(pred.sum(), 1), tp / max(same.sum(), 1)
        return 2 * p * r / (p + r) if p + r else 0.0

    raw, avg = (0.0, 0.0), (0.0, 0.0)
    for t in np.arange(0.05, 0.96, 0.05):
        raw = max(raw, (round(f(scores[iu][keep] >= t), 4), round(float(t), 2)))
        lab = fcluster(tree, 1.0 - t, criterion="distance")
        avg = max(avg, (round(f((lab[:, None] == lab[None, :])[iu][keep]), 4), round(float(t), 2)))
    return {"pairs": raw, "average_link": avg}


def evaluate(model, tokenizer, torch, held: list[dict], golds: list) -> dict:  # type: ignore[no-untyped-def]
    """Best-threshold F1 on held-out disputes (pairs within a dispute) and on each gold news folder."""
    out = {}
    texts = [r["statement"] for r in held]
    groups = [r["pid"] or f"noise{i}" for i, r in enumerate(held)]
    d = np.asarray([r["dispute"] for r in held])
    mask = d[:, None] == d[None, :]
    out["held_disputes"] = best_f1(score_matrix(model, tokenizer, torch, texts, mask), groups, mask)
    for name, contents, claims in golds:
        out[name] = best_f1(score_matrix(model, tokenizer, torch, contents), claims)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "research/claims_news/data/*.jsonl"))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--dev-gold", action="append", default=[])
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-steps", type=int, default=0)
    ap.add_argument("--init", type=Path, help="start from these BERT weights (default: the packaged base)")
    args = ap.parse_args()

    import torch
    import transformers
    from tokenizers import Tokenizer

    from quotetrail.stance_train import _batch, _module
    from quotetrail.train import _stack, optimizer_step

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    transformers.utils.logging.set_verbosity_error()
    _, _, _, base, _ = _stack()
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.enable_truncation(128)
    tokenizer.enable_padding(pad_id=0)
    rows = NEWS.read_parts(args.data)
    train_rows, held = NEWS.split_disputes(rows, 0.1, args.seed)
    golds = NEWS.gold_sets(args.dev_gold)
    rng = random.Random(args.seed)
    pairs = make_pairs(train_rows, rng)
    total = int(len(pairs) * args.epochs / args.batch)
    if args.max_steps:
        total = min(total, args.max_steps)
    print(f"{len(pairs)} pairs ({sum(y for *_, y in pairs)} same), {total} steps", flush=True)
    model = _module(torch, transformers, args.init or base, 6)
    model.train()
    print("before", json.dumps(evaluate(model, tokenizer, torch, held, golds)), flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warm = max(1, total // 16)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    loss_fn = torch.nn.CrossEntropyLoss()
    t0, step, losses = time.monotonic(), 0, []
    while step < total:
        for b in range(0, len(pairs), args.batch):
            x, m, t, y = _batch(tokenizer, pairs[b : b + args.batch])
            loss = loss_fn(
                model(torch.from_numpy(x), torch.from_numpy(m), torch.from_numpy(t)), torch.from_numpy(y)
            )
            losses.append(optimizer_step(torch, model, opt, sched, loss))
            step += 1
            if step % 20 == 0:
                print(
                    f"step {step}/{total} loss {np.mean(losses):.4f} "
                    f"{(time.monotonic() - t0) / step:.2f} s/step",
                    flush=True,
                )
                losses = []
            if step >= total:
                break
        rng.shuffle(pairs)
        if step < total:  # an epoch ended: keep it and score it
            args.out.mkdir(parents=True, exist_ok=True)
            torch.save(model.state_dict(), args.out / f"pairs_step{step}.pt")
            print(f"step {step}", json.dumps(evaluate(model, tokenizer, torch, held, golds)), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), args.out / "pairs.pt")
    print("after", json.dumps(evaluate(model, tokenizer, torch, held, golds)), flush=True)


if __name__ == "__main__":
    main()
