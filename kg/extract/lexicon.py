"""Word lists the extraction patterns use: triggers per relation, titles, modality, commodities.

These are English lexicon, not ontology: they say which words express a relation, while
`kg.ontology` says what the relation is. Words are matched lower-cased, on token prefixes where a
trailing `*` is given ("criticiz*" matches criticized, criticizes, criticizing).
"""

from __future__ import annotations

from kg.reference import ROLE_KINDS

# Verbs and nouns that express an interaction, by the relation they give. "generic" triggers (talk,
# discuss) give MET but yield to a more specific anaphor ("the call") for the same pair.
MEET_VERBS = ("met", "meet", "meets", "meeting", "sat down with", "shook hands with", "shaking hands with",
              "held talks", "hold talks", "holds talks", "holding talks", "conferred", "confer")
TALK_WORDS = ("talk", "talks", "talked", "talking", "speak", "speaks", "spoke", "speaking", "discuss",
              "discussed", "discusses", "discussing", "discussion", "discussions", "contact", "communication",
              "dialogue", "consult", "consulted", "consulting", "engage", "engaged")
CALL_VERBS = ("called", "phoned", "telephoned", "dialed", "dialled", "rang")
CALL_NOUN_TRIGGERS = ("phone call", "video call", "telephone call", "call", "phone conversation",
                      "telephone conversation", "video conference", "videoconference")
VISIT_VERBS = ("visited", "visit", "visits", "visiting", "travelled", "traveled", "traveling", "travelling",
               "travels", "travel", "flew", "flies", "fly", "arrived", "arrives", "arriving", "toured", "tours", "went",
               "head to", "heads to", "headed to", "trip", "tour", "take him to", "take her to", "takes him to",
               "takes her to", "took him to", "took her to")
HOST_VERBS = ("hosted", "hosts", "hosting", "host", "received", "welcomed", "welcomes", "receives", "greeted")
ATTEND_CUES = ("attend*", "at", "leave", "left", "leaving", "join*", "participat*", "took part", "take part",
               "taking part", "address*", "walk*", "arrived", "went", "chair*", "during", "on the sidelines")
ATTEND_BLOCKERS = ("barred", "bar", "banned", "excluded", "expelled", "suspended", "skip*", "boycott*",
                   "snub*", "not invited", "uninvited")
MEETING_NOUNS = ("meeting", "meetings", "summit", "summits", "session", "conference", "gathering", "ministerial",
                 "forum", "assembly", "talks", "council")
SANCTION_VERBS = ("sanctioned", "sanctions", "sanctioning", "sanction", "blacklisted", "embargoed", "suspended",
                  "suspends")
SANCTION_NOUNS = ("sanctions", "sanction", "embargo", "embargoes", "export controls", "asset freeze", "tariffs",
                  "tariff", "duties", "levies", "import ban", "export ban")
IMPOSE_VERBS = ("impose*", "slap*", "levied", "levy", "announce*", "introduce*", "extend*", "expand*",
                "adopt*", "unveil*", "widen*", "tighten*")
IMPORT_VERBS = ("import*", "bought", "buy", "buys", "buying", "purchas*", "used", "uses", "using", "consum*",
                "received", "receives", "took", "takes", "acquir*", "sourced", "sources", "snapped up",
                "ramped up", "increased", "boosted")
IMPORT_NOUNS = ("imports", "import", "purchases", "purchase", "purchasing", "buying")
EXPORT_VERBS = ("export*", "sold", "sell", "sells", "selling", "shipped", "ships", "shipping", "supplied",
                "supplies", "supply", "supplying", "delivered", "delivers")
# Place names that contain a country's name or demonym but are not that country.
NOT_COUNTRY_PHRASES = ("Latin America", "Latin American", "Latin Americans", "South America", "South American",
                       "North America", "North American", "Central America", "Central American", "Pan-American",
                       "Pan American", "African American", "African Americans", "New Jersey", "New Mexico",
                       "South China Sea", "East China Sea", "Gulf of Mexico", "Indian Ocean", "Arabian Sea",
                       "Sea of Japan", "Persian Gulf", "New Guinea", "Irish Sea", "Gulf of Guinea")
BUYER_NOUNS = ("buyer", "buyers", "importer", "importers", "customer", "customers", "purchaser", "purchasers")
NEGOTIATION_WORDS = ("nuclear", "peace", "trade", "indirect", "direct", "ceasefire", "truce", "prisoner", "security")
SUPPLIER_NOUNS = ("supplier", "suppliers", "exporter", "exporters", "seller", "source")
EXPORT_NOUNS = ("exports", "export", "sales", "sale", "shipments", "deliveries")
DEAL_NOUNS = ("deal", "deals", "agreement", "contract", "order", "purchase", "accord", "pact", "arrangement", "plan",
              "plans")
CANCEL_VERBS = ("scrap*", "cancel*", "suspend*", "terminat*", "tore up", "tear* up", "torn up", "abandon*",
                "ditch*", "called off", "call* off", "pulled out of", "pull* out of", "withdr* from", "froze",
                "freez*", "halt*", "shelved", "shelve*", "axed", "axe*", "nix*", "revoked", "revoke*")
SIGN_VERBS = ("signed", "sign", "signs", "signing", "inked", "concluded", "clinched", "reached", "reach",
              "struck", "strike", "sealed")
AGREEMENT_NOUNS = ("agreement", "agreements", "deal", "deals", "accord", "treaty", "pact", "memorandum", "statement",
                   "contract", "contracts", "declaration", "partnership")
# "lodged a protest with China", "filed a complaint against Russia"
PROTEST_NOUNS = ("protest", "complaint", "démarche", "demarche")
PROTEST_VERBS = ("protested", "protests", "protest")
CRITICIZE_VERBS = tuple(f"{stem}{ending}" for stem, endings in (
    ("criticiz", ("e", "ed", "es", "ing")), ("criticis", ("e", "ed", "es", "ing")), ("condemn", ("", "ed", "s", "ing")),
    ("denounc", ("e", "ed", "es", "ing")), ("slam", ("", "med", "s", "ming")), ("blast", ("ed", "s", "ing")),
    ("rebuk", ("e", "ed", "es", "ing")), ("accus", ("e", "ed", "es", "ing")), ("censur", ("e", "ed", "es", "ing")),
    ("lambast", ("", "ed", "s", "ing")), ("chastis", ("e", "ed", "es", "ing")), ("decr", ("y", "ied", "ies")),
    ("berat", ("e", "ed", "es", "ing")), ("castigat", ("e", "ed", "es", "ing"))) for ending in endings)
DETAIN_WORDS = ("arrested", "arrests", "arrest", "detained", "detains", "detain", "detaining", "jailed", "jails",
                "imprisoned", "imprisons", "held", "holding", "seized", "abducted", "captured", "sentenced")
INVADE_VERBS = ("invaded", "invade", "invades", "invading", "occupied", "occupies", "annexed", "annexes",
                "sent troops into", "send troops into", "sends troops into", "sent its troops into", "marched into",
                "rolled into")
INVASION_NOUNS = ("invasion", "occupation", "annexation", "offensive")
AID_NOUNS = ("aid", "assistance", "support", "funding", "loans", "loan", "grants", "weapons", "arms", "package",
             "military aid", "humanitarian aid", "air defence", "air defense", "air defences", "air defenses",
             "ammunition")
AID_GIVE_VERBS = ("gave", "give", "gives", "provided", "provides", "provide", "sent", "sends", "send", "pledged",
                  "pledges", "delivered", "delivers", "donated", "donates", "approved", "announced", "granted",
                  "supplied", "supplies", "offered", "providing", "giving", "sending", "supplying", "delivering",
                  "pledging", "donating", "granting", "offering", "extended", "extends", "channelled", "channeled")
AID_RECEIVE_VERBS = ("receives", "received", "receive", "receiving", "gets", "got", "obtained", "accepted",
                     "accepts", "recipient", "recipients", "beneficiary")
EXPEL_VERBS = ("expelled", "expels", "expel", "expelling", "kicked out", "ordered out")
THREATEN_VERBS = ("threaten*", "warned", "warns")

ALLY_NOUNS = {"ally": "ALLIED_WITH", "allies": "ALLIED_WITH", "partner": "PARTNER_OF", "partners": "PARTNER_OF",
              "adversary": "ADVERSARY_OF", "adversaries": "ADVERSARY_OF", "enemy": "ADVERSARY_OF",
              "enemies": "ADVERSARY_OF", "foe": "ADVERSARY_OF", "foes": "ADVERSARY_OF", "rival": "ADVERSARY_OF",
              "rivals": "ADVERSARY_OF", "arch-rival": "ADVERSARY_OF", "archrival": "ADVERSARY_OF"}
MEMBER_NOUNS = ("member", "members", "membership", "member state", "member states", "member country",
                "member countries")
ADMIT_VERBS = ("admit", "admits", "admitted", "admitting", "accept", "accepted", "invite", "invites", "invited",
               "welcome", "welcomed")
JOIN_VERBS = ("joined", "joins", "join", "joining", "admitted to", "acceded to")
LEAVE_ORG_VERBS = ("left", "quit", "withdrew from", "exited", "leaves", "quits")
LIST_INTRODUCERS = ("such as", "including", "like", "namely", "among them", "notably", "especially")

# Modality: an event announced, intended or expected is "planned"; a negated one is not an event.
# Cues that a bare weekday or month lies ahead ("will meet on Friday"); news otherwise reports the past.
FUTURE_CUES = ("will", "'ll", "shall", "scheduled", "set to", "due to", "upcoming", "is to", "are to", "next",
               "to be held", "in the coming", "expected to", "plans to", "planning to", "intends to", "is due", "would",
               "is set", "are set")
PLANNED_CUES = ("will", "'ll", "would", "could", "may", "might", "shall", "plan", "plans", "planned", "planning",
                "expected", "expects", "expect", "set to", "scheduled", "due to", "intend*", "want", "wants",
                "wanted", "hope*", "aim*", "seek*", "sought", "propos*", "upcoming", "to be held", "open to",
                "ready to", "willing to", "is to", "are to", "next week", "next month", "next year",
                "in the coming", "later this", "invited", "invitation", "request*", "prepare*", "arrange*",
                "possible", "potential", "prospect", "applied to", "apply to", "applies to", "bid to", "aspire*",
                "candidate")
NEGATION_CUES = ("not", "n't", "never", "no", "neither", "nor", "refused to", "declined to", "denied", "without",
                 "no longer", "failed to", "rejected", "ruled out", "instead of", "rather than")
ENDED_CUES = ("former", "ex", "retired", "served", "once", "then", "used to", "was", "were", "previously",
              "onetime", "one-time", "erstwhile", "until")

# Offices: words that make a title (the reference data's role words and the usual others).
TITLE_WORDS: tuple[str, ...] = tuple(sorted({
    *(w for words in ROLE_KINDS.values() for w in words if w != "pm"),
    "minister", "ministers", "foreign ministers", "presidents", "prime ministers", "leaders", "ambassador",
    "ambassadors", "envoy", "special envoy", "vice president", "deputy foreign minister", "defence minister",
    "defense minister", "defense secretary", "defence secretary", "national security adviser",
    "national security advisor", "spokesperson", "spokesman", "spokeswoman", "secretary-general",
    "secretary general", "crown prince", "emir", "sultan", "finance minister", "trade minister",
    "energy minister", "interior minister", "deputy prime minister", "first lady", "chief of staff",
    "president-elect", "prime minister-elect", "sheikh", "chairman", "chairwoman", "governor", "counterpart",
    "counterparts",
}, key=len, reverse=True))
TITLE_PREFIXES = ("top", "chief", "senior", "deputy", "acting", "interim", "then", "former", "ex", "longtime",
                  "incoming", "outgoing", "new", "current", "late")

# A country or demonym before these nouns means the state itself acts ("the Russian government").
STATE_NOUNS = ("government", "governments", "administration", "authorities", "officials", "official", "ministry",
               "foreign ministry", "foreign office", "state department", "military", "army", "forces", "troops",
               "navy", "leadership", "regime", "cabinet", "side", "delegation", "diplomats", "diplomat",
               "embassy", "mission", "negotiators", "president", "prime minister", "leaders", "presidency",
               "delegations",
               "coast guard", "parliament", "spokesman", "spokeswoman", "spokesperson", "junta",
               "military government", "defence ministry", "defense ministry")

COMMODITIES = ("crude oil", "oil", "crude", "natural gas", "gas", "lng", "liquefied natural gas", "coal", "wheat",
               "grain", "grains", "corn", "maize", "fertilizer", "fertilizers", "fertiliser", "fertilisers", "energy",
               "fuel", "diesel", "petroleum", "uranium", "nuclear fuel", "weapons", "arms", "military equipment",
               "helicopters", "military transport helicopters", "fighter jets", "jets", "aircraft", "missiles",
               "missile systems", "tanks", "drones", "drone systems", "drone", "ammunition", "steel", "aluminium",
               "aluminum", "nickel",
               "copper", "timber", "gold", "diamonds", "palm oil", "rice", "sugar", "soybeans", "semiconductors",
               "chips", "vaccines", "sunflower oil", "electricity", "goods", "products")
# One name per commodity, so "crude" and "oil" in one story are one flow.
COMMODITY_NAMES = {"crude": "crude oil", "oil": "crude oil", "petroleum": "crude oil", "gas": "natural gas",
                   "lng": "liquefied natural gas", "grains": "grain", "fertilizers": "fertilizer",
                   "fertiliser": "fertilizer", "fertilisers": "fertilizer", "aluminum": "aluminium", "arms": "weapons",
                   "maize": "corn", "chips": "semiconductors"}
UNITS = ("barrels", "barrel", "tonnes", "tons", "tonne", "ton", "cubic metres", "cubic meters", "bcm",
         "barrels per day", "bpd", "units", "dollars", "euros", "yuan", "rupees", "megawatts", "kilograms")
NUMBER_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12.0, "hundred": 100.0,
                "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0, "seven": 7.0,
                "eight": 8.0, "nine": 9.0, "ten": 10.0, "twelve": 12.0, "twenty": 20.0}

PRONOUNS_PERSON = ("he", "she", "him", "his", "her", "hers")
PRONOUNS_STATE = ("it", "its")
# Words that open a phrase whose nouns are not the clause's subject ("in Tashkent", "of the US").
PREPOSITIONS = ("in", "at", "on", "of", "to", "from", "with", "by", "for", "against", "over", "about", "into",
                "between", "among", "toward", "towards", "than", "after", "before", "despite", "like", "as",
                "under", "near", "across", "through", "within", "without", "upon", "including", "amid", "since")
CLAUSE_BREAKS = (";", ":", "—", "–", "--", "(", ")", "“", "”", "\"", "but", "although", "though", "whereas",
                 "while", "because", "however")
SUBORDINATORS = ("since", "because", "after", "before", "if", "when", "while", "although", "though", "until",
                 "unless", "whereas", "once")
