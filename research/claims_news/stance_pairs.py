"""Write the written disputes' (proposition, statement) pairs for `quotetrail stance`, or score its output.

    python research/claims_news/stance_pairs.py write pairs.jsonl [all|train|held]
    quotetrail stance pairs.jsonl -o out.jsonl
    python research/claims_news/stance_pairs.py score out.jsonl [all|train|held]

`--data DIR` reads another folder of the same rows (default: data/; data2/ is the second batch).

`train` and `held` are the disputes train.py trains on and holds out (10%, seed 13); the
written `train` file carries each pair's stance, so `quotetrail train-stance --extra` can read it.
"""

from __future__ import annotations

import glob
import json
import random
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"
HELD, SEED = 0.1, 13
"""train.py's defaults: the share of disputes held out and the seed that picks them."""


def rows(part: str = "all", data: Path = DATA) -> list[dict]:
    """Statements that belong to a proposition, in file order: all, or the train / held-out disputes.

    Each data folder is split on its own, so adding a folder leaves another's split as it was."""
    out = []
    for path in sorted(glob.glob(str(Path(data) / "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            out.extend(r for r in map(json.loads, fh) if r["pid"])
    if part == "all":
        return out
    disputes = sorted({r["dispute"] for r in out})
    held = set(random.Random(SEED).sample(disputes, max(1, round(HELD * len(disputes)))))
    return [r for r in out if (r["dispute"] in held) == (part == "held")]


def main() -> None:
    args = sys.argv[1:]
    data = DATA
    if "--data" in args:
        i = args.index("--data")
        data = Path(args[i + 1])
        del args[i : i + 2]
    mode, path = args[0], args[1]
    gold = rows(args[2] if len(args) > 2 else "all", data)
    if mode == "write":
        with open(path, "w", encoding="utf-8") as out:
            for r in gold:
                row = {"claim": r["proposition"], "statement": r["statement"], "stance": r["stance"]}
                out.write(json.dumps(row) + "\n")
        return
    with open(path, encoding="utf-8") as fh:
        pred = [json.loads(line)["stance"] for line in fh]
    assert len(pred) == len(gold), "the output has another number of lines than the pairs"
    for want in ("supports", "opposes", None):
        idx = [i for i, r in enumerate(gold) if want is None or r["stance"] == want]
        right = sum(pred[i] == gold[i]["stance"] for i in idx)
        print(f"{want or 'all':9} {len(idx):5} pairs  right {right / len(idx):.3f}")
    print(f"neither: {pred.count('neither')}")


if __name__ == "__main__":
    main()
