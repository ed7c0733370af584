"""Shared test set-up: Prefect stays quiet and local; paths to the repository's inputs."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pactwatch import pipeline

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Marks the shared Prefect API servers the suite's runs start (they inherit it), so the suite can
# stop them when it ends instead of leaving them up for their idle time.
TEST_SESSION = os.environ.setdefault("PACTWATCH_TEST_SESSION", uuid.uuid4().hex)


def shared_servers_of_this_session() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (b"flows.shared_api_server" in (entry / "cmdline").read_bytes()
                    and f"PACTWATCH_TEST_SESSION={TEST_SESSION}".encode() in (entry / "environ").read_bytes()):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.fixture(scope="session", autouse=True)
def stop_shared_servers_at_the_end() -> Iterator[None]:
    yield
    for pid in shared_servers_of_this_session():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)

# The CONTRACT.md views and the columns each must have.
CONTRACT_VIEWS = {
    "v_articles": {"article_id", "source_file", "title", "published_date"},
    "v_events": {"event_id", "article_id", "source_file", "event_type", "event_date", "date_precision",
                 "countries", "evidence"},
    "v_agreements": {"agreement_id", "article_id", "source_file", "agreement_type", "status", "parties",
                     "signed_date", "topics", "evidence"},
    "v_participants": {"participant_id", "article_id", "source_file", "kind", "name", "country", "title"},
}


def build_warehouse(source: Path, db: Path) -> None:
    """One run of the stages as plain calls (no Prefect): what the nightly flow does."""
    run_id = pipeline.new_run_id()
    staging = pipeline.staging_folder(db, run_id)
    summary = pipeline.RunSummary(run_id=run_id, source=str(source), db=str(db),
                                  started_at=datetime.now(UTC).isoformat())
    manifest = pipeline.discover_stage(source, db, staging)
    batches = pipeline.extract_stage(manifest, staging, run_id, workers=1)
    pipeline.load_stage(db, manifest, batches, summary)
    shutil.rmtree(staging.parent, ignore_errors=True)


def run_cli(*args: str, cwd: Path = REPO, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`pactwatch ...` in a fresh process, as an operator or the scheduler would run it."""
    return subprocess.run([sys.executable, "-m", "pactwatch.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, check=False)


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture(scope="module")
def seeds_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built from a copy of the seeds by plain calls, shared by a test module."""
    folder = tmp_path_factory.mktemp("seeds-warehouse")
    shutil.copytree(SEEDS, folder / "articles")
    build_warehouse(folder / "articles", folder / "warehouse.duckdb")
    return folder / "warehouse.duckdb"
