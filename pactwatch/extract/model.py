"""What the extractor returns for one article: plain value records with their evidence.

Offsets are character offsets into the cleaned article text (`articles.text`), so
`text[start:end] == evidence` always holds; the warehouse tests check it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(unsafe_hash=True)  # a value, never changed: not frozen only for speed (pactwatch/native.py)
class Evidence:
    """The sentence a row was read from, and where it stands in the cleaned text."""

    text: str
    start: int
    end: int


@dataclass(unsafe_hash=True)  # a value, never changed: not frozen only for speed (pactwatch/native.py)
class ArticleMeta:
    title: str | None
    published_date: date | None
    dateline: str | None = None
    outlet: str | None = None


@dataclass(unsafe_hash=True)  # a value, never changed: not frozen only for speed (pactwatch/native.py)
class Event:
    event_type: str  # schemas/vocab/event_types.csv
    event_date: date | None
    date_precision: str | None  # day / month / year; None when event_date is None
    countries: tuple[str, ...]  # sorted, unique ISO3
    is_main: bool
    evidence: Evidence
    rule: str  # which rule or pattern produced it


@dataclass(unsafe_hash=True)  # a value, never changed: not frozen only for speed (pactwatch/native.py)
class Participant:
    kind: str  # person / organization
    name: str
    country: str | None  # ISO3
    title: str | None
    evidence: Evidence
    rule: str
    aliases: tuple[str, ...] = ()  # other forms of the name seen in the article


@dataclass(unsafe_hash=True)  # a value, never changed: not frozen only for speed (pactwatch/native.py)
class Agreement:
    agreement_type: str  # schemas/vocab/agreement_types.csv
    status: str  # schemas/vocab/agreement_statuses.csv
    parties: tuple[str, ...]  # sorted, unique ISO3
    topics: tuple[str, ...]  # schemas/vocab/topics.csv, sorted, unique
    signed_date: date | None
    date_precision: str | None
    valid_until: date | None  # expiry or renewal ("extended until 2027")
    evidence: Evidence
    rule: str
    name: str | None = None  # the instrument as the text names it, when it does


@dataclass(unsafe_hash=True)  # a value, never changed: not frozen only for speed (pactwatch/native.py)
class Extraction:
    events: tuple[Event, ...] = field(default_factory=tuple)
    participants: tuple[Participant, ...] = field(default_factory=tuple)
    agreements: tuple[Agreement, ...] = field(default_factory=tuple)
