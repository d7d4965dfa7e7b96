"""Word lists of English reporting: cue verbs by kind, pronouns, role nouns. General English only."""

from __future__ import annotations

SPEECH_VERBS = frozenset(
    """
    say tell add claim insist state declare announce explain note argue warn deny admit acknowledge
    assert contend maintain allege accuse urge predict promise confirm reveal tweet testify recall
    complain vow pledge threaten concede remark observe mention reply respond answer comment conclude
    stress emphasize emphasise reiterate repeat write report describe ask caution charge counter
    suggest propose advise agree disagree boast brag quip joke muse lament protest object retort
    inform assure reassure announce proclaim affirm swear predict estimate forecast calculate
    criticize criticise condemn denounce blast slam lambaste lambast dismiss praise hail applaud
    blame question demand request recommend insinuate imply signal indicate specify disclose
    point explain elaborate continue speak shout yell scream whisper mutter exclaim cry
    post write email text publish
    """.split()
)
"""Verbs whose subject says something (PolNeAR's speech class, general English)."""

THOUGHT_VERBS = frozenset(
    """
    think believe feel hope expect fear know figure suppose suspect doubt worry wonder reckon guess
    assume consider imagine realize realise understand recognize recognise conclude decide want
    wish prefer see view regard
    """.split()
)
"""Verbs reporting a belief, intention or perception rather than speech."""

CUE_KIND: dict[str, str] = {v: "thought" for v in THOUGHT_VERBS} | {v: "speech" for v in SPEECH_VERBS}

ACCORDING_TO = frozenset({"according"})

PRONOUNS = frozenset(
    """
    he she they it i we you him her them his hers their theirs who whom whose one someone somebody
    this that these those
    """.split()
)

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "i", "me", "my", "who", "whom"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our", "it", "its"})

ROLE_NOUNS = frozenset(
    """
    president leader minister premier chancellor secretary spokesman spokeswoman spokesperson envoy
    ambassador official officer diplomat general commander chief head king queen prince emir sheikh
    governor mayor senator representative congressman congresswoman lawmaker legislator deputy
    director chairman chairwoman chair ceo founder judge prosecutor lawyer attorney adviser advisor
    analyst expert researcher professor scientist economist author writer journalist reporter editor
    candidate nominee politician activist campaigner lawyer negotiator mediator monarch pope cleric
    imam bishop coach player manager owner executive administrator commissioner inspector sheriff
    colonel major captain lieutenant sergeant admiral marshal spokesperson presenter host
    """.split()
)
"""Nouns that describe a person by role ("the president", "the spokeswoman")."""

ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    "leader": frozenset({"president", "premier", "chancellor", "king", "queen", "emir", "chief", "head", "prime"}),
    "head": frozenset({"president", "chief", "director", "chairman", "chairwoman", "leader"}),
    "spokesperson": frozenset({"spokesman", "spokeswoman"}),
    "official": frozenset({"minister", "secretary", "spokesman", "spokeswoman", "envoy", "official"}),
    "diplomat": frozenset({"ambassador", "envoy", "minister", "diplomat"}),
    "envoy": frozenset({"ambassador", "envoy"}),
}
"""A description's head noun and the titles it can stand for ("the leader" for "President X")."""

GENERIC_SOURCES = frozenset(
    """
    source sources official officials expert experts analyst analysts critic critics observer observers
    people person someone somebody witness witnesses resident residents report reports study studies
    poll polls survey surveys document documents statement statements
    """.split()
)
"""Heads of unnamed sources: the text does not say who they are."""

NAME_PARTICLES = frozenset({"al", "el", "ul", "bin", "ibn", "ben", "abu", "van", "von", "der", "de", "da", "di", "du", "le", "la"})
"""Name particles that variants drop or keep ("Bashar al-X" and "Bashar X" are one name)."""

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "adm", "rev", "hon", "pres"})
