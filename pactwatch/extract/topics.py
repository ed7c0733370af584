"""Topics an agreement covers, from keyword patterns in `data/topic_keywords.csv`."""

from __future__ import annotations

import re
from functools import cache

from pactwatch.extract.gazetteer import read_csv
from pactwatch.vocab import topics as topic_vocabulary


@cache
def topic_patterns() -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], str], ...]]:
    """One regex of every keyword (a cheap first test) and one regex per topic row.

    Keywords of different topics overlap ("criminal justice" / "criminals"), so each row is
    searched on its own once the combined regex says there is anything to find. Patterns are
    matched against lower-cased text, which is faster than case-insensitive matching.
    """
    allowed = set(topic_vocabulary())
    rows = [(r["pattern"].lower(), r["topic"]) for r in read_csv("topic_keywords.csv") if r["topic"] in allowed]
    combined = re.compile(r"\b(?:" + "|".join(f"(?:{pattern})" for pattern, _ in rows) + ")")
    return combined, tuple((re.compile(r"\b(?:" + pattern + ")"), topic) for pattern, topic in rows)


def find_topics(text: str) -> tuple[str, ...]:
    """Sorted, unique topic codes whose keywords occur in `text`."""
    combined, rows = topic_patterns()
    low = text.lower()
    if combined.search(low) is None:
        return ()
    return tuple(sorted({topic for pattern, topic in rows if pattern.search(low)}))
