"""Organisations: ministries, police and armed forces, parties, international bodies.

A national body takes the country written in or right before its name ("the Lao Ministry of
Public Security", "China's Ministry of Public Security", "Ministry of Foreign Affairs of Iran").
"""

from __future__ import annotations

import re

from pactwatch.extract.context import ArticleFacts
from pactwatch.extract.countries import CountryMention
from pactwatch.extract.gazetteer import alternation, international_orgs
from pactwatch.extract.model import Evidence, Participant
from pactwatch.extract.sentences import Sentence, normalise

_CAP = r"[A-Z][\w'-]*"
NATIONAL_BODY = re.compile(
    rf"(?:(?:{_CAP}'s|{_CAP})\s+){{0,3}}"
    rf"(?:Ministry|Ministries|Department|Police|National Police|Armed Forces|Army|Navy|Coast Guard|Border Guard Force"
    rf"|Agency|Bureau|Commission|Office|Embassy|Prosecutor Office|Revolutionary Party|Communist Party|Party)"
    rf"(?:\s+(?:of|for)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,5}})?"
)
BODY_WORDS = re.compile(
    r"Ministr|Department|Police|Forces|Army|Navy|Guard|Agency|Bureau|Commission|Office|Embassy|Party"
)


def bounded_alternation(phrases: list[str]) -> str:
    """`(?<![\\w])(?:` + gazetteer.alternation(phrases) + `)`, written to start with a set of first characters.

    A regex that opens with a look-behind is tried at every position of the text; one that opens
    with a set of plain characters lets the engine skip to where one of them stands. The look-behind
    follows that character, and a look-behind of one character picks the phrases that start with it,
    grouped and ordered exactly as `alternation` does, so the matches are the same.
    """
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    groups: dict[str, list[str]] = {}
    for phrase in unique:
        groups.setdefault(phrase[0], []).append(phrase[1:])
    firsts = "".join(re.escape(first) for first in groups)
    rests = "|".join(
        "(?<=" + re.escape(first) + ")(?:" + "|".join(re.escape(rest) for rest in rests) + ")"
        for first, rests in groups.items()
    )
    # (?<!\w[\s\S]) one character in: the character before the phrase is no word character.
    return "[" + firsts + r"](?<!\w[\s\S])(?:" + rests + ")"


INTERNATIONAL = re.compile(r"(?<![\w])(" + alternation(list(international_orgs())) + r")(?![\w])")
# The same matches; faster where the first capitals of names are rare (ordinary text), slower where
# they are dense (text in capitals, where the look-behind first rules most positions out at once).
INTERNATIONAL_SPARSE = re.compile(r"(" + bounded_alternation(list(international_orgs())) + r")(?![\w])")
INITIALS = bytes(sorted({ord(name[0]) for name in international_orgs() if name[0].isascii()}))


def international_pattern(text: str) -> re.Pattern[str]:
    """INTERNATIONAL or INTERNATIONAL_SPARSE, whichever is faster on `text`: same matches either way."""
    sample = text.encode("ascii", "ignore")
    initials = len(sample) - len(sample.translate(None, INITIALS))
    return INTERNATIONAL if initials * 8 > len(sample) else INTERNATIONAL_SPARSE


GENERIC_START = re.compile(r"^(?:The|This|That|A|An|In|On|At|During|Both|Its|Their|His|Her)\s+")


def country_of_body(span: tuple[int, int], mentions: list[CountryMention]) -> str | None:
    inside = [m for m in mentions if span[0] <= m.start < span[1]]
    return inside[0].iso3 if inside else None


def by_sentence(pattern: re.Pattern[str], norm: str, sentences: list[Sentence]) -> list[list[re.Match[str]]]:
    """The matches of `pattern` in each sentence, from one scan of the whole folded article `norm`.

    The same matches as a scan of each sentence: no organisation name or body word holds a sentence
    end (".", "!" or "?" before a space, as in "U.N. The", is an abbreviation, never a cut), and the
    characters around a sentence in the article (spaces, quotes, a period) are no word characters, as
    the look-arounds at a sentence's edges require. Matches outside every sentence are dropped.
    """
    found: list[list[re.Match[str]]] = [[] for _ in sentences]
    i = 0
    count = len(sentences)
    for match in pattern.finditer(norm):
        at = match.start()
        while i < count and sentences[i].end <= at:
            i += 1
        if i == count:
            break
        if sentences[i].start <= at and match.end() <= sentences[i].end:
            found[i].append(match)
    return found


def extract_organizations(article: ArticleFacts) -> tuple[Participant, ...]:
    seen: dict[str, Participant] = {}
    norm = normalise(article.text)
    sentences = [f.sentence for f in article.sentences]
    internationals = by_sentence(international_pattern(article.text), norm, sentences)
    body_words = by_sentence(BODY_WORDS, norm, sentences)
    for index, facts in enumerate(article.sentences):
        s = facts.sentence
        bodies = NATIONAL_BODY.finditer(s.norm) if body_words[index] else ()
        for match in bodies:
            name = GENERIC_START.sub("", s.text[match.start(): match.end()]).strip()
            if len(name.split()) < 2:
                continue
            # An unqualified "the Ministry of Interior" is the outlet's own country's; a body named
            # after two countries ("Nigeria-South Africa Commission") is bilateral and has none.
            inside = {m.iso3 for m in facts.countries if match.start() <= m.start < match.end()}
            country = country_of_body(match.span(), facts.countries)
            if len(inside) > 1:
                country = None
            elif country is None and name.startswith("Ministry"):
                country = article.context.home
            key = name.lower()
            if key not in seen:
                seen[key] = Participant(
                    kind="organization", name=name, country=country, title=None,
                    evidence=Evidence(s.text, s.start, s.end), rule="organization.national_body",
                )
        for match in internationals[index]:
            name = international_orgs()[match.group(1)]
            if name.lower() not in seen:
                seen[name.lower()] = Participant(
                    kind="organization", name=name, country=None, title=None,
                    evidence=Evidence(s.text, s.start, s.end), rule="organization.international",
                )
    return tuple(sorted(seen.values(), key=lambda p: (p.evidence.start, p.name)))
