"""BI access: the published views through SQLAlchemy and duckdb-engine, over a read-only connection."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.conftest import CONTRACT_VIEWS, SEEDS

# duckdb-engine reflects LIST columns (countries, parties, topics) as NullType, with a warning per
# column; known and documented in docs/operating.md, and no reason to fail.
pytestmark = pytest.mark.filterwarnings("ignore:Did not recognize type 'list':sqlalchemy.exc.SAWarning")

CONTRACT = CONTRACT_VIEWS


@pytest.fixture
def engine(seeds_warehouse: Path) -> Iterator[Engine]:
    engine = sa.create_engine(f"duckdb:///{seeds_warehouse}", connect_args={"read_only": True})
    try:
        yield engine
    finally:
        engine.dispose()


def test_views_reflect(engine: Engine) -> None:
    inspector = sa.inspect(engine)
    views = set(inspector.get_view_names())
    assert set(CONTRACT) <= views
    for view, columns in CONTRACT.items():
        reflected = {c["name"]: c["type"] for c in inspector.get_columns(view)}
        assert columns <= set(reflected), f"{view} lacks {columns - set(reflected)}"
    dates = {c["name"]: c["type"] for c in inspector.get_columns("v_articles")}
    assert isinstance(dates["published_date"], sa.Date)


def test_select_through_sqlalchemy(engine: Engine) -> None:
    seeds = sorted(p.name for p in SEEDS.glob("*.txt"))
    with engine.connect() as con:
        files = con.execute(sa.text("select source_file from v_articles order by source_file")).scalars().all()
        assert files == seeds
        # A Core Table from the reflected columns, the way a BI tool's SQLAlchemy layer builds its
        # queries. Not Table(autoload_with=...): duckdb-engine 0.17 then asks for primary keys with
        # Postgres catalog SQL (CAST(... AS REGCLASS)) that DuckDB 2 refuses.
        columns = sa.inspect(con).get_columns("v_events")
        events = sa.Table("v_events", sa.MetaData(), *(sa.Column(c["name"], c["type"]) for c in columns))
        per_type = con.execute(sa.select(events.c.event_type, sa.func.count()).group_by(events.c.event_type)).all()
        total = con.execute(sa.text("select count(*) from v_events")).scalar_one()
        assert total > 0 and sum(n for _, n in per_type) == total
        dated = con.execute(sa.text("select published_date from v_articles where published_date is not null"))
        assert all(isinstance(d, date) for d in dated.scalars())


def test_engine_is_read_only_and_shares_the_file(engine: Engine, seeds_warehouse: Path) -> None:
    with engine.connect() as con:
        before = con.execute(sa.text("select count(*) from v_participants")).scalar_one()
        with pytest.raises(sa.exc.DBAPIError, match="read-only"):
            con.execute(sa.text("create table scratch (x integer)"))
    with engine.connect() as con:
        # Many readers at once: another process's read-only client, beside this open one, sees the same rows.
        assert con.execute(sa.text("select count(*) from v_participants")).scalar_one() == before
        other = subprocess.run(
            [sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
             "print(con.execute('select count(*) from v_participants').fetchall()[0][0])", str(seeds_warehouse)],
            capture_output=True, text=True, timeout=60, check=True)
        assert int(other.stdout.split()[0]) == before
