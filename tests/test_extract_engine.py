"""The pattern engine, offline: stored CoreNLP parses (tests/data/parses, re-made by refresh.py) in, events out.
No server is needed; tests that parse live text are in test_extract.py."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kg.extract import Article, extract_article, read_article
from kg.extract.engine import Step, _pattern, attach_paths, load_patterns, walk
from kg.extract.evaluate import Score, evaluate, read_gold
from kg.extract.parse import ParsedSentence, Token, load_parse, parse_from_trimmed
from kg.ontology import relation

DATA = Path(__file__).parent / "data"
PARSES = DATA / "parses"
Fact = tuple[str, str, str, str, str | None]


@cache
def _sentences() -> dict[str, Any]:
    return json.loads((PARSES / "sentences.json").read_text(encoding="utf-8"))


def rows(text: str, published: str = "2024-05-15") -> list[dict[str, Any]]:
    parse = parse_from_trimmed(_sentences()[f"{published} {text}"])
    return extract_article(Article(text, dt.date.fromisoformat(published), "test"), parse=parse)


def facts(text: str, published: str = "2024-05-15") -> set[Fact]:
    """(relation, subject, object, status, date); symmetric relations in id order, as the graph stores them."""
    out = set()
    for r in rows(text, published):
        ends = [r["subject"]["id"], r["object"]["id"]]
        if relation(r["relation"]).symmetric:
            ends.sort()
        out.add((r["relation"], ends[0], ends[1], r["status"], r.get("date")))
    return out


def relations(text: str, published: str = "2024-05-15") -> set[tuple[str, str, str]]:
    return {(rel, s, o) for rel, s, o, _, _ in facts(text, published)}


# --- the pattern files ----------------------------------------------------------------------------------------
def test_every_pattern_names_an_ontology_relation_and_every_family_loads() -> None:
    patterns = load_patterns()
    assert len({p.relation for p in patterns}) >= 20
    with pytest.raises(ValueError, match=r"bad\.toml: pattern 'x': 'MEETS' is not a relation"):
        _pattern({"name": "x", "relation": "MEETS", "trigger": {"lemma": ["meet"]}}, {}, "bad.toml")


def test_pattern_files_are_valid_toml_with_known_keys() -> None:
    allowed = {"name", "relation", "trigger", "subject", "object", "pair", "requires", "unless", "subject_labels",
               "object_labels", "confidence", "object_fallback", "subject_fallback", "back_reference", "subjects_pair",
               "acts", "dated", "planned", "foreign", "conjuncts", "places", "state_acts", "attach"}
    folder = Path(__file__).parents[1] / "kg" / "extract" / "patterns"
    for path in folder.glob("*.toml"):
        for raw in tomllib.loads(path.read_text(encoding="utf-8")).get("pattern", []):
            assert set(raw) <= allowed, (path.name, raw.get("name"), set(raw) - allowed)


def test_walk_follows_steps_down_and_up_with_lemma_constraints() -> None:
    # "Kishida held talks with Albanese": held -nsubj-> Kishida, held -obj-> talks -nmod:with-> Albanese
    words = [("Kishida", "Kishida", "NNP"), ("held", "hold", "VBD"), ("talks", "talk", "NNS"), ("with", "with", "IN"),
             ("Albanese", "Albanese", "NNP")]
    tokens = [Token(i, w, lemma, pos, "O", 0, 0) for i, (w, lemma, pos) in enumerate(words, 1)]
    s = ParsedSentence(0, tokens, [(0, "root", 2), (2, "nsubj", 1), (2, "obj", 3), (3, "nmod:with", 5), (5, "case", 4)])
    patterns = {p.name: p for p in load_patterns()}
    talks = patterns["talks-noun"]
    assert walk(s, 3, talks.subject[0]) == [1]  # ^obj[@light]/nsubj
    assert walk(s, 3, talks.object[0]) == [5]
    s.tokens[1] = Token(2, "ended", "end-not-light", "VBD", "O", 0, 0)
    assert walk(s, 3, talks.subject[0]) == []  # the light-verb constraint holds


# --- one sentence per construction -----------------------------------------------------------------------------
CONSTRUCTIONS: list[tuple[str, Fact]] = [
    ("Indian Prime Minister Narendra Modi met Russian President Vladimir Putin in Moscow on Monday.",
     ("MET", "person:narendra-modi", "person:vladimir-putin", "occurred", "2024-05-13")),
    ("Turkish President Recep Tayyip Erdogan spoke by phone with Ukraine's President Volodymyr Zelenskyy "
     "on Sunday.", ("CALLED", "person:recep-tayyip-erdogan", "person:volodymyr-zelensky", "occurred", "2024-05-12")),
    ("Chancellor Olaf Scholz hosted Emmanuel Macron in Berlin on Tuesday.",
     ("HOSTED", "person:olaf-scholz", "person:emmanuel-macron", "occurred", "2024-05-14")),
    ("Chinese President Xi Jinping arrived in Saudi Arabia on Wednesday for a state visit.",
     ("VISITED", "person:xi-jinping", "SAU", "occurred", "2024-05-15")),
    ("The European Union imposed new sanctions on Belarus on Thursday.",
     ("SANCTIONED", "org:eu", "BLR", "occurred", "2024-05-09")),
    ("Japan sanctioned North Korea over its missile tests.", ("SANCTIONED", "JPN", "PRK", "occurred", None)),
    ("Turkey has sharply increased its imports of Russian gas.", ("IMPORTS_FROM", "TUR", "RUS", "occurred", None)),
    ("Finland joined NATO in April 2023.", ("MEMBER_OF", "FIN", "org:nato", "occurred", None)),
    ("Egypt and Ethiopia are members of BRICS.", ("MEMBER_OF", "ETH", "org:brics", "occurred", None)),
    ("Japan, a close ally of the United States, protested.", ("ALLIED_WITH", "JPN", "USA", "occurred", None)),
    ("Vietnam is an important partner of India.", ("PARTNER_OF", "IND", "VNM", "occurred", None)),
    ("Malaysia cancelled a deal to buy Chinese patrol boats this week.",
     ("CANCELLED_DEAL_WITH", "MYS", "CHN", "occurred", None)),
    ("Poland and Ukraine signed a security agreement on Friday.",
     ("SIGNED_AGREEMENT_WITH", "POL", "UKR", "occurred", "2024-05-10")),
    ("French President Emmanuel Macron criticized Russia on Tuesday.",
     ("CRITICIZED", "person:emmanuel-macron", "RUS", "occurred", "2024-05-14")),
    ("Lithuania expelled two Russian diplomats on Monday.", ("EXPELLED", "LTU", "RUS", "occurred", "2024-05-13")),
    ("Egypt negotiated with Israel.", ("NEGOTIATED_WITH", "EGY", "ISR", "occurred", None)),
    ("Sergey Lavrov attended the ASEAN Regional Forum in Jakarta.",
     ("ATTENDED", "person:sergey-lavrov", "org:arf", "occurred", None)),
    ("Secretary of State Antony Blinken will travel to China next week.",
     ("VISITED", "person:antony-blinken", "CHN", "planned", None)),
    ("Foreign Minister Sergey Lavrov spoke to reporters.",
     ("HOLDS_OFFICE", "person:sergey-lavrov", "RUS", "occurred", None)),
    ("Chinese President Xi Jinping paid a state visit to France on Monday.",
     ("VISITED", "person:xi-jinping", "FRA", "occurred", "2024-05-13")),
    ("Russia's invasion of Ukraine was condemned by Japan.", ("INVADED", "RUS", "UKR", "occurred", None)),
    ("Russia's invasion of Ukraine was condemned by Japan.", ("CRITICIZED", "JPN", "RUS", "occurred", None)),
    ("The talks between Iran and the United States were held in Oman.", ("MET", "IRN", "USA", "occurred", None)),
    ("Australia imposed sanctions on Russia and Belarus on Tuesday.",
     ("SANCTIONED", "AUS", "BLR", "occurred", "2024-05-14")),
    ("Australia imposed sanctions on Russia and Belarus on Tuesday.",
     ("SANCTIONED", "AUS", "RUS", "occurred", "2024-05-14")),
    ("Macron is expected to visit China next month, officials said.",
     ("VISITED", "person:emmanuel-macron", "CHN", "planned", None)),
    # round 2: general constructions per family (criticism, sanctions, membership, ties, aid, conflict)
    ("Japan called China's move a violation of international law.", ("CRITICIZED", "JPN", "CHN", "occurred", None)),
    ("Criticism of Israel by Turkey intensified on Monday.", ("CRITICIZED", "TUR", "ISR", "occurred", None)),
    ("Israel's strikes sparked condemnation from Turkey.", ("CRITICIZED", "TUR", "ISR", "occurred", None)),
    ("Brazil described Israel's offensive as a violation of international law.",
     ("CRITICIZED", "BRA", "ISR", "occurred", None)),
    ("Erdogan lashed out at Sweden on Tuesday.",
     ("CRITICIZED", "person:recep-tayyip-erdogan", "SWE", "occurred", "2024-05-14")),
    ("Iran hit out at France over the cartoons.", ("CRITICIZED", "IRN", "FRA", "occurred", None)),
    ("Beijing railed against Washington's decision.", ("CRITICIZED", "CHN", "USA", "occurred", None)),
    ("The G7 statement accused Beijing of supplying Russia with weapons.",
     ("CRITICIZED", "org:g7", "CHN", "occurred", None)),
    ("Russia's detention of Paul Whelan drew protests.", ("DETAINED", "RUS", "person:paul-whelan", "occurred", None)),
    ("Canada froze the assets of Russia's central bank.", ("SANCTIONED", "CAN", "RUS", "occurred", None)),
    ("The United States raised tariffs on China.", ("SANCTIONED", "USA", "CHN", "occurred", None)),
    ("The US Treasury blacklisted Venezuela's state oil company.", ("SANCTIONED", "USA", "VEN", "occurred", None)),
    ("Russian troops entered Ukraine in February 2022.", ("INVADED", "RUS", "UKR", "occurred", "2022-02")),
    ("Russia's war against Ukraine entered its third year.", ("INVADED", "RUS", "UKR", "occurred", None)),
    ("Russia's threats against Moldova worried the EU.", ("THREATENED", "RUS", "MDA", "occurred", None)),
    ("North Korea vowed to retaliate against South Korea.", ("THREATENED", "PRK", "KOR", "occurred", None)),
    ("Poland ordered the expulsion of Russian diplomats.", ("EXPELLED", "POL", "RUS", "occurred", None)),
    ("The United States withdrew from the nuclear deal with Iran in 2018.",
     ("CANCELLED_DEAL_WITH", "USA", "IRN", "occurred", "2018")),
    ("NATO member Turkey has blocked the bid.", ("MEMBER_OF", "TUR", "org:nato", "occurred", None)),
    ("The EU's 27 members, including France, agreed on the package.",
     ("MEMBER_OF", "FRA", "org:eu", "occurred", None)),
    ("Turkey, a NATO ally, has not joined the sanctions.", ("MEMBER_OF", "TUR", "org:nato", "occurred", None)),
    ("China acceded to the WTO in 2001.", ("MEMBER_OF", "CHN", "org:wto", "occurred", None)),
    ("Hungary belongs to the European Union.", ("MEMBER_OF", "HUN", "org:eu", "occurred", None)),
    ("Japan's alliance with the United States is strong.", ("ALLIED_WITH", "JPN", "USA", "occurred", None)),
    ("Belarus has allied itself with Russia.", ("ALLIED_WITH", "BLR", "RUS", "occurred", None)),
    ("India's partnership with Japan has deepened.", ("PARTNER_OF", "IND", "JPN", "occurred", None)),
    ("India's rivalry with Pakistan is decades old.", ("ADVERSARY_OF", "IND", "PAK", "occurred", None)),
    ("Iran, an archrival of Saudi Arabia, denied the claim.", ("ADVERSARY_OF", "IRN", "SAU", "occurred", None)),
    ("Germany pledged $1 billion in aid to Ukraine.", ("PROVIDED_AID", "DEU", "UKR", "occurred", None)),
    ("Japan airlifted relief supplies to Turkey.", ("PROVIDED_AID", "JPN", "TUR", "occurred", None)),
    ("Chinese loans to Sri Lanka have grown.", ("PROVIDED_AID", "CHN", "LKA", "occurred", None)),
    ("Egypt receives billions of dollars in US aid each year.", ("PROVIDED_AID", "USA", "EGY", "occurred", None)),
    ("Ukraine received military aid from Germany.", ("PROVIDED_AID", "DEU", "UKR", "occurred", None)),
    ("India has ramped up energy imports from Russia.", ("IMPORTS_FROM", "IND", "RUS", "occurred", None)),
    ("Scholz played host to Macron in Berlin.",
     ("HOSTED", "person:olaf-scholz", "person:emmanuel-macron", "occurred", None)),
    ("Iran and the United States are negotiating a new deal.", ("NEGOTIATED_WITH", "IRN", "USA", "occurred", None)),
    ("Japan lodged a strong protest with China on Wednesday.",
     ("CRITICIZED", "JPN", "CHN", "occurred", "2024-05-15")),
    ("The AU suspended Niger and Gabon after military takeovers last year.",
     ("SANCTIONED", "org:au", "GAB", "occurred", None)),
    ("Mali was suspended from ECOWAS after the coup.", ("SANCTIONED", "org:ecowas", "MLI", "occurred", None)),
    ("Venezuela expelled diplomats from seven Latin American countries, including Argentina and Chile.",
     ("EXPELLED", "VEN", "CHL", "occurred", None)),
    ("Xi Jinping was among the leaders who attended the BRICS summit in Johannesburg.",
     ("ATTENDED", "person:xi-jinping", "org:brics", "occurred", None)),
    ("Kenyan President William Ruto and South African President Cyril Ramaphosa were among dozens of leaders who "
     "attended the African Union summit.", ("ATTENDED", "person:cyril-ramaphosa", "org:au", "occurred", None)),
    ("Iran is in talks with the IAEA over inspections.", ("MET", "IRN", "org:iaea", "occurred", None)),
    ("UK PM Rishi Sunak visited Kyiv.", ("HOLDS_OFFICE", "person:rishi-sunak", "GBR", "occurred", None)),
    ("Lavrov, the Russian FM, arrived in New Delhi.",
     ("HOLDS_OFFICE", "person:sergey-lavrov", "RUS", "occurred", None)),
    ("Russia declared two Japanese diplomats persona non grata.", ("EXPELLED", "RUS", "JPN", "occurred", None)),
    ("Washington imposed fresh sanctions targeting Russia's energy sector.",
     ("SANCTIONED", "USA", "RUS", "occurred", None)),
    ("Russia threatened to cut off gas supplies to Moldova.", ("THREATENED", "RUS", "MDA", "occurred", None)),
    ("Russia annexed Crimea from Ukraine in 2014.", ("INVADED", "RUS", "UKR", "occurred", "2014")),
    ("After talks with Wang Yi, Blinken said progress had been made.",
     ("MET", "person:antony-blinken", "person:wang-yi", "occurred", None)),
    ("During a meeting with Modi, Putin praised the partnership.",
     ("MET", "person:narendra-modi", "person:vladimir-putin", "occurred", None)),
    ("\"China's actions are a clear violation of international law,\" Japan said.",
     ("CRITICIZED", "JPN", "CHN", "occurred", None)),
    ("\"This is unacceptable,\" Chinese Foreign Minister Wang Yi said of the US decision.",
     ("CRITICIZED", "person:wang-yi", "USA", "occurred", None)),
    ("Germany said Russia's behaviour was irresponsible.", ("CRITICIZED", "DEU", "RUS", "occurred", None)),
    ("US ally Japan protested.", ("ALLIED_WITH", "JPN", "USA", "occurred", None)),
    ("NATO ally Turkey objected.", ("MEMBER_OF", "TUR", "org:nato", "occurred", None)),
    ("EU members Hungary and Slovakia objected.", ("MEMBER_OF", "SVK", "org:eu", "occurred", None)),
    ("Sweden's accession to NATO was completed in March.", ("MEMBER_OF", "SWE", "org:nato", "occurred", None)),
    ("Armenia has frozen its participation in the Russian-led Collective Security Treaty Organization.",
     ("MEMBER_OF", "ARM", "org:csto", "occurred", None)),
    ("Modi's attendance at the BRICS summit was confirmed.",
     ("ATTENDED", "person:narendra-modi", "org:brics", "occurred", None)),
    ("The agreement, signed by India and Japan, covers defence.",
     ("SIGNED_AGREEMENT_WITH", "IND", "JPN", "occurred", None)),
    ("The treaty was signed by Russia and China in 2001.",
     ("SIGNED_AGREEMENT_WITH", "CHN", "RUS", "occurred", "2001")),
    ("Sweden's foreign minister Maria Malmer Stenergard is due to travel to Helsinki next month.",
     ("HOLDS_OFFICE", "person:maria-malmer-stenergard", "SWE", "occurred", None)),
    ("Ukraine's defence minister Rustem Umerov led the delegation.",
     ("HOLDS_OFFICE", "person:rustem-umerov", "UKR", "occurred", None)),
    ("Uruguay hosted the Mercosur summit in Montevideo.", ("HOSTED", "URY", "org:mercosur", "occurred", None)),
    ("India scrapped its defence deal with Russia.", ("CANCELLED_DEAL_WITH", "IND", "RUS", "occurred", None)),
    ("Ukraine was given $2 billion in military aid by the United States.",
     ("PROVIDED_AID", "USA", "UKR", "occurred", None)),
    ("Weapons were supplied to Ukraine by Germany.", ("PROVIDED_AID", "DEU", "UKR", "occurred", None)),
    ("The deal was negotiated by Iran and the United States.", ("NEGOTIATED_WITH", "IRN", "USA", "occurred", None)),
]


@pytest.mark.parametrize(("text", "expected"), CONSTRUCTIONS, ids=[f"{e[0]}-{i}" for i, (_, e) in
                                                                     enumerate(CONSTRUCTIONS)])
def test_construction(text: str, expected: Fact) -> None:
    found = facts(text)
    assert expected in found, f"{expected} not in {sorted(found)}"


# round 3: constructions per family, none taken from a passage (docs/extraction.md, Round 3)
CONSTRUCTIONS_ROUND3: list[tuple[str, Fact]] = [
    ("China condemned the US arms sale to Taiwan on Monday.", ("CRITICIZED", "CHN", "USA", "occurred", "2024-05-13")),
    ("Iran denounced Israel's strike as an act of aggression.", ("CRITICIZED", "IRN", "ISR", "occurred", None)),
    ("The Kremlin slammed NATO's decision to send more troops to the Baltics.",
     ("CRITICIZED", "RUS", "org:nato", "occurred", None)),
    ("Germany rebuked Hungary for blocking the aid package.", ("CRITICIZED", "DEU", "HUN", "occurred", None)),
    ("Beijing blasted Washington over its latest export curbs.", ("CRITICIZED", "CHN", "USA", "occurred", None)),
    ("Mexico criticised the United States for deporting its citizens.", ("CRITICIZED", "MEX", "USA", "occurred", None)),
    ("India hit back at Canada's allegations on Tuesday.", ("CRITICIZED", "IND", "CAN", "occurred", None)),
    ("Ukrainian President Volodymyr Zelensky criticized Hungarian Prime Minister Viktor Orban for his trip to Moscow.",
     ("CRITICIZED", "person:volodymyr-zelensky", "person:viktor-orban", "occurred", None)),
    ("South Korea strongly protested against Japan's claim to the islands.",
     ("CRITICIZED", "KOR", "JPN", "occurred", None)),
    ("China's foreign ministry accused the United States of hypocrisy.",
     ("CRITICIZED", "CHN", "USA", "occurred", None)),
    ("Poland sharply criticised Germany over the pipeline.", ("CRITICIZED", "POL", "DEU", "occurred", None)),
    ("Israel's offensive in Rafah was condemned by Egypt.", ("CRITICIZED", "EGY", "ISR", "occurred", None)),
    ("Turkey's condemnation of Israel was swift.", ("CRITICIZED", "TUR", "ISR", "occurred", None)),
    ("Washington called Beijing's military drills provocative.", ("CRITICIZED", "USA", "CHN", "occurred", None)),
    ("Japan called the missile launch by North Korea a grave threat.", ("CRITICIZED", "JPN", "PRK", "occurred", None)),
    ("Iran, Israel's arch-foe, denied any role in the attack.", ("ADVERSARY_OF", "IRN", "ISR", "occurred", None)),
    ("India and Pakistan, nuclear-armed rivals, have fought three wars.",
     ("ADVERSARY_OF", "IND", "PAK", "occurred", None)),
    ("Saudi Arabia restored ties with its regional rival Iran in 2023.",
     ("ADVERSARY_OF", "IRN", "SAU", "occurred", None)),
    ("Russia views NATO as an adversary.", ("ADVERSARY_OF", "RUS", "org:nato", "occurred", None)),
    ("North Korea's archenemy, the United States, sent an aircraft carrier.",
     ("ADVERSARY_OF", "PRK", "USA", "occurred", None)),
    ("Armenia and Azerbaijan, long-time foes, signed a border deal.", ("ADVERSARY_OF", "ARM", "AZE", "occurred", None)),
    ("China regards the United States as its main strategic rival.", ("ADVERSARY_OF", "CHN", "USA", "occurred", None)),
    ("Iran arrested a French national on spying charges on Sunday.",
     ("DETAINED", "IRN", "FRA", "occurred", "2024-05-12")),
    ("Chinese authorities detained Canadians Michael Kovrig and Michael Spavor in 2018.",
     ("DETAINED", "CHN", "person:michael-spavor", "occurred", "2018")),
    ("Russia has held Paul Whelan since 2018.", ("DETAINED", "RUS", "person:paul-whelan", "occurred", None)),
    ("American journalist Evan Gershkovich was arrested in Russia in March 2023.",
     ("DETAINED", "RUS", "person:evan-gershkovich", "occurred", "2023-03")),
    ("China sentenced Australian writer Yang Hengjun to death.",
     ("DETAINED", "CHN", "person:yang-hengjun", "occurred", None)),
    ("Venezuela jailed two US citizens last year.", ("DETAINED", "VEN", "USA", "occurred", None)),
    ("The United States sent Ukraine another $2 billion in military aid.",
     ("PROVIDED_AID", "USA", "UKR", "occurred", None)),
    ("Germany delivered Leopard tanks to Ukraine in March.", ("PROVIDED_AID", "DEU", "UKR", "occurred", "2024-03")),
    ("Japan pledged $5 billion to Ukraine for reconstruction.", ("PROVIDED_AID", "JPN", "UKR", "occurred", None)),
    ("China donated vaccines to Cambodia.", ("PROVIDED_AID", "CHN", "KHM", "occurred", None)),
    ("The IMF approved a $3 billion bailout for Egypt.", ("PROVIDED_AID", "org:imf", "EGY", "occurred", None)),
    ("Washington's $61 billion aid package for Ukraine passed Congress.",
     ("PROVIDED_AID", "USA", "UKR", "occurred", None)),
    ("Saudi Arabia has given Pakistan a $3 billion loan.", ("PROVIDED_AID", "SAU", "PAK", "occurred", None)),
    ("India shipped wheat to Afghanistan as humanitarian assistance.",
     ("PROVIDED_AID", "IND", "AFG", "occurred", None)),
    ("Qatar will provide fuel to Lebanon's army.", ("PROVIDED_AID", "QAT", "LBN", "planned", None)),
    ("Russia launched a full-scale invasion of Ukraine in February 2022.",
     ("INVADED", "RUS", "UKR", "occurred", "2022-02")),
    ("Turkey launched a military offensive in northern Syria in 2019.", ("INVADED", "TUR", "SYR", "occurred", "2019")),
    ("Ukrainian forces launched an incursion into Russia's Kursk region in August.",
     ("INVADED", "UKR", "RUS", "planned", "2024-08")),
    ("Russia sent troops into Georgia in 2008.", ("INVADED", "RUS", "GEO", "occurred", "2008")),
    ("Iraq's invasion of Kuwait in 1990 triggered the Gulf War.", ("INVADED", "IRQ", "KWT", "occurred", "1990")),
    ("Israeli troops invaded Lebanon in 1982.", ("INVADED", "ISR", "LBN", "occurred", "1982")),
    ("Ethiopian troops crossed into Somalia.", ("INVADED", "ETH", "SOM", "occurred", None)),
    ("Sweden became NATO's 32nd member in March.", ("MEMBER_OF", "SWE", "org:nato", "occurred", None)),
    ("EU member states such as Hungary and Slovakia objected.", ("MEMBER_OF", "HUN", "org:eu", "occurred", None)),
    ("Egypt, Ethiopia and Iran joined BRICS in January.", ("MEMBER_OF", "EGY", "org:brics", "occurred", None)),
    ("Modi met Biden at the G20 summit in New Delhi.",
     ("ATTENDED", "person:narendra-modi", "org:g20", "occurred", None)),
    ("Xi Jinping traveled to Kazan for the BRICS summit.",
     ("ATTENDED", "person:xi-jinping", "org:brics", "occurred", None)),
    ("Zelensky was at the NATO summit in Vilnius.",
     ("ATTENDED", "person:volodymyr-zelensky", "org:nato", "occurred", None)),
    ("Erdogan spoke at the UN General Assembly on Tuesday.",
     ("ATTENDED", "person:recep-tayyip-erdogan", "org:un", "occurred", "2024-05-14")),
    ("Lula hosted the G20 summit in Rio.", ("HOSTED", "person:luiz-inacio-lula-da-silva", "org:g20", "occurred", None)),
    ("The EU added Iranian officials to its sanctions list.", ("SANCTIONED", "org:eu", "IRN", "occurred", None)),
    ("Britain sanctioned five Russian banks on Thursday.", ("SANCTIONED", "GBR", "RUS", "occurred", "2024-05-09")),
    ("China banned imports of Japanese seafood.", ("SANCTIONED", "CHN", "JPN", "occurred", None)),
    ("Washington slapped 25% tariffs on Chinese goods.", ("SANCTIONED", "USA", "CHN", "occurred", None)),
    ("The US placed Huawei on its entity list.", ("SANCTIONED", "USA", "org:huawei", "occurred", None)),
    ("New Zealand imposed travel bans on Russian officials.", ("SANCTIONED", "NZL", "RUS", "occurred", None)),
    ("The US Treasury sanctioned Chinese firms that supplied drones to Russia.",
     ("SANCTIONED", "USA", "CHN", "occurred", None)),
    ("Putin and Xi met in Beijing on Thursday.",
     ("MET", "person:vladimir-putin", "person:xi-jinping", "occurred", "2024-05-09")),
    ("Blinken met his Chinese counterpart Wang Yi in Beijing.",
     ("MET", "person:antony-blinken", "person:wang-yi", "occurred", None)),
    ("Modi and Putin held talks in Moscow.",
     ("MET", "person:narendra-modi", "person:vladimir-putin", "occurred", None)),
    ("Macron received Zelensky at the Elysee Palace on Friday.",
     ("HOSTED", "person:emmanuel-macron", "person:volodymyr-zelensky", "occurred", "2024-05-10")),
    ("Biden had talks with Erdogan on the sidelines of the NATO summit.",
     ("MET", "person:joe-biden", "person:recep-tayyip-erdogan", "occurred", None)),
    ("Scholz met his French counterpart on Monday.", ("MET", "FRA", "person:olaf-scholz", "occurred", "2024-05-13")),
    ("Abbas Araghchi, Iran's foreign minister, arrived in Oman.",
     ("HOLDS_OFFICE", "person:abbas-araghchi", "IRN", "occurred", None)),
    ("PM Modi flew to Kyiv.", ("HOLDS_OFFICE", "person:narendra-modi", "IND", "occurred", None)),
    ("Kaja Kallas, the EU's foreign policy chief, spoke.",
     ("HOLDS_OFFICE", "person:kaja-kallas", "org:eu", "occurred", None)),
    ("Prime Minister Shehbaz Sharif of Pakistan visited Beijing.",
     ("HOLDS_OFFICE", "person:shehbaz-sharif", "PAK", "occurred", None)),
    ("UN Secretary-General Antonio Guterres called for a ceasefire.",
     ("HOLDS_OFFICE", "person:antonio-guterres", "org:un", "occurred", None)),
    ("Keir Starmer became prime minister of Britain in July.",
     ("HOLDS_OFFICE", "person:keir-starmer", "GBR", "planned", None)),
    ("Macron hosted Modi for talks at the Elysee on Friday.",
     ("MET", "person:emmanuel-macron", "person:narendra-modi", "occurred", "2024-05-10")),
    ("Zelensky joined G7 leaders at the summit in Apulia.",
     ("ATTENDED", "person:volodymyr-zelensky", "org:g7", "occurred", None)),
    ("It was Modi's first SCO summit since 2019.", ("ATTENDED", "person:narendra-modi", "org:sco", "occurred", None)),
    ("Chinese leader Xi Jinping arrived in Moscow.", ("HOLDS_OFFICE", "person:xi-jinping", "CHN", "occurred", None)),
    ("Russia's top diplomat Sergey Lavrov arrived in Delhi.",
     ("HOLDS_OFFICE", "person:sergey-lavrov", "RUS", "occurred", None)),
    ("NATO chief Mark Rutte visited Kyiv.", ("HOLDS_OFFICE", "person:mark-rutte", "org:nato", "occurred", None)),
    ("Saudi Crown Prince Mohammed bin Salman received Blinken in Riyadh.",
     ("HOLDS_OFFICE", "person:mohammed-bin-salman", "SAU", "occurred", None)),
    ("Iran's Supreme Leader Ali Khamenei warned Israel.",
     ("HOLDS_OFFICE", "person:ali-khamenei", "IRN", "occurred", None)),
    ("German Foreign Minister Annalena Baerbock met Wang Yi in Berlin.",
     ("MET", "person:annalena-baerbock", "person:wang-yi", "occurred", None)),
    ("Linda Thomas-Greenfield, the US ambassador to the United Nations, criticized Russia.",
     ("CRITICIZED", "person:linda-thomas-greenfield", "RUS", "occurred", None)),
    ("\"This is a blatant violation of the ceasefire,\" said Ukrainian Foreign Minister Dmytro Kuleba, "
     "referring to Russia's strikes.",
     ("CRITICIZED", "person:dmytro-kuleba", "RUS", "occurred", None)),
    ("The Chinese embassy in Manila accused the Philippines of provocations.",
     ("CRITICIZED", "CHN", "PHL", "occurred", None)),
    ("Beijing voiced strong opposition to the visit and lodged protests with Washington.",
     ("CRITICIZED", "CHN", "USA", "occurred", None)),
    ("The leaders of France and Germany met in Paris on Monday.", ("MET", "DEU", "FRA", "occurred", "2024-05-13")),
    ("Australian Prime Minister Anthony Albanese and Chinese Premier Li Qiang held their annual talks in Canberra.",
     ("MET", "person:anthony-albanese", "person:li-qiang", "occurred", None)),
    ("In a phone call with Putin, Erdogan urged a ceasefire.",
     ("CALLED", "person:recep-tayyip-erdogan", "person:vladimir-putin", "occurred", None)),
    ("Japan and the Philippines signed a defence pact in Manila.",
     ("SIGNED_AGREEMENT_WITH", "JPN", "PHL", "occurred", None)),
    ("The United States is Israel's closest ally.", ("ALLIED_WITH", "ISR", "USA", "occurred", None)),
    ("Qatar mediated between Israel and Hamas.", ("NEGOTIATED_WITH", "ISR", "org:hamas", "occurred", None)),
    ("Pyongyang condemned the joint drills by Seoul and Washington.", ("CRITICIZED", "PRK", "KOR", "occurred", None)),
    ("Russia and India signed a deal for five S-400 systems in 2018.",
     ("SIGNED_AGREEMENT_WITH", "IND", "RUS", "occurred", "2018")),
    ("China and Russia inked a 30-year gas supply contract.",
     ("SIGNED_AGREEMENT_WITH", "CHN", "RUS", "occurred", None)),
    ("The agreement between Israel and the UAE was signed at the White House.",
     ("SIGNED_AGREEMENT_WITH", "ARE", "ISR", "occurred", None)),
    ("The United States and the Taliban signed a peace deal in Doha in February 2020.",
     ("SIGNED_AGREEMENT_WITH", "USA", "org:taliban", "occurred", "2020-02")),
    ("US and Chinese negotiators resumed trade talks in Beijing.", ("MET", "CHN", "USA", "occurred", None)),
    ("Russia and Ukraine held peace talks in Istanbul in March 2022.", ("MET", "RUS", "UKR", "occurred", "2022-03")),
    ("Egypt and Qatar are mediating between Israel and Hamas.",
     ("NEGOTIATED_WITH", "ISR", "org:hamas", "occurred", None)),
    ("Russia is India's largest supplier of oil.", ("EXPORTS_TO", "RUS", "IND", "occurred", None)),
    ("China is the biggest buyer of Iranian crude.", ("IMPORTS_FROM", "CHN", "IRN", "occurred", None)),
    ("Germany halted purchases of Russian coal in August 2022.", ("SANCTIONED", "DEU", "RUS", "occurred", "2022-08")),
    ("North Korea threatened the United States with nuclear strikes.", ("THREATENED", "PRK", "USA", "occurred", None)),
    ("China warned the Philippines of consequences.", ("THREATENED", "CHN", "PHL", "occurred", None)),
    ("The US expelled 35 Russian diplomats in December 2016.", ("EXPELLED", "USA", "RUS", "occurred", "2016-12")),
    ("Germany declared four Russian diplomats persona non grata on Thursday.",
     ("EXPELLED", "DEU", "RUS", "occurred", "2024-05-09")),
    ("Niger ordered French troops to leave the country.", ("EXPELLED", "NER", "FRA", "occurred", None)),
    ("Australia cancelled a submarine contract with France in 2021.",
     ("CANCELLED_DEAL_WITH", "AUS", "FRA", "occurred", "2021")),
    ("Biden landed in Tel Aviv on Wednesday.", ("VISITED", "person:joe-biden", "ISR", "occurred", "2024-05-15")),
    ("During his visit to Beijing, Scholz met Xi.", ("VISITED", "person:olaf-scholz", "CHN", "occurred", None)),
    ("Blinken is on a three-day trip to China.", ("VISITED", "person:antony-blinken", "CHN", "occurred", None)),
    ("Macron began a state visit to Germany on Sunday.",
     ("VISITED", "person:emmanuel-macron", "DEU", "occurred", "2024-05-12")),
    ("Zelensky made a surprise visit to Washington.",
     ("VISITED", "person:volodymyr-zelensky", "USA", "occurred", None)),
    ("Xi hosted Putin in Beijing on Thursday.", ("VISITED", "person:vladimir-putin", "CHN", "occurred", "2024-05-09")),
    ("Erdogan met Putin in Sochi.", ("VISITED", "person:recep-tayyip-erdogan", "RUS", "occurred", None)),
    ("Modi was received by Putin at the Kremlin.",
     ("HOSTED", "person:vladimir-putin", "person:narendra-modi", "occurred", None)),
    ("Biden spoke with Xi by telephone on Thursday.",
     ("CALLED", "person:joe-biden", "person:xi-jinping", "occurred", "2024-05-09")),
    ("In a call with Zelensky, Scholz promised more air defence.",
     ("CALLED", "person:olaf-scholz", "person:volodymyr-zelensky", "occurred", None)),
    ("Putin phoned Erdogan on Monday.",
     ("CALLED", "person:recep-tayyip-erdogan", "person:vladimir-putin", "occurred", "2024-05-13")),
    ("Modi will attend the SCO summit in Astana next week.",
     ("ATTENDED", "person:narendra-modi", "org:sco", "planned", None)),
    ("Finland formally became a member of NATO on Tuesday.", ("MEMBER_OF", "FIN", "org:nato", "occurred", None)),
    ("Japan and Australia are close security partners.", ("PARTNER_OF", "AUS", "JPN", "occurred", None)),
    ("Russia and China declared a no-limits partnership.", ("PARTNER_OF", "CHN", "RUS", "occurred", None)),
    ("Greece and Turkey are longtime rivals.", ("ADVERSARY_OF", "GRC", "TUR", "occurred", None)),
    ("The US and the Philippines are treaty allies.", ("ALLIED_WITH", "PHL", "USA", "occurred", None)),
    ("China issued a statement condemning the US arms sale to Taiwan.", ("CRITICIZED", "CHN", "USA", "occurred", None)),
    ("Turkey has been critical of Sweden's stance on Kurdish groups.", ("CRITICIZED", "TUR", "SWE", "occurred", None)),
    ("Japan protested to China over the incursion.", ("CRITICIZED", "JPN", "CHN", "occurred", None)),
    ("Seoul lodged a formal complaint with Tokyo over the textbooks.", ("CRITICIZED", "KOR", "JPN", "occurred", None)),
    ("Iran and the United States held indirect talks in Oman on Saturday.",
     ("NEGOTIATED_WITH", "IRN", "USA", "occurred", "2024-05-11")),
]


@pytest.mark.parametrize(("text", "expected"), CONSTRUCTIONS_ROUND3,
                         ids=[f"{e[0]}-r3-{i}" for i, (_, e) in enumerate(CONSTRUCTIONS_ROUND3)])
def test_construction_round3(text: str, expected: Fact) -> None:
    found = facts(text)
    assert expected in found, f"{expected} not in {sorted(found)}"


@pytest.mark.parametrize(("text", "relation_type"), [
    ("The raid drew sharp criticism from France.", "CRITICIZED"),  # criticism of no named actor
    ("The sanctions were condemned by Moscow as illegal.", "CRITICIZED"),
    ("France will not criticize Italy, the minister said.", "CRITICIZED"),
    ("Russia urged Armenia not to criticize the CSTO.", "CRITICIZED"),
    ("Britain will train Ukrainian soldiers.", "PROVIDED_AID"),
    ("Humanitarian aid from Turkey arrived in Gaza.", "INVADED"),
    ("If Russia invades Moldova, the EU will respond.", "INVADED"),
    ("Russia attacked Ukraine's energy grid overnight.", "INVADED"),
    ("Ukraine is not a member of NATO.", "MEMBER_OF"),
    ("Putin skipped the G20 summit in Bali.", "ATTENDED"),
    ("Japan is considering sanctions on Russia.", "SANCTIONED"),
    ("Blinken did not meet Lavrov in Jakarta.", "MET"),
    ("Xi told Biden that Taiwan was the most dangerous issue in relations.", "MET"),
    ("Moscow reacted angrily to the decision by Finland.", "CRITICIZED"),
    ("The United States should negotiate with Iran, the senator said.", "NEGOTIATED_WITH"),
    ("The United States should negotiate with Iran, the senator said.", "MET"),
    ("Washington offered Moscow a deal to free jailed Americans Paul Whelan and Brittney Griner.", "PROVIDED_AID"),
    ("Kenyan President William Ruto and Nigerian President Bola Tinubu were among the leaders who attended the "
     "ECOWAS summit.", "MET"),  # attending one summit is not meeting each other
    ("Iran and world powers reached a nuclear deal in Vienna in 2015.", "SIGNED_AGREEMENT_WITH"),
    ("Putin threatened to use nuclear weapons against the West.", "THREATENED"),
    ("Trump pulled the United States out of the Paris climate accord.", "CANCELLED_DEAL_WITH"),
    ("Putin skipped the BRICS summit in Johannesburg to avoid arrest.", "ATTENDED"),
    ("Ukraine wants to join the European Union.", "MEMBER_OF"),
    ("Turkey is ready to host peace talks between Kyiv and Moscow.", "NEGOTIATED_WITH"),  # an offer, not a plan
    ("Turkey is ready to host peace talks between Kyiv and Moscow.", "MET"),
    ("Russia wants to negotiate with Ukraine.", "NEGOTIATED_WITH"),  # a wish
])
def test_round3_non_events(text: str, relation_type: str) -> None:
    assert not {f for f in facts(text) if f[0] == relation_type}, sorted(facts(text))


# Round 4: lexical classes per family (docs/extraction.md, "Round 4"): each sentence, written for the test, must give
# (relation, subject, object); symmetric relations in id order.
CONSTRUCTIONS_ROUND4: list[tuple[str, tuple[str, str, str]]] = [
    ('Modi took part in the G20 summit in New Delhi on Saturday.',
     ('ATTENDED', 'person:narendra-modi', 'org:g20')),
    ('Turkey participated in the NATO summit in Vilnius.',
     ('ATTENDED', 'TUR', 'org:nato')),
    ('South Africa joined the BRICS summit by video link.',
     ('ATTENDED', 'ZAF', 'org:brics')),
    ('Brazil addressed the United Nations General Assembly on Tuesday.',
     ('ATTENDED', 'BRA', 'org:un')),
    ('Leaders of Brazil, India and China gathered in Kazan for the BRICS summit.',
     ('ATTENDED', 'IND', 'org:brics')),
    ('The German chancellor arrived in Hiroshima for the G7 summit on Friday.',
     ('ATTENDED', 'DEU', 'org:g7')),
    ("Chinese Foreign Minister Wang Yi was in Jakarta for the ASEAN foreign ministers' meeting.",
     ('ATTENDED', 'person:wang-yi', 'org:asean')),
    ('At the ASEAN summit in Vientiane, Chinese Premier Li Qiang urged restraint.',
     ('ATTENDED', 'person:li-qiang', 'org:asean')),
    ('France sent its foreign minister to the European Union summit in Brussels.',
     ('ATTENDED', 'FRA', 'org:eu')),
    ("Kenya's delegation to the African Union summit was led by its vice president.",
     ('ATTENDED', 'KEN', 'org:au')),
    ('India and the United Arab Emirates signed a free trade agreement on Friday.',
     ('SIGNED_AGREEMENT_WITH', 'ARE', 'IND')),
    ('Japan inked a defence pact with the Philippines in Manila.',
     ('SIGNED_AGREEMENT_WITH', 'JPN', 'PHL')),
    ('Vietnam and Australia sealed a deal on critical minerals.',
     ('SIGNED_AGREEMENT_WITH', 'AUS', 'VNM')),
    ('Indonesia struck a deal with Japan to build a power plant.',
     ('SIGNED_AGREEMENT_WITH', 'IDN', 'JPN')),
    ('Britain concluded a trade agreement with New Zealand last year.',
     ('SIGNED_AGREEMENT_WITH', 'GBR', 'NZL')),
    ('Kenya signed a memorandum of understanding with India on maritime security.',
     ('SIGNED_AGREEMENT_WITH', 'IND', 'KEN')),
    ('Egypt and Russia agreed a deal for the construction of a nuclear plant.',
     ('SIGNED_AGREEMENT_WITH', 'EGY', 'RUS')),
    ('China and Pakistan signed 23 agreements covering trade and energy.',
     ('SIGNED_AGREEMENT_WITH', 'CHN', 'PAK')),
    ('Brazil and China inked a series of accords during the visit.',
     ('SIGNED_AGREEMENT_WITH', 'BRA', 'CHN')),
    ('Kazakhstan supplies uranium under an agreement signed with Russia in 2021.',
     ('SIGNED_AGREEMENT_WITH', 'KAZ', 'RUS')),
    ('The United States reached an agreement with Saudi Arabia on civil nuclear cooperation.',
     ('SIGNED_AGREEMENT_WITH', 'SAU', 'USA')),
    ('France and Armenia entered into a defence agreement in October.',
     ('SIGNED_AGREEMENT_WITH', 'ARM', 'FRA')),
    ("The European Union slammed Russia's decision to hold elections in occupied regions.",
     ('CRITICIZED', 'org:eu', 'RUS')),
    ('China hit back at Japan over its plan to release treated water.',
     ('CRITICIZED', 'CHN', 'JPN')),
    ("Iran's foreign ministry denounced the Israeli strikes on Damascus.",
     ('CRITICIZED', 'IRN', 'ISR')),
    ('Japan lodged a protest with China over the incursion.',
     ('CRITICIZED', 'JPN', 'CHN')),
    ('Moscow lambasted Finland for joining the alliance.',
     ('CRITICIZED', 'RUS', 'FIN')),
    ('France criticised the United States over its subsidies for electric cars.',
     ('CRITICIZED', 'FRA', 'USA')),
    ('China accused the Philippines of deliberately ramming its vessel.',
     ('CRITICIZED', 'CHN', 'PHL')),
    ("Germany voiced strong criticism of China's military drills near Taiwan.",
     ('CRITICIZED', 'DEU', 'CHN')),
    ("The United States rebuked China for its support of Russia's war.",
     ('CRITICIZED', 'USA', 'CHN')),
    ("South Korea decried North Korea's latest missile test as a grave provocation.",
     ('CRITICIZED', 'KOR', 'PRK')),
    ("Russia's envoy took a swipe at Washington during the council meeting.",
     ('CRITICIZED', 'RUS', 'USA')),
    ('India sharply criticised Pakistan on Monday, saying it harboured terrorists.',
     ('CRITICIZED', 'IND', 'PAK')),
    ('Brazil condemned Israel in a statement on Sunday.',
     ('CRITICIZED', 'BRA', 'ISR')),
    ("China's foreign ministry expressed strong dissatisfaction with the United States.",
     ('CRITICIZED', 'CHN', 'USA')),
    ("Mexico's president blasted the United States over the deportations.",
     ('CRITICIZED', 'MEX', 'USA')),
    ('Norway faulted Russia for the disruption of satellite signals.',
     ('CRITICIZED', 'NOR', 'RUS')),
    ('Canada has repeatedly criticized India, accusing New Delhi of interference.',
     ('CRITICIZED', 'CAN', 'IND')),
    ('North Korea threatened the United States with nuclear strikes.',
     ('THREATENED', 'PRK', 'USA')),
    ('Iran warned Israel of a crushing response.',
     ('THREATENED', 'IRN', 'ISR')),
    ('Beijing vowed to take countermeasures against Washington.',
     ('THREATENED', 'CHN', 'USA')),
    ('Moscow threatened to cut gas supplies to the European Union.',
     ('THREATENED', 'RUS', 'org:eu')),
    ('China issued a stern warning to Taiwan on Wednesday.',
     ('THREATENED', 'CHN', 'TWN')),
    ('Russia warned Moldova that it would respond to any provocation.',
     ('THREATENED', 'RUS', 'MDA')),
    ('Trump threatened Canada with steep tariffs.',
     ('THREATENED', 'person:donald-trump', 'CAN')),
    ("Erdogan threatened to block Sweden's bid to join NATO.",
     ('THREATENED', 'person:recep-tayyip-erdogan', 'SWE')),
    ('Pyongyang vowed retaliation against Seoul for the leaflets.',
     ('THREATENED', 'PRK', 'KOR')),
    ('Germany pledged 500 million euros in aid to Ukraine.',
     ('PROVIDED_AID', 'DEU', 'UKR')),
    ('The United States announced a $2 billion military aid package for Ukraine.',
     ('PROVIDED_AID', 'USA', 'UKR')),
    ('Japan sent humanitarian supplies to Lebanon.',
     ('PROVIDED_AID', 'JPN', 'LBN')),
    ('China delivered vaccines to Cambodia on Monday.',
     ('PROVIDED_AID', 'CHN', 'KHM')),
    ('The United States has given Ukraine more than $60 billion in military assistance.',
     ('PROVIDED_AID', 'USA', 'UKR')),
    ('Iran has long funded Hamas.',
     ('PROVIDED_AID', 'IRN', 'org:hamas')),
    ('Ukraine received 4.5 billion euros from the European Union.',
     ('PROVIDED_AID', 'org:eu', 'UKR')),
    ("Germany, Ukraine's second-largest donor, promised more air defence systems.",
     ('PROVIDED_AID', 'DEU', 'UKR')),
    ('Britain will supply Ukraine with long-range missiles.',
     ('PROVIDED_AID', 'GBR', 'UKR')),
    ('Washington provides Israel with $3.8 billion in military assistance each year.',
     ('PROVIDED_AID', 'USA', 'ISR')),
    ("Qatar financed fuel shipments for Lebanon's army.",
     ('PROVIDED_AID', 'QAT', 'LBN')),
    ('China bailed out Sri Lanka with a $1.5 billion currency swap.',
     ('PROVIDED_AID', 'CHN', 'LKA')),
    ('The European Union adopted a new package of sanctions against Russia.',
     ('SANCTIONED', 'org:eu', 'RUS')),
    ('Washington blacklisted dozens of Chinese companies.',
     ('SANCTIONED', 'USA', 'CHN')),
    ('Britain froze the assets of Russian oligarchs.',
     ('SANCTIONED', 'GBR', 'RUS')),
    ('The United States restricted exports of advanced chips to China.',
     ('SANCTIONED', 'USA', 'CHN')),
    ('The United States hit Iran with fresh sanctions on Thursday.',
     ('SANCTIONED', 'USA', 'IRN')),
    ('China imposed a ban on imports from Lithuania.',
     ('SANCTIONED', 'CHN', 'LTU')),
    ('Canada announced sanctions targeting Russian officials.',
     ('SANCTIONED', 'CAN', 'RUS')),
    ('Australia placed financial sanctions and travel bans on Iranian officials.',
     ('SANCTIONED', 'AUS', 'IRN')),
    ('Ukraine and Russia held negotiations in Istanbul.',
     ('NEGOTIATED_WITH', 'RUS', 'UKR')),
    ('Israel is negotiating with Hamas through Qatari mediators.',
     ('NEGOTIATED_WITH', 'ISR', 'org:hamas')),
    ('Qatar and Egypt mediated between Israel and Hamas.',
     ('NEGOTIATED_WITH', 'ISR', 'org:hamas')),
    ('Iran and the United States resumed talks on a nuclear deal.',
     ('NEGOTIATED_WITH', 'IRN', 'USA')),
    ('Britain is in negotiations with the European Union over fishing rights.',
     ('NEGOTIATED_WITH', 'GBR', 'org:eu')),
    ('Armenia and Azerbaijan held talks on a peace treaty in Washington.',
     ('NEGOTIATED_WITH', 'ARM', 'AZE')),
    ('India and China held talks to resolve the border dispute.',
     ('NEGOTIATED_WITH', 'CHN', 'IND')),
    ('India opened negotiations with the EU on a trade deal.',
     ('NEGOTIATED_WITH', 'IND', 'org:eu')),
    ('The United States and China entered into talks over tariffs.',
     ('NEGOTIATED_WITH', 'CHN', 'USA')),
    ('China and Russia agreed to deepen their cooperation.',
     ('PARTNER_OF', 'CHN', 'RUS')),
    ("India's defence cooperation with the United States has grown.",
     ('PARTNER_OF', 'IND', 'USA')),
    ('Australia and Indonesia upgraded ties to a comprehensive strategic partnership.',
     ('PARTNER_OF', 'AUS', 'IDN')),
    ('Vietnam elevated its relationship with the United States to a comprehensive strategic partnership.',
     ('PARTNER_OF', 'USA', 'VNM')),
    ('France is a key strategic partner of India.',
     ('PARTNER_OF', 'FRA', 'IND')),
    ('Japan and the Philippines boosted security cooperation.',
     ('PARTNER_OF', 'JPN', 'PHL')),
    ('Japan, a treaty ally of the United States, hosted the drills.',
     ('ALLIED_WITH', 'JPN', 'USA')),
    ("Belarus, Russia's closest ally, hosted the exercises.",
     ('ALLIED_WITH', 'BLR', 'RUS')),
    ('The United States and the Philippines are treaty allies.',
     ('ALLIED_WITH', 'PHL', 'USA')),
    ('Blinken was in Israel on Monday.',
     ('VISITED', 'person:antony-blinken', 'ISR')),
    ('During a visit to Beijing, the German chancellor met Xi Jinping.',
     ('VISITED', 'DEU', 'CHN')),
    ('Modi travelled by train to Ukraine.',
     ('VISITED', 'person:narendra-modi', 'UKR')),
    ('Kishida made a two-day trip to South Korea.',
     ('VISITED', 'person:fumio-kishida', 'KOR')),
    ('Putin arrived in North Korea for a state visit on Wednesday.',
     ('VISITED', 'person:vladimir-putin', 'PRK')),
    ("Xi Jinping's state visit to Hungary ended on Friday.",
     ('VISITED', 'person:xi-jinping', 'HUN')),
    ('Biden made a surprise visit to Kyiv on Monday.',
     ('VISITED', 'person:joe-biden', 'UKR')),
    ('Erdogan flew to Sochi for talks with Putin.',
     ('VISITED', 'person:recep-tayyip-erdogan', 'RUS')),
    ('Finland became the 31st member of NATO.',
     ('MEMBER_OF', 'FIN', 'org:nato')),
    ('Sweden formally joined NATO in March.',
     ('MEMBER_OF', 'SWE', 'org:nato')),
    ('Egypt, Ethiopia and Iran were admitted to BRICS.',
     ('MEMBER_OF', 'EGY', 'org:brics')),
    ('Russia arrested a US journalist on espionage charges.',
     ('DETAINED', 'RUS', 'USA')),
    ('Iran is holding two French citizens.',
     ('DETAINED', 'IRN', 'FRA')),
    ('Poland expelled 45 Russian diplomats.',
     ('EXPELLED', 'POL', 'RUS')),
    ('Mali ordered the French ambassador to leave within 72 hours.',
     ('EXPELLED', 'MLI', 'FRA')),
    ('Australia scrapped a submarine deal with France.',
     ('CANCELLED_DEAL_WITH', 'AUS', 'FRA')),
    ('Washington withdrew from the nuclear deal with Iran.',
     ('CANCELLED_DEAL_WITH', 'USA', 'IRN')),
    ('India bought record volumes of Russian crude in May.',
     ('IMPORTS_FROM', 'IND', 'RUS')),
    ('Russia shipped more gas to China last year.',
     ('EXPORTS_TO', 'RUS', 'CHN')),
    ('North Korea has supplied artillery shells to Russia.',
     ('EXPORTS_TO', 'PRK', 'RUS')),
    ('The sanctions imposed by the EU on Belarus in 2021 remain in force.',
     ('SANCTIONED', 'org:eu', 'BLR')),
    ('President Barack Obama travelled to Cambodia to attend the East Asia Summit.',
     ('ATTENDED', 'person:barack-obama', 'org:east-asia-summit')),
    ('Australia attended the Pacific Islands Forum in Tonga.',
     ('ATTENDED', 'AUS', 'org:pacific-islands-forum')),
    ('Putin told an online CSTO summit on Monday that the mission was over.',
     ('ATTENDED', 'person:vladimir-putin', 'org:csto')),
    ('The ASEAN Regional Forum, attended by Secretary of State Hillary Clinton, ended on Friday.',
     ('ATTENDED', 'person:hillary-clinton', 'org:arf')),
    ('Russia hosted the SCO summit, and the leaders of Kazakhstan and Kyrgyzstan took part in the gathering.',
     ('ATTENDED', 'KAZ', 'org:sco')),
    ('Iran and Saudi Arabia signed a China-brokered deal.',
     ('NEGOTIATED_WITH', 'CHN', 'IRN')),
    ('The talks between Serbia and Kosovo were mediated by Catherine Ashton.',
     ('NEGOTIATED_WITH', 'SRB', 'person:catherine-ashton')),
    ('Armenia froze its participation in the Russian-led Collective Security Treaty Organization.',
     ('MEMBER_OF', 'RUS', 'org:csto')),
    ('The panel included H.E. Uhuru Kenyatta, former President of the Republic of Kenya.',
     ('HOLDS_OFFICE', 'person:uhuru-kenyatta', 'KEN')),
    ('Prime Minister Nikol Pashinyan met today with the President of the French Republic, Emmanuel Macron, and the '
     'President of the European Council, Charles Michel.',
     ('MET', 'person:emmanuel-macron', 'person:nikol-pashinyan')),
    ('President Barack Obama met President Thein Sein in Naypyidaw. The President then met with Daw Aung San Suu Kyi '
     'at her residence.',
     ('MET', 'person:aung-san-suu-kyi', 'person:barack-obama')),
    ("Wang's next stops are Tonga, Vanuatu and Papua New Guinea.",
     ('VISITED', 'person:wang', 'TON')),
    ('Biden flew to Jeddah directly from Israel on Friday.',
     ('VISITED', 'person:joe-biden', 'ISR')),
    ('Putin held talks in Astana with Turkish President Recep Tayyip Erdogan.',
     ('VISITED', 'person:recep-tayyip-erdogan', 'KAZ')),
    ('The return of Secretary of State John Kerry to Geneva raised hopes of a deal.',
     ('VISITED', 'person:john-kerry', 'CHE')),
    ('Biden confronted Crown Prince Mohammed bin Salman over the murder of a journalist.',
     ('CRITICIZED', 'person:joe-biden', 'person:mohammed-bin-salman')),
    ("France objected to Iran's proposal on Saturday.",
     ('CRITICIZED', 'FRA', 'IRN')),
    ('Georgia and Moldova initialled association agreements with the European Union.',
     ('SIGNED_AGREEMENT_WITH', 'GEO', 'org:eu')),
    ('China and Kazakhstan signed a joint statement on Saturday.',
     ('SIGNED_AGREEMENT_WITH', 'CHN', 'KAZ')),
    ('Russia banned imports of Moldovan wine in September.',
     ('SANCTIONED', 'RUS', 'MDA')),
    ('The Shanghai Cooperation Organisation, which includes China, Russia and India, met in Samarkand.',
     ('MEMBER_OF', 'IND', 'org:sco')),
    ('The leaders suspended Paraguay from Mercosur on Friday.',
     ('MEMBER_OF', 'PRY', 'org:mercosur')),
    ('Azerbaijan, which has been locked in a conflict with Armenia since 1991, bought drones.',
     ('ADVERSARY_OF', 'ARM', 'AZE')),
    ('The dispute between China and Japan deepened on Monday.',
     ('ADVERSARY_OF', 'CHN', 'JPN')),
    ("India, one of Russia's closest partners, abstained.",
     ('PARTNER_OF', 'IND', 'RUS')),
    ("Belarus, one of Russia's closest allies, hosted the drills.",
     ('ALLIED_WITH', 'BLR', 'RUS')),
    ('The talks between Serbia and Kosovo were mediated by Catherine Ashton.',
     ('NEGOTIATED_WITH', 'SRB', 'person:catherine-ashton')),
    ("Ukraine's delegation was led by Defence Minister Rustem Umerov, while Russia sent presidential "
     'aide Vladimir Medinsky.',
     ('HOLDS_OFFICE', 'person:rustem-umerov', 'UKR')),
    ("Ukraine's delegation was led by Defence Minister Rustem Umerov, while Russia sent presidential "
     'aide Vladimir Medinsky.',
     ('HOLDS_OFFICE', 'person:vladimir-medinsky', 'RUS')),
    ('TOKYO - Prime Minister Taro Yamada has not spoken to Chinese Premier Li Qiang since the collision.',
     ('HOLDS_OFFICE', 'person:taro-yamada', 'JPN')),
    ("Xi and Nazarbayev agreed to deepen the China-Kazakhstan comprehensive strategic partnership.",
     ("PARTNER_OF", "CHN", "KAZ")),  # a hyphenated pair is both sides
    ("The US-China trade deal was signed in January.", ("SIGNED_AGREEMENT_WITH", "CHN", "USA")),
    ("Beijing dismissed Manila's claims in the South China Sea.", ("CRITICIZED", "CHN", "PHL")),
    ("Venezuela accused the United States of sabotage. The State Department rejected the allegations as baseless.",
     ("CRITICIZED", "USA", "VEN")),  # the allegations are the last critic's
    ("Australian Foreign Minister Penny Wong visited Fiji. She is expected in Samoa and Tonga this week.",
     ("VISITED", "person:penny-wong", "WSM")),
    ("Sudanese President Omar al-Bashir, who attended the independence ceremony in Juba on Saturday, left.",
     ("VISITED", "person:omar-al-bashir", "SSD")),
    ("Xi met Biden at the APEC summit in San Francisco.", ("ATTENDED", "person:joe-biden", "org:apec")),
    ("Iranian Foreign Minister Mohammad Javad Zarif held talks with the six powers - the United States, Britain, "
     "France, Germany, Russia and China - in Geneva.", ("MET", "DEU", "person:mohammad-javad-zarif")),
    ("Israel sent humanitarian aid to the Ukrainian people.", ("PROVIDED_AID", "ISR", "UKR")),
    ("Seoul said it would halt nearly all trade with North Korea.", ("SANCTIONED", "KOR", "PRK")),
    ("The three governments suspended Paraguay from Mercosur's decision-making bodies.",
     ("SANCTIONED", "org:mercosur", "PRY")),
    ("Hor Namhong blamed the failure on Manila and Hanoi.", ("CRITICIZED", "person:hor-namhong", "PHL")),
    ("BAMAKO - Mali expelled the French ambassador. The Government further reiterates its rejection of the sanctions "
     "imposed by ECOWAS.", ("CRITICIZED", "MLI", "org:ecowas")),  # "The Government": the dateline's
    ("Putin spoke for an hour, blaming Ukraine's leadership for the war.",
     ("CRITICIZED", "person:vladimir-putin", "UKR")),
    ("Kazakhstan is the third stop of President Xi's Central Asian tour, following a state visit to Turkmenistan.",
     ("VISITED", "person:xi-jinping", "KAZ")),
    ("Protesters gathered in Honiara, where Chinese Foreign Minister Wang Yi held talks with officials.",
     ("VISITED", "person:wang-yi", "SLB")),
    ("The United States is Israel's biggest military backer.", ("PROVIDED_AID", "USA", "ISR")),
    ("Kim Jong Un threatened to launch missiles at Guam and the United States.",
     ("THREATENED", "person:kim-jong-un", "USA")),
    ("The United States pulled out of the Iran nuclear deal in 2018.", ("CANCELLED_DEAL_WITH", "USA", "IRN")),
    ("Iran arrested a British-Iranian aid worker in Tehran.", ("DETAINED", "IRN", "GBR")),  # a dual national
]


@pytest.mark.parametrize(("text", "expected"), CONSTRUCTIONS_ROUND4,
                         ids=[f"{e[0]}-r4-{i}" for i, (_, e) in enumerate(CONSTRUCTIONS_ROUND4)])
def test_construction_round4(text: str, expected: tuple[str, str, str]) -> None:
    found = relations(text)
    assert expected in found, f"{expected} not in {sorted(found)}"


@pytest.mark.parametrize(("text", "relation_type"), [
    ("Trump threatened Canada with steep tariffs.", "SANCTIONED"),  # a threat of sanctions is no sanction
    ("Russia banned imports of Moldovan wine in September.", "IMPORTS_FROM"),  # a banned flow is no flow
    ("Putin received Modi at his residence outside Moscow.", "MET"),  # hosting is HOSTED; the guide adds no MET
    ("China denied providing weapons to Russia.", "PROVIDED_AID"),  # a denial governs its loose complement
    ("Blinken was not in Israel on Monday.", "VISITED"),  # the copula's negation
    ("Experts warned of a possible conflict between China and Taiwan.", "ADVERSARY_OF"),  # speculation
    ("The US and the EU resolved their trade dispute.", "ADVERSARY_OF"),  # a resolved dispute is over
])
def test_round4_non_events(text: str, relation_type: str) -> None:
    assert not {f for f in facts(text) if f[0] == relation_type}, sorted(facts(text))


def test_a_singular_bare_title_is_the_first_person_the_story_gave_it() -> None:
    found = relations("President Barack Obama met President Thein Sein in Naypyidaw. The President then met with Daw "
                      "Aung San Suu Kyi at her residence.")
    assert ("MET", "person:aung-san-suu-kyi", "person:barack-obama") in found
    assert ("MET", "person:aung-san-suu-kyi", "person:thein-sein") not in found  # "the President" is not the last two


def test_an_organization_office_on_record_is_not_the_datelines_state() -> None:
    found = relations("BRUSSELS - Secretary-General Jens Stoltenberg said the alliance was ready.", "2023-04-04")
    assert ("HOLDS_OFFICE", "person:jens-stoltenberg", "org:nato") in found
    assert ("HOLDS_OFFICE", "person:jens-stoltenberg", "BEL") not in found


def test_a_title_one_state_alone_uses_names_that_state() -> None:
    found = relations("SEOUL - Secretary of State Hillary Clinton arrived in Seoul on Wednesday.", "2010-05-25")
    assert ("HOLDS_OFFICE", "person:hillary-clinton", "USA") in found
    assert ("HOLDS_OFFICE", "person:dai-bingguo", "CHN") in relations(
        "TOKYO - State Councillor Dai Bingguo summoned the ambassador.", "2010-05-25")


def test_a_numbered_plural_anaphor_takes_that_many_and_restoring_relations_is_an_agreement() -> None:
    found = relations("Brazil, Turkey and Iran held talks in Tehran, and the foreign ministers of the three countries "
                      "signed a declaration.", "2010-05-18")
    assert {("SIGNED_AGREEMENT_WITH", "BRA", "IRN"), ("SIGNED_AGREEMENT_WITH", "BRA", "TUR"),
            ("SIGNED_AGREEMENT_WITH", "IRN", "TUR")} <= found
    # three not named in the sentence: no guess from memory
    assert not {f for f in relations("Brazil and Turkey mediated with Iran. The declaration was signed by the "
                                      "foreign ministers of the three countries.", "2010-05-18")
                if f[0] == "SIGNED_AGREEMENT_WITH"}
    assert ("SIGNED_AGREEMENT_WITH", "IRN", "SAU") in relations(
        "Saudi Arabia and Iran agreed on Friday to re-establish diplomatic relations.", "2010-05-18")


def test_the_country_is_the_main_clause_subjects_state() -> None:
    assert ("ALLIED_WITH", "ARM", "RUS") in relations(
        "YEREVAN - Armenian President Serzh Sargsyan called Russia the country's strategic ally.", "2010-08-20")


def test_mediators_negotiate_with_each_party_not_with_each_other() -> None:
    found = relations("Qatar and Egypt are mediating ceasefire negotiations between Israel and Hamas.")
    assert {("NEGOTIATED_WITH", "ISR", "QAT"), ("NEGOTIATED_WITH", "EGY", "org:hamas")} <= found
    assert ("NEGOTIATED_WITH", "EGY", "QAT") not in found
    assert ("CRITICIZED", "CHN", "JPN") in relations(
        "China lodged stern representations with Japan over the release of treated water.")


def test_a_body_named_with_a_demonym_is_an_organization_not_the_state() -> None:
    found = relations("Australia attended the Pacific Islands Forum in Tonga.")
    assert ("ATTENDED", "AUS", "org:pacific-islands-forum") in found
    assert not {f for f in found if f[2] == "TON" and f[0] == "ATTENDED"}


def test_a_bare_the_call_refers_back_to_the_two_people_last_named() -> None:
    assert ("CALLED", "person:antony-blinken", "person:sergey-lavrov", "planned", None) in facts(
        "Secretary of State Antony Blinken said he wanted to speak with Sergey Lavrov. The call is expected in the "
        "coming days.")
    # "during the meeting" adds nothing new to the meeting already found (round 4: Erdogan, met in Sochi, was in Russia)
    assert {f[0] for f in facts("Putin met Erdogan in Sochi on Monday. During the meeting, Putin praised Turkey's "
                                "mediation.")} == {"MET", "VISITED"}


def test_a_participle_adjunct_shares_the_subject_of_its_clause() -> None:
    assert ("VISITED", "person:sergey-lavrov", "UZB", "occurred", "2024-05-10") in facts(
        "Speaking to reporters in Tashkent on Friday, Lavrov said Russia was open to talks.")


def test_detainees_named_by_a_modifier_are_held_by_the_other_state_of_the_sentence() -> None:
    found = relations("Washington offered Moscow a deal to free jailed Americans Paul Whelan and Brittney Griner.")
    assert {("DETAINED", "RUS", "person:paul-whelan"), ("DETAINED", "RUS", "person:brittney-griner")} <= found
    assert not any(r == "DETAINED" and s == "USA" for r, s, _ in found)


def test_membership_with_others_makes_them_members_too() -> None:
    found = relations("India values its membership in the Quad with the United States, Australia and Japan.")
    assert {("MEMBER_OF", c, "org:quad") for c in ("IND", "USA", "AUS", "JPN")} <= found


def test_plural_titles_with_several_states_and_unnamed_office_holders_stand_for_their_states() -> None:
    found = relations("Lavrov at a G20 meeting with the Chinese and Indian foreign ministers in Bali.")
    assert {("MET", "CHN", "person:sergey-lavrov"), ("MET", "IND", "person:sergey-lavrov")} <= found
    # docs/labelling.md: an office-holder the story has not named is the state; once named, the person
    assert ("MET", "FRA", "person:olaf-scholz") in relations("The French president met Scholz in Berlin on Monday.")
    assert ("MET", "person:emmanuel-macron", "person:olaf-scholz") in relations(
        "French President Emmanuel Macron arrived in Berlin. The French president met Scholz on Monday.")


def test_relative_clauses_reach_the_name_they_describe() -> None:
    assert ("PROVIDED_AID", "USA", "EGY") in relations(
        "Blinken met Sisi, a longtime US partner whose country receives billions of dollars in American aid every "
        "year.")
    found = relations("Kenyan President William Ruto and Nigerian President Bola Tinubu were among the leaders who "
                      "attended the ECOWAS summit.")
    assert {("ATTENDED", "person:william-ruto", "org:ecowas"),
            ("ATTENDED", "person:bola-tinubu", "org:ecowas")} <= found



def test_a_definite_act_with_no_actor_named_is_its_doers() -> None:
    assert ("CRITICIZED", "KOR", "PRK") in relations(
        "North Korea fired a ballistic missile on Sunday, and Seoul condemned the launch.")
    assert ("CRITICIZED", "person:olaf-scholz", "org:eu") in relations(
        "The EU imposed tariffs on Chinese electric cars. German Chancellor Olaf Scholz criticized the tariffs.")
    found = relations("Modi visited Moscow in July. Zelensky criticized the visit, calling it a huge disappointment.")
    assert ("CRITICIZED", "person:volodymyr-zelensky", "person:narendra-modi") in found
    assert not any(r in ("CALLED", "CRITICIZED") and o in ("RUS", "UKR") for r, _, o in found)  # "it" is the visit
    assert relations("Japan criticized the decision.") == set()  # a decision could be anyone's


def test_round3_more_constructions() -> None:
    assert ("THREATENED", "ISR", "IRN") in relations("Israel has threatened to strike Iranian nuclear facilities.")
    assert ("CRITICIZED", "ARM", "org:csto") in relations(
        "Armenia froze its participation in the CSTO, accusing the bloc of failing to protect the country.")
    assert ("PROVIDED_AID", "USA", "EGY") in relations(
        "Egypt, a major recipient of US military aid, bought Russian jets.")
    # a release says they were held; its date is the release's, not the detention's
    assert ("DETAINED", "IRN", "FRA", "occurred", None) in facts(
        "Iran released the French tourist on Friday after two years in prison.")
    assert relations("Chinese coast guard ships blocked a Philippine resupply mission.") == set()

def test_a_neutral_quote_or_a_judgement_of_no_actor_is_not_criticism() -> None:
    for text in ("\"We will work with Japan,\" China said.", "Blinken said the talks were productive.",
                 "Macron said the attack was unacceptable.", "The talks began at 5 pm on Monday."):
        assert not {f for f in facts(text) if f[0] in ("CRITICIZED", "HOLDS_OFFICE")}, text
    # membership in an organization is not attending a meeting
    assert not {f for f in facts("Armenia has frozen its participation in the Russian-led Collective Security Treaty "
                                 "Organization.") if f[0] == "ATTENDED"}


def test_a_negation_outranks_a_modal_in_any_word_order() -> None:
    assert not relations("The US will not provide aid to Ukraine.")


# --- the status rule --------------------------------------------------------------------------------------------
def test_negation_conditionals_and_refusals_are_not_events() -> None:
    assert not any(r == "MET" for r, *_ in relations("Putin did not meet Erdogan in Ankara."))
    assert ("MEMBER_OF", "UKR", "org:nato") not in relations("Ukraine is not a member of NATO.")
    assert not relations("Hungary refused to sanction Russia.")
    assert not any(r == "SANCTIONED" for r, *_ in relations("If Germany sanctions Iran, Tehran will respond."))


def test_modality_and_expectations_make_an_event_planned() -> None:
    assert ("MET", "person:antony-blinken", "person:wang-yi", "planned", None) in facts(
        "Blinken said he expects to meet Wang Yi in the coming days.")
    assert ("VISITED", "person:narendra-modi", "AUT", "planned", "2024-05-17") in facts(
        "Indian Prime Minister Narendra Modi will travel to Austria on Friday.")


def test_fear_of_sanctions_is_not_a_sanction_and_a_deal_to_buy_is_not_an_import() -> None:
    assert not any(r == "SANCTIONED" for r, *_ in relations(
        "Manila scrapped the deal over fears of possible US sanctions."))
    found = relations("The Philippines scrapped a deal to buy 16 Russian helicopters.")
    assert ("CANCELLED_DEAL_WITH", "PHL", "RUS") in found
    assert not any(r == "IMPORTS_FROM" for r, *_ in found)


def test_event_nouns_without_participants_invent_nothing() -> None:
    assert facts("The handshakes and phone calls cast doubt on the strategy.") == set()


# --- actors and coreference ------------------------------------------------------------------------------------
def test_pronouns_and_definite_role_phrases() -> None:
    found = relations("Turkish President Recep Tayyip Erdogan arrived in Baku. The Turkish president later met "
                      "Azerbaijani President Ilham Aliyev. He also visited Georgia.")
    assert ("MET", "person:ilham-aliyev", "person:recep-tayyip-erdogan") in found
    assert ("VISITED", "person:recep-tayyip-erdogan", "GEO") in found


def test_whose_country_and_its_refer_to_the_right_state() -> None:
    assert ("MEMBER_OF", "TUR", "org:nato") in relations(
        "Putin met Turkish President Recep Tayyip Erdogan, whose country is a NATO member.")
    assert ("MEMBER_OF", "IND", "org:quad") in relations(
        "India has kept buying Russian oil despite its membership in the Quad.")


def test_the_two_leaders_are_the_last_two_named() -> None:
    assert ("SIGNED_AGREEMENT_WITH", "person:emmanuel-macron", "person:volodymyr-zelensky") in relations(
        "Zelensky met French President Emmanuel Macron in Paris, where the two leaders signed a security pact.")


def test_unknown_people_become_actors_and_are_never_countries() -> None:
    found = relations("Russia has detained American journalist Evan Gershkovich. Scarborough Shoal is disputed.")
    assert ("DETAINED", "RUS", "person:evan-gershkovich") in found
    assert not any("scarborough" in s.lower() or "scarborough" in o.lower() for _, s, o in found)


def test_affiliation_from_a_demonym_before_a_title() -> None:
    text = "Iranian security chief Ali Shamkhani held talks with Saudi officials in Beijing on Friday."
    (met,) = [r for r in rows(text, "2023-03-12") if r["relation"] == "MET"]
    shamkhani = met["subject"] if met["subject"]["id"] == "person:ali-shamkhani" else met["object"]
    assert shamkhani == {"name": "Ali Shamkhani", "type": "Person", "id": "person:ali-shamkhani", "country": "IRN"}
    assert {met["subject"]["id"], met["object"]["id"]} == {"person:ali-shamkhani", "SAU"}


def test_lists_after_a_group_noun_expand_to_every_member() -> None:
    found = relations("Leaders from Brazil, India and South Africa attended the summit.")
    assert found == set() or all(s in {"BRA", "IND", "ZAF"} for _, s, _ in found)


# --- the dev passages, on stored parses ------------------------------------------------------------------------
def _passages() -> list[tuple[Path, Path]]:
    out = []
    for parse in sorted(PARSES.glob("articles*--*.json")):
        group, stem = parse.stem.split("--")
        out.append((DATA / group / f"{stem}.txt", parse))
    return out


SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed-article.txt"
if not SEED.exists():
    SEED = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seed-article.txt"


def test_seed_article_core_f1_floor() -> None:
    """The issue's target on the seed article (core F1 >= 0.95; 29 of 30 at round 3: the elliptical "in Egypt
    with President el-Sisi" of a photo caption, "the call" that refers back, detainees named by "arrested")."""
    if not SEED.exists():
        pytest.skip("the shared seed article is not beside this checkout")
    result = evaluate(extract_article(read_article(SEED), parse=load_parse(PARSES / "shared--seed-article.json")),
                      read_gold(SEED.with_name("seed-article.gold.jsonl")))
    assert result.tiers["core"].f1 >= 0.95, result.tiers["core"].as_dict()


def _passage_relations(group: str, stem: str) -> set[tuple[str, str, str]]:
    parse = load_parse(PARSES / f"{group}--{stem}.json")
    rows = extract_article(read_article(DATA / group / f"{stem}.txt"), parse=parse)
    return {(r["relation"], r["subject"]["id"], r["object"]["id"]) for r in rows}


def test_a_story_remembers_surnames_and_the_states_its_titles_gave() -> None:
    # NER misses "Pashinyan" in "Aliyev and Pashinyan are expected to meet"; his state comes from
    # "Prime Minister Nikol Pashinyan" earlier in the story (not from the reference data)
    found = _passage_relations("articles-blind7", "armenia")
    assert {("MET", "person:ilham-aliyev", "person:nikol-pashinyan"), ("VISITED", "person:nikol-pashinyan", "FRA"),
            ("HOLDS_OFFICE", "person:nikol-pashinyan", "ARM")} <= found
    # "arrived in Egypt on Tuesday for talks with President al-Sisi"
    assert ("MET", "person:antony-blinken", "person:abdel-fattah-el-sisi") in _passage_relations(
        "articles-blind4", "gaza")
    # "Zelenskiy, who attended the summit as a guest": the summit is the G7's, named earlier
    assert ("ATTENDED", "person:volodymyr-zelensky", "org:g7") in _passage_relations("articles-blind2", "g7-summit")


def test_dev_passages_pooled_precision_and_recall_floor() -> None:
    """A regression floor (docs/extraction.md has the figures): precision stays high on every passage pooled."""
    tp = fp = fn = 0
    for text, parse in _passages():
        result = evaluate(extract_article(read_article(text), parse=load_parse(parse)),
                          read_gold(text.with_name(text.stem + ".gold.jsonl")))
        core = result.tiers["core"]
        tp, fp, fn = tp + core.tp, fp + core.fp, fn + core.fn
    pooled = Score(tp, fp, fn)
    assert pooled.precision >= 0.85 and pooled.recall >= 0.5, pooled.as_dict()


# --- round 5: generic attachment, chairs, plural pronouns --------------------------------------------------------
CONSTRUCTIONS_ROUND5 = [
    ("Nigeria's President Bola Tinubu, who chairs the ECOWAS bloc, said the coup leaders had one week to step down.",
     "2023-07-31", ("MEMBER_OF", "NGA", "org:ecowas")),  # the chair is a member; his state from his title here
    ("Norway took over the chairmanship of the Arctic Council from Russia on Thursday.", "2023-05-11",
     ("MEMBER_OF", "NOR", "org:arctic-council")),
    ("Norway took over the chairmanship of the Arctic Council from Russia on Thursday.", "2023-05-11",
     ("MEMBER_OF", "RUS", "org:arctic-council")),  # the outgoing chair too
    ("Kenya holds the rotating chair of the East African Community.", "2024-05-15",
     ("MEMBER_OF", "KEN", "org:east-african-community")),
    ("Xi will attend a summit of the Shanghai Cooperation Organisation, of which China and Kazakhstan are both "
     "founding members.", "2013-09-07", ("MEMBER_OF", "KAZ", "org:sco")),  # "of which": obl:of
    ("Macron and Scholz said they would sign a defence agreement next month.", "2024-05-15",
     ("SIGNED_AGREEMENT_WITH", "person:emmanuel-macron", "person:olaf-scholz")),  # "they": the coordinated subject
    ("US President Barack Obama arrived in Bangkok on Sunday. The President travelled to Burma from Bangkok, where he "
     "held talks with Prime Minister Yingluck Shinawatra.", "2012-11-19",
     ("MET", "person:barack-obama", "person:yingluck-shinawatra")),  # "he": the clause subject, a bare title
    ("Indian Prime Minister Narendra Modi met with President Vladimir Putin to discuss trade.", "2024-07-09",
     ("MET", "person:narendra-modi", "person:vladimir-putin")),  # parsed as Putin the subject of "discuss"
    ("President Barack Obama and Iranian President Hassan Rouhani spoke by telephone - the first such conversation "
     "since 1979.", "2013-09-28", ("CALLED", "person:barack-obama", "person:hassan-rouhani")),
    ("The deal was agreed after four days of talks between Iran and the United States.", "2013-11-24",
     ("NEGOTIATED_WITH", "IRN", "USA")),  # talks that last days are a negotiation
    ("Barack Obama and Julia Gillard told a joint news conference in Canberra that the deployment would start next "
     "year.", "2011-11-16", ("MET", "person:barack-obama", "person:julia-gillard")),  # a joint appearance
    ("Xi Jinping held talks with Nursultan Nazarbayev in Astana. The two heads of state agreed to deepen their "
     "partnership and signed a joint declaration.", "2013-09-07",
     ("SIGNED_AGREEMENT_WITH", "person:nursultan-nazarbayev", "person:xi-jinping")),  # control shared by conjuncts
    ("The European Union imposed an oil embargo on Iran on Monday. Iran's foreign ministry called the embargo unfair.",
     "2012-01-24", ("CRITICIZED", "IRN", "org:eu")),  # "called the act unfair": the act's doer
    ("Japan called North Korea reckless after the launch.", "2024-05-15", ("CRITICIZED", "JPN", "PRK")),
    ("\"We're not trying to contain China,\" Biden told reporters in Hanoi, arriving straight from the G20 summit in "
     "New Delhi.", "2023-09-11", ("ATTENDED", "person:joe-biden", "org:g20")),  # arriving from a summit
]


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("\"I met President Xi Jinping in Lima and we agreed to keep talking,\" Biden said.", "2024-11-17",
     ("MET", "person:joe-biden", "person:xi-jinping")),  # the parser hung "said" inside the quote
    ("\"Today we are imposing new sanctions on Iran,\" Secretary of State Antony Blinken told reporters.", "2024-05-15",
     ("SANCTIONED", "USA", "IRN")),  # "we": the speaker (a state act: his state)
    ("\"Our patience has limits,\" Foreign Minister Sergei Lavrov said on Monday. \"We have imposed sanctions on "
     "Lithuania.\"", "2022-06-21", ("SANCTIONED", "RUS", "LTU")),  # a quote going on: the last sentence's speaker
])
def test_first_person_pronouns_in_a_quote_are_its_speaker(text: str, published: str,
                                                         expected: tuple[str, str, str]) -> None:
    found = relations(text, published)
    assert expected in found, f"{expected} not in {sorted(found)}"


def test_the_two_are_a_clauses_participants_not_a_name_inside_a_noun_phrase() -> None:
    found = relations("President Joe Biden said he confronted Crown Prince Mohammed bin Salman over the murder of "
                      "journalist Jamal Khashoggi when the two met on Friday.", "2022-07-16")
    assert ("MET", "person:joe-biden", "person:mohammed-bin-salman") in found
    assert not {f for f in found if f[0] == "MET" and "person:jamal-khashoggi" in f}


@pytest.mark.parametrize(("text", "published", "expected"), CONSTRUCTIONS_ROUND5,
                         ids=[f"{e[0]}-r5-{i}" for i, (_, _, e) in enumerate(CONSTRUCTIONS_ROUND5)])
def test_construction_round5(text: str, published: str, expected: tuple[str, str, str]) -> None:
    found = relations(text, published)
    assert expected in found, f"{expected} not in {sorted(found)}"


def test_chairing_a_bloc_is_no_attendance() -> None:
    text = CONSTRUCTIONS_ROUND5[0][0]
    assert not {f for f in facts(text, "2023-07-31") if f[0] == "ATTENDED"}


def test_generic_attachment_paths_are_data_and_a_pattern_can_opt_out() -> None:
    paths = attach_paths()
    assert paths["subject"] and paths["object"]
    assert all(isinstance(step, Step) for path in paths["subject"] + paths["object"] for step in path)
    by_name = {p.name: p for p in load_patterns()}
    assert by_name["meet"].attach and not by_name["chair-meeting"].attach


def test_severing_diplomatic_relations_cancels_them() -> None:
    # "Mexico broke off diplomatic relations with Ecuador", "Nicaragua … was also severing ties with Quito"
    found = _passage_relations("articles-dev5", "ecuador-mexico-embassy-raid")
    assert {("CANCELLED_DEAL_WITH", "MEX", "ECU"), ("CANCELLED_DEAL_WITH", "NIC", "ECU")} <= found


def test_names_ner_misses_after_a_title_or_beside_a_name_and_hyphens_as_written() -> None:
    # "former Nigerian President Goodluck Jonathan": NER tags only "Jonathan"
    assert ("HOLDS_OFFICE", "person:goodluck-jonathan", "NGA") in _passage_relations(
        "articles-dev5", "mali-expels-french-ambassador")
    # "Solomon Islands Prime Minister Manasseh Sogavare": NER tags neither word; "Wang held talks with" him
    pacific = _passage_relations("articles-dev5", "wang-yi-pacific-tour")
    assert ("HOLDS_OFFICE", "person:manasseh-sogavare", "SLB") in pacific
    assert {("MET", "person:wang-yi", "person:manasseh-sogavare"),
            ("MET", "person:manasseh-sogavare", "person:wang-yi")} & pacific
    # the tokenizer splits "Kassym-Jomart"; the name keeps the text's spelling, so it resolves as a reader writes it
    assert ("HOLDS_OFFICE", "person:kassym-jomart-tokayev", "KAZ") in _passage_relations(
        "articles-dev5", "csto-kazakhstan-mission")


def test_a_pronoun_prefers_an_earlier_subject_to_an_object() -> None:
    # "where Wang held talks with … Sogavare, …; in Apia he signed a series of cooperation deals with Samoa's …"
    pacific = _passage_relations("articles-dev5", "wang-yi-pacific-tour")
    assert ("VISITED", "person:wang-yi", "WSM") in pacific
    assert ("VISITED", "person:manasseh-sogavare", "WSM") not in pacific
