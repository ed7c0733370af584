"""Topics an agreement covers, from keyword patterns in `data/topic_keywords.csv`."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from re import _constants as sre_constants  # the parsed form of a pattern, to read its first characters
from re import _parser as sre_parser
from typing import Any

from pactwatch.extract.gazetteer import read_csv
from pactwatch.vocab import topics as topic_vocabulary


def first_characters(items: list[Any]) -> set[str] | None:
    """The characters a match of parsed regex items can start with; None when that is not plainly
    read from the pattern (an optional or class start), which callers take as "any character"."""
    if not items:
        return None
    op, av = items[0]
    if op is sre_constants.AT:  # \\b and the like consume nothing
        return first_characters(items[1:])
    if op is sre_constants.LITERAL:
        return {chr(av)}
    if op is sre_constants.SUBPATTERN:
        return first_characters(list(av[3]))
    if op is sre_constants.BRANCH:
        chars: set[str] = set()
        for branch in av[1]:
            more = first_characters(list(branch))
            if more is None:
                return None
            chars |= more
        return chars
    if op is sre_constants.IN:
        chars = set()
        for kind, value in av:
            if kind is sre_constants.LITERAL:
                chars.add(chr(value))
            elif kind is sre_constants.RANGE:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:
                return None
        return chars
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and av[0] >= 1:
        return first_characters(list(av[2]))
    return None


Row = tuple[re.Pattern[str], str]


@cache
def topic_patterns() -> tuple[re.Pattern[str], tuple[Row, ...], dict[str, tuple[Row, ...]]]:
    """One lookahead of every keyword (where any row can match), one regex per topic row, and the
    rows that can match where a given character stands.

    Keywords of different topics overlap ("criminal justice" / "criminals"), so each row is
    tried on its own at every position where the lookahead says one of them starts; only the rows
    whose keywords can start with the character there. Patterns are matched against lower-cased
    text, which is faster than case-insensitive matching.
    """
    allowed = set(topic_vocabulary())
    rows = [(r["pattern"].lower(), r["topic"]) for r in read_csv("topic_keywords.csv") if r["topic"] in allowed]
    combined = re.compile(r"\b(?=" + "|".join(f"(?:{pattern})" for pattern, _ in rows) + ")")
    compiled = tuple((re.compile(r"\b(?:" + pattern + ")"), topic) for pattern, topic in rows)
    starts = [first_characters(list(sre_parser.parse(pattern))) for pattern, _ in rows]
    # A row whose first characters are not known is tried everywhere: listed under every character.
    chars = set().union(*(s for s in starts if s is not None))
    by_char = {
        char: tuple(row for row, first in zip(compiled, starts, strict=True) if first is None or char in first)
        for char in chars
    }
    by_char[""] = tuple(row for row, first in zip(compiled, starts, strict=True) if first is None)
    return combined, compiled, by_char


@lru_cache(maxsize=1024)
def find_topics(text: str) -> tuple[str, ...]:
    """Sorted, unique topic codes whose keywords occur in `text`."""
    combined, _, by_char = topic_patterns()
    low = text.lower()
    # `combined` is a lookahead: it stops at every position where some row matches, overlapping or
    # not, so trying there the rows that can start with that character finds exactly the topics a
    # search of every row would.
    found: set[str] = set()
    anywhere = by_char[""]
    for hit in combined.finditer(low):
        position = hit.start()
        for pattern, topic in by_char.get(low[position], anywhere):
            if topic not in found and pattern.match(low, position) is not None:
                found.add(topic)
    return tuple(sorted(found))
