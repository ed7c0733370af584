"""People across articles: spelling variants merge, namesakes of other countries do not."""

from __future__ import annotations

import polars as pl

from pactwatch.people import name_key, resolve_people


def mentions(*rows: tuple[str, str, str, str | None, str | None]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["participant_id", "article_id", "name", "country", "title"], orient="row")


def test_name_key_folds_diacritics_case_and_punctuation() -> None:
    assert name_key("Lương Tam-Quang") == "luong tam quang"
    assert name_key("Đỗ Văn  Chiến") == "do van chien"


def test_transliteration_variants_resolve_to_one_person() -> None:
    people, links = resolve_people(mentions(
        ("pa_1", "a1", "Somsak Vongkhamsao", "LAO", "Minister of Public Security"),
        ("pa_2", "a2", "Somsak Vongkhamsaw", "LAO", "Minister of Public Security"),
        ("pa_3", "a3", "Somsak Vongkhamsao", "LAO", None),
    ))
    assert people.height == 1
    person = people.row(0, named=True)
    assert (person["name"], person["aliases"], person["mentions"], person["articles"]) == (
        "Somsak Vongkhamsao", ["Somsak Vongkhamsaw"], 3, 3)
    assert links.get_column("person_id").n_unique() == 1


def test_namesakes_serving_different_countries_stay_apart_and_near_names_too() -> None:
    people, _ = resolve_people(mentions(
        ("pa_1", "a1", "Kim Min-jun", "KOR", "Ambassador"),
        ("pa_2", "a2", "Kim Min-jun", "PRK", "Vice Minister"),
        ("pa_3", "a3", "Kim Min-sun", "KOR", "Mayor"),
    ))
    assert sorted(people.get_column("country").to_list()) == ["KOR", "KOR", "PRK"]


def test_a_mention_without_country_joins_the_only_namesake_that_has_one() -> None:
    people, links = resolve_people(mentions(
        ("pa_1", "a1", "Arunee Chaiyaporn", "THA", "Governor"),
        ("pa_2", "a2", "Arunee Chaiyaporn", None, None),
    ))
    assert people.height == 1 and people.get_column("country").to_list() == ["THA"]
    assert links.height == 2


def test_person_ids_do_not_depend_on_row_order() -> None:
    rows = [("pa_1", "a1", "Arunee Chaiyaporn", "THA", None), ("pa_2", "a2", "Bounmy Keola", "LAO", None)]
    first, _ = resolve_people(mentions(*rows))
    second, _ = resolve_people(mentions(*reversed(rows)))
    assert first.get_column("person_id").to_list() == second.get_column("person_id").to_list()
