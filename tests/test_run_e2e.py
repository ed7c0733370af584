"""`pactwatch run` end to end, in its own process, over the seeds plus every kind of bad file."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import CONTRACT_VIEWS, SEEDS, run_cli

LATIN1_ARTICLE = (
    "Ministers meet in Dili\n\nJosé Ramos-Horta, président of Timor-Leste, received the délégation from "
    "Portugal in Díli on Monday. The ministers discussed coopération in éducation and santé, and the "
    "Portuguese délégation praised the progrès made since the last réunion.\n"
)
UTF16_ARTICLE = "Talks in Hà Nội\n\nViệt Nam and Laos held security talks in Hà Nội on Tuesday.\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    shutil.copytree(SEEDS, folder / "seeds")
    bad = folder / "incoming"
    bad.mkdir()
    (bad / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "huge.txt").write_bytes(b"word " * 1_100_000)
    (bad / "latin1.txt").write_bytes(LATIN1_ARTICLE.encode("latin-1"))
    (bad / "utf16.txt").write_bytes(UTF16_ARTICLE.encode("utf-16"))
    (bad / "copy-of-002.txt").write_bytes(next(SEEDS.glob("002_*.txt")).read_bytes())
    return folder


@pytest.fixture(scope="module")
def first_run(source: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    db = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    result = run_cli("run", "--source", str(source), "--db", str(db))
    return db, result


@pytest.fixture(scope="module")
def con(first_run: tuple[Path, subprocess.CompletedProcess]) -> duckdb.DuckDBPyConnection:
    db, result = first_run
    assert result.returncode == 0, result.stderr
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def test_the_run_succeeds_and_prints_a_summary(first_run: tuple[Path, subprocess.CompletedProcess]) -> None:
    _, result = first_run
    assert result.returncode == 0, result.stderr
    assert "files seen                             11" in result.stdout
    assert "files new                               7" in result.stdout
    assert "files rejected                          3" in result.stdout
    assert "files duplicate                         1" in result.stdout


def test_bad_files_are_recorded_with_their_reasons_and_good_encodings_load(con: duckdb.DuckDBPyConnection) -> None:
    reasons = dict(con.execute("select source_file, reason from rejected_files").fetchall())
    assert reasons.keys() == {"incoming/photo.txt", "incoming/empty.txt", "incoming/huge.txt"}
    assert reasons["incoming/photo.txt"].startswith("binary")
    assert reasons["incoming/empty.txt"].startswith("empty")
    assert reasons["incoming/huge.txt"].startswith("too large")
    texts = dict(con.execute("select source_file, text from articles where source_file like 'incoming/%'").fetchall())
    assert "José Ramos-Horta" in texts["incoming/latin1.txt"]
    assert "Việt Nam and Laos" in texts["incoming/utf16.txt"]
    # the same bytes under two names: one article, two files, the one read second a duplicate
    files = con.execute("select source_file, is_duplicate, article_id from article_files "
                        "where source_file in ('incoming/copy-of-002.txt', 'seeds/002_0e6f739dbc348217.txt') "
                        "order by source_file").fetchall()
    assert [(f, d) for f, d, _ in files] == [("incoming/copy-of-002.txt", False),
                                             ("seeds/002_0e6f739dbc348217.txt", True)]
    assert files[0][2] == files[1][2]
    assert con.execute("select count(*) from v_articles").fetchone() == (7,)


def test_what_a_reader_of_the_seeds_knows_is_there(con: duckdb.DuckDBPyConnection) -> None:
    treaties = con.execute(
        "select topics from v_agreements where source_file like '%000_35179a986e523a90.txt' "
        "and agreement_type = 'treaty' and status = 'signed' and parties = ['KOR', 'LAO'] "
        "and signed_date = date '2025-12-15'").fetchall()
    topics = [set(row[0]) for row in treaties]
    assert any("extradition" in t for t in topics)
    assert any("legal_assistance" in t for t in topics)
    meeting = con.execute(
        "select count(*) from v_events where article_id in "
        "(select article_id from article_files where source_file like '%002_0e6f739dbc348217.txt') "
        "and event_type = 'meeting' and countries = ['KOR', 'THA'] and event_date = date '2025-11-26'").fetchone()
    assert meeting == (1,)
    published = dict(con.execute("select source_file, published_date from v_articles").fetchall())
    assert published["incoming/copy-of-002.txt"] == dt.date(2025, 11, 26)
    assert published["seeds/000_35179a986e523a90.txt"] == dt.date(2025, 12, 18)


def test_every_evidence_is_the_text_at_its_offsets(con: duckdb.DuckDBPyConnection) -> None:
    texts = dict(con.execute("select article_id, text from articles").fetchall())
    rows = 0
    for table in ("events", "participants", "agreements"):
        for article_id, evidence, start, end in con.execute(
                f"select article_id, evidence, evidence_start, evidence_end from {table}").fetchall():
            assert texts[article_id][start:end] == evidence
            rows += 1
    assert rows > 20


def test_every_view_and_column_is_documented(con: duckdb.DuckDBPyConnection) -> None:
    views = dict(con.execute("select view_name, comment from duckdb_views() where not internal").fetchall())
    assert {"v_event_dyads", "v_country_pairs", *CONTRACT_VIEWS} <= views.keys()
    assert all(views.values()), [name for name, comment in views.items() if not comment]
    undocumented = con.execute(
        "select table_name, column_name from duckdb_columns() where table_name in "
        "(select view_name from duckdb_views() where not internal) and coalesce(comment, '') = ''").fetchall()
    assert undocumented == []
    for view, columns in CONTRACT_VIEWS.items():
        have = {c[0] for c in con.execute(f"select * from {view} limit 0").description}
        assert columns <= have, (view, columns - have)


def test_the_views_open_read_only_from_another_process(first_run: tuple[Path, subprocess.CompletedProcess]) -> None:
    db, _ = first_run
    script = ("import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
              "print(*[c.execute(f'select count(*) from {v}').fetchone()[0] "
              "for v in ('v_articles', 'v_events', 'v_agreements', 'v_participants')])")
    out = subprocess.run([sys.executable, "-c", script, str(db)], capture_output=True, text=True, timeout=60,
                         check=True).stdout.split()
    assert int(out[0]) == 7 and all(int(n) > 0 for n in out[1:])


def test_a_rerun_over_the_same_files_changes_nothing(first_run: tuple[Path, subprocess.CompletedProcess],
                                                     source: Path) -> None:
    db, _ = first_run
    before = digest(db)
    again = run_cli("run", "--source", str(source), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "nothing new" in again.stdout
    assert "files new                               0" in again.stdout
    assert digest(db) == before


ROW_IDS_OF_ARTICLES = (
    "select id from (select event_id as id, article_id from events union all "
    "select agreement_id, article_id from agreements union all "
    "select participant_id, article_id from participants) where list_contains(?, article_id) order by id"
)


def test_the_same_text_gives_the_same_ids_in_a_fresh_warehouse(first_run: tuple[Path, subprocess.CompletedProcess],
                                                               tmp_path: Path) -> None:
    db, _ = first_run
    fresh = tmp_path / "fresh.duckdb"
    assert run_cli("run", "--source", str(SEEDS), "--db", str(fresh)).returncode == 0
    with duckdb.connect(str(fresh), read_only=True) as a, duckdb.connect(str(db), read_only=True) as b:
        seed_articles = sorted(r[0] for r in a.execute("select article_id from articles").fetchall())
        ids_fresh = [r[0] for r in a.execute(ROW_IDS_OF_ARTICLES, [seed_articles]).fetchall()]
        ids_first = [r[0] for r in b.execute(ROW_IDS_OF_ARTICLES, [seed_articles]).fetchall()]
    assert len(seed_articles) == 5
    assert ids_fresh and ids_fresh == ids_first


def test_a_failed_run_exits_non_zero_with_one_line_and_leaves_the_warehouse(
        first_run: tuple[Path, subprocess.CompletedProcess], tmp_path: Path) -> None:
    db, _ = first_run
    before = digest(db)
    result = run_cli("run", "--source", str(tmp_path / "no-such-folder"), "--db", str(db))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no-such-folder" in lines[0] and "warehouse unchanged" in lines[0]
    assert digest(db) == before


def test_one_person_across_articles_and_spellings(con: duckdb.DuckDBPyConnection) -> None:
    # seeds 003 and 004 spell the Lao public security minister Lakhamphong and Lakhamfong
    people = con.execute("select person_id, name, aliases, articles from v_people "
                         "where name like 'Vilay Lakham%' and country = 'LAO'").fetchall()
    assert len(people) == 1
    _, name, aliases, articles = people[0]
    assert {name, *aliases} == {"Vilay Lakhamphong", "Vilay Lakhamfong"} and articles == 2
    linked = con.execute("select count(distinct article_id) from v_participants where person_id = ?",
                         [people[0][0]]).fetchall()
    assert linked == [(2,)]
    assert con.execute("select count(*) from v_people").fetchall()[0][0] >= 15
