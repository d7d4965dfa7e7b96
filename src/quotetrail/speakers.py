"""Who each source is: mentions resolved to people and institutions inside a document.

Reads a document's text and its attributions' source mentions; writes one `Resolution` per mention (speaker
name, kind, role, affiliation). No parse is needed: `people.people_table` reads the whole text once and
records the named persons with what is written around their names, and the named institutions.
`resolve_light` then resolves the mentions in text order: names and surnames to the person, pronouns to the
most recent compatible person (the previous speaker or a subject before a person merely mentioned, the last
sentence's speaker even when their gender is unknown, but a person the pronoun's own paragraph introduces
before a speaker of an earlier one; never a name inside quoted speech, nor, for a pronoun inside a quote, the
quote's speaker), descriptions ("the Kenyan leader") to the person whose titles match (modifiers agreeing:
"the former premier" is not the premier; a title may be a noun the lists lack, given before the name: "The
chief conductor, X," is "the conductor") or, matching none, to the previous speaker the text introduced by
that description ("its leading composer. X told ...") or to the article's main subject when the headline uses
it ("the salvage master who ..."), an age ("the 54-year-old") to the person the text gave it ("X, 54,", "X,
who is 54") or else the latest person named, and institutions to a government, media outlet or organisation
("the company", "the club", "the bank", "the monthly", "the station" to the named one that spoke last or is
most often the subject; a short name to the fuller one used before: "the Evening Herald", "Brevik"; an outlet
is known by its kind, an apposition or a paper someone "told"; "the government in Kyiv" is Ukraine, and so
is a capital the text calls a state's seat; an acronym is the name the text set it after in brackets). Two
parties joined by "and" are no one speaker. A surname several relatives share goes to the one an honorific,
"the younger/elder" or a following pronoun points to, else to the one the headline names in full, else to the
one mentioned most recently; "his widow" is the one the text called "his wife, X", "the winner" the one it
set beside that noun ("the winner, X"), "the former Olympian, who has directed ..." the person titled by the
clause's verb, and "the city" the dateline's town unless a town was named just before. Groups ("some
Greens", "many residents", "residents of X") name no speaker. `resolve_document` resolves the rule engine's
sources the same way, adding the people spaCy's parse found.

The stages it builds on have modules of their own (`tokens`, `names`, `titles`, `people`, `reports`); the
names callers import from here (`clean_name`, `name_key`, `cluster_names`, `people_table`, `trim_source`,
`according_source`, `replier`, `nested_report`, `continuations`) are re-exported.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported only where a parse is used, so the fast path starts quickly
    from spacy.tokens import Doc

from .lexicon import (
    COMPANY_WORDS,
    DEMONYM_OF,
    GENERIC_SOURCES,
    GOVERNMENT_WORDS,
    GROUP_NOUNS,
    HONORIFICS,
    KIN_WORDS,
    MEDIA_NAMES,
    ORG_WORDS,
    PARTY_WORDS,
    PERSON_ROLES,
    PLACE_GROUP_NOUNS,
    PLACES,
    QUANTIFIERS,
    ROLE_MODIFIERS,
    ROLE_SYNONYMS,
    word_set,
)
from .names import clean_name, cluster_names, name_key
from .people import Institution, Mention, PeopleTable, Person, name_like, people_table
from .reports import according_source, continuations, nested_report, replier, trim_source
from .titles import AGENT_ENDINGS, age_word, describes, noun_like, role_parts, split_head, verbish
from .tokens import (
    COMPANY_HEADS,
    DETERMINERS,
    GOVERNMENT,
    INDEFINITE,
    INSTITUTION_WORDS,
    LOCATIVE,
    MEDIA,
    MEDIA_HEADS,
    NOT_NAME,
    ORG,
    OWNER_PRONOUNS,
    PERSON,
    SEATS,
    UNKNOWN,
    Tok,
    fold,
    gender_of,
    kind_of_words,
    place_name,
    role_word,
)
from .types import Span as Offsets


@dataclass
class Resolution:
    """A source mention's speaker: display name ('' when the text does not say who), kind (one of
    types.SPEAKER_KINDS, the class of the mention when unnamed), and for a person the role and
    affiliation the document gives them."""

    name: str
    kind: str
    role: str = ""
    affiliation: str = ""


# --- words -------------------------------------------------------------------------------------------------

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her", "hers"})
_FIRST_PERSON = frozenset({"i", "me", "my", "mine"})
_GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs", "it", "its", "we", "us", "our"})
_RELATIVE = frozenset({"who", "whom", "whose"})
_DOCUMENTS = word_set(
    "report reports study studies poll polls survey surveys document documents statement statements"
)
"""Generic sources that are writings: "a study by X" is X's, "residents of X" are not X."""
_OTHER_PRONOUNS = frozenset(
    {"you", "your", "one", "someone", "somebody", "this", "that", "these", "those", "which", "anyone",
     "everyone", "nobody", "none", "each", "both", "all", "others", "some", "many", "most", "there"}
)  # fmt: skip
_LESSER = frozenset({"vice", "deputy", "former", "acting", "assistant", "junior", "prime", "under"})
"""Title words that make another office of a role ("the minister" is seldom the prime minister)."""
_LOCALITIES = frozenset(
    {"city", "town", "village", "municipality", "borough", "county", "region", "province"}
)
_NATIONS = frozenset({"country", "nation"})
_PLURAL_ENDINGS = ("ers", "men", "ists", "ians", "ants", "ents", "ors", "ees", "people")
_NOT_COMPANIES = (ORG_WORDS - COMPANY_HEADS - COMPANY_WORDS) | {"bank"}
"""Bodies that "the company" does not stand for (a union, a club, a bank)."""
_SEATED = frozenset({"government", "administration", "regime", "authorities", "cabinet", "junta"})
"""Bodies that "in <capital>" names by their state ("the government in Kyiv"), unlike an embassy there."""
_SEAT_HOLDERS = frozenset({"leaders", "leadership", "rulers", "ministers"})
"""People whose seat says where a state's government sits ("Norland, whose leaders in X")."""
_AGREE = frozenset({"former", "ex", "deputy", "vice", "acting", "interim", "assistant", "junior", "outgoing"})
"""Modifiers a description and a person's title must share ("the former premier" is not the premier)."""
_PAST = frozenset({"former", "ex", "retired"})
_OFFICE_VERBS = word_set(
    """led ran headed governed served chaired ruled managed coached captained presided founded"""
)
"""Verbs that give someone an office without a title ("X led the province until 2002")."""
_PAPERS = word_set("newspaper paper daily tabloid weekly")
_MEDIA_GROUPS = word_set("media group publishing broadcasting")
"""Heads of firms that own outlets ("X Media"), which "the newspaper" is not."""
_LOOKBACK = 4
"""Sentences a pronoun looks back for a subject before it settles for the previous speaker."""
_WIDOWED = (("wife", "widow"), ("husband", "widower"))
"""Kin nouns a death changes: "his widow" is the woman the text called his wife."""
_DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Z .'\-]{1,30}|[A-Z][a-z]+(?: [A-Z][a-z]+)?),"
    r"(?:[ \t]+[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2},?)?[ \t]*(?:\([A-Za-z]{2,12}\))?[ \t]*(?:--|—|–)",
    re.M,
)
"""A dateline opening the story ("VALDORF, May 2 —"): the town the article is set in."""


# --- resolving source mentions ------------------------------------------------------------------------------


def _segments(toks: list[Tok]) -> list[list[Tok]]:
    """A mention split at commas, brackets and dashes ("Jane Roe | a spokeswoman for the council")."""
    out: list[list[Tok]] = [[]]
    for t in toks:
        if out[-1] and any(c in t.gap for c in ",()—–;:"):
            out.append([])
        out[-1].append(t)
    return [s for s in out if s]


def _plausible(name: str) -> bool:
    """A name that is neither a pronoun nor a bare title or group ("he", "the spokesman", "officials")."""
    words = [w.strip(".,'’\"“”()") for w in name.lower().split()]
    words = [w for w in words if w and w not in DETERMINERS]
    if not words:
        return False
    if len(words) == 1 and (
        words[0] in _PERSON_PRONOUNS | _FIRST_PERSON | _GROUP_PRONOUNS | _OTHER_PRONOUNS | _RELATIVE
    ):
        return False
    if any(w in INSTITUTION_WORDS for w in words):
        # "Environment Ministry" is a name, "the ministry" is not
        return (
            any(w in SEATS for w in words)
            or any(c[:1].isupper() for c in name.split()[1:])
            or (len(words) > 1 and name[:1].isupper())
        )
    return not all(
        role_word(w) or w in ROLE_MODIFIERS or w in GROUP_NOUNS or w in GENERIC_SOURCES for w in words
    )


class _Resolver:
    """Resolves a document's source mentions in text order against its people table.

    A person is an index into the table's persons; an unnamed person a source describes ("a company
    spokesman", "the city's budget chief") gets a negative index, so that a later "he" can stand for
    them rather than for someone named before.
    """

    def __init__(self, table: PeopleTable) -> None:
        self.table = table
        self.gender: dict[int, str | None] = {i: p.gender for i, p in enumerate(table.persons)}
        self.events: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        """sentence -> (position, person, strength: 0 mentioned, 1 subject, 2 speaker)."""
        self.seen: dict[int, list[int]] = defaultdict(list)
        """person -> positions where the text names them or they speak."""
        self.outside: dict[int, list[int]] = defaultdict(list)
        """person -> those outside quotes: a name inside quoted speech is no pronoun's antecedent."""
        self.pending: list[Mention] = []
        """Surnames several persons share, not yet settled (latest first): settled in text order."""
        for m in table.mentions:
            if m.alts:
                self.pending.append(m)
            else:
                self._note(m, m.person)
        self.pending.reverse()
        self.current: int | None = None
        self.quoted = False
        """Whether the source being resolved lies inside a quote (a report within a quote)."""
        self.spoke: list[tuple[int, int, Resolution, int | None]] = []
        """(position, sentence, resolution, person) of every source resolved so far, in text order; the
        person is None for a source inside a quote, which is no link in a chain of speakers."""
        self.bodies_spoke: dict[str, int] = {}
        """Named body -> where it last spoke (outside quotes)."""
        self.last_spoke: dict[int, int] = {}
        """Person -> where they last spoke (outside quotes)."""
        self.banned: set[int] = set()
        """Persons a pronoun being resolved cannot stand for (the one whose quote holds it)."""

    def _note(self, m: Mention, idx: int) -> None:
        if not m.quoted:
            self.events[m.sent].append((m.start, idx, 1 if m.subject else 0))
            self.outside[idx].append(m.start)
        self.seen[idx].append(m.start)

    def catch_up(self, pos: int) -> None:
        """Settle the shared surnames named before `pos`, in text order."""
        while self.pending and self.pending[-1].start < pos:
            self._settle(self.pending.pop())

    def _settle(self, m: Mention) -> None:
        """Which of the persons sharing a surname a surname alone means: one whose gender fits what the
        honorific or a following pronoun says ("Ms X", "X said she"), then the one mentioned or speaking
        most recently, then the most recent speaker."""
        cands = list(m.alts)
        want = m.hint if m.hint in ("f", "m") else self._pronoun_after(m)
        if want:
            known = [c for c in cands if self.gender.get(c) == want]
            cands = known or [c for c in cands if self.gender.get(c) is None] or cands
        lead = self._headline_person() if len(cands) > 1 else None
        if lead in cands:  # an obituary's "Vasko" is the man it is about, not the widow who spoke last
            cands = [lead]
        idx = max(
            cands, key=lambda c: (self._last_seen(c, m.start), self.last_spoke.get(c, -1), c == m.person)
        )
        if want and self.gender.get(idx) is None:
            self.gender[idx] = want
        m.person = idx
        self._note(m, idx)

    def _headline_person(self) -> int | None:
        """The one person a headline (a first line of its own) names by full name: the article's subject,
        whom their surname alone stands for when relatives share it."""
        text = self.table.text
        line_end = text.find("\n")
        if line_end < 0 or line_end > 300 or not text[line_end:].strip():
            return None
        lows = {t.low for t in self.table.tokens_in((0, line_end))}
        found = [i for i, p in enumerate(self.table.persons) if len(p.key) >= 2 and set(p.key) <= lows]
        return found[0] if len(found) == 1 else None

    def _pronoun_after(self, m: Mention) -> str | None:
        """The gender a pronoun right after a name's verb gives it ("X said she would ...")."""
        toks = self.table.tokens
        i = bisect_left(self.table.starts, m.end)
        verb = False
        for t in toks[i : i + 4]:
            if t.sent != m.sent or t.quoted or t.gap.strip():
                break
            if t.low in ("he", "she") and verb:
                return "m" if t.low == "he" else "f"
            if t.cap or not (verb or verbish(t)):
                break
            verb = True
        return None

    # -- people -------------------------------------------------------------------------------------------

    def _fits(self, person: int, want: str | None) -> bool:
        if person in self.banned:
            return False
        g = self.gender.get(person)
        return want is None or g is None or g == want

    def _person(self, idx: int, pos: int, sent: int) -> Resolution:
        self.current = idx
        if idx < 0:
            return Resolution("", PERSON)
        p = self.table.persons[idx]
        if not self.quoted:
            self.events[sent].append((pos, idx, 2))
            self.outside[idx].append(pos)
        self.seen[idx].append(pos)
        return Resolution(p.name, PERSON, p.role, p.affiliation)

    def _unnamed_person(self, words: Iterable[str], role: str = "", aff: str = "") -> Resolution:
        """A person the text describes but does not name: no speaker name, a place in the chain."""
        self.current = -1 - len([g for g in self.gender if g < 0])
        self.gender[self.current] = gender_of(w.rstrip(".") for w in words)
        return Resolution("", PERSON, role, aff)

    def _previous_speaker(self, pos: int, want: str | None) -> int | None:
        for at, _sent, _res, person in reversed(self.spoke):
            if at < pos and person is not None:
                return person if self._fits(person, want) else None
        return None

    def _introduces_paragraph(self, pos: int, mentioned: int, prev: int) -> bool:
        """Whether a pronoun opening its sentence at `pos` stands for a person merely mentioned at
        `mentioned` rather than for the previous speaker: the mention lies in the pronoun's paragraph and
        the previous speaker last spoke or was named in an earlier one ("X said ...\n\nBehind the figures
        are people like Y, 64. He told ...": Y)."""
        i = bisect_left(self.table.starts, pos)
        toks = self.table.tokens
        if i < len(toks) and i > 0 and toks[i - 1].sent == toks[i].sent:
            return False
        para = self.table.paragraph_at(pos)
        if self.table.paragraph_at(mentioned) != para:
            return False
        return self.table.paragraph_at(self._last_seen(prev, pos)) < para

    def antecedent(self, pos: int, sent: int, want: str | None, *, unique: bool = False) -> int | None:
        """The person a pronoun at `pos` stands for: in the nearest sentence (looking back) holding a
        compatible person, the latest subject or speaker (one known to have the pronoun's gender before
        one whose gender is unknown); a person merely mentioned there loses to the previous speaker. The
        subject or speaker of that sentence keeps the pronoun even when their gender is unknown ("X said
        ... Y denied it. "...," she said": Y); anyone else of unknown gender loses to one of the last
        speakers known to have the pronoun's gender. With `unique`, only an unambiguous answer (one
        person in that sentence)."""
        found, strong = self._antecedent(pos, sent, want, unique)
        if unique:
            return found
        if found is not None and want and not (strong and found >= 0) and self.gender.get(found) is None:
            recent = [
                p
                for at, s, _res, p in self.spoke[-3:]
                if at < pos and p is not None and sent - s <= _LOOKBACK
            ]
            known = [
                p
                for p in reversed(recent)
                if p != found and p not in self.banned and self.gender.get(p) == want
            ]
            if known:
                return known[0]
        if found is not None:
            return found
        earlier = [
            (max(x for x in at if x < pos), i) for i, at in self.outside.items() if any(x < pos for x in at)
        ]
        earlier = [e for e in earlier if self._fits(e[1], want)]
        return max(earlier)[1] if earlier else None

    def _antecedent(self, pos: int, sent: int, want: str | None, unique: bool) -> tuple[int | None, bool]:
        """(person, whether they are the subject or speaker of the nearest sentence holding a fit)."""
        prev = None if unique else self._previous_speaker(pos, want)
        for s in range(sent, max(-1, sent - _LOOKBACK - 1), -1):
            evs = [e for e in self.events.get(s, ()) if e[0] < pos and self._fits(e[1], want)]
            if not evs:
                continue
            if unique:
                people = {e[1] for e in evs}
                return (people.pop() if len(people) == 1 else None), False
            strong = [e for e in evs if e[2] > 0]
            if strong:  # one known to have the pronoun's gender first; before the pronoun's own sentence, a
                # speaker before a subject of the words reported ("X said Y had called. "...," he said": X)
                if s == sent - 1:  # the last sentence's speaker before a subject of their words
                    strong = [e for e in strong if e[2] == 2] or strong
                known = [e for e in strong if want and self.gender.get(e[1]) == want]
                rank = (lambda e: (e[2], e[0])) if s < sent else (lambda e: e[0])
                return max(known or strong, key=rank)[1], True
            if prev is not None and self._introduces_paragraph(pos, max(evs)[0], prev):
                return max(evs)[1], True
            return (prev if prev is not None else max(evs)[1]), False
        return prev, False

    def other_than(self, span: Offsets, name: str) -> Resolution:
        """A he or she inside a quote resolved again, never to the quote's own speaker (`name`): someone
        speaking calls themself "I" ("Y said X's support was worthless. "He said the same before," Y
        added": X)."""
        toks = self.table.tokens_in(span)
        if not toks:
            return Resolution("", PERSON)
        want = "f" if toks[0].low == "she" else "m"
        self.banned = {i for i, p in enumerate(self.table.persons) if p.name == name}
        try:
            idx = self.antecedent(toks[0].start, toks[0].sent, want)
        finally:
            self.banned = set()
        if idx is None or idx < 0:
            return Resolution("", PERSON)
        p = self.table.persons[idx]
        return Resolution(p.name, PERSON, p.role, p.affiliation)

    def learn_gender(self, pos: int, sent: int, pronoun: str) -> None:
        """A he or she outside quotes whose antecedent is unambiguous tells that person's gender."""
        want = "f" if pronoun == "she" else "m"
        self.catch_up(pos)
        idx = self.antecedent(pos, sent, want, unique=True)
        if idx is not None and self.gender.get(idx) is None:
            self.gender[idx] = want

    def _last_seen(self, idx: int, pos: int) -> int:
        before = [x for x in self.seen.get(idx, ()) if x < pos]
        return max(before) if before else -1

    def describe(self, head: str, mods: set[str], pos: int, *, introduced: bool = False) -> int | None:
        """The person a description ("the Kenyan leader", "the spokeswoman") refers to: one whose
        titles match its head (or a synonym), whose places do not contradict its own, most recent first.
        With `introduced` (a description of its own, not a possessive inside one), one no title matches may
        be the previous speaker the text introduced by it (`_introduced_as`)."""
        targets = {head} | set(ROLE_SYNONYMS.get(head, ()))
        places = {m for m in mods if m in DEMONYM_OF}
        must = mods & _AGREE
        best: tuple[tuple[int, int, int, int, int], int] | None = None
        for i, p in enumerate(self.table.persons):
            past = (
                _title_match(p.past, head, {head}, mods) if mods & _PAST else 0
            )  # no synonym of a past office
            strength = max(_title_match(p.titles, head, targets, mods), past)
            if not strength and not (head in PARTY_WORDS and head in p.words):
                continue
            if must - p.titles - p.words - (_PAST if past else set()):
                continue  # "the former premier" is not the premier, "the deputy governor" not the governor
            theirs = {w for w in p.words if w in DEMONYM_OF}
            if places and theirs and not places & theirs:
                continue
            lesser = len(p.titles & _LESSER - mods)
            last = self._last_seen(i, pos)
            score = (len(mods & p.words), strength, -lesser, int(last >= 0), last)
            if best is None or score > best[0]:
                best = (score, i)
        qualifiers = mods - _AGREE - _PAST
        untitled = best is None and introduced and not mods  # "the chef" no title gives anyone
        if untitled or (qualifiers and not (best and qualifiers <= self.table.persons[best[1]].words)):
            lead = self._headline_subject(head, qualifiers, pos)
            if lead is not None:  # "the salvage master" of a headline is the article's subject
                return lead
        if best:
            return best[1]
        # elegant variation ("Haddad said ... the Kenyan president added"): a description naming a state
        # is the previous speaker when the text gives them no title that could contradict it
        prev = self._previous_speaker(pos, None)
        if places and prev is not None and prev >= 0 and not self.table.persons[prev].titles:
            return prev
        if mods & _PAST:
            held = self._past_holder(pos)
            return held if held is not None or not introduced else self._first_named_after(head, mods, pos)
        if introduced and not mods and self._introduced_as(head, prev, pos):
            return prev
        return None

    def _headline_subject(self, head: str, mods: set[str], pos: int) -> int | None:
        """For a description with qualifiers that no person's titles hold ("the salvage master"), the
        person it stands for when the headline (a first line of its own) uses it: the one the text names
        most often before `pos`, outside quotes, the headline and possessives, if one leads and fits the
        gender."""
        text = self.table.text
        line_end = text.find("\n")
        if line_end < 0 or line_end > 300 or not text[line_end:].strip():
            return None
        lows = [t.low for t in self.table.tokens_in((0, line_end))]
        used = any(
            w == head and mods <= {fold(x) for x in lows[max(0, n - len(mods) - 1) : n]}
            for n, w in enumerate(lows)
        )
        if not used:
            return None
        counts: dict[int, int] = defaultdict(int)
        for m in self.table.mentions:  # a shared surname before `pos` is settled by now; a possessive
            if line_end < m.start < pos and not m.quoted and not m.poss:  # names an owner ("X's coach")
                counts[m.person] += 1
        if not counts:
            return None
        most = max(counts.values())
        leads = [i for i, n in counts.items() if n == most]
        if len(leads) > 1:  # a tie: the one the headline names
            named = _headline_named(self.table.persons, lows)
            leads = [named] if named in leads else []
        if len(leads) != 1:
            return None
        return leads[0] if self._fits(leads[0], gender_of([head])) else None

    def _introduced_as(self, head: str, prev: int | None, pos: int) -> bool:
        """Whether a description no title matches ("the composer") is the previous speaker: they spoke in this
        sentence or the two before, the text gives them no title, their gender does not contradict the
        description's, and the text used the description for someone unnamed before it first named them
        ("... with its leading composer. Jane Roe told reporters ... the composer said")."""
        if prev is None or prev < 0 or self.table.persons[prev].titles:
            return False
        sent = self.table.sentence_at(pos)
        last = next((s for at, s, _res, p in reversed(self.spoke) if at < pos and p is not None), None)
        if last is None or sent - last > 2 or not self._fits(prev, gender_of([head])):
            return False
        first = min(self.seen.get(prev, [pos]))
        return any(t.low == head and not t.quoted and not t.cap for t in self.table.tokens_in((0, first)))

    def _first_named_after(self, head: str, mods: set[str], pos: int) -> int | None:
        """For "the former director" that no title or verb gives anyone: the person the text introduced by
        it ("A former director of the port was jailed ... Judge Y said X had ..."), the first named in the
        two sentences after the first "a former director" who has no title of their own."""
        toks = self.table.tokens
        for n, t in enumerate(toks):
            if t.start >= pos:
                return None
            if t.low in INDEFINITE and not t.quoted and _describes_as(toks[n + 1 : n + 5], head, mods):
                break
        else:
            return None
        want = gender_of([head])
        for m in self.table.mentions:
            near = t.start < m.start < pos and not m.quoted and m.sent - t.sent <= 2
            if near and not self.table.persons[m.person].titles and self._fits(m.person, want):
                return m.person
        return None

    def _past_holder(self, pos: int) -> int | None:
        """For "the former premier" that no title matches: the subject of this or the previous sentence
        when the text gives them no title and a verb gives them an office ("X led the province until
        2002")."""
        sent = self.table.sentence_at(pos)
        i = bisect_left(self.table.starts, pos)
        near = self.table.tokens[max(0, i - 80) : i]
        for s in (sent, sent - 1):
            if not any(t.low in _OFFICE_VERBS for t in near if t.sent == s and not t.quoted):
                continue
            evs = [
                e
                for e in self.events.get(s, ())
                if e[0] < pos and e[2] >= 1 and e[1] >= 0 and not self.table.persons[e[1]].titles
            ]
            if evs:
                return max(evs)[1]
        return None

    def _owners(self, toks: list[Tok], pos: int) -> set[str]:
        """Name words of the persons a description's possessives point to ("the striker's agent": the
        person titled striker), so that the person described as acting for them is preferred."""
        out: set[str] = set()
        for t in toks:
            if t.poss and not t.cap and t.low not in OWNER_PRONOUNS:
                idx = self.describe(t.low, set(), pos)
                if idx is not None:
                    out |= set(self.table.persons[idx].key)
        return out

    # -- institutions and places ------------------------------------------------------------------------

    def _back_reference(self, head: str, kind: str, mods: set[str], pos: int) -> Institution | None:
        """The named body a description such as "the ministry" or "the newspaper" stands for: the
        latest one with its head word (or one named with it soon after, or later with one of its
        qualifiers), else (outlets and firms) the latest of its kind that shares the description's
        qualifiers ("state television" for "state broadcaster VTV"). A title in the description must be
        in the body's name ("the prosecutor's office" is the "Chief Prosecutor's Office", no "Press
        Office")."""
        same = [i for i in self.table.institutions if head in i.words]
        titles = {m for m in mods if role_word(m)}
        if titles:
            same = [i for i in same if titles & set(re.findall(r"[\w\-]+", i.name.lower()))]
        before = [i for i in same if i.start < pos]
        if before:
            return self._salient(before, pos)
        sent = self.table.sentence_at(pos)
        later = [
            i
            for i in same
            if self.table.sentence_at(i.start) - sent <= 2 or mods & set(i.name.lower().split())
        ]
        if (
            later
        ):  # named just after, or later by the words it has ("the medical journal": "X Medical Journal")
            return later[0]
        if kind != MEDIA and head not in COMPANY_HEADS:
            return None
        like = [
            i
            for i in self.table.institutions
            if i.kind == kind
            and i.start < pos
            and not i.words & _NOT_COMPANIES
            and (mods & i.words or not mods)
        ]
        if head in _PAPERS:  # "the newspaper" is the paper, not its publisher "X Media"
            like = [i for i in like if not i.words <= _MEDIA_GROUPS] or like
        return self._salient(like, pos) if like else None

    def _salient(self, bodies: list[Institution], pos: int) -> Institution:
        """Of the bodies a description may stand for, named before `pos`: the one that spoke last within
        a few sentences, else the one named most often as a clause's subject, else the latest named."""
        by_name: dict[str, list[Institution]] = defaultdict(list)
        for b in bodies:
            by_name[b.name].append(b)
        sent = self.table.sentence_at(pos)
        spoke = [
            (at, name)
            for name in by_name
            if (at := self.bodies_spoke.get(name, -1)) >= 0 and sent - self.table.sentence_at(at) <= 5
        ]
        if spoke:
            return by_name[max(spoke)[1]][-1]
        name = max(by_name, key=lambda n: (sum(b.subject for b in by_name[n]), by_name[n][-1].start))
        return by_name[name][-1]

    def _place_before(self, pos: int, *, country: bool) -> str | None:
        """The latest place named before `pos` ("the city" -> the town the text is about)."""
        found = [
            (at, name)
            for at, name, is_country in self.table.places
            if at < pos and (is_country or not country)
        ]
        if not country:
            local = [(at, name) for at, name, is_country in self.table.places if at < pos and not is_country]
            sent = self.table.sentence_at(pos)
            near = [f for f in local if sent - self.table.sentence_at(f[0]) <= 1]
            home = None if near else self._dateline_place()
            if home:  # "the city" the article is set in, unless a town was named just before
                return home
            found = local or found
        return max(found)[1] if found else None

    def _dateline_place(self) -> str | None:
        """The town a dateline names ("VALDORF, May 2 —"), as the text writes it elsewhere."""
        m = _DATELINE.search(self.table.text[:600])
        if not m:
            return None
        name = m.group(1).strip()
        if name.isupper():
            spelled = re.search(
                rf"\b({re.escape(name[:1])}(?i:{re.escape(name[1:])}))\b", self.table.text[m.end() :]
            )
            name = spelled.group(1) if spelled else name.title()
        return None if place_name(name) else name

    # -- one mention ----------------------------------------------------------------------------------

    def resolve(self, span: Offsets) -> Resolution:
        toks = self.table.tokens_in(span)
        if toks and toks[0].low == "s" and self.table.text[max(0, span[0] - 1) : span[0]] in ("'", "’"):
            toks = toks[1:]  # "Kenya's Haddad" cut after the apostrophe
        if not toks:
            return Resolution("", UNKNOWN)
        pos, sent = toks[0].start, toks[0].sent
        self.catch_up(pos)
        self.current = None
        self.quoted = toks[0].quoted
        out = self._resolve(toks, pos, sent)
        if out.name and not _plausible(out.name):
            out = Resolution("", out.kind, out.role, out.affiliation)
        person = self.current if out.kind == PERSON and not self.quoted else None
        if person is not None and person >= 0 and not out.name:
            person = None
        if person is not None and person < 0:
            self.events[sent].append((pos, person, 2))
        if out.name and out.kind in (ORG, GOVERNMENT, MEDIA) and not self.quoted:
            self.bodies_spoke[out.name] = pos
        if person is not None:
            self.last_spoke[person] = pos
        self.spoke.append((pos, sent, out, person))
        return out

    def _resolve(self, toks: list[Tok], pos: int, sent: int) -> Resolution:
        words = [t.low for t in toks if t.low not in DETERMINERS]
        if len(words) == 1 and words[0] in _PERSON_PRONOUNS:
            want = "f" if words[0] in ("she", "her", "hers") else "m"
            idx = self.antecedent(pos, sent, want)
            if idx is None:
                return Resolution("", PERSON)
            if self.gender.get(idx) is None:
                self.gender[idx] = want
            return self._person(idx, pos, sent)
        if len(words) == 1 and words[0] in _RELATIVE:
            return self._relative(toks[0], pos, sent)
        if len(words) == 1 and words[0] in _GROUP_PRONOUNS:
            for at, s, res, _person in reversed(self.spoke):
                if at < pos:
                    if res.kind != PERSON and sent - s <= 2 and words[0] not in ("we", "us", "our"):
                        return Resolution(res.name, res.kind)
                    break
            return Resolution("", UNKNOWN)
        if len(words) == 1 and (words[0] in _OTHER_PRONOUNS or words[0] in _FIRST_PERSON):
            return Resolution("", PERSON if words[0] in _FIRST_PERSON else UNKNOWN)
        segs = _segments(toks)
        agent = self._named_agent(segs)
        if agent is not None:
            self.catch_up(agent.end)
            return self._person(agent.person, pos, sent)
        for seg in segs:
            head, rest = split_head(seg)
            group = any(
                (_group_word(t.low) and t.low not in _DOCUMENTS) or t.low in PLACE_GROUP_NOUNS for t in head
            )
            # "the mayor in X": where; "residents of X", "sources close to X": a group, not X
            ends = (
                {head[-1].end} if rest and (rest[0].low in LOCATIVE or group) else {head[-1].end, seg[-1].end}
            )
            named = [
                m for m in self.table.mentions_in((seg[0].start, seg[-1].end)) if m.end in ends and not m.poss
            ]
            if named:
                self.catch_up(named[-1].end)
                return self._person(named[-1].person, pos, sent)
        cut = self._cut_name(toks)
        if cut is not None:
            return self._person(cut.person, pos, sent)
        if _two_parties(split_head(segs[0])[0]):
            return Resolution("", UNKNOWN)  # "Kenyan/Ugandan concern", "Kenya/Uganda": two parties, no one
        lead = split_head(segs[0])[0][-1]
        if not lead.cap and len(segs) > 1:  # "The developer, Nordkyst Energy,": the name beside a description
            for seg in segs[1:]:
                hp = split_head(seg)[0]
                if _bare_name(hp):
                    named_body = self._unnamed(seg, pos, sent)
                    if named_body.name:
                        if named_body.kind in (UNKNOWN, PERSON) and not role_word(lead.low):
                            kind = kind_of_words([lead.low]) or ORG
                            return Resolution(named_body.name, kind)
                        return named_body
        aged = self._aged_office(segs, pos)
        if aged is not None:  # "The 58-year-old, who has led the union since 2015,": the union's leader
            return self._person(aged, pos, sent)
        out = self._unnamed(segs[0], pos, sent)
        if out.name or out.kind not in (PERSON, UNKNOWN) or segs[0][0].low in INDEFINITE:
            return out
        idx = self._office_in_clause(segs[1:], pos)
        return self._person(idx, pos, sent) if idx is not None else out

    def _cut_name(self, toks: list[Tok]) -> Mention | None:
        """The person whose name a span cuts short ("Ivo" of "Ivo Roe is said to have ..."): the table's
        mention that starts with the span's capitalised words and runs on past them."""
        if not toks or not all(t.cap for t in toks):
            return None
        start, end = toks[0].start, toks[-1].end
        at = self.table.mentions_in((start, start + 1))
        hit = [m for m in at if m.start == start and m.end > end and not m.alts]
        return hit[0] if len(hit) == 1 else None

    def _named_agent(self, segs: list[list[Tok]]) -> Mention | None:
        """For "A spokesman for X, Y," the person named beside the role (Y), not the one the role works for
        (X): the name right after a "<role> for/of <name>" segment, when it is the whole next segment."""
        if len(segs) < 2:
            return None
        head, rest = split_head(segs[0])
        if not (rest and rest[0].low in ("for", "of") and role_word(head[-1].low)):
            return None
        nxt = segs[1]
        named = [m for m in self.table.mentions_in((nxt[0].start, nxt[-1].end)) if not m.poss]
        whole = len(named) == 1 and named[0].start == nxt[0].start and named[0].end == nxt[-1].end
        return named[0] if whole else None

    def _office_in_clause(self, segs: list[list[Tok]], pos: int) -> int | None:
        """The one person named before `pos` whose title a relative clause's verb gives ("The former
        sprinter, who has directed the race since 2011," is the race director)."""
        clause = next((s for s in segs if s[0].low == "who"), None)
        if clause is None:
            return None
        verbs = [t.low for t in clause[1:] if not t.cap and t.low.endswith(("ed", "s")) and len(t.low) > 4]
        found = {
            i
            for i, p in enumerate(self.table.persons)
            if self._last_seen(i, pos) >= 0
            and any(_same_stem(v, t) for v in verbs for t in p.titles if t.rstrip(".") not in HONORIFICS)
        }
        if not found:  # "who has led the union since 2015": the titled person the text ties to the union
            body = _office_object(clause)
            found = {
                i
                for i, p in enumerate(self.table.persons)
                if body in p.words and p.titles - HONORIFICS and self._last_seen(i, pos) >= 0
            }
        return found.pop() if len(found) == 1 else None

    def _aged_office(self, segs: list[list[Tok]], pos: int) -> int | None:
        """For "the 58-year-old, who has led the union ..." when no one has that age: the person the
        clause gives an office, whose age the text has not given, before the latest person named."""
        hp = [t for t in split_head(segs[0])[0] if t.low not in DETERMINERS]
        if len(hp) != 1 or hp[0].poss or segs[0][0].low in INDEFINITE:
            return None
        age = age_word(hp[0])
        if age is None or any(p.age == age for p in self.table.persons):
            return None
        idx = self._office_in_clause(segs[1:], pos)
        return idx if idx is not None and self.table.persons[idx].age is None else None

    def _relative(self, who: Tok, pos: int, sent: int) -> Resolution:
        """The person a "who" stands for: the name right before it, or before the apposition set between
        them ("X, an engineer in Y, who said")."""
        near = [m for m in self.table.mentions_in((pos - 6, pos)) if m.end <= pos and not m.poss]
        if not near and who.gap.strip() == ",":
            toks = self.table.tokens
            i = bisect_left(self.table.starts, who.start)
            k = i - 1
            while k > 0 and i - k < 14 and toks[k].sent == who.sent and not toks[k].gap.strip():
                k -= 1
            desc = toks[k:i]
            if (
                k > 0
                and toks[k].gap.strip() == ","
                and (desc[0].low in DETERMINERS | INDEFINITE or any(describes(t) for t in desc))
            ):
                end = toks[k - 1].end
                near = [m for m in self.table.mentions_in((end - 1, end)) if m.end == end and not m.poss]
        return self._person(near[-1].person, pos, sent) if near else Resolution("", UNKNOWN)

    def _opens(self, t: Tok) -> bool:
        i = bisect_left(self.table.starts, t.start)
        return i == 0 or self.table.tokens[i - 1].sent != t.sent

    def _common_noun(self, t: Tok) -> bool:
        """A capitalised word that is a common noun: written in lower case elsewhere in the text, or a
        plural opening its sentence ("Fishermen say ...")."""
        text = self.table.text
        if re.search(rf"(?<![\w-]){re.escape(t.low)}(?![\w-])", text):
            return True
        if not self._opens(t):
            return False
        if t.low.endswith(_PLURAL_ENDINGS):
            return True
        # a plural opening its sentence that the text never writes with a capital elsewhere ("Scholars")
        plural = t.low.endswith("s") and not t.low.endswith(("ss", "us", "is"))
        elsewhere = [
            x for x in self.table.tokens if x.low == t.low and x.start != t.start and not self._opens(x)
        ]
        return plural and not elsewhere

    def _unnamed(self, seg: list[Tok], pos: int, sent: int) -> Resolution:
        """A mention that names no person: an institution, a place, a description or a group."""
        head_part, rest = split_head(seg)
        first = head_part[0].low
        hp = [
            t for n, t in enumerate(head_part) if t.low not in DETERMINERS and not _indefinite(head_part, n)
        ]
        if not hp or len(hp) > 7:
            return Resolution("", UNKNOWN)
        head = hp[-1]
        low = head.low.rstrip(".")
        if head.text.isdigit() and len(hp) > 1 and hp[-2].cap:
            return self._proper(hp, rest)  # "culture station Radio X 3": a name ending in a number
        age = next((a for t in hp if not t.poss and (a := age_word(t)) is not None), None)
        if age is not None and first not in INDEFINITE:  # "the 54-year-old", "the 72-year-old maestro"
            aged = self._aged(age, hp, pos, sent)
            if aged is not None:
                return aged
        if first in QUANTIFIERS and _plural(low):  # "some Greens", "many residents", "dozens of fans"
            noun = rest[1].low if low in QUANTIFIERS and len(rest) > 1 and rest[0].low == "of" else low
            return Resolution("", _group_kind(noun, {fold(t.text) for t in hp[:-1]}))
        party = low in PARTY_WORDS and len(hp) == 1  # "the Republican": a description of a person
        named = head.cap and len(hp) > 1 and self.table.institution_at(hp[-2].start, head.end)
        if named and _group_word(low):  # "The Harbour Observer": a name, though "observers" is a group
            return Resolution(named.name, named.kind)
        if (
            head.cap
            and not role_word(low)
            and not _group_word(low)
            and not _generic_body(hp)
            and not party
            and not _described_by_past(first, hp)
        ):
            return self._proper(hp, rest)
        # "the government of Kenya": the place after "of" qualifies the head
        of_place = (
            place_name(rest[1].text) if len(rest) == 2 and rest[0].low == "of" and rest[1].cap else None
        )
        mods = {fold(t.text) for t in hp[:-1]} | ({of_place} if of_place else set())
        if _group_word(low):
            if any(m in DEMONYM_OF or m in GOVERNMENT_WORDS for m in mods):
                return Resolution("", GOVERNMENT)
            return Resolution("", UNKNOWN if low in GENERIC_SOURCES else PERSON)
        titled = first not in INDEFINITE and (
            low in PARTY_WORDS or any(low in p.titles for p in self.table.persons)
        )
        if role_word(low) or low in ROLE_SYNONYMS or titled:
            role, aff, _titles, _words = role_parts(seg, loose=True)
            if low.endswith("s") and low[:-1] in PERSON_ROLES:
                return Resolution("", PERSON, role, aff)  # "delegates": several, no "he" or "she" later
            if first in INDEFINITE:
                return self._unnamed_person([t.low for t in seg], role, aff)
            idx = self.describe(low, (mods - {low}) | self._owners(hp[:-1], pos), pos, introduced=True)
            later = idx is not None and self._last_seen(idx, pos) < 0
            if age is not None and (later or (idx is None and mods & _PAST)):
                # "the 61-year-old director" recalls someone already named, not one the text names later
                prev = self._ageless_speaker(pos, sent, gender_of([low]))
                idx = prev if prev is not None else idx
            if idx is None:
                return self._unnamed_person([t.low for t in seg], role, aff)
            return self._person(idx, pos, sent)
        naming = [t for t in hp[:-1] if self._naming(t, state=low in GOVERNMENT_WORDS)]
        if low in _LOCALITIES or low in _NATIONS:
            place = (
                None if naming or first in INDEFINITE else self._place_before(pos, country=low in _NATIONS)
            )
            return Resolution(place or "", GOVERNMENT)
        if low.endswith("s") and low[:-1] in ORG_WORDS and low not in ORG_WORDS:
            return Resolution("", ORG)  # "fans' groups": several bodies, none named
        kind = kind_of_words([low]) or (MEDIA if low in MEDIA_HEADS else None)
        if kind is None and low in KIN_WORDS and first in OWNER_PRONOUNS and len(hp) == 2:
            kin = self._kin_named(low, pos)  # "his widow": the one the text called "his wife, X"
            return self._person(kin, pos, sent) if kin is not None else self._unnamed_person([low])
        if kind is None and low in KIN_WORDS and first == "the" and len(hp) == 2 and not hp[0].cap:
            ranked = self._kin_ranked(hp[0].low, low, pos)  # "the elder sister": "her elder sister, X"
            if ranked is not None:
                return self._person(ranked, pos, sent)
        if kind is None and first == "the" and len(hp) == 1 and not head.cap:
            apposed = self._apposed(low, pos)  # "the winner" where the text wrote "the winner, X"
            if apposed is None and low.endswith(AGENT_ENDINGS):  # "the striker" of "unhappy striker"
                apposed = self._headline_subject(low, set(), pos)
            if apposed is not None:
                return self._person(apposed, pos, sent)
        if kind is None:
            named_body = None if first in INDEFINITE else self._named_by_head(hp, pos)
            return named_body or Resolution("", UNKNOWN)
        if first in ("his", "her") and len(hp) == 2:
            owned = self._owner_body(first, kind, pos, sent)  # "Her party": the one her title names
            if owned is not None:
                return Resolution(owned.name, owned.kind)
        if naming:  # "the Kenyan government", "the Moreau administration", "the Acme board"
            start = naming[0] if kind != GOVERNMENT else next(t for t in hp if t.cap)
            state = self._state_of(start) if kind == GOVERNMENT and start.poss and len(hp) == 2 else None
            if state:  # "Haddad's government" for "Kenyan President Karim Haddad": the Kenyan government
                return Resolution(f"{DEMONYM_OF.get(state, state)} {head.low}", kind)
            name = " ".join(self.table.text[start.start : head.end].split())
            body = hp[hp.index(start) :]
            return Resolution(_institution_name(body, name, of_place, owner=self._owner_named(body)), kind)
        if low in _SEATED and not naming and len(rest) == 2 and rest[0].low == "in" and rest[1].cap:
            state = self._capital_state(rest[1])  # "the government in Kyiv": Ukraine
            if state:
                return Resolution(state, GOVERNMENT)
        if of_place and kind == GOVERNMENT:
            return Resolution(_institution_name(hp, low, of_place), kind)
        if first in INDEFINITE:
            return Resolution("", kind)
        ref = self._back_reference(low, kind, {t.low for t in hp[:-1]}, pos)
        firm = self._firm_as_person(pos) if ref is None and low in COMPANY_HEADS and not hp[:-1] else None
        if firm is not None:  # "the company" for "Greyhollow Minerals", which capitals made a person
            return Resolution(firm, ORG)
        return Resolution(ref.name, ref.kind) if ref else Resolution("", kind)

    def _owner_body(self, pronoun: str, kind: str, pos: int, sent: int) -> Institution | None:
        """For "her party", "his union": the one body of that kind named before `pos` inside the title of
        the person the pronoun stands for ("X, who leads the opposition Y Alliance, ... Her party")."""
        idx = self.antecedent(pos, sent, "f" if pronoun == "her" else "m")
        if idx is None or idx < 0:
            return None
        words = set(self.table.persons[idx].affiliation.lower().split())
        found = {
            b.name: b
            for b in self.table.institutions
            if b.kind == kind and b.start < pos and set(b.name.lower().split()) <= words
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _firm_as_person(self, pos: int) -> str | None:
        """For "the company" when the table names no firm: the one "person" named before `pos` that reads
        as a firm, named most often; None when none does or two tie."""
        found = [(self._short_uses(i), i) for i in range(len(self.table.persons)) if self._firm_like(i, pos)]
        found.sort(reverse=True)
        if not found or (len(found) > 1 and found[0][0] == found[1][0]):
            return None
        return self.table.persons[found[0][1]].name

    def _firm_like(self, idx: int, pos: int) -> bool:
        """Whether a person of the table reads as a firm: named before `pos` and not only as a place, with no
        title, gender or age, and called by the first word of its name ("Tallis") but never by the last
        alone, as a person is by their surname ("Tallis Line")."""
        p = self.table.persons[idx]
        if len(p.key) < 2 or p.titles or self.gender.get(idx) or p.age is not None or self._placed(idx):
            return False
        if self._last_seen(idx, pos) < 0:
            return False
        words = p.name.split()
        full = len(re.findall(rf"(?<![\w-]){re.escape(p.name)}(?![\w-])", self.table.text))
        last = sum(t.text == words[-1] for t in self.table.tokens)
        return self._short_uses(idx) > full and last <= full and not self._gendered_word(words[0])

    def _gendered_word(self, word: str) -> bool:
        """Whether the text follows a word with a verb and "he" or "she" ("Pia said she ..."): a first
        name someone is called by, not a firm's short name."""
        toks = self.table.tokens
        return any(
            t.text == word
            and n + 2 < len(toks)
            and toks[n + 2].sent == t.sent
            and verbish(toks[n + 1])
            and toks[n + 2].low in ("he", "she")
            for n, t in enumerate(toks)
        )

    def _short_uses(self, idx: int) -> int:
        """How often the text writes the first word of a person's (or firm's) name."""
        first = self.table.persons[idx].name.split()[0]
        return sum(t.text == first for t in self.table.tokens)

    def _placed(self, idx: int) -> bool:
        """Whether the text names a person of the table only where it names places ("at Dock Street", "on
        Quay Road", "the Lantern Room"): a venue or street that capitals made a person."""
        toks = self.table.tokens
        before = []
        for m in self.table.mentions:
            i = bisect_left(self.table.starts, m.start)
            if m.person == idx and not m.alts and i > 0 and toks[i - 1].sent == toks[i].sent:
                before.append(toks[i - 1].low)
            elif m.person == idx:
                return False
        return bool(before) and all(w in LOCATIVE or w in ("on", "the") for w in before)

    def _aged(self, age: int, hp: list[Tok], pos: int, sent: int) -> Resolution | None:
        """The person a description by age stands for ("the 54-year-old", "the 30-year-old nurse"): the one
        the text gave that age (the latest named), else, when the description has no title the text uses
        ("the 72-year-old maestro" is left to the titles), the latest person named before it outside
        quotes whose age and gender do not contradict it; None when there is none."""
        persons = self.table.persons
        same = [(self._last_seen(i, pos), i) for i, p in enumerate(persons) if p.age == age]
        if same:
            return self._person(max(same)[1], pos, sent)
        low = hp[-1].low
        if age_word(hp[-1]) is None and (
            role_word(low) or low in ROLE_SYNONYMS or any(low in p.titles for p in persons)
        ):
            return None
        want = gender_of([low])
        found = [
            (max(x for x in at if x < pos), i)
            for i, at in self.outside.items()
            if i >= 0
            and persons[i].age is None
            and any(x < pos for x in at)
            and self._fits(i, want)
            and not self._placed(i)  # an age is a person's, never a street's or a venue's
        ]
        adjectives = [t.text for t in hp if t.cap and age_word(t) is None and not place_name(t.text)]
        of_state = [f for f in found if adjectives and self._of_state(f[1], adjectives[-1])]
        found = of_state or found  # "the 49-year-old Ostranian": the one the text ties to Ostrania
        return self._person(max(found)[1], pos, sent) if found else None

    def _apposed(self, head: str, pos: int) -> int | None:
        """The one person named before `pos` beside "the <head>" in apposition ("the winner, X", "X, the
        winner"): a noun no title list knows, which the text gave that person."""
        toks = self.table.tokens

        def beside(m: Mention, i: int) -> bool:
            j = bisect_left(self.table.starts, m.end)
            before = toks[i - 2 : i] if i >= 2 else []
            after = toks[j : j + 2]
            lead = [t.low for t in before] == ["the", head] and "," in toks[i].gap
            return lead or ([t.low for t in after] == ["the", head] and "," in after[0].gap)

        return self._only_person(pos, beside)

    def _kin_ranked(self, rank: str, kin: str, pos: int) -> int | None:
        """The one person named before `pos` right after "<his/her/the> <rank> <kin>," ("her elder sister,
        X"): the text's own way to tell two relatives of one kind apart, which "the elder sister" reuses."""
        toks = self.table.tokens

        def ranked(m: Mention, i: int) -> bool:
            before = toks[i - 3 : i] if i >= 3 else []
            lows = [t.low for t in before]
            owner = bool(before) and (lows[0] in OWNER_PRONOUNS or lows[0] == "the" or before[0].poss)
            return owner and lows[1:] == [rank, kin] and "," in toks[i].gap

        return self._only_person(pos, ranked)

    def _kin_named(self, kin: str, pos: int) -> int | None:
        """The one person named before `pos` right after a possessive kin noun of the same tie ("his wife,
        the pianist X" for "his widow"; "her husband X" for "her widower")."""
        ties = {kin} | {a for a, b in _WIDOWED if kin in (a, b)} | {b for a, b in _WIDOWED if kin in (a, b)}
        toks = self.table.tokens

        def after_kin(m: Mention, i: int) -> bool:
            lows = [t.low for t in toks[max(0, i - 5) : i] if t.sent == toks[i].sent]
            return any(w in ties and n and lows[n - 1] in OWNER_PRONOUNS for n, w in enumerate(lows))

        return self._only_person(pos, after_kin)

    def _only_person(self, pos: int, fits: Callable[[Mention, int], bool]) -> int | None:
        """The one person named before `pos` outside quotes at a mention `fits` accepts (given the mention
        and its first token's index); None when no one or several are."""
        found = {
            m.person
            for m in self.table.mentions
            if m.start < pos and not m.quoted and fits(m, bisect_left(self.table.starts, m.start))
        }
        return found.pop() if len(found) == 1 else None

    def _ageless_speaker(self, pos: int, sent: int, want: str | None) -> int | None:
        """For "the 61-year-old former mayor" that no age or title fits: the person who spoke in this
        sentence or the one before, whose age the text has not given (a biography in elegant variation)."""
        for at, s, _res, person in reversed(self.spoke):
            if at >= pos:
                continue
            if person is None or person < 0 or sent - s > 1:
                return None
            p = self.table.persons[person]
            return person if p.age is None and self._fits(person, want) else None
        return None

    def _of_state(self, idx: int, adjective: str) -> bool:
        """Whether the text ties a person to the place an adjective no gazetteer knows is made from: a word
        of their title or affiliation the adjective extends ("Ostrania's foreign minister", "Ostranian")."""
        adj = adjective.lower()
        return any(
            len(w) >= 4 and w[:1].isalpha() and adj != w and adj.startswith(w[:-1]) and len(adj) - len(w) <= 3
            for w in self.table.persons[idx].words
        )

    def _capital_state(self, place: Tok) -> str | None:
        """The state whose seat of government a place is: a capital the gazetteer knows ("Kyiv"), or one
        the text calls "the <adjective> capital" ("Seltvik, the Norlandic capital"), whose state is the
        gazetteer's or the one name in the text the adjective extends ("Norland")."""
        hit = PLACES.get(place.low)
        if hit:
            return hit[0] if hit[1] == "capital" else None
        name = re.escape(place.text)
        m = re.search(
            rf"\b{name},[ \t]+the[ \t]+([A-Z][\w\-]+)[ \t]+capital\b"
            rf"|\bthe[ \t]+([A-Z][\w\-]+)[ \t]+capital,[ \t]+{name}\b",
            self.table.text,
        )
        if not m:
            return self._stated_seat(place.text)
        adj = m.group(1) or m.group(2)
        state = place_name(adj)
        if state:
            return state
        person_words = {w for p in self.table.persons for w in p.key}
        found = {
            t.text
            for t in self.table.tokens
            if t.cap
            and not t.acronym
            and len(t.text) >= 5
            and t.text != adj
            and adj.startswith(t.text[:-1])
            and t.low not in person_words
        }
        return found.pop() if len(found) == 1 else None

    def _stated_seat(self, name: str) -> str | None:
        """The state the text names as having its capital or its government in a place: "X, Norland's
        capital", "the capital of Norland, X", "Norland, whose leaders in X", "Norland's government in X";
        None when the text says no such thing (or names two states so)."""
        place, state = re.escape(name), r"([A-Z][\w\-]+)"
        seats = "|".join(sorted(_SEATED | _SEAT_HOLDERS))
        found = {
            next(g for g in m.groups() if g)
            for m in re.finditer(
                rf"\b{place},[ \t]+{state}['’]s?[ \t]+capital\b"
                rf"|\b{state}['’]s?[ \t]+capital,[ \t]+{place}\b"
                rf"|\b{place},[ \t]+the[ \t]+capital[ \t]+of[ \t]+{state}"
                rf"|\bthe[ \t]+capital[ \t]+of[ \t]+{state},[ \t]+{place}\b"
                rf"|\b{state}(?:['’]s?|,[ \t]+whose)[ \t]+(?:{seats})[ \t]+in[ \t]+{place}\b",
                self.table.text,
            )
        }
        found = {place_name(f) or f for f in found if f not in ("The", "A", "An")}
        return found.pop() if len(found) == 1 else None

    def _named_by_head(self, hp: list[Tok], pos: int) -> Resolution | None:
        """A description whose head no word list knows ("the rowing collective") as the body named before
        it whose name ends in that noun, or that the table says the noun describes ("the force" for "X
        Police"), and holds the description's other words ("Northgate Rowing Collective"); capitals may
        have made such a body a person of the table, one with no title or gender named in three words or
        more, or sharing a word with the description."""
        head = hp[-1].low
        mods = {t.low for t in hp[:-1] if not t.cap and not t.poss}
        bodies = [
            b
            for b in self.table.institutions
            if b.start < pos
            and (b.name.lower().split()[-1] == head or head in b.words)
            and mods <= set(b.name.lower().split())
        ]
        if bodies:
            return Resolution(bodies[-1].name, bodies[-1].kind)
        found: list[tuple[int, int]] = []
        for i, p in enumerate(self.table.persons):
            if p.key[-1:] != (head,) or p.titles or p.gender or not mods <= set(p.key):
                continue
            if (mods or len(p.key) >= 3) and (at := self._last_seen(i, pos)) >= 0:
                found.append((at, i))
        return Resolution(self.table.persons[max(found)[1]].name, ORG) if found else None

    def _owner_named(self, hp: list[Tok]) -> bool:
        """Whether a body's name opens with a person's possessive ("Doe's campaign"), kept as written."""
        return bool(hp and hp[0].poss and self.table.mentions_in((hp[0].start, hp[0].end)))

    def _state_of(self, t: Tok) -> str | None:
        """The state a person named by word t is affiliated with ("Kenyan President X" -> Kenya)."""
        for m in self.table.mentions_in((t.start, t.end)):
            p = self.table.persons[m.person]
            places = {place_name(w) for w in p.affiliation.split()} - {None}
            if len(places) == 1:
                return places.pop()
        return None

    def _naming(self, t: Tok, *, state: bool) -> bool:
        """Whether a capitalised word before a body's head names it ("the Moreau administration",
        "the Kenyan government"); a state's adjective names only a state body, a person's possessive
        only a government ("Haddad's government"), and a capitalised sentence opener nothing."""
        if not t.cap or t.low in OWNER_PRONOUNS:  # "Her party" opening a sentence names nothing
            return False
        if self._opens(t) and (t.low in INSTITUTION_WORDS or self._common_noun(t)):
            return False
        if "-" in t.text and t.low.split("-")[-1] in ("led", "based", "backed", "run", "owned", "linked"):
            return False
        if place_name(t.text) or t.poss or t.low.rstrip(".") in HONORIFICS:
            return state
        return True

    def _fuller(self, name: str, kind: str, pos: int) -> str | None:
        """The fuller name the text gave an outlet or firm before calling it by the last words of it
        ("Harwick Evening Herald", then "the Evening Herald"); None when there is none or several fit."""
        if kind not in (MEDIA, ORG):
            return None  # "the Foreign Ministry" after "Norland Foreign Ministry" may be another state's
        short = name.lower().split()
        found = set()
        for b in self.table.institutions:
            words = b.name.split()
            if b.start >= pos or b.kind not in (MEDIA, ORG) or len(words) <= len(short):
                continue
            lead = words[: len(words) - len(short)]
            if [w.lower() for w in words[len(lead) :]] == short and all(w[:1].isupper() for w in lead):
                found.add(b.name)
        return found.pop() if len(found) == 1 else None

    def _opened_by(self, word: Tok) -> Institution | None:
        """The firm or outlet named before whose name opens with this one word ("Brevik" for
        "Brevik Optics"), when only one does and the word names no place or person of the text."""
        if word.acronym or any(name.split()[0] == word.text for _at, name, _state in self.table.places):
            return None
        if any(word.low in p.key for p in self.table.persons):
            return None
        found = {
            b.name: b
            for b in self.table.institutions
            if b.start < word.start and b.kind in (MEDIA, ORG) and len(b.name.split()) > 1
            and b.name.split()[0] == word.text
        }  # fmt: skip
        return next(iter(found.values())) if len(found) == 1 else None

    def _cut_body(self, name_toks: list[Tok]) -> Institution | None:
        """The named body a source cut short opens ("The Harbour" of "The Harbour Sentinel said"): one the
        table knows that starts at the same word and goes on in capitals only."""
        start, end = name_toks[0].start, name_toks[-1].end
        for b in self.table.institutions:
            if b.start == start and b.end > end and all(t.cap for t in self.table.tokens_in((end, b.end))):
                return b
        return None

    def _spelled_out(self, acronym: Tok) -> str | None:
        """The full name the text gives an acronym by setting it in brackets after the name ("the Aviation
        Workers' Union (AWU)", then "The AWU"): the capitalised words before the bracket whose initials
        spell it."""
        letters = acronym.text.rstrip(".").replace(".", "")
        for m in re.finditer(rf"\(\s*{re.escape(acronym.text)}\s*\)", self.table.text):
            if m.start() >= acronym.start:
                break
            toks = self.table.tokens
            i = bisect_left(self.table.starts, m.start())
            words: list[Tok] = []
            for t in reversed(toks[max(0, i - 10) : i]):
                if t.sent != toks[i].sent or not (t.cap or (words and t.low in ("of", "for", "and", "on"))):
                    break
                words.insert(0, t)
                initials = "".join(w.text[0] for w in words if w.cap)
                if t.cap and initials.upper() == letters.upper():
                    return " ".join(self.table.text[t.start : words[-1].end].split())
                if any(c in t.gap for c in ",;:()—"):
                    break
        return None

    def _coordinated(self, tail: list[Tok]) -> bool:
        """Whether a run of capitals joined by "and" names two parties ("Tarsk and Brevia"): each side
        a single word the text also names alone, away from this mention."""
        lows = [t.low for t in tail]
        if "and" not in lows:
            return False
        at = lows.index("and")
        sides = [tail[:at], tail[at + 1 :]]
        if any(len(side) != 1 for side in sides):
            return False
        start, end = tail[0].start, tail[-1].end
        text = self.table.text
        return all(
            any(
                not start <= m.start() < end
                for m in re.finditer(rf"(?<![\w-]){re.escape(side[0].text)}(?![\w-])", text)
            )
            for side in sides
        )

    def _proper(self, hp: list[Tok], rest: list[Tok]) -> Resolution:
        """A mention headed by a capitalised word that names no person the table knows."""
        text = self.table.text
        k = len(hp)
        while k > 1 and hp[k - 1].text.isdigit() and hp[k - 2].cap:
            k -= 1  # "Radio X 3": the number ends the name
        while k > 0 and (
            hp[k - 1].cap or (hp[k - 1].low in ("of", "for", "and") and k > 1 and hp[k - 2].cap)
        ):
            k -= 1
        tail = hp[k:]  # the proper name at the end ("Local station | Radio Eskby")
        of_run = rest[1:] if rest and rest[0].low in ("of", "for") and all(t.cap for t in rest[1:]) else []
        name_toks = tail + ([rest[0], *of_run] if of_run else [])
        name = " ".join(text[name_toks[0].start : name_toks[-1].end].split())
        kind = kind_of_words([t.low for t in hp + of_run])
        if " ".join(t.low for t in name_toks) in MEDIA_NAMES:
            kind = MEDIA
        if kind:
            body = hp if k == 0 else tail
            full = self._fuller(name, kind, name_toks[0].start) if not body[0].poss else None
            return Resolution(full or _institution_name(body, name, owner=self._owner_named(body)), kind)
        known = self.table.institution_at(name_toks[0].start, name_toks[-1].end) or self._cut_body(name_toks)
        if known is not None:  # "Brenholt Chemicals", "Sporting X", or a short form of one ("Brenholt")
            return Resolution(self._fuller(known.name, known.kind, known.start) or known.name, known.kind)
        if self._coordinated(tail):
            return Resolution("", UNKNOWN)  # "Tarsk and Brevia": two parties, each named alone elsewhere
        seat = tail[0] if len(tail) == 1 and not tail[0].acronym and not place_name(tail[0].text) else None
        state = self._capital_state(seat) if seat is not None else None
        if state:  # "Trevanne said" where the text says Trevanne is Ostrenia's capital
            return Resolution(state, GOVERNMENT)
        opened = self._opened_by(tail[0]) if len(tail) == 1 else None
        if opened is not None:  # "Brevik" for "Brevik Optics", named before
            return Resolution(opened.name, opened.kind)
        if all(place_name(t.text) for t in tail):
            return Resolution(name, GOVERNMENT)
        last = tail[-1]
        if len(tail) == 1 and (last.low in NOT_NAME or sum(c.isalpha() for c in last.text) < 2):
            return Resolution("", UNKNOWN)
        if last.low in PARTY_WORDS or (last.low.endswith("s") and place_name(last.low[:-1])):
            return Resolution("", PERSON)  # "Americans", "Fellow Republicans", "Democratic": no name
        if last.acronym:
            return Resolution(self._spelled_out(last) or name, ORG)
        if len(tail) >= 2 and all(name_like(tail, n, 0) for n in range(len(tail))):
            return Resolution(clean_name(name), PERSON)
        if len(tail) == 1 and self._common_noun(last):
            return Resolution("", PERSON if last.low.endswith(_PLURAL_ENDINGS) else UNKNOWN)
        return Resolution(clean_name(name), UNKNOWN)


_GENDERED_ENDINGS = ("woman", "man", "person")


def _stem(word: str) -> str:
    """A title word without its gendered ending ("chairwoman", "chairman", "chairperson": chair)."""
    for end in _GENDERED_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 4:
            return word[: -len(end)]
    return word


def _same_stem(a: str, b: str) -> bool:
    """Whether two title words are forms of one ("chair", "chairs", "chairwoman"; "finance", "financial"):
    without gendered endings they share at least five letters and differ only in a short ending."""
    a, b = _stem(a), _stem(b)
    if a == b:
        return True
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 5 and len(a) - n <= 3 and len(b) - n <= 3


def _title_match(titles: set[str], head: str, targets: set[str], mods: set[str]) -> int:
    """How well a person's titles fit a description: 3 its head, 2 a synonym, 1 a form of its head ("the
    chairwoman" for "who chairs"), or, for a head they lack, every title word a form of one of the
    description's ("the chief financial officer" for "Finance chief X"); 0 not at all."""
    if head in titles:
        return 3
    if titles & targets:
        return 2
    if any(_same_stem(head, t) for t in titles):
        return 1
    own = {t for t in titles if t.rstrip(".") not in HONORIFICS and "-" not in t}
    words = mods | {head}
    return int(len(own) >= 2 and all(any(_same_stem(t, w) for w in words) for t in own))


def _headline_named(persons: Sequence[Person], lows: list[str]) -> int | None:
    """The one person the headline's words name, by full name or else by surname ("The fall of X Y: star
    chef ..."), whom its description is about when two are named equally often; None when it names none or
    several."""
    for full in (True, False):  # the full name before the surname, which relatives share
        found = {
            i
            for i, p in enumerate(persons)
            if len(p.key) >= 2 and (set(p.key) <= set(lows) if full else p.key[-1] in lows)
        }
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _describes_as(toks: list[Tok], head: str, mods: set[str]) -> bool:
    """Whether the words after "a" are the description (its qualifiers, then its head): "former director"."""
    words = [t.low for t in toks]
    return head in words and set(words[: words.index(head)]) == mods


def _described_by_past(first: str, hp: list[Tok]) -> bool:
    """Whether "the former X" describes a person by a capitalised noun ("the former Olympian"), no name."""
    return first == "the" and len(hp) == 2 and not hp[0].cap and hp[0].low in _PAST | _AGREE


def _office_object(clause: list[Tok]) -> str | None:
    """The body an office verb of a relative clause governs ("who has led the union": union)."""
    for n, t in enumerate(clause):
        if t.low in _OFFICE_VERBS:
            rest = [x for x in clause[n + 1 : n + 4] if x.low not in DETERMINERS | OWNER_PRONOUNS]
            return rest[0].low if rest and not rest[0].cap and noun_like(rest[0]) else None
    return None


def _bare_name(hp: list[Tok]) -> bool:
    """Whether an apposition's head is a name: capitalised at its end and with no article, or "the" and
    capitals only ("The student paper, the Harbour Clarion,"), not a description ("the largest firm")."""
    if hp[0].low == "the" and len(hp) > 1:
        return all(t.cap for t in hp[1:])
    return hp[0].low not in DETERMINERS | INDEFINITE and hp[-1].cap


def _indefinite(toks: list[Tok], n: int) -> bool:
    """Whether word n is an indefinite word, not a number ending a name ("Radio One", "Channel Two")."""
    t = toks[n]
    return t.low in INDEFINITE and not (t.cap and n and toks[n - 1].cap and not t.gap.strip())


def _two_parties(head: list[Tok]) -> bool:
    """Whether a head joins two capitalised names with a slash ("Kenya/Uganda", "US/Israeli"): two parties."""
    return any(b.gap == "/" and a.cap and b.cap for a, b in pairwise(head))


def _group_word(low: str) -> bool:
    """A head naming several unnamed people or a generic source ("officials", "sources", "Republicans")."""
    return low in GROUP_NOUNS or low in GENERIC_SOURCES or (low in PARTY_WORDS and low.endswith("s"))


def _generic_body(hp: list[Tok]) -> bool:
    """A lone capitalised body word that is no name of its own ("the Ministry" but not "the Kremlin")."""
    return len(hp) == 1 and hp[0].low in INSTITUTION_WORDS and hp[0].low not in SEATS


def _institution_name(hp: list[Tok], name: str, of_place: str | None = None, *, owner: bool = False) -> str:
    """An institution's display name: as written without a leading determiner, a state's possessive
    or "of" phrase turned into its adjective ("Kenya's government" and "the government of Kenya" are
    "Kenyan government"), any other possessive place before it written as a plain name ("Norland's
    Foreign Ministry" is "Norland Foreign Ministry"; `identity.body_tokens` makes "the Foreign Ministry of
    Norland" the same body). A person's possessive (`owner`) stays as written."""
    if of_place:
        return f"{DEMONYM_OF.get(of_place, of_place)} {name}"
    if hp and hp[0].poss and len(hp) > 1 and (place_name(hp[0].text) or (hp[0].cap and not owner)):
        state = place_name(hp[0].text)
        rest = re.sub(r"^['’]s?\s*", "", name[len(hp[0].text) :]).strip()
        return f"{DEMONYM_OF.get(state, state) if state else hp[0].text} {rest}"
    return name


def _plural(low: str) -> bool:
    """A head noun in the plural ("Greens", "residents", "groups"), as far as its ending tells."""
    return low in GROUP_NOUNS or (low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3)


def _group_kind(noun: str, mods: set[str]) -> str:
    """The kind of an unnamed group: bodies ("several unions") an organisation, a state's people or
    officials a government, generic sources unknown, anyone else persons."""
    single = noun[:-3] + "y" if noun.endswith("ies") else noun[:-1]
    if single in ORG_WORDS or noun in ORG_WORDS:
        return ORG
    if any(m in DEMONYM_OF or m in GOVERNMENT_WORDS for m in mods):
        return GOVERNMENT
    return UNKNOWN if noun in GENERIC_SOURCES else PERSON


def resolve_light(
    text: str,
    sources: Sequence[Offsets | None],
    *,
    contents: Sequence[Sequence[Offsets]] | None = None,
    quotes: Sequence[Offsets] | None = None,
    table: PeopleTable | None = None,
) -> list[Resolution]:
    """Speakers for source mentions without a parse, in the order given.

    Mentions are resolved in text order against the document's people table; a first-person source
    ("I") inside another relation's content is that relation's speaker (`contents`, aligned with
    `sources`, gives them), and a "he" or "she" inside a quote never is: it is resolved again without
    that speaker. A None source has no speaker.
    """
    table = table or people_table(text, quotes=quotes)
    res = _Resolver(table)
    out: list[Resolution] = [Resolution("", UNKNOWN) for _ in sources]
    source_at = {s[0] for s in sources if s}
    free = [
        (t.start, t.low)
        for t in table.tokens
        if t.low in ("he", "she") and not t.quoted and t.start not in source_at
    ]
    order = sorted(
        [(s[0], 1, i) for i, s in enumerate(sources) if s and s[1] > s[0]] + [(p, 0, -1) for p, _ in free]
    )
    lows = dict(free)
    first_person: list[int] = []
    for pos, is_source, i in order:
        if not is_source:
            res.learn_gender(pos, table.sentence_at(pos), lows[pos])
            continue
        span = sources[i]
        assert span is not None
        if text[span[0] : span[1]].strip().lower() in _FIRST_PERSON:
            first_person.append(i)
            continue
        out[i] = res.resolve(span)
    for i, span in enumerate(sources):
        if not span or not out[i].name or text[span[0] : span[1]].strip().lower() not in ("he", "she"):
            continue
        for j, spans in enumerate(contents or ()):
            inside = any(s <= span[0] < e for s, e in spans)
            if j != i and inside and out[j].name == out[i].name and table.tokens_in(span)[0].quoted:
                out[i] = res.other_than(span, out[i].name)  # "He said ...," X added: not X
                break
    for i in first_person:
        span = sources[i]
        assert span is not None
        out[i] = Resolution("", PERSON)
        for j, spans in enumerate(contents or ()):
            if j != i and out[j].name and any(s <= span[0] < e for s, e in spans):
                out[i] = out[j]
                break
    return out


def resolve_document(doc: Doc, sources: list[tuple[Offsets | None, int | None]]) -> list[Resolution]:
    """Speakers for the rule engine's sources, in order: the parser-free resolution, with the persons
    spaCy's parse names added to the people table.

    Each item is (source span, None), or (None, index of an earlier item whose speaker it continues).
    """
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    table = people_table(doc.text, names=names)
    spans = [s if s is not None and s[1] > s[0] and cont is None else None for s, cont in sources]
    out = resolve_light(doc.text, spans, table=table)
    for n, (_span, cont) in enumerate(sources):
        if cont is not None and 0 <= cont < n:
            out[n] = out[cont]
    return out


__all__ = [
    "PeopleTable",
    "Resolution",
    "according_source",
    "clean_name",
    "cluster_names",
    "continuations",
    "name_key",
    "nested_report",
    "people_table",
    "replier",
    "resolve_document",
    "resolve_light",
    "trim_source",
]
