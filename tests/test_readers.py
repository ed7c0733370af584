"""One writer, many readers, with real separate processes.

- a reader holding the file open read-only does not stop a run, and keeps its consistent view;
- a run killed (SIGKILL) at any moment leaves the file as it was, or, after the swap, complete;
- two runs at once: one loads, the other exits 3 with a one-line reason; nothing is corrupted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from pactwatch.warehouse import writer_lock

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
RUN_TIMEOUT = 300

# ---- a corpus of our own: short wire stories, deterministic by index ---------------------------------

COUNTRIES = ["Thailand", "Vietnam", "Indonesia", "Malaysia", "the Philippines", "Japan", "South Korea",
             "Australia", "India", "Singapore", "Cambodia", "Laos"]
DEALS = ["a memorandum of understanding on maritime security", "an extradition treaty",
         "an agreement on counter-terrorism cooperation", "a defence cooperation agreement"]
FIRST = ["Anan", "Budi", "Chen", "Dara", "Eko", "Farid", "Hiro", "Indra", "Joon", "Kiet"]
LAST = ["Wongsa", "Santoso", "Tanaka", "Nguyen", "Park", "Rahman", "Lim", "Reyes", "Sharma", "Sok"]


def article(index: int) -> str:
    rng = random.Random(index)
    a, b = rng.sample(COUNTRIES, 2)
    day = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
    minister = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return "\n\n".join([
        f"{a} and {b} agree closer security ties (report {index})",
        day.strftime("%B %d, %Y"),
        f"{a} and {b} on {day.strftime('%A')} signed {rng.choice(DEALS)} in the capital of {a}.",
        f"Foreign Minister {minister} of {a} said the two countries would hold joint patrols next year.",
        f"Officials from {b} said talks on intelligence sharing would continue, item {index}.",
    ]) + "\n"


def write_corpus(folder: Path, start: int, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(start, start + count):
        (folder / f"gen_{index:05d}.txt").write_text(article(index), encoding="utf-8")


# ---- processes ----------------------------------------------------------------------------------------

def run_args(source: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pactwatch.cli", "run", "--source", str(source), "--db", str(db), *extra]


def start(cmd: list[str], **kwargs: object) -> subprocess.Popen[str]:
    """A child in its own process group: a kill takes its ephemeral Prefect server and workers too."""
    return subprocess.Popen(cmd, cwd=REPO, text=True, start_new_session=True, **kwargs)  # type: ignore[call-overload]


def kill_group(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@contextlib.contextmanager
def cleanup(*procs: subprocess.Popen[str]) -> Iterator[None]:
    try:
        yield
    finally:
        for proc in procs:
            kill_group(proc)


def run(source: Path, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    proc = start(run_args(source, db, *extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with cleanup(proc):
        out, err = proc.communicate(timeout=RUN_TIMEOUT)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def one_line_reason(stderr: str) -> str:
    # DuckDB's bindings print refcount noise ("nanobind: leaked ...") at interpreter exit; not ours.
    lines = [line for line in stderr.splitlines() if line.startswith("pactwatch:")]
    assert len(lines) == 1, stderr
    return lines[0]


# ---- what the warehouse holds -------------------------------------------------------------------------

def snapshot(db: Path) -> dict[str, object]:
    """Rows of every table and view, and a digest of the article ids: equal snapshots, equal data."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
        views = [r[0] for r in con.execute(
            "select view_name from duckdb_views() where not internal and starts_with(view_name, 'v_') order by 1"
        ).fetchall()]
        state: dict[str, object] = {
            name: con.execute(f"select count(*) from {name}").fetchall()[0][0] for name in tables + views}
        ids = [r[0] for r in con.execute("select article_id from articles order by 1").fetchall()]
    state["article_ids"] = hashlib.sha256("\n".join(ids).encode()).hexdigest()
    return state


READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
def counts():
    return " ".join(str(con.execute(f"select count(*) from {t}").fetchall()[0][0])
                    for t in ("v_articles", "v_events", "articles", "runs"))
print(counts(), flush=True)
for line in sys.stdin:
    if line.strip() != "count":
        break
    print(counts(), flush=True)
"""


def read_line(proc: subprocess.Popen[str], timeout: float = 60) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "reader process did not answer in time"
    return proc.stdout.readline().strip()


def fresh_counts(db: Path) -> str:
    """The same counts as the reader's, from a connection opened now."""
    done = subprocess.run([sys.executable, "-c", READER, str(db)], input="", capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout.splitlines()[0]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A source folder and a warehouse holding the seeds: the "old data" of every test here."""
    folder = tmp_path_factory.mktemp("seeded")
    source, db = folder / "articles", folder / "warehouse.duckdb"
    shutil.copytree(SEEDS, source)
    done = run(source, db)
    assert done.returncode == 0, done.stderr
    return source, db


def own_copy(seeded: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    source, db = tmp_path / "articles", tmp_path / "warehouse.duckdb"
    # copy2: the ledger matches files by size and mtime, so the seeds stay "already loaded".
    shutil.copytree(seeded[0], source, copy_function=shutil.copy2)
    shutil.copy2(seeded[1], db)
    return source, db


# ---- the tests ----------------------------------------------------------------------------------------

def test_open_reader_keeps_its_view_while_a_run_loads(seeded: tuple[Path, Path], tmp_path: Path) -> None:
    source, db = own_copy(seeded, tmp_path)
    reader = start([sys.executable, "-c", READER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    with cleanup(reader):
        before = read_line(reader)
        seeds = len(list(SEEDS.glob("*.txt")))
        assert before.split()[0] == str(seeds) and before.split()[3] == "1"

        write_corpus(source / "new", 0, 40)
        done = run(source, db)
        assert done.returncode == 0, done.stderr
        assert "(loaded," in done.stdout and "files new                              40" in done.stdout

        # The open connection still reads the file as it was when it opened it...
        assert reader.stdin is not None
        reader.stdin.write("count\n")
        reader.stdin.flush()
        assert read_line(reader) == before
        # ...while a connection opened now sees the run.
        after = fresh_counts(db).split()
        assert after[0] == str(seeds + 40) and after[2] == str(seeds + 40) and after[3] == "2"
        assert int(after[1]) > int(before.split()[1])
        reader.stdin.write("count\n")
        reader.stdin.flush()
        assert read_line(reader) == before
        reader.stdin.close()
        assert reader.wait(timeout=30) == 0


def staging_root(db: Path) -> Path:
    return db.parent / f".{db.name}.staging"


def kill_moments(db: Path) -> dict[str, Callable[[float], bool]]:
    """When to SIGKILL a run, from what it leaves on disk; each gets the seconds since the run started."""
    staging = staging_root(db)
    live_inode = db.stat().st_ino

    def copies() -> list[Path]:
        return list(db.parent.glob(f".{db.name}.*.tmp"))

    return {
        "while Prefect starts": lambda elapsed: elapsed > 2.0,
        "after discovery": lambda _: any(staging.glob("*/discovery.json")),
        "during extraction": lambda _: any(staging.glob("*/batch-*")),
        "while loading the copy": lambda _: bool(copies()),
        "right after the swap": lambda _: db.stat().st_ino != live_inode,
    }


def test_crash_at_any_moment_leaves_old_or_complete_data(seeded: tuple[Path, Path], tmp_path: Path) -> None:
    source, db = own_copy(seeded, tmp_path)
    backup = tmp_path / "old.duckdb"
    shutil.copy2(db, backup)
    old = snapshot(db)
    write_corpus(source / "new", 1000, 300)

    after_kill: dict[str, dict[str, object]] = {}
    for moment in kill_moments(db):
        shutil.copy2(backup, db)  # every crash starts from the old data
        shutil.rmtree(staging_root(db), ignore_errors=True)
        condition = kill_moments(db)[moment]
        proc = start(run_args(source, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with cleanup(proc):
            started = time.monotonic()
            while not condition(time.monotonic() - started):
                assert proc.poll() is None, f"the run ended (exit {proc.returncode}) before {moment!r}"
                assert time.monotonic() - started < RUN_TIMEOUT, f"never reached {moment!r}"
                time.sleep(0.005)
            os.killpg(proc.pid, signal.SIGKILL)
        after_kill[moment] = snapshot(db)

    # A later run over the same files, from the old data, completes: that is the "new data".
    shutil.copy2(backup, db)
    done = run(source, db)
    assert done.returncode == 0, done.stderr
    new = snapshot(db)
    assert new["articles"] == old["articles"] + 300 and new["runs"] == old["runs"] + 1

    for moment, state in after_kill.items():
        assert state in (old, new), f"killed {moment}: the file holds neither the old nor the new data"
    assert after_kill["while Prefect starts"] == old
    assert after_kill["after discovery"] == old
    assert after_kill["during extraction"] == old
    assert after_kill["while loading the copy"] == old
    assert after_kill["right after the swap"] == new

    # And after a crash, the next run picks up where nothing happened.
    shutil.copy2(backup, db)
    proc = start(run_args(source, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with cleanup(proc):
        started = time.monotonic()
        while not list(db.parent.glob(f".{db.name}.*.tmp")):
            assert proc.poll() is None and time.monotonic() - started < RUN_TIMEOUT
            time.sleep(0.005)
        os.killpg(proc.pid, signal.SIGKILL)
    assert snapshot(db) == old
    done = run(source, db)
    assert done.returncode == 0, done.stderr
    assert snapshot(db) == new


def test_two_runs_at_once_one_loads_one_exits_3(seeded: tuple[Path, Path], tmp_path: Path) -> None:
    source, db = own_copy(seeded, tmp_path)
    old = snapshot(db)
    # Enough files that the winner still holds the lock when the other has started its Prefect.
    write_corpus(source / "new", 5000, 1500)
    procs = [start(run_args(source, db, "--workers", "1"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    with cleanup(*procs):
        outputs = [proc.communicate(timeout=RUN_TIMEOUT) for proc in procs]
    codes = sorted(proc.returncode for proc in procs)
    assert codes == [0, 3], outputs
    busy = next(err for proc, (_, err) in zip(procs, outputs, strict=True) if proc.returncode == 3)
    reason = one_line_reason(busy)
    assert "another pactwatch run (pid " in reason and f"is writing {db}" in reason
    state = snapshot(db)
    assert state["articles"] == old["articles"] + 1500 and state["runs"] == old["runs"] + 1


def test_run_exits_3_while_another_process_holds_the_writer_lock(seeded: tuple[Path, Path],
                                                                  tmp_path: Path) -> None:
    source, db = own_copy(seeded, tmp_path)
    old = snapshot(db)
    write_corpus(source / "new", 9000, 10)
    # The lock is an flock on db + ".lock", so holding it here is holding it against another process.
    with writer_lock(db):
        done = run(source, db)
    assert done.returncode == 3
    assert f"another pactwatch run (pid {os.getpid()}) is writing {db}" in one_line_reason(done.stderr)
    assert snapshot(db) == old
    done = run(source, db)  # and once it is free, the run goes through
    assert done.returncode == 0, done.stderr
    assert snapshot(db)["articles"] == old["articles"] + 10
