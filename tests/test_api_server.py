"""The temporary Prefect API server that `pactwatch run` starts before importing Prefect."""

from __future__ import annotations

import json
import os
import socket
import urllib.request
from pathlib import Path

import pytest

from flows import api_server


def test_a_configured_api_is_used_and_nothing_is_started(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    monkeypatch.setattr(api_server, "launch", lambda *a: pytest.fail("started a server beside a configured API"))
    with api_server.temporary_api_server() as wait_for_api:
        wait_for_api()
        assert os.environ["PREFECT_API_URL"] == "http://127.0.0.1:9/api"


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One Prefect database for the module: each fresh one costs a ~30 s migration."""
    return tmp_path_factory.mktemp("prefect-home")


def test_the_server_answers_inside_the_block_and_is_gone_after(monkeypatch: pytest.MonkeyPatch,
                                                                prefect_home: Path) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(prefect_home))
    with api_server.temporary_api_server() as wait_for_api:
        wait_for_api()
        url = os.environ["PREFECT_API_URL"]
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            assert json.loads(response.read()) is True
        with urllib.request.urlopen(f"{url}/admin/version", timeout=5) as response:
            assert json.loads(response.read()).startswith("3.")  # Prefect's own API, not a stand-in
    assert "PREFECT_API_URL" not in os.environ
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{url}/health", timeout=2)


def test_a_server_that_cannot_start_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, prefect_home: Path) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(prefect_home))
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setattr(api_server, "free_port", lambda: taken.getsockname()[1])
        with pytest.raises(api_server.ApiServerFailed, match=r"stopped while starting: .*address already in use"), \
                api_server.temporary_api_server() as wait_for_api:
            wait_for_api()
    assert "PREFECT_API_URL" not in os.environ
