"""Topics an agreement covers, from keyword patterns in `data/topic_keywords.csv`."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pactwatch.extract.gazetteer import read_csv
from pactwatch.vocab import topics as topic_vocabulary


@cache
def topic_patterns() -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], str], ...]]:
    """One lookahead of every keyword (where any row can match) and one regex per topic row.

    Keywords of different topics overlap ("criminal justice" / "criminals"), so each row is
    tried on its own at every position where the lookahead says one of them starts. Patterns are
    matched against lower-cased text, which is faster than case-insensitive matching.
    """
    allowed = set(topic_vocabulary())
    rows = [(r["pattern"].lower(), r["topic"]) for r in read_csv("topic_keywords.csv") if r["topic"] in allowed]
    combined = re.compile(r"\b(?=" + "|".join(f"(?:{pattern})" for pattern, _ in rows) + ")")
    return combined, tuple((re.compile(r"\b(?:" + pattern + ")"), topic) for pattern, topic in rows)


@lru_cache(maxsize=1024)
def find_topics(text: str) -> tuple[str, ...]:
    """Sorted, unique topic codes whose keywords occur in `text`."""
    combined, rows = topic_patterns()
    low = text.lower()
    # `combined` is a lookahead: it stops at every position where some row matches, overlapping or
    # not, so trying the rows still unfound at those positions finds exactly the rows a search would.
    found: set[str] = set()
    remaining = list(rows)
    for hit in combined.finditer(low):
        position = hit.start()
        rest = []
        for pattern, topic in remaining:
            if topic in found:
                continue
            if pattern.match(low, position) is not None:
                found.add(topic)
            else:
                rest.append((pattern, topic))
        remaining = rest
        if not remaining:
            break
    return tuple(sorted(found))
