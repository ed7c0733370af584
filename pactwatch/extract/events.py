"""Events: one record per occurrence of a meeting, visit, signing, anniversary, change of
relations or joint operation.

Each sentence is matched against trigger patterns; each hit gets the sentence's participating
countries and its nearest date. Hits that refer to an occurrence already seen ("the meeting",
"during the visit", the same signing told twice) are merged into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from pactwatch.extract.context import ArticleFacts, SentenceFacts, participant_countries
from pactwatch.extract.dates import DateMention
from pactwatch.extract.model import Event, Evidence
from pactwatch.vocab import event_types

I = re.I  # noqa: E741 - short alias keeps the trigger table readable

TRIGGERS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("signing", "signing_verb", re.compile(
        r"\b(?:sign(?:ed|s|ing)?|inked|inks|inking|exchanged (?:copies|the documents|documents|instruments)|"
        r"concluded (?:a|an|the) (?:treaty|agreement|pact|memorandum))\b", I)),
    ("meeting", "meeting_noun", re.compile(
        r"\b(?:met|meets?|meetings?|talks|summit|dialogue|(?:tele)?phone (?:call|conversation|talks)"
        r"|video (?:call|conference)|consultations|held (?:a )?consultation|courtesy (?:call|visit)s?|co-chaired|discussions|working (?:lunch|dinner)"
        r"|interface|bi-national commission|joint commission|received (?=(?-i:[A-Z])|the visiting|a delegation)"
        r"|hosted (?=(?-i:[A-Z][\w-]* [A-Z]))|convened|reception (?:for|in honou?r of))\b", I)),
    ("visit", "visit_word", re.compile(
        r"\b(?:visit(?:ed|ing|s)?|arrived in|trip to|came to|led (?:a|the|his|her) delegation to|tour of)\b", I)),
    ("anniversary", "anniversary", re.compile(r"\banniversary\b", I)),
    ("relations", "relations_change", re.compile(
        r"\b(?:elevat\w+|upgrad\w+|lift(?:ed|ing)?|rais(?:e|ed|ing))\b[^.;]{0,70}\b(?:ties|relations|relationship|"
        r"partnership)\b[^.;]{0,50}?\bto\b|\b(?:establish(?:ed|ing|ment of)?|re-?establish\w*|restor(?:e|ed|ing)|"
        r"resum(?:e|ed|ption of)|normali[sz](?:e|ed|ation of)|thaw(?:ed)?)\b[^.;]{0,25}?\b(?:diplomatic )?"
        r"(?:ties|relations)\b", I)),
    ("operation", "joint_operation", re.compile(
        r"\b(?:repatriated|extradited|deported|handed over (?:\d+ |the |two |three |several )?(?:\w+ )?(?:suspects|fugitives"
        r"|criminals|nationals|prisoners|victims|citizens|him|her|them)|brought back|took back|raided|"
        r"cracked down|(?:launched|conducted|carried out|held|staged|began|started|completed|concluded)\s+"
        r"(?:(?:a|the|their|its|\d+|\w+)\s+){0,3}(?:joint\s+)?(?:operations?|patrols?|exercises?|crackdowns?|raids?)|"
        r"(?:recent|latest|last|first) joint (?:operations?|patrols?|exercises?|crackdowns?)|"
        r"joint (?:operations?|patrols?|exercises?)\s+(?:was|were)\s+(?:held|conducted|launched)|"
        r"Exercise [A-Z]\w+,?\s+(?:was|were)\s+held)\b", I)),
)
# Cheap substring tests that must pass before a trigger's regex is run on a sentence.
TRIGGER_STEMS: dict[str, tuple[str, ...]] = {
    "signing": ("sign", "ink", "exchanged", "concluded"),
    "meeting": ("met", "meet", "talks", "summit", "dialogue", "consultation", "phone", "video", "courtesy",
                "co-chaired", "discussions", "working", "interface", "commission", "received", "hosted",
                "convened", "reception"),
    "visit": ("visit", "arrived", "trip", "came to", "delegation", "tour"),
    "anniversary": ("anniversary",),
    "relations": ("ties", "relation", "partnership"),
    "operation": ("repatriated", "extradited", "deported", "handed over", "brought back", "took back", "take back",
                  "raided", "cracked", "operation", "patrol", "exercise", "crackdown", "raid"),
}
NOT_A_MEETING = re.compile(r"\bmeeting (?:the |their )?(?:requirements|needs|demands?|targets|the energy)\b", I)
NOT_A_VISIT = re.compile(
    r"\b(?:courtesy|exchanges? of|high-level|mutual|ship|port|study|reciprocal|family|site) visits?\b"
    r"|\bvisits? (?:at|of) all levels\b|\bvisiting (?:hours|professor)\b",
    I,
)
SIGNED_ADJECTIVE = re.compile(r"\b(?:all|the|previously|already|earlier|jointly)\s+signed\s+[A-Za-z]", I)
ANNIVERSARY_CUE = re.compile(r"\b(?:mark(?:s|ed|ing)?|celebrat\w+|commemorat\w+|observ\w+|ceremony|banquet|reception"
                             r"|gala|event|festivities)\b", I)
ANNIVERSARY_NOT = re.compile(r"\b(?:ahead of|approaching|upcoming|next year|will mark|forthcoming|run-up)\b|"
                             r"\b(?:19|20)\d\d\s+marks\b", I)
INTENT = re.compile(
    r"\b(?:agreed to|agree to|will|would|shall|to be held|plans? to|planned|expected to|should|could|may|might|"
    r"pledged to|vowed to|call(?:ing|ed|s)? for|urged?|seek(?:s|ing)? to|hopes? to|hoping|proposed|ready to|"
    r"prepar(?:e|ing) (?:to|for)|aim(?:s|ing)? to|committed to|intends? to|efforts to|looks? forward|next|"
    r"continue to|is scheduled|are scheduled|scheduled to|invit(?:ed|ation) to|wish(?:es|ed)? to|to convene|"
    r"possib(?:le|ility)|would like|decided to|request|requested to|to request)\b[^.;,]{0,60}$",
    I,
)
ANAPHORIC = re.compile(
    r"\b(?:the|this|that|their|its|today's|\w+day's|during|at|in|after|following)\s+(?:[\w-]+\s+){0,3}$", I
)
NEW_OCCURRENCE = re.compile(r"\b(?:separate|another|second|third|also met|next|earlier|subsequent)\b", I)
ANNIVERSARY_OF = re.compile(r"anniversary of (?:the )?(?:\w+ )?$", I)
AGREED_TO = re.compile(r"\bagreed to\s+(?:\w+\s+)?$", I)
REPLACED = re.compile(r"\b(?:replac\w+|terminat\w+|supersed\w+)\b", I)
BACKGROUND = re.compile(
    r"\b(?:years? ago|last year|previous(?:ly)?|in the past|recent(?:ly)?|was last|had been|once again|"
    r"history|founded|historic)\b",
    I,
)


@dataclass
class Candidate:
    event_type: str
    countries: tuple[str, ...]
    own_date: DateMention | None
    is_main: bool
    facts: SentenceFacts
    rule: str
    people: set[str] = field(default_factory=set)
    anaphoric: bool = False
    new_occurrence: bool = False
    inherited: tuple[date | None, str | None] = (None, None)


def nearest_date(facts: SentenceFacts, position: int) -> DateMention | None:
    """The date written closest to a trigger, preferring the ones after it in the same clause."""
    # "this year" or "next year" dates a plan, not an occurrence.
    dated = [
        d for d in facts.dates
        if (d.value is not None or d.kind == "same_day") and not (d.kind == "relative" and d.precision == "year")
    ]
    if not dated:
        return None
    return min(dated, key=lambda d: abs(d.start - position) + (0 if d.start >= position else 5))


def is_intent(norm: str, position: int) -> bool:
    return bool(INTENT.search(norm[max(0, position - 70): position]))


def trigger_applies(event_type: str, facts: SentenceFacts, match: re.Match[str]) -> bool:
    norm = facts.sentence.norm
    window = norm[max(0, match.start() - 40): match.end() + 40]
    if event_type == "meeting" and NOT_A_MEETING.search(norm[match.start(): match.end() + 30]):
        return False
    if event_type == "visit" and NOT_A_VISIT.search(window):
        return False
    if event_type == "signing" and SIGNED_ADJECTIVE.search(norm[max(0, match.start() - 15): match.end() + 3]):
        return False
    if event_type == "anniversary":
        return bool(ANNIVERSARY_CUE.search(norm)) and not ANNIVERSARY_NOT.search(norm) and '"' not in norm[: match.start()]
    if ANNIVERSARY_OF.search(norm[max(0, match.start() - 40): match.start()]):
        return False  # "the anniversary of the signing" commemorates, it does not sign
    if event_type == "signing" and REPLACED.search(norm):
        return False
    return True


def is_background(facts: SentenceFacts, when: DateMention | None, published: date | None) -> bool:
    if when is not None and when.value is not None:
        if published is not None:
            return when.value < published - timedelta(days=62)
        if when.year_stated and when.precision in ("year", "month"):
            return True
    return bool(BACKGROUND.search(facts.sentence.norm))


def candidates_in(facts: SentenceFacts, article: ArticleFacts) -> list[Candidate]:
    found: list[Candidate] = []
    norm = facts.sentence.norm
    seen_types: set[str] = set()
    low = norm.lower()
    for event_type, rule, pattern in TRIGGERS:
        if not any(stem in low for stem in TRIGGER_STEMS[event_type]):
            continue
        # A sentence that refers back ("after the meeting") and tells a new one ("a courtesy call") is the new one.
        matches = sorted(
            pattern.finditer(norm),
            key=lambda m: (bool(ANAPHORIC.search(norm[max(0, m.start() - 40): m.start()])), m.start()),
        )
        for match in matches:
            if event_type in seen_types or not trigger_applies(event_type, facts, match):
                continue
            when = nearest_date(facts, match.start())
            intent = is_intent(norm, match.start()) and event_type != "anniversary"
            if event_type == "relations":
                # "agreed to elevate ties" is the decision itself; "efforts to upgrade" is not.
                intent = intent and not AGREED_TO.search(norm[max(0, match.start() - 40): match.start()])
            if intent and (when is None or when.value is None or when.kind != "explicit"):
                continue
            seen_types.add(event_type)
            countries = participant_countries(facts, article.ranked)
            main = not intent and not is_background(facts, when, article.published)
            before = norm[max(0, match.start() - 40): match.start()]
            found.append(
                Candidate(
                    event_type=event_type,
                    countries=countries,
                    own_date=when,
                    is_main=main,
                    facts=facts,
                    rule=rule,
                    people={p.name for p in facts.people},
                    anaphoric=bool(ANAPHORIC.search(before)) and not re.match(r"\s*(?:met|meets)\b", match.group(0)),
                    new_occurrence=bool(NEW_OCCURRENCE.search(norm[max(0, match.start() - 60): match.end()])),
                )
            )
    return found


def date_of(c: Candidate) -> tuple[date | None, str | None]:
    if c.own_date is not None and c.own_date.value is not None:
        return c.own_date.value, c.own_date.precision
    return c.inherited


def compatible_dates(a: Candidate, b: Candidate) -> bool:
    da, pa = date_of(a)
    db, pb = date_of(b)
    if da is None or db is None:
        return True
    keep = min({"day": 3, "month": 2, "year": 1}[pa or "day"], {"day": 3, "month": 2, "year": 1}[pb or "day"])
    return da.timetuple()[:keep] == db.timetuple()[:keep]


def overlap(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def days_apart(a: Candidate, b: Candidate) -> int | None:
    da, _ = date_of(a)
    db, _ = date_of(b)
    return None if da is None or db is None else abs((da - db).days)


def same_occurrence(existing: Candidate, new: Candidate) -> bool:
    if existing.event_type != new.event_type or existing.is_main != new.is_main:
        return False
    explicit = new.own_date is not None and new.own_date.kind == "explicit"
    if new.anaphoric and not new.new_occurrence and (not explicit or compatible_dates(existing, new)):
        return True  # "the meeting", "during the visit": the one just told
    if overlap(existing.countries, new.countries) < 0.5:
        return False
    if new.event_type == "visit":
        apart = days_apart(existing, new)
        return apart is None or apart <= 10  # a trip is one visit, whatever its days
    if not compatible_dates(existing, new):
        return False
    if new.event_type != "meeting":
        return True
    if new.new_occurrence:
        return False
    # Different people met in the same place and day are different meetings.
    return not existing.people or not new.people or existing.people <= new.people or new.people <= existing.people


def merge(existing: Candidate, new: Candidate) -> None:
    """Keep the more specific date; remember everyone taking part."""
    ed, ep = date_of(existing)
    nd, np_ = date_of(new)
    rank = {"day": 3, "month": 2, "year": 1, None: 0}
    if nd is not None and (ed is None or rank[np_] > rank[ep]):
        existing.own_date = new.own_date
    existing.people |= new.people
    if len(set(new.countries) - set(existing.countries)) and len(existing.countries) < 2:
        existing.countries = tuple(sorted(set(existing.countries) | set(new.countries)))


def news_days(article: ArticleFacts) -> list[date | None]:
    """For each sentence, the latest day the story has reached so far ("the same day" refers to it).

    A visit's span of days is not the day of a later meeting, so sentences about a visit only
    do not move it.
    """
    last: date | None = None
    result: list[date | None] = []
    visit_only = re.compile(r"\bvisit", I)
    for facts in article.sentences:
        result.append(last)
        days = [d.value for d in facts.dates if d.precision == "day" and d.value is not None and d.kind != "same_day"]
        if days and not (visit_only.search(facts.sentence.norm) and not TRIGGERS[1][2].search(facts.sentence.norm)):
            if article.published is None or days[-1] >= article.published - timedelta(days=62):
                last = days[-1]
    return result


def resolve_relative_days(candidates: list[Candidate], article: ArticleFacts) -> None:
    """"The same day" and undated current news take the day the story is at."""
    days = news_days(article)
    index = {id(f): i for i, f in enumerate(article.sentences)}
    for c in candidates:
        day = days[index[id(c.facts)]]
        if c.own_date is not None and c.own_date.kind == "same_day":
            c.own_date = None
            c.inherited = (day, "day") if day else (None, None)
        elif c.own_date is None and c.is_main and day is not None and c.event_type != "visit":
            c.inherited = (day, "day")


def extract_events(article: ArticleFacts) -> tuple[Event, ...]:
    raw: list[Candidate] = []
    for facts in article.sentences:
        if facts.sentence.is_title or facts.is_caption:
            continue
        raw.extend(candidates_in(facts, article))
    resolve_relative_days(raw, article)
    kept: list[Candidate] = []
    for c in raw:
        target = next((k for k in reversed(kept) if same_occurrence(k, c)), None)
        if target is None:
            kept.append(c)
        else:
            merge(target, c)
    allowed = set(event_types())
    events = [to_event(c, article.published) for c in kept if c.event_type in allowed]
    return tuple(events)


def to_event(c: Candidate, published: date | None) -> Event:
    when, precision = date_of(c)
    if when is None and c.is_main and published is not None:
        # Current news with no day of its own is dated by the published month.
        when, precision = published.replace(day=1), "month"
    if when is not None and precision == "month":
        when = when.replace(day=1)
    if when is not None and precision == "year":
        when = when.replace(month=1, day=1)
    s = c.facts.sentence
    return Event(
        event_type=c.event_type,
        event_date=when,
        date_precision=precision if when is not None else None,
        countries=c.countries,
        is_main=c.is_main,
        evidence=Evidence(s.text, s.start, s.end),
        rule=f"event.{c.event_type}.{c.rule}",
    )
