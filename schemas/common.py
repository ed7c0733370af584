"""Shared field factories for the table models: one definition of what an id or a date may be."""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa

from pactwatch import vocab

EARLIEST_DATE = dt.date(1900, 1, 1)
# Scheduled events may lie ahead of the article; nothing sensible lies decades ahead.
LATEST_DATE = dt.date(2100, 12, 31)
ID_PATTERN = r"^[a-z]{2}_[0-9a-f]{16}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"


def row_id(description: str) -> pa.Field:
    return pa.Field(unique=True, str_matches=ID_PATTERN, description=description)


def parent_id(description: str) -> pa.Field:
    return pa.Field(str_matches=ID_PATTERN, description=description)


def article_ref(description: str = "The article it was read from (articles.article_id)") -> pa.Field:
    return pa.Field(str_matches=SHA256_PATTERN, description=description)


def plausible_date(description: str) -> pa.Field:
    return pa.Field(nullable=True, ge=EARLIEST_DATE, le=LATEST_DATE, description=description)


def date_precision(description: str = "How much of the date the text gives: day, month or year") -> pa.Field:
    return pa.Field(nullable=True, isin=vocab.date_precisions(), description=description)


def country(description: str, nullable: bool = False) -> pa.Field:
    return pa.Field(nullable=nullable, isin=vocab.country_codes(), description=description)


def evidence_fields() -> dict[str, pa.Field]:
    return {
        "evidence": pa.Field(str_length={"min_value": 1}, description="The sentence the row was read from"),
        "evidence_start": pa.Field(ge=0, description="Character offset of the evidence in articles.text"),
        "evidence_end": pa.Field(ge=1, description="Character offset just past the evidence"),
        "rule": pa.Field(description="The extraction rule or pattern that produced the row"),
    }
