"""One Pandera model per warehouse table: the single source of columns, types and allowed values."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.agreements import AgreementParties, Agreements, AgreementTopics
from schemas.articles import ArticleFiles, Articles
from schemas.events import EventCountries, Events
from schemas.participants import Participants
from schemas.people import People, PersonMentions
from schemas.runs import RejectedFiles, RejectedRows, Runs

# Table name -> model, parents before children (the order rows are validated and loaded in).
TABLES: dict[str, type[pa.DataFrameModel]] = {
    "articles": Articles,
    "article_files": ArticleFiles,
    "events": Events,
    "event_countries": EventCountries,
    "participants": Participants,
    "agreements": Agreements,
    "agreement_parties": AgreementParties,
    "agreement_topics": AgreementTopics,
    "people": People,
    "person_mentions": PersonMentions,
    "rejected_files": RejectedFiles,
    "rejected_rows": RejectedRows,
    "runs": Runs,
}

# Child table -> (column, parent table, parent column): checked by validation, row by row, within
# a batch (an article's rows always travel with it).
FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "events": [("article_id", "articles", "article_id")],
    "event_countries": [("event_id", "events", "event_id")],
    "participants": [("article_id", "articles", "article_id")],
    "agreements": [("article_id", "articles", "article_id")],
    "agreement_parties": [("agreement_id", "agreements", "agreement_id")],
    "agreement_topics": [("agreement_id", "agreements", "agreement_id")],
}

# The tables an article's extraction produces; people are derived across articles at load time,
# the rest are bookkeeping.
EXTRACTED_TABLES = ("articles", "events", "event_countries", "participants", "agreements",
                    "agreement_parties", "agreement_topics")



def polars_schema(table: str) -> dict[str, pl.DataType]:
    """Column -> Polars dtype, in the model's order."""
    return {name: column.dtype.type for name, column in TABLES[table].to_schema().columns.items()}


def empty_frame(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(table))


def column_descriptions(table: str) -> dict[str, str]:
    return {name: column.description or "" for name, column in TABLES[table].to_schema().columns.items()}


__all__ = ["EXTRACTED_TABLES", "FOREIGN_KEYS", "TABLES", "column_descriptions", "empty_frame", "polars_schema"]
