"""Text -> the people table: the persons and institutions a document names, with what it says of them.

Reads a document's whole text once (with its quotes, and the PERSON spans of a parse when there is one);
writes a `PeopleTable`: each named `Person` with the titles, appositions, honorifics, offices and ages
written around their name (read by `titles`; "X, who chairs the transport committee", "X was re-elected
president of Y", "grandmaster and former champion X"), every `Mention` of them (a surname several relatives
share lists them all, with what the words before it hint), the named `Institution`s (a government, media
outlet or organisation; an outlet known by its kind, an apposition or a paper someone "told") and the places.
No parse is needed: regular expressions and the word lists of `lexicon`, linear in the text's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .lexicon import (
    CLUB_WORDS,
    COMPANY_DESCRIPTIONS,
    COMPANY_WORDS,
    ELDER_KIN,
    FEMALE_WORDS,
    GOVERNMENT_PHRASES,
    HONORIFICS,
    MALE_WORDS,
    MEDIA_NAMES,
    MEDIA_WORDS,
    PARTY_WORDS,
    PERSON_ROLES,
    PLACE_GROUP_NOUNS,
    PLACES,
    ROLE_MODIFIERS,
    SECTOR_DESCRIPTIONS,
    SPECIALTY_TITLES,
    YOUNGER_KIN,
    word_set,
)
from .names import name_key
from .titles import (
    after_relative,
    age_after,
    age_before,
    age_word,
    appositive_after,
    appositive_before,
    coordinated_titles,
    loose_head,
    noun_like,
    past_office,
    predicate_office,
    relative_office,
    role_parts,
    split_head,
    title_prefix,
    verbish,
)
from .tokens import (
    AUX,
    CUT_WORDS,
    DETERMINERS,
    INDEFINITE,
    INSTITUTION_WORDS,
    LOCATIVE,
    MEDIA,
    MEDIA_HEADS,
    NOT_NAME,
    OPENERS,
    ORG,
    OWNER_PRONOUNS,
    PARTICLES,
    PLACE_PREPOSITIONS,
    SEATS,
    Tok,
    fold,
    gender_of,
    kind_of_words,
    place_name,
    role_word,
    tokenize,
)
from .types import Span as Offsets

# --- words -------------------------------------------------------------------------------------------------

_NEVER_NAME = word_set(
    """nations republic kingdom states emirates islands avenue road square stadium hotel museum library
    cathedral airport station harbour river sea ocean gulf province region county city district territory
    territories day war wars cup act treaty accord agreement summit forum talks olympics festival conference
    affairs rights island mosque church temple university college school hospital house hurricane typhoon
    cyclone"""
)
"""Capitalised words of places, events and documents, never part of a person's name."""
_NOT_NAME_START = word_set(
    """new north south east west san santa los las saint st fort mount cape port lake united islamic human
    international global world national federal middle central northern southern eastern western upper
    lower greater great grand royal holy old"""
)
"""First words of place and body names ("New York", "United Nations"); a person's name never starts so."""
_MONTH_NAMES = frozenset({"may", "march", "april", "june", "august"})
"""Months that are also names ("Theresa May"): part of a name only right after a name word."""
_TITLE_SMALL = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "but",
        "or",
        "by",
        "with",
        "from",
        "as",
        "vs",
        "s",
    }
)
_CLUB_HEADS = frozenset({"club", "team"})
_AGE_HINTS = {"younger": "younger", "elder": "elder", "older": "elder"}
_HONORIFIC_TITLES = {"dr": "doctor", "sen": "senator", "rep": "representative", "gov": "governor",
                      "gen": "general", "col": "colonel", "lt": "lieutenant", "sgt": "sergeant",
                      "capt": "captain", "adm": "admiral", "prof": "professor",
                      "pres": "president"}  # fmt: skip
"""Abbreviated titles and the title they stand for ("Sen. X" is "the senator")."""
_STYLES = {"justice": "judge"}
"""Styles set right before a name and the office they give ("Mrs Justice X" is "the judge")."""
_HONORIFIC_GENDER = {"ms": "f", "mrs": "f", "miss": "f", "madam": "f", "madame": "f", "dame": "f",
                     "lady": "f", "mr": "m", "sir": "m", "lord": "m"}  # fmt: skip


# --- the document's people table ------------------------------------------------------------------------


@dataclass
class Person:
    """One person named in a document, with what the text says about them."""

    name: str
    key: tuple[str, ...]
    titles: set[str] = field(default_factory=set)
    """Words of the titles the text gives them, lower case ("deputy", "foreign", "minister")."""
    words: set[str] = field(default_factory=set)
    """Title and affiliation words folded (places as their state), to match "the Kenyan leader"."""
    gender: str | None = None
    role: str = ""
    affiliation: str = ""
    age: int | None = None
    """The age the text gives them ("X, 54,", "X, who is 54", "the 54-year-old X"), for "the 54-year-old"."""
    past: set[str] = field(default_factory=set)
    """Title words of offices the text says they held and no longer hold ("X, who was mayor until 2019",
    "X, who left the company"), for "the former mayor"."""


@dataclass
class Mention:
    """Where the text names a person: offsets, sentence, and whether it reads as a clause's subject."""

    start: int
    end: int
    person: int
    sent: int
    subject: bool
    poss: bool
    quoted: bool
    alts: tuple[int, ...] = ()
    """A surname alone that several persons of the text bear: their indices (the resolver picks one)."""
    hint: str | None = None
    """What the words before a shared surname say: "f"/"m" (an honorific), "elder"/"younger"."""


@dataclass
class Institution:
    """A named body in the document ("Russian Foreign Ministry", "Harbour News"), for "the ministry"."""

    name: str
    kind: str
    words: frozenset[str]
    """The head words a description may name it by ("ministry"; "state", "broadcaster" for "state
    broadcaster VTV")."""
    start: int
    end: int = -1
    subject: bool = False
    """Whether this naming reads as its clause's subject (opens its sentence or a verb follows)."""


@dataclass
class PeopleTable:
    """The persons and institutions a document names, read from its whole text."""

    text: str
    tokens: list[Tok]
    persons: list[Person]
    mentions: list[Mention]
    institutions: list[Institution]
    places: list[tuple[int, str, bool]] = field(default_factory=list)
    """(position, name, whether a state) of the places the text names, for "the city", "the country"."""
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [t.start for t in self.tokens]
        self.mentions.sort(key=lambda m: m.start)
        self._mention_starts = [m.start for m in self.mentions]
        self.institutions.sort(key=lambda i: i.start)
        self._bodies = {(i.start, i.end): i for i in self.institutions}
        self._breaks = [m.start() for m in re.finditer("\n", self.text)]

    def paragraph_at(self, pos: int) -> int:
        """The number of line breaks before `pos`: texts that differ are in different paragraphs."""
        return bisect_left(self._breaks, pos)

    def institution_at(self, start: int, end: int) -> Institution | None:
        """The named body the text names exactly at these offsets (a full name or its short form)."""
        return self._bodies.get((start, end))

    def tokens_in(self, span: Offsets) -> list[Tok]:
        """The words inside a span."""
        lo = max(0, bisect_left(self.starts, span[0]) - 1)
        hi = bisect_left(self.starts, span[1])
        return [t for t in self.tokens[lo:hi] if t.end > span[0] and t.start < span[1]]

    def sentence_at(self, pos: int) -> int:
        i = bisect_right(self.starts, pos) - 1
        return self.tokens[i].sent if i >= 0 else 0

    def mentions_in(self, span: Offsets) -> list[Mention]:
        lo = bisect_left(self._mention_starts, span[0] - 80)
        hi = bisect_left(self._mention_starts, span[1])
        return [m for m in self.mentions[lo:hi] if m.end > span[0]]


def name_like(toks: list[Tok], k: int, first: int) -> bool:
    """Whether word k (of a run starting at `first`) can be part of a person's name."""
    t = toks[k]
    low = t.low
    if not t.cap:
        return low in PARTICLES and k > first
    if t.acronym or t.text[0].isdigit() or low.rstrip(".") in HONORIFICS:
        return False
    if low in NOT_NAME:
        return low in _MONTH_NAMES and k > first and toks[k - 1].cap and toks[k - 1].low not in NOT_NAME
    if (
        role_word(low)
        or low in INSTITUTION_WORDS
        or low in ROLE_MODIFIERS
        or place_name(low)
        or low in _NEVER_NAME
        or low in PARTY_WORDS
        or low in COMPANY_WORDS
        or low in CLUB_WORDS
    ):
        return False
    parts = [p for p in re.split(r"[-‐]", low) if p]
    prefixed = parts[0] in {"pro", "anti", "ex", "non", "post", "pre", "neo", "self", "then"}
    return len(parts) < 2 or not (prefixed or any(place_name(p) or p in INSTITUTION_WORDS for p in parts))


def _noun_title(t: Tok) -> bool:
    """Whether a title before a name ends in a noun the word lists lack ("former world champion X")."""
    return noun_like(t) and not role_word(t.low) and t.low not in ROLE_MODIFIERS


def _is_place_phrase(toks: list[Tok], i: int, j: int) -> bool:
    """Whether some words of toks[i..j] (two or three) name a state ("Saudi Arabia")."""
    for a in range(i, j):
        for b in range(a + 1, min(j, a + 2) + 1):
            if " ".join(t.low for t in toks[a : b + 1]) in PLACES:
                return True
    return False


def _runs(toks: list[Tok]) -> list[tuple[int, int]]:
    """Stretches of capitalised words (with name particles) in one sentence and no punctuation between."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(toks)
    while i < n:
        if not toks[i].cap:
            i += 1
            continue
        j = i
        while (
            j + 1 < n
            and (not toks[j].poss or toks[j + 1].low in INSTITUTION_WORDS | _NEVER_NAME)
            and toks[j + 1].sent == toks[j].sent
            and not toks[j + 1].gap.strip()
            and (toks[j + 1].cap or (toks[j + 1].low in PARTICLES and j + 2 < n and toks[j + 2].cap))
        ):
            j += 1
        out.append((i, j))
        i = j + 1
    return out


def _headlines(toks: list[Tok]) -> set[int]:
    """Sentences written in title case (a headline), whose capitals say nothing about names: at least
    four words and not one of them in lower case but the small words titles leave so."""
    words: dict[int, list[bool]] = defaultdict(list)
    for t in toks:
        if t.text[0].isalpha() and t.low not in _TITLE_SMALL:
            words[t.sent].append(t.cap)
    return {s for s, caps in words.items() if len(caps) >= 4 and all(caps)}


def _same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names of one person: equal, or same first and last word with one holding the other's
    words in order ("Ana Ruiz", "Ana Maria Ruiz"), or an initial for the first name ("J. Ruiz")."""
    if a == b:
        return True
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1]:
        return False
    if a[0] != b[0] and not (
        (len(a[0]) == 1 and b[0].startswith(a[0])) or (len(b[0]) == 1 and a[0].startswith(b[0]))
    ):
        return False
    short, long = sorted((a[1:-1], b[1:-1]), key=len)
    rest = iter(long)
    return all(w in rest for w in short)


def people_table(
    text: str, *, quotes: Sequence[Offsets] | None = None, names: Iterable[Offsets] = ()
) -> PeopleTable:
    """The persons and institutions of a document, from its whole text, without a parse.

    `names` adds spans known to name a person (the rule engine passes spaCy's PERSON entities).
    """
    if quotes is None:
        from .quotes import find_quotes

        quotes = find_quotes(text)
    toks = tokenize(text)
    q_starts = [q[0] for q in quotes]
    for t in toks:
        i = bisect_right(q_starts, t.start) - 1
        t.quoted = i >= 0 and t.start < quotes[i][1]
    headlines = _headlines(toks)
    persons: list[Person] = []
    mentions: list[Mention] = []
    institutions: list[Institution] = []
    by_key: dict[tuple[str, ...], int] = {}

    def person_for(name_toks: list[Tok]) -> int:
        name = " ".join(t.text for t in name_toks)
        key = name_key(name)
        if key in by_key:
            idx = by_key[key]
        else:
            idx = next((i for i, p in enumerate(persons) if _same_name(p.key, key)), -1)
            if idx < 0:
                persons.append(Person(name, key))
                idx = len(persons) - 1
            by_key[key] = idx
        p = persons[idx]
        if (len(key), len(name)) > (len(p.key), len(p.name)):
            p.name, p.key = name, key
        return idx

    def describe(idx: int, desc: list[Tok], loose: bool = False) -> None:
        role, aff, titles, words = role_parts(desc, loose=loose)
        p = persons[idx]
        lows = [t.low.rstrip(".") for t in desc]
        titles |= {SPECIALTY_TITLES[w] for w in lows if w in SPECIALTY_TITLES}  # "head of surgery": a surgeon
        titles |= {_HONORIFIC_TITLES[w] for w in lows if w in _HONORIFIC_TITLES}  # "Dr X": the doctor
        p.titles |= titles
        p.words |= words | {fold(w) for w in aff.split()}
        if role and not p.role:
            p.role, p.affiliation = role, aff
        elif aff and not p.affiliation:
            p.affiliation = aff
        g = gender_of(w for w in lows if w not in OWNER_PRONOUNS)
        if g and not p.gender:
            p.gender = g

    def hold(idx: int, title: str, held: list[Tok]) -> None:
        p = persons[idx]
        p.titles.add(title)
        p.words |= {title} | {fold(t.text) for t in held}
        if not p.role:
            p.role, p.affiliation = title, " ".join(t.text for t in held)

    def add_mention(
        idx: int, i0: int, j: int, *, alts: tuple[int, ...] = (), hint: str | None = None
    ) -> None:
        pre = title_prefix(toks, i0)
        first = i0 - len(pre)
        app, after = appositive_after(toks, j)
        if not alts:  # a shared surname's words describe whoever the resolver picks, not the guess
            if pre:
                describe(idx, pre, loose=len(pre) == 1 or _noun_title(pre[-1]))
                if pre[-1].low in _STYLES:  # a style right before the name, not "Justice Minister X"
                    persons[idx].titles.add(_STYLES[pre[-1].low])
            if app:
                describe(idx, app, loose=True)
            before, loose = appositive_before(toks, first, j)
            if before:
                describe(idx, before, loose=loose)
            office = relative_office(toks, after) or _inner_office(toks, app)
            if office:
                hold(idx, *office)
            elected = predicate_office(toks, after)
            if elected:
                describe(idx, elected)
            for extra in coordinated_titles(toks, first) if pre else ():
                describe(idx, extra, loose=True)
            age = (
                age_after(toks, j)
                or age_before(toks, first)
                or next((a for t in before if (a := age_word(t)) is not None), None)
            )
            if age is not None and persons[idx].age is None:
                persons[idx].age = age
            past, left = past_office(toks, after)
            persons[idx].past |= set(past) | (persons[idx].titles if left else set())
        nxt = toks[after] if after < len(toks) and toks[after].sent == toks[j].sent else None
        if nxt is not None and nxt.low == "who" and nxt.gap.strip() == ",":
            nxt = after_relative(toks, after)  # "X, who farms with her brothers, is": the verb after
        lead = toks[first]
        at_start = first == 0 or toks[first - 1].sent != lead.sent or toks[first - 1].low in ("and", "but")
        subject = (
            not toks[j].poss
            and not _titles_another(toks, j)
            and (bool(nxt and verbish(nxt)) or at_start or _relative_subject(toks, first, nxt))
        )
        mentions.append(
            Mention(
                toks[i0].start,
                toks[j].end,
                idx,
                lead.sent,
                subject,
                toks[j].poss,
                toks[i0].quoted,
                alts,
                hint,
            )
        )

    singles: list[tuple[int, bool]] = []  # (token index, titled)
    occupations = _occupation_words(text, toks)
    extra = sorted(names)
    for i, j in _runs(toks):
        if _body_complement(toks, i, j):
            continue  # "Ministry of | External Relations": the rest of a body's name, no person
        if _told_outlet(toks, i, j):  # "told the Harwick Sentinel": a person is never "the X"
            name = " ".join(text[toks[i].start : toks[j].end].split())
            institutions.append(
                Institution(name, MEDIA, frozenset({toks[j].low}), toks[i].start, toks[j].end)
            )
            continue
        lead = i
        while lead < j and toks[lead].low in NOT_NAME:
            lead += 1
        if j > lead and (toks[lead].low in CLUB_WORDS or toks[j].low in CLUB_WORDS | COMPANY_WORDS):
            _add_institution(text, toks, lead, j, institutions, headlines)
            continue  # "Sporting X", "X Chemicals": a club or a firm
        start = j
        if j > i and place_name(toks[j].low) and not toks[j].acronym and name_like(toks, j - 1, i):
            start -= 1  # "Jim Jordan": a surname that is also a state's name
        while start >= i and name_like(toks, start, i):
            start -= 1
        start += 1
        if i < start <= j and _titled_place_name(toks, start - 1):
            start -= 1  # "Labour Minister Georgia X": after a title, a state's name is a first name
        elif start == i + 1 == j and _apposed_place_name(toks, i, j):
            start -= 1  # "Sofia X, an economist at Y,": a place's name is a first name before a role
        while start <= j and toks[start].low in PARTICLES:
            start += 1
        if (
            start < j
            and (start == 0 or toks[start - 1].sent != toks[start].sent)
            and _opener(toks[start].low)
        ):
            start += 1  # "Unlike Falk, ...", "Injecting Moreau": a common word opening the sentence
        if (
            i < start <= j
            and toks[start - 1].low in MEDIA_WORDS
            and not any(role_word(t.low) for t in toks[i : j + 1])
        ):
            _add_institution(text, toks, i, j, institutions, headlines)
            continue  # "Radio Kestrel", "Television Norda": an outlet's name after its media word
        size = j - start + 1
        phrase = " ".join(t.low for t in toks[start : j + 1])
        if size >= 1 and (
            toks[start].low in _NOT_NAME_START
            or _is_place_phrase(toks, start, j)
            or phrase in GOVERNMENT_PHRASES
            or phrase in MEDIA_NAMES
        ):
            size = 0  # "United States", "New York", "North Korea": a place, not a person
        if size >= 1 and _place_of_group(toks, start):
            continue  # "residents of Elm Row": where a group lives, no person
        if size >= 2 and _opens_with_title(toks, start) and (size >= 3 or toks[start].low in occupations):
            start += 1  # "Librarian Jonas Falk said": an occupation opening the sentence
            size -= 1
        body = _apposed_kind(toks, start, j) if size >= 1 else None
        if size >= 2 and body is None and (_owns_it(toks, j) or _which_after(toks, j)):
            body = ORG, set()  # "Brannvik Paper will close its mill", "X Medical, which ...": a body
        if body:  # "The developer, Nordkyst Energy," / "broadcaster VTV": a body, not a person
            last = j
            while last + 1 < len(toks) and _name_number(toks, last + 1):
                last += 1  # "broadcaster Kanal X 2"
            name = " ".join(text[toks[start].start : toks[last].end].split())
            kinds = COMPANY_DESCRIPTIONS.get(toks[j].low, frozenset()) if size >= 2 else frozenset()
            heads = frozenset({toks[j].low} | body[1] | kinds)  # "X Power": also "the utility"
            institutions.append(Institution(name, body[0], heads, toks[start].start, toks[last].end))
        elif 2 <= size <= 4 and toks[i].sent not in headlines:
            add_mention(person_for(toks[start : j + 1]), start, j)
        elif size == 1:
            titled = start > 0 and role_word(toks[start - 1].low) and not toks[start].gap.strip()
            singles.append((start, titled))
        elif size <= 0:
            _add_institution(text, toks, i, j, institutions, headlines)
    _merge_opened_names(persons, mentions, by_key)
    for s, e in extra:  # names another reader found that the capitals did not show (lower-case particles)
        inside = [k for k, t in enumerate(toks) if s <= t.start and t.end <= e]
        if len(inside) >= 2 and not any(m.start <= toks[inside[0]].start < m.end for m in mentions):
            add_mention(person_for([toks[k] for k in inside]), inside[0], inside[-1])
    for k, titled in singles:
        if titled and not any(p.key[-1:] == name_key(toks[k].text)[-1:] for p in persons):
            person_for([toks[k]])
    last_seen: dict[int, int] = {}
    full_at = sorted((m.start, m.person) for m in mentions)
    for k, titled in sorted(singles):
        key = name_key(toks[k].text)[-1:]
        if not key:
            continue
        same = [i for i, p in enumerate(persons) if p.key[-1:] == key]
        if not same:
            continue
        pos = toks[k].start
        hint = _surname_hint(toks, k)
        if len(same) > 1:  # a relative the text has not yet named is no one a surname alone can mean
            same = [i for i in same if any(at < pos and p == i for at, p in full_at)] or same
        if len(same) > 1:
            same = _narrow_relatives(persons, same, hint)
        if len(same) > 1 and titled:  # "Senator X" among relatives: the one the text titles so
            title = toks[k - 1].low.rstrip(".")
            same = [i for i in same if {title, _HONORIFIC_TITLES.get(title)} & persons[i].titles] or same
        earlier = [(at, i) for at, i in full_at if at < pos and i in same]
        for i in same:
            if i in last_seen:
                earlier.append((last_seen[i], i))
        if earlier:
            idx = max(earlier)[1]
        else:
            idx = min(((at, i) for at, i in full_at if i in same), default=(0, same[0]))[1]
        last_seen[idx] = pos
        add_mention(idx, k, k, alts=tuple(same) if len(same) > 1 else (), hint=hint)
    named = {m.start for m in mentions}
    unnamed = [k for k, _ in singles if toks[k].start not in named]
    _add_short_bodies(text, toks, unnamed, institutions, {w for p in persons for w in p.key})
    _mark_subjects(toks, institutions)
    return PeopleTable(text, toks, persons, mentions, institutions, _places(toks, singles, mentions))


_TELL = frozenset({"told", "tell", "tells", "telling"})
_WROTE = frozenset({"wrote", "writes", "writing", "write"})


def _told_outlet(toks: list[Tok], i: int, j: int) -> bool:
    """Whether the capitals toks[i..j] name an outlet someone spoke or wrote to: "told the X", "in an
    interview with the X", "wrote in the X", where X is one to four words that could be a name (no
    title, body word or place), not an acronym alone, and no noun follows it ("told the X family")."""
    if i < 3 or j - i > 3 or toks[i - 1].low != "the" or toks[i - 1].cap or toks[i - 2].sent != toks[i].sent:
        return False
    if any(t.gap.strip() for t in toks[i - 1 : i + 1]):
        return False
    told = (
        toks[i - 2].low in _TELL
        or (toks[i - 2].low == "with" and toks[i - 3].low == "interview")
        or (toks[i - 2].low == "in" and toks[i - 3].low in _WROTE)
    )
    if not told or (i == j and toks[i].acronym):
        return False
    nxt = toks[j + 1] if j + 1 < len(toks) and toks[j + 1].sent == toks[j].sent else None
    noun = (
        nxt is not None
        and not nxt.gap.strip()
        and not nxt.cap
        and nxt.low.isalpha()
        and not verbish(nxt)
        and nxt.low not in NOT_NAME | CUT_WORDS | MEDIA_HEADS
    )
    if noun and not toks[j].poss:
        return False  # "told the Brask family", "told the Lund inquiry": the name qualifies a noun
    last = toks[j].low
    if last in FEMALE_WORDS | MALE_WORDS or (last.endswith("s") and not last.endswith("ss")):
        return False  # "told the Duke", "told the Smiths": a person or a group
    return all(name_like(toks, k, i) or (k > i and toks[k].acronym) for k in range(i, j + 1))


def _name_number(toks: list[Tok], k: int) -> bool:
    """Whether word k is a number ending the name before it ("Radio X 3"): one to three digits in the same
    sentence, no punctuation before it, and no unit or noun after it ("Radio X 3 percent")."""
    t = toks[k]
    if not (t.text.isdigit() and len(t.text) <= 3 and not t.gap.strip() and t.sent == toks[k - 1].sent):
        return False
    nxt = toks[k + 1] if k + 1 < len(toks) and toks[k + 1].sent == t.sent else None
    return nxt is None or bool(nxt.gap.strip()) or verbish(nxt) or nxt.low in AUX


def _titles_another(toks: list[Tok], j: int) -> bool:
    """Whether the name ending at word j opens another person's title ("X campaign manager Y"), which makes
    it no subject of its clause."""
    k = j + 1
    while k < len(toks) and k - j <= 4 and toks[k].sent == toks[j].sent and not toks[k].gap.strip():
        t = toks[k]
        if t.cap:
            return k > j + 1 and any(role_word(x.low) for x in toks[j + 1 : k])
        if not (role_word(t.low) or t.low in ROLE_MODIFIERS or noun_like(t)):
            return False
        k += 1
    return False


def _inner_office(toks: list[Tok], app: list[Tok]) -> tuple[str, list[Tok]] | None:
    """The office a relative clause closing an apposition gives the person named before it ("X, a Renewal
    MP who chairs the transport committee,")."""
    inner = next((n for n, t in enumerate(app) if n and t.low == "who"), None)
    if inner is None:
        return None
    return relative_office(toks, bisect_left([t.start for t in toks], app[inner].start), inner=True)


def _place_of_group(toks: list[Tok], k: int) -> bool:
    """Whether the name at word k follows a group tied to a place ("residents of X", "families in X")."""
    if k < 2 or toks[k - 2].sent != toks[k].sent or toks[k].gap.strip() or toks[k - 1].gap.strip():
        return False
    return (
        toks[k - 1].low in ("of", "in", "from", "on", "along", "near")
        and toks[k - 2].low in PLACE_GROUP_NOUNS
    )


def _titled_place_name(toks: list[Tok], k: int) -> bool:
    """Whether word k, a state's or capital's name, is a first name: a title or honorific stands right
    before it and a name word right after ("Minister Georgia X", "Dr. Jordan X"); a demonym never is."""
    t = toks[k]
    hit = PLACES.get(t.low)
    if hit is None or hit[1] == "demonym" or t.acronym or k == 0 or k + 1 >= len(toks):
        return False
    title = toks[k - 1]
    return (
        title.sent == t.sent
        and not t.gap.strip()
        and not toks[k + 1].gap.strip()
        and role_word(title.low)
        and not title.poss
    )


_FUNCTION_WORDS = word_set("and or but of in on at for to with from by as than")


def _relative_subject(toks: list[Tok], first: int, nxt: Tok | None) -> bool:
    """Whether a name opens a clause after "that" or "which" as its subject: a lower-case word other than
    a preposition or conjunction follows ("the messages that X sent", "that X never")."""
    before = toks[first - 1] if first and toks[first - 1].sent == toks[first].sent else None
    return (
        before is not None
        and before.low in ("that", "which")
        and nxt is not None
        and not nxt.cap
        and not nxt.gap.strip()
        and nxt.low not in _FUNCTION_WORDS
    )


def _apposed_place_name(toks: list[Tok], i: int, j: int) -> bool:
    """Whether word i, a state's or capital's name opening a two-word run, is a first name: the word
    after it can be a surname and an apposition describes a person ("Sofia X, an economist at Y,")."""
    hit = PLACES.get(toks[i].low)
    if hit is None or hit[1] == "demonym" or toks[i].acronym or not name_like(toks, j, j):
        return False
    app, _after = appositive_after(toks, j)
    lead = split_head(app)[0] if app else []
    return bool(lead) and lead[0].low in INDEFINITE | DETERMINERS and role_word(lead[-1].low)


def _surname_hint(toks: list[Tok], k: int) -> str | None:
    """What the word before a surname alone says of the person: "Ms X" a woman, "the younger X" ..."""
    if k == 0 or toks[k - 1].sent != toks[k].sent or toks[k].gap.strip():
        return None
    low = toks[k - 1].low.rstrip(".")
    return _HONORIFIC_GENDER.get(low) or _AGE_HINTS.get(low)


def _narrow_relatives(persons: list[Person], same: list[int], hint: str | None) -> list[int]:
    """The persons sharing a surname that a hint fits: the gender an honorific gives, or the one the text
    calls elder or younger (kin words count: a father is the elder, a son the younger)."""
    if hint in ("f", "m"):
        fit = [i for i in same if persons[i].gender == hint]
        return fit if len(fit) == 1 else [i for i in same if persons[i].gender in (hint, None)] or same
    if hint in ("elder", "younger"):
        kin, other = (ELDER_KIN, YOUNGER_KIN) if hint == "elder" else (YOUNGER_KIN, ELDER_KIN)
        fit = [i for i in same if persons[i].words & kin]
        return fit or [i for i in same if not persons[i].words & other] or same
    return same


def _body_complement(toks: list[Tok], i: int, j: int) -> bool:
    """Whether capitals right after "<Body> of" complete that body's name ("Ministry of External
    Relations", "Bank of Orvia") rather than start a person's name (a title word between says so)."""
    if i < 2 or toks[i - 1].low not in ("of", "for") or toks[i].gap.strip() or toks[i - 1].gap.strip():
        return False
    body = toks[i - 2]
    same_sentence = body.sent == toks[i].sent
    return (
        same_sentence
        and body.cap
        and body.low in INSTITUTION_WORDS
        and not any(role_word(t.low) for t in toks[i : j + 1])
    )


def _add_short_bodies(
    text: str, toks: list[Tok], singles: list[int], out: list[Institution], person_words: set[str]
) -> None:
    """Capitalised words that stand for a club or firm: the one distinctive word of a club's or company's
    name ("Lemmer" for "Sporting Lemmer", "Tarrow" for "Tarrow Chemicals"), and a name set in a sentence
    about clubs ("X have signed ... between the two clubs") that is no person's name or place."""
    short: dict[str, list[Institution]] = defaultdict(list)
    for body in out:
        words = body.name.split()
        if body.kind != ORG or "of" in [w.lower() for w in words] or len(words) < 2:
            continue
        if not (body.words & _CLUB_HEADS or words[-1].lower() in COMPANY_WORDS):
            continue
        rest = [w for w in words if w.lower() not in CLUB_WORDS | COMPANY_WORDS | INSTITUTION_WORDS]
        if len(rest) == 1:
            short[rest[0]].append(body)
    club_sents = {t.sent for t in toks if t.low in ("club", "clubs") or t.low.startswith("club-")}
    lower = set(re.findall(r"(?<![\w-])[a-z][\w'’-]*", text))

    def before(k: int) -> str:
        return toks[k - 1].low if k and toks[k - 1].sent == toks[k].sent else ""

    def eligible(k: int) -> bool:
        t = toks[k]
        common = t.low in NOT_NAME or t.low in lower or before(k) in OPENERS
        return not (common or t.low in person_words or place_name(t.text))

    for k in singles:
        t = toks[k]
        if t.text not in short and t.sent in club_sents and eligible(k) and before(k) not in LOCATIVE:
            short[t.text] = [Institution(t.text, ORG, _CLUB_HEADS, t.start, t.end)]
    for k in singles:
        t = toks[k]
        bodies = {b.name: b for b in short.get(t.text, ())}
        if len(bodies) == 1 and eligible(k):
            body = next(iter(bodies.values()))
            out.append(Institution(body.name, body.kind, body.words, t.start, t.end))


def _mark_subjects(toks: list[Tok], bodies: list[Institution]) -> None:
    """Mark the namings of bodies that read as their clause's subject: first in the sentence (after "the")
    or followed by a verb ("The Bank of X raised ..."); not the last of a list ("X, Y and the Z")."""
    starts = [t.start for t in toks]
    for b in bodies:
        i = bisect_left(starts, b.start)
        if i >= len(toks) or toks[i].start != b.start:
            continue
        while i > 0 and toks[i - 1].low == "the" and toks[i - 1].sent == toks[i].sent:
            i -= 1
        opens = i == 0 or toks[i - 1].sent != toks[i].sent
        k = bisect_left(starts, b.end) if b.end >= 0 else len(toks)
        nxt = toks[k] if k < len(toks) and toks[k].sent == toks[i].sent and not toks[k].gap.strip() else None
        b.subject = opens or bool(nxt and (verbish(nxt) or nxt.low in AUX))


def _places(
    toks: list[Tok], singles: list[tuple[int, bool]], mentions: list[Mention]
) -> list[tuple[int, str, bool]]:
    """States the gazetteer knows, and single capitalised words after "in", "of", "from" ... that name
    no person ("in Brackwater")."""
    out: list[tuple[int, str, bool]] = []
    for k, t in enumerate(toks):
        if not t.cap or t.quoted:
            continue
        pair = f"{t.low} {toks[k + 1].low}" if k + 1 < len(toks) else ""
        state = (
            PLACES[pair][0]
            if pair in PLACES
            else place_name(t.text)
            if not t.acronym or t.low in PLACES
            else None
        )
        if state:
            out.append((t.start, state, True))
    named = {m.start for m in mentions}
    for k, _titled in singles:
        t = toks[k]
        after_preposition = k and toks[k - 1].low in PLACE_PREPOSITIONS and not t.gap.strip()
        if after_preposition and t.start not in named and not place_name(t.text) and not t.quoted:
            out.append((t.start, t.text, False))
    out.sort()
    return out


def _opens_with_title(toks: list[Tok], k: int) -> bool:
    """Whether word k opens its sentence (or the story after a dateline's dash: "OSLO, May 2 — Librarian
    X") and reads as an agent noun ("Librarian", "Economist")."""
    first = k == 0 or toks[k - 1].sent != toks[k].sent or any(c in toks[k].gap for c in "—–")
    return first and toks[k].low.endswith(("ian", "ist", "er", "or")) and len(toks[k].low) > 5


def _occupation_words(text: str, toks: list[Tok]) -> set[str]:
    """Agent nouns the text shows to be occupations, so that one opening a two-word name is a title
    ("Sprinter Ruiz" in a headline): written in lower case somewhere, or opening a run of three name
    words ("Sprinter Ana Ruiz told ..."), as a first name seldom does."""
    lower = set(re.findall(r"(?<![\w-])[a-z][\w-]*", text))
    out = {t.low for t in toks if t.cap and t.low in lower}
    for i, j in _runs(toks):
        if (
            j - i >= 2
            and _opens_with_title(toks, i)
            and all(name_like(toks, k, i + 1) for k in range(i + 1, j + 1))
        ):
            out.add(toks[i].low)
    return out


def _owns_it(toks: list[Tok], j: int) -> bool:
    """Whether "its" or "it" follows a name closely in its clause, which a person would not take."""
    for t in toks[j + 1 : j + 5]:
        if t.sent != toks[j].sent or t.cap or t.gap.strip():
            return False
        if t.low in ("its", "itself"):
            return True
    return False


def _which_after(toks: list[Tok], j: int) -> bool:
    """Whether ", which" follows the name ending at word j: a thing or a body, never a person."""
    k = j + 1
    return (
        k < len(toks)
        and toks[k].low == "which"
        and toks[k].gap.strip() == ","
        and toks[k].sent == toks[j].sent
    )


def _merge_opened_names(
    persons: list[Person], mentions: list[Mention], by_key: dict[tuple[str, ...], int]
) -> None:
    """A name whose words after the first are another person's full name ("Rival Hillary Clinton",
    "Hillary Clinton") is that person with a word before the name: its mentions move to them."""
    moved: dict[int, int] = {}
    for i, p in enumerate(persons):
        target = by_key.get(p.key[1:]) if len(p.key) >= 3 else None
        if target is not None and target != i:
            moved[i] = target
            persons[target].titles |= p.titles
            persons[target].words |= p.words
            p.titles, p.words = set(), set()
    for m in mentions:
        m.person = moved.get(m.person, m.person)
    for key, i in list(by_key.items()):
        by_key[key] = moved.get(i, i)


def _opener(low: str) -> bool:
    """A word that opens sentences and is no first name: a function word, an auxiliary, a gerund."""
    return low in NOT_NAME or low in AUX or low in OPENERS or (low.endswith("ing") and len(low) > 5)


def _apposition_closed(toks: list[Tok], j: int) -> bool:
    """Whether the name ending at word j closes its apposition: a comma or the sentence's end follows,
    perhaps after where the body is ("the Lantern Room on Quay Road,")."""
    k = j + 1
    if (
        k + 1 < len(toks)
        and toks[k].low in ("on", "in", "at")
        and toks[k + 1].cap
        and not toks[k].gap.strip()
    ):
        k += 1
        while k + 1 < len(toks) and toks[k + 1].cap and not toks[k + 1].gap.strip():
            k += 1
        k += 1
    return k >= len(toks) or toks[k].sent != toks[j].sent or toks[k].gap.strip()[:1] == ","


def _apposed_kind(toks: list[Tok], i: int, j: int) -> tuple[str, set[str]] | None:
    """The kind of body a description set beside toks[i..j] names ("the developer, X", "X, the
    operator,", "state broadcaster X") with the description's words, or None when there is none or
    it is not a body."""
    heads: list[Tok] = []
    if i > 0 and toks[i - 1].sent == toks[i].sent and not toks[i].gap.strip() and not toks[i - 1].cap:
        heads.append(toks[i - 1])
    closed = _apposition_closed(toks, j)
    if i > 1 and toks[i - 1].low == "the" and toks[i - 1].gap.strip() == "," and not toks[i].gap.strip():
        i -= 1  # "His club, the Lantern Room,": the name's own article after the comma
    if i > 0 and toks[i].gap.strip() == "," and toks[i - 1].sent == toks[i].sent and closed:
        d = i - 1
        while d > 0 and not toks[d].gap.strip() and toks[d - 1].sent == toks[i].sent and i - d < 10:
            d -= 1
        if toks[d].low in DETERMINERS | OWNER_PRONOUNS or toks[d].poss:  # its head, before "of"
            lead = split_head(toks[d:i])[0][-1]
            if role_word(lead.low):
                return None  # "the leader of the party, X": a person
            heads.append(lead)
        k = i - 1
        while (
            k > 0
            and not toks[k].gap.strip()
            and toks[k].low not in DETERMINERS
            and toks[k - 1].sent == toks[i].sent
            and i - k < 6
        ):
            k -= 1
        if toks[k].low in DETERMINERS | OWNER_PRONOUNS or toks[k].poss:
            heads.append(toks[i - 1])
    k = j + 1
    if (
        k < len(toks)
        and toks[k].gap.strip() == ","
        and toks[k].sent == toks[j].sent
        and toks[k].low in DETERMINERS | INDEFINITE
    ):
        seg = [toks[k]]
        while k + 1 < len(toks) and not toks[k + 1].gap.strip() and len(seg) < 8:
            k += 1
            seg.append(toks[k])
        closed = k + 1 >= len(toks) or toks[k + 1].sent != toks[k].sent or toks[k + 1].gap.strip()[:1] == ","
        noun = loose_head(seg)
        if noun is not None and role_word(noun.low):
            return None  # "X, the barrister representing Y Media,": a person's title, no body
        if closed and not any(verbish(t) for t in seg):
            # the noun the description ends on counts too ("the home-security and smart-lock maker")
            heads.extend(h for h in (noun, split_head(seg)[0][-1]) if h is not None)
    for h in heads:
        if h.low in INSTITUTION_WORDS and not role_word(h.low):
            kind = kind_of_words([h.low])
        else:  # "news site X": an outlet by a head that alone names none ("the site", "the paper")
            kind = MEDIA if h.low in MEDIA_HEADS else None
        if kind:
            at = toks.index(h)
            near = [t for t in toks[max(0, at - 2) : at + 1] if t.sent == h.sent]
            words = {t.low for t in near if not t.cap}
            # a sector word makes the body that kind too ("Power supplier X": "the utility")
            words |= {d for t in near for d in SECTOR_DESCRIPTIONS.get(t.low, ())}
            return kind, words - DETERMINERS - INDEFINITE - {"and", "or"}
    return None


_NAME_PARTICIPLES = word_set(
    """united associated allied federated consolidated amalgamated advanced applied integrated reformed
    combined chartered certified concerned incorporated limited registered licensed qualified accredited
    organised organized unified distinguished guaranteed assisted protected"""
)
"""Participles that open bodies' names ("United ...", "Associated ...", "Chartered Institute ...")."""


def _participle_opener(toks: list[Tok], i: int) -> bool:
    """Whether word i, opening its sentence, is a participle set before a name ("Rattled", "Embattled",
    "Cash-strapped"): it ends in -ed, is no word that opens bodies' names, and the text never writes it
    with a capital inside a sentence."""
    t = toks[i]
    if (i and toks[i - 1].sent == t.sent) or not t.low.endswith("ed") or len(t.low) < 5:
        return False
    if t.low in _NAME_PARTICIPLES or t.low.split("-")[-1] in _NAME_PARTICIPLES:
        return False
    return not any(
        x.text == t.text and k and toks[k - 1].sent == x.sent for k, x in enumerate(toks) if k != i
    )


def _joined_word(toks: list[Tok], m: int) -> bool:
    """Whether "and" at word m joins one more capitalised word to a body's "of" phrase and ends it
    ("Ministry of Food and Farming"), rather than starting another name or a title ("... of Orvia and
    Kestrel Bank", "... of Finance and Governor X")."""
    if m + 1 >= len(toks) or toks[m].low != "and" or toks[m].gap.strip() or toks[m + 1].gap.strip():
        return False
    word = toks[m + 1]
    if (
        word.sent != toks[m].sent
        or not word.cap
        or word.acronym
        or role_word(word.low)
        or place_name(word.text)
    ):
        return False
    nxt = toks[m + 2] if m + 2 < len(toks) and toks[m + 2].sent == word.sent else None
    return word.poss or nxt is None or bool(nxt.gap.strip()) or not nxt.cap


def _members_noun(toks: list[Tok], m: int) -> bool:
    """Whether word m is a plural title ending a body's "of" phrase ("Union of Court Interpreters"): the
    members the body is of, which no person's name follows as it follows a title."""
    t = toks[m]
    low = t.low.rstrip(".")
    if t.poss or not (low.endswith("s") and low[:-1] in PERSON_ROLES):
        return False
    nxt = toks[m + 1] if m + 1 < len(toks) else None
    return nxt is None or nxt.sent != t.sent or bool(nxt.gap.strip()) or not nxt.cap


def _add_institution(
    text: str, toks: list[Tok], i: int, j: int, out: list[Institution], headlines: set[int]
) -> None:
    """Record a run of capitals naming a body ("Ministry of Transport", "Harbour News"), with the head
    words a later description may use for it ("the ministry")."""
    while i <= j and toks[i].low in NOT_NAME:
        i += 1
    if i < j and _participle_opener(toks, i):
        i += 1  # "Rattled X Party bosses ...": a participle opening the sentence is no part of the name
    if i > j or toks[i].sent in headlines or any(role_word(t.low) and not t.poss for t in toks[i : j + 1]):
        return  # nothing left, a headline, or a title before a name ("Secretary of State ..."); a title's
        # possessive may open a body's name ("Regional Prosecutor's Office")
    run = toks[i : j + 1]
    heads = {run[-1].low}
    pre = toks[i - 1] if i > 0 and toks[i - 1].sent == toks[i].sent and not toks[i].gap.strip() else None
    if pre and not pre.cap and pre.low in INSTITUTION_WORDS | MEDIA_HEADS and not role_word(pre.low):
        heads.add(pre.low)  # "culture station Radio X": "the station"
    while j + 1 < len(toks) and _name_number(toks, j + 1):
        j += 1  # "Radio X 3", "Channel 4"
        run.append(toks[j])
    k = j + 1
    if k + 1 < len(toks) and toks[k].low in ("of", "for") and toks[k + 1].cap and not toks[k + 1].gap.strip():
        ext: list[Tok] = []
        m = k + 1
        while m < len(toks) and toks[m].cap and not toks[m].gap.strip() and toks[m].sent == toks[j].sent:
            if (role_word(toks[m].low) and not _members_noun(toks, m)) or len(ext) >= 4:
                break  # a title and a person's name follow ("Bank of Orvia Governor Ana Lind")
            ext.append(toks[m])
            m += 1
            if ext[-1].poss:
                break  # "the Bank of Orvia's chief": the name ends with the possessive
        if ext and not ext[-1].poss and _joined_word(toks, m):
            ext += toks[m : m + 2]  # "Ministry of Food and Farming": one body's name
        if ext:
            run = [*run, toks[k], *ext]
    if len(run) > 6:
        return
    words = [t.low for t in run if t.low not in ("of", "for")]
    if len(words) == 1 and words[0] in INSTITUTION_WORDS and words[0] not in SEATS:
        return  # "the Ministry": a description, not a name
    kind = kind_of_words(words)
    if kind is None and " ".join(words) in MEDIA_NAMES:
        kind = MEDIA
    if len(words) > 1 and (words[0] in CLUB_WORDS or words[-1] in CLUB_WORDS):
        kind, heads = kind or ORG, heads | _CLUB_HEADS  # "Sporting X", "X Rovers": "the club"
    elif kind is None and len(words) > 1 and words[-1] in COMPANY_WORDS:
        kind = ORG  # "Brenholt Chemicals": a firm, "the company"
    if len(words) > 1:
        heads |= COMPANY_DESCRIPTIONS.get(words[-1], frozenset())  # "X Air": "the airline"
    if kind is None:
        apposed = _apposed_kind(toks, i, j)
        if apposed is None:
            return
        kind, described = apposed
        heads |= described
    name = " ".join(text[run[0].start : run[-1].end].split())
    out.append(Institution(name, kind, frozenset(heads), run[0].start, run[-1].end))


__all__ = ["Institution", "Mention", "PeopleTable", "Person", "people_table"]
