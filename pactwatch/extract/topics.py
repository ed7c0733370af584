"""Topics an agreement covers, from keyword patterns in `data/topic_keywords.csv`."""

from __future__ import annotations

import re
from functools import cache

from pactwatch.extract.gazetteer import read_csv
from pactwatch.vocab import topics as topic_vocabulary


@cache
def topic_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    """All keyword patterns in one regex with a named group per row, so a text is scanned once."""
    allowed = set(topic_vocabulary())
    groups: dict[str, str] = {}
    parts: list[str] = []
    for i, row in enumerate(read_csv("topic_keywords.csv")):
        if row["topic"] in allowed:
            groups[f"t{i}"] = row["topic"]
            parts.append(f"(?P<t{i}>{row['pattern']})")
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.I), groups


def find_topics(text: str) -> tuple[str, ...]:
    """Sorted, unique topic codes whose keywords occur in `text`."""
    pattern, groups = topic_regex()
    found: set[str] = set()
    for match in pattern.finditer(text):
        found.update(groups[name] for name, value in match.groupdict().items() if value is not None)
    return tuple(sorted(found))
