"""How far one camp per speaker across a story explains the gold stances (an upper bound, gold claims).

    PYTHONPATH=src python research/claims_stance/camps.py eval/claims/news1 ...

For each story (gold claims linked by shared documents) every speaker gets one camp and every claim one
orientation; a member is explained when its gold stance is orientation x camp. Prints, per set, the
members, how many have a speaker who speaks in two or more claims of the story (where camps could
carry information between claims), and the most members any camps and orientations explain.
Speakers are the gold annotation's (`speaker=` notes), not the pipeline's.
"""

import collections
import itertools
import os
import re
import sys

from quotetrail.claims_eval import gold_stories, read_claims_gold, relation_numbers


def speakers(folder: str) -> dict[tuple[str, int], str]:
    """(document, relation index from 1) -> annotated speaker, lower-cased."""
    out = {}
    for name in os.listdir(os.path.join(folder, "attributions")):
        doc = name.removesuffix("_gold.ann")
        with open(os.path.join(folder, "attributions", name), encoding="utf-8") as f:
            for line in f:
                m = re.match(r"#\d+\tAnnotatorNotes E(\d+)\tspeaker=(.*)", line.rstrip("\n"))
                if m:
                    out[(doc, int(m.group(1)))] = m.group(2).strip().lower()
    return out


def main(folders: list[str]) -> None:
    for folder in folders:
        g, sp = read_claims_gold(folder), speakers(folder)
        nums = {}
        for d in g.texts:
            with open(os.path.join(folder, "marked", d + ".txt"), encoding="utf-8") as f:
                nums[d] = relation_numbers(f.read())
        claims: dict[str, list[tuple[str, int]]] = collections.defaultdict(list)
        for m in g.members:
            who = sp.get((m.doc, nums[m.doc].index(m.rel) + 1), f"?{m.doc}/{m.rel}")
            claims[m.claim].append((who, 1 if m.stance == "supports" else -1))
        stories = collections.defaultdict(list)
        for c, story in gold_stories(g).items():
            stories[story].append(c)
        total = shared = explained = 0
        for cs in stories.values():
            spoke = collections.defaultdict(set)
            for c in cs:
                for who, _ in claims[c]:
                    spoke[who].add(c)
            best = 0
            for orient in itertools.product((1, -1), repeat=len(cs)):
                o = dict(zip(cs, orient, strict=True))
                score = 0
                for who in spoke:
                    side = collections.Counter(s * o[c] for c in cs for w, s in claims[c] if w == who)
                    score += max(side[1], side[-1])
                best = max(best, score)
            total += sum(len(claims[c]) for c in cs)
            shared += sum(1 for c in cs for who, _ in claims[c] if len(spoke[who]) > 1)
            explained += best
        print(f"{folder}: {total} members, {shared} by a speaker of 2+ claims, camps explain {explained} "
              f"({explained / total:.3f})")


if __name__ == "__main__":
    main(sys.argv[1:])
