from datetime import date

from pactwatch.extract import extract_article
from pactwatch.extract.model import ArticleMeta

META = ArticleMeta(title=None, published_date=date(2024, 5, 10))


def people(text: str) -> dict[str, tuple[str | None, str | None]]:
    result = extract_article(text, META)
    return {p.name: (p.country, p.title) for p in result.participants if p.kind == "person"}


def test_titles_ranks_and_honorifics_are_stripped() -> None:
    text = (
        "Talks held\n"
        "Lao Minister of Public Security Gen. Bounmy Sayavong met Vietnamese Deputy Minister "
        "Sen. Lieut. Gen. Tran Quoc Hung in Vientiane on Monday.\n"
    )
    found = people(text)
    assert found["Bounmy Sayavong"] == ("LAO", "Minister of Public Security")
    assert found["Tran Quoc Hung"][0] == "VNM"


def test_counterpart_gives_country_and_short_mentions_resolve() -> None:
    text = (
        "Ministers meet\n"
        "Thai Foreign Minister Somchai Rattanakul held talks with his Cambodian counterpart Sokha Vannak.\n"
        "Somchai said the talks were useful. Vannak agreed.\n"
    )
    found = people(text)
    assert set(found) == {"Somchai Rattanakul", "Sokha Vannak"}
    assert found["Sokha Vannak"][0] == "KHM"
    assert found["Somchai Rattanakul"][0] == "THA"


def test_appositive_office_and_possessive_country() -> None:
    text = (
        "Deal signed\n"
        "The deal was signed by Min-jun Baek, South Korea's minister of justice, and Anong Phanthavong, "
        "chief of the Supreme People's Prosecutor Office of Laos.\n"
    )
    found = people(text)
    assert found["Min-jun Baek"][0] == "KOR"
    assert found["Anong Phanthavong"][0] == "LAO"
    assert found["Min-jun Baek"][1] == "minister of justice"


def test_comrade_and_dprk_party_title() -> None:
    text = (
        "Anniversary\n"
        "Comrade Ri Chol Man, General Secretary of the Workers' Party of Korea, received the Lao envoy.\n"
    )
    assert people(text)["Ri Chol Man"][0] == "PRK"


def test_photo_credits_and_bylines_are_not_people() -> None:
    text = (
        "Police meet\n"
        "The two police chiefs shake hands. (Photo by Nguyen Van Binh/Xinhua)\n"
        "Reporting by Jane Harlow\n"
        "Police General Somsak Boonma said the talks went well.\n"
    )
    assert set(people(text)) == {"Somsak Boonma"}


def test_organisations_are_separate_records_with_country() -> None:
    text = "Cooperation\nThe Lao Ministry of Public Security and ASEANAPOL signed a note.\n"
    orgs = {p.name: p.country for p in extract_article(text, META).participants if p.kind == "organization"}
    assert orgs["Lao Ministry of Public Security"] == "LAO"
    assert orgs["ASEANAPOL"] is None


def test_led_by_signature_lines_and_initials() -> None:
    text = (
        "Talks\n"
        "The Nepali delegation was led by Ram Bahadur Thapa.\n"
        "Foreign Secretary Maria T. Santos of the Philippines also spoke.\n"
        "We value our friendship with the people of Laos.\n"
        "Kim Chol Ho\n"
        "Vice-Minister of Foreign Affairs, DPRK\n"
    )
    found = people(text)
    assert found["Ram Bahadur Thapa"][0] == "NPL"
    assert found["Maria T. Santos"][0] == "PHL"
    assert found["Kim Chol Ho"][0] == "PRK"


def test_first_name_that_is_a_country_name_is_not_a_country() -> None:
    text = "Visit\nThe Italian minister Georgia Bellini met her Greek counterpart in Rome.\n"
    result = extract_article(text, META)
    assert {p.name for p in result.participants if p.kind == "person"} == {"Georgia Bellini"}
    assert all("GEO" not in e.countries for e in result.events)


def test_respectively_assigns_countries_in_order() -> None:
    text = (
        "Summit\n"
        "The Peruvian and Chilean presidents, Ana Quispe and Tomas Riquelme, respectively, met in Lima.\n"
    )
    found = people(text)
    assert found["Ana Quispe"][0] == "PER"
    assert found["Tomas Riquelme"][0] == "CHL"


def test_typical_surname_places_an_unplaced_person_among_the_article_countries() -> None:
    text = (
        "Defence talks\n"
        "India and Vietnam held defence talks in Hanoi on Monday.\n"
        "The talks were co-chaired by Defence Secretary Arun Mehta and Deputy Minister General Nguyen Van Tuan.\n"
    )
    assert people(text)["Nguyen Van Tuan"][0] == "VNM"


def test_office_is_given_in_its_shortest_clear_form() -> None:
    text = (
        "Talks\n"
        "The talks were held by H.E. Anan Wongsiri, Minister of Foreign Affairs of Thailand, and "
        "Prime Minister Datuk Seri Rahim Salleh of Malaysia.\n"
    )
    found = people(text)
    assert found["Anan Wongsiri"] == ("THA", "Minister of Foreign Affairs")
    assert found["Rahim Salleh"] == ("MYS", "Prime Minister")


def test_counterpart_holds_the_same_office() -> None:
    text = "Talks\nMalaysian Home Minister Razali Ahmad met his Thai counterpart Somsak Wongchai in Bangkok.\n"
    assert people(text)["Somsak Wongchai"] == ("THA", "Home Minister")


def test_counterpart_without_nationality_serves_the_other_side() -> None:
    text = (
        "Talks\n"
        "Peru and Chile held border talks in Lima.\n"
        "Peruvian Foreign Minister Ana Quispe met her counterpart Tomas Riquelme on Monday.\n"
    )
    assert people(text)["Tomas Riquelme"][0] == "CHL"


def test_news_outlets_and_rights_groups_are_not_people() -> None:
    text = "Reaction\nHuman Rights Watch said the deal was flawed. Channel NewsAsia reported the talks.\n"
    assert people(text) == {}
