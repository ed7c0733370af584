from datetime import date

from pactwatch.extract import extract_article
from pactwatch.extract.model import ArticleMeta

META = ArticleMeta(title=None, published_date=date(2025, 6, 12))  # a Thursday


def agreements(text: str) -> list[tuple[str, str, tuple[str, ...], date | None, tuple[str, ...]]]:
    result = extract_article(text, META)
    for a in result.agreements:
        assert text[a.evidence.start:a.evidence.end] == a.evidence.text
    return sorted((a.agreement_type, a.status, a.parties, a.signed_date, a.topics) for a in result.agreements)


def test_two_treaties_signed_together_are_two_records() -> None:
    text = (
        "Treaties signed\n"
        "Thailand and Malaysia on Tuesday signed two treaties, on extradition and on mutual legal "
        "assistance in criminal matters.\n"
    )
    found = agreements(text)
    assert len(found) == 2
    assert {a[0] for a in found} == {"treaty"}
    assert {a[1] for a in found} == {"signed"}
    assert {a[2] for a in found} == {("MYS", "THA")}
    assert {a[3] for a in found} == {date(2025, 6, 10)}


def test_treaty_under_negotiation_is_negotiating() -> None:
    text = "Talks\nIndia and Nepal agreed to speed up negotiations on an extradition treaty.\n"
    assert agreements(text) == [("treaty", "negotiating", ("IND", "NPL"), None, ("extradition",))]


def test_existing_memorandum_extended_is_in_force_with_valid_until() -> None:
    text = (
        "Drug control\n"
        "Cambodia and Vietnam reviewed the memorandum of understanding on drug control, "
        "which has been extended until 2028.\n"
    )
    result = extract_article(text, META)
    assert len(result.agreements) == 1
    mou = result.agreements[0]
    assert (mou.agreement_type, mou.status, mou.parties) == ("memorandum", "in_force", ("KHM", "VNM"))
    assert mou.topics == ("drugs",)
    assert mou.valid_until == date(2028, 12, 31)


def test_cooperation_plan_for_a_year() -> None:
    text = "Plan\nThe police of Laos and Myanmar signed a cooperation plan for 2026 on Monday.\n"
    assert agreements(text) == [("plan", "signed", ("LAO", "MMR"), date(2025, 6, 9), ())]


def test_instrument_dated_in_its_name_is_in_force() -> None:
    text = "Border\nThe ministers upheld the 1998 Memorandum of Understanding on border demarcation.\n"
    found = agreements(text)
    assert [(a[0], a[1], a[3]) for a in found] == [("memorandum", "in_force", date(1998, 1, 1))]


def test_counted_instruments_take_types_and_topics_from_ordinals() -> None:
    text = (
        "Pacts\n"
        "Nepal and Bangladesh signed three cooperation agreements on Monday.\n"
        "The first memorandum of understanding covers hydropower, the second concerns tourism, and the third "
        "was a protocol on railway links.\n"
        "The signing of the three agreements was witnessed by both prime ministers.\n"
    )
    found = agreements(text)
    assert len(found) == 3
    assert sorted((a[0], a[4]) for a in found) == [
        ("agreement", ("infrastructure",)),
        ("memorandum", ()),
        ("memorandum", ("energy",)),
    ]


def test_replaced_treaty_is_not_recorded() -> None:
    text = (
        "New treaty\n"
        "Chile and Peru signed a new border treaty on Monday. The new document replaces the 1929 treaty on the "
        "same border.\n"
    )
    found = agreements(text)
    assert [(a[0], a[1]) for a in found] == [("treaty", "signed")]


def test_reference_back_does_not_add_a_record() -> None:
    text = (
        "Extradition\n"
        "Vietnam and Thailand signed an extradition treaty on Tuesday.\n"
        "The treaty will allow fugitives to be returned. The treaty is the first of its kind.\n"
    )
    assert len(agreements(text)) == 1


def test_the_two_countries_means_the_article_pair() -> None:
    text = (
        "Deals\n"
        "Japan and Vietnam held talks in Hanoi on Monday.\n"
        "The two countries also signed a memorandum on a power plant built with help from Korea.\n"
    )
    found = agreements(text)
    assert [a[2] for a in found] == [("JPN", "VNM")]


def test_fields_listed_after_a_plural_are_separate_instruments() -> None:
    text = "Deals\nMalaysia and Brunei also signed agreements covering fisheries and energy in a ceremony.\n"
    found = agreements(text)
    assert len(found) == 2
    assert sorted(a[4] for a in found) == [(), ("energy",)]


def test_umbrella_plural_before_named_instruments_is_not_a_record() -> None:
    text = (
        "Security\n"
        "India and Japan reviewed defence agreements such as the Reciprocal Supply Agreement and started "
        "negotiations on a Logistics Agreement.\n"
    )
    found = agreements(text)
    assert sorted(a[1] for a in found) == ["in_force", "negotiating"]


def test_generic_specific_noun_retypes_a_reference() -> None:
    text = (
        "Extradition\n"
        "Laos and Cambodia signed an extradition agreement on Tuesday.\n"
        "The extradition treaty covers 20 offences.\n"
    )
    assert [(a[0], a[1]) for a in agreements(text)] == [("treaty", "signed")]


def test_instrument_dated_by_month_after_its_name_and_by_anniversary_of_signing() -> None:
    text = (
        "Border\n"
        "Spain and Morocco recalled the joint agreement of March 2019 on migration.\n"
        "They also marked the 30th anniversary of the signing of the Treaty of Friendship between the two countries.\n"
    )
    found = agreements(text)
    assert ("agreement", "in_force", ("ESP", "MAR"), date(2019, 3, 1), ("migration",)) in found
    assert [(a[0], a[1], a[3]) for a in found if a[0] == "treaty"] == [("treaty", "in_force", date(1995, 1, 1))]


def test_signed_meeting_minutes_are_an_agreement() -> None:
    text = "Police talks\nThe police chiefs of Laos and Myanmar met on Monday and signed the meeting minutes.\n"
    assert [(a[0], a[1]) for a in agreements(text)] == [("agreement", "signed")]
