"""Text -> words: the tokenizer, and the word classes the speaker stages share.

Reads a document's text; writes its words (`Tok`: offsets, sentence number, the text before it, possessive,
capital, acronym). Also holds the speaker kinds (`PERSON`, `ORG`, `GOVERNMENT`, `MEDIA`, `UNKNOWN`) and the
word classes beyond `lexicon`'s lists that the tokenizer needs or that several of `titles`, `people`,
`reports` and `speakers` read ("never part of a name", determiners, institution heads), with the word tests
built on them (`role_word`, `place_name`, `fold`, `kind_of_words`); a word class only one of them reads lives
in that module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .lexicon import (
    FEMALE_WORDS,
    GOVERNMENT_PHRASES,
    GOVERNMENT_WORDS,
    HONORIFICS,
    MALE_WORDS,
    MEDIA_NAMES,
    MEDIA_WORDS,
    NAME_PARTICLES,
    ORG_WORDS,
    PERSON_ROLES,
    PLACES,
    word_set,
)

PERSON = "person"
ORG = "organisation"
GOVERNMENT = "government"
MEDIA = "media"
UNKNOWN = "unknown"


# --- words -------------------------------------------------------------------------------------------------

NOT_NAME = word_set(
    """the a an this that these those there here it its he she they we i you his her their our my your him
    them us me who whom whose what which when where why how and but or nor so yet for if as at by in on of to
    from with without after before during since until while although though because despite under over
    about above below between among into onto upon per via also still however meanwhile moreover thus then
    now today yesterday tomorrow tonight last next earlier later recently some many most more much few
    several all both each every any no not none one two three four five six seven eight nine ten asked
    speaking according said says told added monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december jan feb mar apr
    jun jul aug sep sept oct nov dec read share follow click subscribe advertisement photo video image
    update editor's note yes oh well please thank thanks sorry dear hello mr mrs ms dr"""
)
"""Capitalised words that are never part of a person's name (sentence openers, dates, site furniture)."""
OPENERS = word_set(
    """unlike beyond whether instead perhaps maybe indeed overall worse better even just only unless
    including given amid against within throughout toward towards regarding following although
    nevertheless nonetheless otherwise besides once twice already rather almost again so thus hence
    like while whereas why where when what whatever whoever however because since though"""
)
"""Sentence openers (beyond NOT_NAME) that a capital makes look like a first name ("Unlike Falk")."""
PARTICLES = NAME_PARTICLES | {"bin", "ibn", "dos", "das", "del", "della", "van", "von", "ter", "ten", "abu"}
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "our"})
INDEFINITE = frozenset({"a", "an", "one", "another", "some", "any", "several", "many", "two", "three"})
CUT_WORDS = frozenset(
    {"of", "for", "to", "at", "in", "from", "with", "on", "by", "who", "which", "that", "whose"}
)
"""Words that end a description's head phrase ("the mayor | of Lindvik", "officials | who ...")."""
AUX = word_set(
    """has had have is was were are will would could can may might must should did does do also then
    later again further recently previously repeatedly"""
)
ABBREVIATIONS = HONORIFICS | {"st", "jr", "sr", "inc", "corp", "ltd", "co", "vs", "mt", "ft", "dept"}
_CONTRACTED = frozenset({"it", "that", "he", "she", "there", "what", "let", "who", "where", "here", "how"})
"""Words whose "'s" is "is" or "us", not a possessive."""
INSTITUTION_WORDS = GOVERNMENT_WORDS | ORG_WORDS | MEDIA_WORDS
SEATS = frozenset(
    {
        "kremlin",
        "pentagon",
        "congress",
        "senate",
        "parliament",
        "knesset",
        "duma",
        "whitehall",
        "élysée",
        "elysee",
        "bundestag",
    }
)
"""Institution words that are a proper name on their own ("the Kremlin"); "the Ministry" is not."""
MEDIA_HEADS = MEDIA_WORDS | {"paper", "station", "site"}
"""Heads of outlets; "paper", "station" and "site" only as a description ("the paper", "the station" that
reported something, "news site X"), a company may be "X Paper", a place "X Station"."""
PLACE_PREPOSITIONS = frozenset({"in", "of", "from", "near", "outside", "across", "around", "at", "to"})
COMPANY_HEADS = word_set(
    """company firm corporation operator maker manufacturer producer supplier provider retailer carrier
    insurer lender group conglomerate utility business"""
)
"""Descriptions of a company, which may stand for a firm named with no company word ("the company")."""
LOCATIVE = frozenset({"in", "at", "near", "outside", "across", "around", "inside"})
"""Prepositions after which a name is where a group is, not who it is ("fans' groups in X")."""
OWNER_PRONOUNS = frozenset({"his", "her", "their", "its"})
"""Possessives in a description that point at someone else ("Her father, X" is a man)."""


def gender_of(words: Iterable[str]) -> str | None:
    ws = set(words)
    if ws & FEMALE_WORDS:
        return "f"
    if ws & MALE_WORDS:
        return "m"
    return None


def place_name(word: str) -> str | None:
    """The state a word names, is the adjective of, or has as capital ("Kenyan" -> "Kenya")."""
    hit = PLACES.get(word.lower().rstrip("."), None) or PLACES.get(word.lower(), None)
    return hit[0] if hit else None


def fold(word: str) -> str:
    """A description word folded for matching: a place word becomes its state, else lower case."""
    return place_name(word) or word.lower().strip(".’'")


def role_word(low: str) -> bool:
    """A person's title noun, whole or as part of a hyphenated title ("secretary-general")."""
    low = low.rstrip(".")
    return (
        low in PERSON_ROLES
        or low in HONORIFICS
        or (low.endswith("s") and low[:-1] in PERSON_ROLES)
        or any(p in PERSON_ROLES for p in low.split("-") if p)
    )


def kind_of_words(words: Iterable[str]) -> str | None:
    """government, media or organisation for an institution's words; None when none says so."""
    ws = [w.lower().strip(".’'") for w in words]
    joined = " ".join(ws)
    last_media = max((n for n, w in enumerate(ws) if w in MEDIA_WORDS), default=-1)
    last_state = max((n for n, w in enumerate(ws) if w in GOVERNMENT_WORDS), default=-1)
    if any(p in joined for p in GOVERNMENT_PHRASES) or last_state >= 0:
        # "state television" and "state broadcaster X" are outlets, "Press Office" is not
        return MEDIA if last_media > last_state or "news" in ws else GOVERNMENT
    if joined in MEDIA_NAMES or any(w in MEDIA_WORDS for w in ws):
        return MEDIA
    if any(w in ORG_WORDS for w in ws):
        return ORG
    return None


# --- tokens ----------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_](?:[\w'’.\-‐]*[\w.])?")


@dataclass(slots=True)
class Tok:
    """A word of the text: offsets (a possessive's "'s" and a sentence's full stop left out), its
    sentence, the text between it and the word before, and whether it is capitalised (or a
    particle-led surname, "al-Haddad") or an acronym."""

    start: int
    end: int
    text: str
    low: str
    sent: int
    gap: str
    poss: bool = False
    quoted: bool = False
    cap: bool = False
    acronym: bool = False


def _capitalised(word: str) -> bool:
    if word[0].isupper():
        return True
    head, _, rest = word.partition("-")
    return bool(rest) and head.lower() in PARTICLES and rest[:1].isupper()


def tokenize(text: str) -> list[Tok]:
    """The words of a text with their sentence numbers (a full stop, ? or ! before a capital, or a
    line break, starts a sentence; abbreviations such as "Mr." and "U.S." do not)."""
    out: list[Tok] = []
    append = out.append
    sent = 0
    prev_end = 0
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        word = m.group(0)
        while word and word[-1] == "." and not _keeps_period(word):
            word = word[:-1]
            e -= 1
        if not word:
            continue
        poss = False
        last = word[-1]
        if last in "sS" and len(word) > 2 and word[-2] in "'’" and word[:-2].lower() not in _CONTRACTED:
            word, poss = word[:-2], True
        elif text[e : e + 1] in ("'", "’") and word[0].isupper() and not text[e + 1 : e + 2].isalpha():
            poss = True  # "Jonas' remarks"
            e += 1
        gap = text[prev_end:s]
        if out and gap != " ":
            g = gap.strip().lstrip("\"”’'")[:1]  # a full stop after a closing quote ('... measure". She') too
            if "\n" in gap or (
                g in (".", "!", "?")
                and (word[0].isupper() or word[0].isdigit() or any(q in gap for q in '"“‘'))
            ):
                sent += 1
        cap = word[0].isupper() or ("-" in word and _capitalised(word))
        acronym = cap and word.isupper() and sum(c.isalpha() for c in word) >= 2
        append(Tok(s, s + len(word), word, word.lower(), sent, gap, poss, False, cap, acronym))
        prev_end = e
    return out


def _keeps_period(word: str) -> bool:
    base = word.rstrip(".")
    return "." in base or len(base) == 1 or base.lower() in ABBREVIATIONS


__all__ = ["GOVERNMENT", "MEDIA", "ORG", "PERSON", "UNKNOWN", "Tok", "tokenize"]
