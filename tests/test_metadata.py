from datetime import date

from pactwatch.metadata import parse_metadata


def test_header_line_gives_date_and_title() -> None:
    meta = parse_metadata(" date 2024-03-02  Ministers meet in Hanoi\nBody text here.\n")
    assert meta.published_date == date(2024, 3, 2)
    assert meta.title == "Ministers meet in Hanoi"


def test_published_line_with_abbreviated_month() -> None:
    meta = parse_metadata("Two police forces agree\nPublished: 3 Feb. 2023, 08:15\nThe police of A and B met.\n")
    assert meta.published_date == date(2023, 2, 3)


def test_standalone_date_line() -> None:
    meta = parse_metadata("Leaders talk trade\n\nJanuary 07, 2022\n\nHANOI – The leaders spoke on Friday.\n")
    assert meta.published_date == date(2022, 1, 7)
    assert meta.dateline == "Hanoi"


def test_date_inside_a_sentence_is_not_a_publication_date() -> None:
    meta = parse_metadata("Ties marked\nThe treaty was signed on March 3, 2019 in Bangkok by both sides.\n")
    assert meta.published_date is None


def test_dates_in_related_headline_lists_are_ignored() -> None:
    text = "A statement\nThe two sides met.\nMore From Ministry\nAnother story\nSeptember 15, 2021\n"
    assert parse_metadata(text).published_date is None


def test_outlet_in_parentheses() -> None:
    meta = parse_metadata("Title\nPHNOM PENH, March 3 (Xinhua) -- Officials met.\n")
    assert meta.outlet == "Xinhua"
    assert meta.dateline == "Phnom Penh"


def test_dateline_with_year_gives_date_and_publication_stamp_is_no_title() -> None:
    meta = parse_metadata("Published: 5 May 2023, 10:00\nPorts deal signed\nBody.\n")
    assert meta.title == "Ports deal signed"
    meta = parse_metadata("Border talks\n\nBANGKOK, 3 March 2025 (Bernama) -- Ministers met on Monday.\n")
    assert meta.published_date == date(2025, 3, 3)
    assert meta.dateline == "Bangkok"
    assert meta.outlet == "Bernama"
