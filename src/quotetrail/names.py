"""Names: a speaker's name cleaned for display, folded for comparison, and merged across documents.

Reads name strings; writes a clean name (`clean_name`: no possessive, honorific or edge punctuation), a
folded key (`name_key`: accents, case, particles and hyphens ignored) and one display name per variant
(`cluster_names`: "X", "Jane X", "Jane al-X" -> one). No document text is read.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from .lexicon import HONORIFICS, NAME_PARTICLES, ROLE_NOUNS


def clean_name(text: str) -> str:
    """A name without possessive, honorific, edge punctuation or doubled spaces."""
    text = re.sub(r"[’']s?$", "", text.strip())
    text = re.sub(r"\s*\([^()]{1,12}\)?$", "", text)
    words = text.replace("\n", " ").split()
    while len(words) > 1 and (words[0].lower().rstrip(".") in HONORIFICS or words[0].lower() in ROLE_NOUNS):
        words = words[1:]
    return " ".join(words).strip(" ,.;:\"“”'‘’()[]*_")


def name_key(name: str) -> tuple[str, ...]:
    """Tokens of a name folded for comparison: accents, case, particles and hyphens ignored."""
    norm = unicodedata.normalize("NFKD", name)
    norm = "".join(ch for ch in norm if not unicodedata.combining(ch)).lower()
    parts = re.split(r"[\s\-‐]+", norm)
    return tuple(p.strip(".'’") for p in parts if p and p.strip(".'’") not in NAME_PARTICLES)


def cluster_names(names: Iterable[str]) -> dict[str, str]:
    """Map each name variant to one display name across documents ("X", "Jane X", "Jane al-X" -> one).

    Variants with the same folded tokens are one name; a one-word name joins the only longer
    name ending in it, and stays alone when several people share it. The display name is the
    longest variant.
    """
    uniq = sorted({n for n in names if n})
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for n in uniq:
        groups[name_key(n) or (n.lower(),)].append(n)
    by_last: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in groups:
        if len(key) > 1:
            by_last[key[-1]].append(key)
    merged: dict[tuple[str, ...], tuple[str, ...]] = {}
    for key in groups:
        if len(key) == 1 and len(by_last.get(key[0], [])) == 1:
            merged[key] = by_last[key[0]][0]
        elif len(key) == 2:
            # "Jane Doe" inside "Jane Q. Doe": same first and last, one longer name only
            longer = [k for k in by_last.get(key[-1], []) if len(k) > 2 and k[0] == key[0]]
            merged[key] = longer[0] if len(longer) == 1 else key
        else:
            merged[key] = key
    members: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key, variants in groups.items():
        members[merged[key]].extend(variants)
    out: dict[str, str] = {}
    for variants in members.values():
        display = max(variants, key=lambda v: (len(name_key(v)), len(v), v))
        for v in variants:
            out[v] = display
    return out


__all__ = ["clean_name", "cluster_names", "name_key"]
