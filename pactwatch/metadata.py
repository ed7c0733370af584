"""Article metadata: title, published date, dateline city and outlet, read from the text itself.

A published date is only taken from where a page states it (a ` date YYYY-MM-DD` header, a
`Published:` line, a line that is nothing but a date, or a short time-stamp line near the
top). A date inside a sentence about an event is never a publication date.
"""

from __future__ import annotations

import re
from datetime import date

from pactwatch.extract.gazetteer import alternation, cities, fold, outlets
from pactwatch.extract.model import ArticleMeta

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?" \
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_MDY = rf"{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"
_DMY = rf"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>(?:19|20)\d\d)"

HEADER = re.compile(r"^\s*date\s+(?P<iso>\d{4}-\d{2}-\d{2})\b\s*")
MDY = re.compile(rf"\b{_MDY}")
DMY = re.compile(rf"\b{_DMY}")
ISO = re.compile(r"\b(?P<iso>\d{4}-\d{2}-\d{2})\b")
PUBLISHED = re.compile(r"^\s*(?:Published|Posted|Updated|Date)\b\s*(?:on|at)?\s*:?", re.I)
WEEKDAY_PREFIX = re.compile(r"^\s*(?:(?:[A-Z][a-z]+day|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?,?\s+)?")
# A short credit line that carries the date: "By Staff Reporter | March 12, 2025".
CREDIT_LINE = re.compile(r"^\s*(?:By\b|.*[|•·])", re.I)
# A time-stamp line: "Xinhua) 14:50, April 13, 2024" - short, a clock time next to the date.
CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")
DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Za-z'.]+(?:[ -][A-Z][A-Za-z'.]+){0,3})"
    r"(?:,\s*[A-Z][A-Za-z ]+?)?(?P<when>,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?"
    r"(?:,?\s+\d{4})?))?\s*(?:\([^)]{1,30}\))?\s*(?:--|[-–—:])\s"
)
OUTLET_IN_PARENS = re.compile(r"\((?P<outlet>[A-Z][A-Za-z. ]{1,30})\)")
TRAILING_CHROME = re.compile(r"^\s*(?:More (?:From|Articles|Stories|News)|Related\b|Read more)", re.I)
HEAD_LINES = 15
DATE_INITIALS = frozenset("JFMASOND")
OUTLET_NAME = re.compile(r"(?<![\w])(" + alternation(list(outlets())) + r")(?![\w])")


def date_from_match(match: re.Match[str]) -> date | None:
    if match.groupdict().get("iso"):
        try:
            return date.fromisoformat(match.group("iso"))
        except ValueError:
            return None
    try:
        return date(int(match.group("year")), MONTHS[match.group("month")[:3].lower()], int(match.group("day")))
    except (ValueError, KeyError):
        return None


def head_lines(text: str) -> list[str]:
    """The first non-empty lines of the page, stopping where related-headline chrome starts."""
    lines: list[str] = []
    for line in text.split("\n"):
        if TRAILING_CHROME.match(line):
            break
        if line.strip():
            lines.append(line)
        if len(lines) >= HEAD_LINES:
            break
    return lines


def first_date(text: str) -> re.Match[str] | None:
    """The earliest full date (day, month and year) in a short piece of text."""
    matches = [m for m in (MDY.search(text), DMY.search(text), ISO.search(text)) if m]
    return min(matches, key=lambda m: m.start()) if matches else None


def is_date_line(line: str) -> bool:
    """A line that is nothing but a date, perhaps with its weekday."""
    body = WEEKDAY_PREFIX.sub("", line).strip()
    # A date opens with a digit or a capitalised month: any other line is answered without the three searches.
    if not body or not (body[0] in DATE_INITIALS or body[0].isdigit()):
        return False
    match = first_date(body)
    return match is not None and match.start() == 0 and match.end() == len(body.rstrip(". "))


def published_date(text: str, lines: list[str] | None = None) -> date | None:
    """`lines`: head_lines(text), when the caller has them."""
    lines = head_lines(text) if lines is None else lines
    if lines:
        header = HEADER.match(lines[0])
        if header:
            return date_from_match(header)
    for line in lines:
        if PUBLISHED.match(line):
            match = first_date(line)
            if match:
                return date_from_match(match)
    for line in lines:
        if is_date_line(line):
            return date_from_match(first_date(line))  # type: ignore[arg-type]
    for line in lines:
        # A dateline that carries the year: "BANGKOK, 3 March 2025 (Bernama) --".
        opener = DATELINE.match(HEADER.sub("", line))
        if opener and opener.group("when"):
            match = first_date(opener.group("when"))
            if match:
                return date_from_match(match)
    for line in lines:
        short = len(line.split()) <= 10
        if len(line) <= 80 and (CLOCK.search(line) or (short and CREDIT_LINE.match(line))):
            match = first_date(line)
            if match:
                return date_from_match(match)
    return None


def title_of(text: str) -> str | None:
    """The first non-empty line, without a date header; a line that is only a publication
    stamp ("Published: 12 Jan. 2024") is no title, so the next line is taken."""
    for line in text.split("\n"):
        title = HEADER.sub("", line).strip()
        if title and not PUBLISHED.match(title) and not is_date_line(title):
            return title
    return None


def dateline_of(text: str, lines: list[str] | None = None) -> str | None:
    """The city a lead paragraph opens with ("SEOUL –", "Vientiane (VNA) –"); `lines` as for published_date."""
    for line in head_lines(text) if lines is None else lines:
        body = HEADER.sub("", line)
        match = DATELINE.match(body)
        if match:
            city = match.group("city").strip()
            # An upper-case opener is a dateline by convention; otherwise only a known city is.
            if (city.isupper() and len(city) > 2) or fold(city) in cities():
                return city.title() if city.isupper() else city
    return None


DASH_AT_END = re.compile(r"[-–—]\s*$")


def outlet_of(text: str) -> str | None:
    """A news agency or paper the text names as its source, when it is a known outlet."""
    for match in OUTLET_IN_PARENS.finditer(text):
        name = match.group("outlet").strip()
        if name in outlets():
            return name
    # Elsewhere only where agencies sign: a short credit line, or "— VNA" closing a paragraph.
    lines = [line for line in text.split("\n") if line.strip()]
    # Credits stand at the top or the bottom of a story, never in its middle.
    for line in lines[:HEAD_LINES] + lines[-5:]:
        short = len(line.split()) <= 8
        for match in OUTLET_NAME.finditer(line):
            if short or (DASH_AT_END.search(line[: match.start()]) and not line[match.end():].strip(" ./")):
                return match.group(1)
    return None


def parse_metadata(text: str) -> ArticleMeta:
    lines = head_lines(text)
    return ArticleMeta(
        title=title_of(text),
        published_date=published_date(text, lines),
        dateline=dateline_of(text, lines),
        outlet=outlet_of(text),
    )
