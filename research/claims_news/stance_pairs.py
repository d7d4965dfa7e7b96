"""Write the written disputes' (proposition, statement) pairs for `quotetrail stance`, or score its output.

    python research/claims_news/stance_pairs.py write pairs.jsonl
    quotetrail stance pairs.jsonl -o out.jsonl
    python research/claims_news/stance_pairs.py score out.jsonl
"""

from __future__ import annotations

import glob
import json
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"


def rows() -> list[dict]:
    """Statements that belong to a proposition, in file order."""
    out = []
    for path in sorted(glob.glob(str(DATA / "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            out.extend(r for r in map(json.loads, fh) if r["pid"])
    return out


def main() -> None:
    mode, path = sys.argv[1], sys.argv[2]
    gold = rows()
    if mode == "write":
        with open(path, "w", encoding="utf-8") as out:
            for r in gold:
                out.write(json.dumps({"claim": r["proposition"], "statement": r["statement"]}) + "\n")
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
