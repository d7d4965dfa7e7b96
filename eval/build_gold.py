"""Builds the hand-made gold set (eval/gold) from its marked-up sources (eval/gold/marked).

Markup: `{S3|the mayor}`, `{C3|said}`, `{Q3|the pier will reopen}` mark the source, cue and
content of relation 3; marks nest (a content may hold another relation), and a role may appear
several times (a quote interrupted by "he said" is one content in two fragments). A relation
with no S mark has no source (`Attribution-no-source`). The output is PolNeAR's brat layout:
`text/NAME.txt` and `attributions/NAME_gold.ann`, so `quotetrail eval --gold eval/gold` reads it.

Speakers: `{S3=Anton Wessel|he}` says relation 3's resolved speaker is Anton Wessel; a relation
whose text has no source names one with an empty mark, `{S3=Anton Wessel|}`, which adds no source
span. A relation with no `=` names no speaker. Every relation gets a brat note after the relations,
on its E id (relations are numbered in markup order): `#2<TAB>AnnotatorNotes E2<TAB>speaker=Anton
Wessel`, or `speaker=` alone for none. The reference scorer and `parse_ann` skip `#` lines, so the
notes move no reference figure; `quotetrail eval` reads them for its speaker figures.

What the speaker is, whatever the mention ("he", "the spokeswoman", "Wessel", "state television"):
* a person: the fullest name the article gives, without title or honorific ("Governor Ana Ruiz",
  "Dr. Ana Ruiz" -> Ana Ruiz);
* a named institution, country or media outlet: its name as the article writes it, without "the",
  a country's possessive or a description ("the Transport Ministry" -> Transport Ministry,
  "state broadcaster VTV" -> VTV); a description that refers to one ("the ministry", "the paper",
  "the city" for Brackwater) names it too;
* none: a person or body the article never names ("a company spokesman", "the mayor's office" of
  an unnamed mayor), groups ("critics", "fishermen"), documents ("a survey", "the report").

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
_OPEN = re.compile(r"\{([SCQ])(\d+)(?:=([^{}|\n]*))?\|")
NOTE = "speaker="
"""The note text before a relation's speaker name (evaluate.SPEAKER_NOTE reads it)."""

Relations = dict[int, dict[str, list[tuple[int, int]]]]


def parse(marked: str) -> tuple[str, Relations, dict[int, str]]:
    """Plain text, per relation number the fragments of each role (offsets into the text), and the
    speaker each relation's S marks name."""
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, int, int]] = []
    relations: Relations = defaultdict(lambda: defaultdict(list))
    speakers: dict[int, str] = {}
    i = 0
    while i < len(marked):
        m = _OPEN.match(marked, i)
        if m:
            role, rel, name = m.group(1), int(m.group(2)), m.group(3)
            if name is not None:
                name = " ".join(name.split())
                if role != "S" or not name:
                    raise ValueError(
                        f"`=` names a speaker on a source mark only, with a name: {m.group(0)!r}"
                    )
                if speakers.setdefault(rel, name) != name:
                    raise ValueError(f"relation {rel} names two speakers: {speakers[rel]!r} and {name!r}")
            stack.append((role, rel, pos))
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
    return "".join(out), relations, speakers


def brat(text: str, relations: Relations, speakers: dict[int, str] | None = None) -> str:
    """The relations as PolNeAR brat lines (T spans, an Attribution trigger on the cue, E relations),
    then one speaker note per relation when `speakers` is given."""
    lines: list[str] = []
    notes: list[str] = []
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
        if speakers is not None:
            notes.append(f"#{e}\tAnnotatorNotes E{e}\t{NOTE}{speakers.get(rel, '')}")
    return "\n".join(lines + notes) + "\n"


def build(here: Path = HERE) -> dict[Path, str]:
    """Every output file's path and content."""
    files: dict[Path, str] = {}
    for src in sorted((here / "marked").glob("*.txt")):
        try:
            text, relations, speakers = parse(src.read_text("utf-8"))
            files[here / "attributions" / f"{src.stem}_gold.ann"] = brat(text, relations, speakers)
        except ValueError as exc:
            raise SystemExit(f"{src}: {exc}") from None
        files[here / "text" / src.name] = text
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail if the committed files differ from the markup")
    ap.add_argument("--dir", type=Path, default=HERE, help="gold folder holding marked/ (default: eval/gold)")
    args = ap.parse_args()
    here = args.dir
    files = build(here)
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
    print(f"{len(files) // 2} documents, {n_rel} relations written under {here}")


if __name__ == "__main__":
    main()
