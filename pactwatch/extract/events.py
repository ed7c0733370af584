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

from pactwatch.extract.context import ArticleFacts, SentenceFacts
from pactwatch.extract.dates import MONTH_DAY, MONTHS, DateMention, make_date
from pactwatch.extract.model import Event, Evidence
from pactwatch.extract.triggers import (
    AGREED_TO,
    ANAPHORIC,
    ANNIVERSARY_WORD,
    COURTESY_CALLS,
    FOLLOWED_AFTER,
    FOLLOWING,
    INSTRUMENT_DATE,
    MEETING_VERB,
    NEW_OCCURRENCE,
    NEW_OCCURRENCE_WORDS,
    PAST_BEFORE,
    TRIGGER_STARTS,
    TRIGGER_STEMS,
    TRIGGERS,
    VISIT_WORD,
    WITH_AFTER,
    I,
    finditer_from_starts,
    is_background,
    is_intent,
    kinds_present,
    may_hold,
    may_report_operation,
    trigger_applies,
)
from pactwatch.vocab import event_types


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


def distance(d: DateMention, position: int) -> int:
    return abs(d.start - position) + (0 if d.start >= position else 5)


def nearest_date(
    facts: SentenceFacts, position: int, others: list[int] | None = None, event_type: str = ""
) -> DateMention | None:
    """The date written closest to a trigger, preferring the ones after it in the same clause.

    A date nearer to another trigger of the sentence is that one's ("framed the meeting as ...,
    with the anniversary approaching in 2026"); a date in an instrument's name ("the Agreement of
    2012") dates the instrument, not a meeting about it.
    """
    norm = facts.sentence.norm
    # "This year" or "next year" dates a plan, not an occurrence; "last year" dates history.
    dated = [
        d for d in facts.dates
        if (d.value is not None or d.kind == "same_day")
        and not (d.kind == "relative" and d.precision == "year" and norm[d.start: d.start + 4] != "last")
        and (event_type == "signing" or not INSTRUMENT_DATE.search(norm[max(0, d.start - 25): d.start]))
    ]
    if others:
        dated = [d for d in dated if all(distance(d, position) <= distance(d, o) for o in others)]
    if not dated:
        return None
    return min(dated, key=lambda d: distance(d, position))


# A stem that contains another stem of its kind adds nothing to the "any stem occurs" test.
_STEMS = tuple(
    (kind, tuple(s for s in stems if not any(o != s and o in s for o in stems)))
    for kind, stems in TRIGGER_STEMS.items()
)
_STEM_KINDS = tuple((stem, kind) for kind, stems in _STEMS for stem in stems)
MET_WORD = re.compile(r"\s*(?:met|meets)\b")


def candidates_in(
    facts: SentenceFacts, article: ArticleFacts, present: set[str] | None = None, low: str | None = None
) -> list[Candidate]:
    """`present`: the kinds whose stems occur in the sentence, and `low` the lower-cased sentence,
    when the caller knows them already."""
    found: list[Candidate] = []
    norm = facts.sentence.norm
    if low is None:
        low = norm.lower()
    if present is None:
        # Plain substring tests (fast C calls) say which kinds of trigger can occur in the sentence.
        present = {kind for kind, stems in _STEMS if any(map(low.__contains__, stems))}
    # A date nearer to "anniversary" than to a trigger dates the anniversary ("approaching in 2026").
    anniversaries = [m.start() for m in ANNIVERSARY_WORD.finditer(norm)] if "anniversary" in present else []
    # Words that tell a new occurrence are rare: when the sentence has none, no window of it has.
    new_words = may_hold(norm, NEW_OCCURRENCE_WORDS, low)
    for event_type, rule, pattern in TRIGGERS:
        if event_type not in present or (event_type == "operation" and not may_report_operation(norm, low)):
            continue
        # A sentence that refers back ("after the meeting") and tells a new one ("a courtesy call") is the new one.
        matches = finditer_from_starts(pattern, TRIGGER_STARTS[event_type], norm, low)
        if not matches:
            continue
        if len(matches) > 1:
            matches.sort(key=lambda m: (bool(ANAPHORIC.search(norm[max(0, m.start() - 40): m.start()])), m.start()))
        for match in matches:
            if not trigger_applies(event_type, facts, match):
                continue
            start = match.start()
            others = [p for p in anniversaries if p != start]
            when = nearest_date(facts, start, others, event_type)
            if event_type == "anniversary":
                intent = False
                # An anniversary still to be celebrated is scheduled, not news.
                planned = is_intent(norm, start)
            else:
                intent = is_intent(norm, start)
                planned = False
            if intent and event_type == "relations":
                # "agreed to elevate ties" is the decision itself; "efforts to upgrade" is not.
                intent = not AGREED_TO.search(norm[max(0, start - 40): start])
            if intent and (when is None or when.value is None or when.kind != "explicit"):
                continue
            word = match.group(0)
            if word.lower() in ("meetings", "visits") and (
                not article.participants_of(facts, fill=False)
                or when is None
                or when.kind not in ("explicit", "weekday")
            ):
                continue  # "annual meetings", "held bilateral meetings": habits and summaries, not one meeting
            countries = article.participants_of(facts)
            if event_type == "meeting":
                countries = meeting_with(facts, match) or countries
            following = FOLLOWING.search(norm[max(0, start - 90): start])
            past = PAST_BEFORE.search(norm[max(0, start - 30): start]) is not None
            main = not (intent or planned or following or past or is_background(facts, when, article))
            before = norm[max(0, start - 40): start]
            found.append(
                Candidate(
                    event_type=event_type,
                    countries=countries,
                    own_date=when,
                    is_main=main,
                    facts=facts,
                    rule=rule,
                    people=people_around(facts, article),
                    anaphoric=bool(ANAPHORIC.search(before)) and not MET_WORD.match(word),
                    new_occurrence=(
                        new_words and bool(NEW_OCCURRENCE.search(norm[max(0, start - 60): match.end() + 12]))
                    )
                    or bool(FOLLOWED_AFTER.match(norm, match.end())),
                )
            )
            if event_type == "meeting":
                found.extend(separate_meetings(found[-1], norm, facts))
            break  # one occurrence of each kind per sentence: the first match that reports one
    return found


def meeting_with(facts: SentenceFacts, match: re.Match[str]) -> tuple[str, ...] | None:
    """"North Korea ... its summit with Russia": the two sides are named around the trigger,
    whoever else the sentence mentions."""
    norm = facts.sentence.norm
    with_part = WITH_AFTER.match(norm, match.end())
    if not with_part:
        return None
    after = next((m for m in facts.countries if m.start == with_part.end()), None)
    before = [m for m in facts.countries if match.start() - 60 <= m.start < match.start()]
    if after is None or not before or before[-1].iso3 == after.iso3:
        return None
    return tuple(sorted({before[-1].iso3, after.iso3}))


def people_around(facts: SentenceFacts, article: ArticleFacts) -> set[str]:
    """Who a sentence names, or, when it names nobody ("During the meeting, the two ministers..."),
    who the sentences just before it named."""
    if facts.people:
        return {p.name for p in facts.people}
    index = next(i for i, f in enumerate(article.sentences) if f is facts)
    for previous in reversed(article.sentences[max(0, index - 2): index]):
        if previous.people:
            return {p.name for p in previous.people}
    return set()


def person_positions(facts: SentenceFacts) -> list[tuple[int, str]]:
    """Where each person named in a sentence first appears in it (by any word of the name)."""
    positions: list[tuple[int, str]] = []
    for person in facts.people:
        hits = [facts.sentence.norm.find(t) for t in person.tokens if len(t) > 1]
        hits = [h for h in hits if h >= 0]
        if hits:
            positions.append((min(hits), person.name))
    return sorted(positions)


def separate_meetings(first: Candidate, norm: str, facts: SentenceFacts) -> list[Candidate]:
    """One sentence, several meetings: "paid courtesy calls on A and B", "co-chaired X ... and met with Y".

    Each later meeting verb (or each person called on) is a meeting of its own with the people
    named after it; the first keeps everyone named before the second.
    """
    positions = person_positions(facts)
    verbs = list(MEETING_VERB.finditer(norm))
    extra: list[Candidate] = []
    if len(verbs) >= 2:
        bounds = [v.start() for v in verbs] + [len(norm)]
        for i in range(1, len(verbs)):
            names = {n for pos, n in positions if bounds[i] <= pos < bounds[i + 1]}
            if names:
                extra.append(replace_people(first, names))
        if extra:
            first.people = {n for pos, n in positions if pos < bounds[1]}
    calls = COURTESY_CALLS.search(norm)
    if calls and not extra:
        called = [n for pos, n in positions if pos > calls.end()]
        for name in called[1:]:
            extra.append(replace_people(first, {name}))
        if len(called) > 1:
            first.people = {n for pos, n in positions if pos <= calls.end()} | {called[0]}
    return extra


def replace_people(c: Candidate, people: set[str]) -> Candidate:
    return Candidate(c.event_type, c.countries, c.own_date, c.is_main, c.facts, c.rule + ".separate", people,
                     anaphoric=False, new_occurrence=True)


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
    # "Today" in a quote is the day it was said; only a written date can set an occurrence apart.
    dated = new.own_date is not None and new.own_date.value is not None and new.own_date.kind != "relative"
    if new.anaphoric and not new.new_occurrence and (not dated or compatible_dates(existing, new)):
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
    meeting = next(p for t, _, p in TRIGGERS if t == "meeting")
    for facts in article.sentences:
        result.append(last)
        norm = facts.sentence.norm
        days = [d.value for d in facts.dates if d.precision == "day" and d.value is not None and d.kind != "same_day"]
        if not days:
            continue
        reference = article.reference
        recent = reference is None or days[-1] >= reference - timedelta(days=62)
        # Only read when it can matter: a sentence with a recent day.
        if recent and not (VISIT_WORD.search(norm) is not None and meeting.search(norm) is None):
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
        elif c.own_date is None and c.is_main and day is not None:
            c.inherited = (day, "day")


ORDINAL_ANNIVERSARY = re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+(?:founding\s+)?anniversary\b", I)
FOUNDING_YEAR = re.compile(r"\b(?:establish\w*|found\w*|sign\w*|since|normali[sz]\w*)\b[^.]*?\b((?:19|20)\d\d)\b", I)


def date_anniversaries(candidates: list[Candidate], article: ArticleFacts) -> None:
    """"June 24 marks the 50th anniversary" of ties set up "on June 24, 1974": 2024-06-24.

    Only for an anniversary the text dates without a year: the year is the founding year plus N.
    """
    if not any(c.event_type == "anniversary" for c in candidates):
        return
    founding = next((m for f in article.sentences for m in [FOUNDING_YEAR.search(f.sentence.norm)] if m), None)
    for c in candidates:
        own = date_of(c)[0]
        norm = c.facts.sentence.norm
        nth = ORDINAL_ANNIVERSARY.search(norm)
        if c.event_type != "anniversary" or not nth or not founding:
            continue
        year = int(founding.group(1)) + int(nth.group("n"))
        if own is not None and own.year != int(founding.group(1)):
            continue  # the anniversary has a date of its own; the founding year is not it
        c.own_date = None
        day = MONTH_DAY.search(norm)
        when = make_date(year, MONTHS[day.group("month").lower().rstrip(".")], int(day.group("day"))) if day else None
        c.inherited = (when, "day") if when else (date(year, 1, 1), "year")
        # What the anniversary commemorates lies N years back: history, not news.
        for other in candidates:
            d = date_of(other)[0]
            if other is not c and d is not None and d < c.inherited[0] - timedelta(days=365):  # type: ignore[operator]
                other.is_main = False


def extract_events(article: ArticleFacts) -> tuple[Event, ...]:
    raw: list[Candidate] = []
    read, lows = article.body()
    # Half the sentences hold no trigger stem at all; they are ruled out without a call.
    kinds = kinds_present(lows, _STEM_KINDS)
    for facts, present, low in zip(read, kinds, lows, strict=True):
        if present:
            raw.extend(candidates_in(facts, article, present, low))
    date_anniversaries(raw, article)
    resolve_relative_days(raw, article)
    kept: list[Candidate] = []
    for c in raw:
        latest = next((k for k in reversed(kept) if k.event_type == c.event_type and k.is_main == c.is_main), None)
        if c.anaphoric and latest is not None and same_occurrence(latest, c):
            target: Candidate | None = latest  # a reference back is to the latest of its kind
        else:
            target = next((k for k in reversed(kept) if not c.anaphoric and same_occurrence(k, c)), None)
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
