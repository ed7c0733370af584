"""Scale-out: extraction batches on a (local) Dask cluster give the same rows as the default runner."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.conftest import SEEDS, run_cli

ROWS = {
    "events": "select event_id, event_type, event_date from events order by event_id",
    "agreements": "select agreement_id, agreement_type, status from agreements order by agreement_id",
    "participants": "select participant_id, name, country from participants order by participant_id",
    "articles": "select article_id, title, published_date from articles order by article_id",
}


def rows_of(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: con.execute(query).fetchall() for table, query in ROWS.items()}


def test_dask_task_runner_gives_the_same_rows_as_the_default(tmp_path: Path) -> None:
    default, dask = tmp_path / "default.duckdb", tmp_path / "dask.duckdb"
    first = run_cli("run", "--source", str(SEEDS), "--db", str(default))
    second = run_cli("run", "--source", str(SEEDS), "--db", str(dask), "--task-runner", "dask", "--workers", "2")
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    expected = rows_of(default)
    assert len(expected["articles"]) == 5 and expected["events"]
    assert rows_of(dask) == expected
