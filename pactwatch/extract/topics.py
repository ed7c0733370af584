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
    searched on its own once the combined regex says there is anything to find.
    """
    allowed = set(topic_vocabulary())
    rows = [r for r in read_csv("topic_keywords.csv") if r["topic"] in allowed]
    combined = re.compile(r"\b(?:" + "|".join(f"(?:{r['pattern']})" for r in rows) + ")", re.I)
    return combined, tuple((re.compile(r"\b(?:" + r["pattern"] + ")", re.I), r["topic"]) for r in rows)


def find_topics(text: str) -> tuple[str, ...]:
    """Sorted, unique topic codes whose keywords occur in `text`."""
    combined, rows = topic_patterns()
    if combined.search(text) is None:
        return ()
    return tuple(sorted({topic for pattern, topic in rows if pattern.search(text)}))
