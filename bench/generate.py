"""Synthetic corpus for the pactwatch benchmark: news-article files, deterministic by seed.

    python bench/generate.py --n N --seed S --out DIR [--oversized K] [--workers W]

Writes N files under DIR in subfolders of 1000 (`DIR/0000/000000_1a2b3c4d.txt`, ...): wire-style
stories about security and diplomatic cooperation in South-East and East Asia (treaties, MoUs,
visits, summits, defence dialogues, anniversaries of ties), 150 to 1500 words, composed from the
templates and vocabularies in this file. Some carry web-page chrome (image file names, photo
credits, repeated bylines, "Scroll to top", a trailing "More From ..." headline list), a few
percent are exact duplicates of another file under another name, and a few are bad files
(binary, empty, Latin-1, UTF-16 with a BOM; files over 5 MB only with --oversized).

Every file is made from its own random generator seeded by (seed, index), so the corpus is the
same whatever the number of worker processes, and a file's text does not depend on N.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

FILES_PER_FOLDER = 1000
CURLY = re.compile(r'"([^"]*)"')
DUPLICATE_SHARE = 0.03
CHROME_SHARE = 0.35
# Bad (or unusually encoded) files, as shares of all files.
BAD_SHARES = {"binary": 0.004, "empty": 0.004, "latin1": 0.005, "utf16": 0.005}
OVERSIZED_BYTES = 5_300_000
MIN_WORDS, MAX_WORDS, MEDIAN_WORDS = 150, 1500, 480


# ---- vocabularies -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Country:
    key: str
    names: tuple[str, ...]  # first is the usual form
    adj: str
    capital: str
    cities: tuple[str, ...]
    style: str  # naming style of its people
    agencies: tuple[str, ...]
    offices: tuple[str, ...]  # offices that exist there, beyond the common ones


COMMON_OFFICES = ("Foreign Minister", "Minister of Foreign Affairs", "Defence Minister", "Ambassador",
                  "Deputy Foreign Minister", "Minister of Justice", "Vice Minister of Foreign Affairs")

COUNTRIES: tuple[Country, ...] = (
    Country("VNM", ("Vietnam", "Viet Nam", "Việt Nam"), "Vietnamese", "Hanoi",
            ("Ho Chi Minh City", "Da Nang", "Hai Phong"), "vn", ("VNA", "VNS"),
            ("President", "Prime Minister", "Minister of Public Security", "Deputy Minister of Public Security",
             "Minister of National Defence")),
    Country("LAO", ("Laos", "Lao PDR"), "Lao", "Vientiane", ("Luang Prabang", "Savannakhet", "Pakse"), "la",
            ("KPL",), ("President", "Prime Minister", "Minister of Public Security", "Deputy Prime Minister")),
    Country("KHM", ("Cambodia", "the Kingdom of Cambodia"), "Cambodian", "Phnom Penh", ("Siem Reap", "Sihanoukville",
            "Battambang"), "kh", ("AKP",), ("Prime Minister", "Minister of Interior", "National Police Chief",
                                            "Deputy Prime Minister")),
    Country("THA", ("Thailand",), "Thai", "Bangkok", ("Chiang Mai", "Mae Sot", "Pattaya"), "th", ("TNA",),
            ("Prime Minister", "Minister of Interior", "Commissioner-General of the Royal Thai Police",
             "Minister of Justice")),
    Country("MMR", ("Myanmar",), "Myanmar", "Nay Pyi Taw", ("Yangon", "Mandalay", "Myawaddy"), "mm", ("MNA",),
            ("Prime Minister", "Minister of Home Affairs", "Chief of Myanmar Police Force")),
    Country("MYS", ("Malaysia",), "Malaysian", "Kuala Lumpur", ("Penang", "Johor Bahru", "Kota Kinabalu"), "my",
            ("Bernama",), ("Prime Minister", "Home Minister", "Inspector-General of Police")),
    Country("SGP", ("Singapore",), "Singaporean", "Singapore", ("Singapore",), "sg", ("CNA",),
            ("Prime Minister", "Minister for Home Affairs", "Commissioner of Police")),
    Country("IDN", ("Indonesia",), "Indonesian", "Jakarta", ("Surabaya", "Bali", "Batam"), "id", ("Antara",),
            ("President", "Coordinating Minister for Political and Security Affairs", "National Police Chief")),
    Country("PHL", ("the Philippines",), "Philippine", "Manila", ("Cebu", "Davao", "Pampanga"), "ph", ("PNA",),
            ("President", "Secretary of the Interior", "Justice Secretary", "Chief of the Philippine National Police")),
    Country("BRN", ("Brunei", "Brunei Darussalam"), "Bruneian", "Bandar Seri Begawan", ("Kuala Belait",), "bn",
            ("Borneo Bulletin",), ("Minister of Home Affairs",)),
    Country("TLS", ("Timor-Leste", "East Timor"), "Timorese", "Dili", ("Baucau",), "tl", ("Tatoli",),
            ("President", "Prime Minister", "Minister of Interior")),
    Country("CHN", ("China",), "Chinese", "Beijing", ("Shanghai", "Kunming", "Nanning"), "cn", ("Xinhua",),
            ("President", "Premier", "Minister of Public Security", "State Councilor",
             "Vice Minister of Public Security")),
    Country("JPN", ("Japan",), "Japanese", "Tokyo", ("Osaka", "Yokohama", "Fukuoka"), "jp", ("Kyodo", "Jiji"),
            ("Prime Minister", "Chief Cabinet Secretary", "Commissioner General of the National Police Agency")),
    Country("KOR", ("South Korea", "Korea", "the Republic of Korea"), "South Korean", "Seoul", ("Busan", "Incheon"),
            "kr", ("Yonhap",), ("President", "Prime Minister", "Minister of the Interior and Safety",
                                "Commissioner General of the Korean National Police Agency", "Justice Minister")),
    Country("PRK", ("North Korea", "the DPRK"), "North Korean", "Pyongyang", ("Rason",), "kr", ("KCNA",),
            ("Chairman of the State Affairs Commission", "Premier", "Minister of Social Security")),
    Country("USA", ("the United States", "the US"), "US", "Washington", ("Honolulu", "New York"), "us", ("AP",),
            ("President", "Secretary of State", "Secretary of Defense", "Attorney General")),
    Country("RUS", ("Russia",), "Russian", "Moscow", ("Vladivostok", "Saint Petersburg"), "ru", ("TASS", "RIA"),
            ("President", "Interior Minister", "Secretary of the Security Council")),
    Country("AUS", ("Australia",), "Australian", "Canberra", ("Sydney", "Darwin", "Perth"), "au", ("AAP",),
            ("Prime Minister", "Minister for Home Affairs", "Australian Federal Police Commissioner")),
    Country("IND", ("India",), "Indian", "New Delhi", ("Mumbai", "Kolkata", "Chennai"), "in", ("PTI",),
            ("Prime Minister", "Home Minister", "External Affairs Minister", "National Security Adviser")),
    Country("MNG", ("Mongolia",), "Mongolian", "Ulaanbaatar", ("Darkhan",), "mn", ("Montsame",),
            ("President", "Prime Minister", "Minister of Justice and Internal Affairs")),
)
# How often each country leads a story: the region's own first.
COUNTRY_WEIGHTS = (14, 12, 10, 9, 6, 6, 5, 6, 5, 2, 2, 12, 6, 7, 2, 4, 3, 3, 3, 1)
BY_KEY = {c.key: c for c in COUNTRIES}

NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    # (family, middle, given), composed per style in person_name()
    "vn": (("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo", "Trinh", "Duong"),
           ("Van", "Duc", "Minh", "Quoc", "Xuan", "Thanh", "Hong", "Ngoc"),
           ("Hung", "Thanh", "Long", "Tuan", "Hai", "Son", "Phuc", "Dung", "Nam", "Quang", "Binh", "Khoa")),
    "la": (("Sisavath", "Phommachanh", "Keobounphan", "Vongsay", "Inthavong", "Chanthavong", "Douangdy",
            "Sengsouly", "Xayavong"), (),
           ("Khamphou", "Sengdao", "Bounma", "Phonexay", "Thongsavanh", "Souksakhone", "Vilayvong", "Kongkeo",
            "Chansamone")),
    "kh": (("Chea", "Heng", "Keo", "Lim", "Meas", "Prak", "Sar", "Touch", "Chhun", "Ouk"), (),
           ("Sophal", "Vuthy", "Dara", "Rith", "Kosal", "Pisey", "Sokha", "Chanthy", "Vannak", "Samnang")),
    "th": (("Srisuk", "Wongsawat", "Chaiyaporn", "Thongdee", "Kaewmanee", "Boonyarit", "Suwannarat", "Phrommin"), (),
           ("Prasert", "Kittipong", "Wiroj", "Nattapong", "Chaiwat", "Suchart", "Somsak", "Thanakorn", "Pornthip")),
    "mm": (("Kyaw", "Zaw", "Min", "Tun", "Myint", "Thant", "Win", "Htun", "Naing", "Soe"), ("U",), ()),
    "my": (("Rahman", "Ismail", "Yusof", "Hamid", "Osman", "Abdullah", "Salleh", "Hashim"), ("bin",),
           ("Ahmad", "Mohd Azman", "Hafiz", "Rosli", "Zulkifli", "Faizal", "Khairul", "Shahrul")),
    "sg": (("Tan", "Lim", "Ng", "Goh", "Teo", "Ong", "Chua", "Koh"), (),
           ("Wei Ming", "Boon Kiat", "Hui Ling", "Kok Leong", "Jia Hui", "Chee Keong")),
    "id": (("Santoso", "Wibowo", "Gunawan", "Susanto", "Prasetyo", "Hidayat", "Nugroho", "Kurniawan", "Siregar"), (),
           ("Budi", "Agus", "Hendra", "Dwi", "Eko", "Yudi", "Bambang", "Arief", "Rina")),
    "ph": (("Reyes", "Santos", "Cruz", "Bautista", "Villanueva", "Mendoza", "Garcia", "Navarro", "Salazar"), (),
           ("Jose", "Maria", "Ramon", "Eduardo", "Antonio", "Teresa", "Manuel", "Rafael", "Carmela")),
    "bn": (("Hamid", "Rahman", "Yusof", "Bakar", "Jaafar"), ("bin",), ("Awang", "Haji Mohd", "Pengiran Idris",
                                                                      "Haji Salleh")),
    "tl": (("Soares", "da Costa", "Guterres", "Pereira", "Ximenes", "Conceição", "Araújo"), (),
           ("João", "Francisco", "Armindo", "Lourdes", "Agostinho", "Inês", "José")),
    "cn": (("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Sun", "Ma"), (),
           ("Jianguo", "Wei", "Haitao", "Xiaoming", "Zhiqiang", "Lihua", "Guoqing", "Yong", "Jun", "Hongbo")),
    "jp": (("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi"), (),
           ("Hiroshi", "Takeshi", "Kenji", "Yuko", "Satoshi", "Naoki", "Akira", "Masato", "Emi")),
    "kr": (("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Shin"), (),
           ("Min", "Ji", "Seo", "Hyun", "Joon", "Young", "Sung", "Woo", "Ho", "Eun", "Tae", "Dong")),
    "us": (("Miller", "Carter", "Hughes", "Bennett", "Foster", "Collins", "Ward", "Brooks", "Harper"), (),
           ("John", "Michael", "Sarah", "David", "Karen", "Robert", "Emily", "James", "Laura")),
    "ru": (("Ivanov", "Petrov", "Smirnov", "Volkov", "Sokolov", "Morozov", "Lebedev", "Kozlov", "Orlov"), (),
           ("Sergei", "Alexei", "Dmitry", "Nikolai", "Igor", "Andrei", "Mikhail", "Pavel")),
    "au": (("Thompson", "Walsh", "O'Brien", "Campbell", "Mitchell", "Kelly", "Fraser", "Henderson"), (),
           ("Peter", "Claire", "Andrew", "Rebecca", "Mark", "Fiona", "Daniel", "Jessica")),
    "in": (("Sharma", "Verma", "Iyer", "Nair", "Reddy", "Gupta", "Menon", "Rao", "Joshi"), (),
           ("Rajesh", "Anil", "Sunita", "Vikram", "Amit", "Priya", "Suresh", "Kavita", "Arjun")),
    "mn": (("Batbold", "Ganbold", "Enkhbayar", "Tsogtbaatar", "Munkhjargal", "Erdenebat"), (),
           ("Bat-Erdene", "Oyun", "Tsogt", "Altangerel", "Bolormaa", "Sukhbaatar")),
}
RANKS = ("General", "Lieutenant General", "Major General", "Police General", "Senior Lieutenant General")

KINDS: tuple[tuple[str, str, str], ...] = (
    # (full name with article, short name, type)
    ("an extradition treaty", "extradition treaty", "treaty"),
    ("a treaty on mutual legal assistance in criminal matters", "mutual legal assistance treaty", "treaty"),
    ("a treaty on the transfer of sentenced persons", "prisoner transfer treaty", "treaty"),
    ("a memorandum of understanding (MoU) on cooperation in {topic}", "MoU", "mou"),
    ("a memorandum of understanding on {topic}", "memorandum", "mou"),
    ("an agreement on cooperation in {topic}", "agreement", "agreement"),
    ("an agreement on {topic}", "agreement", "agreement"),
    ("a protocol amending their {year} agreement on {topic}", "protocol", "protocol"),
    ("a cooperation plan on {topic} for {year}-{year2}", "cooperation plan", "plan"),
    ("a joint action plan against {topic}", "action plan", "plan"),
)
TOPICS: tuple[tuple[str, ...], ...] = (
    ("combating drug trafficking", "drug trafficking", "illicit drugs", "narcotics smuggling", "drug precursors"),
    ("fighting online scams", "online fraud", "telecom fraud", "cross-border scam operations", "online scams"),
    ("preventing human trafficking", "human trafficking", "trafficking in persons"),
    ("combating cybercrime", "cybercrime", "high-tech crime", "cyber security"),
    ("border management", "border security", "illegal border crossings", "border control"),
    ("extradition", "the extradition of fugitives", "the return of fugitives"),
    ("money laundering", "anti-money laundering", "illicit financial flows"),
    ("counter-terrorism", "terrorism", "violent extremism"),
    ("smuggling", "wildlife smuggling", "the smuggling of goods"),
    ("maritime security", "maritime law enforcement", "piracy"),
    ("crime prevention", "transnational crime", "organised crime"),
    ("intelligence sharing", "information exchange", "law enforcement cooperation"),
)
SIGNED_VERBS = ("signed", "inked", "signed", "sealed", "signed")
INFORCE_VERBS = ("entered into force", "took effect", "came into force", "came into effect")
NEGOTIATION = ("are negotiating", "have started negotiations on", "agreed to speed up negotiations on",
               "discussed a draft of", "are working to finalise", "will begin talks on")
PARTNERSHIPS = ("comprehensive strategic partnership", "strategic partnership", "comprehensive partnership",
                "special partnership", "strategic cooperative partnership")
DIALOGUES = ("defence policy dialogue", "strategic dialogue", "security dialogue", "2+2 dialogue",
             "ministerial meeting on crime prevention", "joint committee meeting", "border committee meeting",
             "consultation between the two foreign ministries")
FORUMS = ("ASEAN", "the ASEAN Regional Forum", "the East Asia Summit", "the United Nations", "APEC",
          "the ASEAN Ministerial Meeting on Transnational Crime", "the ASEAN Defence Ministers' Meeting-Plus",
          "the Mekong-Lancang Cooperation framework", "ASEANAPOL", "Interpol")
ORGS = ("the United Nations Office on Drugs and Crime", "Interpol", "the International Organization for Migration",
        "ASEANAPOL", "the ASEAN Secretariat", "a regional rights group", "the Global Anti-Scam Alliance")
DRUGS = ("methamphetamine", "heroin", "crystal meth", "ketamine", "yaba pills", "cannabis", "synthetic drugs")
SITES = ("a border checkpoint", "the national police academy", "a joint patrol base", "the Friendship Bridge",
         "an immigration centre", "a port authority office", "a drug rehabilitation centre", "a war memorial")
QUOTES = (
    "This agreement shows the high level of political trust between our two countries",
    "We will not allow our territory to be used by criminal groups of any kind",
    "Transnational crime knows no borders, and neither can our response",
    "Our police forces must be able to share information in hours, not months",
    "The people of both countries expect concrete results, not words",
    "Fugitives must know that there is no safe haven for them in the region",
    "Scam syndicates are a threat to the security and reputation of the whole region",
    "We are ready to share our experience and to learn from our partners",
    "Security cooperation is one of the pillars of our relationship",
    "The two sides will implement what was agreed as soon as possible",
    "Drug trafficking is a common enemy that no country can defeat alone",
    "We highly value the support of our friends in this difficult period",
)
COMMITMENTS = (
    "exchange intelligence on criminal networks", "conduct joint investigations", "set up a hotline between their "
    "police forces", "train investigators", "share data on wanted persons", "coordinate border patrols",
    "repatriate victims of trafficking", "freeze and return criminal assets", "hold annual review meetings",
    "exchange liaison officers", "assist each other in collecting evidence", "return fugitives within set deadlines",
    "crack down on scam compounds", "strengthen checks at border gates", "cooperate in forensic science",
)
FILLER = (
    "Bilateral trade reached {money} last year, up {pct} percent from the year before, and both sides set a "
    "target of {money2} by {year2}.",
    "The two sides also discussed cooperation in education, health care, agriculture and tourism, and agreed to "
    "open more direct flights between {capA} and {capB}.",
    "{A} is currently among the largest foreign investors in {B}, with {num} projects worth a combined {money}.",
    "The talks took place in a cordial and friendly atmosphere, according to a statement from {A_adj} side.",
    "More than {num} {B_adj} students are studying in {A}, and the number of tourists travelling between the two "
    "countries has recovered to pre-pandemic levels.",
    "The two leaders exchanged views on regional and international issues of mutual concern, including the "
    "situation in the East Sea and on the Korean Peninsula.",
    "Officials said a joint working group would meet in {month} to review the progress of the projects.",
    "Infrastructure connectivity, including a planned railway and new border gates, was also on the agenda.",
    "The visit came as the two countries prepare to mark {nth} years of diplomatic relations in {year2}.",
    "{A_adj} officials said the country would continue to support {B} in capacity building and personnel "
    "training, with {num} officers having attended courses in {capA} since {hist_year}.",
    "Earlier in the day, the delegation laid a wreath at a monument in {capB} and toured an industrial park.",
    "Both sides agreed to coordinate closely at {forum} and to support each other's candidacies at international "
    "organisations.",
)
BODY: tuple[str, ...] = (
    '"{quote}," {pA_short} said.',
    '{pB_short} said: "{quote}."',
    '"{quote}," said {pA_full}, adding that {A} would {commit} with {B}.',
    "Under the {kind_short}, the two sides will {commit}, {commit2} and {commit3}.",
    "The {kind_short} also provides for the two sides to {commit} and to {commit2}.",
    "{A} and {B} established diplomatic relations on {hist_date}, and upgraded ties to a {partnership} in "
    "{hist_year2}.",
    "Police in {A} arrested {num} suspects in {topic_noun} cases in the first {months} months of {year}, seizing "
    "{kg} kilograms of {drug}, according to official figures.",
    "Thousands of people from {C} and other countries have been lured to scam compounds in the region, where they "
    "are forced to defraud victims online, according to {org}.",
    "The two sides agreed to coordinate closely at {forum} and to step up the exchange of information on "
    "{topic_noun}.",
    "During the visit, {pA_short} also paid a courtesy call on {pB2_full} and visited {site}.",
    "The {kind_short} is expected to be signed {future_phrase}, when {pB_short} is due to visit {capA}.",
    "{pC_full} said {C} was ready to work with {A} and {B} against {topic_noun}, including through {forum}.",
    "On {weekday}, the delegation held working sessions with officials of {B_adj} {ministry}.",
    "The {old_kind} on {topic_noun2}, signed in {hist_year}, remains the legal basis for cooperation between the "
    "two ministries.",
    "Since the {old_kind} was signed in {hist_year}, the two countries have handed over {num_small} fugitives to "
    "each other, {pA_short} said.",
    "Last year, {B} returned {num_small} suspects wanted in {A} for {topic_noun}, and {num_small2} more cases are "
    "under review.",
    "The ministers also witnessed the signing of {kind2_full} between the {ministry} of {A} and its {B_adj} "
    "counterpart.",
    "{A} and {B} signed {kind2_full} in {hist_year}, which {inforce} in {hist_year2}.",
    "Negotiations on {kind2_full} began in {month} {year_prev} and are expected to conclude {future_phrase}.",
    "{pB_full} thanked {A} for its help and said {B} would {commit} and {commit2}.",
    "The two sides agreed to hold the next round of the {dialogue} in {capB} {future_phrase}.",
    "A joint statement issued after the meeting said both countries \"reaffirmed their commitment\" to fighting "
    "{topic_noun} and {topic_noun2}.",
    "{pA_short} arrived in {capB} on {weekday} for a {days}-day official visit, his first since taking office in "
    "{month} {year_prev}.",
    "The agreement builds on {kind2_full} that {A} and {C} signed in {hist_year}.",
    "Between {month} and {month2} {year}, joint operations along the border led to {num} arrests.",
)
MINISTRIES = ("Ministry of Public Security", "Ministry of Interior", "Ministry of Foreign Affairs",
              "Ministry of National Defence", "Ministry of Justice", "National Police", "Supreme People's "
              "Procuracy", "Office of the Attorney General", "Immigration Department")
OUTLETS = ("The Mekong Herald", "Asia Pacific Daily", "Southeast Asia Monitor", "The Capital Times",
           "Regional Security Review", "The Morning Post", "The Border Gazette", "Lotus News",
           "The Strait Times Online", "Harbour Daily")
REPORTERS_FIRST = ("Anna", "Tom", "Linh", "Chen", "Ploy", "Sok", "Ji-woo", "Hana", "Ravi", "Maya", "Daniel", "Mei")
REPORTERS_LAST = ("Tran", "Wong", "Kim", "Phan", "Sato", "Chan", "Pillai", "Ortega", "Keo", "Lopez", "Nakano")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTHS_ABBR = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "10th", "11th", "12th",
            "15th", "20th", "25th", "30th", "35th", "40th", "45th", "50th", "60th", "65th", "70th", "75th")
STORY_TYPES = ("signing", "signing", "signing", "visit", "visit", "summit", "dialogue", "anniversary",
               "negotiation", "inforce", "crackdown")


# ---- one article ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    name: str
    short: str
    office: str
    country: Country

    def full(self, rng: random.Random) -> str:
        office = self.office if self.office != "Ambassador" else "Ambassador"
        form = rng.random()
        if form < 0.45:
            return f"{self.country.adj} {office} {self.name}"
        if form < 0.8:
            office = office.lower() if "Minister" in office else office
            return f"{self.name}, {possessive(self.country.names[0])} {office}"
        return f"{office} {self.name}"


def possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def person_name(style: str, rng: random.Random) -> tuple[str, str]:
    """(full name, the form a story uses on second mention)."""
    family, middle, given = NAMES[style]
    if style == "vn":
        name = f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(given)}"
        return name, name
    if style == "kr":
        first, second = rng.sample(given, 2)
        name = f"{rng.choice(family)} {first}-{second.lower()}"
        return name, name
    if style == "mm":
        parts = rng.sample(family, rng.randint(2, 3))
        name = " ".join(parts)
        return f"U {name}", f"U {name}"
    if style in ("my", "bn"):
        name = f"{rng.choice(given)} {rng.choice(family)}"
        return name, name
    if style in ("cn", "kh", "la", "mn"):
        f, g = rng.choice(family), rng.choice(given)
        name = f"{f} {g}" if style in ("cn", "kh") else f"{g} {f}"
        return name, name
    first, last = rng.choice(given), rng.choice(family)
    return f"{first} {last}", last


def make_person(country: Country, rng: random.Random, office: str | None = None) -> Person:
    name, short = person_name(country.style, rng)
    if office is None:
        office = rng.choice(country.offices + COMMON_OFFICES)
    if "Public Security" in office and country.style in ("vn", "la") and rng.random() < 0.6:
        name = f"{rng.choice(RANKS)} {name}"
    return Person(name=name, short=short, office=office, country=country)


def month_name(d: date) -> str:
    return MONTHS[d.month - 1]


def date_phrase(d: date, pub: date, rng: random.Random) -> str:
    """How a story says when its event happened: absolute, weekday, range, month only, relative."""
    form = rng.random()
    if form < 0.25:
        return f"on {month_name(d)} {d.day}"
    if form < 0.4:
        return f"on {month_name(d)} {d.day}, {d.year}"
    if form < 0.5:
        return f"on {d.day} {month_name(d)} {d.year}"
    if form < 0.68:
        return f"on {WEEKDAYS[d.weekday()]}"
    if form < 0.75:
        return f"on {WEEKDAYS[d.weekday()]}, {month_name(d)} {d.day}"
    if form < 0.83:
        end = d + timedelta(days=1)
        return f"on {month_name(d)} {d.day}-{end.day}" if end.month == d.month else f"on {month_name(d)} {d.day}"
    if form < 0.9:
        return f"in {month_name(d)}" if d.month != pub.month or rng.random() < 0.5 else "earlier this month"
    if form < 0.95:
        return "last week" if (pub - d).days >= 3 else "this week"
    return "today" if d == pub else "yesterday" if (pub - d).days == 1 else f"on {month_name(d)} {d.day}"


class Fields(dict):
    """Template fields, made on first use: format_map only asks for the names a template has."""

    def __init__(self, art: Article) -> None:
        super().__init__()
        self.art = art

    def __missing__(self, key: str) -> str:
        value = FIELD_MAKERS[key](self.art)
        self[key] = value
        return value


class Article:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        a, b, c = pick_countries(rng)
        self.A, self.B, self.C = a, b, c
        self.story = rng.choice(STORY_TYPES)
        self.pub = date(2019, 1, 1) + timedelta(days=rng.randrange(2860))
        self.event = self.pub - timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 5, 8)))
        office = rng.choice(("Minister of Public Security", "Foreign Minister", "Prime Minister", "President",
                             "Defence Minister", None, None))
        if office and office not in a.offices + COMMON_OFFICES:
            office = None
        self.pA = make_person(a, rng, office)
        self.pB = make_person(b, rng, office if office and office in b.offices + COMMON_OFFICES else None)
        self.pB2 = make_person(b, rng)
        self.pC = make_person(c, rng)
        self.topic = rng.choice(TOPICS)
        self.topic2 = rng.choice(TOPICS)
        self.kind = rng.choice(KINDS)
        self.kind2 = rng.choice(KINDS)
        self.hist_year = rng.randint(1950, 2018)
        self.outlet = rng.choice(OUTLETS)
        self.agency = rng.choice(a.agencies)
        self.city = rng.choice((a.capital, a.capital, b.capital, b.capital, *a.cities, *b.cities))

    def name_of(self, country: Country) -> str:
        return country.names[0] if self.rng.random() < 0.75 else self.rng.choice(country.names)

    def kind_full(self, kind: tuple[str, str, str], topic: tuple[str, ...]) -> str:
        year = self.rng.randint(2000, 2018)
        return kind[0].format(topic=self.rng.choice(topic), year=year if "{year}-" not in kind[0] else self.pub.year,
                              year2=self.pub.year + self.rng.randint(1, 3))


def pick_countries(rng: random.Random) -> tuple[Country, Country, Country]:
    a, b, c = rng.choices(COUNTRIES, weights=COUNTRY_WEIGHTS, k=3)
    while b is a:
        b = rng.choice(COUNTRIES)
    while c is a or c is b:
        c = rng.choice(COUNTRIES)
    return a, b, c


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


FIELD_MAKERS: dict[str, Callable[[Article], str]] = {
    "A": lambda t: t.name_of(t.A),
    "B": lambda t: t.name_of(t.B),
    "C": lambda t: t.name_of(t.C),
    "A_adj": lambda t: t.A.adj,
    "B_adj": lambda t: t.B.adj,
    "capA": lambda t: t.A.capital,
    "capB": lambda t: t.B.capital,
    "pA_full": lambda t: t.pA.full(t.rng),
    "pB_full": lambda t: t.pB.full(t.rng),
    "pB2_full": lambda t: t.pB2.full(t.rng),
    "pC_full": lambda t: t.pC.full(t.rng),
    "pA_short": lambda t: t.pA.short,
    "pB_short": lambda t: t.pB.short,
    "quote": lambda t: t.rng.choice(QUOTES),
    "commit": lambda t: t.rng.choice(COMMITMENTS),
    "commit2": lambda t: t.rng.choice(COMMITMENTS),
    "commit3": lambda t: t.rng.choice(COMMITMENTS),
    "kind_short": lambda t: t.kind[1],
    "kind_full": lambda t: t.kind_full(t.kind, t.topic),
    "kind2_full": lambda t: t.kind_full(t.kind2, t.topic2),
    "old_kind": lambda t: t.kind2[1],
    "topic_noun": lambda t: t.rng.choice(t.topic),
    "topic_noun2": lambda t: t.rng.choice(t.topic2),
    "hist_year": lambda t: str(t.hist_year),
    "hist_year2": lambda t: str(t.rng.randint(t.hist_year + 1, max(t.hist_year + 1, t.pub.year - 1))),
    "hist_date": lambda t: f"{t.rng.choice(MONTHS)} {t.rng.randint(1, 28)}, {t.hist_year}",
    "year": lambda t: str(t.pub.year),
    "year_prev": lambda t: str(t.pub.year - t.rng.randint(1, 3)),
    "year2": lambda t: str(t.pub.year + t.rng.randint(1, 5)),
    "month": lambda t: t.rng.choice(MONTHS),
    "month2": lambda t: t.rng.choice(MONTHS),
    "months": lambda t: str(t.rng.randint(2, 11)),
    "weekday": lambda t: WEEKDAYS[(t.event - timedelta(days=t.rng.randint(0, 2))).weekday()],
    "future_phrase": lambda t: t.rng.choice(("later this year", f"in {t.rng.choice(MONTHS)}", "next year",
                                             f"by the end of {t.pub.year}", "in the coming months")),
    "num": lambda t: f"{t.rng.randint(12, 4800):,}",
    "num_small": lambda t: str(t.rng.randint(2, 90)),
    "num_small2": lambda t: str(t.rng.randint(2, 40)),
    "kg": lambda t: f"{t.rng.randint(5, 9000):,}",
    "pct": lambda t: f"{t.rng.randint(2, 40)}.{t.rng.randint(0, 9)}",
    "money": lambda t: f"{t.rng.randint(1, 180)}.{t.rng.randint(0, 9)} billion US dollars",
    "money2": lambda t: f"{t.rng.randint(10, 250)} billion US dollars",
    "days": lambda t: str(t.rng.randint(2, 5)),
    "drug": lambda t: t.rng.choice(DRUGS),
    "org": lambda t: t.rng.choice(ORGS),
    "forum": lambda t: t.rng.choice(FORUMS),
    "site": lambda t: t.rng.choice(SITES),
    "ministry": lambda t: t.rng.choice(MINISTRIES),
    "dialogue": lambda t: t.rng.choice(DIALOGUES),
    "partnership": lambda t: t.rng.choice(PARTNERSHIPS),
    "inforce": lambda t: t.rng.choice(INFORCE_VERBS),
    "nth": lambda t: t.rng.choice(ORDINALS),
}


def fill(template: str, art: Article) -> str:
    return cap(template.format_map(Fields(art)))


def lead_paragraph(art: Article, dateline: str) -> tuple[str, str]:
    """(title, lead paragraph) for the story's type."""
    rng, f = art.rng, Fields(art)
    when = date_phrase(art.event, art.pub, rng)
    a, b = f["A"], f["B"]
    topic = rng.choice(art.topic)
    kind_full = art.kind_full(art.kind, art.topic)
    short = art.kind[1]
    story = art.story
    if story == "signing":
        title = rng.choice((f"{a} and {b} sign {short} on {topic}", f"{a}, {b} ink {short} to fight {topic}",
                            f"{a} and {b} boost cooperation on {topic}"))
        lead = rng.choice((
            f"{a} and {b} {rng.choice(SIGNED_VERBS)} {kind_full} {when}, pledging to {rng.choice(COMMITMENTS)}.",
            f"{f['pA_full']} and {f['pB_full']} {rng.choice(SIGNED_VERBS)} {kind_full} in {art.city} {when}.",
            f"The {art.A.adj} and {art.B.adj} governments {when} {rng.choice(SIGNED_VERBS)} {kind_full}, "
            f"in a ceremony witnessed by {f['pA_full']} and {f['pB_full']}.",
        ))
    elif story == "visit":
        title = rng.choice((f"{art.A.adj} {art.pA.office.lower()} visits {b}",
                            f"{art.pA.short} holds talks with {art.B.adj} counterpart",
                            f"{a}, {b} pledge closer cooperation against {topic}"))
        lead = (f"{f['pA_full']} held talks with {f['pB_full']} in {art.B.capital} {when} during an official visit "
                f"to {b}, with both sides agreeing to step up cooperation against {topic}.")
    elif story == "summit":
        title = f"{a}, {b} elevate ties to {rng.choice(PARTNERSHIPS)}"
        lead = (f"Leaders of {a} and {b} agreed {when} to elevate bilateral ties to a {f['partnership']} and "
                f"pledged to deepen cooperation in {topic}, defence and law enforcement.")
    elif story == "dialogue":
        dialogue = f["dialogue"]
        title = f"{a}, {b} hold {f['nth']} {dialogue}"
        lead = (f"{a} and {b} held their {f['nth']} {dialogue} in {art.city} {when}, co-chaired by "
                f"{f['pA_full']} and {f['pB_full']}.")
    elif story == "anniversary":
        years = art.pub.year - art.hist_year
        title = f"{a} and {b} mark {years} years of diplomatic ties"
        lead = (f"{a} and {b} {rng.choice(('celebrated', 'marked', 'commemorated'))} the {years}th anniversary of "
                f"the establishment of diplomatic relations {when}. The two countries established diplomatic "
                f"relations on {rng.choice(MONTHS)} {rng.randint(1, 28)}, {art.hist_year}.")
    elif story == "negotiation":
        title = f"{a} and {b} to negotiate {short} on {topic}"
        lead = (f"{a} and {b} {rng.choice(NEGOTIATION)} {kind_full}, {f['pA_full']} said {when}, adding that the "
                f"two sides hoped to conclude the talks {f['future_phrase']}.")
    elif story == "inforce":
        title = f"{a}-{b} {short} takes effect"
        lead = (f"{cap(kind_full)} between {a} and {b} {rng.choice(INFORCE_VERBS)} {when}, "
                f"{art.pub.year - art.hist_year} years after negotiations first began in {art.hist_year}.")
    else:  # crackdown
        title = f"{a}, {b} police arrest {f['num_small']} in joint operation against {topic}"
        lead = (f"Police from {a} and {b} arrested {f['num_small']} suspects {when} in a joint operation against "
                f"{topic}, {f['pA_full']} said, citing the {short} the two countries signed in {art.hist_year}.")
    return cap(title), dateline + cap(lead)


def dateline_of(art: Article) -> str:
    form = art.rng.random()
    city = art.city
    if form < 0.3:
        return f"{city.upper()} — "
    if form < 0.45:
        return f"{city} ({art.agency}) – "
    if form < 0.6:
        return f"{city.upper()}, {MONTHS_ABBR[art.pub.month - 1]} {art.pub.day} ({art.agency}) -- "
    if form < 0.68:
        return f"{city.upper()}: "
    return ""


def header_lines(art: Article, title: str) -> list[str]:
    rng, pub = art.rng, art.pub
    hour, minute = rng.randint(6, 23), rng.randint(0, 59)
    form = rng.random()
    if form < 0.2:
        return [f" date {pub.isoformat()}  {title}"]
    if form < 0.35:
        return [title, f"Published: {pub.day} {MONTHS_ABBR[pub.month - 1]} {pub.year}, {hour:02d}:{minute:02d}"]
    if form < 0.5:
        return [title, f"{WEEKDAYS[pub.weekday()]}, {month_name(pub)} {pub.day}, {pub.year}"]
    if form < 0.6:
        return [title, f"({art.agency}) {hour:02d}:{minute:02d}, {month_name(pub)} {pub.day}, {pub.year}"]
    if form < 0.68:
        return [title, f"Updated: {pub.isoformat()} {hour:02d}:{minute:02d}"]
    return [title]


def reporter(rng: random.Random) -> str:
    return f"{rng.choice(REPORTERS_FIRST)} {rng.choice(REPORTERS_LAST)}"


def headline_list(art: Article) -> list[str]:
    rng = art.rng
    lines = [f"More From {art.outlet}" if rng.random() < 0.7 else "Related Articles"]
    for _ in range(rng.randint(3, 8)):
        other = rng.choice(COUNTRIES)
        d = art.pub - timedelta(days=rng.randint(1, 60))
        stamp = f"{MONTHS_ABBR[d.month - 1]} {d.day}, {d.year}" if rng.random() < 0.6 else d.isoformat()
        lines.append(f"{cap(other.names[0])} {rng.choice(('steps up', 'vows action on', 'reviews', 'signs deal on'))} "
                     f"{rng.choice(rng.choice(TOPICS))}")
        lines.append(stamp)
    return lines


def compose(rng: random.Random) -> str:
    """One article's text."""
    art = Article(rng)
    target = int(min(MAX_WORDS, max(MIN_WORDS, rng.lognormvariate(6.17, 0.6))))  # median e^6.17 ~ 480
    title, lead = lead_paragraph(art, dateline_of(art))
    chrome = rng.random() < CHROME_SHARE
    top = header_lines(art, title)
    byline = reporter(rng)
    if chrome:
        if rng.random() < 0.6:
            top.append(f"{''.join(rng.choices('abcdefghijklmnopqrstuvwxyz0123456789', k=rng.randint(6, 14)))}"
                       f"_P{rng.randint(1, 4)}.jpg")
            top.append(rng.choice((f"PHOTO: {art.agency.upper()}/ {art.outlet.upper()}",
                                   f"{art.pA.short} (left) and {art.pB.short} at the meeting. "
                                   f"(Photo by {reporter(rng)}/{art.agency})")))
        if rng.random() < 0.5:
            top += [byline, byline, art.outlet]
        if rng.random() < 0.3:
            top.append(lead)  # a teaser the body repeats
    paragraphs = [lead]
    words = len(lead.split()) + sum(len(line.split()) for line in top)
    body = list(BODY)
    rng.shuffle(body)
    i = 0
    while words < target:
        if i < len(body) and rng.random() < 0.75:
            sentences = [fill(body[i], art)]
            i += 1
            if rng.random() < 0.5 and i < len(body):
                sentences.append(fill(body[i], art))
                i += 1
        else:
            sentences = [fill(rng.choice(FILLER), art) for _ in range(rng.randint(1, 3))]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    if not chrome and rng.random() < 0.3:
        paragraphs.append(f"— {art.agency}" if rng.random() < 0.5 else f"By {byline}")
    tail: list[str] = []
    if chrome:
        if rng.random() < 0.5:
            tail.append("Scroll to top")
        if rng.random() < 0.7:
            tail += headline_list(art)
    sep = "\n" if rng.random() < 0.3 else "\n\n"
    if rng.random() < 0.25:  # typographic quotes, as many sites print them
        paragraphs = [CURLY.sub(lambda m: "“" + m.group(1) + "”", p).replace("'", "’") for p in paragraphs]
    return sep.join(["\n".join(top), *paragraphs]) + ("\n\n" + "\n".join(tail) if tail else "") + "\n"


# ---- files --------------------------------------------------------------------------------------------

def file_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"pactwatch-bench:{seed}:{index}")


def plan_of(seed: int, index: int) -> tuple[str, int]:
    """(what file index is, the index whose article it holds): the plan depends on (seed, index) only."""
    r = random.Random(f"pactwatch-bench-plan:{seed}:{index}").random()
    if index > 0 and r < DUPLICATE_SHARE:
        source = int(r / DUPLICATE_SHARE * index)
        kind, source = plan_of(seed, source)  # the original a chain of copies leads to
        return ("duplicate", source) if kind in ("article", "duplicate") else ("article", index)
    r -= DUPLICATE_SHARE
    for kind, share in BAD_SHARES.items():
        if r < share:
            return kind, index
        r -= share
    return "article", index


def content_of(seed: int, index: int, kind: str, source: int) -> bytes:
    rng = file_rng(seed, source)
    if kind == "binary":
        return rng.randbytes(rng.randint(2_000, 60_000)).replace(b"\n", b"\x00")
    if kind == "empty":
        return rng.choice((b"", b"\n", b"  \n\n \t\n"))
    text = compose(rng)
    if kind == "latin1":
        text = text.replace("—", "-").replace("–", "-").replace("ệ", "e")
        text = text.replace("\n\n", f"\n\nJoão Conceição, a {rng.choice(('café', 'résumé'))} owner in Díli, "
                                    f"said he welcomed the deal.\n\n", 1)
        return text.encode("latin-1", errors="replace")
    if kind == "utf16":
        return text.encode("utf-16")  # with its byte-order mark
    return text.encode("utf-8")


def file_name(seed: int, index: int) -> str:
    tag = random.Random(f"pactwatch-bench-name:{seed}:{index}").getrandbits(32)
    return f"{index // FILES_PER_FOLDER:04d}/{index:06d}_{tag:08x}.txt"


def write_range(args: tuple[int, int, int, str]) -> Counter[str]:
    seed, start, stop, out = args
    counts: Counter[str] = Counter()
    made_folders: set[str] = set()
    root = Path(out)
    for index in range(start, stop):
        kind, source = plan_of(seed, index)
        data = content_of(seed, index, "article" if kind == "duplicate" else kind, source)
        name = file_name(seed, index)
        folder = name.split("/", 1)[0]
        if folder not in made_folders:
            (root / folder).mkdir(parents=True, exist_ok=True)
            made_folders.add(folder)
        (root / name).write_bytes(data)
        counts[kind] += 1
        counts["bytes"] += len(data)
        if kind in ("article", "duplicate"):
            counts["words"] += len(data.split())
    return counts


def write_oversized(seed: int, count: int, out: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    folder = out / "oversized"
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        block = compose(file_rng(seed, -1 - k)).encode("utf-8")
        data = block * (OVERSIZED_BYTES // len(block) + 1)
        (folder / f"oversized_{k:03d}.txt").write_bytes(data)
        counts["oversized"] += 1
        counts["bytes"] += len(data)
    return counts


def generate(n: int, seed: int, out: Path, oversized: int = 0, workers: int | None = None) -> dict[str, int]:
    """Write the corpus; return counts by kind (article, duplicate, binary, ...), bytes and words."""
    out.mkdir(parents=True, exist_ok=True)
    chunks = [(seed, start, min(n, start + FILES_PER_FOLDER), str(out)) for start in range(0, n, FILES_PER_FOLDER)]
    workers = workers or os.cpu_count() or 1
    total: Counter[str] = Counter()
    if workers == 1 or len(chunks) < 2:
        results = [write_range(chunk) for chunk in chunks]
    else:
        with multiprocessing.get_context("fork").Pool(min(workers, len(chunks))) as pool:
            results = pool.map(write_range, chunks, chunksize=1)
    for counts in results:
        total.update(counts)
    if oversized:
        total.update(write_oversized(seed, oversized, out))
    total["files"] = n + oversized
    return dict(sorted(total.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="number of files (besides --oversized ones)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="folder to write into (created)")
    parser.add_argument("--oversized", type=int, default=0, help="also write this many files over 5 MB")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: one per core)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.n, args.seed, args.out, args.oversized, args.workers)
    seconds = time.perf_counter() - started
    print(f"wrote {counts['files']} files ({counts.get('bytes', 0) / 1e6:.1f} MB) to {args.out} in {seconds:.1f} s",
          file=sys.stderr)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
