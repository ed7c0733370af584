"""Events and the countries taking part in them."""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa

from pactwatch import vocab
from schemas.common import article_ref, country, date_precision, evidence_fields, parent_id, plausible_date, row_id

_evidence = evidence_fields()


class Events(pa.DataFrameModel):
    """One row per distinct occurrence an article reports: a meeting, visit, signing, ..."""

    event_id: str = row_id("Deterministic id: the same text and extractor version give the same id")
    article_id: str = article_ref()
    event_type: str = pa.Field(isin=vocab.event_types(), description="One of schemas/vocab/event_types.csv")
    event_date: dt.date = plausible_date("When it happened, at date_precision; null when the text cannot say")
    date_precision: str = date_precision()
    is_main: bool = pa.Field(description="True for what the article reports as news, false for background")
    evidence: str = _evidence["evidence"]
    evidence_start: int = _evidence["evidence_start"]
    evidence_end: int = _evidence["evidence_end"]
    rule: str = _evidence["rule"]
    extractor_version: str = pa.Field(description="Version of the extractor that produced the row")

    class Config:
        strict = True
        coerce = True


class EventCountries(pa.DataFrameModel):
    """Countries taking part in an event, one row each."""

    event_id: str = parent_id("The event (events.event_id)")
    country: str = country("ISO 3166-1 alpha-3 code of a country taking part")

    class Config:
        strict = True
        coerce = True
        unique = ["event_id", "country"]
