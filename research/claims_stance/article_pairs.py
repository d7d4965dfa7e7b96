"""Agreement pairs from annotated article sets, for `quotetrail train-stance --extra` (research).

    PYTHONPATH=src python research/claims_stance/article_pairs.py OUT.jsonl FOLDER [FOLDER ...]

The agreement model reads a claim's member against the claim's label statement. The written
disputes it was trained on did not transfer to the annotated news (README, session 11); these
pairs come from articles of the news sets' own kind. Per gold claim: every ordered pair of its
members' contents (`supports` when both take the same side, `opposes` otherwise), and each member
with the claim's proposition and its own stance.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from itertools import permutations

from quotetrail.claims_eval import read_claims_gold


def pairs(folder: str) -> list[dict[str, str]]:
    """Ordered member pairs of each gold claim, then (proposition, member) pairs."""
    gold = read_claims_gold(folder)
    by_claim: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for m in gold.members:
        by_claim[m.claim].append((gold.content_text(m), m.stance))
    out = []
    for claim, items in by_claim.items():
        for (a, sa), (b, sb) in permutations(items, 2):
            out.append({"claim": a, "statement": b, "stance": "supports" if sa == sb else "opposes"})
        out += [{"claim": gold.propositions[claim], "statement": t, "stance": s} for t, s in items]
    return out


def main() -> None:
    path, folders = sys.argv[1], sys.argv[2:]
    rows = [r for f in folders for r in pairs(f)]
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    agree = sum(r["stance"] == "supports" for r in rows)
    print(f"{len(rows)} pairs ({agree} supports) from {len(folders)} folder(s) -> {path}")


if __name__ == "__main__":
    main()
