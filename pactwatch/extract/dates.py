"""Date expressions in a sentence, resolved against the article's published date.

The guidelines' rules: a span of days is its first day; a weekday is the latest such day on
or before the published date; "last week" is the published month; with no published date and
no stated year, a day-and-month has no date at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov",
                "Dec")
_MONTH = r"(?P<month>" + "|".join(_MONTH_NAMES) + r")(?![a-z])\.?"
# "\b" and then a month, written so that every branch starts with the month's first letter: the
# look-behind after it ("J(?<!\w.)anuary" is "(?<!\w)January", which is what "\b" means before a
# letter) lets the regex engine skip in C to the capitals a month can start with.
_B_MONTH = r"(?P<month>" + "|".join(rf"{m[0]}(?<!\w.){m[1:]}" for m in _MONTH_NAMES) + r")(?![a-z])\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# "\b" and then a day, digit first for the same reason: "[0-3]?\d" tried as two digits, then one.
_B_DAY = r"(?P<day>\d(?<!\w.)(?:(?<=[0-3])\d)?)(?:st|nd|rd|th)?"
_SPAN = r"(?:\s*(?:-|to|and|until)\s*(?:[0-3]?\d)(?:st|nd|rd|th)?)?"

MONTH_DAY = re.compile(rf"{_B_MONTH}\s+{_DAY}(?!\d){_SPAN}(?:,?\s+{_YEAR})?")
DAY_MONTH = re.compile(rf"{_B_DAY}{_SPAN}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?")
MONTH_YEAR = re.compile(rf"{_B_MONTH},?\s+{_YEAR}")
# A month alone: "In November", "since early March" (not "March 5", which the patterns above take).
# "\b" and then "[Ii]n|[Ss]ince|[Ll]ast|[Ee]arly|[Ll]ate|[Mm]id-?", each branch starting with a literal
# (as in _B_MONTH) so that the engine skips in C to the letters a preposition can start with.
_BARE_PREP = "|".join(
    f"{first}(?<!\\w.){rest}"
    for first, rest in (("I", "n"), ("i", "n"), ("S", "ince"), ("s", "ince"), ("L", "(?:ast|ate)"),
                        ("l", "(?:ast|ate)"), ("E", "arly"), ("e", "arly"), ("M", "id-?"), ("m", "id-?"))
)
BARE_MONTH = re.compile(rf"(?:{_BARE_PREP})\s+(?:early\s+|late\s+|mid-?)?{_MONTH}(?![\w.]?\s*\d)")
# A bare year only counts after a preposition that dates something ("in 2007", "of 2012").
YEAR = re.compile(rf"\b(?P<prep>[Ii]n|[Oo]f|[Ss]ince|[Ff]rom|[Ss]igned|early|late|mid-?)\s+{_YEAR}(?![-/]\d)")
WEEKDAY = re.compile(
    r"\b(?P<mod>last|this|next|on|early|late)?\s*(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
    r"|Sunday)(?:'s)?",
)
RELATIVE = re.compile(
    r"\b(?P<rel>today|yesterday|tonight|this (?:morning|afternoon|evening)|last (?:week|month|year)"
    r"|this (?:week|month|year)|earlier this (?:week|month|year)|next (?:week|month|year)"
    r"|the same day|later this (?:month|year))\b",
    re.I,
)


HAS_DIGIT = re.compile(r"\d")
MONTH_WORD = re.compile(_MONTH)  # every branch starts with a literal: the engine skips to those in C


@dataclass(unsafe_hash=True)  # a value, never changed: not frozen only for speed (pactwatch/native.py)
class DateMention:
    start: int
    end: int
    value: date | None
    precision: str | None  # day / month / year
    kind: str  # explicit / weekday / relative / same_day
    year_stated: bool




def shift_year_if_far(candidate: date, published: date) -> date:
    """A day and month without a year that lies half a year after publication was last year."""
    if (candidate - published).days > 183:
        try:
            return candidate.replace(year=candidate.year - 1)
        except ValueError:
            return candidate
    return candidate


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_month_mention(match: re.Match[str], published: date | None, kind_year: int | None) -> DateMention:
    month = MONTHS[match.group("month").lower().rstrip(".")]
    day = int(match.group("day"))
    if match.group("year"):
        value = make_date(int(match.group("year")), month, day)
        return DateMention(match.start(), match.end(), value, "day" if value else None, "explicit", True)
    if kind_year is not None:
        value = make_date(kind_year, month, day)
        return DateMention(match.start(), match.end(), value, "day" if value else None, "explicit", False)
    if published is None:
        return DateMention(match.start(), match.end(), None, None, "explicit", False)
    value = make_date(published.year, month, day)
    if value:
        value = shift_year_if_far(value, published)
    return DateMention(match.start(), match.end(), value, "day" if value else None, "explicit", False)


def weekday_mention(match: re.Match[str], published: date | None) -> DateMention:
    if published is None:
        return DateMention(match.start(), match.end(), None, None, "weekday", False)
    target = WEEKDAYS[match.group("weekday").lower()]
    modifier = (match.group("mod") or "").lower()
    back = (published.weekday() - target) % 7
    value = published - timedelta(days=back)
    if modifier == "next":
        value = published + timedelta(days=(target - published.weekday()) % 7 or 7)
    return DateMention(match.start(), match.end(), value, "day", "weekday", False)


def relative_mention(match: re.Match[str], published: date | None) -> DateMention:
    rel = match.group("rel").lower()
    if rel == "the same day":
        return DateMention(match.start(), match.end(), None, None, "same_day", False)
    if published is None:
        return DateMention(match.start(), match.end(), None, None, "relative", False)
    value: date | None
    precision = "day"
    part_of_today = rel.startswith("this ") and rel.split()[1] in ("morning", "afternoon", "evening")
    if rel in ("today", "tonight") or part_of_today:
        value = published
    elif rel == "yesterday":
        value = published - timedelta(days=1)
    elif rel.endswith("week") or (rel.endswith("month") and ("this" in rel or "later" in rel)):
        value, precision = published.replace(day=1), "month"
    elif rel == "last month":
        first = published.replace(day=1) - timedelta(days=1)
        value, precision = first.replace(day=1), "month"
    elif rel == "next month":
        value, precision = (published.replace(day=28) + timedelta(days=5)).replace(day=1), "month"
    elif rel == "last year":
        value, precision = date(published.year - 1, 1, 1), "year"
    elif rel == "next year":
        value, precision = date(published.year + 1, 1, 1), "year"
    else:  # this year / earlier this year / later this year
        value, precision = date(published.year, 1, 1), "year"
    return DateMention(match.start(), match.end(), value, precision, "relative", False)


def overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def month_starts(text: str) -> list[int]:
    """Where MONTH_WORD matches in a whole text, to tell which of its sentences name a month with
    one scan. A sentence is cut after punctuation and a space, or at a line end, so a month word
    inside it is followed by the same characters in the text and the sentence; and month words
    never overlap, so the scan of the text finds every one a scan of the sentence would."""
    return [m.start() for m in MONTH_WORD.finditer(text)]


# What `YEAR` requires of the number itself: the few places worth trying `YEAR` at.
YEAR_NUMBER = re.compile(rf"{_YEAR}(?![-/]\d)")


def year_matches(norm: str) -> list[re.Match[str]]:
    """The matches of `YEAR.finditer(norm)`, trying `YEAR` only just before each year-like number.

    A match is a preposition of at most 6 characters, the whitespace run before the number and the
    number: so it starts at most 6 characters before that run, and it cannot reach back past the
    previous number (whose digits are no preposition or space). The end bound cuts off no look-ahead
    that matters: `YEAR_NUMBER` checked the same ones on the whole text.
    """
    found = []
    previous = 0
    for number in YEAR_NUMBER.finditer(norm):
        start = number.start()
        while start > previous and norm[start - 1].isspace():
            start -= 1
        match = YEAR.search(norm, max(previous, start - 6), number.end())
        if match is not None:
            found.append(match)
        previous = number.end()
    return found


WEEKDAY_NAME = re.compile(r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")


def weekday_scan_start(norm: str, first: int) -> int:
    """Where a scan for WEEKDAY can start without missing a match, given the first weekday name.

    A match is an optional lower-case modifier of at most 5 letters, spaces and a weekday name: one
    that reaches the first name starts at most 5 characters before the spaces in front of it, and one
    with a later name cannot start before the first name, whose capital is no modifier or space.
    """
    start = first
    while start > 0 and norm[start - 1].isspace():
        start -= 1
    return max(0, start - 5)


def find_dates(
    norm: str, published: date | None, sentence_year: int | None = None, has_month: bool | None = None
) -> list[DateMention]:
    """Every date expression in a sentence, most specific pattern first, sorted by position.

    `has_month`: whether MONTH_WORD matches in `norm`, when the caller knows (see `month_starts`).
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    # Cheap tests first: most sentences name no month, and the digit test is only worth it after a month.
    if has_month is None:
        has_month = MONTH_WORD.search(norm) is not None
    if has_month and HAS_DIGIT.search(norm) is not None:
        for pattern in (MONTH_DAY, DAY_MONTH):
            for m in pattern.finditer(norm):
                if not taken or not overlaps(m.span(), taken):
                    found.append(day_month_mention(m, published, sentence_year))
                    taken.append(m.span())
        for m in MONTH_YEAR.finditer(norm):
            if not taken or not overlaps(m.span(), taken):
                value = date(int(m.group("year")), MONTHS[m.group("month").lower().rstrip(".")], 1)
                found.append(DateMention(m.start(), m.end(), value, "month", "explicit", True))
                taken.append(m.span())
    if has_month and published is not None:
        for m in BARE_MONTH.finditer(norm):
            span = m.span("month")
            if not taken or not overlaps(span, taken):
                value = date(published.year, MONTHS[m.group("month").lower().rstrip(".")], 1)
                if value > published:
                    value = value.replace(year=published.year - 1)
                found.append(DateMention(span[0], span[1], value, "month", "explicit", False))
                taken.append(span)
    # A year starts "19" or "20" (so the sentence has a digit): most numbers in a sentence are no year.
    if "19" in norm or "20" in norm:
        for m in year_matches(norm):
            span = m.span("year")
            if not taken or not overlaps(span, taken):
                found.append(DateMention(span[0], span[1], date(int(m.group("year")), 1, 1), "year", "explicit", True))
                taken.append(span)
    first = WEEKDAY_NAME.search(norm) if "day" in norm else None
    if first is not None:
        for m in WEEKDAY.finditer(norm, weekday_scan_start(norm, first.start())):
            if not taken or not overlaps(m.span("weekday"), taken):
                found.append(weekday_mention(m, published))
                taken.append(m.span())
    low = norm.lower()
    # A chain of `in` tests: far cheaper than any() over the stems or a case-insensitive search.
    if (
        "today" in low or "yesterday" in low or "tonight" in low or "this " in low or "last " in low
        or "next " in low or "later " in low or "same day" in low
    ):
        for m in RELATIVE.finditer(norm):
            if not taken or not overlaps(m.span(), taken):
                found.append(relative_mention(m, published))
                taken.append(m.span())
    if len(found) > 1:
        found.sort(key=_start)
    return found


def _start(mention: DateMention) -> int:
    return mention.start


STATED_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def stated_year(norm: str) -> int | None:
    """A year written in the sentence, which dates a day-and-month there when nothing else does."""
    if "19" not in norm and "20" not in norm:
        return None
    match = STATED_YEAR.search(norm)
    return int(match.group(1)) if match else None
