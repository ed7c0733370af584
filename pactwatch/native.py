"""The extractor compiled with mypyc: the same Python source, run as C, about 1.3x faster.

Extraction is most of a night's CPU. `make native` (part of `make install`) compiles every module
of `pactwatch/extract/` but its `__init__` into `pactwatch/extract/_native/`, with a stamp of the
sources it was built from. `pactwatch.extract` puts that folder first on its search path only while
the stamp matches the source files byte for byte, so an edited `.py` is never shadowed by a stale
build: the extractor silently runs as plain Python until the next `make native`. (Reading, cleaning
and metadata are not compiled: their time is in the regex engine already, and compiling them saved
0.3% of the instructions.)

The extractor's value classes (sentences, mentions, the records it returns) are
`@dataclass(unsafe_hash=True)`, not frozen: they compare and hash by value exactly as frozen ones
do, but mypyc builds a frozen dataclass through Python's generated `__init__` and
`object.__setattr__`, four times the cost of a native constructor, and they are made by the
hundred per article. Nothing assigns to them once made.

The Python source stays the reference. A test checks that both builds give the same output, and
PACTWATCH_EXTRACTOR_BUILD=python forces the plain-Python build (for profiling, or to rule the
compiler out).

    pactwatch native build    # compile (needs mypy and a C compiler); `make native` runs it
    pactwatch native status   # which build a run will use, and why
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sysconfig
import tempfile
from pathlib import Path

EXTRACT_DIR = Path(__file__).resolve().parent / "extract"
NATIVE_DIR = EXTRACT_DIR / "_native"
STAMP = NATIVE_DIR / "BUILD.json"
# The compiled modules share one runtime library, named after this group: inside the package, so
# that the package's search path finds it like the modules themselves.
GROUP = "pactwatch.extract.compiled"
FORCE_ENV = "PACTWATCH_EXTRACTOR_BUILD"


def compiled_sources() -> list[Path]:
    """The modules mypyc compiles: all of the extractor but the package's `__init__`, which chooses the build."""
    return sorted(p for p in EXTRACT_DIR.glob("*.py") if p.name != "__init__.py")


def sources_stamp() -> dict[str, str]:
    """What a build must match: its sources, byte for byte, and the interpreter that loads it."""
    digest = hashlib.sha256()
    for path in compiled_sources():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return {"sources_sha256": digest.hexdigest(), "abi": str(sysconfig.get_config_var("EXT_SUFFIX"))}


def native_build_problem() -> str | None:
    """Why the compiled build cannot be used now, or None when it can."""
    if os.environ.get(FORCE_ENV, "").lower() == "python":
        return f"{FORCE_ENV}=python"
    if not STAMP.is_file():
        return "not compiled (run `make native`)"
    try:
        built = json.loads(STAMP.read_text())
    except (OSError, ValueError) as error:
        return f"unreadable build stamp {STAMP}: {error}"
    stamp = sources_stamp()
    if built.get("abi") != stamp["abi"]:
        return f"compiled for {built.get('abi')}, this interpreter loads {stamp['abi']} (run `make native`)"
    if built.get("sources_sha256") != stamp["sources_sha256"]:
        return "the sources changed since it was compiled (run `make native`)"
    return None


def choose_build(package_path: list[str]) -> tuple[str, str | None]:
    """Put the compiled modules first on the extract package's search path when they match the source.

    Called by `pactwatch/extract/__init__.py` before it imports any of its modules. Returns
    ("mypyc", None) or ("python", why not compiled).
    """
    problem = native_build_problem()
    if problem is None:
        package_path.insert(0, str(NATIVE_DIR))
        return "mypyc", None
    return "python", problem


def build_native() -> Path:
    """Compile the extractor into NATIVE_DIR; replace the previous build only once this one is complete."""
    from mypyc.build import mypycify  # the build needs mypy; running the extractor does not
    from setuptools import Distribution  # type: ignore[import-untyped]

    root = EXTRACT_DIR.parent.parent
    stamp = sources_stamp()  # before compiling: a source edited meanwhile makes the stamp not match
    with tempfile.TemporaryDirectory(prefix="pactwatch-native-") as tmp:
        work = Path(tmp)
        cwd = Path.cwd()
        os.chdir(root)  # mypy names modules from paths relative to the project root
        try:
            extensions = mypycify([str(p.relative_to(root)) for p in compiled_sources()], opt_level="3",
                                  group_name=GROUP, target_dir=str(work / "c"))
            dist = Distribution({"name": "pactwatch-native", "ext_modules": extensions})
            dist.verbose = 0
            command = dist.get_command_obj("build_ext")
            command.build_lib = str(work / "lib")
            command.build_temp = str(work / "obj")
            dist.run_command("build_ext")
        finally:
            os.chdir(cwd)
        built = work / "lib" / "pactwatch" / "extract"
        staged = Path(tempfile.mkdtemp(prefix="._native-", dir=EXTRACT_DIR))
        for library in built.glob("*.so"):
            shutil.copy2(library, staged / library.name)
        (staged / "BUILD.json").write_text(json.dumps(stamp, indent=1) + "\n")
    shutil.rmtree(NATIVE_DIR, ignore_errors=True)
    staged.rename(NATIVE_DIR)
    return NATIVE_DIR


def native_command(action: str) -> int:
    """`pactwatch native build|status`."""
    if action == "build":
        folder = build_native()
        print(f"compiled {len(compiled_sources())} extractor modules with mypyc into {folder}")
        return 0
    problem = native_build_problem()
    print("mypyc" if problem is None else f"python: {problem}")
    return 0
