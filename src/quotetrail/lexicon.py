"""Word lists of English reporting: cue verbs by kind, pronouns, role nouns. General English only."""

from __future__ import annotations

import re


def word_set(words: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string (long lists stay readable)."""
    return frozenset(words.split())


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
        {
            "president",
            "premier",
            "chancellor",
            "king",
            "queen",
            "emir",
            "chief",
            "head",
            "prime",
            "monarch",
            "sheikh",
            "chairman",
            "chairwoman",
            "chair",
            "secretary-general",
            "mayor",
            "governor",
        }
    ),
    "head": frozenset({"president", "chief", "director", "chairman", "chairwoman", "chair", "leader"}),
    "chief": frozenset({"director", "head", "executive", "ceo", "chairman", "chairwoman"}),
    "boss": frozenset({"chief", "executive", "ceo", "director", "head", "chairman", "chairwoman", "manager"}),
    "spokesperson": frozenset({"spokesman", "spokeswoman"}),
    "spokesman": frozenset({"spokesperson"}),
    "spokeswoman": frozenset({"spokesperson"}),
    "official": frozenset(
        {
            "minister",
            "secretary",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "envoy",
            "official",
            "director",
            "commissioner",
            "ambassador",
            "deputy",
            "adviser",
            "advisor",
            "aide",
        }
    ),
    "diplomat": frozenset({"ambassador", "envoy", "minister", "diplomat", "consul", "emissary"}),
    "envoy": frozenset({"ambassador", "envoy", "emissary"}),
    "monarch": frozenset({"king", "queen", "emir", "sultan"}),
    "lawmaker": frozenset({"senator", "representative", "congressman", "congresswoman", "mp", "legislator"}),
    "legislator": frozenset({"senator", "representative", "congressman", "congresswoman", "mp", "lawmaker"}),
    "politician": frozenset({"senator", "representative", "mp", "lawmaker", "minister", "mayor", "governor"}),
    "executive": frozenset({"ceo", "chief", "director", "manager", "chairman", "chairwoman"}),
    "ceo": frozenset({"chief", "executive"}),
    "commander": frozenset({"general", "colonel", "admiral", "commander", "chief"}),
    "prelate": frozenset({"bishop", "archbishop", "cardinal", "pope", "patriarch"}),
    "premier": frozenset({"prime"}),
    "doctor": word_set(
        """physician surgeon paediatrician pediatrician cardiologist oncologist neurologist psychiatrist
        radiologist anaesthetist anesthesiologist epidemiologist virologist gp"""
    ),
    "physician": frozenset({"doctor"}),
    "medic": frozenset({"doctor", "physician", "surgeon", "paediatrician", "pediatrician", "nurse"}),
    "maestro": frozenset({"conductor"}),
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

PARTY_WORDS = word_set(
    """democrat democratic republican gop tory labour socialist communist libertarian democrats republicans
    tories socialists communists libertarians conservatives liberals progressives"""
)
"""Party words written before a name ("Democrat Jane Doe") or for a party's members ("Republicans")."""

NAME_PARTICLES = frozenset(
    {"al", "el", "ul", "bin", "ibn", "ben", "abu", "van", "von", "der", "de", "da", "di", "du", "le", "la"}
)
"""Name particles that variants drop or keep ("Karim al-X" and "Karim X" are one name)."""

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
        "del",
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


# --- speakers: who a source mention is (people, governments, organisations, media) -------------------------

EXTRA_ROLE_NOUNS = word_set(
    """treasurer secretary-general chairperson vice-president councillor councilor councilman councilwoman
    alderman assemblyman assemblywoman principal headteacher headmaster headmistress dean rector provost
    superintendent trustee organiser organizer coordinator consultant engineer doctor nurse surgeon physician
    teacher farmer fisherman skipper pilot strategist pollster historian lecturer pastor priest rabbi
    ayatollah cardinal archbishop mufti patriarch businessman businesswoman entrepreneur investor banker
    aide staffer counsel solicitor barrister magistrate ombudsman auditor emissary delegate consul
    commentator columnist correspondent anchor blogger policeman policewoman detective
    constable firefighter chancellor premier mp chieftain warlord militant spokesperson steward
    representative president speaker member justice agent paediatrician pediatrician cardiologist
    oncologist neurologist psychiatrist radiologist anaesthetist anesthesiologist epidemiologist
    virologist midwife pharmacist dentist veterinarian actor actress musician novelist poet playwright
    composer filmmaker comedian photographer athlete chef sommelier songwriter guitarist pianist violinist
    cellist dancer choreographer architect sculptor"""
)
"""Role nouns beyond ROLE_NOUNS that name one person by what they do ("the treasurer")."""

PERSON_ROLES = ROLE_NOUNS | EXTRA_ROLE_NOUNS
"""Every noun that, as a description's head, stands for one person."""

ROLE_MODIFIERS = word_set(
    """deputy vice foreign defence defense prime chief senior acting interim former first assistant associate
    executive managing press finance interior justice health economy economic education trade energy labour
    labor transport transportation agriculture environment environmental home national security intelligence
    military communications information culture sports tourism housing industry development budget policy
    political top lead head general attorney state special regional local union party campaign junior
    parliamentary opposition"""
)
"""Words that qualify a role noun inside a title ("Deputy Foreign Minister", "press secretary")."""

FEMALE_WORDS = word_set(
    """she her hers herself mrs ms miss madam madame dame lady spokeswoman congresswoman chairwoman
    councilwoman assemblywoman businesswoman policewoman queen princess duchess countess empress actress
    sister mother daughter wife widow grandmother woman girl"""
)
MALE_WORDS = word_set(
    """he him his himself mr sir lord spokesman congressman chairman councilman assemblyman businessman
    policeman king prince duke emperor brother father son husband widower grandfather man boy"""
)
"""Words that tell a person's gender: honorifics, gendered titles and kin words, pronouns."""

GOVERNMENT_WORDS = word_set(
    """government ministry department administration presidency cabinet parliament congress senate
    legislature duma knesset kremlin pentagon army military navy forces troops police authorities regime
    state embassy consulate council court judiciary prosecutors prosecution office commission bureau
    directorate command municipality mayoralty junta ministries governments treasury whitehall
    élysée elysee service authority inspectorate tribunal tribunals unit"""
)
"""Head words of a state body: a ministry, army, government, court ("the ministry said")."""

GOVERNMENT_PHRASES = frozenset(
    {"white house", "downing street", "state department", "foreign office", "city hall", "home office",
     "air force", "armed forces", "security forces", "foreign ministry", "defense ministry",
     "defence ministry", "quai d'orsay"}
)  # fmt: skip
"""Several-word names of state bodies and seats of government used for them."""

MEDIA_WORDS = word_set(
    """newspaper newspapers daily tabloid magazine journal gazette tribune herald times post news television
    tv radio broadcaster broadcasting channel outlet media press wire newswire telegraph chronicle bulletin
    website newsletter mirror examiner inquirer dispatch sentinel courant ledger courier observer
    advertiser argus bugle clarion gleaner enquirer weekly weeklies monthly fortnightly periodical echo
    broadcasters stations newspapers"""
)
"""Head words of a media outlet ("the newspaper", "state television", "Harbour News")."""

MEDIA_NAMES = frozenset(
    {"reuters", "associated press", "ap", "afp", "agence france-presse", "agence france presse", "bloomberg",
     "xinhua", "tass", "ria novosti", "interfax", "kyodo", "yonhap", "dpa", "ansa", "efe", "anadolu", "upi",
     "bbc", "cnn", "al jazeera", "nbc", "cbs", "abc", "npr", "pbs", "sky news", "euronews", "cnbc",
     "msnbc", "fox news", "itv", "cbc", "rte", "nhk", "dw", "deutsche welle", "france 24"}
)  # fmt: skip
"""The major international news agencies and broadcasters, known by a name with no media word in it."""

ORG_WORDS = word_set(
    """company companies firm corporation corp inc ltd plc llc co group union unions party association
    federation league society foundation trust institute institution organisation organization charity
    alliance coalition committee board bank fund university college school hospital club team network
    movement front campaign watch operator consortium partnership cooperative church agency centre center
    lobby chamber guild syndicate airline airlines brigade brigades militia rebels opposition ngo
    laboratory lab observatory maker manufacturer producer supplier provider retailer carrier
    insurer lender utility conglomerate subsidiary contractor startup orchestra orchestras philharmonic
    symphony distributor"""
)
"""Head words of an organisation that is not a state body or an outlet (companies, unions, NGOs, parties)."""

COMPANY_WORDS = word_set(
    """chemicals holdings group industries motors air airlines airways pharmaceuticals pharma technologies
    systems foods logistics shipping telecom enterprises ventures insurance breweries brewery textiles
    electronics petroleum mining energy bank ltd inc corp plc llc gmbh therapeutics biosciences biotech
    laboratories assurance underwriters utilities records aerospace studios publishing software robotics
    water"""
)
"""Last words of a company's name ("Brenholt Chemicals", "Orsa Holdings"): such a name is a firm, not a
person, and "the company" may stand for it."""

COMPANY_DESCRIPTIONS: dict[str, frozenset[str]] = {
    "air": frozenset({"airline", "carrier"}),
    "airlines": frozenset({"airline", "carrier"}),
    "airways": frozenset({"airline", "carrier"}),
    "bank": frozenset({"bank", "lender"}),
    "insurance": frozenset({"insurer"}),
    "assurance": frozenset({"insurer"}),
    "underwriters": frozenset({"insurer"}),
    "energy": frozenset({"utility"}),
    "power": frozenset({"utility"}),
    "electric": frozenset({"utility"}),
    "utilities": frozenset({"utility"}),
    "water": frozenset({"utility"}),
    "authority": frozenset({"regulator", "watchdog"}),
    "commission": frozenset({"regulator", "watchdog"}),
    "inspectorate": frozenset({"regulator", "watchdog"}),
    "motors": frozenset({"carmaker", "automaker"}),
    "brewery": frozenset({"brewer"}),
    "breweries": frozenset({"brewer"}),
    "pharmaceuticals": frozenset({"drugmaker"}),
    "pharma": frozenset({"drugmaker"}),
    "therapeutics": frozenset({"drugmaker"}),
    "philharmonic": frozenset({"orchestra"}),
    "symphony": frozenset({"orchestra"}),
    "mining": frozenset({"miner"}),
    "shipping": frozenset({"shipper"}),
    "police": frozenset({"force"}),
    "constabulary": frozenset({"force"}),
    "records": frozenset({"label"}),
}
"""The last word of a firm's (or an orchestra's, a police force's or a regulator's) name -> the nouns a
description uses for that kind of body ("X Air" is "the airline", "X Motors" "the carmaker", "X
Philharmonic" "the orchestra", "X Police" "the force", "X Authority" "the regulator")."""

SECTOR_DESCRIPTIONS: dict[str, frozenset[str]] = {
    "electricity": frozenset({"utility"}),
    "power": frozenset({"utility"}),
    "energy": frozenset({"utility"}),
    "gas": frozenset({"utility"}),
    "water": frozenset({"utility"}),
    "grid": frozenset({"utility"}),
    "insurance": frozenset({"insurer"}),
    "assurance": frozenset({"insurer"}),
}
"""A sector word in the description set beside a body's name -> the nouns a later description may use
for it ("electricity distributor X" is "the utility", "insurance group X" "the insurer")."""

PLACE_GROUP_NOUNS = word_set(
    """residents inhabitants people villagers townspeople townsfolk locals citizens householders homeowners
    tenants neighbours neighbors shopkeepers traders commuters farmers fishermen families households
    workers"""
)
"""Groups that "of", "in" or "from" ties to a place ("residents of X", "families in X"): the name after
them is where they are, never a person."""

CLUB_WORDS = word_set("""fc afc cf sc sporting atletico athletic racing dynamo dinamo rovers wanderers""")
"""Words that make a name a sports club's ("Sporting X", "X Rovers", "X FC"), for "the club"."""

QUANTIFIERS = word_set(
    """some many several few most other various numerous dozens hundreds thousands millions scores two three
    four five six seven eight nine ten twenty"""
)
"""Words that make a plural source a group ("some Greens", "many residents"): never one speaker."""

KIN_WORDS = word_set(
    """father mother son daughter brother sister wife husband widow widower uncle aunt nephew niece cousin
    grandfather grandmother grandson granddaughter"""
)
"""Kin nouns set beside a name ("Her father, X"): they tell the person's gender and generation."""

ELDER_KIN = word_set("""father mother uncle aunt grandfather grandmother elder older""")
YOUNGER_KIN = word_set("""son daughter nephew niece grandson granddaughter younger""")
"""Kin words that make a relative the elder or the younger of two who share a surname."""

SPECIALTY_TITLES: dict[str, str] = {
    "surgery": "surgeon", "paediatrics": "paediatrician", "pediatrics": "pediatrician",
    "cardiology": "cardiologist", "oncology": "oncologist", "neurology": "neurologist",
    "psychiatry": "psychiatrist", "radiology": "radiologist", "anaesthetics": "anaesthetist",
    "anaesthesia": "anaesthetist", "anesthesia": "anesthesiologist",
}  # fmt: skip
"""A medical field in a title ("head of surgery") -> what its practitioner is called ("the surgeon")."""

GROUP_NOUNS = word_set(
    """officials sources experts analysts critics observers people residents witnesses diplomats ministers
    lawmakers legislators leaders activists protesters demonstrators workers employees members supporters
    opponents investigators researchers scientists economists doctors authorities spokesmen spokespeople
    officers soldiers commanders representatives aides advisers advisors insiders voters citizens locals
    families parents students teachers campaigners"""
)
"""Plural heads naming several unnamed people ("officials said"): never a speaker's name."""

COUNTRIES = """
Afghanistan|Afghan|Kabul;Albania|Albanian|Tirana;Algeria|Algerian|Algiers;
Andorra|Andorran|Andorra la Vella;Angola|Angolan|Luanda;Argentina|Argentine|Buenos Aires;
Armenia|Armenian|Yerevan;Australia|Australian|Canberra;Austria|Austrian|Vienna;
Azerbaijan|Azerbaijani|Baku;Bahamas|Bahamian|Nassau;Bahrain|Bahraini|Manama;Bangladesh|Bangladeshi|Dhaka;
Barbados|Barbadian|Bridgetown;Belarus|Belarusian|Minsk;Belgium|Belgian|Brussels;Belize|Belizean|Belmopan;
Benin|Beninese|Porto-Novo;Bhutan|Bhutanese|Thimphu;Bolivia|Bolivian|La Paz;Bosnia|Bosnian|Sarajevo;
Botswana|Botswanan|Gaborone;Brazil|Brazilian|Brasilia;Brunei|Bruneian|Bandar Seri Begawan;
Bulgaria|Bulgarian|Sofia;Burkina Faso|Burkinabe|Ouagadougou;Burundi|Burundian|Gitega;
Cambodia|Cambodian|Phnom Penh;Cameroon|Cameroonian|Yaounde;Canada|Canadian|Ottawa;
Cape Verde|Cape Verdean|Praia;Central African Republic|Central African|Bangui;Chad|Chadian|N'Djamena;
Chile|Chilean|Santiago;China|Chinese|Beijing;Colombia|Colombian|Bogota;Comoros|Comoran|Moroni;
Congo|Congolese|Kinshasa;Costa Rica|Costa Rican|San Jose;Croatia|Croatian|Zagreb;Cuba|Cuban|Havana;
Cyprus|Cypriot|Nicosia;Czech Republic|Czech|Prague;Denmark|Danish|Copenhagen;
Djibouti|Djiboutian|Djibouti;Dominica|Dominican|Roseau;Dominican Republic|Dominican|Santo Domingo;
Ecuador|Ecuadorian|Quito;Egypt|Egyptian|Cairo;El Salvador|Salvadoran|San Salvador;
Equatorial Guinea|Equatoguinean|Malabo;Eritrea|Eritrean|Asmara;Estonia|Estonian|Tallinn;
Eswatini|Swazi|Mbabane;Ethiopia|Ethiopian|Addis Ababa;Fiji|Fijian|Suva;Finland|Finnish|Helsinki;
France|French|Paris;Gabon|Gabonese|Libreville;Gambia|Gambian|Banjul;Georgia|Georgian|Tbilisi;
Germany|German|Berlin;Ghana|Ghanaian|Accra;Greece|Greek|Athens;Grenada|Grenadian|St. George's;
Guatemala|Guatemalan|Guatemala City;Guinea|Guinean|Conakry;Guinea-Bissau|Bissau-Guinean|Bissau;
Guyana|Guyanese|Georgetown;Haiti|Haitian|Port-au-Prince;Honduras|Honduran|Tegucigalpa;
Hungary|Hungarian|Budapest;Iceland|Icelandic|Reykjavik;India|Indian|New Delhi;
Indonesia|Indonesian|Jakarta;Iran|Iranian|Tehran;Iraq|Iraqi|Baghdad;Ireland|Irish|Dublin;
Israel|Israeli|Jerusalem;Italy|Italian|Rome;Ivory Coast|Ivorian|Yamoussoukro;Jamaica|Jamaican|Kingston;
Japan|Japanese|Tokyo;Jordan|Jordanian|Amman;Kazakhstan|Kazakh|Astana;Kenya|Kenyan|Nairobi;
Kiribati|I-Kiribati|Tarawa;Kosovo|Kosovar|Pristina;Kuwait|Kuwaiti|Kuwait City;Kyrgyzstan|Kyrgyz|Bishkek;
Laos|Lao|Vientiane;Latvia|Latvian|Riga;Lebanon|Lebanese|Beirut;Lesotho|Basotho|Maseru;
Liberia|Liberian|Monrovia;Libya|Libyan|Tripoli;Liechtenstein|Liechtensteiner|Vaduz;
Lithuania|Lithuanian|Vilnius;Luxembourg|Luxembourgish|Luxembourg;Madagascar|Malagasy|Antananarivo;
Malawi|Malawian|Lilongwe;Malaysia|Malaysian|Kuala Lumpur;Maldives|Maldivian|Malé;Mali|Malian|Bamako;
Malta|Maltese|Valletta;Marshall Islands|Marshallese|Majuro;Mauritania|Mauritanian|Nouakchott;
Mauritius|Mauritian|Port Louis;Mexico|Mexican|Mexico City;Micronesia|Micronesian|Palikir;
Moldova|Moldovan|Chisinau;Monaco|Monegasque|Monaco;Mongolia|Mongolian|Ulaanbaatar;
Montenegro|Montenegrin|Podgorica;Morocco|Moroccan|Rabat;Mozambique|Mozambican|Maputo;
Myanmar|Burmese|Naypyidaw;Namibia|Namibian|Windhoek;Nauru|Nauruan|Yaren;Nepal|Nepalese|Kathmandu;
Netherlands|Dutch|Amsterdam;New Zealand|New Zealander|Wellington;Nicaragua|Nicaraguan|Managua;
Niger|Nigerien|Niamey;Nigeria|Nigerian|Abuja;North Korea|North Korean|Pyongyang;
North Macedonia|Macedonian|Skopje;Norway|Norwegian|Oslo;Oman|Omani|Muscat;Pakistan|Pakistani|Islamabad;
Palau|Palauan|Ngerulmud;Palestine|Palestinian|Ramallah;Panama|Panamanian|Panama City;
Papua New Guinea|Papua New Guinean|Port Moresby;Paraguay|Paraguayan|Asuncion;Peru|Peruvian|Lima;
Philippines|Filipino|Manila;Poland|Polish|Warsaw;Portugal|Portuguese|Lisbon;Qatar|Qatari|Doha;
Romania|Romanian|Bucharest;Russia|Russian|Moscow;Rwanda|Rwandan|Kigali;Saint Lucia|Saint Lucian|Castries;
Samoa|Samoan|Apia;San Marino|Sammarinese|San Marino;Saudi Arabia|Saudi|Riyadh;Senegal|Senegalese|Dakar;
Serbia|Serbian|Belgrade;Seychelles|Seychellois|Mahé;Sierra Leone|Sierra Leonean|Freetown;
Singapore|Singaporean|Singapore;Slovakia|Slovak|Bratislava;Slovenia|Slovenian|Ljubljana;
Solomon Islands|Solomon Islander|Honiara;Somalia|Somali|Mogadishu;South Africa|South African|Pretoria;
South Korea|South Korean|Seoul;South Sudan|South Sudanese|Juba;Spain|Spanish|Madrid;
Sri Lanka|Sri Lankan|Colombo;Sudan|Sudanese|Khartoum;Suriname|Surinamese|Paramaribo;
Sweden|Swedish|Stockholm;Switzerland|Swiss|Bern;Syria|Syrian|Damascus;Taiwan|Taiwanese|Taipei;
Tajikistan|Tajik|Dushanbe;Tanzania|Tanzanian|Dodoma;Thailand|Thai|Bangkok;Timor-Leste|Timorese|Dili;
Togo|Togolese|Lome;Tonga|Tongan|Nuku'alofa;Trinidad and Tobago|Trinidadian|Port of Spain;
Tunisia|Tunisian|Tunis;Turkey|Turkish|Ankara;Turkmenistan|Turkmen|Ashgabat;Tuvalu|Tuvaluan|Funafuti;
Uganda|Ugandan|Kampala;Ukraine|Ukrainian|Kyiv;United Arab Emirates|Emirati|Abu Dhabi;
United Kingdom|British|London;United States|American|Washington;Uruguay|Uruguayan|Montevideo;
Uzbekistan|Uzbek|Tashkent;Vanuatu|Ni-Vanuatu|Port Vila;Vatican|Vatican|Vatican City;
Venezuela|Venezuelan|Caracas;Vietnam|Vietnamese|Hanoi;Yemen|Yemeni|Sanaa;Zambia|Zambian|Lusaka;
Zimbabwe|Zimbabwean|Harare
"""
"""Every sovereign state (and a few widely recognised territories) as name|demonym|capital."""

COUNTRY_ALIASES = {
    "us": "United States", "u.s.": "United States", "usa": "United States", "u.s.a.": "United States",
    "america": "United States", "united states of america": "United States", "uk": "United Kingdom",
    "u.k.": "United Kingdom", "britain": "United Kingdom", "great britain": "United Kingdom",
    "england": "United Kingdom", "english": "United Kingdom", "scotland": "United Kingdom",
    "wales": "United Kingdom", "uae": "United Arab Emirates", "u.a.e.": "United Arab Emirates",
    "drc": "Congo", "czechia": "Czech Republic", "burma": "Myanmar", "holland": "Netherlands",
    "kiev": "Ukraine", "peking": "China", "persia": "Iran", "côte d'ivoire": "Ivory Coast",
    "cote d'ivoire": "Ivory Coast", "soviet": "Russia", "saudis": "Saudi Arabia",
}  # fmt: skip
"""Other names, short forms and adjectives of the states in COUNTRIES."""


def _places() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for row in COUNTRIES.replace("\n", "").split(";"):
        name, demonym, capital = (x.strip() for x in row.split("|"))
        out.setdefault(name.lower(), (name, "country"))
        out.setdefault(demonym.lower(), (name, "demonym"))
        out.setdefault(capital.lower(), (name, "capital"))
    for alias, name in COUNTRY_ALIASES.items():
        out.setdefault(alias, (name, "demonym" if alias.endswith(("ish", "iet")) else "country"))
    return out


PLACES: dict[str, tuple[str, str]] = _places()
"""A state's name, demonym or capital (lower case) -> (the state's name, which of the three it is)."""

DEMONYM_OF: dict[str, str] = {
    row.split("|")[0].strip(): row.split("|")[1].strip() for row in COUNTRIES.replace("\n", "").split(";")
}
"""A state's name -> its adjective ("Kenya" -> "Kenyan"), to name its bodies one way."""
