"""The shared local Prefect API server: started by one run, reused by the next, stopped when idle.

Every test here starts real servers (Prefect's app under uvicorn) on a real PREFECT_HOME.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows import api_server, shared_api_server
from flows.shared_api_server import (
    ServerRecord,
    SharedApiServerError,
    find_or_start,
    is_running,
    lease,
    read_record,
    state_folder,
    stop_server,
    write_record,
)
from tests.conftest import REPO, SEEDS, run_cli

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One Prefect database for the module: each fresh one costs a ~30 s migration."""
    return tmp_path_factory.mktemp("prefect-home")


@pytest.fixture
def folder(monkeypatch: pytest.MonkeyPatch, prefect_home: Path) -> Iterator[Path]:
    """The state folder of the module's PREFECT_HOME; each test leaves no server behind."""
    monkeypatch.setenv("PREFECT_HOME", str(prefect_home))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PACTWATCH_PREFECT_API", raising=False)
    monkeypatch.setenv("PACTWATCH_PREFECT_API_IDLE_SECONDS", "300")
    yield state_folder(prefect_home)
    with contextlib.suppress(SharedApiServerError):
        stop_server(state_folder(prefect_home))


def healthy(record: ServerRecord) -> None:
    api_server.wait_until_healthy(record.url, lambda: None if is_running(record.pid) else "exited", "the server")


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while is_running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_the_first_run_starts_the_server_and_the_next_one_reuses_it(folder: Path, prefect_home: Path,
                                                                   tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "articles")
    command = ("run", "--source", str(tmp_path / "articles"), "--db", str(tmp_path / "w.duckdb"))
    first = run_cli(*command)
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    record = read_record(folder)
    assert record is not None and is_running(record.pid)
    assert f"Prefect API: started a local server for this and later runs at {record.url}" in first.stdout

    second = run_cli(*command)
    assert second.returncode == 0, second.stderr
    assert "nothing new" in second.stdout
    assert "Prefect API" not in second.stdout
    assert read_record(folder) == record  # the same server, not a new one

    with contextlib.closing(sqlite3.connect(prefect_home / "prefect.db")) as con:
        runs = con.execute("select id, state_type from flow_run order by start_time desc limit 2").fetchall()
        last_logs = [m for (m,) in con.execute("select message from log where flow_run_id = ?", [runs[0][0]])]
    assert [state for _, state in runs] == ["COMPLETED", "COMPLETED"]
    assert any(m.startswith("Finished in state Completed") for m in last_logs), last_logs

    status = run_cli("prefect-api", "status")
    assert f"shared Prefect API server at {record.url} (pid {record.pid}" in status.stdout
    assert "no run is using it" in status.stdout
    stopped = run_cli("prefect-api", "stop")
    assert stopped.returncode == 0, stopped.stderr
    assert f"(pid {record.pid})" in stopped.stdout
    assert gone_within(record.pid, 5)
    assert read_record(folder) is None
    assert "no shared Prefect API server runs" in run_cli("prefect-api", "status").stdout


def test_two_runs_started_together_share_one_server(folder: Path, tmp_path: Path) -> None:
    runs = []
    for name in ("a", "b"):
        shutil.copytree(SEEDS, tmp_path / name)
        runs.append(subprocess.Popen(
            [sys.executable, "-m", "pactwatch.cli", "run", "--source", str(tmp_path / name), "--db",
             str(tmp_path / f"{name}.duckdb")], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    assert sum("Prefect API: started a local server" in out for out, _ in outputs) == 1
    record = read_record(folder)
    assert record is not None and is_running(record.pid)


def test_the_server_stays_while_a_run_holds_it_and_stops_once_idle(folder: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTWATCH_PREFECT_API_IDLE_SECONDS", "2")
    with lease(folder):
        record, started = find_or_start(folder, api_server.free_port())
        assert started
        healthy(record)
        time.sleep(5)  # over twice the idle time, while a run holds its lease
        assert is_running(record.pid)
        with urllib.request.urlopen(f"{record.url}/health", timeout=5) as response:
            assert response.status == 200
        with pytest.raises(SharedApiServerError, match="a pactwatch run is using"):
            stop_server(folder)
        assert is_running(record.pid)
    assert gone_within(record.pid, 30)
    assert read_record(folder) is None


def test_each_interpreter_and_prefect_version_has_its_own_server(prefect_home: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ours = state_folder(prefect_home)
    assert ours.parent == prefect_home / "pactwatch-api"
    monkeypatch.setattr(shared_api_server, "this_setup", lambda: ("3.8.8", "/srv/other-checkout/.venv/bin/python"))
    assert state_folder(prefect_home) not in (ours, ours.parent)
    monkeypatch.setattr(shared_api_server, "this_setup", lambda: ("3.9.0", sys.executable))  # an upgrade
    assert state_folder(prefect_home) not in (ours, ours.parent)


def test_a_record_this_setup_cannot_use_or_a_broken_one_is_replaced(folder: Path) -> None:
    with lease(folder):
        old, _ = find_or_start(folder, api_server.free_port())
        write_record(folder, dataclasses.replace(old, prefect="2.20.0"))  # not this Prefect's
        new, started = find_or_start(folder, api_server.free_port())
    assert started and new.pid != old.pid
    assert is_running(old.pid)  # not stopped under whoever may use it: it stops when idle
    os.kill(old.pid, signal.SIGTERM)
    assert stop_server(folder) == new

    (folder / "server.json").write_text('{"pid": 12', encoding="utf-8")  # a crash mid-write
    with lease(folder):
        record, started = find_or_start(folder, api_server.free_port())
        assert started
        healthy(record)


@pytest.fixture
def no_api_in_settings() -> Iterator[None]:
    """Prefect's settings as in a fresh process with no API configured (tests share one process)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        yield


def test_a_server_that_cannot_start_is_a_clear_error(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                     no_api_in_settings: None) -> None:
    monkeypatch.chdir(folder.parent.parent)  # no prefect.toml or .env around
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setattr(api_server, "free_port", lambda: taken.getsockname()[1])
        with pytest.raises(api_server.ApiServerFailed, match=r"shared Prefect API server stopped while starting: "
                                                             r".*address already in use"), \
                api_server.early_api_server("shared") as server, server.use_for_flow():
            pass


def test_bad_settings_are_clear_errors_before_anything_starts(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("PACTWATCH_PREFECT_API", "cloud")
    done = run_cli("run", "--source", str(SEEDS), "--db", str(db))
    assert done.returncode == 1
    assert "PACTWATCH_PREFECT_API must be one of shared, temporary, not 'cloud'" in done.stderr
    monkeypatch.setenv("PACTWATCH_PREFECT_API", "shared")
    monkeypatch.setenv("PACTWATCH_PREFECT_API_IDLE_SECONDS", "soon")
    done = run_cli("run", "--source", str(SEEDS), "--db", str(db))
    assert done.returncode == 1
    assert "PACTWATCH_PREFECT_API_IDLE_SECONDS must be a number of seconds, not 'soon'" in done.stderr
    assert not db.exists()
    assert read_record(folder) is None


def test_a_prefect_home_it_cannot_write_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "prefect-home"
    not_a_folder.write_text("a file where PREFECT_HOME should be a folder\n", encoding="utf-8")
    monkeypatch.setenv("PREFECT_HOME", str(not_a_folder))
    monkeypatch.delenv("PACTWATCH_PREFECT_API", raising=False)
    done = run_cli("run", "--source", str(SEEDS), "--db", str(tmp_path / "w.duckdb"))
    assert done.returncode == 1
    assert done.stderr.startswith("pactwatch: run failed, warehouse unchanged: cannot keep the shared Prefect API "
                                  f"server's files in {state_folder(not_a_folder)}: ")
    assert "PACTWATCH_PREFECT_API=temporary" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "w.duckdb").exists()


def test_a_server_that_hangs_is_a_clear_error_naming_the_way_out(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 no_api_in_settings: None) -> None:
    """A recorded server that is alive but never answers: the run gives up after the start-up limit."""
    monkeypatch.chdir(folder.parent.parent)
    monkeypatch.setenv("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "2")
    folder.mkdir(parents=True, exist_ok=True)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts connections, never answers a request
        port = silent.getsockname()[1]
        # a process that is alive and carries the server's module name, as a hung server does
        hung = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "flows.shared_api_server"])
        try:
            write_record(folder, ServerRecord(pid=hung.pid, url=f"http://127.0.0.1:{port}/api",
                                              prefect=shared_api_server.this_setup()[0],
                                              python=shared_api_server.this_setup()[1],
                                              started_at="2026-11-23T00:00:00+00:00", idle_seconds=300.0))
            with pytest.raises(api_server.ApiServerFailed, match=r"shared Prefect API server did not answer within "
                                                                 r"2 s .*`pactwatch prefect-api stop`"), \
                    api_server.early_api_server("shared") as server, server.use_for_flow():
                pass
        finally:
            hung.kill()
            hung.wait()
