"""Agreements, their parties and their topics."""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa

from pactwatch import vocab
from schemas.common import article_ref, country, date_precision, evidence_fields, parent_id, plausible_date, row_id

_evidence = evidence_fields()


class Agreements(pa.DataFrameModel):
    """One row per written instrument an article mentions: treaty, memorandum, agreement or plan."""

    agreement_id: str = row_id("Deterministic id: the same text and extractor version give the same id")
    article_id: str = article_ref()
    agreement_type: str = pa.Field(isin=vocab.agreement_types(), description="One of schemas/vocab/agreement_types.csv")
    status: str = pa.Field(isin=vocab.agreement_statuses(), description="signed, in_force or negotiating")
    name: str = pa.Field(nullable=True, description="The instrument as the text names it")
    signed_date: dt.date = plausible_date("Date of signature when the text gives or implies it")
    date_precision: str = date_precision("How much of signed_date the text gives")
    valid_until: dt.date = plausible_date("Expiry or renewal date when stated ('extended until 2027')")
    evidence: str = _evidence["evidence"]
    evidence_start: int = _evidence["evidence_start"]
    evidence_end: int = _evidence["evidence_end"]
    rule: str = _evidence["rule"]
    extractor_version: str = pa.Field(description="Version of the extractor that produced the row")

    class Config:
        strict = True
        coerce = True


class AgreementParties(pa.DataFrameModel):
    """Countries whose governments or agencies are parties to an agreement."""

    agreement_id: str = parent_id("The agreement (agreements.agreement_id)")
    country: str = country("ISO 3166-1 alpha-3 code of a party")

    class Config:
        strict = True
        coerce = True
        unique = ["agreement_id", "country"]


class AgreementTopics(pa.DataFrameModel):
    """What an agreement covers, one topic per row."""

    agreement_id: str = parent_id("The agreement (agreements.agreement_id)")
    topic: str = pa.Field(isin=vocab.topics(), description="One of schemas/vocab/topics.csv")

    class Config:
        strict = True
        coerce = True
        unique = ["agreement_id", "topic"]
