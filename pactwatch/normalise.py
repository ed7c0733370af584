"""Normalise: extraction records -> Polars frames shaped exactly as the tables' Pandera models say.

Ids are derived here, from the article id, the extractor version and what identifies the row
inside its article, so a re-run of the same text with the same extractor gives the same ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from pactwatch.extract.model import ArticleMeta, Extraction
from pactwatch.ids import stable_id
from schemas import EXTRACTED_TABLES, polars_schema


@dataclass(frozen=True)
class ReadArticle:
    """One article as read, cleaned and extracted, before it becomes rows."""

    article_id: str
    source_file: str
    source_root: str
    encoding: str
    size_bytes: int
    text: str
    meta: ArticleMeta
    extraction: Extraction


def article_rows(article: ReadArticle, version: str, run_id: str) -> dict[str, list[dict]]:
    """Every row one article contributes, by table."""
    rows: dict[str, list[dict]] = {table: [] for table in EXTRACTED_TABLES}
    aid = article.article_id
    seen: dict[str, int] = {}
    rows["articles"].append({
        "article_id": aid, "source_file": article.source_file, "source_root": article.source_root,
        "title": article.meta.title, "published_date": article.meta.published_date,
        "dateline": article.meta.dateline, "outlet": article.meta.outlet, "encoding": article.encoding,
        "size_bytes": article.size_bytes, "text": article.text, "extractor_version": version, "run_id": run_id,
    })
    for event in article.extraction.events:
        event_id = occurrence_id("ev", seen, aid, version, event.event_type, event.evidence.start,
                                 event.event_date, ",".join(event.countries), event.is_main)
        rows["events"].append({
            "event_id": event_id, "article_id": aid, "event_type": event.event_type,
            "event_date": event.event_date, "date_precision": event.date_precision, "is_main": event.is_main,
            **evidence_columns(event.evidence, event.rule), "extractor_version": version,
        })
        rows["event_countries"].extend({"event_id": event_id, "country": c} for c in event.countries)
    for participant in article.extraction.participants:
        rows["participants"].append({
            "participant_id": stable_id("pa", aid, version, participant.kind, participant.name),
            "article_id": aid, "kind": participant.kind, "name": participant.name,
            "country": participant.country, "title": participant.title,
            "aliases": "; ".join(participant.aliases) or None,
            **evidence_columns(participant.evidence, participant.rule), "extractor_version": version,
        })
    for agreement in article.extraction.agreements:
        agreement_id = occurrence_id("ag", seen, aid, version, agreement.agreement_type, agreement.status,
                                 agreement.evidence.start, ",".join(agreement.parties),
                                 ",".join(agreement.topics), agreement.name)
        rows["agreements"].append({
            "agreement_id": agreement_id, "article_id": aid, "agreement_type": agreement.agreement_type,
            "status": agreement.status, "name": agreement.name, "signed_date": agreement.signed_date,
            "date_precision": agreement.date_precision, "valid_until": agreement.valid_until,
            **evidence_columns(agreement.evidence, agreement.rule), "extractor_version": version,
        })
        rows["agreement_parties"].extend({"agreement_id": agreement_id, "country": c} for c in agreement.parties)
        rows["agreement_topics"].extend({"agreement_id": agreement_id, "topic": t} for t in agreement.topics)
    return rows


def occurrence_id(prefix: str, seen: dict[str, int], *parts: object) -> str:
    """An id for the n-th of several identical records ("six agreements were signed" is six rows).

    The first keeps the plain id; later ones add their ordinal, in extraction order, which is
    deterministic, so the ids are too.
    """
    base = stable_id(prefix, *parts)
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else stable_id(prefix, *parts, seen[base])


def evidence_columns(evidence, rule: str) -> dict:
    return {"evidence": evidence.text, "evidence_start": evidence.start, "evidence_end": evidence.end,
            "rule": rule}


def frames_from_articles(articles: Iterable[ReadArticle], version: str, run_id: str) -> dict[str, pl.DataFrame]:
    """One frame per extracted table, typed by its model, however few rows there are."""
    rows: dict[str, list[dict]] = {table: [] for table in EXTRACTED_TABLES}
    for article in articles:
        for table, table_rows in article_rows(article, version, run_id).items():
            rows[table].extend(table_rows)
    return {table: frame_of(table, table_rows) for table, table_rows in rows.items()}


# Two rows with one id are one fact read twice (a participant named twice); events and agreements
# get an id per occurrence, so identical ones ("two treaties were signed") stay apart.
ROW_IDS = {"events": "event_id", "participants": "participant_id", "agreements": "agreement_id"}


def frame_of(table: str, rows: list[dict]) -> pl.DataFrame:
    """Typed frame in which each fact appears once (the first reading of it is kept)."""
    frame = pl.DataFrame(rows, schema=polars_schema(table)) if rows else pl.DataFrame(schema=polars_schema(table))
    subset = [ROW_IDS[table]] if table in ROW_IDS else None
    return frame.unique(subset=subset, keep="first", maintain_order=True)
