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
        r"\b(?:sign(?:ed|s|ing)?|inked|inks|exchanged (?:copies|the documents|documents|instruments)|"
        r"concluded (?:a|an|the) (?:treaty|agreement|pact|memorandum))\b", I)),
    ("meeting", "meeting_noun", re.compile(
        r"\b(?:met|meets?|meetings?|talks|summit|dialogue|consultations?|(?:tele)?phone (?:call|conversation|talks)"
        r"|video (?:call|conference)|courtesy (?:call|visit)s?|co-chaired|discussions|working (?:lunch|dinner)"
        r"|interface|bi-national commission|joint commission|received (?=[A-Z]|the visiting|a delegation)"
        r"|hosted (?=[A-Z][\w-]* [A-Z])|convened)\b", I)),
    ("visit", "visit_word", re.compile(
        r"\b(?:visit(?:ed|ing|s)?|arrived in|trip to|came to|led (?:a|the|his|her) delegation to|tour of)\b", I)),
    ("anniversary", "anniversary", re.compile(r"\banniversary\b", I)),
    ("relations", "relations_change", re.compile(
        r"\b(?:elevat\w+|upgrad\w+|lift(?:ed|ing)?|rais(?:e|ed|ing))\b[^.;]{0,70}\b(?:ties|relations|relationship|"
        r"partnership)\b[^.;]{0,50}?\bto\b|\b(?:establish(?:ed|ing|ment of)?|re-?establish\w*|restor(?:e|ed|ing)|"
        r"resum(?:e|ed|ption of)|normali[sz](?:e|ed|ation of)|thaw(?:ed)?)\b[^.;]{0,25}?\b(?:diplomatic )?"
        r"(?:ties|relations)\b", I)),
    ("operation", "joint_operation", re.compile(
        r"\b(?:joint (?:operations?|patrols?|exercises?|crackdowns?|raids?|law enforcement operations?)|"
        r"crack(?:ed)? down|crackdowns?|raid(?:ed|s)?|repatriat(?:ed|ion of)|extradited|deported|handed over"
        r"|brought back|took back|take back|(?:flagship|bilateral|military|naval) exercises?|Exercise [A-Z]\w+)\b")),
)
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
    r"possib(?:le|ility)|would like|decided to)\b[^.;]{0,60}$",
    I,
)
ANAPHORIC = re.compile(
    r"\b(?:the|this|that|their|its|today's|\w+day's|during|at|in|after|following)\s+(?:[\w-]+\s+){0,3}$", I
)
NEW_OCCURRENCE = re.compile(r"\b(?:separate|another|second|third|also met|next|later|earlier|subsequent)\b", I)
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
    dated = [d for d in facts.dates if d.value is not None or d.kind == "same_day"]
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
        return bool(ANNIVERSARY_CUE.search(norm)) and not ANNIVERSARY_NOT.search(norm) and '"' not in norm[:match.start()]
    if event_type == "relations" and re.search(r"anniversary of (?:the )?$", norm[: match.start()], I):
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
    for event_type, rule, pattern in TRIGGERS:
        for match in pattern.finditer(norm):
            if event_type in seen_types or not trigger_applies(event_type, facts, match):
                continue
            when = nearest_date(facts, match.start())
            intent = is_intent(norm, match.start()) and event_type not in ("relations", "anniversary")
            if intent and (when is None or when.value is None):
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


def same_occurrence(existing: Candidate, new: Candidate) -> bool:
    if existing.event_type != new.event_type or existing.is_main != new.is_main:
        return False
    if overlap(existing.countries, new.countries) < 0.5 or not compatible_dates(existing, new):
        return False
    if new.event_type != "meeting":
        return True
    if new.anaphoric and not new.new_occurrence:
        return True
    if new.new_occurrence:
        return False
    return not existing.people or not new.people or bool(existing.people & new.people)


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


def resolve_same_day(candidates: list[Candidate], published: date | None) -> None:
    """"Earlier the same day" takes the date of the latest dated event before it."""
    last: tuple[date | None, str | None] = (None, None)
    for c in candidates:
        if c.own_date is not None and c.own_date.kind == "same_day":
            c.own_date = None
            c.inherited = last
        d = date_of(c)
        if d[0] is not None and d[1] == "day":
            last = d


def extract_events(article: ArticleFacts) -> tuple[Event, ...]:
    raw: list[Candidate] = []
    for facts in article.sentences:
        if facts.sentence.is_title or facts.is_caption:
            continue
        raw.extend(candidates_in(facts, article))
    resolve_same_day(raw, article.published)
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
