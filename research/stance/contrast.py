"""A stance folder on the invented contrast and unrelated sets (tests/resources/stance_*.jsonl).

    python research/stance/contrast.py [MODEL_DIR]

Prints accuracy per kind (negation, antonym, paraphrase), the unrelated pairs labelled neither, and
each miss, so tests/test_stance.py can pin honest floors.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from quotetrail.stance import StanceModel

RESOURCES = Path(__file__).resolve().parents[2] / "tests" / "resources"


def main() -> None:
    model = StanceModel(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for name in ("stance_contrast.jsonl", "stance_unrelated.jsonl"):
        rows = [json.loads(line) for line in (RESOURCES / name).read_text("utf-8").splitlines()]
        got = model.predict([(r["claim"], r["statement"]) for r in rows])
        for r, (label, score) in zip(rows, got, strict=True):
            ok = label == r["stance"]
            by_kind[r.get("kind", "unrelated")].append(ok)
            if r.get("kind"):
                by_kind["all"].append(ok)
            if not ok:
                print(f"miss [{r.get('kind', 'unrelated')}] {r['claim']!r} / {r['statement']!r}: {label} {score}")
    for kind, oks in sorted(by_kind.items()):
        print(f"{kind}: {sum(oks)}/{len(oks)} = {sum(oks) / len(oks):.3f}")


if __name__ == "__main__":
    main()
