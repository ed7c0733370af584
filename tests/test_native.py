"""The extractor compiled with mypyc: used only while it matches the source, and giving what the source gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pactwatch import native
from pactwatch.extract import EXTRACTOR_BUILD, NOT_COMPILED_BECAUSE

ROOT = Path(__file__).resolve().parent.parent


def digests(env: dict[str, str]) -> list[dict]:
    """bench/extract_digest.py over the seeds, the dev articles and 300 generated ones, in a fresh process."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "extract_digest.py"), "--n", "300"],
                          env={**os.environ, **env}, capture_output=True, text=True, check=True, timeout=600)
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_compiled_build_extracts_exactly_what_the_python_source_does() -> None:
    if EXTRACTOR_BUILD != "mypyc":
        # CI runs `make test`, which compiles: there a missing build is a failure, not a skip.
        assert not os.environ.get("CI"), f"the extractor is not compiled in CI: {NOT_COMPILED_BECAUSE}"
        pytest.skip(f"the extractor is not compiled here: {NOT_COMPILED_BECAUSE}")
    compiled = digests({})
    python = digests({native.FORCE_ENV: "python"})
    assert {d["build"] for d in compiled} == {"mypyc"}
    assert {d["build"] for d in python} == {"python"}
    assert len(compiled) == len(python) >= 1
    assert sum(d["files"] for d in compiled) >= 300
    for ours, reference in zip(compiled, python, strict=True):
        assert (ours["files"], ours["words"], ours["sha256"]) == \
            (reference["files"], reference["words"], reference["sha256"]), ours["folder"]


@pytest.fixture
def extract_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """native's paths pointed at a copy of two extractor modules, so builds can be stamped and edited."""
    folder = tmp_path / "extract"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "names.py").write_text("NAMES = 1\n")
    (folder / "dates.py").write_text("DATES = 2\n")
    monkeypatch.setattr(native, "EXTRACT_DIR", folder)
    monkeypatch.setattr(native, "NATIVE_DIR", folder / "_native")
    monkeypatch.setattr(native, "STAMP", folder / "_native" / "BUILD.json")
    monkeypatch.delenv(native.FORCE_ENV, raising=False)
    return folder


def stamp_build(folder: Path) -> None:
    (folder / "_native").mkdir()
    (folder / "_native" / "BUILD.json").write_text(json.dumps(native.sources_stamp()))


def test_a_matching_build_goes_first_on_the_package_path(extract_copy: Path) -> None:
    stamp_build(extract_copy)
    path = [str(extract_copy)]
    assert native.choose_build(path) == ("mypyc", None)
    assert path == [str(extract_copy / "_native"), str(extract_copy)]


@pytest.mark.parametrize("edited", ["dates.py", "names.py"])
def test_an_edited_source_is_never_shadowed_by_a_stale_build(extract_copy: Path, edited: str) -> None:
    stamp_build(extract_copy)
    (extract_copy / edited).write_text("CHANGED = 3\n")
    path = [str(extract_copy)]
    build, why = native.choose_build(path)
    assert (build, path) == ("python", [str(extract_copy)])
    assert why is not None and "sources changed" in why


def test_the_package_init_is_not_part_of_the_build(extract_copy: Path) -> None:
    stamp_build(extract_copy)
    (extract_copy / "__init__.py").write_text("VERSION = 'next'\n")
    assert native.native_build_problem() is None


def test_no_build_a_foreign_build_or_a_forced_python_build_runs_the_source(
        extract_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "not compiled" in (native.native_build_problem() or "")
    stamp_build(extract_copy)
    built = json.loads(native.STAMP.read_text())
    native.STAMP.write_text(json.dumps({**built, "abi": ".cpython-39-x86_64-linux-gnu.so"}))
    assert "compiled for .cpython-39" in (native.native_build_problem() or "")
    native.STAMP.write_text(json.dumps(built))
    monkeypatch.setenv(native.FORCE_ENV, "python")
    assert native.native_build_problem() == f"{native.FORCE_ENV}=python"


def test_native_status_says_which_build_runs_and_why(extract_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pactwatch.cli import main

    assert main(["native", "status"]) == 0
    assert capsys.readouterr().out.strip() == "python: not compiled (run `make native`)"
    stamp_build(extract_copy)
    assert main(["native", "status"]) == 0
    assert capsys.readouterr().out.strip() == "mypyc"
