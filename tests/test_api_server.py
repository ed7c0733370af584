"""The temporary Prefect API server that `pactwatch run --prefect-api temporary` starts before importing Prefect."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import sqlite3
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows import api_server, shared_api_server
from tests.conftest import SEEDS, run_cli


def test_a_configured_api_is_used_and_nothing_is_started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    monkeypatch.setattr(api_server, "launch", lambda *a: pytest.fail("started a server beside a configured API"))
    monkeypatch.setattr(shared_api_server, "launch", lambda *a: pytest.fail("started a server beside a configured API"))
    with api_server.early_api_server("shared") as server, server.use_for_flow():
        assert isinstance(server, api_server.NoApiServer)
        assert os.environ["PREFECT_API_URL"] == "http://127.0.0.1:9/api"


def test_an_api_in_a_profile_is_not_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    profiles = tmp_path / "profiles.toml"
    profiles.write_text('active = "nightly"\n[profiles.nightly]\nPREFECT_API_URL = "http://127.0.0.1:4200/api"\n')
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(profiles))
    monkeypatch.setattr(api_server, "launch", lambda *a: pytest.fail("started a server beside a configured API"))
    monkeypatch.setattr(shared_api_server, "launch", lambda *a: pytest.fail("started a server beside a configured API"))
    assert api_server.api_may_be_configured()
    with api_server.early_api_server("shared") as server, server.use_for_flow():
        assert isinstance(server, api_server.NoApiServer)
        assert "PREFECT_API_URL" not in os.environ


@pytest.fixture
def no_api_in_settings() -> Iterator[None]:
    """Prefect's settings as in a fresh process with no API configured (tests share one process)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        yield


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One Prefect database for the module: each fresh one costs a ~30 s migration."""
    return tmp_path_factory.mktemp("prefect-home")


def test_the_server_answers_inside_the_block_and_is_gone_after(monkeypatch: pytest.MonkeyPatch, prefect_home: Path,
                                                                no_api_in_settings: None) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(prefect_home))
    monkeypatch.chdir(prefect_home)  # no prefect.toml or .env around
    with api_server.early_api_server("temporary") as server, server.use_for_flow():
        from prefect.settings import get_current_settings

        url = os.environ["PREFECT_API_URL"]
        assert get_current_settings().api.url == url
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            assert json.loads(response.read()) is True
        with urllib.request.urlopen(f"{url}/admin/version", timeout=5) as response:
            assert json.loads(response.read()).startswith("3.")  # Prefect's own API, not a stand-in
    assert "PREFECT_API_URL" not in os.environ
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{url}/health", timeout=2)


def test_a_server_that_cannot_start_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, prefect_home: Path,
                                                     no_api_in_settings: None) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(prefect_home))
    monkeypatch.chdir(prefect_home)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setattr(api_server, "free_port", lambda: taken.getsockname()[1])
        with pytest.raises(api_server.ApiServerFailed, match=r"stopped while starting: .*address already in use"), \
                api_server.early_api_server("temporary") as server, server.use_for_flow():
            pass
    assert "PREFECT_API_URL" not in os.environ


def test_a_cli_run_keeps_its_log_in_prefect_and_its_console_quiet(monkeypatch: pytest.MonkeyPatch,
                                                                   prefect_home: Path, tmp_path: Path) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(prefect_home))
    monkeypatch.setenv("PACTWATCH_PREFECT_API", "temporary")
    shutil.copytree(SEEDS, tmp_path / "articles")
    done = run_cli("run", "--source", str(tmp_path / "articles"), "--db", str(tmp_path / "w.duckdb"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("pactwatch run ") and done.stderr == ""
    assert "Prefect API: started" not in done.stdout
    assert shared_api_server.read_record(shared_api_server.state_folder(prefect_home)) is None  # nothing outlives it
    with contextlib.closing(sqlite3.connect(prefect_home / "prefect.db")) as con:
        flow_run_id, state = con.execute(
            "select id, state_type from flow_run order by start_time desc limit 1").fetchone()
        messages = [m for (m,) in con.execute("select message from log where flow_run_id = ?", [flow_run_id])]
    assert state == "COMPLETED"
    # sent before the temporary server stopped, not lost at exit
    assert any(m.startswith("Finished in state Completed") for m in messages), messages
    assert any(" new, " in m and " rejected" in m for m in messages), messages
