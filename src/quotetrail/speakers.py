"""Who each source is: mentions resolved to people and institutions inside a document, names merged across.

Reads a document's text and its attributions' source mentions; writes one `Resolution` per mention (speaker
name, kind, role, affiliation). No parse is needed: `people_table` reads the whole text once with regular
expressions and the word lists of `lexicon` (linear in its length) and records the named persons with the
titles, appositions, honorifics and offices ("X, who chairs the transport committee", "X was re-elected
president of Y", "grandmaster and former champion X") written around their names, and the named institutions.
`resolve_light` then resolves the mentions in text order: names and surnames to the person, pronouns to the
most recent compatible person (the previous speaker or a subject before a person merely mentioned, the last
sentence's speaker even when their gender is unknown, but a person the pronoun's own paragraph introduces
before a speaker of an earlier one; never a name inside quoted speech, nor, for a pronoun inside a quote, the
quote's speaker), descriptions ("the Syrian leader") to the person whose titles match (modifiers agreeing:
"the former premier" is not the premier; a title may be a noun the lists lack, given before the name: "The
chief conductor, X," is "the conductor") or, matching none, to the previous speaker the text introduced by
that description ("its leading composer. X told ...") or to the article's main subject when the headline uses
it ("the salvage master who ..."), an age ("the 54-year-old") to the person the text gave it ("X, 54,", "X,
who is 54") or else the latest person named, and institutions to a government, media outlet or organisation
("the company", "the club", "the bank", "the monthly", "the station" to the named one that spoke last or is
most often the subject; a short name to the fuller one used before: "the Evening Herald", "Brevik"; an outlet
is known by its kind, an apposition or a paper someone "told"; "the government in Kyiv" is Ukraine). Two
parties joined by "and" are no one speaker. A surname several relatives share goes to the one an honorific,
"the younger/elder" or a following pronoun points to, else to the one mentioned most recently. Groups ("some
Greens", "many residents", "residents of X") name no speaker. `trim_source` cuts a source span to a mention
(no line break, no dateline); `according_source`, `replier` and `nested_report` find the mention a source-less
relation's "according to X" or reply ('"No," came the answer') points to, and a report opening a reported
content ("...reported that X had told ..."), for the neural path. `resolve_document` resolves the rule
engine's sources the same way, adding the people spaCy's parse found.
`cluster_names` merges name variants across documents.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported only where a parse is used, so the fast path starts quickly
    from spacy.tokens import Doc

from .lexicon import (
    CLUB_WORDS,
    COMPANY_DESCRIPTIONS,
    COMPANY_WORDS,
    CUE_KIND,
    DEMONYM_OF,
    ELDER_KIN,
    FEMALE_WORDS,
    GENERIC_SOURCES,
    GOVERNMENT_PHRASES,
    GOVERNMENT_WORDS,
    GROUP_NOUNS,
    HONORIFICS,
    KIN_WORDS,
    MALE_WORDS,
    MEDIA_NAMES,
    MEDIA_WORDS,
    NAME_PARTICLES,
    ORG_WORDS,
    PARTY_WORDS,
    PERSON_ROLES,
    PLACE_GROUP_NOUNS,
    PLACES,
    QUANTIFIERS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    ROLE_SYNONYMS,
    SECTOR_DESCRIPTIONS,
    SPECIALTY_TITLES,
    YOUNGER_KIN,
    cue_lemma_guess,
    word_set,
)
from .types import Span as Offsets

PERSON = "person"
ORG = "organisation"
GOVERNMENT = "government"
MEDIA = "media"
UNKNOWN = "unknown"


@dataclass
class Resolution:
    """A source mention's speaker: display name ('' when the text does not say who), kind (one of
    types.SPEAKER_KINDS, the class of the mention when unnamed), and for a person the role and
    affiliation the document gives them."""

    name: str
    kind: str
    role: str = ""
    affiliation: str = ""


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


_DATE = r"(?:,\s*[A-Z][a-z]{1,4}\.)?,\s*[A-Z][a-z]{2,8}\.?\s\d{1,2}(?:,\s*\d{4})?"
_AGENCY = r"\s*\([^()\n]{1,40}\)"
_DATELINE = re.compile(
    rf"(?:[A-Z][A-Z'’.\-]+(?:\s[A-Z][A-Z'’.\-]+)*(?:{_DATE})?(?:{_AGENCY})?"
    rf"|[A-Z][\w'’.\-]+(?:\s[A-Z][\w'’.\-]+){{0,3}}(?:{_DATE}(?:{_AGENCY})?|{_AGENCY}))"
    r"\s*(?:—|–|--|-)\s*"
)
"""A dateline opening an article's first paragraph: "CITY, March 3 —", "CITY, St., Oct. 4 (Agency) —",
"CITY (Agency) —", "City, May 3 --"."""


def trim_source(text: str, span: Offsets) -> Offsets | None:
    """A source span cut to what can name a speaker: a mention never spans a paragraph or line break, so
    only the part after the last one stays, without a leading dateline ("headline\n\nCITY, March 3 —
    Name" -> "Name"); None when nothing is left."""
    s, e = span
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    cut = text.rfind("\n", s, e)
    if cut >= 0:
        s = cut + 1
        while s < e and text[s].isspace():
            s += 1
    m = _DATELINE.match(text, s, e)
    if m:
        s = m.end()
    return (s, e) if any(ch.isalpha() for ch in text[s:e]) else None


_ACCORDING_AFTER = re.compile(r"[ \t]*,?[ \t]*according to[ \t]+", re.IGNORECASE)
_ACCORDING_BEFORE = re.compile(r"according to[ \t]+([^,;:!?()\n\"“”]{1,80}),[ \t]*$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:!?()\n\"“”]|\.(?=\s|$)")


def _mention_after(text: str, start: int) -> Offsets | None:
    """The words from `start` to the end of their clause (a comma, a full stop that is no abbreviation's),
    at most eight of them."""
    pos = start
    while m := _CLAUSE_END.search(text, pos, start + 100):
        words = text[start : m.start()].split()
        if m.group(0) == "." and words and (len(words[-1]) == 1 or words[-1].lower() in _ABBREVIATIONS):
            pos = m.end()
            continue
        return (start, m.start()) if 0 < len(words) <= 8 else None
    return None


def according_source(text: str, content: Sequence[Offsets]) -> Offsets | None:
    """The mention an "according to" right beside a content names ("..., according to X." or "According
    to X, ..."), for a content the tagger gave no source; None when there is none."""
    if not content:
        return None
    start, end = min(s for s, _ in content), max(e for _, e in content)
    m = _ACCORDING_AFTER.match(text, end)
    if m:
        return _mention_after(text, m.end())
    lo = max(0, text.rfind("\n", 0, start) + 1, start - 120)
    m = _ACCORDING_BEFORE.search(text, lo, start)
    return m.span(1) if m and len(m.group(1).split()) <= 8 else None


_REPLY = re.compile(
    r"""[\s,"”’']*(?:came|was)[ \t]+(?:the|his|her|their)[ \t]+(?:reply|answer|response|retort)\b"""
)
_NAME_RUN = r"(?:[A-Z][\w'’.\-]*[ \t]+){0,3}[A-Z][\w'’\-]*"
_ASKED = re.compile(
    rf"\b(?P<subj>{_NAME_RUN}|[Hh]e|[Ss]he)[ \t]+(?:was|were|had been)[ \t]+asked\b"
    rf"|\basked[ \t]+(?P<obj>{_NAME_RUN})"
)


def replier(text: str, content: Sequence[Offsets]) -> Offsets | None:
    """For a reply with no source of its own ('"No," came the answer'), the mention of the one asked just
    before it in its paragraph ("X was asked ...", "... asked X ..."); None when it is not such a reply."""
    if not content:
        return None
    start, end = min(s for s, _ in content), max(e for _, e in content)
    if not _REPLY.match(text, end):
        return None
    lo = max(text.rfind("\n", 0, start) + 1, start - 400)
    found = list(_ASKED.finditer(text, lo, start))
    if not found:
        return None
    m = found[-1]
    group = "subj" if m.group("subj") else "obj"
    return m.span(group)


_NESTED = re.compile(
    rf"(?:that[ \t]+)?(?P<src>(?P<desc>[Tt]he[ \t]+[a-z][\w\-]*)|{_NAME_RUN}|he|she)[ \t]+"
    rf"(?P<cue>(?:had[ \t]+|has[ \t]+)?(?P<verb>[a-z]+))[ \t]+"
)
_NESTED_THOUGHT = word_set("believe think fear doubt suspect")
_OBJECT_VERBS = frozenset({"tell", "inform", "assure", "warn", "remind", "advise", "promise"})
_CLAUSE_VERBS = (
    _OBJECT_VERBS
    | word_set(
        """say claim insist admit deny argue assert state announce explain report confirm suggest add
    acknowledge allege complain predict reveal note write"""
    )
    | _NESTED_THOUGHT
)
"""Reporting verbs whose object is a clause ("had said (that) ..."), the only ones a nested report opens."""


def _describes_speaker(desc: str) -> bool:
    """Whether "the <noun>" opening a reported content can be a source: a person's title or a body's head
    ("the insurer", "the minister"), not a thing ("the price", "the plan")."""
    low = desc.split()[-1].lower()
    return _role_word(low) or low in _INSTITUTION_WORDS or low in _COMPANY_HEADS or low in _MEDIA_HEADS


_CLAUSE_SUBJECTS = frozenset({"he", "she", "they", "it", "we", "i", "the", "that"})


def nested_report(text: str, content: Sequence[Offsets]) -> tuple[Offsets, Offsets, Offsets] | None:
    """A report that opens a reported content ("X reported that Y had told aides he would ...", "The
    insurer believes the bid is too low, according to ..."): (source, cue, content) of the inner one, so
    that its words go to Y, not to X; None when the content does not open so. The inner source is a name,
    he or she, or "the" with a title or a body's head noun."""
    if not content:
        return None
    start, end = content[0]
    m = _NESTED.match(text, start, end)
    if not m or (not m.group("desc") and m.group("src").split()[0].lower() in _NOT_NAME - {"he", "she"}):
        return None
    verb = m.group("verb")
    lemma = cue_lemma_guess(verb)
    present = verb.endswith("s") and m.group("cue") == verb  # "the insurer believes the price ..."
    if lemma not in _CLAUSE_VERBS or not (
        verb.endswith("ed") or verb in ("said", "told", "wrote") or present
    ):
        return None
    if m.group("desc") and (lemma in _OBJECT_VERBS or not _describes_speaker(m.group("desc"))):
        return None
    rest = m.end()
    words = list(re.finditer(r"[\w'’\-]+", text[rest:end]))[:5]
    objects = 1 if lemma in _OBJECT_VERBS else 0  # "told aides (that) he ...": past the object
    at = next(
        (k for k, w in enumerate(words) if w.group(0).lower() in _CLAUSE_SUBJECTS and k >= objects), None
    )
    if at is None or (objects and at > 3) or (not objects and at):
        return None  # no clause follows ("had asked for a call", "had emailed the team")
    rest += words[at].start()
    inner = (rest, end)  # a "that" opening the inner content stays in it, as annotators mark contents
    if len(text[rest:end].split()) < 3:
        return None
    return m.span("src"), m.span("cue"), inner


# --- words -------------------------------------------------------------------------------------------------

_NOT_NAME = word_set(
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
_NEVER_NAME = word_set(
    """nations republic kingdom states emirates islands avenue road square stadium hotel museum library
    cathedral airport station harbour river sea ocean gulf province region county city district territory
    territories day war wars cup act treaty accord agreement summit forum talks olympics festival conference
    affairs rights island mosque church temple university college school hospital house hurricane typhoon
    cyclone"""
)
"""Capitalised words of places, events and documents, never part of a person's name."""
_NOT_NAME_START = word_set(
    """new north south east west san santa los las saint st fort mount cape united islamic human
    international global world national federal middle central northern southern eastern western upper
    lower greater great grand royal holy old"""
)
"""First words of place and body names ("New York", "United Nations"); a person's name never starts so."""
_OPENERS = word_set(
    """unlike beyond whether instead perhaps maybe indeed overall worse better even just only unless
    including given amid against within throughout toward towards regarding following although
    nevertheless nonetheless otherwise besides once twice already rather almost again so thus hence
    like while whereas why where when what whatever whoever however because since though"""
)
"""Sentence openers (beyond _NOT_NAME) that a capital makes look like a first name ("Unlike Trump")."""
_MONTH_NAMES = frozenset({"may", "march", "april", "june", "august"})
"""Months that are also names ("Theresa May"): part of a name only right after a name word."""
_PARTICLES = NAME_PARTICLES | {"bin", "ibn", "dos", "das", "del", "della", "van", "von", "ter", "ten", "abu"}
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "our"})
_INDEFINITE = frozenset({"a", "an", "one", "another", "some", "any", "several", "many", "two", "three"})
_CUT_WORDS = frozenset(
    {"of", "for", "to", "at", "in", "from", "with", "on", "by", "who", "which", "that", "whose"}
)
"""Words that end a description's head phrase ("the mayor | of Lindvik", "officials | who ...")."""
_AUX = word_set(
    """has had have is was were are will would could can may might must should did does do also then
    later again further recently previously repeatedly"""
)
_ABBREVIATIONS = HONORIFICS | {"st", "jr", "sr", "inc", "corp", "ltd", "co", "vs", "mt", "ft", "dept"}
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
_CONTRACTED = frozenset({"it", "that", "he", "she", "there", "what", "let", "who", "where", "here", "how"})
"""Words whose "'s" is "is" or "us", not a possessive."""
_INSTITUTION_WORDS = GOVERNMENT_WORDS | ORG_WORDS | MEDIA_WORDS
_SEATS = frozenset(
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
_LESSER = frozenset({"vice", "deputy", "former", "acting", "assistant", "junior", "prime", "under"})
"""Title words that make another office of a role ("the minister" is seldom the prime minister)."""
_LOCALITIES = frozenset(
    {"city", "town", "village", "municipality", "borough", "county", "region", "province"}
)
_NATIONS = frozenset({"country", "nation"})
_MEDIA_HEADS = MEDIA_WORDS | {"paper", "station", "site"}
"""Heads of outlets; "paper", "station" and "site" only as a description ("the paper", "the station" that
reported something, "news site X"), a company may be "X Paper", a place "X Station"."""
_PLURAL_ENDINGS = ("ers", "men", "ists", "ians", "ants", "ents", "ors", "ees", "people")
_PLACE_PREPOSITIONS = frozenset({"in", "of", "from", "near", "outside", "across", "around", "at", "to"})
_COMPANY_HEADS = word_set(
    """company firm corporation operator maker manufacturer producer supplier provider retailer carrier
    insurer lender group conglomerate utility business"""
)
"""Descriptions of a company, which may stand for a firm named with no company word ("the company")."""
_NOT_COMPANIES = (ORG_WORDS - _COMPANY_HEADS - COMPANY_WORDS) | {"bank"}
"""Bodies that "the company" does not stand for (a union, a club, a bank)."""
_CLUB_HEADS = frozenset({"club", "team"})
_SEATED = frozenset({"government", "administration", "regime", "authorities", "cabinet", "junta"})
"""Bodies that "in <capital>" names by their state ("the government in Kyiv"), unlike an embassy there."""
_AGREE = frozenset({"former", "ex", "deputy", "vice", "acting", "interim", "assistant", "junior", "outgoing"})
"""Modifiers a description and a person's title must share ("the former premier" is not the premier)."""
_PAST = frozenset({"former", "ex", "retired"})
_OF_WORDS = frozenset({"of", "for", "at", "to", "with"})
"""Words after a title that tie it to whom or where ("a spokeswoman for the president")."""
_OFFICE_VERBS = word_set(
    """led ran headed governed served chaired ruled managed coached captained presided founded"""
)
"""Verbs that give someone an office without a title ("X led the province until 2002")."""
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
_LOCATIVE = frozenset({"in", "at", "near", "outside", "across", "around", "inside"})
"""Prepositions after which a name is where a group is, not who it is ("fans' groups in X")."""
_OWNER_PRONOUNS = frozenset({"his", "her", "their", "its"})
"""Possessives in a description that point at someone else ("Her father, X" is a man)."""
_AGE_HINTS = {"younger": "younger", "elder": "elder", "older": "elder"}
_HONORIFIC_TITLES = {"dr": "doctor", "sen": "senator", "rep": "representative", "gov": "governor",
                      "gen": "general", "col": "colonel", "lt": "lieutenant", "sgt": "sergeant",
                      "capt": "captain", "adm": "admiral", "prof": "professor",
                      "pres": "president"}  # fmt: skip
"""Abbreviated titles and the title they stand for ("Sen. X" is "the senator")."""
_HONORIFIC_GENDER = {"ms": "f", "mrs": "f", "miss": "f", "madam": "f", "madame": "f", "dame": "f",
                     "lady": "f", "mr": "m", "sir": "m", "lord": "m"}  # fmt: skip
_LOOKBACK = 4
"""Sentences a pronoun looks back for a subject before it settles for the previous speaker."""


def _gender_of(words: Iterable[str]) -> str | None:
    ws = set(words)
    if ws & FEMALE_WORDS:
        return "f"
    if ws & MALE_WORDS:
        return "m"
    return None


def _place(word: str) -> str | None:
    """The state a word names, is the adjective of, or has as capital ("Syrian" -> "Syria")."""
    hit = PLACES.get(word.lower().rstrip("."), None) or PLACES.get(word.lower(), None)
    return hit[0] if hit else None


def _fold(word: str) -> str:
    """A description word folded for matching: a place word becomes its state, else lower case."""
    return _place(word) or word.lower().strip(".’'")


def _role_word(low: str) -> bool:
    """A person's title noun, whole or as part of a hyphenated title ("secretary-general")."""
    low = low.rstrip(".")
    return (
        low in PERSON_ROLES
        or low in HONORIFICS
        or (low.endswith("s") and low[:-1] in PERSON_ROLES)
        or any(p in PERSON_ROLES for p in low.split("-") if p)
    )


def _kind_of_words(words: Iterable[str]) -> str | None:
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
    particle-led surname, "al-Assad") or an acronym."""

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
    return bool(rest) and head.lower() in _PARTICLES and rest[:1].isupper()


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
            poss = True  # "Mattis' remarks"
            e += 1
        gap = text[prev_end:s]
        if out and gap != " ":
            g = gap.strip()[:1]
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
    return "." in base or len(base) == 1 or base.lower() in _ABBREVIATIONS


# --- the document's people table ------------------------------------------------------------------------


@dataclass
class Person:
    """One person named in a document, with what the text says about them."""

    name: str
    key: tuple[str, ...]
    titles: set[str] = field(default_factory=set)
    """Words of the titles the text gives them, lower case ("deputy", "foreign", "minister")."""
    words: set[str] = field(default_factory=set)
    """Title and affiliation words folded (places as their state), to match "the Syrian leader"."""
    gender: str | None = None
    role: str = ""
    affiliation: str = ""
    age: int | None = None
    """The age the text gives them ("X, 54,", "X, who is 54", "the 54-year-old X"), for "the 54-year-old"."""


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


def _name_like(toks: list[Tok], k: int, first: int) -> bool:
    """Whether word k (of a run starting at `first`) can be part of a person's name."""
    t = toks[k]
    low = t.low
    if not t.cap:
        return low in _PARTICLES and k > first
    if t.acronym or t.text[0].isdigit() or low.rstrip(".") in HONORIFICS:
        return False
    if low in _NOT_NAME:
        return low in _MONTH_NAMES and k > first and toks[k - 1].cap and toks[k - 1].low not in _NOT_NAME
    if (
        _role_word(low)
        or low in _INSTITUTION_WORDS
        or low in ROLE_MODIFIERS
        or _place(low)
        or low in _NEVER_NAME
        or low in PARTY_WORDS
        or low in COMPANY_WORDS
        or low in CLUB_WORDS
    ):
        return False
    parts = [p for p in re.split(r"[-‐]", low) if p]
    prefixed = parts[0] in {"pro", "anti", "ex", "non", "post", "pre", "neo", "self", "then"}
    return len(parts) < 2 or not (prefixed or any(_place(p) or p in _INSTITUTION_WORDS for p in parts))


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
            and (not toks[j].poss or toks[j + 1].low in _INSTITUTION_WORDS | _NEVER_NAME)
            and toks[j + 1].sent == toks[j].sent
            and not toks[j + 1].gap.strip()
            and (toks[j + 1].cap or (toks[j + 1].low in _PARTICLES and j + 2 < n and toks[j + 2].cap))
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


def _prefix(toks: list[Tok], i0: int) -> list[Tok]:
    """The title words written right before a name ("Russian Foreign Ministry spokeswoman")."""
    out: list[Tok] = []
    i = i0 - 1
    while i >= 0 and len(out) < 8:
        t, nxt = toks[i], toks[i + 1]
        if t.sent != nxt.sent or nxt.gap.strip() or t.low in _DETERMINERS:
            break
        if t.cap or _role_word(t.low) or t.low in ROLE_MODIFIERS or t.poss:
            out.append(t)
            i -= 1
            continue
        if t.low in ("of", "for", "to") and out and out[-1].cap and i > 0 and _role_word(toks[i - 1].low):
            out.append(t)
            i -= 1
            continue
        if i == i0 - 1 and _noun_like(t) and not (i > 0 and toks[i - 1].low in _AUX):
            out.append(t)  # a zero-article title the word lists lack ("challenger Erik Halden"), not a
            # verb after an auxiliary ("would meet X")
        break
    out.reverse()
    return out


def _noun_like(t: Tok) -> bool:
    """A lower-case word that may be a noun: not a function word, a verb form or an adverb."""
    low = t.low
    return (
        not t.cap
        and low.isalpha()
        and len(low) > 3
        and low not in _NOT_NAME
        and low not in _AUX
        and low not in _CUT_WORDS
        and low not in _OPENERS
        and low not in _PLACE_PREPOSITIONS
        and low not in _LOCATIVE
        and cue_lemma_guess(low) not in CUE_KIND
        and not low.endswith(("ed", "ly", "ing"))
    )


def _appositive_after(toks: list[Tok], j: int) -> tuple[list[Tok], int]:
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
    if timed and any(_describes(t) for t in seg[timed:]):
        return seg[timed:], k  # "X, for a decade the board's envoy," / "X, now the party's treasurer,"
    det = seg[0].low in _DETERMINERS | _INDEFINITE | _OWNER_PRONOUNS or seg[0].poss
    role = any(_describes(t) for t in seg)
    if not (role or (det and _loose_head(seg))):
        return [], j + 1
    if not (det or _role_word(seg[0].low) or seg[0].low in ROLE_MODIFIERS or seg[0].cap):
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


def _predicate_office(toks: list[Tok], k: int) -> list[Tok]:
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
    elif not (be and be[-1] == "is" and aux[-1] == "is"):
        return []  # "X is president of ...": "is" right before the title
    if k < n and toks[k].low in ("the", "its", "their", "a", "an") and toks[k].sent == sent:
        k += 1
    title: list[Tok] = []
    while k < n and toks[k].sent == sent and not toks[k].gap.strip() and len(title) < 5:
        t = toks[k]
        if not (_role_word(t.low) or t.low in ROLE_MODIFIERS or (not t.cap and _noun_like(t))):
            break
        title.append(t)
        k += 1
    while title and not _role_word(title[-1].low):
        title.pop()
    if not title or (len(title) == 1 and title[0].low in ROLE_MODIFIERS and not _role_word(title[0].low)):
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


def _relative_office(toks: list[Tok], k: int) -> tuple[str, list[Tok]] | None:
    """The title a relative clause at word k gives the name before it, with the words of what it holds
    ("X, who chairs the transport committee," -> chair of "transport committee"; "who has run the water
    department" -> head); None when there is none ("who led the party until 2002" is past)."""
    if not 0 < k < len(toks) or toks[k].low != "who" or toks[k].gap.strip() != ",":
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
    if title is None:
        return None
    held: list[Tok] = []
    for t in toks[m + 1 : m + 8]:
        if t.gap.strip() or t.sent != toks[k].sent or t.low in _CUT_WORDS or t.low in ("and", "or", "since"):
            break
        held.append(t)
    held = [t for t in held if t.low not in _DETERMINERS and t.low not in _OWNER_PRONOUNS]
    return (title, held) if held else None


_AGE_WORD = re.compile(r"(\d{1,3})[-‐](?:year|yr)[-‐]old")
"""An age written as one word ("54-year-old")."""


def _age_word(t: Tok) -> int | None:
    m = _AGE_WORD.fullmatch(t.low)
    return int(m.group(1)) if m else None


def _age_after(toks: list[Tok], j: int) -> int | None:
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


def _age_before(toks: list[Tok], first: int) -> int | None:
    """The age in the words right before a name ("the 54-year-old chemist X", "54-year-old X")."""
    k = first
    while k > 0 and first - k < 4 and toks[k - 1].sent == toks[first].sent and not toks[k].gap.strip():
        k -= 1
        if toks[k].poss:
            return None  # "the 54-year-old's lawyer X": someone else's age
        age = _age_word(toks[k])
        if age is not None:
            return age
    return None


def _describes(t: Tok) -> bool:
    """A title or kin word, which makes the words beside a name describe that person."""
    return (_role_word(t.low) and t.low.rstrip(".") not in HONORIFICS) or t.low in KIN_WORDS


def _loose_head(seg: list[Tok]) -> Tok | None:
    """The head noun of a description the word lists do not know ("a retired nurse who ..." -> nurse)."""
    head: list[Tok] = []
    for t in seg[1:] if seg and (seg[0].low in _DETERMINERS or seg[0].low in _INDEFINITE) else seg:
        if t.low in _CUT_WORDS or t.low in ("and", "or") or not (_noun_like(t) or t.poss):
            break
        head.append(t)
    head = [t for t in head if not t.poss]
    return head[-1] if head and not head[-1].cap else None


_POSTNOMINAL = word_set("elect designate emeritus himself herself themselves there here alone")
"""Words that follow a title without being its head ("the president elect")."""


def _after_relative(toks: list[Tok], k: int) -> Tok | None:
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


_AGENT_ENDINGS = ("er", "or", "ist", "ian", "man", "woman", "ant", "ent", "ee", "eer")


def _coordinated_titles(toks: list[Tok], first: int) -> list[list[Tok]]:
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
        and (toks[k].low in ROLE_MODIFIERS or _noun_like(toks[k]) or _role_word(toks[k].low))
    ):
        k -= 1
        seen += 1
    if k < 1 or toks[k].low != "and" or toks[k + 1].gap.strip() or toks[k].gap.strip():
        return []
    head = toks[k - 1]
    low = head.low
    person_noun = _role_word(low) or (low.endswith(_AGENT_ENDINGS) and len(low) > 4)
    if (
        head.cap
        or head.sent != toks[k].sent
        or not person_noun
        or not _noun_like(head)
        or (low.endswith("s") and not low.endswith("ss"))
        or low in _INSTITUTION_WORDS
        or low in GROUP_NOUNS
        or low in _TIME_NOUNS
    ):
        return []
    out = [head]
    m = k - 2
    while m >= 0 and len(out) < 3 and not toks[m + 1].gap.strip() and toks[m].sent == head.sent:
        t = toks[m]
        if t.cap or not (t.low in ROLE_MODIFIERS or (_noun_like(t) and not t.poss)):
            break
        out.insert(0, t)
        m -= 1
    before = toks[m] if m >= 0 and toks[m].sent == head.sent and not toks[m + 1].gap.strip() else None
    if before is not None and (_noun_like(before) or before.low in _DETERMINERS or before.poss):
        return []  # the conjunct does not open its phrase, or is someone else ("the coach and captain X")
    return [out]


def _appositive_before(toks: list[Tok], i0: int, j: int | None = None) -> tuple[list[Tok], bool]:
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
    if closed and j is not None and toks[j + 1].gap.strip() == ",":
        # "He says the ship's master, Captain X, had ...": the description after a verb, set off by commas
        d = max((n for n, t in enumerate(seg) if n and t.low in _DETERMINERS), default=0)
        if d and (_verbish(seg[d - 1]) or seg[d - 1].low in ("to", "by")):
            seg = seg[d:]
    roles = [t for t in seg if _describes(t)]
    det = seg[0].low in _DETERMINERS or seg[0].low in _OWNER_PRONOUNS or seg[0].poss
    opens = det or seg[0].cap
    if roles and (opens or _role_word(seg[0].low)):
        return seg, False
    if not det or j is None or j + 1 >= len(toks) or toks[j + 1].sent != toks[j].sent:
        return [], False
    head = _loose_head(_head_part(seg)[0])
    if toks[j + 1].gap.strip() != "," or head is None or head.low in _TIME_NOUNS:
        return [], False
    return seg, True


def _role_parts(toks: list[Tok], *, loose: bool = False) -> tuple[str, str, set[str], set[str]]:
    """(role, affiliation, title words, folded words) of a title or apposition.

    The role is the last title noun with the qualifiers before it ("deputy foreign minister"); the
    affiliation is what comes before the role ("Russian Foreign Ministry spokeswoman"), else what
    follows "of"/"for"/"at" after it ("a spokeswoman for the council"). With `loose`, a description's
    head noun serves as the role when the word lists know none ("a retired nurse").
    """
    toks = [t for t in toks if t.low not in _DETERMINERS and t.low not in _INDEFINITE]
    words = {_fold(t.text) for t in toks}
    titled = [i for i, t in enumerate(toks) if _role_word(t.low) and t.low not in HONORIFICS]
    # the title is the last before "for"/"of" ...: "a spokeswoman for the president" is a spokeswoman
    cut = next((i for i, t in enumerate(toks) if t.low in _OF_WORDS and titled and titled[0] < i), len(toks))
    k = max((i for i in titled if i < cut), default=None)
    if k is None:
        head = _loose_head(toks) if loose else None
        if head is None:
            return "", "", set(), words
        k = toks.index(head)
    elif (
        k + 2 == cut
        and _noun_like(toks[k + 1])
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
            or (_role_word(toks[j - 1].low) and toks[j - 1].low not in HONORIFICS)
        )
    ):
        j -= 1
    role_toks = toks[j : k + 1]
    before = [t for t in toks[:j] if t.low.rstrip(".") not in HONORIFICS]
    after: list[Tok] = []
    if k + 1 < len(toks) and toks[k + 1].low in _OF_WORDS:
        for t in toks[k + 2 :]:
            if t.low in _CUT_WORDS or t.low in ("and", "or", "who", "which"):
                break
            after.append(t)
    aff = before or after
    titles = {t.low.rstrip(".") for t in role_toks}
    titles |= {p for t in role_toks for p in t.low.split("-") if p}
    return " ".join(t.low for t in role_toks), " ".join(t.text for t in aff), titles, words


def _verbish(t: Tok) -> bool:
    low = t.low
    return not t.cap and (low in _AUX or cue_lemma_guess(low) in CUE_KIND or low.endswith("ed"))


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
        role, aff, titles, words = _role_parts(desc, loose=loose)
        p = persons[idx]
        lows = [t.low.rstrip(".") for t in desc]
        titles |= {SPECIALTY_TITLES[w] for w in lows if w in SPECIALTY_TITLES}  # "head of surgery": a surgeon
        titles |= {_HONORIFIC_TITLES[w] for w in lows if w in _HONORIFIC_TITLES}  # "Dr X": the doctor
        p.titles |= titles
        p.words |= words | {_fold(w) for w in aff.split()}
        if role and not p.role:
            p.role, p.affiliation = role, aff
        elif aff and not p.affiliation:
            p.affiliation = aff
        g = _gender_of(w for w in lows if w not in _OWNER_PRONOUNS)
        if g and not p.gender:
            p.gender = g

    def hold(idx: int, title: str, held: list[Tok]) -> None:
        p = persons[idx]
        p.titles.add(title)
        p.words |= {title} | {_fold(t.text) for t in held}
        if not p.role:
            p.role, p.affiliation = title, " ".join(t.text for t in held)

    def add_mention(
        idx: int, i0: int, j: int, *, alts: tuple[int, ...] = (), hint: str | None = None
    ) -> None:
        pre = _prefix(toks, i0)
        first = i0 - len(pre)
        app, after = _appositive_after(toks, j)
        if not alts:  # a shared surname's words describe whoever the resolver picks, not the guess
            if pre:
                describe(idx, pre, loose=len(pre) == 1)
            if app:
                describe(idx, app, loose=True)
            before, loose = _appositive_before(toks, first, j)
            if before:
                describe(idx, before, loose=loose)
            office = _relative_office(toks, after)
            if office:
                hold(idx, *office)
            elected = _predicate_office(toks, after)
            if elected:
                describe(idx, elected)
            for extra in _coordinated_titles(toks, first) if pre else ():
                describe(idx, extra, loose=True)
            age = (
                _age_after(toks, j)
                or _age_before(toks, first)
                or next((a for t in before if (a := _age_word(t)) is not None), None)
            )
            if age is not None and persons[idx].age is None:
                persons[idx].age = age
        nxt = toks[after] if after < len(toks) and toks[after].sent == toks[j].sent else None
        if nxt is not None and nxt.low == "who" and nxt.gap.strip() == ",":
            nxt = _after_relative(toks, after)  # "X, who farms with her brothers, is": the verb after
        lead = toks[first]
        at_start = first == 0 or toks[first - 1].sent != lead.sent or toks[first - 1].low in ("and", "but")
        subject = (
            not toks[j].poss and not _titles_another(toks, j) and (bool(nxt and _verbish(nxt)) or at_start)
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
        while lead < j and toks[lead].low in _NOT_NAME:
            lead += 1
        if j > lead and (toks[lead].low in CLUB_WORDS or toks[j].low in CLUB_WORDS | COMPANY_WORDS):
            _add_institution(text, toks, lead, j, institutions, headlines)
            continue  # "Sporting X", "X Chemicals": a club or a firm
        start = j
        if j > i and _place(toks[j].low) and not toks[j].acronym and _name_like(toks, j - 1, i):
            start -= 1  # "Jim Jordan": a surname that is also a state's name
        while start >= i and _name_like(toks, start, i):
            start -= 1
        start += 1
        if i < start <= j and _titled_place_name(toks, start - 1):
            start -= 1  # "Labour Minister Georgia X": after a title, a state's name is a first name
        while start <= j and toks[start].low in _PARTICLES:
            start += 1
        if (
            start < j
            and (start == 0 or toks[start - 1].sent != toks[start].sent)
            and _opener(toks[start].low)
        ):
            start += 1  # "Unlike Trump, ...", "Injecting Clinton": a common word opening the sentence
        if (
            i < start <= j
            and toks[start - 1].low in MEDIA_WORDS
            and not any(_role_word(t.low) for t in toks[i : j + 1])
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
        if size >= 3 and _opens_with_title(toks, start):
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
            titled = start > 0 and _role_word(toks[start - 1].low) and not toks[start].gap.strip()
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
        and not _verbish(nxt)
        and nxt.low not in _NOT_NAME | _CUT_WORDS | _MEDIA_HEADS
    )
    if noun and not toks[j].poss:
        return False  # "told the Brask family", "told the Lund inquiry": the name qualifies a noun
    last = toks[j].low
    if last in FEMALE_WORDS | MALE_WORDS or (last.endswith("s") and not last.endswith("ss")):
        return False  # "told the Duke", "told the Smiths": a person or a group
    return all(_name_like(toks, k, i) or (k > i and toks[k].acronym) for k in range(i, j + 1))


def _name_number(toks: list[Tok], k: int) -> bool:
    """Whether word k is a number ending the name before it ("Radio X 3"): one to three digits in the same
    sentence, no punctuation before it, and no unit or noun after it ("Radio X 3 percent")."""
    t = toks[k]
    if not (t.text.isdigit() and len(t.text) <= 3 and not t.gap.strip() and t.sent == toks[k - 1].sent):
        return False
    nxt = toks[k + 1] if k + 1 < len(toks) and toks[k + 1].sent == t.sent else None
    return nxt is None or bool(nxt.gap.strip()) or _verbish(nxt) or nxt.low in _AUX


def _titles_another(toks: list[Tok], j: int) -> bool:
    """Whether the name ending at word j opens another person's title ("X campaign manager Y"), which makes
    it no subject of its clause."""
    k = j + 1
    while k < len(toks) and k - j <= 4 and toks[k].sent == toks[j].sent and not toks[k].gap.strip():
        t = toks[k]
        if t.cap:
            return k > j + 1 and any(_role_word(x.low) for x in toks[j + 1 : k])
        if not (_role_word(t.low) or t.low in ROLE_MODIFIERS or _noun_like(t)):
            return False
        k += 1
    return False


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
        and _role_word(title.low)
        and not title.poss
    )


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
        and body.low in _INSTITUTION_WORDS
        and not any(_role_word(t.low) for t in toks[i : j + 1])
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
        rest = [w for w in words if w.lower() not in CLUB_WORDS | COMPANY_WORDS | _INSTITUTION_WORDS]
        if len(rest) == 1:
            short[rest[0]].append(body)
    club_sents = {t.sent for t in toks if t.low in ("club", "clubs") or t.low.startswith("club-")}
    lower = set(re.findall(r"(?<![\w-])[a-z][\w'’-]*", text))

    def before(k: int) -> str:
        return toks[k - 1].low if k and toks[k - 1].sent == toks[k].sent else ""

    def eligible(k: int) -> bool:
        t = toks[k]
        common = t.low in _NOT_NAME or t.low in lower or before(k) in _OPENERS
        return not (common or t.low in person_words or _place(t.text))

    for k in singles:
        t = toks[k]
        if t.text not in short and t.sent in club_sents and eligible(k) and before(k) not in _LOCATIVE:
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
        b.subject = opens or bool(nxt and (_verbish(nxt) or nxt.low in _AUX))


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
            else _place(t.text)
            if not t.acronym or t.low in PLACES
            else None
        )
        if state:
            out.append((t.start, state, True))
    named = {m.start for m in mentions}
    for k, _titled in singles:
        t = toks[k]
        after_preposition = k and toks[k - 1].low in _PLACE_PREPOSITIONS and not t.gap.strip()
        if after_preposition and t.start not in named and not _place(t.text) and not t.quoted:
            out.append((t.start, t.text, False))
    out.sort()
    return out


def _opens_with_title(toks: list[Tok], k: int) -> bool:
    """Whether word k opens its sentence and reads as an agent noun ("Librarian", "Economist")."""
    first = k == 0 or toks[k - 1].sent != toks[k].sent
    return first and toks[k].low.endswith(("ian", "ist", "er", "or")) and len(toks[k].low) > 5


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
    return low in _NOT_NAME or low in _AUX or low in _OPENERS or (low.endswith("ing") and len(low) > 5)


def _apposed_kind(toks: list[Tok], i: int, j: int) -> tuple[str, set[str]] | None:
    """The kind of body a description set beside toks[i..j] names ("the developer, X", "X, the
    operator,", "state broadcaster X") with the description's words, or None when there is none or
    it is not a body."""
    heads: list[Tok] = []
    if i > 0 and toks[i - 1].sent == toks[i].sent and not toks[i].gap.strip() and not toks[i - 1].cap:
        heads.append(toks[i - 1])
    closed = j + 1 >= len(toks) or toks[j + 1].sent != toks[j].sent or toks[j + 1].gap.strip()[:1] == ","
    if i > 0 and toks[i].gap.strip() == "," and toks[i - 1].sent == toks[i].sent and closed:
        d = i - 1
        while d > 0 and not toks[d].gap.strip() and toks[d - 1].sent == toks[i].sent and i - d < 10:
            d -= 1
        if toks[d].low in _DETERMINERS or toks[d].poss:  # the description's own head, before "of"
            lead = _head_part(toks[d:i])[0][-1]
            if _role_word(lead.low):
                return None  # "the leader of the party, X": a person
            heads.append(lead)
        k = i - 1
        while (
            k > 0
            and not toks[k].gap.strip()
            and toks[k].low not in _DETERMINERS
            and toks[k - 1].sent == toks[i].sent
            and i - k < 6
        ):
            k -= 1
        if toks[k].low in _DETERMINERS or toks[k].poss:
            heads.append(toks[i - 1])
    k = j + 1
    if (
        k < len(toks)
        and toks[k].gap.strip() == ","
        and toks[k].sent == toks[j].sent
        and toks[k].low in _DETERMINERS | _INDEFINITE
    ):
        seg = [toks[k]]
        while k + 1 < len(toks) and not toks[k + 1].gap.strip() and len(seg) < 8:
            k += 1
            seg.append(toks[k])
        closed = k + 1 >= len(toks) or toks[k + 1].sent != toks[k].sent or toks[k + 1].gap.strip()[:1] == ","
        if closed and not any(_verbish(t) for t in seg):
            # the noun the description ends on counts too ("the home-security and smart-lock maker")
            heads.extend(h for h in (_loose_head(seg), _head_part(seg)[0][-1]) if h is not None)
    for h in heads:
        if h.low in _INSTITUTION_WORDS and not _role_word(h.low):
            kind = _kind_of_words([h.low])
        else:  # "news site X": an outlet by a head that alone names none ("the site", "the paper")
            kind = MEDIA if h.low in _MEDIA_HEADS else None
        if kind:
            at = toks.index(h)
            near = [t for t in toks[max(0, at - 2) : at + 1] if t.sent == h.sent]
            words = {t.low for t in near if not t.cap}
            # a sector word makes the body that kind too ("Power supplier X": "the utility")
            words |= {d for t in near for d in SECTOR_DESCRIPTIONS.get(t.low, ())}
            return kind, words - _DETERMINERS - _INDEFINITE - {"and", "or"}
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


def _add_institution(
    text: str, toks: list[Tok], i: int, j: int, out: list[Institution], headlines: set[int]
) -> None:
    """Record a run of capitals naming a body ("Ministry of Transport", "Harbour News"), with the head
    words a later description may use for it ("the ministry")."""
    while i <= j and toks[i].low in _NOT_NAME:
        i += 1
    if i < j and _participle_opener(toks, i):
        i += 1  # "Rattled X Party bosses ...": a participle opening the sentence is no part of the name
    if i > j or toks[i].sent in headlines or any(_role_word(t.low) and not t.poss for t in toks[i : j + 1]):
        return  # nothing left, a headline, or a title before a name ("Secretary of State ..."); a title's
        # possessive may open a body's name ("Regional Prosecutor's Office")
    run = toks[i : j + 1]
    heads = {run[-1].low}
    pre = toks[i - 1] if i > 0 and toks[i - 1].sent == toks[i].sent and not toks[i].gap.strip() else None
    if pre and not pre.cap and pre.low in _INSTITUTION_WORDS | _MEDIA_HEADS and not _role_word(pre.low):
        heads.add(pre.low)  # "culture station Radio X": "the station"
    while j + 1 < len(toks) and _name_number(toks, j + 1):
        j += 1  # "Radio X 3", "Channel 4"
        run.append(toks[j])
    k = j + 1
    if k + 1 < len(toks) and toks[k].low in ("of", "for") and toks[k + 1].cap and not toks[k + 1].gap.strip():
        ext: list[Tok] = []
        m = k + 1
        while m < len(toks) and toks[m].cap and not toks[m].gap.strip() and toks[m].sent == toks[j].sent:
            if _role_word(toks[m].low) or len(ext) >= 4:
                break  # a title and a person's name follow ("Bank of Orvia Governor Ana Lind")
            ext.append(toks[m])
            m += 1
            if ext[-1].poss:
                break  # "the Bank of Orvia's chief": the name ends with the possessive
        if ext:
            run = [*run, toks[k], *ext]
    if len(run) > 6:
        return
    words = [t.low for t in run if t.low not in ("of", "for")]
    if len(words) == 1 and words[0] in _INSTITUTION_WORDS and words[0] not in _SEATS:
        return  # "the Ministry": a description, not a name
    kind = _kind_of_words(words)
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


# --- resolving source mentions ------------------------------------------------------------------------------


def _segments(toks: list[Tok]) -> list[list[Tok]]:
    """A mention split at commas, brackets and dashes ("Jane Roe | a spokeswoman for the council")."""
    out: list[list[Tok]] = [[]]
    for t in toks:
        if out[-1] and any(c in t.gap for c in ",()—–;:"):
            out.append([])
        out[-1].append(t)
    return [s for s in out if s]


def _head_part(seg: list[Tok]) -> tuple[list[Tok], list[Tok]]:
    """A segment's head phrase (up to "of", "for", "who" ...) and the rest."""
    for k, t in enumerate(seg):
        if k and t.low in _CUT_WORDS:
            return seg[:k], seg[k:]
    return seg, []


def _plausible(name: str) -> bool:
    """A name that is neither a pronoun nor a bare title or group ("he", "the spokesman", "officials")."""
    words = [w.strip(".,'’\"“”()") for w in name.lower().split()]
    words = [w for w in words if w and w not in _DETERMINERS]
    if not words:
        return False
    if len(words) == 1 and (
        words[0] in _PERSON_PRONOUNS | _FIRST_PERSON | _GROUP_PRONOUNS | _OTHER_PRONOUNS | _RELATIVE
    ):
        return False
    if any(w in _INSTITUTION_WORDS for w in words):
        # "Environment Ministry" is a name, "the ministry" is not
        return (
            any(w in _SEATS for w in words)
            or any(c[:1].isupper() for c in name.split()[1:])
            or (len(words) > 1 and name[:1].isupper())
        )
    return not all(
        _role_word(w) or w in ROLE_MODIFIERS or w in GROUP_NOUNS or w in GENERIC_SOURCES for w in words
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
        idx = max(
            cands, key=lambda c: (self._last_seen(c, m.start), self.last_spoke.get(c, -1), c == m.person)
        )
        if want and self.gender.get(idx) is None:
            self.gender[idx] = want
        m.person = idx
        self._note(m, idx)

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
            if t.cap or not (verb or _verbish(t)):
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
        self.gender[self.current] = _gender_of(w.rstrip(".") for w in words)
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
        """The person a description ("the Syrian leader", "the spokeswoman") refers to: one whose
        titles match its head (or a synonym), whose places do not contradict its own, most recent first.
        With `introduced` (a description of its own, not a possessive inside one), one no title matches may
        be the previous speaker the text introduced by it (`_introduced_as`)."""
        targets = {head} | set(ROLE_SYNONYMS.get(head, ()))
        places = {m for m in mods if m in DEMONYM_OF}
        must = mods & _AGREE
        best: tuple[tuple[int, int, int, int], int] | None = None
        for i, p in enumerate(self.table.persons):
            if not p.titles & targets and not (head in PARTY_WORDS and head in p.words):
                continue
            if must - p.titles - p.words:
                continue  # "the former premier" is not the premier, "the deputy governor" not the governor
            theirs = {w for w in p.words if w in DEMONYM_OF}
            if places and theirs and not places & theirs:
                continue
            lesser = len(p.titles & _LESSER - mods)
            last = self._last_seen(i, pos)
            score = (len(mods & p.words), -lesser, int(last >= 0), last)
            if best is None or score > best[0]:
                best = (score, i)
        qualifiers = mods - _AGREE - _PAST
        if qualifiers and not (best and qualifiers <= self.table.persons[best[1]].words):
            lead = self._headline_subject(head, qualifiers, pos)
            if lead is not None:  # "the salvage master" of a headline is the article's subject
                return lead
        if best:
            return best[1]
        # elegant variation ("Assad said ... the Syrian president added"): a description naming a state
        # is the previous speaker when the text gives them no title that could contradict it
        prev = self._previous_speaker(pos, None)
        if places and prev is not None and prev >= 0 and not self.table.persons[prev].titles:
            return prev
        if mods & _PAST:
            return self._past_holder(pos)
        if introduced and not mods and self._introduced_as(head, prev, pos):
            return prev
        return None

    def _headline_subject(self, head: str, mods: set[str], pos: int) -> int | None:
        """For a description with qualifiers that no person's titles hold ("the salvage master"), the
        person it stands for when the headline (a first line of its own) uses it: the one the text names
        most often before `pos`, outside quotes and the headline, if one leads and fits the gender."""
        text = self.table.text
        line_end = text.find("\n")
        if line_end < 0 or line_end > 300 or not text[line_end:].strip():
            return None
        lows = [t.low for t in self.table.tokens_in((0, line_end))]
        used = any(
            w == head and mods <= {_fold(x) for x in lows[max(0, n - len(mods) - 1) : n]}
            for n, w in enumerate(lows)
        )
        if not used:
            return None
        counts: dict[int, int] = defaultdict(int)
        for m in self.table.mentions:
            if line_end < m.start < pos and not m.quoted and not m.alts:
                counts[m.person] += 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        lead = ranked[0][0]
        return lead if self._fits(lead, _gender_of([head])) else None

    def _introduced_as(self, head: str, prev: int | None, pos: int) -> bool:
        """Whether a description no title matches ("the composer") is the previous speaker: they spoke in this
        sentence or the two before, the text gives them no title, their gender does not contradict the
        description's, and the text used the description for someone unnamed before it first named them
        ("... with its leading composer. Jane Roe told reporters ... the composer said")."""
        if prev is None or prev < 0 or self.table.persons[prev].titles:
            return False
        sent = self.table.sentence_at(pos)
        last = next((s for at, s, _res, p in reversed(self.spoke) if at < pos and p is not None), None)
        if last is None or sent - last > 2 or not self._fits(prev, _gender_of([head])):
            return False
        first = min(self.seen.get(prev, [pos]))
        return any(t.low == head and not t.quoted and not t.cap for t in self.table.tokens_in((0, first)))

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
            if t.poss and not t.cap and t.low not in _OWNER_PRONOUNS:
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
        titles = {m for m in mods if _role_word(m)}
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
        if kind != MEDIA and head not in _COMPANY_HEADS:
            return None
        like = [
            i
            for i in self.table.institutions
            if i.kind == kind
            and i.start < pos
            and not i.words & _NOT_COMPANIES
            and (mods & i.words or not mods)
        ]
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
            found = local or found
        return max(found)[1] if found else None

    # -- one mention ----------------------------------------------------------------------------------

    def resolve(self, span: Offsets) -> Resolution:
        toks = self.table.tokens_in(span)
        if toks and toks[0].low == "s" and self.table.text[max(0, span[0] - 1) : span[0]] in ("'", "’"):
            toks = toks[1:]  # "Syria's Assad" cut after the apostrophe
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
        words = [t.low for t in toks if t.low not in _DETERMINERS]
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
        for seg in segs:
            head, rest = _head_part(seg)
            group = any(
                (_group_word(t.low) and t.low not in _DOCUMENTS) or t.low in PLACE_GROUP_NOUNS for t in head
            )
            # "the mayor in X": where; "residents of X", "sources close to X": a group, not X
            ends = (
                {head[-1].end}
                if rest and (rest[0].low in _LOCATIVE or group)
                else {head[-1].end, seg[-1].end}
            )
            named = [
                m for m in self.table.mentions_in((seg[0].start, seg[-1].end)) if m.end in ends and not m.poss
            ]
            if named:
                self.catch_up(named[-1].end)
                return self._person(named[-1].person, pos, sent)
        lead = _head_part(segs[0])[0][-1]
        if not lead.cap and len(segs) > 1:  # "The developer, Nordkyst Energy,": the name beside a description
            for seg in segs[1:]:
                hp = _head_part(seg)[0]
                if hp[0].low not in _DETERMINERS | _INDEFINITE and hp[-1].cap:
                    named_body = self._unnamed(seg, pos, sent)
                    if named_body.name:
                        if named_body.kind in (UNKNOWN, PERSON) and not _role_word(lead.low):
                            kind = _kind_of_words([lead.low]) or ORG
                            return Resolution(named_body.name, kind)
                        return named_body
        return self._unnamed(segs[0], pos, sent)

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
                and (desc[0].low in _DETERMINERS | _INDEFINITE or any(_describes(t) for t in desc))
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
        head_part, rest = _head_part(seg)
        first = head_part[0].low
        hp = [t for t in head_part if t.low not in _DETERMINERS and t.low not in _INDEFINITE]
        if not hp or len(hp) > 7:
            return Resolution("", UNKNOWN)
        head = hp[-1]
        low = head.low.rstrip(".")
        if head.text.isdigit() and len(hp) > 1 and hp[-2].cap:
            return self._proper(hp, rest)  # "culture station Radio X 3": a name ending in a number
        age = next((a for t in hp if not t.poss and (a := _age_word(t)) is not None), None)
        if age is not None and first not in _INDEFINITE:  # "the 54-year-old", "the 72-year-old maestro"
            aged = self._aged(age, hp, pos, sent)
            if aged is not None:
                return aged
        if first in QUANTIFIERS and _plural(low):  # "some Greens", "many residents", "dozens of fans"
            noun = rest[1].low if low in QUANTIFIERS and len(rest) > 1 and rest[0].low == "of" else low
            return Resolution("", _group_kind(noun, {_fold(t.text) for t in hp[:-1]}))
        party = low in PARTY_WORDS and len(hp) == 1  # "the Republican": a description of a person
        named = head.cap and len(hp) > 1 and self.table.institution_at(hp[-2].start, head.end)
        if named and _group_word(low):  # "The Harbour Observer": a name, though "observers" is a group
            return Resolution(named.name, named.kind)
        if head.cap and not _role_word(low) and not _group_word(low) and not _generic_body(hp) and not party:
            return self._proper(hp, rest)
        # "the government of Syria": the place after "of" qualifies the head
        of_place = _place(rest[1].text) if len(rest) == 2 and rest[0].low == "of" and rest[1].cap else None
        mods = {_fold(t.text) for t in hp[:-1]} | ({of_place} if of_place else set())
        if _group_word(low):
            if any(m in DEMONYM_OF or m in GOVERNMENT_WORDS for m in mods):
                return Resolution("", GOVERNMENT)
            return Resolution("", UNKNOWN if low in GENERIC_SOURCES else PERSON)
        titled = first not in _INDEFINITE and (
            low in PARTY_WORDS or any(low in p.titles for p in self.table.persons)
        )
        if _role_word(low) or low in ROLE_SYNONYMS or titled:
            role, aff, _titles, _words = _role_parts(seg, loose=True)
            if low.endswith("s") and low[:-1] in PERSON_ROLES:
                return Resolution("", PERSON, role, aff)  # "delegates": several, no "he" or "she" later
            if first in _INDEFINITE:
                return self._unnamed_person([t.low for t in seg], role, aff)
            idx = self.describe(low, (mods - {low}) | self._owners(hp[:-1], pos), pos, introduced=True)
            if idx is None:
                return self._unnamed_person([t.low for t in seg], role, aff)
            return self._person(idx, pos, sent)
        naming = [t for t in hp[:-1] if self._naming(t, state=low in GOVERNMENT_WORDS)]
        if low in _LOCALITIES or low in _NATIONS:
            place = (
                None if naming or first in _INDEFINITE else self._place_before(pos, country=low in _NATIONS)
            )
            return Resolution(place or "", GOVERNMENT)
        if low.endswith("s") and low[:-1] in ORG_WORDS and low not in ORG_WORDS:
            return Resolution("", ORG)  # "fans' groups": several bodies, none named
        kind = _kind_of_words([low]) or (MEDIA if low in _MEDIA_HEADS else None)
        if kind is None:
            named_body = None if first in _INDEFINITE else self._named_by_head(hp, pos)
            return named_body or Resolution("", UNKNOWN)
        if naming:  # "the Syrian government", "the Trump administration", "the Acme board"
            start = naming[0] if kind != GOVERNMENT else next(t for t in hp if t.cap)
            state = self._state_of(start) if kind == GOVERNMENT and start.poss and len(hp) == 2 else None
            if state:  # "Assad's government" for "Syrian President Bashar Assad": the Syrian government
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
        if first in _INDEFINITE:
            return Resolution("", kind)
        ref = self._back_reference(low, kind, {t.low for t in hp[:-1]}, pos)
        return Resolution(ref.name, ref.kind) if ref else Resolution("", kind)

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
        if _age_word(hp[-1]) is None and (
            _role_word(low) or low in ROLE_SYNONYMS or any(low in p.titles for p in persons)
        ):
            return None
        want = _gender_of([low])
        found = [
            (max(x for x in at if x < pos), i)
            for i, at in self.outside.items()
            if i >= 0 and persons[i].age is None and any(x < pos for x in at) and self._fits(i, want)
        ]
        return self._person(max(found)[1], pos, sent) if found else None

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
            return None
        adj = m.group(1) or m.group(2)
        state = _place(adj)
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

    def _named_by_head(self, hp: list[Tok], pos: int) -> Resolution | None:
        """A description whose head no word list knows ("the rowing collective") as the body named before
        it whose name ends in that noun and holds the description's other words ("Northgate Rowing
        Collective"); capitals may have made such a body a person of the table, one with no title or
        gender named in three words or more, or sharing a word with the description."""
        head = hp[-1].low
        mods = {t.low for t in hp[:-1] if not t.cap and not t.poss}
        bodies = [
            b
            for b in self.table.institutions
            if b.start < pos and b.name.lower().split()[-1] == head and mods <= set(b.name.lower().split())
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
        """The state a person named by word t is affiliated with ("Syrian President X" -> Syria)."""
        for m in self.table.mentions_in((t.start, t.end)):
            p = self.table.persons[m.person]
            places = {_place(w) for w in p.affiliation.split()} - {None}
            if len(places) == 1:
                return places.pop()
        return None

    def _naming(self, t: Tok, *, state: bool) -> bool:
        """Whether a capitalised word before a body's head names it ("the Trump administration",
        "the Syrian government"); a state's adjective names only a state body, a person's possessive
        only a government ("Assad's government"), and a capitalised sentence opener nothing."""
        if not t.cap or (self._opens(t) and (t.low in _INSTITUTION_WORDS or self._common_noun(t))):
            return False
        if "-" in t.text and t.low.split("-")[-1] in ("led", "based", "backed", "run", "owned", "linked"):
            return False
        if _place(t.text) or t.poss or t.low.rstrip(".") in HONORIFICS:
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
        kind = _kind_of_words([t.low for t in hp + of_run])
        if " ".join(t.low for t in name_toks) in MEDIA_NAMES:
            kind = MEDIA
        if kind:
            body = hp if k == 0 else tail
            full = self._fuller(name, kind, name_toks[0].start) if not body[0].poss else None
            return Resolution(full or _institution_name(body, name, owner=self._owner_named(body)), kind)
        known = self.table.institution_at(name_toks[0].start, name_toks[-1].end)
        if known is not None:  # "Brenholt Chemicals", "Sporting X", or a short form of one ("Brenholt")
            return Resolution(self._fuller(known.name, known.kind, known.start) or known.name, known.kind)
        if self._coordinated(tail):
            return Resolution("", UNKNOWN)  # "Tarsk and Brevia": two parties, each named alone elsewhere
        opened = self._opened_by(tail[0]) if len(tail) == 1 else None
        if opened is not None:  # "Brevik" for "Brevik Optics", named before
            return Resolution(opened.name, opened.kind)
        if all(_place(t.text) for t in tail):
            return Resolution(name, GOVERNMENT)
        last = tail[-1]
        if len(tail) == 1 and (last.low in _NOT_NAME or sum(c.isalpha() for c in last.text) < 2):
            return Resolution("", UNKNOWN)
        if last.low in PARTY_WORDS or (last.low.endswith("s") and _place(last.low[:-1])):
            return Resolution("", PERSON)  # "Americans", "Fellow Republicans", "Democratic": no name
        if last.acronym:
            return Resolution(name, ORG)
        if len(tail) >= 2 and all(_name_like(tail, n, 0) for n in range(len(tail))):
            return Resolution(clean_name(name), PERSON)
        if len(tail) == 1 and self._common_noun(last):
            return Resolution("", PERSON if last.low.endswith(_PLURAL_ENDINGS) else UNKNOWN)
        return Resolution(clean_name(name), UNKNOWN)


def _group_word(low: str) -> bool:
    """A head naming several unnamed people or a generic source ("officials", "sources", "Republicans")."""
    return low in GROUP_NOUNS or low in GENERIC_SOURCES or (low in PARTY_WORDS and low.endswith("s"))


def _generic_body(hp: list[Tok]) -> bool:
    """A lone capitalised body word that is no name of its own ("the Ministry" but not "the Kremlin")."""
    return len(hp) == 1 and hp[0].low in _INSTITUTION_WORDS and hp[0].low not in _SEATS


def _institution_name(hp: list[Tok], name: str, of_place: str | None = None, *, owner: bool = False) -> str:
    """An institution's display name: as written without a leading determiner, a state's possessive
    or "of" phrase turned into its adjective ("Syria's government" and "the government of Syria" are
    "Syrian government"), any other possessive place before it written as a plain name ("Norland's
    Foreign Ministry" is "Norland Foreign Ministry"; `identity.body_tokens` makes "the Foreign Ministry of
    Norland" the same body). A person's possessive (`owner`) stays as written."""
    if of_place:
        return f"{DEMONYM_OF.get(of_place, of_place)} {name}"
    if hp and hp[0].poss and len(hp) > 1 and (_place(hp[0].text) or (hp[0].cap and not owner)):
        state = _place(hp[0].text)
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


def continuations(
    text: str,
    relations: Sequence[tuple[Sequence[Offsets], Sequence[Offsets], Sequence[Offsets]]],
    quotes: Sequence[Offsets],
) -> list[tuple[Offsets, int]]:
    """Quotes no relation holds that continue a relation's quote ("...," he added. "Next sentence."):
    (quote, index of the relation whose speaker goes on), in text order.

    `relations` gives each relation's (content, source, cue) spans. A quote continues the relation
    whose content ends last before it when: it opens a sentence, has four words or more, that content
    ends in a quote and the relation names a source outside quotes, at most one paragraph break and
    nothing but that relation's own source and cue (and a few words, "on Monday") lie between, and no
    words outside quotes follow it in its paragraph (which would be a cue of its own the tagger missed).
    """
    taken = sorted(sp for rel in relations for part in rel for sp in part)
    ends = [max((e for _, e in rel[0]), default=-1) for rel in relations]
    out: list[tuple[Offsets, int]] = []
    for qs, qe in quotes:
        if any(s < qe and qs < e for s, e in taken) or len(text[qs:qe].split()) < 4:
            continue
        lead = text[max(0, qs - 40) : qs].rstrip(" \t")
        if lead and lead[-1] not in '.!?"”’:\n':
            continue
        before = [(e, i) for i, e in enumerate(ends) if 0 <= e <= qs]
        if not before:
            continue
        end, i = max(before)
        _content, source, cue = relations[i]
        other = [*source, *cue]
        if not source or not any(s <= end - 1 < e for s, e in quotes):
            continue
        if any(s <= source[0][0] < e for s, e in quotes):
            continue  # a report inside a quote (the tagger reading the quote's own words) goes on no further
        if any(end <= s < qs for s, _ in taken):
            spans_between = [sp for sp in taken if end <= sp[0] < qs]
            if any(sp not in other for sp in spans_between):
                continue
        gap = text[end:qs]
        for s, e in other:
            if end <= s and e <= qs:
                gap = gap.replace(text[s:e], " ")
        if len(re.findall(r"\n\s*\n", text[end:qs])) > 1 or len(text[end:qs]) > 300 or len(gap.split()) > 8:
            continue
        tail_end = text.find("\n", qe)
        tail = text[qe : len(text) if tail_end < 0 else tail_end]
        tail = "".join(ch for n, ch in enumerate(tail) if not any(s <= qe + n < e for s, e in quotes))
        if any(ch.isalpha() for ch in tail):
            continue
        out.append(((qs, qe), i))
        ends[i] = qe
        taken.append((qs, qe))
        taken.sort()
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
