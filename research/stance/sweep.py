"""One stance training variant, scored on PERSPECTRUM dev after every epoch (torch fp32, no export).

    python research/stance/sweep.py NAME --layers 6 --epochs 3 --lr 3e-5 --order claim-first [--no-negation]

Appends {"name", settings, "dev_by_epoch", "seconds"} to research/stance/sweep.jsonl; README.md
tabulates the runs. Needs the [train] extra.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from quotetrail.stance import ORDERS
from quotetrail.stance_train import train

DATA = Path("/work/shared/data/perspectrum")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("name")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--epochs", type=float, default=3.0)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--order", choices=ORDERS, default="claim-first")
    ap.add_argument("--no-negation", action="store_true")
    ap.add_argument("--max-steps", type=int)
    ap.add_argument("--threads", type=int, help="torch threads (default: all cores)")
    ap.add_argument("--log", type=Path, default=Path(__file__).with_name("sweep.jsonl"))
    a = ap.parse_args()
    settings = {
        "layers": a.layers,
        "epochs": a.epochs,
        "lr": a.lr,
        "batch": a.batch,
        "seed": a.seed,
        "order": a.order,
        "negation": not a.no_negation,
        "max_steps": a.max_steps,
    }
    with tempfile.TemporaryDirectory() as tmp:
        r = train(a.data, tmp, dev_dir=a.data, export=False, progress=None, threads=a.threads, **settings)  # type: ignore[arg-type]
    row = {
        "name": a.name,
        **settings,
        "dev_by_epoch": [round(x, 4) for x in r.dev_by_epoch],
        "steps": r.steps,
        "seconds": round(r.seconds, 1),
    }
    with open(a.log, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    print(json.dumps(row))


if __name__ == "__main__":
    main()
