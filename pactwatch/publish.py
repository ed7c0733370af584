"""Publish: the SQL views in `sql/`, staging first, then the marts analysts and BI tools read."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
LAYERS = ("staging", "marts")


def view_files() -> list[Path]:
    """Staging views before the marts built on them; within a layer, by name."""
    return [path for layer in LAYERS for path in sorted((SQL_DIR / layer).glob("*.sql"))]


def views_fingerprint() -> str:
    """Changes whenever any view's SQL does, so a new release republishes even with no new files."""
    digest = hashlib.sha256()
    for path in view_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def publish_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create or replace every view; returns their names."""
    names = []
    for path in view_files():
        con.execute(path.read_text(encoding="utf-8"))
        names.append(path.stem)
    return names
