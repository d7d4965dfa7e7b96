"""Fine-tune all-MiniLM-L6-v2 so that news statements about one proposition embed together, apart
from the other propositions of the same dispute.

The stock encoder measures paraphrase; a PERSPECTRUM claim encoder learned topic (research/claims_encoder).
Claim grouping in news needs the level between: "the levy emptied our shops" and "footfall is up since
the levy" belong together (one proposition, two sides), "the levy was pushed through without
consultation" does not (same topic, same words, another proposition). The data is `data/*.jsonl`
(written for this purpose, see README.md): disputes, each with 3-5 related propositions, 8-12 statement
contents per proposition on both sides, and distractors.

Loss: in-batch negatives (symmetric MultipleNegativesRanking). A batch holds whole disputes, one
positive pair per proposition, so the hard negatives are the other propositions of the same dispute;
the dispute's distractors are extra negatives. Positives: (statement, statement) and (proposition,
statement) of one proposition. Dev: best single-threshold pairwise F1 over the gold contents of
annotated news folders (`--dev-gold`, never the held-out one) and over held-out synthetic disputes.

    python research/claims_news/train.py --data 'research/claims_news/data/*.jsonl' \
        --dev-gold eval/claims/news1 --out /tmp/claims_news
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
_spec = importlib.util.spec_from_file_location(
    "claims_encoder_train", ROOT / "research/claims_encoder/train.py"
)
assert _spec and _spec.loader
CLAIMS_ENCODER = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(CLAIMS_ENCODER)
"""research/claims_encoder/train.py: the base encoder loader and the separability measure, shared."""


def read_parts(pattern: str) -> list[dict]:
    """Every statement line of the data files matching `pattern`."""
    rows: list[dict] = []
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    return rows


def gold_rows(folder: str) -> list[dict]:
    """An annotated claims folder as data rows: a question (the documents' name prefix) is a dispute,
    a claim its proposition, relations in no claim its distractors."""
    from quotetrail.claims import claim_text
    from quotetrail.claims_eval import read_claims_gold
    from quotetrail.evaluate import read_brat

    g = read_claims_gold(folder)
    name = Path(folder).name
    rows: list[dict] = []
    taken: set[tuple[str, tuple]] = set()
    for m in g.members:
        taken.add((m.doc, tuple(sorted(m.content))))
        rows.append(
            {
                "dispute": f"{name}:{m.doc.split('-')[0]}",
                "topic": m.doc.split("-")[0],
                "pid": f"{name}:{m.claim}",
                "proposition": g.propositions[m.claim],
                "stance": m.stance,
                "statement": claim_text(g.content_text(m)),
            }
        )
    brat = read_brat(folder)
    for doc, rels in sorted(brat.relations.items()):
        for r in rels:
            if r.content and (doc, tuple(sorted(r.content))) not in taken:
                text = " ".join(brat.texts[doc][s:e] for s, e in sorted(r.content))
                rows.append(
                    {
                        "dispute": f"{name}:{doc.split('-')[0]}",
                        "topic": doc.split("-")[0],
                        "pid": None,
                        "proposition": None,
                        "stance": None,
                        "statement": claim_text(text),
                    }
                )
    return rows


def split_disputes(rows: list[dict], held: float, seed: int) -> tuple[list[dict], list[dict]]:
    """Rows of training disputes and of held-out disputes (a `held` share, at random)."""
    disputes = sorted({r["dispute"] for r in rows})
    rng = random.Random(seed)
    out = set(rng.sample(disputes, max(1, round(held * len(disputes)))))
    return [r for r in rows if r["dispute"] not in out], [r for r in rows if r["dispute"] in out]


def epoch_batches(rows: list[dict], disputes_per_batch: int, rng: random.Random) -> list[tuple[list, list]]:
    """One epoch: each statement once as an anchor, its positive another item of its proposition; a batch
    holds whole disputes with at most one pair per proposition, plus those disputes' distractors."""
    props: dict[str, list[str]] = defaultdict(list)
    text_of: dict[str, str] = {}
    by_dispute: dict[str, set[str]] = defaultdict(set)
    noise: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        if r["pid"] is None:
            noise[r["dispute"]].append(r["statement"])
            continue
        props[r["pid"]].append(r["statement"])
        text_of[r["pid"]] = r["proposition"]
        by_dispute[r["dispute"]].add(r["pid"])
    pairs: dict[str, list[tuple[str, str]]] = {}
    for pid, items in props.items():
        pool = [*items, text_of[pid]]
        got = []
        for s in items:
            other = rng.choice([x for x in pool if x != s])
            got.append((s, other) if rng.random() < 0.5 else (other, s))
        rng.shuffle(got)
        pairs[pid] = got
    rounds: list[dict[str, list[tuple[str, str]]]] = []
    while any(pairs.values()):  # a round takes one pair of every proposition that has one left
        rounds.append({pid: [v.pop()] for pid, v in pairs.items() if v})
    out = []
    for rnd in rounds:
        ds = sorted({d for d, pids in by_dispute.items() if pids & rnd.keys()})
        rng.shuffle(ds)
        for i in range(0, len(ds), disputes_per_batch):
            chunk = ds[i : i + disputes_per_batch]
            batch = [rnd[pid][0] for d in chunk for pid in sorted(by_dispute[d]) if pid in rnd]
            extra = [x for d in chunk for x in noise[d]]
            if len(batch) >= 4:
                out.append((batch, extra))
    rng.shuffle(out)
    return out


def gold_sets(folders: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """(name, member contents as claims read them, claim of each) of annotated news folders."""
    from quotetrail.claims import claim_text
    from quotetrail.claims_eval import read_claims_gold

    out = []
    for folder in folders:
        g = read_claims_gold(folder)
        out.append(
            (
                Path(folder).name,
                [claim_text(g.content_text(m)) for m in g.members],
                [m.claim for m in g.members],
            )
        )
    return out


def synthetic_sets(rows: list[dict]) -> tuple[list[str], list[str]]:
    """Held-out statements with their proposition (a distractor is a group of its own)."""
    texts = [r["statement"] for r in rows]
    groups = [r["pid"] or f"noise{i}" for i, r in enumerate(rows)]
    return texts, groups


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="glob of data files ('' for none)")
    ap.add_argument(
        "--train-gold", action="append", default=[], help="annotated claims folder to train on (repeatable)"
    )
    ap.add_argument("--init", type=Path, help="start from this saved model folder instead of the base")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--dev-gold", action="append", default=[], help="annotated claims folder to watch")
    ap.add_argument("--held", type=float, default=0.1, help="share of disputes held out")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--disputes", type=int, default=8, help="disputes per batch")
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--scale", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    import torch

    from quotetrail.train import optimizer_step

    tok, model, embed = CLAIMS_ENCODER.load_base(args.seed, args.threads, args.init)
    rows = read_parts(args.data) if args.data else []
    train, held = split_disputes(rows, args.held, args.seed) if rows else ([], [])
    for folder in args.train_gold:
        train.extend(gold_rows(folder))
    watch = [*gold_sets(args.dev_gold), *([("synthetic-held", *synthetic_sets(held))] if held else [])]

    def dev() -> dict[str, tuple[float, float]]:
        model.eval()
        got = {}
        with torch.no_grad():
            for name, texts, groups in watch:
                v = torch.cat([embed(texts[i : i + 64]) for i in range(0, len(texts), 64)]).numpy()
                got[name] = CLAIMS_ENCODER.separability(v, groups)
        model.train()
        return got

    rng = random.Random(args.seed)
    plan = [epoch_batches(train, args.disputes, rng) for _ in range(args.epochs)]
    total = sum(len(p) for p in plan)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warm = max(1, int(0.1 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / max(1, total - warm))
    )
    args.out.mkdir(parents=True, exist_ok=True)
    log = open(args.out / "train.log", "a", encoding="utf-8")  # noqa: SIM115 - open for the whole run

    def say(msg: str) -> None:
        line = time.strftime("%H:%M:%S ") + msg
        print(line, file=sys.stderr, flush=True)
        log.write(line + "\n")
        log.flush()

    history = {"before": dev()}
    say(
        f"{len(train)} training rows from {len({r['dispute'] for r in train})} disputes, "
        f"{len(held)} held-out rows; {total} steps; dev before {history['before']}"
    )
    model.train()
    step = 0
    t0 = time.monotonic()
    for epoch, batches in enumerate(plan, start=1):
        for b, extra in batches:
            a = embed([x for x, _ in b])
            p = embed([y for _, y in b] + extra)
            scores = a @ p.T * args.scale
            labels = torch.arange(len(b))
            loss = (
                torch.nn.functional.cross_entropy(scores, labels)
                + torch.nn.functional.cross_entropy(scores[:, : len(b)].T, labels)
            ) / 2
            optimizer_step(torch, model, opt, sched, loss)
            step += 1
            if step % 25 == 0:
                say(f"step {step}/{total} loss {loss.item():.4f} {(time.monotonic() - t0) / step:.2f} s/step")
        history[f"epoch{epoch}"] = dev()
        say(f"epoch {epoch}: dev separability (best pairwise F1, threshold) {history[f'epoch{epoch}']}")
        ep_dir = args.out / f"epoch{epoch}"
        model.save_pretrained(str(ep_dir))
        tok.save_pretrained(str(ep_dir))
    recipe = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if k != "out"}
    record = {
        "script": "research/claims_news/train.py",
        "recipe": recipe,
        "rows": {"train": len(train), "held_out": len(held)},
        "steps": total,
        "dev_separability": history,
    }
    (args.out / "fine_tuning.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    say(f"wrote {args.out}")


if __name__ == "__main__":
    main()
