"""`pactwatch export`: every published view as a file, for tools that cannot open DuckDB.

Reads over a read-only connection, so it runs beside BI tools and never blocks or disturbs a
nightly run (which replaces the live file rather than writing into it).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

EXIT_FAILED = 1


def published_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The views analysts read (`v_*`); the staging views stay internal."""
    rows = con.execute(
        "select view_name from duckdb_views() where not internal and view_name like 'v\\_%' escape '\\' "
        "order by view_name"
    ).fetchall()
    return [row[0] for row in rows]


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def export_parquet(db: Path, out: Path) -> list[tuple[str, Path, int]]:
    """Write out/<view>.parquet for every published view; return (view, file, rows)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with duckdb.connect(str(db), read_only=True) as con:
        views = published_views(con)
        if not views:
            raise ValueError(f"{db} has no published views (v_*): run `pactwatch run` first")
        for view in views:
            target = out / f"{view}.parquet"
            # Write beside the target and rename, so a reader of DIR never sees half a file.
            partial = out / f".{view}.parquet.partial"
            con.execute(f"copy (select * from {quote_identifier(view)}) to '{sql_path(partial)}' (format parquet)")
            os.replace(partial, target)
            count = con.execute(f"select count(*) from read_parquet('{sql_path(target)}')").fetchone()
            written.append((view, target, int(count[0]) if count else 0))
    return written


def sql_path(path: Path) -> str:
    """A path inside a SQL string literal; COPY ... TO takes no bound parameters."""
    return str(path).replace("'", "''")


def export_command(args: argparse.Namespace) -> int:
    db = Path(args.db)
    if not db.is_file():
        print(f"pactwatch: export failed: warehouse {db} does not exist (run `pactwatch run --db {db}` first)",
              file=sys.stderr)
        return EXIT_FAILED
    if args.format != "parquet":
        print(f"pactwatch: export failed: unknown format {args.format!r} (only parquet)", file=sys.stderr)
        return EXIT_FAILED
    try:
        written = export_parquet(db, Path(args.out))
    except (duckdb.Error, OSError, ValueError) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        print(f"pactwatch: export failed: {reason}", file=sys.stderr)
        return EXIT_FAILED
    for view, path, rows in written:
        print(f"{view:20} {rows:>8} rows  {path}")
    print(f"pactwatch: exported {len(written)} views from {db} to {args.out}")
    return 0
