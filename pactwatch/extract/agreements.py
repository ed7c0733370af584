"""Agreements: written instruments between states or their agencies.

Each mention of an instrument noun becomes a record unless it refers back to one already seen
("the treaty", "the MoU on drug control" told twice). "Signed six agreements" is six records;
the status comes from the verbs around the mention (signed / under negotiation / implemented).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from pactwatch.extract.context import ArticleFacts, SentenceFacts, participant_countries
from pactwatch.extract.dates import DateMention
from pactwatch.extract.model import Agreement, Event, Evidence
from pactwatch.extract.topics import find_topics

I = re.I  # noqa: E741

INSTRUMENT = re.compile(
    r"\b(?P<memorandum>memorand(?:um|a) of (?:understanding|cooperation|agreement)|memorand(?:um|a)|MoUs?|MOUs?"
    r"|letters? of intent|notes? of cooperation)\b"
    r"|\b(?P<treaty>treat(?:y|ies)|conventions?)\b"
    r"|\b(?P<plan>(?:cooperation|co-operation|action|work|working) plans?|road ?maps?)\b"
    r"|\b(?P<agreement>agreements?|protocols?|accords?|pacts?|CEPA|FTAs?|free trade agreements?|"
    r"(?:signed|ratified) (?:a |the )?joint (?:declaration|statement|communiqu[eé])|implementing arrangements?)\b",
    I,
)
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9, "10": 10, "both": 2, "a pair of": 2}
COUNT_BEFORE = re.compile(
    r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|[2-9]|10)\s+(?:other\s+|more\s+|new\s+|key\s+|"
    r"bilateral\s+|cooperation\s+|co-operation\s+|pivotal\s+|major\s+|separate\s+|ministerial\s+|\w+\s+)?"
    r"(?:\w+\s+)?$",
    I,
)
NOT_INSTRUMENT = re.compile(
    r"\b(?:reached (?:an |a )?(?:broad )?agreement|in agreement|agreement (?:on the importance|that)|"
    r"convention (?:cent(?:er|re)|hall)|by convention|UN Convention|Convention (?:of|on) (?:the )?Law of the Sea)\b",
    I,
)
NEGOTIATING = re.compile(
    r"\b(?:negotiat\w*|conclud(?:e|ing)|conclusion|finali[sz](?:e|ed|ing|ation)|proposed|draft(?:ing|ed)?|"
    r"working to sign|to be signed|expected to be (?:signed|finali[sz]ed|inked)|will sign|plans? to sign|"
    r"toward|towards|under discussion|talks on|to develop|develop|to establish|establish|would be signed|"
    r"push for|pending|are discussing|to sign|to conclude|ongoing negotiations)\b",
    I,
)
SIGNED = re.compile(r"\b(?:sign(?:ed|ing|s)?|inked|inks|exchanged|concluded|ratified|witnessed the signing)\b", I)
IN_FORCE = re.compile(
    r"\b(?:implement\w*|existing|under the|extended|in force|review\w*|uphold|spirit of|framework of|"
    r"revitali[sz]\w*|ongoing|enhanced|last signed|since|earlier|previous)\b",
    I,
)
SIGNED_ADJECTIVE = re.compile(r"\b(?:all|previously|already)\s+signed\b", I)
VALID_UNTIL = re.compile(
    r"\b(?:extended|valid|renewed|effective|in force|runs?)\s+(?:until|till|through|to)\s+(?:the end of\s+)?"
    r"(?P<year>(?:19|20)\d\d)\b",
    I,
)
YEAR_IN_NAME = re.compile(r"\b(?:the\s+)?(?P<year>(?:19|20)\d\d)\s+$|^\s+(?:of|signed in|in)\s+(?:\w+\s+)?"
                          r"(?P<year2>(?:19|20)\d\d)\b")
DEFINITE = re.compile(r"\b(?:the|this|that|these|those|such|said|its|their)\s+(?:[\w-]+\s+){0,4}$", I)
TYPE_RANK = ("treaty", "memorandum", "plan", "agreement")


@dataclass
class Draft:
    agreement_type: str
    status: str
    parties: tuple[str, ...]
    topics: tuple[str, ...]
    signed_date: date | None
    precision: str | None
    valid_until: date | None
    facts: SentenceFacts
    rule: str
    name: str


def instrument_type(match: re.Match[str]) -> str:
    return next(t for t in TYPE_RANK if match.group(t))


def clause_after(norm: str, start: int) -> str:
    """The words after a mention up to the end of its clause: what the instrument is about."""
    stop = re.search(r"[;]|\.\s|, (?:while|but|and the|which allows)\b", norm[start:])
    return norm[start: start + (stop.start() if stop else len(norm) - start)][:220]


def status_of(norm: str, match: re.Match[str], facts: SentenceFacts, published: date | None) -> str:
    before = norm[max(0, match.start() - 90): match.start()]
    after = norm[match.end(): match.end() + 60]
    local = before + " " + after
    if NEGOTIATING.search(before[-60:]) or re.search(r"^\s*(?:negotiations|talks)\b", after, I):
        return "negotiating"
    if SIGNED.search(local) and not SIGNED_ADJECTIVE.search(before[-25:]):
        if IN_FORCE.search(before[-40:]) and not SIGNED.search(after[:30]):
            return "in_force"
        return "signed"
    if SIGNED.search(norm) and not IN_FORCE.search(local) and not NEGOTIATING.search(norm):
        return "signed"
    return "in_force"


def year_of_instrument(norm: str, match: re.Match[str]) -> date | None:
    """"the 2000 Memorandum", "Agreement of 2012", "signed in October 2019": when it was signed."""
    before = norm[max(0, match.start() - 12): match.start()]
    m = re.search(r"\b((?:19|20)\d\d)\s+(?:[A-Z][\w-]*\s+)?$", before)
    if m:
        return date(int(m.group(1)), 1, 1)
    after = norm[match.end(): match.end() + 40]
    m = re.match(r"\s+(?:of|signed in|in|from)\s+(?:[A-Z][a-z]+\s+)?((?:19|20)\d\d)\b", after)
    if m:
        return date(int(m.group(1)), 1, 1)
    return None


def nearest_date(facts: SentenceFacts, position: int) -> DateMention | None:
    dated = [d for d in facts.dates if d.value is not None]
    return min(dated, key=lambda d: abs(d.start - position)) if dated else None


def count_of(norm: str, match: re.Match[str]) -> int:
    """"six cooperation agreements" -> 6; a singular noun is one record."""
    word = match.group(0)
    plural = word.lower().endswith("s") or word.lower().endswith("a") or word.lower().endswith("ies")
    if not plural:
        return 1
    m = COUNT_BEFORE.search(norm[max(0, match.start() - 40): match.start()])
    return NUMBERS.get(m.group("n").lower(), 1) if m else 1


def extract_agreements(article: ArticleFacts, events: tuple[Event, ...]) -> tuple[Agreement, ...]:
    drafts: list[Draft] = []
    signing_dates = [e for e in events if e.event_type == "signing" and e.is_main and e.event_date]
    for facts in article.sentences:
        if facts.sentence.is_title or facts.is_caption:
            continue
        norm = facts.sentence.norm
        for match in INSTRUMENT.finditer(norm):
            if NOT_INSTRUMENT.search(norm[max(0, match.start() - 30): match.end() + 40]):
                continue
            drafts_for_mention(article, facts, match, signing_dates, drafts)
    return tuple(to_agreement(d) for d in drafts)


def drafts_for_mention(
    article: ArticleFacts, facts: SentenceFacts, match: re.Match[str], signings: list[Event], drafts: list[Draft]
) -> None:
    norm = facts.sentence.norm
    kind = instrument_type(match)
    status = status_of(norm, match, facts, article.published)
    topics = find_topics(norm[max(0, match.start() - 40): match.start()] + " " + clause_after(norm, match.end()))
    parties = participant_countries(facts, article.ranked)
    signed, precision = None, None
    named_year = year_of_instrument(norm, match)
    if named_year is not None:
        signed, precision = named_year, "year"
        if status == "signed" and article.published and named_year.year < article.published.year:
            status = "in_force"
    if status == "signed" and signed is None:
        when = nearest_date(facts, match.start())
        if when is not None and when.value is not None:
            signed, precision = when.value, when.precision
            if article.published and signed < article.published - timedelta(days=62):
                status = "in_force"
            elif article.published is None and when.year_stated and when.precision != "day":
                status = "in_force"
        elif signings:
            signed, precision = signings[0].event_date, signings[0].date_precision
        elif article.published:
            signed, precision = article.published.replace(day=1), "month"
    until = VALID_UNTIL.search(norm[match.start():])
    valid_until = date(int(until.group("year")), 12, 31) if until else None
    count = count_of(norm, match)
    definite = bool(DEFINITE.search(norm[max(0, match.start() - 40): match.start()]))
    # A mention that names an instrument already recorded refers back to it.
    same = [d for d in drafts if d.agreement_type == kind and set(d.parties) == set(parties)]
    if count == 1:
        for d in same:
            if topics and d.topics == topics or definite and (not topics or not d.topics):
                if not d.topics and topics:
                    d.topics = topics
                if d.status != "signed" and status == "signed" and d.signed_date is None:
                    d.status, d.signed_date, d.precision = status, signed, precision
                return
        if definite and not topics and any(set(d.parties) == set(parties) for d in drafts):
            return
    else:
        count -= sum(1 for d in same if d.status == status)
    for _ in range(max(count, 0)):
        drafts.append(
            Draft(kind, status, parties, topics if count == 1 else (), signed, precision, valid_until, facts,
                  f"agreement.{kind}.{status}" + (".counted" if count > 1 else ""), match.group(0))
        )


def to_agreement(d: Draft) -> Agreement:
    s = d.facts.sentence
    when = d.signed_date
    if when is not None and d.precision == "year":
        when = when.replace(month=1, day=1)
    elif when is not None and d.precision == "month":
        when = when.replace(day=1)
    return Agreement(
        agreement_type=d.agreement_type,
        status=d.status,
        parties=d.parties,
        topics=d.topics,
        signed_date=when if d.status != "negotiating" else None,
        date_precision=d.precision if when is not None and d.status != "negotiating" else None,
        valid_until=d.valid_until,
        evidence=Evidence(s.text, s.start, s.end),
        rule=d.rule,
        name=d.name,
    )
