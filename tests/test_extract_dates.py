from datetime import date

from pactwatch.extract.dates import find_dates


def values(text: str, published: date | None) -> list[tuple[date | None, str | None]]:
    return [(d.value, d.precision) for d in find_dates(text, published)]


def test_weekday_is_latest_such_day_on_or_before_publication_across_month_boundary() -> None:
    # 2024-03-02 is a Saturday; the Wednesday before it is 28 February.
    assert values("The ministers met on Wednesday.", date(2024, 3, 2)) == [(date(2024, 2, 28), "day")]


def test_weekday_on_the_publication_day_is_that_day() -> None:
    assert values("They signed it on Saturday.", date(2024, 3, 2)) == [(date(2024, 3, 2), "day")]


def test_span_of_days_is_its_first_day() -> None:
    assert values("a state visit on May 7-9", date(2023, 5, 9)) == [(date(2023, 5, 7), "day")]
    assert values("talks on 3-4 June", date(2023, 6, 9)) == [(date(2023, 6, 3), "day")]


def test_day_and_month_without_year_and_without_published_date_is_null() -> None:
    assert values("The talks on July 4 ended.", None) == [(None, None)]


def test_month_and_year_is_month_precision() -> None:
    assert values("They first met in August 1971 in Hanoi.", None) == [(date(1971, 8, 1), "month")]


def test_bare_year_needs_a_preposition() -> None:
    assert values("the 2019 cooperation plan", None) == []
    assert values("a pact signed in 2019", None) == [(date(2019, 1, 1), "year")]


def test_last_week_is_published_month() -> None:
    assert values("Officials met last week.", date(2022, 6, 3)) == [(date(2022, 6, 1), "month")]


def test_day_month_year_order() -> None:
    assert values("signed on 12 October 2021", None) == [(date(2021, 10, 12), "day")]


def test_december_date_in_january_article_is_last_year() -> None:
    assert values("The raid on December 30 ended.", date(2024, 1, 5)) == [(date(2023, 12, 30), "day")]
