from datetime import date

from pactwatch.extract import EXTRACTOR_VERSION, extract_article
from pactwatch.extract.model import ArticleMeta

PUBLISHED = ArticleMeta(title=None, published_date=date(2024, 3, 2))  # a Saturday


def events(text: str, meta: ArticleMeta = PUBLISHED) -> list[tuple[str, date | None, str | None, tuple[str, ...], bool]]:
    result = extract_article(text, meta)
    for e in result.events:
        assert text[e.evidence.start:e.evidence.end] == e.evidence.text
        assert e.rule
    return sorted((e.event_type, e.event_date, e.date_precision, e.countries, e.is_main) for e in result.events)


def test_meeting_reported_in_several_sentences_is_one_event() -> None:
    text = (
        "Ministers hold talks\n"
        "Indonesian Foreign Minister Sari Wulandari met Philippine Foreign Secretary Jose Ramos in Jakarta "
        "on Wednesday.\n"
        "During the meeting, the two ministers discussed maritime security.\n"
        "The talks also touched on trade.\n"
    )
    assert events(text) == [("meeting", date(2024, 2, 28), "day", ("IDN", "PHL"), True)]


def test_visit_without_day_is_published_month_and_span_is_first_day() -> None:
    text = (
        "State visit\n"
        "Malaysian King Tuanku Ahmad Shah paid a state visit to Brunei on February 26-28.\n"
        "The visit was the first in a decade.\n"
    )
    assert events(text) == [("visit", date(2024, 2, 26), "day", ("BRN", "MYS"), True)]


def test_background_history_is_not_main() -> None:
    text = (
        "Old friends\n"
        "Mongolia and Vietnam established diplomatic relations in November 1954.\n"
    )
    assert events(text) == [("relations", date(1954, 11, 1), "month", ("MNG", "VNM"), False)]


def test_statement_of_intent_is_no_event() -> None:
    text = "Plans\nJapan and India agreed to hold a joint exercise to deepen ties.\n"
    assert events(text) == []


def test_repatriation_is_an_operation() -> None:
    text = "Return\nThai police repatriated 40 Lao nationals through the Nong Khai checkpoint on Friday.\n"
    assert events(text) == [("operation", date(2024, 3, 1), "day", ("LAO", "THA"), True)]


def test_no_published_date_and_no_year_gives_null_date() -> None:
    meta = ArticleMeta(title=None, published_date=None)
    text = "Talks\nThe prime ministers of Nepal and Bhutan held talks in Thimphu on June 3.\n"
    assert events(text, meta) == [("meeting", None, None, ("BTN", "NPL"), True)]


def test_deterministic_output() -> None:
    text = "Talks\nNepal and Bhutan held talks and signed an energy agreement on Monday.\n"
    assert extract_article(text, PUBLISHED) == extract_article(text, PUBLISHED)
    assert EXTRACTOR_VERSION
