"""People and organisations that act in an article."""

from __future__ import annotations

import pandera.polars as pa

from pactwatch import vocab
from schemas.common import article_ref, country, evidence_fields, row_id

_evidence = evidence_fields()


class Participants(pa.DataFrameModel):
    """One row per person or organisation per article."""

    participant_id: str = row_id("Deterministic id of the participant within its article")
    article_id: str = article_ref()
    kind: str = pa.Field(isin=vocab.participant_kinds(), description="person or organization")
    name: str = pa.Field(str_length={"min_value": 2, "max_value": 200},
                         description="Full name as written, without titles or honorifics")
    country: str = country("ISO3 of the country the participant serves or belongs to", nullable=True)
    title: str = pa.Field(nullable=True, description="Office, in the shortest clear form the article gives")
    aliases: str = pa.Field(nullable=True, description="Other forms of the name in the article, '; '-separated")
    evidence: str = _evidence["evidence"]
    evidence_start: int = _evidence["evidence_start"]
    evidence_end: int = _evidence["evidence_end"]
    rule: str = _evidence["rule"]
    extractor_version: str = pa.Field(description="Version of the extractor that produced the row")

    class Config:
        strict = True
        coerce = True
