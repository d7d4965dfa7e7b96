"""Who each source is: pronouns and descriptions resolved in a document, names merged across documents.

Reads a parsed Doc and its attributions' source mentions; writes a speaker name per attribution
(`resolve_document`) and a canonical name per name variant (`cluster_names`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported only where a parse is used, so the fast path starts quickly
    from spacy.tokens import Doc, Span, Token

from .lexicon import (
    GENERIC_SOURCES,
    GROUP_PRONOUNS,
    HONORIFICS,
    NAME_PARTICLES,
    PERSON_PRONOUNS,
    PRONOUNS,
    ROLE_NOUNS,
    ROLE_SYNONYMS,
)
from .types import Span as Offsets

PERSON = "person"
ORG = "organisation"
INSTITUTION_LABELS = ("ORG", "GPE", "NORP")
FEMALE_WORDS = frozenset(
    {"she", "her", "mrs", "ms", "miss", "spokeswoman", "congresswoman", "chairwoman", "queen", "madam"}
)
MALE_WORDS = frozenset({"he", "him", "his", "mr", "spokesman", "congressman", "chairman", "king", "sir"})


@dataclass
class Person:
    """One person named in a document, with the words the text uses to describe them."""

    name: str
    positions: list[int] = field(default_factory=list)
    subject_positions: list[int] = field(default_factory=list)
    titles: set[str] = field(default_factory=set)
    gender: str | None = None


@dataclass
class Resolution:
    """A source mention's resolved speaker: display name ('' when the text does not say) and kind."""

    name: str
    kind: str


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


def _title_words(ent: Span) -> set[str]:
    """Words describing a named person: pre-name titles ("Syrian President") and appositions."""
    doc = ent.doc
    words: set[str] = set()
    i = ent.start - 1
    while i >= 0 and ent.start - i <= 6:
        t = doc[i]
        if t.pos_ in ("PROPN", "NOUN", "ADJ") and not t.is_punct and t.ent_type_ != "PERSON":
            words.add(t.lower_)
            i -= 1
            continue
        break
    for child in ent.root.children:
        if child.dep_ == "appos":
            words.update(t.lower_ for t in child.subtree if t.pos_ in ("NOUN", "ADJ", "PROPN"))
    if ent.root.dep_ == "appos":
        words.update(t.lower_ for t in ent.root.head.subtree if t.pos_ in ("NOUN", "ADJ") and t.i < ent.start)
    return words


def person_mentions(doc: Doc) -> list[Span]:
    """Spans naming a person: PERSON entities, and proper names after a role or honorific
    ("spokeswoman Jane Roe", "President John Doe") whatever label the tagger gave them."""
    if "qt_persons" in doc.spans:
        return list(doc.spans["qt_persons"])
    out: list[Span] = [e for e in doc.ents if e.label_ == "PERSON" and clean_name(e.text)]
    taken = {t.i for e in out for t in e}
    i = 0
    while i < len(doc):
        tok = doc[i]
        part_of_name = tok.ent_type_ not in ("", "PERSON") and i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I"
        if (
            tok.lower_.rstrip(".") in ROLE_NOUNS or tok.lower_.rstrip(".") in HONORIFICS
        ) and not part_of_name:
            j = i + 1
            while (
                j < len(doc)
                and doc[j].pos_ == "PROPN"
                and doc[j].is_title
                and doc[j].lower_ not in ROLE_NOUNS
            ):
                j += 1
            if j - i >= 2 and not any(k in taken for k in range(i + 1, j)):
                out.append(doc[i + 1 : j])
                taken.update(range(i + 1, j))
            i = max(j, i + 1)
            continue
        i += 1
    out.sort(key=lambda s: s.start)
    doc.spans["qt_persons"] = out
    return out


def people(doc: Doc) -> dict[str, Person]:
    """Persons of a document keyed by their fullest name; surname-only mentions join the full name."""
    found: dict[str, Person] = {}
    ents = person_mentions(doc)
    full = sorted({clean_name(e.text) for e in ents}, key=lambda n: (-len(name_key(n)), n))
    for ent in ents:
        name = canonical_in_doc(clean_name(ent.text), full)
        if ent.root.dep_ in ("compound", "amod") and ent.root.head.pos_ != "PROPN":
            continue  # a modifier ("X militants"), not a mention of someone
        p = found.setdefault(name, Person(name))
        p.positions.append(ent.start_char)
        if ent.root.dep_ in ("nsubj", "nsubjpass") or ent.root.head.dep_ in ("nsubj", "nsubjpass"):
            p.subject_positions.append(ent.start_char)
        p.titles |= _title_words(ent)
    for p in found.values():
        if p.titles & FEMALE_WORDS:
            p.gender = "f"
        elif p.titles & MALE_WORDS:
            p.gender = "m"
    return found


def canonical_in_doc(name: str, names: Iterable[str]) -> str:
    """The fullest name in the document that a shorter mention ("Doe", "Jane Doe") stands for."""
    key = name_key(name)
    if not key:
        return name
    best = name
    best_len = len(key)
    for other in names:
        ok = name_key(other)
        if len(ok) <= best_len:
            continue
        if key[-1] == ok[-1] and (len(key) == 1 or key[0] == ok[0]):
            best, best_len = other, len(ok)
    return best


def _root_of(doc: Doc, span: Offsets) -> tuple[Span | None, Token | None]:
    sp = doc.char_span(span[0], span[1], alignment_mode="expand")
    return (sp, sp.root) if sp is not None and len(sp) else (None, None)


def _person_in(span: Span, persons: dict[str, Person]) -> str | None:
    """The person a source span names: the entity holding the head, else the last non-possessor one."""
    ents = [e for e in person_mentions(span.doc) if e.start >= span.start and e.end <= span.end]
    if not ents:
        return None
    names = list(persons)
    head = span.root
    for e in ents:
        if e.start <= head.i < e.end:
            return canonical_in_doc(clean_name(e.text), names)
    plain = [e for e in ents if e.root.dep_ != "poss"]
    chosen = (plain or ents)[-1]
    return canonical_in_doc(clean_name(chosen.text), names)


def _institution_in(span: Span) -> str | None:
    ents = [e for e in span.ents if e.label_ in INSTITUTION_LABELS]
    if not ents:
        return None
    head = span.root
    for e in ents:
        if e.start <= head.i < e.end:
            return _strip_det(e.text)
    return None


def _strip_det(text: str) -> str:
    text = clean_name(text)
    return re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)


def _antecedent(pos: int, pron: str, persons: dict[str, Person], known: dict[str, str | None]) -> str | None:
    """The most recent person before `pos` whose known gender does not contradict the pronoun."""
    want = "f" if pron in ("she", "her") else "m" if pron in ("he", "him", "his") else None
    for attr in ("subject_positions", "positions"):
        best: tuple[int, str] | None = None
        for p in persons.values():
            before = [x for x in getattr(p, attr) if x < pos]
            if not before:
                continue
            gender = known.get(p.name) or p.gender
            if want and gender and gender != want:
                continue
            last = max(before)
            if best is None or last > best[0]:
                best = (last, p.name)
        if best:
            return best[1]
    return None


def _describe(head: Token, words: set[str], persons: dict[str, Person], pos: int) -> str | None:
    """The person a description such as "the Syrian president" refers to."""
    noun = head.lower_
    targets = {noun} | set(ROLE_SYNONYMS.get(noun, ()))
    scored = []
    for p in persons.values():
        earlier = [x for x in p.positions if x < pos] or p.positions
        match = len(p.titles & targets)
        if match:
            scored.append((match + len(p.titles & words) * 0.5, max(earlier) if earlier else 0, p.name))
    if scored:
        return max(scored)[2]
    return None


def _salient(persons: dict[str, Person], counts: Counter[str]) -> str | None:
    if not persons:
        return None
    return max(persons.values(), key=lambda p: (counts[p.name], len(p.positions), -p.positions[0])).name


def resolve_document(doc: Doc, sources: list[tuple[Offsets | None, int | None]]) -> list[Resolution]:
    """Speakers for the sources of one document, in order.

    Each item is (source span, None), or (None, index of an earlier item whose speaker it continues).
    """
    persons = people(doc)
    genders: dict[str, str | None] = {}
    counts: Counter[str] = Counter()
    out: list[Resolution] = []
    for span, cont in sources:
        if span is None:
            out.append(
                out[int(cont)] if cont is not None and int(cont) < len(out) else Resolution("", PERSON)
            )
            continue
        res = _resolve_one(doc, span, persons, genders, counts)
        if res.kind == PERSON and res.name:
            counts[res.name] += 1
        out.append(res)
    return out


def _resolve_one(
    doc: Doc, span: Offsets, persons: dict[str, Person], genders: dict[str, str | None], counts: Counter[str]
) -> Resolution:
    sp, head = _root_of(doc, span)
    if sp is None or head is None:
        return Resolution("", PERSON)
    named = _person_in(sp, persons)
    if named:
        return Resolution(named, PERSON)
    low = sp.text.strip().lower()
    if low in PRONOUNS or head.lower_ in PRONOUNS:
        pron = head.lower_ if head.lower_ in PRONOUNS else low
        if pron in PERSON_PRONOUNS:
            who = _antecedent(span[0], pron, persons, genders)
            if who:
                if pron in ("he", "she") and not genders.get(who):
                    genders[who] = "m" if pron == "he" else "f"
                return Resolution(who, PERSON)
        if pron in GROUP_PRONOUNS:
            return Resolution("", ORG)
        return Resolution("", PERSON)
    inst = _institution_in(sp)
    words = {t.lower_ for t in sp if t.pos_ in ("ADJ", "PROPN", "NOUN")}
    if head.lower_ in ROLE_NOUNS or head.lower_ in ROLE_SYNONYMS:
        who = _describe(head, words, persons, span[0])
        if who is None and any(t.lower_ in ("the", "this", "that") for t in sp) and len(sp) <= 5:
            who = _salient(persons, counts)
        if who:
            return Resolution(who, PERSON)
    if inst:
        return Resolution(inst, ORG)
    if head.lower_ in GENERIC_SOURCES or (
        head.pos_ not in ("PROPN",) and not any(t.pos_ == "PROPN" for t in sp)
    ):
        return Resolution("", PERSON if head.lower_ in ROLE_NOUNS else ORG)
    name = _strip_det(sp.text)
    full = canonical_in_doc(name, persons)
    if full in persons:  # a surname the tagger missed ("Doe said") for a person named earlier
        return Resolution(full, PERSON)
    return Resolution(name, ORG)


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


# --- parser-free resolution (the trained extractor's fast path) ---------------------------------------------

_CAP_RUN = re.compile(
    r"(?<![\w'’-])(?:[A-Z][\w'’.-]*|(?:al|el|bin|ibn|de|del|der|van|von|la|le|du|da|di|dos|das)(?=[\s-]))"
    r"(?:[\s-]+(?:[A-Z][\w'’.-]*|(?:al|el|bin|ibn|de|del|der|van|von|la|le|du|da|di|dos|das)(?=[\s-])))*"
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their"})


def _name_in(source: str) -> str | None:
    """The person's name in a source mention: the last capitalised run, after any title or role words."""
    words = source.replace("\n", " ").split()
    if words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    runs = [m.group(0) for m in _CAP_RUN.finditer(" ".join(words))]
    for run in reversed(runs):
        parts = run.split()
        cut = max((i + 1 for i, w in enumerate(parts) if _is_title(w)), default=0)
        name = clean_name(" ".join(parts[cut:]))
        if name and name[0].isupper() and name.split()[0].lower() not in _DETERMINERS:
            return name
    return None


def _is_title(word: str) -> bool:
    w = word.lower().strip(".,")
    return w in HONORIFICS or w in ROLE_NOUNS


def resolve_light(text: str, sources: list[Offsets | None]) -> list[Resolution]:
    """Speakers without a parse: names from the mention, pronouns and bare surnames and role words
    ("the mayor") from the people named before them in the document."""
    people_seen: list[str] = []
    mentions: Counter[str] = Counter()
    by_role: dict[str, str] = {}
    out: list[Resolution] = []
    for span in sources:
        mention = text[span[0] : span[1]].strip() if span else ""
        words = [w.lower().strip(".,'’\"") for w in mention.split()]
        if not words:
            out.append(Resolution("", PERSON))
            continue
        if len(words) == 1 and words[0] in PERSON_PRONOUNS:
            out.append(Resolution(people_seen[-1] if people_seen else "", PERSON))
            continue
        if len(words) == 1 and words[0] in PRONOUNS:
            out.append(Resolution("", ORG))
            continue
        name = _name_in(mention)
        if name is not None and len(name.split()) == 1 and name.lower() in words:
            after = words[words.index(name.lower()) + 1 :]
            if any(w in ROLE_NOUNS for w in after):  # "the Syrian president": an adjective, not a name
                name = None
        if name is not None and len(name.split()) == 1:
            name = next((p for p in reversed(people_seen) if name_key(p)[-1:] == name_key(name)), name)
        if name is None:
            role = next((w for w in reversed(words) if w in ROLE_NOUNS), None)
            name = by_role.get(role) if role else None
            if name is None and role and mentions:  # "the leader": the person the article is about
                name = mentions.most_common(1)[0][0]
            if name is None:
                out.append(Resolution("", ORG))
                continue
        for w in words:
            if w in ROLE_NOUNS:
                by_role[w] = name
        people_seen.append(name)
        mentions[name] += 1
        out.append(Resolution(name, PERSON))
    return out
