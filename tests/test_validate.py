"""Validation: bad rows are set aside with the check they failed; a malformed table aborts."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from pactwatch.normalise import frame_of
from pactwatch.validate import SchemaLevelError, validate_tables
from schemas import EXTRACTED_TABLES

GOOD_ARTICLE = "a" * 64
BAD_ARTICLE = "b" * 64


def article(article_id: str, published: dt.date | None) -> dict:
    return {"article_id": article_id, "source_file": f"{article_id[:4]}.txt", "source_root": "/in", "title": "T",
            "published_date": published, "dateline": None, "outlet": None, "encoding": "utf-8",
            "size_bytes": 10, "text": "Some text.", "extractor_version": "test", "run_id": "r1"}


def event(event_id: str, article_id: str, event_type: str = "meeting") -> dict:
    return {"event_id": event_id, "article_id": article_id, "event_type": event_type,
            "event_date": dt.date(2025, 1, 2), "date_precision": "day", "is_main": True, "evidence": "Some text.",
            "evidence_start": 0, "evidence_end": 10, "rule": "test", "extractor_version": "test"}


def frames(**rows: list[dict]) -> dict[str, pl.DataFrame]:
    return {table: frame_of(table, rows.get(table, [])) for table in EXTRACTED_TABLES}


def test_rows_breaking_vocabularies_codes_and_keys_are_rejected_and_the_rest_kept() -> None:
    tables = frames(
        articles=[article(GOOD_ARTICLE, dt.date(2025, 1, 3))],
        events=[event("ev_0000000000000001", GOOD_ARTICLE), event("ev_0000000000000002", GOOD_ARTICLE, "picnic"),
                event("ev_0000000000000003", "c" * 64)],
        event_countries=[{"event_id": "ev_0000000000000001", "country": "KOR"},
                         {"event_id": "ev_0000000000000001", "country": "XXX"},
                         {"event_id": "ev_0000000000000002", "country": "LAO"}],
    )
    result = validate_tables(tables, "r1")
    assert result.frames["events"].get_column("event_id").to_list() == ["ev_0000000000000001"]
    assert result.frames["event_countries"].rows() == [("ev_0000000000000001", "KOR")]
    checks = set(result.rejected_rows.select("table_name", "check_name").rows())
    assert any(t == "events" and c.startswith("isin(") and "'meeting'" in c for t, c in checks)
    assert ("events", "foreign_key(article_id -> articles.article_id)") in checks
    assert ("event_countries", "foreign_key(event_id -> events.event_id)") in checks  # cascaded from the picnic
    assert any(t == "event_countries" and c.startswith("isin") for t, c in checks)  # XXX is no ISO3 code
    assert result.rejected_articles == {}


def test_an_implausible_date_rejects_the_article_and_everything_read_from_it() -> None:
    tables = frames(articles=[article(GOOD_ARTICLE, dt.date(2025, 1, 3)), article(BAD_ARTICLE, dt.date(1066, 10, 14))],
                    events=[event("ev_00000000000000aa", BAD_ARTICLE)])
    result = validate_tables(tables, "r1")
    assert result.frames["articles"].get_column("article_id").to_list() == [GOOD_ARTICLE]
    assert result.frames["events"].height == 0
    assert list(result.rejected_articles) == [BAD_ARTICLE]
    assert "published_date" in result.rejected_articles[BAD_ARTICLE]


def test_duplicate_ids_are_rejected() -> None:
    tables = frames(articles=[article(GOOD_ARTICLE, None)])
    tables["events"] = pl.concat([frame_of("events", [event("ev_0000000000000001", GOOD_ARTICLE)])] * 2)
    result = validate_tables(tables, "r1")
    assert result.frames["events"].height == 0
    assert set(result.rejected_rows.get_column("check_name")) == {"field_uniqueness"}


def test_a_missing_column_is_a_schema_level_failure_that_aborts() -> None:
    tables = frames(articles=[article(GOOD_ARTICLE, None)])
    tables["articles"] = tables["articles"].drop("title")
    with pytest.raises(SchemaLevelError, match="articles"):
        validate_tables(tables, "r1")
