"""Run history and everything a run refused."""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa


class Runs(pa.DataFrameModel):
    """One row per run that changed the warehouse."""

    run_id: str = pa.Field(unique=True, description="Id of the run")
    flow_run_id: str = pa.Field(nullable=True, description="Prefect flow-run id, when run under Prefect")
    started_at: dt.datetime = pa.Field(description="UTC start")
    ended_at: dt.datetime = pa.Field(description="UTC end of loading")
    status: str = pa.Field(isin=["succeeded"], description="Only runs that landed are recorded")
    source_root: str = pa.Field(description="Absolute path of the source folder")
    files_seen: int = pa.Field(ge=0, description="Files found under the source folder")
    files_new: int = pa.Field(ge=0, description="Files loaded as new articles")
    files_skipped: int = pa.Field(ge=0, description="Files already loaded (unchanged since)")
    files_duplicate: int = pa.Field(ge=0, description="New files whose content was already loaded")
    files_rejected: int = pa.Field(ge=0, description="Files refused, with a reason in rejected_files")
    files_deferred: int = pa.Field(ge=0, description="Files still being written; read by a later run")
    rows_articles: int = pa.Field(ge=0, description="Rows loaded into articles")
    rows_events: int = pa.Field(ge=0, description="Rows loaded into events")
    rows_participants: int = pa.Field(ge=0, description="Rows loaded into participants")
    rows_agreements: int = pa.Field(ge=0, description="Rows loaded into agreements")
    rows_rejected: int = pa.Field(ge=0, description="Rows refused by validation, in rejected_rows")
    extractor_version: str = pa.Field(description="Extractor version of the run")

    class Config:
        strict = True
        coerce = True


class RejectedFiles(pa.DataFrameModel):
    """Files that are not articles (binary, empty, undecodable, too large) or failed validation."""

    run_id: str = pa.Field(description="The run that refused it")
    source_root: str = pa.Field(description="Absolute path of the source folder")
    source_file: str = pa.Field(description="Path relative to the source folder")
    size_bytes: int = pa.Field(ge=0, description="Size when read")
    mtime_ns: int = pa.Field(description="Modification time when read, in nanoseconds")
    content_sha256: str = pa.Field(nullable=True, description="SHA-256 of the bytes, when they could be read")
    reason: str = pa.Field(str_length={"min_value": 1}, description="Why it was refused")

    class Config:
        strict = True
        coerce = True


class RejectedRows(pa.DataFrameModel):
    """Extracted rows that failed a check and were not loaded."""

    run_id: str = pa.Field(description="The run that refused it")
    table_name: str = pa.Field(description="The table the row was meant for")
    row_id: str = pa.Field(nullable=True, description="The row's id (or article id) when it has one")
    article_id: str = pa.Field(nullable=True, description="The article the row came from")
    check_name: str = pa.Field(description="The failed check")
    column_name: str = pa.Field(nullable=True, description="The column checked")
    failure_case: str = pa.Field(nullable=True, description="The offending value")
    row_json: str = pa.Field(description="The whole row, as JSON")

    class Config:
        strict = True
        coerce = True
