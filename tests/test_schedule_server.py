"""The schedule for real: `prefect server start`, `prefect deploy`, a process worker, `pactwatch serve`.

The tests marked `server` start a real Prefect server (SQLite in a temporary PREFECT_HOME) on a
free port of 127.0.0.1, because the ephemeral API that the rest of the suite uses has no
scheduler. Every process runs in its own process group and is killed at the end, whatever happens.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import httpx
import pytest

from pactwatch.serve import SERVE_NAME, read_schedule

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
PREFECT = str(Path(sys.executable).with_name("prefect"))
POOL = "pactwatch-process"
DEPLOYMENT = "nightly/pactwatch-nightly"
CRON = "0 2 * * *"
TIMEZONE = "Asia/Bangkok"
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
# A fresh PREFECT_HOME runs every migration before the server answers: ~15-30 s here.
SERVER_START_TIMEOUT = 120
RUN_TIMEOUT = 240


@dataclass
class Server:
    api_url: str
    env: dict[str, str]
    home: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def spawn(cmd: list[str], env: dict[str, str], log: Path, cwd: Path = REPO) -> subprocess.Popen[bytes]:
    """A child in its own process group, so stopping it also stops what it started (flow runs)."""
    with log.open("ab") as out:
        return subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)


def stop(proc: subprocess.Popen[bytes], grace: float = 10) -> None:
    if proc.poll() is None:
        with_group(proc, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
    # The group may outlive its leader (a flow-run child): kill it either way.
    with_group(proc, signal.SIGKILL)
    proc.wait(timeout=grace)


def with_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


def tail(path: Path, chars: int = 3000) -> str:
    return path.read_text(errors="replace")[-chars:] if path.exists() else "(no log)"


def cli(cmd: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False,
                          stdin=subprocess.DEVNULL, start_new_session=True)


def api(server: Server, method: str, path: str, body: Any = None) -> Any:
    response = httpx.request(method, server.api_url + path, json=body, timeout=30)
    response.raise_for_status()
    return response.json() if response.content else None


def wait_for(what: str, check: Any, timeout: float, interval: float = 1.0, log: Path | None = None) -> Any:
    """Poll check() until it returns something truthy; fail with the log tail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout}s waiting for {what}\n{tail(log) if log else ''}")


def wait_for_run(server: Server, flow_run_id: str, log: Path) -> dict[str, Any]:
    def terminal() -> dict[str, Any] | None:
        run = api(server, "GET", f"/flow_runs/{flow_run_id}")
        return run if run["state_type"] in TERMINAL else None

    run = wait_for(f"flow run {flow_run_id} to finish", terminal, RUN_TIMEOUT, interval=2, log=log)
    assert run["state_type"] == "COMPLETED", f"{run['state_type']}: {run['state']['message']}\n{tail(log)}"
    return run


def seed_copy(folder: Path) -> Path:
    """The seed articles in a folder of the test's own, so a run cannot touch the repository's."""
    source = folder / "articles"
    shutil.copytree(SEEDS, source)
    return source


def assert_warehouse_loaded(db: Path, flow_run_id: str) -> None:
    with duckdb.connect(str(db), read_only=True) as con:
        articles = con.execute("select count(*), count(distinct source_file) from v_articles").fetchone()
        runs = con.execute("select flow_run_id, files_new, rows_articles from runs").fetchall()
    seeds = len(list(SEEDS.glob("*.txt")))
    assert articles == (seeds, seeds)
    # The warehouse's run history points back at the Prefect flow run that wrote it.
    assert runs == [(flow_run_id, seeds, seeds)]


def assert_cron_schedule(deployment: dict[str, Any]) -> None:
    schedules = [s["schedule"] for s in deployment["schedules"]]
    assert [(s.get("cron"), s.get("timezone")) for s in schedules] == [(CRON, TIMEZONE)]
    assert all(s["active"] for s in deployment["schedules"])


def assert_runs_scheduled_at_two_local(server: Server, deployment_id: str) -> list[dict[str, Any]]:
    """The server's scheduler has planned the next runs, each at 02:00 in the deployment's timezone."""
    body = {"deployments": {"id": {"any_": [deployment_id]}},
            "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}}, "sort": "EXPECTED_START_TIME_ASC"}
    scheduled = wait_for("the scheduler to plan runs", lambda: api(server, "POST", "/flow_runs/filter", body),
                         timeout=90, interval=2)
    local = [datetime.fromisoformat(r["expected_start_time"]).astimezone(ZoneInfo(TIMEZONE)) for r in scheduled]
    assert {(t.hour, t.minute) for t in local} == {(2, 0)}
    assert len({t.date() for t in local}) == len(local)  # one a night
    return scheduled


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home}/prefect.db",
        # Plan runs soon after a deployment appears, and pick them up quickly.
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        "PREFECT_LOGGING_LEVEL": "INFO",
    }
    env.pop("PREFECT_PROFILE", None)
    log = home / "server.log"
    server = spawn([PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)], env, log)
    try:
        def healthy() -> bool:
            if server.poll() is not None:
                pytest.fail(f"prefect server start exited with {server.returncode}\n{tail(log)}")
            try:
                return httpx.get(f"{api_url}/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for("prefect server health", healthy, SERVER_START_TIMEOUT, log=log)
        yield Server(api_url=api_url, env=env, home=home)
    finally:
        stop(server)


def test_prefect_yaml_schedule_is_what_serve_uses() -> None:
    schedule = read_schedule()
    assert (schedule.deployment, schedule.cron, schedule.timezone) == ("pactwatch-nightly", CRON, TIMEZONE)


def test_serve_refuses_without_api_url(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "home")  # a profile without an API URL
    env.pop("PREFECT_PROFILE", None)
    done = subprocess.run([sys.executable, "-m", "pactwatch.cli", "serve", "--db", str(tmp_path / "w.duckdb")],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "PREFECT_API_URL" in lines[0] and "prefect server start" in lines[0]
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.server
def test_deploy_schedule_and_worker_run(prefect_server: Server, tmp_path: Path) -> None:
    server, env = prefect_server, prefect_server.env
    created = cli([PREFECT, "work-pool", "create", "--type", "process", POOL], env)
    assert created.returncode == 0, created.stdout + created.stderr

    deployed = cli([PREFECT, "--no-prompt", "deploy", "--all"], env, timeout=180)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert "nightly/pactwatch-nightly" in deployed.stdout

    deployment = api(server, "GET", f"/deployments/name/{DEPLOYMENT}")
    assert_cron_schedule(deployment)
    assert deployment["work_pool_name"] == POOL
    assert deployment["entrypoint"] == "flows/nightly.py:nightly"
    assert deployment["parameters"] == {"source": "seeds", "db": "warehouse.duckdb"}
    assert deployment["pull_steps"] == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(REPO)}}]
    pool = api(server, "GET", f"/work_pools/{POOL}")
    assert pool["type"] == "process"
    scheduled = assert_runs_scheduled_at_two_local(server, deployment["id"])
    # Those nightly runs would load the repository's own seeds into its warehouse.duckdb should the
    # worker below ever see one fall due: pause the schedule and drop them; this test writes only
    # under tmp_path.
    for schedule in deployment["schedules"]:
        api(server, "PATCH", f"/deployments/{deployment['id']}/schedules/{schedule['id']}", {"active": False})
    for run in scheduled:
        httpx.delete(f"{server.api_url}/flow_runs/{run['id']}", timeout=30)

    source, db = seed_copy(tmp_path), tmp_path / "warehouse.duckdb"
    triggered = cli([PREFECT, "deployment", "run", DEPLOYMENT, "--params",
                     json.dumps({"source": str(source), "db": str(db)})], env)
    assert triggered.returncode == 0, triggered.stdout + triggered.stderr
    match = re.search(r"UUID:\s*([0-9a-f-]{36})", triggered.stdout)
    assert match, triggered.stdout
    flow_run_id = match.group(1)

    worker_log = tmp_path / "worker.log"
    worker = spawn([PREFECT, "worker", "start", "--pool", POOL, "--type", "process", "--limit", "1"], env, worker_log)
    try:
        run = wait_for_run(server, flow_run_id, worker_log)
    finally:
        stop(worker)
    assert run["deployment_id"] == deployment["id"]
    assert run["parameters"] == {"source": str(source), "db": str(db)}
    assert_warehouse_loaded(db, flow_run_id)

    # The run's history is in the API too: its markdown summary artifact.
    artifacts = api(server, "POST", "/artifacts/filter",
                    {"artifacts": {"key": {"any_": ["pactwatch-nightly-summary"]},
                                   "flow_run_id": {"any_": [flow_run_id]}}})
    assert len(artifacts) == 1
    assert f"| files new | {len(list(SEEDS.glob('*.txt')))} |" in artifacts[0]["data"]


@pytest.mark.server
def test_pactwatch_serve_runs_the_same_schedule(prefect_server: Server, tmp_path: Path) -> None:
    server = prefect_server
    source, db = seed_copy(tmp_path), tmp_path / "served.duckdb"
    serve_log = tmp_path / "serve.log"
    served = spawn([sys.executable, "-m", "pactwatch.cli", "serve", "--source", str(source), "--db", str(db)],
                   server.env, serve_log, cwd=tmp_path)
    try:
        def deployment() -> dict[str, Any] | None:
            if served.poll() is not None:
                pytest.fail(f"pactwatch serve exited with {served.returncode}\n{tail(serve_log)}")
            response = httpx.get(f"{server.api_url}/deployments/name/nightly/{SERVE_NAME}", timeout=10)
            return response.json() if response.status_code == 200 else None

        found = wait_for("pactwatch serve to register its deployment", deployment, 90, log=serve_log)
        assert_cron_schedule(found)
        assert found["parameters"] == {"source": str(source), "db": str(db)}
        assert_runs_scheduled_at_two_local(server, found["id"])

        # Run it now rather than at 02:00: the serving process itself executes it.
        run = api(server, "POST", f"/deployments/{found['id']}/create_flow_run", {})
        wait_for_run(server, run["id"], serve_log)
        assert_warehouse_loaded(db, run["id"])
    finally:
        stop(served)
