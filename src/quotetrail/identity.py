"""One identity per speaker across documents: name variants matched by a scored, explainable rule.

Reads mentions (a name resolved inside one document, with its kind, role, affiliation, document
and date) and writes speakers: a stable id, a display name, aliases, a type and dated roles.

Rules, in the order `cluster` applies them:

- Names are compared as folded tokens: accents, case, hyphens, honorifics and name particles
  (al-, el-, bin, de, van, ...) do not count, so "Karim al-Nouri" and "Karim Nouri" are one name.
- Two full names are one person when their surnames are the same or spelling variants of each
  other (transliteration: "Kharina"/"Harina", "Mohammed"/"Muhammad") and their given names
  agree (equal, variants, or an initial: "J. Doe" and "Jane Doe"). The same surname with
  different given names ("Jane Doe", "John Doe") is never one person.
- A surname alone (or an initial and a surname) joins a full name only when it is unambiguous:
  the only full name with that surname in the same document, else (when the document names
  none) in the whole corpus. Otherwise it stays a speaker of its own.
- A person and an institution (organisation, government, media) are never one speaker.
  Institutions are one when their names fold to the same words (articles and punctuation
  ignored), name one state body with its state before it or in an "of" phrase after it
  ("Xland's Foreign Ministry", "the Foreign Ministry of Xland": `body_tokens`), are close
  spelling variants, or one is the other's acronym.
- Names are compared only within blocks (folded surname skeleton, first letters), so clustering
  grows with the number of names, not its square.

Ids: a speaker's id is ``sp-`` and the first 10 hex digits of the SHA-1 of its display name's
folded tokens, so adding unrelated documents never changes it. When speakers are rebuilt,
`keep_ids` lets each keep the id of the stored speaker it shares most statements with, so an id
also survives a fuller variant appearing, a rename or a split (the larger part keeps it). When
two speakers become one, the surviving id is the merge target's for a user merge (`speakers
merge A B` keeps A's), else that of the one with more statements.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from rapidfuzz import fuzz

from .lexicon import GENERIC_SOURCES, GOVERNMENT_WORDS, HONORIFICS, NAME_PARTICLES, PRONOUNS, ROLE_NOUNS

MERGE_AT = 0.8
"""Scores at or above this join two names."""

INSTITUTION_KINDS = frozenset({"organisation", "government", "media"})
KIND_PRIORITY = ("person", "government", "organisation", "media")
"""Which kind wins a tie between mention kinds."""

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_ARTICLES = frozenset({"the", "a", "an"})
_ORG_FILLERS = frozenset({"of", "and", "for", "the", "&"})
_SPLIT = re.compile(r"[\s\-‐‑–—/]+")
_EDGE = ".,;:'’\"“”()[]*_!?"
_VOWELS = frozenset("aeiou")
_TRANSLIT = (
    ("sch", "sh"),
    ("tch", "ch"),
    ("dzh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("ck", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("iy", "i"),
    ("y", "i"),
    ("w", "v"),
    ("q", "k"),
    ("x", "ks"),
)
_DESCRIPTIVE = frozenset(
    {
        "foreign",
        "prime",
        "deputy",
        "vice",
        "former",
        "senior",
        "top",
        "acting",
        "interim",
        "defence",
        "defense",
        "interior",
        "finance",
        "press",
        "state",
        "national",
        "security",
        "this",
        "that",
        "these",
        "those",
        "its",
        "our",
        "my",
        "your",
    }
)
"""Words that, with role nouns and demonyms only, make a description ("the French prime minister")."""

COUNTRIES: dict[str, str] = {
    "afghan": "Afghanistan",
    "albanian": "Albania",
    "algerian": "Algeria",
    "american": "United States",
    "argentine": "Argentina",
    "argentinian": "Argentina",
    "armenian": "Armenia",
    "australian": "Australia",
    "austrian": "Austria",
    "azerbaijani": "Azerbaijan",
    "bahraini": "Bahrain",
    "belarusian": "Belarus",
    "belgian": "Belgium",
    "brazilian": "Brazil",
    "british": "United Kingdom",
    "bulgarian": "Bulgaria",
    "canadian": "Canada",
    "chilean": "Chile",
    "chinese": "China",
    "colombian": "Colombia",
    "croatian": "Croatia",
    "cuban": "Cuba",
    "cypriot": "Cyprus",
    "czech": "Czech Republic",
    "danish": "Denmark",
    "dutch": "Netherlands",
    "egyptian": "Egypt",
    "emirati": "United Arab Emirates",
    "estonian": "Estonia",
    "ethiopian": "Ethiopia",
    "finnish": "Finland",
    "french": "France",
    "georgian": "Georgia",
    "german": "Germany",
    "greek": "Greece",
    "hungarian": "Hungary",
    "indian": "India",
    "indonesian": "Indonesia",
    "iranian": "Iran",
    "iraqi": "Iraq",
    "irish": "Ireland",
    "israeli": "Israel",
    "italian": "Italy",
    "japanese": "Japan",
    "jordanian": "Jordan",
    "kazakh": "Kazakhstan",
    "kenyan": "Kenya",
    "kuwaiti": "Kuwait",
    "latvian": "Latvia",
    "lebanese": "Lebanon",
    "libyan": "Libya",
    "lithuanian": "Lithuania",
    "malaysian": "Malaysia",
    "mexican": "Mexico",
    "moroccan": "Morocco",
    "nigerian": "Nigeria",
    "norwegian": "Norway",
    "omani": "Oman",
    "pakistani": "Pakistan",
    "palestinian": "Palestine",
    "polish": "Poland",
    "portuguese": "Portugal",
    "qatari": "Qatar",
    "romanian": "Romania",
    "russian": "Russia",
    "saudi": "Saudi Arabia",
    "serbian": "Serbia",
    "slovak": "Slovakia",
    "spanish": "Spain",
    "sudanese": "Sudan",
    "swedish": "Sweden",
    "swiss": "Switzerland",
    "syrian": "Syria",
    "taiwanese": "Taiwan",
    "thai": "Thailand",
    "tunisian": "Tunisia",
    "turkish": "Turkey",
    "ukrainian": "Ukraine",
    "venezuelan": "Venezuela",
    "vietnamese": "Vietnam",
    "yemeni": "Yemen",
}
"""Demonyms to countries: a role or affiliation naming one ("French president") names a country."""

_COUNTRY_NAMES = {c.casefold(): c for c in COUNTRIES.values()} | {
    "north korea": "North Korea",
    "south korea": "South Korea",
    "new zealand": "New Zealand",
    "south africa": "South Africa",
}
_COUNTRY_CODES = {
    "US": "United States",
    "U.S.": "United States",
    "USA": "United States",
    "UK": "United Kingdom",
}


# -- folding --------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Text without accents and case, for comparing and keys."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in norm if not unicodedata.combining(ch)).casefold().replace("’", "'")


@lru_cache(maxsize=1 << 16)
def name_tokens(name: str) -> tuple[str, ...]:
    """A name's folded words: accents, case, hyphens, honorifics, articles, suffixes and particles dropped.

    A particle is dropped when it is written in lower case, joined by a hyphen or not first
    ("al-Nouri", "Karim Al Nouri"); a capitalised first word stays ("Al Jazeera").
    """
    text = re.sub(r"['’]s?$", "", name.strip())
    raw = [(w, sep) for w, sep in _words_with_separators(text)]
    out: list[str] = []
    for i, (word, sep) in enumerate(raw):
        low = fold(word).strip(_EDGE).replace(".", "")
        if not low:
            continue
        if not out and low in _ARTICLES and i + 1 < len(raw):
            continue
        if not out and low.rstrip(".") in HONORIFICS and i + 1 < len(raw):
            continue
        if low in NAME_PARTICLES and i + 1 < len(raw) and (out or word[:1].islower() or sep):
            continue
        out.append(low)
    while len(out) > 1 and out[-1] in _SUFFIXES:
        out.pop()
    return tuple(out)


def _words_with_separators(text: str) -> list[tuple[str, str]]:
    """Words and the separator that follows each ('-' for "al-Nouri"), so hyphenated particles show."""
    parts = _SPLIT.split(text)
    seps = _SPLIT.findall(text)
    out = []
    for i, p in enumerate(parts):
        if p:
            sep = seps[i] if i < len(seps) else ""
            out.append((p, sep.replace(" ", "")))
    return out


def folded_name(name: str) -> str:
    """A name's folded words as one string: the key for lookups, links and ids."""
    return " ".join(name_tokens(name)) or fold(name).strip()


def speaker_key(name: str) -> str:
    """The stable id of a speaker displayed as `name`: 'sp-' and a hash of its folded words."""
    return "sp-" + hashlib.sha1(folded_name(name).encode("utf-8")).hexdigest()[:10]


@lru_cache(maxsize=1 << 16)
def is_description(name: str) -> bool:
    """A pronoun or bare title ("he", "the French president", "Spokeswoman"), not a speaker's name."""
    words = [fold(w).strip(_EDGE) for w in name.split()]
    words = [w for w in words if w]
    if not words:
        return True
    return all(
        w in PRONOUNS
        or w in _ARTICLES
        or w in ROLE_NOUNS
        or (w.endswith("s") and w[:-1] in ROLE_NOUNS)
        or w in GENERIC_SOURCES
        or w.rstrip(".") in HONORIFICS
        or w in COUNTRIES
        or w in _DESCRIPTIVE
        or w.endswith("'s")
        for w in words
    )


def countries_in(texts: Iterable[str]) -> list[str]:
    """Countries that roles or affiliations name ("Danish Foreign Ministry" -> Denmark), in order seen."""
    seen: dict[str, None] = {}
    for text in texts:
        for code, country in _COUNTRY_CODES.items():
            if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w])", text):
                seen.setdefault(country, None)
        low = fold(text)
        for phrase, country in _COUNTRY_NAMES.items():
            if re.search(rf"\b{re.escape(phrase)}\b", low):
                seen.setdefault(country, None)
        for word in re.findall(r"\w+", low):
            if word in COUNTRIES:
                seen.setdefault(COUNTRIES[word], None)
    return list(seen)


# -- comparing two names ----------------------------------------------------------------------------


class Match(NamedTuple):
    """A comparison's score (0..1, MERGE_AT joins) and the reasons behind it, for `--explain`."""

    score: float
    reasons: list[str]


@dataclass(frozen=True)
class _Name:
    key: tuple[str, ...]
    given: tuple[str, ...]
    surname: str

    @property
    def initial_only(self) -> bool:
        return bool(self.given) and len(self.given[0]) == 1


def _parse(name: str) -> _Name:
    key = name_tokens(name)
    if not key:
        return _Name((), (), "")
    given = tuple(t for t in key[:-1] if t not in NAME_PARTICLES)
    return _Name(key, given, key[-1])


def translit(token: str) -> str:
    """A token folded for transliteration variants: kh/h, y/i, ou/u, doubled letters, final h."""
    t = token
    for a, b in _TRANSLIT:
        t = t.replace(a, b)
    t = re.sub(r"(.)\1+", r"\1", t)
    return t[:-1] if len(t) > 3 and t.endswith("h") else t


def token_match(a: str, b: str) -> tuple[float, str]:
    """How two name words compare: 1.0 equal, 0.9 spelling variants, 0.0 different; with the reason."""
    if a == b:
        return 1.0, f"same word '{a}'"
    ta, tb = translit(a), translit(b)
    if ta == tb:
        return 0.9, f"'{a}' and '{b}' are transliteration variants ('{ta}')"
    if len(ta) == len(tb) >= 5:
        diff = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
        if len(diff) <= 2 and all(x in _VOWELS and y in _VOWELS for x, y in diff):
            return 0.9, f"'{a}' and '{b}' differ only in vowels"
    ratio = fuzz.ratio(ta, tb)
    if min(len(ta), len(tb)) >= 7 and ratio >= 90:
        return 0.9, f"'{a}' and '{b}' are spelling variants (ratio {ratio:.0f})"
    return 0.0, f"'{a}' and '{b}' differ (ratio {ratio:.0f})"


def kind_class(kind: str | None) -> str:
    """'institution' for organisations, governments and media; 'person' for people and unknowns."""
    return "institution" if (kind or "") in INSTITUTION_KINDS else "person"


def compare(a: str, b: str, kind_a: str = "", kind_b: str = "", *, rivals: int = 1) -> Match:
    """Score whether two names are one speaker, with reasons.

    `rivals` is how many different full names a surname alone (or initial and surname) could
    stand for in its context; above one it never joins.
    """
    ca, cb = kind_class(kind_a), kind_class(kind_b)
    if ca != cb:
        return Match(0.0, ["a person and an institution are never one speaker"])
    if ca == "institution":
        return _compare_institutions(a, b)
    return _compare_people(a, b, rivals)


def _compare_people(a: str, b: str, rivals: int) -> Match:
    na, nb = _parse(a), _parse(b)
    if not na.key or not nb.key:
        return Match(0.0, ["no name to compare"])
    if na.key == nb.key:
        return Match(1.0, ["same name once accents, case, particles and hyphens are folded"])
    s, why = token_match(na.surname, nb.surname)
    if s == 0.0:
        return Match(0.0, [f"different surnames: {why}"])
    reasons = ["same surname" if s == 1.0 else f"surname: {why}"]
    if not na.given or not nb.given:
        if not na.given and not nb.given:
            return Match(s, reasons)
        if rivals > 1:
            return Match(0.0, [*reasons, f"a surname alone is ambiguous here: {rivals} people have it"])
        alone = "a surname alone, and only one full name has it in context"
        return Match(round(0.85 - 0.3 * (1 - s), 3), [*reasons, alone])  # 0.85, 0.82 for a variant
    score = s
    ga, gb = na.given, nb.given
    for pos, (x, y) in enumerate(zip(ga, gb, strict=False)):
        what = "given name" if pos == 0 else "middle name"
        if len(x) == 1 or len(y) == 1:
            if x[0] != y[0]:
                return Match(0.0, [*reasons, f"same surname, different {what}s ({x} / {y})"])
            if len(x) != len(y):
                if pos == 0 and rivals > 1:
                    return Match(0.0, [*reasons, f"the initial '{x[0]}.' fits {rivals} people here"])
                score *= 0.9
                reasons.append(f"the initial '{x[0]}.' matches '{max(x, y, key=len)}'")
            continue
        t, why = token_match(x, y)
        if t == 0.0:
            return Match(0.0, [*reasons, f"same surname, different {what}s ({x} / {y})"])
        score *= t
        reasons.append(f"same {what}" if t == 1.0 else f"{what}: {why}")
    if len(ga) != len(gb):
        score *= 0.97
        reasons.append("one variant adds a middle name")
    return Match(round(score, 3), reasons)


def org_tokens(name: str) -> tuple[str, ...]:
    """An institution's folded words without articles, possessive or punctuation."""
    return tuple(re.sub(r"'s?$", "", t) for t in name_tokens(name) if t not in _ARTICLES)


def body_tokens(name: str) -> tuple[str, ...]:
    """A state body's words in one order: "the Foreign Ministry of Xland", "Xland's Foreign Ministry" and
    "the Xland Foreign Ministry" are all ("xland", "foreign", "ministry"). Only a body word that already
    has a qualifier moves its "of" phrase ("Ministry of Defence" and "Bank of Yland" stay as they are)."""
    toks = org_tokens(name)
    if "of" not in toks:
        return toks
    k = len(toks) - 1 - toks[::-1].index("of")
    head, tail = toks[:k], toks[k + 1 :]
    if len(head) >= 2 and "of" not in head and head[-1] in GOVERNMENT_WORDS and 1 <= len(tail) <= 2:
        return (*tail, *head)
    return toks


def government_of(name: str) -> str | None:
    """The country an institution name stands for ("Denmark", "the Danish government")."""
    toks = list(org_tokens(name))
    if toks[-1:] == ["government"]:
        toks = toks[:-1]
    elif toks[:2] == ["government", "of"]:
        toks = toks[2:]
    text = " ".join(toks)
    if text in COUNTRIES:
        return COUNTRIES[text]
    if text in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[text]
    if text in ("us", "usa", "uk"):
        return next(
            (c for code, c in _COUNTRY_CODES.items() if re.search(rf"(?<![\w.]){re.escape(code)}", name)),
            None,
        )
    return None


def _acronym(name: str) -> str:
    return "".join(t[0] for t in org_tokens(name) if t not in _ORG_FILLERS)


def _compare_institutions(a: str, b: str) -> Match:
    ka, kb = org_tokens(a), org_tokens(b)
    if not ka or not kb:
        return Match(0.0, ["no name to compare"])
    if ka == kb:
        return Match(1.0, ["same name once case, accents, articles and punctuation are folded"])
    if body_tokens(a) == body_tokens(b):
        return Match(0.95, ["one body named with its state before it or in an 'of' phrase after it"])
    country = government_of(a)
    if country and country == government_of(b):
        return Match(0.95, [f"both stand for the government of {country}"])
    for short, long_ in ((a, b), (b, a)):
        bare = short.strip().replace(".", "")
        acronym = bare.isupper() and len(bare) >= 2 and " " not in bare and len(org_tokens(long_)) >= 2
        if acronym and fold(bare) == _acronym(long_):
            return Match(0.9, [f"'{short.strip()}' is the acronym of '{long_.strip()}'"])
    ratio = fuzz.ratio(" ".join(ka), " ".join(kb))
    if len(ka) == len(kb) and ratio >= 92:
        return Match(round(ratio / 100, 3), [f"spelling variants (ratio {ratio:.0f})"])
    return Match(0.0, [f"different names (ratio {ratio:.0f})"])


# -- mentions and identities ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A speaker name as resolved in one document, with what the text says about it there."""

    name: str
    kind: str = ""
    role: str = ""
    affiliation: str = ""
    doc: str = ""
    date: str | None = None
    count: int = 1


@dataclass
class Role:
    """A role and affiliation a speaker was seen with, and when (ISO dates; partial dates ignored)."""

    role: str
    affiliation: str
    first_seen: str | None
    last_seen: str | None
    count: int


@dataclass
class SpeakerIdentity:
    """One speaker across documents."""

    key: str
    name: str
    type: str
    aliases: list[str]
    roles: list[Role]
    mentions: list[Mention]
    first_seen: str | None = None
    last_seen: str | None = None
    why: dict[str, Match] = field(default_factory=dict)
    qid: str | None = None
    qid_source: str | None = None
    pinned_name: bool = False

    @property
    def count(self) -> int:
        """Statements (mentions) of this speaker."""
        return sum(m.count for m in self.mentions)

    def names(self) -> set[str]:
        """Folded display name and aliases, for lookups."""
        return {fold(self.name)} | {fold(a) for a in self.aliases}


def _iso(date: str | None) -> str | None:
    return date if date and date[:1].isdigit() else None


def _type_of(mentions: Iterable[Mention]) -> str:
    """The majority known kind of the mentions, ties by KIND_PRIORITY; 'unknown' when none is known."""
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.kind in KIND_PRIORITY:
            counts[m.kind] += m.count
    if not counts:
        return "unknown"
    rank = {k: i for i, k in enumerate(KIND_PRIORITY)}
    return min(counts, key=lambda k: (-counts[k], rank.get(k, len(rank)), k))


def _display(mentions: Sequence[Mention]) -> str:
    """The fullest common variant: most name parts among variants with >= 25% of the full-name mentions,
    then the longest of its spellings with >= 25% of that variant's mentions (particles written out)."""
    by_key: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for m in mentions:
        by_key[name_tokens(m.name) or (fold(m.name),)][m.name] += m.count
    full = {k: c for k, c in by_key.items() if len(k) > 1} or by_key
    total = sum(sum(c.values()) for c in full.values())
    top = max(sum(c.values()) for c in full.values())
    common = {k: c for k, c in full.items() if sum(c.values()) * 4 >= total or sum(c.values()) == top}
    best = max(common, key=lambda k: (len(k), sum(common[k].values()), k))
    spellings = common[best]
    n = sum(spellings.values())
    # the fullest written form among the usual spellings: "Karim al-Nouri" over "Karim Nouri"
    usual = [s for s in spellings if spellings[s] * 4 >= n] or list(spellings)
    return min(usual, key=lambda s: (-len(s), -spellings[s], s))


def _roles(mentions: Iterable[Mention]) -> list[Role]:
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.role.strip() or m.affiliation.strip():
            groups[(fold(m.role.strip()), fold(m.affiliation.strip()))].append(m)
    out = []
    for ms in groups.values():
        role = Counter({m.role.strip(): 0 for m in ms})
        aff = Counter({m.affiliation.strip(): 0 for m in ms})
        for m in ms:
            role[m.role.strip()] += m.count
            aff[m.affiliation.strip()] += m.count
        dates = [d for m in ms if (d := _iso(m.date))]
        out.append(
            Role(
                role=min(role, key=lambda s: (-role[s], s)),
                affiliation=min(aff, key=lambda s: (-aff[s], s)),
                first_seen=min(dates, default=None),
                last_seen=max(dates, default=None),
                count=sum(m.count for m in ms),
            )
        )
    out.sort(key=lambda r: (r.first_seen or "9999", -r.count, r.role, r.affiliation))
    return out


def build(mentions: Sequence[Mention], *, name: str | None = None, key: str | None = None) -> SpeakerIdentity:
    """A speaker from its mentions: display name, aliases, type, roles and dates worked out."""
    display = name or _display(mentions)
    dates = [d for m in mentions if (d := _iso(m.date))]
    return SpeakerIdentity(
        key=key or speaker_key(display),
        name=display,
        type=_type_of(mentions),
        aliases=sorted({m.name for m in mentions}),
        roles=_roles(mentions),
        mentions=list(mentions),
        first_seen=min(dates, default=None),
        last_seen=max(dates, default=None),
    )


@dataclass
class _Variant:
    """All mentions of one folded name."""

    key: tuple[str, ...]
    mentions: list[Mention] = field(default_factory=list)

    @cached_property
    def name(self) -> str:
        """The most frequent spelling."""
        counts: Counter[str] = Counter()
        for m in self.mentions:
            counts[m.name] += m.count
        return min(counts, key=lambda s: (-counts[s], -len(s), s))

    @cached_property
    def kind(self) -> str:
        """The majority kind of its mentions."""
        return _type_of(self.mentions)

    @cached_property
    def docs(self) -> set[str]:
        return {m.doc for m in self.mentions}


class _Clusters:
    """Union-find over variants that never joins two groups with an incompatible pair."""

    def __init__(self, variants: list[_Variant]) -> None:
        self.variants = variants
        self.parent = list(range(len(variants)))
        self.members = {i: [i] for i in range(len(variants))}
        self._cache: dict[tuple[int, int], Match] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def score(self, i: int, j: int) -> Match:
        if (i, j) not in self._cache:
            a, b = self.variants[i], self.variants[j]
            self._cache[(i, j)] = compare(a.name, b.name, a.kind, b.kind)
        return self._cache[(i, j)]

    def union(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        if any(self.score(*sorted((x, y))).score <= 0 for x in self.members[ri] for y in self.members[rj]):
            return False
        self.parent[rj] = ri
        self.members[ri] += self.members.pop(rj)
        return True


def _blocks(name: _Name, institution: bool, raw: str) -> set[str]:
    """Blocking keys: two names are compared only if they share one."""
    if institution:
        toks = org_tokens(raw)
        keys = {"o:" + toks[0]} if toks else set()
        keys.add("b:" + " ".join(body_tokens(raw)))
        keys.add("a:" + (_acronym(raw) if len(toks) > 1 else fold(raw.strip().replace(".", ""))))
        country = government_of(raw)
        if country:
            keys.add("g:" + country)
        return keys
    first = name.given[0][0] if name.given else ""
    sur = translit(name.surname)
    return {f"s:{sur}:{first}", f"c:{_consonants(sur)}:{first}"}


def _consonants(token: str) -> str:
    """A transliterated surname without vowels: variants that differ in a vowel share it."""
    return token[:1] + re.sub("[aeiou]", "", token[1:])


def cluster(mentions: Iterable[Mention]) -> list[SpeakerIdentity]:
    """Speakers from mentions across documents, largest first; pronouns and bare titles are left out."""
    variants: dict[tuple[str, ...], _Variant] = {}
    for m in mentions:
        if not m.name.strip() or is_description(m.name):
            continue
        key = name_tokens(m.name)
        if not key:
            continue
        variants.setdefault(key, _Variant(key)).mentions.append(m)
    ordered = [variants[k] for k in sorted(variants)]
    parsed = [_parse(v.name) for v in ordered]
    inst = [kind_class(v.kind) == "institution" for v in ordered]
    full = [
        i for i, v in enumerate(ordered) if not inst[i] and parsed[i].given and not parsed[i].initial_only
    ]
    is_full = set(full)
    partial = [i for i in range(len(ordered)) if not inst[i] and i not in is_full]
    orgs = [i for i, flag in enumerate(inst) if flag]
    uf = _Clusters(ordered)
    _join_within_blocks(uf, full, parsed, ordered, inst)
    _join_within_blocks(uf, orgs, parsed, ordered, inst)
    groups: dict[int, list[Mention]] = defaultdict(list)
    why: dict[int, dict[str, Match]] = defaultdict(dict)
    for i in full + orgs:
        groups[uf.find(i)].extend(ordered[i].mentions)
    leftover = _attach_partials(uf, full, partial, parsed, ordered, groups, why)
    _join_within_blocks(uf, leftover, parsed, ordered, inst)
    for i in leftover:
        groups[uf.find(i)].extend(ordered[i].mentions)
    out: list[SpeakerIdentity] = []
    for root, ms in groups.items():
        ident = build(ms)
        for alias in ident.aliases:
            if fold(alias) == fold(ident.name):
                continue
            ident.why[alias] = why[root].get(alias) or compare(alias, ident.name, ident.type, ident.type)
        out.append(ident)
    return _unique_keys(sorted(out, key=lambda s: (-s.count, s.name, s.key)))


def _join_within_blocks(
    uf: _Clusters, idx: list[int], parsed: list[_Name], variants: list[_Variant], inst: list[bool]
) -> None:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        for b in _blocks(parsed[i], inst[i], variants[i].name):
            blocks[b].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                pairs.add((min(i, j), max(i, j)))
    scored = sorted(((uf.score(i, j).score, i, j) for i, j in pairs), key=lambda t: (-t[0], t[1], t[2]))
    for s, i, j in scored:
        if s >= MERGE_AT:
            uf.union(i, j)


def _attach_partials(
    uf: _Clusters,
    full: list[int],
    partial: list[int],
    parsed: list[_Name],
    variants: list[_Variant],
    groups: dict[int, list[Mention]],
    why: dict[int, dict[str, Match]],
) -> list[int]:
    """Join each surname-only (or initial) mention to the one full name it can mean in its document,
    else in the corpus; return the variants with mentions left on their own."""
    by_block: dict[str, set[int]] = defaultdict(set)
    for i in full:
        sur = translit(parsed[i].surname)
        by_block["s:" + sur].add(i)
        by_block["c:" + _consonants(sur)].add(i)
    docs_of: dict[int, set[str]] = defaultdict(set)
    for i in full:
        docs_of[uf.find(i)] |= variants[i].docs
    leftover: list[int] = []
    for p in partial:
        v = variants[p]
        sur = translit(parsed[p].surname)
        near = by_block.get("s:" + sur, set()) | by_block.get("c:" + _consonants(sur), set())
        fits: dict[int, Match] = {}
        for i in sorted(near):
            fit = compare(v.name, variants[i].name, v.kind, variants[i].kind)
            if fit.score >= MERGE_AT:
                root = uf.find(i)
                if root not in fits or fit.score > fits[root].score:
                    fits[root] = fit
        alone: list[Mention] = []
        for m in v.mentions:
            here = [r for r in fits if m.doc in docs_of[r]]
            if len(here) == 1:
                where = "in the same document"
                target: int | None = here[0]
            elif not here and len(fits) == 1:
                where, target = "in the corpus", next(iter(fits))
            else:
                target = None
            if target is None:
                alone.append(m)
                continue
            groups[target].append(m)
            match = fits[target]
            reasons = [r for r in match.reasons if "only one full name" not in r]
            why[target].setdefault(
                m.name, Match(match.score, [*reasons, f"the only full name with this surname {where}"])
            )
        if alone:
            variants[p] = _Variant(v.key, alone)
            leftover.append(p)
    return leftover


def _unique_keys(idents: list[SpeakerIdentity]) -> list[SpeakerIdentity]:
    """Give a later speaker whose key is taken a salted one (largest speakers keep the plain key)."""
    used: set[str] = set()
    for ident in idents:
        key, n = ident.key, 1
        while key in used:
            n += 1
            key = speaker_key(f"{ident.name}#{n}")
        ident.key = key
        used.add(key)
    return idents


def assignment(idents: Iterable[SpeakerIdentity]) -> dict[tuple[str, str], SpeakerIdentity]:
    """(document, name as resolved there) -> its speaker."""
    out: dict[tuple[str, str], SpeakerIdentity] = {}
    for ident in idents:
        for m in ident.mentions:
            out[(m.doc, m.name)] = ident
    return out


def group(mentions: Iterable[Mention], canonical: Mapping[str, str]) -> list[SpeakerIdentity]:
    """Speakers from an explicit name -> display name mapping (a caller-supplied clustering)."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.name.strip():
            groups[canonical.get(m.name) or m.name].append(m)
    out = [build(ms, name=name) for name, ms in groups.items()]
    return _unique_keys(sorted(out, key=lambda s: (-s.count, s.name, s.key)))


def keep_ids(
    idents: list[SpeakerIdentity], previous: Mapping[str, Mapping[tuple[str, str], int]]
) -> list[SpeakerIdentity]:
    """Let each speaker keep the id of the stored speaker it shares the most statements with.

    `previous` maps a stored id to its statements, counted per (document, name). Largest overlaps
    are settled first, each stored id going to one speaker at most, so an id survives a fuller
    variant appearing, a rename or a split (the larger part keeps it); when two stored speakers
    are now one, the one with more statements gives its id. A speaker sharing nothing with a
    stored one gets the id of its display name (salted when taken).
    """
    owner = {(m.doc, m.name): n for n, ident in enumerate(idents) for m in ident.mentions}
    edges: list[tuple[int, int, str, int]] = []
    for key, pairs in previous.items():
        overlap: Counter[int] = Counter()
        for pair, count in pairs.items():
            if pair in owner:
                overlap[owner[pair]] += int(count)
        for n, shared in overlap.items():
            edges.append((-shared, 0 if idents[n].key == key else 1, key, n))
    used: set[str] = set()
    kept: dict[int, str] = {}
    for _, _, key, n in sorted(edges):
        if key not in used and n not in kept:
            kept[n] = key
            used.add(key)
    for n, ident in enumerate(idents):
        if n in kept:
            ident.key = kept[n]
            continue
        key, salt = speaker_key(ident.name), 1
        while key in used:
            salt += 1
            key = speaker_key(f"{ident.name}#{salt}")
        ident.key = key
        used.add(key)
    return idents


# -- corrections ---------------------------------------------------------------------------------------

ACTIONS = ("merge", "split", "rename", "qid")


def ref(ident: SpeakerIdentity) -> dict[str, Any]:
    """How a correction names a speaker: its id, display name and every alias (ids may change)."""
    return {"key": ident.key, "name": ident.name, "names": sorted(ident.aliases)}


def find(idents: Sequence[SpeakerIdentity], wanted: Mapping[str, Any]) -> SpeakerIdentity | None:
    """The speaker a correction's reference names: by id, else display name, else any alias."""
    key = wanted.get("key")
    for ident in idents:
        if key and ident.key == key:
            return ident
    name = fold(str(wanted.get("name") or ""))
    for ident in idents:
        if name and fold(ident.name) == name:
            return ident
    for alias in [wanted.get("name") or "", *wanted.get("names", [])]:
        hits = [i for i in idents if fold(str(alias)) in i.names()]
        if len(hits) == 1:
            return hits[0]
    return None


def apply_corrections(
    idents: list[SpeakerIdentity], corrections: Iterable[tuple[int, str, Mapping[str, Any]]]
) -> tuple[list[SpeakerIdentity], dict[int, str]]:
    """Apply user corrections (id, action, args) in order; returns the speakers and a note per correction."""
    idents = list(idents)
    notes: dict[int, str] = {}
    for cid, action, args in corrections:
        try:
            notes[cid] = _apply(idents, cid, action, args)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            notes[cid] = f"not applied: malformed arguments ({exc})"
    return idents, notes


def _apply(idents: list[SpeakerIdentity], cid: int, action: str, args: Mapping[str, Any]) -> str:
    target = find(idents, args["speaker"])
    if target is None:
        return f"not applied: no speaker {args['speaker'].get('name')!r} now"
    if action == "merge":
        other = find(idents, args["other"])
        if other is None:
            return f"not applied: no speaker {args['other'].get('name')!r} now"
        if other is target:
            return "applied (already one speaker)"
        merged = build([*target.mentions, *other.mentions], name=target.name, key=target.key)
        merged.type = target.type if target.type != "unknown" else other.type
        merged.why = {**target.why, **other.why}
        for alias in other.aliases:
            if fold(alias) != fold(merged.name):
                merged.why[alias] = Match(1.0, [f"merged by correction #{cid}"])
        merged.qid, merged.qid_source = target.qid or other.qid, target.qid_source or other.qid_source
        merged.pinned_name = target.pinned_name
        idents[idents.index(target)] = merged
        idents.remove(other)
        return "applied"
    if action == "split":
        alias = fold(str(args["alias"]))
        moved = [m for m in target.mentions if fold(m.name) == alias]
        if not moved:
            return f"not applied: {target.name!r} has no name {args['alias']!r} now"
        if len(moved) == len(target.mentions):
            return "applied (the name is the whole speaker)"
        rest = [m for m in target.mentions if fold(m.name) != alias]
        keep_name = target.pinned_name or fold(target.name) != alias
        kept = build(rest, name=target.name if keep_name else None, key=target.key)
        kept.why = {a: w for a, w in target.why.items() if fold(a) != alias and a in kept.aliases}
        kept.qid, kept.qid_source, kept.pinned_name = target.qid, target.qid_source, target.pinned_name
        idents[idents.index(target)] = kept
        home = next((i for i in idents if i is not kept and fold(i.name) == alias), None)
        if home is not None:
            joined = build([*home.mentions, *moved], name=home.name, key=home.key)
            joined.why, joined.qid, joined.qid_source = home.why, home.qid, home.qid_source
            joined.why[str(args["alias"])] = Match(1.0, [f"split off by correction #{cid}"])
            idents[idents.index(home)] = joined
        else:
            taken = {i.key for i in idents}
            new = build(moved)
            salt = 1
            while new.key in taken:
                salt += 1
                new.key = speaker_key(f"{new.name}#{salt}")
            idents.append(new)
        return "applied"
    if action == "rename":
        target.name = str(args["name"]).strip()
        target.pinned_name = True
        return "applied"
    if action == "qid":
        target.qid, target.qid_source = str(args["qid"]), "correction"
        return "applied"
    return f"not applied: unknown action {action!r}"


__all__ = [
    "COUNTRIES",
    "MERGE_AT",
    "Match",
    "Mention",
    "Role",
    "SpeakerIdentity",
    "apply_corrections",
    "assignment",
    "body_tokens",
    "build",
    "cluster",
    "compare",
    "countries_in",
    "find",
    "fold",
    "folded_name",
    "government_of",
    "group",
    "is_description",
    "keep_ids",
    "name_tokens",
    "ref",
    "speaker_key",
    "token_match",
]
