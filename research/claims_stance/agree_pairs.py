"""Statement-to-statement agreement pairs for `quotetrail train-stance --extra` (research).

    python research/claims_stance/agree_pairs.py OUT.jsonl [train|held] [--per N] [--data DIR ...] [--propositions]

Stance in a claim is judged against the claim's label *statement*, not a proposition. Two
statements of one proposition agree (`supports`) when they take the same side and disagree
(`opposes`) otherwise. Pairs come from the written disputes (research/claims_news/data; `train`
or `held` as stance_pairs.py splits them) and from PERSPECTRUM's train claims (perspective
clusters of one claim; one text per cluster), N pairs per statement, half agreeing where possible.
`--data DIR` (repeatable) reads these written folders instead of research/claims_news/data, each split
on its own; `--propositions` adds each written statement with its proposition (as stance_pairs.py).
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "claims_news"))
from stance_pairs import rows  # noqa: E402

PERSPECTRUM = Path(__file__).resolve().parents[3] / "shared" / "data" / "perspectrum"


def pairs_of(groups: list[list[tuple[str, str]]], per: int, rng: random.Random) -> list[dict]:
    """Up to `per` pairs per statement inside each group of (text, side), alternating agree / disagree."""
    out = []
    for items in groups:
        for i, (a, side) in enumerate(items):
            same = [b for j, (b, s) in enumerate(items) if j != i and s == side]
            other = [b for b, s in items if s != side]
            rng.shuffle(same)
            rng.shuffle(other)
            for k in range(per):
                pool, label = (same, "supports") if k % 2 == 0 else (other, "opposes")
                if not pool:
                    pool, label = (other, "opposes") if pool is same else (same, "supports")
                if pool:
                    out.append({"claim": a, "statement": pool.pop(), "stance": label})
    return out


def main() -> None:
    args = sys.argv[1:]
    folders = [args[i + 1] for i, a in enumerate(args) if a == "--data"]
    per = int(args[args.index("--per") + 1]) if "--per" in args else 2
    plain = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or args[i - 1] not in ("--data", "--per"))]
    path, part = plain[0], plain[1] if len(plain) > 1 else "train"
    rng = random.Random(13)
    by_prop: dict[str, list[tuple[str, str]]] = defaultdict(list)
    written_rows = [r for f in folders for r in rows(part, Path(f))] if folders else rows(part)
    for r in written_rows:
        by_prop[r["pid"]].append((r["statement"], r["stance"]))
    written = pairs_of(list(by_prop.values()), per, rng)
    if "--propositions" in args:
        written += [{"claim": r["proposition"], "statement": r["statement"], "stance": r["stance"]} for r in written_rows]
    perspectrum: list[dict] = []
    if part == "train":
        texts = {p["pId"]: p["text"] for p in json.load(open(PERSPECTRUM / "perspectives_train.json"))}
        groups = [
            [(texts[cl["pids"][0]], cl["stance_label_3"]) for cl in c["perspectives"] if cl["pids"]]
            for c in json.load(open(PERSPECTRUM / "claims_train.json"))
        ]
        perspectrum = pairs_of(groups, per, rng)
    with open(path, "w", encoding="utf-8") as fh:
        for row in written + perspectrum:
            fh.write(json.dumps(row) + "\n")
    agree = sum(r["stance"] == "supports" for r in written + perspectrum)
    print(f"{len(written)} written + {len(perspectrum)} PERSPECTRUM pairs, {agree} agreeing -> {path}")


if __name__ == "__main__":
    main()
