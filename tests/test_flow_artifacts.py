"""Run history in Prefect: every run of the nightly flow leaves a markdown summary artifact under one key."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey
from prefect.client.schemas.objects import Artifact
from prefect.testing.utilities import prefect_test_harness

from flows.nightly import ARTIFACT_KEY, nightly

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
ROW = re.compile(r"^\| (?P<what>[^|]+?) \| (?P<count>\d+) \|$", re.MULTILINE)


@pytest.fixture(scope="module")
def harness() -> Iterator[None]:
    # A temporary Prefect API (its own SQLite database) for this module, torn down after it.
    with prefect_test_harness(server_startup_timeout=120):
        yield


def artifacts_of(flow_run_id: str) -> list[Artifact]:
    with get_client(sync_client=True) as client:
        return client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=[ARTIFACT_KEY]), flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))


def counts(markdown: str) -> dict[str, int]:
    return {m["what"]: int(m["count"]) for m in ROW.finditer(markdown)}


def table_counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [row[0] for row in con.execute(
            "select table_name from duckdb_tables() where table_name != 'warehouse_meta'").fetchall()]
        return {table: int(con.execute(f"select count(*) from {table}").fetchone()[0]) for table in tables}


def test_every_run_leaves_its_summary_artifact(harness: None, tmp_path: Path) -> None:
    source = tmp_path / "articles"
    shutil.copytree(SEEDS, source)
    (source / "empty.txt").write_bytes(b"")
    (source / "picture.txt").write_bytes(bytes(range(256)) * 8)  # binary under a text name
    db = tmp_path / "warehouse.duckdb"
    seeds = len(list(SEEDS.glob("*.txt")))

    first = nightly(source=str(source), db=str(db), workers=1)
    [artifact] = artifacts_of(first["flow_run_id"])
    assert str(artifact.flow_run_id) == first["flow_run_id"]
    assert artifact.type == "markdown"
    assert artifact.description == "pactwatch nightly run summary"
    assert first["run_id"] in artifact.data and "warehouse updated" in artifact.data
    shown = counts(artifact.data)
    assert shown["files seen"] == seeds + 2
    assert shown["files new"] == seeds
    assert shown["files rejected"] == 2
    assert shown["files skipped (already loaded)"] == 0
    # Rows per table: the first run into an empty warehouse added every row it now holds.
    loaded = table_counts(db)
    assert loaded["articles"] == seeds and loaded["events"] > 0 and loaded["runs"] == 1
    assert {what.removeprefix("rows "): n for what, n in shown.items() if what.startswith("rows ")
            and what != "rows rejected by validation"} == loaded
    assert "## Rejected files" in artifact.data
    assert "`empty.txt`" in artifact.data and "`picture.txt`" in artifact.data

    # A second run over the same files: its own artifact, under the same key, says nothing changed.
    second = nightly(source=str(source), db=str(db), workers=1)
    assert second["flow_run_id"] != first["flow_run_id"]
    [again] = artifacts_of(second["flow_run_id"])
    assert "nothing new, warehouse unchanged" in again.data
    shown = counts(again.data)
    assert (shown["files seen"], shown["files new"], shown["files skipped (already loaded)"],
            shown["files rejected"]) == (seeds + 2, 0, seeds + 2, 0)
    assert table_counts(db) == loaded

    # The latest artifact under the key is the second run's: the key is the run history's thread.
    with get_client(sync_client=True) as client:
        history = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[ARTIFACT_KEY])))
    assert {str(a.flow_run_id) for a in history} >= {first["flow_run_id"], second["flow_run_id"]}
