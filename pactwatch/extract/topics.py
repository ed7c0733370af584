"""Topics an agreement covers, from keyword patterns in `data/topic_keywords.csv`."""

from __future__ import annotations

from pactwatch.extract.gazetteer import topic_patterns
from pactwatch.vocab import topics as topic_vocabulary


def find_topics(text: str) -> tuple[str, ...]:
    """Sorted, unique topic codes whose keywords occur in `text`."""
    allowed = set(topic_vocabulary())
    found = {topic for pattern, topic in topic_patterns() if topic in allowed and pattern.search(text)}
    return tuple(sorted(found))
