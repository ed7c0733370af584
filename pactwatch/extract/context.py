"""What every rule needs to know about one article, computed once: sentences, countries, people.

Rules for events and agreements read this instead of re-scanning the text, so the text is
scanned a fixed number of times whatever the number of rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pactwatch.extract.countries import (
    CountryContext,
    CountryMention,
    article_context,
    find_countries,
    home_country,
    main_countries,
    masked_spans,
)
from pactwatch.extract.dates import DateMention, find_dates, stated_year
from pactwatch.extract.model import ArticleMeta
from pactwatch.extract.people import Person, assign_fallback_countries, collect_people, mentions_by_sentence
from pactwatch.extract.sentences import Sentence, normalise, split_sentences

# "China-brokered", "US-led": the country is a third party, not a participant.
THIRD_PARTY = re.compile(r"^-(?:brokered|led|backed|aligned|aided|funded|based|born|made|hosted|mediated)\b")
# A venue: "in Lima", "at Seoul's foreign ministry", "in Tokyo, Japan".
VENUE_BEFORE = re.compile(r"\b(?:in|at|to)\s+(?:the\s+)?(?:[A-Z][\w'-]*\s*,?\s*){0,3}$")
CAPTION = re.compile(
    r"\((?:left|right|L|R|centre|center|C|second from (?:left|right)|front)\)|\bpose[sd]? for (?:a )?photos?\b"
    r"|\bshake hands\b|\bThis photo\b|\bPhoto taken\b|\bwalk together\b",
    re.I,
)


@dataclass
class SentenceFacts:
    sentence: Sentence
    countries: list[CountryMention]  # with people's names masked out
    people: list[Person]
    dates: list[DateMention]
    is_caption: bool


@dataclass
class ArticleFacts:
    text: str
    meta: ArticleMeta
    published: date | None
    context: CountryContext
    sentences: list[SentenceFacts]
    people: list[Person]
    ranked: list[str]  # countries by prominence in the article


def person_spans(people: list[Person]) -> list[tuple[int, int]]:
    return [(m.start, m.end) for p in people for m in p.mentions]


def build_facts(text: str, meta: ArticleMeta) -> ArticleFacts:
    norm = normalise(text)
    context = article_context(norm, home_country(meta.outlet, meta.dateline))
    sentences = split_sentences(text)
    people = collect_people(sentences, context)
    names = person_spans(people)
    by_sentence = mentions_by_sentence(people, sentences)
    facts: list[SentenceFacts] = []
    all_mentions: list[CountryMention] = []
    title_mentions: list[CountryMention] = []
    for i, s in enumerate(sentences):
        masks = masked_spans(s.norm) + [(a - s.start, b - s.start) for a, b in names if s.start <= a < s.end]
        mentions = [
            m for m in find_countries(s.norm, context, masks) if not THIRD_PARTY.match(s.norm[m.end:])
        ]
        year = stated_year(s.norm) if meta.published_date is None else None
        dates = find_dates(s.norm, meta.published_date, year)
        facts.append(SentenceFacts(s, mentions, by_sentence.get(i, []), dates, bool(CAPTION.search(s.norm))))
        (title_mentions if s.is_title else all_mentions).extend(mentions)
    ranked = main_countries(all_mentions, title_mentions)
    assign_fallback_countries(people, ranked, context.home)
    return ArticleFacts(text, meta, meta.published_date, context, facts, people, ranked)


def participant_countries(facts: SentenceFacts, ranked: list[str], fill: bool = True) -> tuple[str, ...]:
    """Countries taking part in what a sentence reports: named countries, their cities and people.

    A venue ("in Lima, Peru") is dropped when two other countries take part; a sentence that
    names fewer than two is completed from the article's two main countries.
    """
    norm = facts.sentence.norm
    codes: dict[str, bool] = {}  # code -> seen other than as a venue
    for m in facts.countries:
        venue = bool(VENUE_BEFORE.search(norm[: m.start])) and m.kind in ("city", "name")
        codes[m.iso3] = codes.get(m.iso3, False) or not venue
    for person in facts.people:
        if person.country:
            codes[person.country] = True
    actors = {c for c, actor in codes.items() if actor}
    chosen = actors if len(actors) >= 2 else set(codes)
    if fill and len(chosen) < 2:
        top = ranked[:2]
        if not chosen:
            chosen = set(top)
        elif next(iter(chosen)) in top:
            chosen = set(top)
        elif top:
            chosen = chosen | {top[0]}
    return tuple(sorted(chosen))
