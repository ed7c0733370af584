"""The Prefect API server a `pactwatch run` uses when none is configured, ready before Prefect is imported.

With no PREFECT_API_URL, Prefect starts a temporary server itself, but only once the flow is
called: the CLI first imports Prefect's whole server package (to reach the class that launches
it, 2-4 s), then waits while the server process imports it again and opens its database
(5-8 s). Here the CLI, first thing, either finds the shared server an earlier run left up
(flows/shared_api_server.py, the default: no start at all) or starts one, which boots on one
core while the CLI imports the flow on the other; the CLI never imports the server package.
`--prefect-api temporary` (or PACTWATCH_PREFECT_API=temporary) starts one for this run alone
and stops it after. Either is Prefect's own app, launched the way Prefect launches it (uvicorn,
`prefect.server.api.server:create_app`, ephemeral mode), so runs, task runs and artifacts land in
the same database (PREFECT_HOME) as before.

Only this module and shared_api_server know any of this. An API named in Prefect's settings
(PREFECT_API_URL in the environment, a profile, prefect.toml or .env: a `prefect server start`
that stays up, or Prefect Cloud) is used as before, and nothing is started.
"""
from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from flows import shared_api_server
from flows.shared_api_server import prefect_home

STARTUP_SECONDS_LIMIT = 90.0  # a first start on a fresh PREFECT_HOME migrates its database (~30 s)
STOP_SECONDS_LIMIT = 5.0
# Prefect's log format ("12:00:00.000 | ERROR   | uvicorn.error - ...") and uvicorn's own ("ERROR: ...").
LOGGED_ERROR = re.compile(r"^(?:\S+ \| ERROR +\| \S+ - |ERROR: +)(?P<message>.+)")
EXCEPTION_LINE = re.compile(r"(\w+\.)*\w*(Error|Exception):")


class ApiServerFailed(RuntimeError):
    """The temporary Prefect API server did not come up."""


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def launch(port: int, errors: IO[bytes]) -> subprocess.Popen[bytes]:
    """Prefect's server app in ephemeral mode (no UI, only the services a single run needs)."""
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    env.pop("PREFECT_API_URL", None)
    # stderr to a file, not a pipe: nobody reads a pipe during the run, and a full one blocks the server.
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "prefect.server.api.server:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on"],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
    )


def startup_seconds_limit() -> float:
    """Prefect's own setting for its temporary server when the operator set it, else ours."""
    configured = os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS")
    return float(configured) if configured else STARTUP_SECONDS_LIMIT


def wait_until_healthy(api_url: str, failure: Callable[[], str | None], what: str, remedy: str = "") -> None:
    """Poll the server's health until it answers; failure() says why it never will (it exited)."""
    limit = startup_seconds_limit()
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if (reason := failure()) is not None:
            raise ApiServerFailed(f"{what} stopped while starting: {reason}")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.05)
    raise ApiServerFailed(f"{what} did not answer within {limit:g} s "
                          f"(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS allows more{remedy})")


def error_line(stderr: str) -> str | None:
    """The first error the server logged: what failed comes first, shutdown complaints follow it."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if found := LOGGED_ERROR.search(line):
            return found.group("message")
    exceptions = [line for line in lines if EXCEPTION_LINE.match(line)]
    return (exceptions or lines or [None])[-1]


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS_LIMIT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def api_may_be_configured() -> bool:
    """Whether any source Prefect reads settings from might name an API: then start nothing early.

    A cheap look at the files, not Prefect's own resolution (importing Prefect costs ~2 s, the
    very time this module saves); `use_for_flow` checks Prefect's resolved settings afterwards.
    """
    if os.environ.get("PREFECT_API_URL"):
        return True
    profiles = Path(os.environ.get("PREFECT_PROFILES_PATH") or prefect_home() / "profiles.toml").expanduser()
    for path, marker in ((profiles, "PREFECT_API_URL"), (Path(".env"), "PREFECT_API_URL"),
                         (Path("prefect.toml"), "api"), (Path("pyproject.toml"), "tool.prefect")):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if marker in path.read_text(encoding="utf-8"):
                return True
    return False


class EarlyApiServer:
    """The Prefect API server a run uses when none is configured, ready before Prefect is imported.

    Subclasses say which: one started for this run alone, or the shared one later runs reuse.
    """

    what = "Prefect's API server"
    remedy = ""  # appended to the hint when the server never answers
    url: str | None = None

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        """Called when the run ends, or at once when Prefect's settings name another API."""

    def failure(self) -> str | None:
        """Why the server will never answer (it exited), or None while it may still."""
        return None

    @contextlib.contextmanager
    def use_for_flow(self) -> Iterator[None]:
        """Once Prefect is imported: point it at this server, unless its settings name another API.

        With nothing started (an API seemed configured) Prefect does as it always does: uses the
        API its settings name, or starts its own temporary server.
        """
        from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

        if self.url is None or get_current_settings().api.url:
            self.stop()
            yield
            return
        wait_until_healthy(self.url, self.failure, self.what, self.remedy)
        os.environ["PREFECT_API_URL"] = self.url  # for processes the flow starts (Dask workers)
        try:
            with temporary_settings(updates={PREFECT_API_URL: self.url}):
                try:
                    yield
                finally:
                    send_pending_logs_and_events()
        finally:
            os.environ.pop("PREFECT_API_URL", None)


class NoApiServer(EarlyApiServer):
    """An API may be configured: start nothing, let Prefect's settings decide."""

    def start(self) -> None:
        pass


class TemporaryApiServer(EarlyApiServer):
    """Prefect's temporary API server for this run alone, launched before Prefect is imported."""

    what = "Prefect's temporary API server"

    def __init__(self, errors: IO[bytes]) -> None:
        self.errors = errors
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/api"
        self.process = launch(port, self.errors)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None

    def failure(self) -> str | None:
        if self.process is None or self.process.poll() is None:
            return None
        self.errors.seek(0)
        return error_line(self.errors.read().decode(errors="replace")) or f"exit code {self.process.returncode}"


class SharedApiServer(EarlyApiServer):
    """The local server later runs reuse (flows/shared_api_server.py): found, or started, and held
    by a lease until the run ends, so it cannot stop under the run."""

    what = "pactwatch's shared Prefect API server"
    remedy = "; `pactwatch prefect-api stop` stops one that hangs"

    def __init__(self) -> None:
        self.folder = shared_api_server.state_folder()
        self.leases = contextlib.ExitStack()
        self.record: shared_api_server.ServerRecord | None = None
        self.started = False

    def start(self) -> None:
        try:
            self.leases.enter_context(shared_api_server.lease(self.folder))
            self.record, self.started = shared_api_server.find_or_start(self.folder, free_port())
        except OSError as error:
            self.leases.close()
            raise ApiServerFailed(f"cannot keep the shared Prefect API server's files in {self.folder}: {error} "
                                  "(PACTWATCH_PREFECT_API=temporary needs none)") from error
        except BaseException:
            self.leases.close()
            raise
        self.url = self.record.url

    def stop(self) -> None:
        self.leases.close()  # the run's claim only: the server stays for the next run

    def failure(self) -> str | None:
        if self.record is None or shared_api_server.is_running(self.record.pid):
            return None
        with contextlib.suppress(OSError):
            logged = error_line((self.folder / "server.log").read_text(errors="replace"))
            if logged:
                return logged
        return f"it exited (its log: {self.folder / 'server.log'})"


def send_pending_logs_and_events() -> None:
    """Prefect sends the run's logs and events in the background and the rest at interpreter
    exit, when a temporary server is already gone: send them now, as its own exit handlers would."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=STOP_SECONDS_LIMIT)
    EventsWorker.drain_all(timeout=STOP_SECONDS_LIMIT)


MODES = ("shared", "temporary")


def mode_setting() -> str:
    """PACTWATCH_PREFECT_API: `shared` (the default) or `temporary`."""
    mode = os.environ.get("PACTWATCH_PREFECT_API", "").strip() or "shared"
    if mode not in MODES:
        raise ApiServerFailed(f"PACTWATCH_PREFECT_API must be one of {', '.join(MODES)}, not {mode!r}")
    return mode


@contextlib.contextmanager
def early_api_server(mode: str) -> Iterator[EarlyApiServer]:
    """Start (or find) the server now unless an API may be configured; the run's hold on it ends
    with the block: a temporary server stops, the shared one stays for the next run."""
    with tempfile.TemporaryFile() as errors:
        server: EarlyApiServer
        if api_may_be_configured():
            server = NoApiServer()
        elif mode == "shared":
            server = SharedApiServer()
        else:
            server = TemporaryApiServer(errors)
        server.start()
        try:
            yield server
        finally:
            server.stop()
