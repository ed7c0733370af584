"""People: one record per person and article, fullest name, office and country.

Mentions found by `names.py` are merged by shared name words ("Lee said" is Lee Jae Myung);
people the text does not place get a country from the other side of a counterpart pair, a
relative's or typical family name, or the outlet's country.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from pactwatch.extract.countries import CountryMention
from pactwatch.extract.gazetteer import fold, surnames, title_words, uppercase_class
from pactwatch.extract.names import Mention, bare, is_boundary, mentions_in_sentence
from pactwatch.extract.sentences import Sentence

_UP = uppercase_class()


@dataclass
class Person:
    name: str
    tokens: tuple[str, ...]
    first: Mention
    mentions: list[Mention] = field(default_factory=list)
    title: str | None = None
    country: str | None = None
    international: bool = False
    rule: str = ""

    @property
    def key(self) -> frozenset[str]:
        return frozenset(fold(t) for t in self.tokens)


def same_tokens(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when one name's words are all among the other's ("Marcos" in "Ferdinand Marcos")."""
    ka = folded_words(a)
    kb = folded_words(b)
    return ka <= kb or kb <= ka


@lru_cache(maxsize=65536)
def folded_words(tokens: tuple[str, ...]) -> frozenset[str]:
    """A name's words as compared: asked for every pair of mention and person, so remembered."""
    return frozenset(fold(t) for t in tokens)


def collect_people(sentences: list[Sentence], countries: list[list[CountryMention]]) -> list[Person]:
    """Every person once, fullest name first seen, short mentions merged in."""
    people: list[Person] = []
    known: set[str] = set()  # every word of every name found so far
    for index, sentence in enumerate(sentences):
        for mention in mentions_in_sentence(sentence, countries[index], index, known):
            match = next((p for p in people if same_tokens(p.tokens, mention.tokens)), None)
            if match is None:
                if len(mention.tokens) < 2:
                    continue
                match = Person(name=" ".join(mention.tokens), tokens=mention.tokens, first=mention, rule=mention.cue)
                people.append(match)
            elif len(mention.tokens) > len(match.tokens):
                match.tokens = mention.tokens
                match.name = " ".join(mention.tokens)
            known.update(fold(t) for t in match.tokens)
            match.mentions.append(mention)
            if match.title is None and mention.title:
                match.title = mention.title
            if match.country is None and mention.country:
                match.country = mention.country
            match.international = match.international or mention.international
    # Someone only ever named as a point of reference does not act in the story.
    people = [p for p in people if not all(m.passing for m in p.mentions)]
    for mention in signature_people(sentences, countries):
        if not any(same_tokens(p.tokens, mention.tokens) for p in people):
            people.append(Person(" ".join(mention.tokens), mention.tokens, mention, [mention], mention.title,
                                 mention.country, False, "signature"))
    return people


SIGNATURE_NAME = re.compile(r"^[A-Z][\w'-]+(?: [A-Z][\w'-]+){1,3}$")


def signature_people(sentences: list[Sentence], countries: list[list[CountryMention]]) -> list[Mention]:
    """A name alone on its line, with an office on the next line, signs the statement."""
    found: list[Mention] = []
    for i in range(len(sentences) - 1):
        line, office = sentences[i], sentences[i + 1]
        if line.is_title or not SIGNATURE_NAME.match(line.norm) or office.paragraph != line.paragraph + 1:
            continue
        head = fold(bare(office.norm.split()[0])) if office.norm.split() else ""
        if head.split("-")[0] not in title_words() or any(is_boundary(t) for t in line.norm.split()):
            continue
        title = office.norm.split(",")[0].strip()
        country = countries[i + 1][-1].iso3 if countries[i + 1] else None
        found.append(Mention(line.start, line.end, tuple(line.norm.split()), i, title, country, False, "signature"))
    return found


def country_by_name(person: Person, people: list[Person], ranked: list[str], korea: str) -> str | None:
    """A relative's family name ("X Bolkiah" beside "Sultan Y Bolkiah"), or a surname typical of one
    of the countries the article is about ("Nguyen" in a story about Vietnam)."""
    last = fold(person.tokens[-1])
    kin = {p.country for p in people if p is not person and p.country and fold(p.tokens[-1]) == last}
    if len(kin) == 1:
        return kin.pop()
    typical = surnames().get(fold(person.tokens[0]))
    if typical == "KOREA":
        typical = korea
    return typical if typical in ranked[:3] else None


def counterpart_side(person: Person, people: list[Person], ranked: list[str]) -> str | None:
    """"Minister A met his counterpart X": X serves the other of the article's two countries."""
    for mention in person.mentions:
        if not mention.counterpart_to:
            continue
        partner = next((p for p in people if p is not person and same_tokens(p.tokens, mention.counterpart_to)), None)
        if partner is not None and partner.country:
            return next((c for c in ranked[:2] if c != partner.country), None)
    return None


def assign_fallback_countries(people: list[Person], ranked: list[str], home: str | None, korea: str = "KOR") -> None:
    """Who is not placed by the text: the other side of a counterpart pair, else the home country."""
    counterpart_countries = {m.counterpart_of for p in people for m in p.mentions if m.counterpart_of}
    placed = Counter(p.country for p in people if p.country)
    for person in people:
        if person.country or person.international:
            continue
        other_side = counterpart_side(person, people, ranked)
        if other_side:
            person.country = other_side
            continue
        by_name = country_by_name(person, people, ranked, korea)
        if by_name:
            person.country = by_name
            continue
        others = [c for c in ranked[:3] if c not in counterpart_countries]
        if counterpart_countries and home and home not in counterpart_countries:
            person.country = home
        elif counterpart_countries and others:
            person.country = others[0]
        elif home and home in ranked[:3]:
            person.country = home
        elif len(ranked) >= 2 and placed and set(placed) == {ranked[0]}:
            # Everyone else named belongs to one side: this person is likely the other side.
            person.country = ranked[1]
        elif ranked:
            person.country = ranked[0]


SHORT_NAME = re.compile(rf"[{_UP}](?<![\w'].)[\w'-]+")  # "(?<![\w'])[A-Z]...", capital first: faster scan


def mentions_by_sentence(
    people: list[Person], sentences: list[Sentence], norm: str | None = None
) -> dict[int, list[Person]]:
    """Which people each sentence names, by full name or by one of their name's words.

    With `norm` (the folded article the sentences were cut from), one scan of the whole text shared
    out by offset: a word never spans two sentences, since sentences are cut after punctuation or
    at line ends and trimmed, so the words found are those a scan of each sentence would find.
    """
    index: dict[str, list[Person]] = {}
    for person in people:
        for token in person.tokens:
            if len(token) > 1:
                index.setdefault(fold(token), []).append(person)
    # A word two people share ("Kim", "Luong") names neither of them on its own.
    index = {key: found for key, found in index.items() if len(found) == 1}
    result: dict[int, list[Person]] = {i: [] for i in range(len(sentences))}
    if not index:
        return result
    if norm is None:
        for i, sentence in enumerate(sentences):
            seen = result[i]
            for match in SHORT_NAME.finditer(sentence.norm):
                for person in index.get(fold(match.group(0).removesuffix("'s")), ()):
                    if person not in seen:
                        seen.append(person)
        return result
    i = 0
    count = len(sentences)
    # Who each written word names, worked out once per distinct word of the article.
    names: dict[str, list[Person] | None] = {}
    for match in SHORT_NAME.finditer(norm):
        word = match.group()
        if word in names:
            found = names[word]
        else:
            found = names[word] = index.get(fold(word.removesuffix("'s")))
        if not found:
            continue
        at = match.start()
        while i < count and sentences[i].end <= at:
            i += 1
        if i == count:
            break
        if sentences[i].start <= at:  # words outside every sentence (a page header) name no one
            seen = result[i]
            for person in found:
                if person not in seen:
                    seen.append(person)
    return result
