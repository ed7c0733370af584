"""Shared test set-up: Prefect stays quiet and local; paths to the repository's inputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def run_cli(*args: str, cwd: Path = REPO, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`pactwatch ...` in a fresh process, as an operator or the scheduler would run it."""
    return subprocess.run([sys.executable, "-m", "pactwatch.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, check=False)


@pytest.fixture
def repo() -> Path:
    return REPO
