"""Builds the hand-made gold set (eval/gold) from its marked-up sources (eval/gold/marked).

Markup: `{S3|the mayor}`, `{C3|said}`, `{Q3|the pier will reopen}` mark the source, cue and
content of relation 3; marks nest (a content may hold another relation), and a role may appear
several times (a quote interrupted by "he said" is one content in two fragments). A relation
with no S mark has no source (`Attribution-no-source`). The output is PolNeAR's brat layout:
`text/NAME.txt` and `attributions/NAME_gold.ann`, so `quotetrail eval --gold eval/gold` reads it.

    python eval/build_gold.py          # rebuild; --check fails if the committed files differ
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent / "gold"
ROLES = {"S": "Source", "C": "Cue", "Q": "Content"}
_OPEN = re.compile(r"\{([SCQ])(\d+)\|")


def parse(marked: str) -> tuple[str, dict[int, dict[str, list[tuple[int, int]]]]]:
    """Plain text and, per relation number, the fragments of each role (offsets into the text)."""
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, int, int]] = []
    relations: dict[int, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    i = 0
    while i < len(marked):
        m = _OPEN.match(marked, i)
        if m:
            stack.append((m.group(1), int(m.group(2)), pos))
            i = m.end()
        elif marked[i] == "}":
            if not stack:
                raise ValueError(f"unbalanced '}}' at character {i}")
            role, rel, start = stack.pop()
            relations[rel][role].append((start, pos))
            i += 1
        elif marked[i] == "{":
            raise ValueError(f"bad mark at character {i}: {marked[i : i + 20]!r}")
        else:
            out.append(marked[i])
            pos += 1
            i += 1
    if stack:
        raise ValueError(f"unclosed mark {stack[-1][0]}{stack[-1][1]}")
    return "".join(out), relations


def brat(text: str, relations: dict[int, dict[str, list[tuple[int, int]]]]) -> str:
    """The relations as PolNeAR brat lines (T spans, an Attribution trigger on the cue, E relations)."""
    lines: list[str] = []
    t = 0
    for e, rel in enumerate(sorted(relations), start=1):
        roles = relations[rel]
        if not roles.get("C") or not roles.get("Q"):
            raise ValueError(f"relation {rel} needs a cue and a content")
        ids: dict[str, str] = {}
        for key in ("S", "C", "Q"):
            frags = sorted(s for s in roles.get(key, []) if s[1] > s[0])
            if not frags:
                continue
            t += 1
            ids[key] = f"T{t}"
            where = ";".join(f"{s} {e_}" for s, e_ in frags)
            words = " ".join(text[s:e_] for s, e_ in frags)
            lines.append(f"T{t}\t{ROLES[key]} {where}\t{words}")
        cue = sorted(roles["C"])
        t += 1
        label = "Attribution" if "S" in ids else "Attribution-no-source"
        lines.append(f"T{t}\t{label} {cue[0][0]} {cue[0][1]}\t{text[cue[0][0] : cue[0][1]]}")
        args = [f"{label}:T{t}", f"Content:{ids['Q']}", f"Cue:{ids['C']}"]
        if "S" in ids:
            args.append(f"Source:{ids['S']}")
        lines.append(f"E{e}\t" + " ".join(args))
    return "\n".join(lines) + "\n"


def build() -> dict[Path, str]:
    """Every output file's path and content."""
    files: dict[Path, str] = {}
    for src in sorted((HERE / "marked").glob("*.txt")):
        text, relations = parse(src.read_text("utf-8"))
        files[HERE / "text" / src.name] = text
        files[HERE / "attributions" / f"{src.stem}_gold.ann"] = brat(text, relations)
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail if the committed files differ from the markup")
    args = ap.parse_args()
    files = build()
    stale = [p for p, c in files.items() if not p.exists() or p.read_text("utf-8") != c]
    if args.check:
        if stale:
            sys.exit("gold set out of date, run python eval/build_gold.py: " + ", ".join(map(str, stale)))
        print(f"gold set up to date ({len(files) // 2} documents)")
        return
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, "utf-8")
    n_rel = sum(c.count("\nE") + c.startswith("E") for p, c in files.items() if p.suffix == ".ann")
    print(f"{len(files) // 2} documents, {n_rel} relations written under {HERE}")


if __name__ == "__main__":
    main()
