"""A local Prefect API server that `pactwatch run` starts once and later runs reuse.

Starting Prefect's server costs ~5 s (its imports and database), a fifth of a 10k-article run
and most of a night with nothing new. So, with no API configured, the first run starts the
server in the background and records it in PREFECT_HOME/pactwatch-api/<setup>/server.json; the
runs after it find it there and only connect. <setup> stands for the interpreter and Prefect
version: two checkouts sharing a PREFECT_HOME each get their own server (on the same database, as
two temporary servers would), so neither ever stops one the other is using. The server stops by
itself once no run has used it for PACTWATCH_PREFECT_API_IDLE_SECONDS (default 30 min), or on
`pactwatch prefect-api stop`.

It is the same app, database and settings as the one-run temporary server (flows/api_server.py):
Prefect's `create_app` in ephemeral mode under uvicorn, with PREFECT_HOME's database.

Runs and the server coordinate through two lock files, released by the kernel when a process
dies, so a crash never leaves a stale claim:
- `lease`: every run holds a shared lock on it from before it reads server.json until its last
  log is sent. The server counts as idle only while it can take the lock exclusively, and keeps
  it while shutting down, so no run can connect to a server that is going away.
- `start.lock`: one run at a time decides whether to start a server, so two runs started
  together share one.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import uvicorn

IDLE_SECONDS_DEFAULT = 1800.0
LEASE_WAIT_SECONDS = 60.0  # a server shutting down holds the lease exclusively for about a second
IDLE_POLL_SECONDS = 1.0
STOP_SECONDS_LIMIT = 15.0
MODULE = "flows.shared_api_server"


class SharedApiServerError(RuntimeError):
    """The shared Prefect API server could not be reached, started or stopped."""


@dataclass(frozen=True)
class ServerRecord:
    """What server.json says about the running server."""

    pid: int
    url: str
    prefect: str
    python: str
    started_at: str
    idle_seconds: float


def prefect_home() -> Path:
    """Prefect's home folder as Prefect resolves it by default, without importing Prefect (~2 s)."""
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


def state_folder(home: Path | None = None) -> Path:
    """PREFECT_HOME/pactwatch-api/<setup>: one server per database, interpreter and Prefect version."""
    home = home or prefect_home()
    setup = hashlib.sha256("\0".join(this_setup()).encode()).hexdigest()[:12]
    return home / "pactwatch-api" / setup


def idle_seconds_setting() -> float:
    configured = os.environ.get("PACTWATCH_PREFECT_API_IDLE_SECONDS", "").strip()
    if not configured:
        return IDLE_SECONDS_DEFAULT
    try:
        seconds = float(configured)
    except ValueError:
        raise SharedApiServerError(f"PACTWATCH_PREFECT_API_IDLE_SECONDS must be a number of seconds, "
                                   f"not {configured!r}") from None
    if seconds <= 0:
        raise SharedApiServerError("PACTWATCH_PREFECT_API_IDLE_SECONDS must be above 0")
    return seconds


def read_record(folder: Path) -> ServerRecord | None:
    try:
        return ServerRecord(**json.loads((folder / "server.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None  # absent, half-written by a crash, or from another version of this module


def write_record(folder: Path, record: ServerRecord) -> None:
    partial = folder / "server.json.partial"
    partial.write_text(json.dumps(asdict(record)), encoding="utf-8")
    partial.replace(folder / "server.json")  # readers see the old record or the new, never half


def forget_record(folder: Path, pid: int) -> None:
    """Remove server.json if it still describes the server `pid` (a newer one may have replaced it)."""
    record = read_record(folder)
    if record is not None and record.pid == pid:
        with contextlib.suppress(FileNotFoundError):
            (folder / "server.json").unlink()


def is_running(pid: int) -> bool:
    """Whether pid is alive and is one of these servers, not a process that reused the number."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # another user's process: not a server this user started
    proc = Path(f"/proc/{pid}")
    try:
        state = proc.joinpath("stat").read_bytes().rsplit(b")", 1)[1].split()[0]
        cmdline = proc.joinpath("cmdline").read_bytes()
    except FileNotFoundError:
        return False
    except OSError:
        return True  # no /proc here: trust the pid
    if state in (b"Z", b"X"):
        return False  # exited, not yet collected by its parent
    # empty for a moment right after the launch, before the new program's arguments are in place
    return not cmdline or MODULE.encode() in cmdline


def this_setup() -> tuple[str, str]:
    """The Prefect version and interpreter a server must share with the run that uses it."""
    return version("prefect"), sys.executable


def reusable(record: ServerRecord | None) -> bool:
    return record is not None and is_running(record.pid) and (record.prefect, record.python) == this_setup()


# ---- the run's side --------------------------------------------------------------------------------

@contextlib.contextmanager
def lease(folder: Path) -> Iterator[None]:
    """Hold a shared claim on the server for the block: it does not stop while a run holds one."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "lease").open("a+b") as handle:
        deadline = time.monotonic() + LEASE_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                # the server is shutting down (or `prefect-api stop` is stopping it)
                if time.monotonic() > deadline:
                    raise SharedApiServerError(f"the shared Prefect API server in {folder} has been stopping "
                                               f"for over {LEASE_WAIT_SECONDS:g} s") from None
                time.sleep(0.05)
        yield


def took_whole_lease(handle: IO[bytes]) -> bool:
    """Take the lease exclusively if no run holds it: True when taken (no run is using the server)."""
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def start_lock(folder: Path) -> Iterator[None]:
    with (folder / "start.lock").open("a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def launch(folder: Path, port: int, idle_seconds: float) -> subprocess.Popen[bytes]:
    """The server, detached: its own session, no inherited terminal or pipes, so it outlives the
    run and never holds a caller's output open (a CI job waiting for EOF would wait for it)."""
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    env.pop("PREFECT_API_URL", None)
    with (folder / "server.log").open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", MODULE, "--port", str(port), "--idle-seconds", str(idle_seconds),
             "--folder", str(folder)],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
            cwd=folder,
        )


def find_or_start(folder: Path, free_port: int) -> tuple[ServerRecord, bool]:
    """The server to use, and whether this call started it. Call while holding a lease."""
    with start_lock(folder):
        record = read_record(folder)
        if record is not None and reusable(record):
            return record, False
        prefect, python = this_setup()
        idle = idle_seconds_setting()
        process = launch(folder, free_port, idle)
        record = ServerRecord(pid=process.pid, url=f"http://127.0.0.1:{free_port}/api", prefect=prefect,
                              python=python, started_at=datetime.now(UTC).isoformat(timespec="seconds"),
                              idle_seconds=idle)
        write_record(folder, record)
        process.returncode = 0  # it is detached on purpose: no ResourceWarning for not waiting on it
        return record, True


def stop_process(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS_LIMIT
    while is_running(pid) and time.monotonic() < deadline:
        reap(pid)
        time.sleep(0.05)
    if is_running(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        reap(pid)


def reap(pid: int) -> None:
    """Collect the server if this process started it, so it does not stay a zombie that looks alive."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def stop_server(folder: Path) -> ServerRecord | None:
    """Stop the recorded server unless a run is using it; the record of what was stopped, if any."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "lease").open("a+b") as handle:
        if not took_whole_lease(handle):
            raise SharedApiServerError("a pactwatch run is using the shared Prefect API server; "
                                       "try again when it has finished") from None
        record = read_record(folder)
        if record is None or not is_running(record.pid):
            with contextlib.suppress(FileNotFoundError):
                (folder / "server.json").unlink()
            return None
        stop_process(record.pid)
        forget_record(folder, record.pid)
        return record


def runs_attached(folder: Path) -> bool:
    """Whether some run holds a lease now."""
    try:
        handle = (folder / "lease").open("rb")
    except FileNotFoundError:
        return False
    with handle:
        return not took_whole_lease(handle)


def api_command(action: str) -> int:
    """`pactwatch prefect-api status|stop`."""
    folder = state_folder()
    if action == "stop":
        try:
            stopped = stop_server(folder)
        except SharedApiServerError as error:
            print(f"pactwatch: {error}", file=sys.stderr)
            return 3
        print(f"stopped the shared Prefect API server at {stopped.url} (pid {stopped.pid})" if stopped
              else f"no shared Prefect API server runs for {folder.parent.parent} with this interpreter")
        return 0
    record = read_record(folder)
    if record is None or not is_running(record.pid):
        print(f"no shared Prefect API server runs for {folder.parent.parent} with this interpreter; "
              "the next `pactwatch run` starts one")
        return 0
    in_use = "a run is using it" if runs_attached(folder) else "no run is using it"
    stale = "" if reusable(record) else (f"; it runs Prefect {record.prefect} on {record.python}, so the next run "
                                         "replaces it")
    print(f"shared Prefect API server at {record.url} (pid {record.pid}, Prefect {record.prefect}), up since "
          f"{record.started_at}; {in_use}; it stops after {record.idle_seconds:g} s without runs{stale}")
    return 0


# ---- the server's side ---------------------------------------------------------------------------

def stop_when_idle(server: uvicorn.Server, folder: Path, idle_seconds: float) -> None:
    """Ask uvicorn to stop once no run has held a lease for idle_seconds; keep the lease exclusively
    from then on, so a run arriving meanwhile waits and starts a new server instead."""
    handle: IO[bytes] = (folder / "lease").open("a+b")  # left open: closing it would free the claim
    idle_since = time.monotonic()
    while not server.should_exit:
        time.sleep(IDLE_POLL_SECONDS)
        if not took_whole_lease(handle):
            idle_since = time.monotonic()
            continue
        if time.monotonic() - idle_since >= idle_seconds:
            forget_record(folder, os.getpid())
            server.should_exit = True
            return
        fcntl.flock(handle, fcntl.LOCK_UN)


def serve(port: int, idle_seconds: float, folder: Path) -> None:
    import uvicorn

    config = uvicorn.Config("prefect.server.api.server:create_app", factory=True, host="127.0.0.1", port=port,
                            log_level="error", lifespan="on")
    server = uvicorn.Server(config)
    threading.Thread(target=stop_when_idle, args=(server, folder, idle_seconds), daemon=True,
                     name="stop-when-idle").start()
    try:
        server.run()
    finally:
        forget_record(folder, os.getpid())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--idle-seconds", type=float, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    args = parser.parse_args(argv)
    serve(args.port, args.idle_seconds, args.folder)


if __name__ == "__main__":
    main()
