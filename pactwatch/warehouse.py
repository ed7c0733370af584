"""Load: the single writer of the warehouse file.

DuckDB lets one process write a file or many read it, never both at once, and BI tools keep
read-only connections open for hours. So a run never writes the live file: it copies it, loads
the copy, publishes the views into it, checkpoints, and renames it over the live file. An open
reader keeps the old file (a consistent view) until it reconnects; a new connection sees the new
data; a crash at any point leaves the live file as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl

from pactwatch.batch import EXTRACTOR_ERROR
from pactwatch.people import resolve_people
from pactwatch.publish import publish_views, views_fingerprint
from schemas import TABLES, column_descriptions, empty_frame


class WarehouseBusy(RuntimeError):
    """Another run is writing the same warehouse file."""


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


@contextlib.contextmanager
def writer_lock(db: Path) -> Iterator[None]:
    """Hold the one-writer lock of db for the block, or raise WarehouseBusy at once."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with lock_path(db).open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise WarehouseBusy(f"another pactwatch run ({holder}) is writing {db}; try again when it ends") from None
        handle.truncate(0)
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        remove_leftovers_of_killed_runs(db)
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_leftovers_of_killed_runs(db: Path) -> None:
    """Working copies and staging folders of runs that died; only the lock holder makes them."""
    for leftover in db.parent.glob(f".{db.name}.*.tmp*"):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(db.parent / f".{db.name}.staging", ignore_errors=True)


def table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute("select count(*) from duckdb_tables() where table_name = ?", [table]).fetchall()[0][0])


def read_ledger(db: Path, source_root: str) -> tuple[set[tuple[str, int, int]], set[str]]:
    """(files already read from source_root as (path, size, mtime_ns), ids of loaded articles)."""
    if not db.exists():
        return set(), set()
    with duckdb.connect(str(db), read_only=True) as con:
        known: set[tuple[str, int, int]] = set()
        if table_exists(con, "article_files"):
            known.update(con.execute("select source_file, size_bytes, mtime_ns from article_files "
                                     "where source_root = ?", [source_root]).fetchall())
        if table_exists(con, "rejected_files"):
            known.update(con.execute("select source_file, size_bytes, mtime_ns from rejected_files "
                                     "where source_root = ? and not starts_with(reason, ?)",
                                     [source_root, EXTRACTOR_ERROR]).fetchall())
        loaded = {row[0] for row in con.execute("select article_id from articles").fetchall()} \
            if table_exists(con, "articles") else set()
    return known, loaded


def is_current(db: Path) -> bool:
    """True when db has every table and views published by this version's SQL."""
    if not db.exists():
        return False
    with duckdb.connect(str(db), read_only=True) as con:
        if not all(table_exists(con, table) for table in TABLES) or not table_exists(con, "warehouse_meta"):
            return False
        rows = con.execute("select value from warehouse_meta where key = 'views_fingerprint'").fetchall()
    return bool(rows) and rows[0][0] == views_fingerprint()


def create_missing_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Tables take their columns and types from the Pandera models, and their comments too."""
    for table in TABLES:
        if table_exists(con, table):
            continue
        empty = empty_frame(table)  # noqa: F841 - read by name in the SQL below
        con.execute(f"create table {table} as select * from empty")
        con.execute(f"comment on table {table} is {sql_literal((TABLES[table].__doc__ or '').strip())}")
        for column, description in column_descriptions(table).items():
            con.execute(f'comment on column {table}."{column}" is {sql_literal(description)}')
    con.execute("create table if not exists warehouse_meta (key varchar primary key, value varchar)")


def sql_literal(text: str) -> str:
    """A SQL string literal; COMMENT ON takes no bound parameters."""
    return "'" + text.replace("'", "''") + "'"


def fresh_copy(db: Path, run_id: str) -> Path:
    """A private copy of db to write; its name says which run it belongs to."""
    copy = db.with_name(f".{db.name}.{run_id}.tmp")
    for leftover in (copy, copy.with_name(copy.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if db.exists():
        shutil.copyfile(db, copy)
        wal = db.with_name(db.name + ".wal")
        if wal.exists():  # a file last closed uncleanly: its WAL still holds committed data
            shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
    return copy


# The copy is private until it is renamed, so atomicity needs no single transaction: each table
# commits on its own, and DuckDB can write it out and evict it. One big transaction held every
# inserted row in memory (1.5 GB at 100k articles); the limit makes DuckDB spill instead of grow.
LOAD_SETTINGS = {"memory_limit": "512MB", "preserve_insertion_order": False}


def load_run(db: Path, run_id: str, staged: list[Path], extra: dict[str, pl.DataFrame]) -> dict[str, int]:
    """Load staged Parquet and extra frames into a copy of db, then swap it in.

    Returns the rows added per table. Raises on any failure, leaving db untouched.
    """
    copy = fresh_copy(db, run_id)
    try:
        with duckdb.connect(str(copy), config=LOAD_SETTINGS) as con:
            create_missing_tables(con)
            added = {table: insert_table(con, table, staged, extra.get(table)) for table in TABLES}
            added["people"], added["person_mentions"] = rebuild_people(con)
            publish_views(con)
            con.execute("insert or replace into warehouse_meta values ('views_fingerprint', ?)",
                        [views_fingerprint()])
            con.execute("checkpoint")
        with copy.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(copy, db)
        fsync_folder(db.parent)
    finally:
        copy.unlink(missing_ok=True)
        copy.with_name(copy.name + ".wal").unlink(missing_ok=True)
    return added


def insert_table(con: duckdb.DuckDBPyConnection, table: str, staged: list[Path],
                 frame: pl.DataFrame | None) -> int:
    before = count_rows(con, table)
    files = [str(folder / f"{table}.parquet") for folder in staged if (folder / f"{table}.parquet").exists()]
    if files:
        con.execute(f"insert into {table} by name select * from read_parquet(?)", [files])
    if frame is not None and frame.height:
        con.execute(f"insert into {table} by name select * from frame")
    return count_rows(con, table) - before


def rebuild_people(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Resolve every person participant into the people dimension again; returns the tables' sizes.

    Rebuilt whole, because a new spelling can join two people seen apart so far.
    """
    mentions = con.sql(
        "select participant_id, article_id, name, country, title from participants where kind = 'person'").pl()
    people, links = resolve_people(mentions)
    TABLES["people"].validate(people)  # derived by our own code: a failure is a bug and aborts the run
    TABLES["person_mentions"].validate(links)
    con.execute("delete from person_mentions")
    con.execute("delete from people")
    con.register("resolved_people", people).execute("insert into people by name select * from resolved_people")
    con.execute("insert into person_mentions by name select * from links")
    return people.height, links.height


def count_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    # fetchall, not fetchone: DuckDB 2 keeps a half-read result open and refuses the next query
    return int(con.execute(f"select count(*) from {table}").fetchall()[0][0])


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
