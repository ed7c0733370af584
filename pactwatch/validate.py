"""Validate: every extracted table against its Pandera model, and every foreign key.

A row that fails a check is set aside in `rejected_rows` with the check it failed, and rows
that hang off it (an event's countries, an article's events) go with it, so nothing loaded ever
points at nothing. A failure of the table itself (a missing column, a wrong type that cannot be
coerced) is a bug, not bad data: it aborts the run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandera.errors
import polars as pl

from schemas import EXTRACTED_TABLES, FOREIGN_KEYS, TABLES, empty_frame, polars_schema

ROW_NUMBER = "__row"


class SchemaLevelError(RuntimeError):
    """A table does not have the shape its model declares."""


@dataclass(frozen=True)
class Validated:
    frames: dict[str, pl.DataFrame]
    rejected_rows: pl.DataFrame
    rejected_articles: dict[str, str]  # article_id -> why its article row failed


def validate_tables(frames: dict[str, pl.DataFrame], run_id: str) -> Validated:
    valid: dict[str, pl.DataFrame] = {}
    rejected: list[dict] = []
    for table in EXTRACTED_TABLES:
        frame = frames[table].with_row_index(ROW_NUMBER)
        failures = failed_checks(table, frame.drop(ROW_NUMBER))
        for column, parent, parent_column in FOREIGN_KEYS.get(table, []):
            orphans = frame.join(valid[parent].select(parent_column), left_on=column, right_on=parent_column,
                                 how="anti")
            failures.extend((row, f"foreign_key({column} -> {parent}.{parent_column})", column, value)
                            for row, value in orphans.select(ROW_NUMBER, column).iter_rows())
        bad_rows = {row for row, *_ in failures}
        rejected.extend(rejection(run_id, table, frame.row(row, named=True), check, column, value)
                        for row, check, column, value in failures)
        valid[table] = frame.filter(~pl.col(ROW_NUMBER).is_in(sorted(bad_rows))).drop(ROW_NUMBER)
    rejected_articles: dict[str, str] = {}
    for row in rejected:
        if row["table_name"] == "articles":
            rejected_articles.setdefault(row["row_id"], f"{row['check_name']} on {row['column_name']}")
    frame = pl.DataFrame(rejected, schema=empty_frame("rejected_rows").schema) if rejected \
        else empty_frame("rejected_rows")
    return Validated(frames=valid, rejected_rows=frame, rejected_articles=rejected_articles)


def failed_checks(table: str, frame: pl.DataFrame) -> list[tuple[int, str, str | None, object]]:
    """(row number, check, column, failing value) for every row-level failure of the model."""
    expected = set(polars_schema(table))
    if set(frame.columns) != expected:
        missing, unexpected = sorted(expected - set(frame.columns)), sorted(set(frame.columns) - expected)
        raise SchemaLevelError(f"table {table} does not match its model: missing {missing}, unexpected {unexpected}")
    try:
        TABLES[table].validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as error:
        cases = error.failure_cases
        schema_level = cases.filter(pl.col("index").is_null())
        if schema_level.height:
            raise SchemaLevelError(f"table {table} does not match its model: "
                                   f"{schema_level.select('check', 'column').rows()}") from error
        return [(int(index), str(check), column, value)
                for index, check, column, value in cases.select("index", "check", "column", "failure_case").iter_rows()]
    return []


def rejection(run_id: str, table: str, row: dict, check: str, column: str | None, value: object) -> dict:
    row = {key: value for key, value in row.items() if key != ROW_NUMBER}
    first_column = next(iter(row))
    return {
        "run_id": run_id, "table_name": table, "row_id": None if row[first_column] is None else str(row[first_column]),
        "article_id": row.get("article_id"), "check_name": check, "column_name": column,
        "failure_case": None if value is None else str(value),
        "row_json": json.dumps(row, default=str, ensure_ascii=False),
    }
