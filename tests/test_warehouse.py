"""The single writer: all or nothing, one at a time."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pytest

from pactwatch import warehouse
from pactwatch.normalise import frame_of
from pactwatch.warehouse import WarehouseBusy, is_current, load_run, writer_lock


def staged_article(folder: Path, article_id: str) -> Path:
    folder.mkdir(parents=True)
    frame_of("articles", [{
        "article_id": article_id, "source_file": "x.txt", "source_root": "/in", "title": "T",
        "published_date": dt.date(2025, 1, 1), "dateline": None, "outlet": None, "encoding": "utf-8",
        "size_bytes": 3, "text": "abc", "extractor_version": "test", "run_id": "r",
    }]).write_parquet(folder / "articles.parquet")
    return folder


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_load_lands_whole_and_publishes_the_views(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    added = load_run(db, "r1", [staged_article(tmp_path / "b1", "a" * 64)], {})
    assert added["articles"] == 1
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from v_articles").fetchone() == (1,)
    assert is_current(db)
    assert not list(tmp_path.glob(".w.duckdb.*.tmp*"))  # the working copy is gone


def test_a_failure_while_loading_leaves_the_warehouse_exactly_as_it_was(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "w.duckdb"
    load_run(db, "r1", [staged_article(tmp_path / "b1", "a" * 64)], {})
    before = file_digest(db)

    def publish_fails(con: duckdb.DuckDBPyConnection) -> list[str]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(warehouse, "publish_views", publish_fails)
    with pytest.raises(RuntimeError, match="disk on fire"):
        load_run(db, "r2", [staged_article(tmp_path / "b2", "b" * 64)], {})
    assert file_digest(db) == before
    assert not list(tmp_path.glob(".w.duckdb.*.tmp*"))
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from articles").fetchone() == (1,)


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with writer_lock(db), pytest.raises(WarehouseBusy, match="is writing"), writer_lock(db):
        pass
    with writer_lock(db):  # released: the next run gets it
        pass


def test_files_refused_for_an_extractor_bug_are_not_known_so_the_next_run_retries_them(tmp_path: Path) -> None:
    from pactwatch.batch import EXTRACTOR_ERROR
    from pactwatch.warehouse import read_ledger

    db = tmp_path / "w.duckdb"
    rejected = frame_of("rejected_files", [
        {"run_id": "r1", "source_root": "/in", "source_file": name, "size_bytes": 5, "mtime_ns": 7,
         "content_sha256": None, "reason": reason}
        for name, reason in (("bin.txt", "binary: NUL bytes"), ("bug.txt", f"{EXTRACTOR_ERROR}: KeyError"))])
    load_run(db, "r1", [], {"rejected_files": rejected})
    known, loaded = read_ledger(db, "/in")
    assert known == {("bin.txt", 5, 7)} and loaded == set()
