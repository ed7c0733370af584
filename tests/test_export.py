"""`pactwatch export --format parquet`: every published view to a Parquet file, read-only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from tests.conftest import CONTRACT_VIEWS, REPO, SEEDS


def export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pactwatch.cli", "export", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=False)


def view_counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        views = [row[0] for row in con.execute(
            "select view_name from duckdb_views() where not internal and starts_with(view_name, 'v_')").fetchall()]
        return {view: int(con.execute(f"select count(*) from {view}").fetchall()[0][0]) for view in views}


def test_export_writes_every_view(seeds_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    expected = view_counts(seeds_warehouse)
    assert set(expected) >= set(CONTRACT_VIEWS) and expected["v_articles"] == len(list(SEEDS.glob("*.txt")))

    # A BI tool holding the file open read-only does not stand in the way.
    with duckdb.connect(str(seeds_warehouse), read_only=True):
        done = export("--db", str(seeds_warehouse), "--format", "parquet", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert {p.name for p in out.iterdir()} == {f"{view}.parquet" for view in expected}
    for view, rows in expected.items():
        table = pq.read_table(out / f"{view}.parquet")
        assert table.num_rows == rows, view
        assert f"{view}" in done.stdout and str(out / f"{view}.parquet") in done.stdout
    with duckdb.connect(str(seeds_warehouse), read_only=True) as con:
        columns = [row[0] for row in con.execute("describe v_events").fetchall()]
    assert pq.read_table(out / "v_events.parquet").column_names == columns
    assert f"exported {len(expected)} views" in done.stdout


def test_export_again_replaces_the_files(seeds_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    for _ in range(2):
        done = export("--db", str(seeds_warehouse), "--out", str(out))
        assert done.returncode == 0, done.stderr
    assert not list(out.glob(".*"))  # no partial files left behind
    assert pq.read_table(out / "v_articles.parquet").num_rows == view_counts(seeds_warehouse)["v_articles"]


def test_export_missing_db_is_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.duckdb"
    done = export("--db", str(missing), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "does not exist" in lines[0] and str(missing) in lines[0]
    assert done.stdout == ""
    assert not missing.exists() and not (tmp_path / "out").exists()
