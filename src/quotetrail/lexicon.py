"""Word lists of English reporting: cue verbs by kind, pronouns, role nouns. General English only."""

from __future__ import annotations

import re

SPEECH_VERBS = frozenset(
    [
        "call",
        "label",
        "brand",
        "dub",
        "characterize",
        "characterise",
        "say",
        "tell",
        "add",
        "claim",
        "insist",
        "state",
        "declare",
        "announce",
        "explain",
        "note",
        "argue",
        "warn",
        "deny",
        "admit",
        "acknowledge",
        "assert",
        "contend",
        "maintain",
        "allege",
        "accuse",
        "urge",
        "predict",
        "promise",
        "confirm",
        "reveal",
        "tweet",
        "testify",
        "recall",
        "complain",
        "vow",
        "pledge",
        "threaten",
        "concede",
        "remark",
        "observe",
        "mention",
        "reply",
        "respond",
        "answer",
        "comment",
        "conclude",
        "stress",
        "emphasize",
        "emphasise",
        "reiterate",
        "repeat",
        "write",
        "report",
        "describe",
        "ask",
        "caution",
        "charge",
        "counter",
        "suggest",
        "propose",
        "advise",
        "agree",
        "disagree",
        "boast",
        "brag",
        "quip",
        "joke",
        "muse",
        "lament",
        "protest",
        "object",
        "retort",
        "inform",
        "assure",
        "reassure",
        "announce",
        "proclaim",
        "affirm",
        "swear",
        "predict",
        "estimate",
        "forecast",
        "calculate",
        "criticize",
        "criticise",
        "condemn",
        "denounce",
        "blast",
        "slam",
        "lambaste",
        "lambast",
        "dismiss",
        "praise",
        "hail",
        "applaud",
        "blame",
        "question",
        "demand",
        "request",
        "recommend",
        "insinuate",
        "imply",
        "signal",
        "indicate",
        "specify",
        "disclose",
        "point",
        "explain",
        "elaborate",
        "continue",
        "speak",
        "shout",
        "yell",
        "scream",
        "whisper",
        "mutter",
        "exclaim",
        "cry",
        "post",
        "write",
        "email",
        "text",
        "publish",
    ]
)
"""Verbs whose subject says something (PolNeAR's speech class, general English)."""

THOUGHT_VERBS = frozenset(
    [
        "think",
        "believe",
        "feel",
        "hope",
        "expect",
        "fear",
        "know",
        "figure",
        "suppose",
        "suspect",
        "doubt",
        "worry",
        "wonder",
        "reckon",
        "guess",
        "assume",
        "consider",
        "imagine",
        "realize",
        "realise",
        "understand",
        "recognize",
        "recognise",
        "conclude",
        "decide",
        "want",
        "wish",
        "prefer",
        "see",
        "view",
        "regard",
    ]
)
"""Verbs reporting a belief, intention or perception rather than speech."""

OTHER_VERBS = frozenset(["show", "find", "forecast", "calculate"])
"""Verbs reporting what evidence says (a poll shows, a study found): neither speech nor thought."""

CUE_KIND: dict[str, str] = (
    {v: "other" for v in OTHER_VERBS}
    | {v: "thought" for v in THOUGHT_VERBS}
    | {v: "speech" for v in SPEECH_VERBS}
)
"""Cue verb lemma -> kind of what it reports: speech, thought or other."""

ACCORDING_TO = frozenset({"according"})

PRONOUNS = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "i",
        "we",
        "you",
        "him",
        "her",
        "them",
        "his",
        "hers",
        "their",
        "theirs",
        "who",
        "whom",
        "whose",
        "one",
        "someone",
        "somebody",
        "this",
        "that",
        "these",
        "those",
    ]
)

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "i", "me", "my", "who", "whom"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our", "it", "its"})

ROLE_NOUNS = frozenset(
    [
        "president",
        "leader",
        "minister",
        "premier",
        "chancellor",
        "secretary",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "envoy",
        "ambassador",
        "official",
        "officer",
        "diplomat",
        "general",
        "commander",
        "chief",
        "head",
        "king",
        "queen",
        "prince",
        "emir",
        "sheikh",
        "governor",
        "mayor",
        "senator",
        "representative",
        "congressman",
        "congresswoman",
        "lawmaker",
        "legislator",
        "deputy",
        "director",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "founder",
        "judge",
        "prosecutor",
        "lawyer",
        "attorney",
        "adviser",
        "advisor",
        "analyst",
        "expert",
        "researcher",
        "professor",
        "scientist",
        "economist",
        "author",
        "writer",
        "journalist",
        "reporter",
        "editor",
        "candidate",
        "nominee",
        "politician",
        "activist",
        "campaigner",
        "lawyer",
        "negotiator",
        "mediator",
        "monarch",
        "pope",
        "cleric",
        "imam",
        "bishop",
        "coach",
        "player",
        "manager",
        "owner",
        "executive",
        "administrator",
        "commissioner",
        "inspector",
        "sheriff",
        "colonel",
        "major",
        "captain",
        "lieutenant",
        "sergeant",
        "admiral",
        "marshal",
        "spokesperson",
        "presenter",
        "host",
    ]
)
"""Nouns that describe a person by role ("the president", "the spokeswoman")."""

ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    "leader": frozenset(
        {"president", "premier", "chancellor", "king", "queen", "emir", "chief", "head", "prime"}
    ),
    "head": frozenset({"president", "chief", "director", "chairman", "chairwoman", "leader"}),
    "spokesperson": frozenset({"spokesman", "spokeswoman"}),
    "official": frozenset({"minister", "secretary", "spokesman", "spokeswoman", "envoy", "official"}),
    "diplomat": frozenset({"ambassador", "envoy", "minister", "diplomat"}),
    "envoy": frozenset({"ambassador", "envoy"}),
}
"""A description's head noun and the titles it can stand for ("the leader" for "President X")."""

GENERIC_SOURCES = frozenset(
    [
        "source",
        "sources",
        "official",
        "officials",
        "expert",
        "experts",
        "analyst",
        "analysts",
        "critic",
        "critics",
        "observer",
        "observers",
        "people",
        "person",
        "someone",
        "somebody",
        "witness",
        "witnesses",
        "resident",
        "residents",
        "report",
        "reports",
        "study",
        "studies",
        "poll",
        "polls",
        "survey",
        "surveys",
        "document",
        "documents",
        "statement",
        "statements",
    ]
)
"""Heads of unnamed sources: the text does not say who they are."""

NAME_PARTICLES = frozenset(
    {"al", "el", "ul", "bin", "ibn", "ben", "abu", "van", "von", "der", "de", "da", "di", "du", "le", "la"}
)
"""Name particles that variants drop or keep ("Bashar al-X" and "Bashar X" are one name)."""

HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "sen",
        "rep",
        "gov",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "adm",
        "rev",
        "hon",
        "pres",
    }
)


IRREGULAR_FORMS = {
    "said": "say", "says": "say", "told": "tell", "thought": "think", "felt": "feel", "wrote": "write",
    "written": "write", "found": "find", "shown": "show", "knew": "know", "known": "know", "saw": "see",
    "seen": "see", "spoke": "speak", "spoken": "speak", "understood": "understand", "hoped": "hope",
    "feared": "fear", "believed": "believe", "argued": "argue", "noted": "note", "stated": "state",
}  # fmt: skip
"""Past forms of cue verbs that suffix stripping cannot undo."""


def cue_lemma_guess(word: str) -> str:
    """A cue word's dictionary form without a parser: irregular forms, then -s, -ed, -ing stripped."""
    w = word.lower()
    if w in IRREGULAR_FORMS:
        return IRREGULAR_FORMS[w]
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
        ("d", ""),
    ):
        if w.endswith(suffix) and (w[: -len(suffix)] + repl) in CUE_KIND:
            return w[: -len(suffix)] + repl
    return w


def kind_of_cue(cue: str) -> str:
    """speech, thought or other for a cue's words ("has long argued" -> speech); speech when unknown."""
    for word in re.findall(r"[A-Za-z]+", cue):
        kind = CUE_KIND.get(cue_lemma_guess(word))
        if kind:
            return kind
    return "speech"
