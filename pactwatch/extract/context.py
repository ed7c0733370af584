"""What every rule needs to know about one article, computed once: sentences, countries, people.

Rules for events and agreements read this instead of re-scanning the text, so the text is
scanned a fixed number of times whatever the number of rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from pactwatch.extract.countries import (
    CountryContext,
    CountryMention,
    article_context,
    find_countries,
    home_country,
    main_countries,
    masked_spans,
)
from pactwatch.extract.dates import DateMention, find_dates, month_starts, stated_year
from pactwatch.extract.model import ArticleMeta
from pactwatch.extract.people import Person, assign_fallback_countries, collect_people, mentions_by_sentence
from pactwatch.extract.sentences import Sentence, normalise, split_sentences

# "China-brokered", "US-led": the country is a third party, not a participant (matched at the country's end).
THIRD_PARTY = re.compile(r"-(?:brokered|led|backed|aligned|aided|funded|based|born|made|hosted|mediated)\b")
# A venue: "in Lima", "at Seoul's foreign ministry", "in Tokyo, Japan".
# "\b(?:in|at|to)", written so that every branch starts with its letter and the look-behind comes after
# it ("i(?<!\w.)n" is "(?<!\w)in"): the engine skips in C to the letters a match can start with.
VENUE_BEFORE = re.compile(r"(?:i(?<!\w.)n|a(?<!\w.)t|t(?<!\w.)o)\s+(?:the\s+)?(?:[A-Z][\w'-]*\s*,?\s*){0,3}$")
# "QAMISHLI, Syria (North Press) –": where the story was filed, not who took part.
DATELINE = re.compile(r"^(?:date \d{4}-\d\d-\d\d\s+)?[A-Z][\w' .]{1,30}(?:,\s*[A-Z][\w ]{1,30})?"
                      r"(?:,\s*\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:,?\s+\d{4})?)?(?:,\s*[A-Z][a-z]{2,8}\.?"
                      r"\s+\d{1,2}(?:,?\s+\d{4})?)?\s*(?:\([^)]{1,30}\))?\s*(?:--|-|:)\s")
TWO_SIDES = re.compile(r"\b(?:the two|both) (?:countries|sides|nations|governments|leaders|ministers|parties|"
                       r"ministries|delegations)\b", re.I)
CAPTION_STEMS = ("(", "pose", "photo", "Photo", "shake", "walk")
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
    reference: date | None = None  # the published date, else the latest full date the article states
    # Events and agreements ask again for the same sentences' participants: (id of the sentence's facts,
    # fill) -> countries, for this article only, so it never outgrows one article.
    participants: dict[tuple[int, bool], tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _body: tuple[list[SentenceFacts], list[str]] | None = field(default=None, repr=False, compare=False)

    def body(self) -> tuple[list[SentenceFacts], list[str]]:
        """The sentences events and agreements read (no title, no caption) and their lower-cased text,
        worked out once for both."""
        if self._body is None:
            read = [f for f in self.sentences if not (f.sentence.is_title or f.is_caption)]
            self._body = (read, [f.sentence.norm.lower() for f in read])
        return self._body

    def participants_of(self, facts: SentenceFacts, fill: bool = True) -> tuple[str, ...]:
        """`participant_countries(facts, self.ranked, fill)`, remembered for the article."""
        key = (id(facts), fill)
        found = self.participants.get(key)
        if found is None:
            found = self.participants[key] = participant_countries(facts, self.ranked, fill)
        return found


def has_caption_stem(norm: str) -> bool:
    """Whether a caption is possible (`CAPTION_STEMS`): a chain of `in` tests, far cheaper per sentence
    than any() over a generator."""
    return (
        "(" in norm or "pose" in norm or "photo" in norm or "Photo" in norm or "shake" in norm or "walk" in norm
    )


def name_spans(names: list[str], norm: str) -> list[tuple[int, int]]:
    """Where full names are written, so that "Georgia" in "Georgia Meloni" is never read as a country.

    The spans a regex alternation of the names (longest first) would find, without compiling
    one regex per article: at each place the longest name written there, left to right, no overlaps.
    """
    longest: dict[int, int] = {}
    for name in names:
        at = norm.find(name)
        while at >= 0:
            if longest.get(at, 0) < len(name):
                longest[at] = len(name)
            at = norm.find(name, at + 1)
    spans: list[tuple[int, int]] = []
    covered = 0
    for at in sorted(longest):
        if at >= covered:
            covered = at + longest[at]
            spans.append((at, covered))
    return spans


@lru_cache(maxsize=1024)
def venue_before(norm: str, start: int) -> bool:
    """Whether the words before `start` make it a venue ("in Lima", "at Seoul's ..."); asked again
    for every event of a sentence, so remembered."""
    return VENUE_BEFORE.search(norm[max(0, start - 60): start]) is not None


def person_spans(people: list[Person], count: int) -> list[list[tuple[int, int]]]:
    """Where each sentence names a person, in sentence order (every mention lies in its sentence)."""
    spans: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    for p in people:
        for m in p.mentions:
            spans[m.sentence].append((m.start, m.end))
    return spans


def overlaps(m: CountryMention, masks: list[tuple[int, int]]) -> bool:
    start, end = m.start, m.end
    # A plain loop: any() over a generator costs more than the few comparisons it makes.
    for a, b in masks:  # noqa: SIM110
        if a < end and start < b:
            return True
    return False


def countries_by_sentence(mentions: list[CountryMention], sentences: list[Sentence]) -> list[list[CountryMention]]:
    """Article-wide mentions regrouped per sentence, in sentence offsets."""
    grouped: list[list[CountryMention]] = [[] for _ in sentences]
    i = 0
    for m in mentions:
        while i < len(sentences) and sentences[i].end <= m.start:
            i += 1
        if i < len(sentences) and sentences[i].start <= m.start:
            s = sentences[i]
            grouped[i].append(CountryMention(m.start - s.start, m.end - s.start, m.iso3, m.kind))
    return grouped


def build_facts(text: str, meta: ArticleMeta) -> ArticleFacts:
    norm = normalise(text)
    context = article_context(norm, home_country(meta.outlet, meta.dateline))
    sentences = split_sentences(text, norm)
    # One scan of the whole text for countries, shared out to sentences by offset.
    everywhere = find_countries(norm, context, masked_spans(norm))
    per_sentence = countries_by_sentence(everywhere, sentences)
    people = collect_people(sentences, per_sentence)
    names = person_spans(people, len(sentences))
    by_sentence = mentions_by_sentence(people, sentences, norm)
    facts: list[SentenceFacts] = []
    all_mentions: list[CountryMention] = []
    title_mentions: list[CountryMention] = []
    full_names = [p.name for p in people]
    months = month_starts(norm)  # one scan of the article, not one per sentence
    next_month = 0
    published = meta.published_date
    for i, s in enumerate(sentences):
        sentence_norm = s.norm
        mentions = per_sentence[i]
        if mentions:
            # Masks only matter to a sentence that names a country.
            masks = [(a - s.start, b - s.start) for a, b in names[i]]
            masks += name_spans(full_names, sentence_norm)
            opener = DATELINE.match(sentence_norm) if i < 4 else None
            if opener:
                masks.append(opener.span())
            mentions = [
                m for m in mentions if not THIRD_PARTY.match(sentence_norm, m.end) and not overlaps(m, masks)
            ]
        year = stated_year(sentence_norm) if published is None else None
        while next_month < len(months) and months[next_month] < s.start:
            next_month += 1
        has_month = next_month < len(months) and months[next_month] < s.end
        dates = find_dates(sentence_norm, published, year, has_month)
        caption = has_caption_stem(sentence_norm) and bool(CAPTION.search(sentence_norm))
        facts.append(SentenceFacts(s, mentions, by_sentence.get(i, []), dates, caption))
        if mentions:
            counted = title_mentions if s.is_title else all_mentions
            for m in mentions:
                # A venue counts half: where talks are held matters less than who holds them.
                venue = venue_before(sentence_norm, m.start)
                counted.append(m if not venue else CountryMention(m.start, m.end, m.iso3, "venue"))
    placed = [CountryMention(0, 0, p.country, "person") for p in people if p.country for _ in p.mentions]
    assign_fallback_countries(
        people, main_countries(all_mentions + placed, title_mentions), context.home, context.korea
    )
    placed = [CountryMention(0, 0, p.country, "person") for p in people if p.country for _ in p.mentions]
    ranked = main_countries(all_mentions + placed, title_mentions)
    stated = [d.value for f in facts for d in f.dates if d.year_stated and d.value is not None]
    reference = meta.published_date or (max(stated) if stated else None)
    return ArticleFacts(text, meta, meta.published_date, context, facts, people, ranked, reference)


def may_say_two_sides(norm: str) -> bool:
    """False only when TWO_SIDES cannot match `norm`: for ASCII text re.I matching is matching the
    lower-cased text, which then holds "the two " or "both "; other text is always searched."""
    if not norm.isascii():
        return True
    low = norm.lower()
    return "the two " in low or "both " in low


def participant_countries(facts: SentenceFacts, ranked: list[str], fill: bool = True) -> tuple[str, ...]:
    """Countries taking part in what a sentence reports: named countries, their cities and people.

    A venue ("in Lima, Peru") is dropped when two other countries take part; a sentence that
    names fewer than two is completed from the article's two main countries.
    """
    norm = facts.sentence.norm
    codes: dict[str, bool] = {}  # code -> seen other than as a venue
    for m in facts.countries:
        venue = m.kind in ("city", "name") and venue_before(norm, m.start)
        codes[m.iso3] = codes.get(m.iso3, False) or not venue
    for person in facts.people:
        if person.country:
            codes[person.country] = True
    actors = {c for c, actor in codes.items() if actor}
    if len(ranked) >= 2 and may_say_two_sides(norm) and TWO_SIDES.search(norm):
        # "the two countries" are the article's pair, whatever else the sentence names.
        return tuple(sorted(ranked[:2]))
    # A venue only stands in when nothing else says who took part.
    chosen = actors if actors or not fill or len(ranked) < 2 else set()
    if not chosen:
        chosen = set(codes)
    if fill and len(chosen) < 2:
        top = ranked[:2]
        if not chosen or next(iter(chosen)) in top:
            chosen = set(top)
        elif top:
            chosen = chosen | {top[0]}
    return tuple(sorted(chosen))
