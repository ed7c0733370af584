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


def occurrence_ids(prefix: str, keys: list[tuple]) -> list[str]:
    """An id per record, from what identifies it within its article: the n-th of several identical
    records ("six agreements were signed" is six rows) adds its ordinal to the id.

    The first keeps the plain id; later ones add their ordinal, in extraction order, which is
    deterministic, so the ids are too.
    """
    seen: dict[str, int] = {}
    ids = []
    for key in keys:
        base = stable_id(prefix, *key)
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else stable_id(prefix, *key, seen[base]))
    return ids


def evidence_columns(records: list) -> dict[str, list]:
    return {"evidence": [r.evidence.text for r in records], "evidence_start": [r.evidence.start for r in records],
            "evidence_end": [r.evidence.end for r in records], "rule": [r.rule for r in records]}


def articles_frame(articles: list[ReadArticle], version: str, run_id: str) -> pl.DataFrame:
    return typed_frame("articles", {
        "article_id": [a.article_id for a in articles], "source_file": [a.source_file for a in articles],
        "source_root": [a.source_root for a in articles], "title": [a.meta.title for a in articles],
        "published_date": [a.meta.published_date for a in articles], "dateline": [a.meta.dateline for a in articles],
        "outlet": [a.meta.outlet for a in articles], "encoding": [a.encoding for a in articles],
        "size_bytes": [a.size_bytes for a in articles], "text": [a.text for a in articles],
        "extractor_version": [version] * len(articles), "run_id": [run_id] * len(articles),
    })


def event_frames(articles: list[ReadArticle], version: str) -> dict[str, pl.DataFrame]:
    """events and event_countries."""
    owners = [a.article_id for a in articles for _ in a.extraction.events]
    events = [e for a in articles for e in a.extraction.events]
    ids = [i for a in articles for i in occurrence_ids("ev", [
        (a.article_id, version, e.event_type, e.evidence.start, e.event_date, ",".join(e.countries), e.is_main)
        for e in a.extraction.events])]
    return {
        "events": typed_frame("events", {
            "event_id": ids, "article_id": owners, "event_type": [e.event_type for e in events],
            "event_date": [e.event_date for e in events], "date_precision": [e.date_precision for e in events],
            "is_main": [e.is_main for e in events], **evidence_columns(events),
            "extractor_version": [version] * len(events)}),
        "event_countries": typed_frame("event_countries", {
            "event_id": [i for i, e in zip(ids, events, strict=True) for _ in e.countries],
            "country": [c for e in events for c in e.countries]}),
    }


def participants_frame(articles: list[ReadArticle], version: str) -> pl.DataFrame:
    owners = [a.article_id for a in articles for _ in a.extraction.participants]
    people = [p for a in articles for p in a.extraction.participants]
    return typed_frame("participants", {
        "participant_id": [stable_id("pa", aid, version, p.kind, p.name)
                           for aid, p in zip(owners, people, strict=True)],
        "article_id": owners, "kind": [p.kind for p in people], "name": [p.name for p in people],
        "country": [p.country for p in people], "title": [p.title for p in people],
        "aliases": ["; ".join(p.aliases) or None for p in people], **evidence_columns(people),
        "extractor_version": [version] * len(people)})


def agreement_frames(articles: list[ReadArticle], version: str) -> dict[str, pl.DataFrame]:
    """agreements, agreement_parties and agreement_topics."""
    owners = [a.article_id for a in articles for _ in a.extraction.agreements]
    agreements = [g for a in articles for g in a.extraction.agreements]
    ids = [i for a in articles for i in occurrence_ids("ag", [
        (a.article_id, version, g.agreement_type, g.status, g.evidence.start, ",".join(g.parties),
         ",".join(g.topics), g.name) for g in a.extraction.agreements])]
    pairs = list(zip(ids, agreements, strict=True))
    return {
        "agreements": typed_frame("agreements", {
            "agreement_id": ids, "article_id": owners, "agreement_type": [g.agreement_type for g in agreements],
            "status": [g.status for g in agreements], "name": [g.name for g in agreements],
            "signed_date": [g.signed_date for g in agreements],
            "date_precision": [g.date_precision for g in agreements],
            "valid_until": [g.valid_until for g in agreements], **evidence_columns(agreements),
            "extractor_version": [version] * len(agreements)}),
        "agreement_parties": typed_frame("agreement_parties", {
            "agreement_id": [i for i, g in pairs for _ in g.parties],
            "country": [c for g in agreements for c in g.parties]}),
        "agreement_topics": typed_frame("agreement_topics", {
            "agreement_id": [i for i, g in pairs for _ in g.topics],
            "topic": [t for g in agreements for t in g.topics]}),
    }


def frames_from_articles(articles: Iterable[ReadArticle], version: str, run_id: str) -> dict[str, pl.DataFrame]:
    """One frame per extracted table, typed by its model, however few rows there are.

    Built column by column from the batch's records (no dict per row); Python runs per record
    only where SHA-256 ids are derived.
    """
    articles = list(articles)
    frames = {"articles": articles_frame(articles, version, run_id), **event_frames(articles, version),
              "participants": participants_frame(articles, version), **agreement_frames(articles, version)}
    return {table: once_per_fact(table, frames[table]) for table in EXTRACTED_TABLES}


# Two rows with one id are one fact read twice (a participant named twice); events and agreements
# get an id per occurrence, so identical ones ("two treaties were signed") stay apart.
ROW_IDS = {"events": "event_id", "participants": "participant_id", "agreements": "agreement_id"}


def typed_frame(table: str, columns: dict[str, list]) -> pl.DataFrame:
    return pl.DataFrame(columns, schema=polars_schema(table))


def once_per_fact(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with each fact once (the first reading of it is kept)."""
    subset = [ROW_IDS[table]] if table in ROW_IDS else None
    return frame.unique(subset=subset, keep="first", maintain_order=True)


def frame_of(table: str, rows: list[dict]) -> pl.DataFrame:
    """Typed frame from row dicts, each fact once: for rows written by hand (the tests); the
    pipeline builds its frames column by column above."""
    frame = pl.DataFrame(rows, schema=polars_schema(table)) if rows else pl.DataFrame(schema=polars_schema(table))
    return once_per_fact(table, frame)
