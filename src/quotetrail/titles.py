"""What a text writes around a person's name: titles, appositions, offices and ages.

Reads the words (`tokens.Tok`) before and after a name; writes the words that describe that person: a
title before the name ("Russian Foreign Ministry spokeswoman X"), titles joined by "and" ("grandmaster and
former champion X"), an apposition on either side ("X, a spokeswoman for the council,", "The mayor of
Lindvik, X"), an office a predicate or relative clause gives ("X was re-elected president of Y", "X, who
chairs the transport committee"), an age ("X, 54,", "the 54-year-old X"), and a title split into role,
affiliation and folded words (`role_parts`). Helpers of `people.people_table` and of the resolver in
`speakers`; nothing here is public API.
"""

from __future__ import annotations

import re

from .lexicon import CUE_KIND, GROUP_NOUNS, HONORIFICS, KIN_WORDS, ROLE_MODIFIERS, cue_lemma_guess, word_set
from .tokens import (
    AUX,
    CUT_WORDS,
    DETERMINERS,
    INDEFINITE,
    INSTITUTION_WORDS,
    LOCATIVE,
    NOT_NAME,
    OPENERS,
    OWNER_PRONOUNS,
    PLACE_PREPOSITIONS,
    Tok,
    fold,
    role_word,
)

# --- words -------------------------------------------------------------------------------------------------

_OF_WORDS = frozenset({"of", "for", "at", "to", "with"})
"""Words after a title that tie it to whom or where ("a spokeswoman for the president")."""
_HOLDER_OF = {
    "chair": "chair", "lead": "leader", "head": "head", "direct": "director", "manage": "manager",
    "coach": "coach", "captain": "captain", "edit": "editor", "own": "owner", "govern": "governor",
    "represent": "representative", "command": "commander", "run": "head", "found": "founder",
}  # fmt: skip
"""Verbs of holding an office -> the title they give ("X, who chairs the committee" is its chair)."""
_HOLDER_PRESENT = {(v + "es" if v.endswith(("ch", "sh")) else v + "s"): t for v, t in _HOLDER_OF.items()}
_HOLDER_PERFECT = {(v + "d" if v.endswith("e") else v + "ed"): t for v, t in _HOLDER_OF.items()} | {
    "led": "leader",
    "run": "head",
}
"""Forms of those verbs that say the office is held now: "chairs", or "has chaired" ("chaired" alone is
past)."""
_PRESENT_HOLDING = frozenset({"has", "have", "also", "now", "currently", "still"})


def title_prefix(toks: list[Tok], i0: int) -> list[Tok]:
    """The title words written right before a name ("Russian Foreign Ministry spokeswoman")."""
    out: list[Tok] = []
    i = i0 - 1
    while i >= 0 and len(out) < 8:
        t, nxt = toks[i], toks[i + 1]
        if t.sent != nxt.sent or nxt.gap.strip() or t.low in DETERMINERS:
            break
        if t.cap or role_word(t.low) or t.low in ROLE_MODIFIERS or t.poss:
            out.append(t)
            i -= 1
            continue
        if t.low in ("of", "for", "to") and out and out[-1].cap and i > 0 and role_word(toks[i - 1].low):
            out.append(t)
            i -= 1
            continue
        if i == i0 - 1 and noun_like(t) and not (i > 0 and toks[i - 1].low in AUX):
            out.append(t)  # a zero-article title the word lists lack ("challenger Erik Halden"), not a
            # verb after an auxiliary ("would meet X")
            if _qualified_noun(toks, i):
                i -= 1  # "former world champion X": its modifiers stay with it
                continue
        elif _field_word(toks, i, out):
            out.append(t)  # "former television presenter X": the field between a modifier and the role
            i -= 1
            continue
        break
    out.reverse()
    return out


def _qualified_noun(toks: list[Tok], i: int) -> bool:
    """Whether a zero-article title noun at toks[i] has a modifier before it, right away or after a field
    word ("former champion", "former world champion"), which says which office it is."""
    k = i - 1 if i > 1 and noun_like(toks[i - 1]) and not toks[i].gap.strip() else i
    before = toks[k - 1] if k > 0 else None
    return (
        before is not None
        and before.sent == toks[i].sent
        and not toks[k].gap.strip()
        and before.low in ROLE_MODIFIERS
    )


def _field_word(toks: list[Tok], i: int, out: list[Tok]) -> bool:
    """Whether toks[i] names the field of the role right after it, between that role and a modifier
    before it ("former television presenter"): a title the word lists cut short without it."""
    noun = len(out) == 1 and noun_like(out[0])  # a zero-article title the word lists lack
    if not out or not (role_word(out[-1].low) or noun) or i == 0 or toks[i - 1].sent != toks[i].sent:
        return False
    before = toks[i - 1]
    return noun_like(toks[i]) and not toks[i].gap.strip() and before.low in ROLE_MODIFIERS


def noun_like(t: Tok) -> bool:
    """A lower-case word that may be a noun: not a function word, a verb form or an adverb."""
    low = t.low
    return (
        not t.cap
        and low.isalpha()
        and len(low) > 3
        and low not in NOT_NAME
        and low not in AUX
        and low not in CUT_WORDS
        and low not in OPENERS
        and low not in PLACE_PREPOSITIONS
        and low not in LOCATIVE
        and cue_lemma_guess(low) not in CUE_KIND
        and not low.endswith(("ed", "ly", "ing"))
    )


def appositive_after(toks: list[Tok], j: int) -> tuple[list[Tok], int]:
    """The apposition after a name ("Jane Roe, a spokeswoman for the council,") and the index after it."""
    k = j + 1
    if k >= len(toks) or toks[k].sent != toks[j].sent or not toks[k].gap.strip().startswith(","):
        return [], k
    if toks[k].gap.strip() != ",":
        return [], k
    if toks[k].text.isdigit() and k + 1 < len(toks) and toks[k + 1].gap.strip() == ",":
        k += 1  # an age: "Ada Lind, 68, a retired nurse"
    seg: list[Tok] = []
    while k < len(toks) and len(seg) <= 12 and toks[k].sent == toks[j].sent:
        if seg and toks[k].gap.strip():
            break
        seg.append(toks[k])
        k += 1
    if not seg:
        return [], j + 1
    timed = _time_lead(seg)
    if timed and any(describes(t) for t in seg[timed:]):
        return seg[timed:], k  # "X, for a decade the board's envoy," / "X, now the party's treasurer,"
    det = seg[0].low in DETERMINERS | INDEFINITE | OWNER_PRONOUNS or seg[0].poss
    role = any(describes(t) for t in seg)
    if not (role or (det and loose_head(seg))):
        return [], j + 1
    qualified = len(seg) > 1 and role_word(seg[1].low) and noun_like(seg[0])  # "X, medical director of Y"
    if not (det or qualified or role_word(seg[0].low) or seg[0].low in ROLE_MODIFIERS or seg[0].cap):
        return [], j + 1
    return seg, k


_TIME_NOUNS = word_set(
    """day days week weeks month months year years decade decades morning afternoon evening night weekend
    time times moment hour hours season spring summer autumn fall winter century period"""
)
"""Heads of time phrases that open a sentence before a name ("The next day, X ..."), never a title."""
_TIME_ADVERBS = word_set("now currently still long")
"""Adverbs that may open an apposition before a description of what someone is now ("X, now the party's
treasurer,"); "once", "formerly", "until 2019" give a past office and are left out."""
_TIME_PREPOSITIONS = frozenset({"for", "since"})
_TIME_ENDS = _TIME_NOUNS | {"recently", "then", "now", "long", "ago"}


def _time_lead(seg: list[Tok]) -> int:
    """The number of words of a time phrase opening an apposition ("for a decade", "since 2019", "now"), 0
    when it opens with none."""
    if not seg:
        return 0
    lead = seg[0].low
    if lead in _TIME_PREPOSITIONS:
        for n, t in enumerate(seg[1:5], start=1):
            if t.low in _TIME_ENDS or (t.text.isdigit() and len(t.text) == 4):
                return n + 1 if n + 1 < len(seg) and seg[n + 1].low != "ago" else n + 2
        return 0
    return 1 if lead in _TIME_ADVERBS else 0


_ELECTED = word_set(
    """elected re-elected reelected appointed reappointed re-appointed named chosen installed confirmed
    promoted sworn made"""
)
"""Past participles that give someone an office after "was"/"has been" ("X was re-elected president")."""
_BECAME = frozenset({"became", "becomes", "become"})
_BE = frozenset({"was", "is", "has", "have", "had", "been", "were", "be"})
_PREDICATE_ADVERBS = frozenset(
    {"also", "now", "recently", "later", "then", "first", "unanimously", "narrowly", "formally", "just"}
)


_TERM_VERBS = word_set("won wins secured secures began begins started starts")
"""Verbs by which someone takes up a term of office ("X won a second term as mayor")."""
_TERM_WORDS = word_set(
    """a an another his her their second third fourth fifth sixth seventh new full fresh record consecutive
    straight successive"""
)


def _term_as(toks: list[Tok], k: int) -> int:
    """The index after "<a second> term as" opening at word k ("won a third term as president"), 0 when
    the words there are no term of office."""
    m = k
    while m < len(toks) and m - k < 4 and toks[m].low in _TERM_WORDS and not toks[m].gap.strip():
        m += 1
    ok = m > k and m + 1 < len(toks) and toks[m].low == "term" and toks[m + 1].low == "as"
    return m + 2 if ok and not (toks[m].gap.strip() or toks[m + 1].gap.strip()) else 0


def predicate_office(toks: list[Tok], k: int) -> list[Tok]:
    """The title a predicate right after a name gives that person, with what it is of ("X was re-elected
    president of the Y Federation", "X, who became chief executive in 2019,", "X is chairman of the
    board"): its words, or [] when there is none ("X was named in the report", "X named her deputy")."""
    n = len(toks)
    if k >= n or k == 0 or toks[k].sent != toks[k - 1].sent:
        return []
    sent = toks[k].sent
    if toks[k].gap.strip() not in ("", ","):
        return []
    if toks[k].low == "who" and toks[k].gap.strip() == ",":
        k += 1
    open_at = k  # the predicate's first word may follow the comma closing an apposition
    aux: list[str] = []
    while k < n and toks[k].sent == sent and (k == open_at or not toks[k].gap.strip()) and len(aux) < 4:
        if toks[k].low not in _BE and toks[k].low not in _PREDICATE_ADVERBS:
            break
        aux.append(toks[k].low)
        k += 1
    if k >= n or toks[k].sent != sent or (k > open_at and toks[k].gap.strip()):
        return []
    verb = toks[k].low
    be = [a for a in aux if a in _BE]
    if verb in _ELECTED and be and be[-1] in ("was", "is", "been", "were", "be"):
        k += 1
        if k < n and toks[k].low == "in" and verb == "sworn":
            k += 1  # "was sworn in as premier"
        if k < n and toks[k].low == "as":
            k += 1
    elif verb in _BECAME:
        k += 1
    elif verb in _TERM_VERBS and (after := _term_as(toks, k + 1)):
        k = after  # "X won a third term as president of Y"
    elif not (be and be[-1] == "is" and aux[-1] == "is"):
        return []  # "X is president of ...": "is" right before the title
    if k < n and toks[k].low in ("the", "its", "their", "a", "an") and toks[k].sent == sent:
        k += 1
    title: list[Tok] = []
    while k < n and toks[k].sent == sent and not toks[k].gap.strip() and len(title) < 5:
        t = toks[k]
        if not (role_word(t.low) or t.low in ROLE_MODIFIERS or (not t.cap and noun_like(t))):
            break
        title.append(t)
        k += 1
    while title and not role_word(title[-1].low):
        title.pop()
    if not title or (len(title) == 1 and title[0].low in ROLE_MODIFIERS and not role_word(title[0].low)):
        return []
    k = toks.index(title[-1]) + 1
    if k + 1 < n and toks[k].low in ("of", "for", "at") and not toks[k].gap.strip() and toks[k].sent == sent:
        of: list[Tok] = [toks[k]]
        for t in toks[k + 1 : k + 8]:
            if t.sent != sent or t.gap.strip() or not (t.cap or t.low in ("the", "of")):
                break
            of.append(t)
        if any(t.cap for t in of):
            title += of
    return title


def relative_office(toks: list[Tok], k: int, *, inner: bool = False) -> tuple[str, list[Tok]] | None:
    """The title a relative clause at word k gives the name before it, with the words of what it holds
    ("X, who chairs the transport committee," -> chair of "transport committee"; "who has run the water
    department" -> head; "X, 61, who leads the union"); None when there is none ("who led the party until
    2002" is past). With `inner`, the clause ends an apposition ("X, an MP who chairs the committee")."""
    if 0 < k + 1 < len(toks) and toks[k].text.isdigit() and toks[k + 1].gap.strip() == ",":
        k += 1  # an age before the clause: "X, 61, who leads ..."
    if not 0 < k < len(toks) or toks[k].low != "who" or toks[k].gap.strip() != ("" if inner else ","):
        return None
    if toks[k].sent != toks[k - 1].sent:
        return None
    m, perfect = k + 1, False
    while m < len(toks) and m - k <= 3 and toks[m].low in _PRESENT_HOLDING and not toks[m].gap.strip():
        perfect = perfect or toks[m].low in ("has", "have")
        m += 1
    if m >= len(toks) or toks[m].gap.strip() or toks[m].sent != toks[k].sent:
        return None
    verb = toks[m].low
    title = _HOLDER_PRESENT.get(verb) or (_HOLDER_PERFECT.get(verb) if perfect or verb == "founded" else None)
    if _speaks_for(toks, m):
        title, m = "spokesperson", m + 1  # "X, who speaks for the union": its spokesperson
    if title is None:
        return None
    held: list[Tok] = []
    for t in toks[m + 1 : m + 8]:
        if t.gap.strip() or t.sent != toks[k].sent or t.low in CUT_WORDS or t.low in ("and", "or", "since"):
            break
        held.append(t)
    held = [t for t in held if t.low not in DETERMINERS and t.low not in OWNER_PRONOUNS]
    return (title, held) if held else None


def _speaks_for(toks: list[Tok], m: int) -> bool:
    """Whether word m is "speaks for" someone, which makes the speaker their spokesperson ("speaks French"
    does not)."""
    return (
        toks[m].low == "speaks"
        and m + 1 < len(toks)
        and toks[m + 1].low == "for"
        and toks[m + 1].sent == toks[m].sent
        and not toks[m + 1].gap.strip()
    )


_LEFT = word_set("left quit resigned retired departed")
"""Verbs by which someone gives up the office the text gave them ("X, who left the company in June")."""
_SINCE = frozenset({"has", "had", "since", "later", "then", "recently", "subsequently", "also"})


def _relative_clause(toks: list[Tok], k: int) -> list[Tok]:
    """The words of the relative clause opening at word k (", who ... ,"), without "who"; [] when none."""
    if not 0 < k < len(toks) or toks[k].low != "who" or toks[k].gap.strip() != ",":
        return []
    out: list[Tok] = []
    for t in toks[k + 1 : k + 25]:
        if t.sent != toks[k].sent or t.gap.strip():
            break
        out.append(t)
    return out


def past_office(toks: list[Tok], k: int) -> tuple[list[str], bool]:
    """The offices a relative clause at word k says the person before it held in the past: the title
    after a plain "was" ("X, who leads the party and was mayor until 2019,": mayor), and whether it says
    they left the office the text gave them ("X, who left the company in June,", "who has since
    resigned"). ([], False) when it says neither."""
    clause = _relative_clause(toks, k)
    lows = [t.low for t in clause]
    n = 0
    while n < len(lows) and lows[n] in _SINCE:
        n += 1
    left = n < len(lows) and (lows[n] in _LEFT or lows[n : n + 2] == ["stepped", "down"])
    titles: list[str] = []
    for m, low in enumerate(lows):
        if low == "was" and (m == 0 or lows[m - 1] == "and"):
            titles += _title_words(lows[m + 1 : m + 6])
    return titles, left


_ONCE = frozenset({"once", "formerly", "previously", "briefly", "long"})


def _title_words(lows: list[str]) -> list[str]:
    """The title words opening a predicate after "was" ("the deputy mayor of X": deputy, mayor)."""
    while lows and (lows[0] in DETERMINERS or lows[0] in INDEFINITE or lows[0] in _ONCE):
        lows = lows[1:]
    run: list[str] = []
    for low in lows:
        if not (role_word(low) or low in ROLE_MODIFIERS):
            break
        run.append(low)
    return [w for w in run if role_word(w)]


_AGE_WORD = re.compile(r"(\d{1,3})[-‐](?:year|yr)[-‐]old")
"""An age written as one word ("54-year-old")."""


def age_word(t: Tok) -> int | None:
    m = _AGE_WORD.fullmatch(t.low)
    return int(m.group(1)) if m else None


def age_after(toks: list[Tok], j: int) -> int | None:
    """The age written right after the name ending at word j: "X, 54, ..." (a number set off by commas or
    closing the sentence), "X, aged 54", "X, who is 54"."""
    k = j + 1
    if k >= len(toks) or toks[k].sent != toks[j].sent or toks[k].gap.strip() != ",":
        return None
    if toks[k].low == "aged" or (toks[k].low == "who" and k + 1 < len(toks) and toks[k + 1].low == "is"):
        k += 1 if toks[k].low == "aged" else 2
        if k >= len(toks) or toks[k].gap.strip():
            return None
    t = toks[k]
    if not (t.text.isdigit() and 10 <= int(t.text) <= 120):
        return None
    end = k + 1 >= len(toks) or toks[k + 1].sent != t.sent or toks[k + 1].gap.strip()[:1] in (",", ".", ";")
    return int(t.text) if end else None


def age_before(toks: list[Tok], first: int) -> int | None:
    """The age in the words right before a name ("the 54-year-old chemist X", "54-year-old X")."""
    k = first
    while k > 0 and first - k < 4 and toks[k - 1].sent == toks[first].sent and not toks[k].gap.strip():
        k -= 1
        if toks[k].poss or verbish(toks[k]):
            return None  # "the 54-year-old's lawyer X": someone else's age; "The 52-year-old said X"
        age = age_word(toks[k])
        if age is not None:
            return age
    return None


def describes(t: Tok) -> bool:
    """A title or kin word, which makes the words beside a name describe that person."""
    return (role_word(t.low) and t.low.rstrip(".") not in HONORIFICS) or t.low in KIN_WORDS


def loose_head(seg: list[Tok]) -> Tok | None:
    """The head noun of a description the word lists do not know ("a retired nurse who ..." -> nurse)."""
    head: list[Tok] = []
    for t in seg[1:] if seg and (seg[0].low in DETERMINERS or seg[0].low in INDEFINITE) else seg:
        if t.low in CUT_WORDS or t.low in ("and", "or") or not (noun_like(t) or t.poss):
            break
        head.append(t)
    head = [t for t in head if not t.poss]
    return head[-1] if head and not head[-1].cap else None


_POSTNOMINAL = word_set("elect designate emeritus himself herself themselves there here alone")
"""Words that follow a title without being its head ("the president elect")."""


def after_relative(toks: list[Tok], k: int) -> Tok | None:
    """The word after the relative clause opening at word k ("who ..., is"): the first word after a comma
    in the same sentence, at most 20 words on; None when the clause closes no other way."""
    for t in toks[k + 1 : k + 21]:
        if t.sent != toks[k].sent:
            return None
        if t.gap.strip() == ",":
            return t
        if t.gap.strip():
            return None
    return None


AGENT_ENDINGS = ("er", "or", "ist", "ian", "man", "woman", "ant", "ent", "ee", "eer")
"""Endings of nouns for a person by what they do ("striker", "employee"), unlike "the festival"."""


def coordinated_titles(toks: list[Tok], first: int) -> list[list[Tok]]:
    """Titles joined by "and" before a name's own title, which opens at word `first` ("grandmaster and
    former world champion X"): the first conjunct, a singular person noun (a title or an agent noun, no
    body or group) with up to two qualifiers, that opens its phrase; [] when there is none."""
    k = first - 1
    seen = 0
    while (
        k > 0
        and seen < 4
        and toks[k].sent == toks[first].sent
        and not toks[k + 1].gap.strip()
        and not toks[k].cap
        and (toks[k].low in ROLE_MODIFIERS or noun_like(toks[k]) or role_word(toks[k].low))
    ):
        k -= 1
        seen += 1
    if k < 1 or toks[k].low != "and" or toks[k + 1].gap.strip() or toks[k].gap.strip():
        return []
    head = toks[k - 1]
    low = head.low
    person_noun = role_word(low) or (low.endswith(AGENT_ENDINGS) and len(low) > 4)
    if (
        head.cap
        or head.sent != toks[k].sent
        or not person_noun
        or not noun_like(head)
        or (low.endswith("s") and not low.endswith("ss"))
        or low in INSTITUTION_WORDS
        or low in GROUP_NOUNS
        or low in _TIME_NOUNS
    ):
        return []
    out = [head]
    m = k - 2
    while m >= 0 and len(out) < 3 and not toks[m + 1].gap.strip() and toks[m].sent == head.sent:
        t = toks[m]
        if t.cap or not (t.low in ROLE_MODIFIERS or (noun_like(t) and not t.poss)):
            break
        out.insert(0, t)
        m -= 1
    before = toks[m] if m >= 0 and toks[m].sent == head.sent and not toks[m + 1].gap.strip() else None
    if before is not None and (noun_like(before) or before.low in DETERMINERS or before.poss):
        return []  # the conjunct does not open its phrase, or is someone else ("the coach and captain X")
    return [out]


def appositive_before(toks: list[Tok], i0: int, j: int | None = None) -> tuple[list[Tok], bool]:
    """The description before a name it is set beside ("The mayor of Lindvik, Clara Ostrowski"), and
    whether its head is a noun the word lists do not know ("The chief conductor, X," read loosely: the
    name, ending at word j, must be closed by a comma, and the head be no time noun)."""
    if i0 == 0 or toks[i0].gap.strip() != "," or toks[i0 - 1].sent != toks[i0].sent:
        return [], False
    seg: list[Tok] = []
    k = i0 - 1
    while k >= 0 and len(seg) < 10 and toks[k].sent == toks[i0].sent:
        seg.append(toks[k])
        if toks[k].gap.strip():
            break
        k -= 1
    seg.reverse()
    closed = j is not None and j + 1 < len(toks) and toks[j + 1].sent == toks[j].sent
    last = j is not None and not closed  # "... and a house to her elder sister, X.": the name ends it
    if last or (closed and j is not None and toks[j + 1].gap.strip() == ","):
        # "He says the ship's master, Captain X, had ...": the description after a verb, set off by commas
        d = max((n for n, t in enumerate(seg) if n and t.low in DETERMINERS | OWNER_PRONOUNS), default=0)
        if d and (verbish(seg[d - 1]) or seg[d - 1].low in ("to", "by", "that")):
            seg = seg[d:]  # "... insisted that his top scorer, X, was": not the words before "that"
    roles = [t for t in seg if describes(t)]
    det = seg[0].low in DETERMINERS or seg[0].low in OWNER_PRONOUNS or seg[0].poss
    opens = det or seg[0].cap
    if roles and (opens or role_word(seg[0].low)):
        return seg, False
    if not det or j is None or j + 1 >= len(toks) or toks[j + 1].sent != toks[j].sent:
        return [], False
    head = loose_head(split_head(seg)[0])
    if toks[j + 1].gap.strip() != "," or head is None or head.low in _TIME_NOUNS:
        return [], False
    return seg, True


def role_parts(toks: list[Tok], *, loose: bool = False) -> tuple[str, str, set[str], set[str]]:
    """(role, affiliation, title words, folded words) of a title or apposition.

    The role is the last title noun with the qualifiers before it ("deputy foreign minister"); the
    affiliation is what comes before the role ("Russian Foreign Ministry spokeswoman"), else what
    follows "of"/"for"/"at" after it ("a spokeswoman for the council"). With `loose`, a description's
    head noun serves as the role when the word lists know none ("a retired nurse").
    """
    rel = next((n for n, t in enumerate(toks) if n and t.low in ("who", "which")), len(toks))
    toks = [t for t in toks[:rel] if t.low not in DETERMINERS and t.low not in INDEFINITE]
    words = {fold(t.text) for t in toks}
    titled = [i for i, t in enumerate(toks) if role_word(t.low) and t.low not in HONORIFICS]
    # the title is the last before "for"/"of" ...: "a spokeswoman for the president" is a spokeswoman
    cut = next((i for i, t in enumerate(toks) if t.low in _OF_WORDS and titled and titled[0] < i), len(toks))
    k = max((i for i in titled if i < cut), default=None)
    if k is None:
        head = loose_head(toks) if loose else None
        if head is None:
            return "", "", set(), words
        k = toks.index(head)
    elif (
        k + 2 == cut
        and noun_like(toks[k + 1])
        and not toks[k + 1].poss
        and toks[k + 1].low not in _POSTNOMINAL
    ):
        k += 1  # "chief conductor", "principal investigator": the last noun is the head
    j = k
    while (
        j > 0
        and not toks[j - 1].poss
        and (
            toks[j - 1].low in ROLE_MODIFIERS
            or (role_word(toks[j - 1].low) and toks[j - 1].low not in HONORIFICS)
        )
    ):
        j -= 1
    role_toks = toks[j : k + 1]
    before = [t for t in toks[:j] if t.low.rstrip(".") not in HONORIFICS]
    after: list[Tok] = []
    if k + 1 < len(toks) and toks[k + 1].low in _OF_WORDS:
        for t in toks[k + 2 :]:
            if t.low in CUT_WORDS or t.low in ("and", "or", "who", "which"):
                break
            after.append(t)
    aff = before or after
    titles = {t.low.rstrip(".") for t in role_toks}
    titles |= {p for t in role_toks for p in t.low.split("-") if p}
    return " ".join(t.low for t in role_toks), " ".join(t.text for t in aff), titles, words


def verbish(t: Tok) -> bool:
    low = t.low
    return not t.cap and (low in AUX or cue_lemma_guess(low) in CUE_KIND or low.endswith("ed"))


def split_head(seg: list[Tok]) -> tuple[list[Tok], list[Tok]]:
    """A segment's head phrase (up to "of", "for", "who" ...) and the rest."""
    for k, t in enumerate(seg):
        if k and t.low in CUT_WORDS:
            return seg[:k], seg[k:]
    return seg, []
