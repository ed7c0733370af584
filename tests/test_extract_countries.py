from pactwatch.extract.countries import article_context, find_countries
from pactwatch.extract.sentences import normalise


def codes(text: str) -> list[str]:
    norm = normalise(text)
    return [m.iso3 for m in find_countries(norm, article_context(norm, None))]


def test_names_adjectives_and_capitals() -> None:
    assert codes("Laotian and Thai officials met in Hanoi with Myanmar envoys.") == ["LAO", "THA", "VNM", "MMR"]


def test_dprk_article_reads_bare_korea_as_north() -> None:
    text = "The DPRK delegation left Pyongyang. Korea and Laos are friends."
    assert codes(text) == ["PRK", "PRK", "PRK", "LAO"]


def test_seoul_article_reads_bare_korea_as_south() -> None:
    assert codes("Seoul said Korea and Japan will talk.") == ["KOR", "KOR", "JPN"]


def test_seas_and_regions_are_not_countries() -> None:
    assert codes("Patrols in the South China Sea and the Indian Ocean.") == []


def test_vietnamese_spelling_and_agency_adjective() -> None:
    assert codes("Việt Nam and the Lao Ministry of Public Security") == ["VNM", "LAO"]


def test_international_organisation_is_not_a_country() -> None:
    assert codes("ASEAN and the United Nations met Interpol.") == []
