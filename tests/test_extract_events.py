from datetime import date

from pactwatch.extract import EXTRACTOR_VERSION, extract_article
from pactwatch.extract.model import ArticleMeta

PUBLISHED = ArticleMeta(title=None, published_date=date(2024, 3, 2))  # a Saturday


Row = tuple[str, date | None, str | None, tuple[str, ...], bool]


def events(text: str, meta: ArticleMeta = PUBLISHED) -> list[Row]:
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


def test_anniversary_year_from_founding_year_when_undated() -> None:
    meta = ArticleMeta(title=None, published_date=None)
    text = (
        "Friendship\n"
        "March 3 marks the 40th anniversary of the establishment of diplomatic relations between Mongolia "
        "and Laos.\n"
        "The establishment of diplomatic relations on March 3, 1985 opened a new chapter.\n"
    )
    found = events(text, meta)
    assert ("anniversary", date(2025, 3, 3), "day", ("LAO", "MNG"), True) in found
    assert ("relations", date(1985, 3, 3), "day", ("LAO", "MNG"), False) in found


def test_dprk_article_bare_korea_and_dateline_city_is_not_a_participant() -> None:
    text = (
        "Statement\n"
        "BEIJING (KCNA) – The DPRK and Laos marked the 60th anniversary of Korea-Laos ties at a reception "
        "in Pyongyang on Friday.\n"
    )
    assert events(text) == [("anniversary", date(2024, 3, 1), "day", ("LAO", "PRK"), True)]


def test_brokering_country_is_not_a_participant() -> None:
    text = "Talks\nFollowing a Qatar-brokered deal, the foreign ministers of Egypt and Sudan met on Tuesday.\n"
    assert [e[3] for e in events(text) if e[0] == "meeting"] == [("EGY", "SDN")]


def test_two_meetings_with_different_people_are_two_events() -> None:
    text = (
        "Visit\n"
        "Cambodian Interior Minister Kem Sovann met Lao Prime Minister Bounmy Vongsa on Thursday.\n"
        "He also met Lao Minister of Public Security Khamphou Sithong.\n"
    )
    meetings = [e for e in events(text) if e[0] == "meeting"]
    assert len(meetings) == 2
    assert {m[3] for m in meetings} == {("KHM", "LAO")}
    assert {m[1] for m in meetings} == {date(2024, 2, 29)}


def test_month_without_day_before_the_published_month_is_background() -> None:
    text = (
        "Talks\n"
        "Thai and Lao ministers held talks in Vientiane on Thursday.\n"
        "In January, the Thai minister also met his Cambodian counterpart in Phnom Penh.\n"
    )
    found = events(text)
    assert ("meeting", date(2024, 2, 29), "day", ("LAO", "THA"), True) in found
    assert ("meeting", date(2024, 1, 1), "month", ("KHM", "THA"), False) in found


def test_same_day_takes_the_day_of_the_story() -> None:
    text = (
        "Visit\n"
        "Lao Deputy Prime Minister Somsak Inthavong met Vietnamese Minister Tran Van Nam on February 27.\n"
        "Earlier the same day, Nam attended a meeting with Lao police officers.\n"
    )
    found = [e for e in events(text) if e[0] == "meeting"]
    assert {e[1] for e in found} == {date(2024, 2, 27)}


def test_courtesy_calls_on_two_leaders_are_two_meetings() -> None:
    text = (
        "Visit\n"
        "Thai Foreign Minister Somchai Rattanakul paid courtesy calls on Lao President Boun Kham Vong and "
        "Lao Prime Minister Sonephet Chanthavong in Vientiane on Friday.\n"
    )
    meetings = [e for e in events(text) if e[0] == "meeting"]
    assert len(meetings) == 2


def test_co_chaired_and_met_with_in_one_sentence_are_two_meetings() -> None:
    text = (
        "Security\n"
        "During the visit on Friday, Indonesian Police Chief Agus Wirawan co-chaired a meeting with Malaysian "
        "Inspector-General Razak Hamid and met with Malaysian Home Minister Faizal Osman.\n"
    )
    meetings = [e for e in events(text) if e[0] == "meeting"]
    assert len(meetings) == 2
    assert {m[3] for m in meetings} == {("IDN", "MYS")}


def test_joint_arrest_is_an_operation_but_one_country_arresting_is_not() -> None:
    joint = "Raid\nThai and Lao police jointly arrested 12 suspects in Vientiane on Monday.\n"
    alone = "Raid\nThai police arrested 12 suspects in Bangkok on Monday.\n"
    assert events(joint) == [("operation", date(2024, 2, 26), "day", ("LAO", "THA"), True)]
    assert events(alone) == []


def test_phone_call_is_a_meeting() -> None:
    text = "Call\nThe prime ministers of Japan and Vietnam spoke by phone on Tuesday.\n"
    assert events(text) == [("meeting", date(2024, 2, 27), "day", ("JPN", "VNM"), True)]


def test_figurative_meet_dialogue_and_signs_are_not_events() -> None:
    text = (
        "Ties\n"
        "Cambodia and Thailand will settle disputes through dialogue, the ministers of both countries said.\n"
        "The new training centre will help Lao and Thai police meet the growing demands of border work.\n"
        "Vietnam and Laos showed signs of progress in trade.\n"
    )
    assert events(text) == []


def test_summit_with_a_country_is_between_the_two_named_around_it() -> None:
    text = (
        "Talks\n"
        "Japanese and Philippine ministers met in Manila on Monday.\n"
        "They discussed Myanmar, including its summit with Thailand last month.\n"
    )
    found = events(text)
    assert ("meeting", date(2024, 2, 1), "month", ("MMR", "THA"), False) in found


def test_recent_visit_is_background_and_resumption_as_a_topic_is_no_event() -> None:
    text = (
        "Ties\n"
        "The ministers of Oman and Qatar met in Doha on Thursday.\n"
        "They recalled the recent state visit to Oman by the Emir of Qatar.\n"
        "They discussed the resumption of relations between their neighbours.\n"
    )
    found = events(text)
    assert ("visit", None, None, ("OMN", "QAT"), False) in found
    assert not [e for e in found if e[0] == "relations"]


def test_date_in_an_instruments_name_does_not_date_a_meeting() -> None:
    text = (
        "Talks\n"
        "Nepal and India held talks on Friday.\n"
        "The talks reviewed the Treaty of 1950 and trade.\n"
    )
    assert events(text) == [("meeting", date(2024, 3, 1), "day", ("IND", "NPL"), True)]


def test_domestic_signatures_and_came_to_power_are_not_events() -> None:
    text = (
        "Politics\n"
        "The Thai king signed the budget bill into law on Friday, a year after the government came to power "
        "with Cambodian support.\n"
    )
    assert events(text) == []


def test_conducted_operation_is_found_though_cooperation_contains_the_word() -> None:
    text = "Border\nLao and Thai forces conducted a joint operation along the Mekong on Thursday.\n"
    assert events(text) == [("operation", date(2024, 2, 29), "day", ("LAO", "THA"), True)]
