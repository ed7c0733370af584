"""The per-article code compiled with mypyc: the same Python source, run as C, about 1.3x faster.

Reading, cleaning and extracting articles is most of a night's CPU. `make native` (part of `make
install`) compiles `read.py`, `metadata.py` and every module of `extract/` but its `__init__` into
`pactwatch/_native/`, with a stamp of the sources it was built from. The `pactwatch` and
`pactwatch.extract` packages put that folder first on their search paths only while the stamp
matches the source files byte for byte, so an edited `.py` is never shadowed by a stale build:
the code silently runs as plain Python until the next `make native`.

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

PACKAGE_DIR = Path(__file__).resolve().parent
NATIVE_DIR = PACKAGE_DIR / "_native"
STAMP = NATIVE_DIR / "BUILD.json"
# The compiled modules share one runtime library, named after this group: inside the package, so
# that the package's search path finds it like the modules themselves.
GROUP = "pactwatch.compiled"
FORCE_ENV = "PACTWATCH_EXTRACTOR_BUILD"


def compiled_sources() -> list[Path]:
    """The modules mypyc compiles: the per-article path. Never an `__init__`: those choose the build."""
    extract = sorted(p for p in (PACKAGE_DIR / "extract").glob("*.py") if p.name != "__init__.py")
    return [PACKAGE_DIR / "read.py", PACKAGE_DIR / "metadata.py", *extract]


def sources_stamp() -> dict[str, str]:
    """What a build must match: its sources, byte for byte, and the interpreter that loads it."""
    digest = hashlib.sha256()
    for path in compiled_sources():
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
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


def choose_build(package_path: list[str], subpackage: str = "") -> tuple[str, str | None]:
    """Put the compiled modules first on a package's search path when they match the source.

    Called by `pactwatch/__init__.py` and `pactwatch/extract/__init__.py` (subpackage "extract")
    before they import any of their modules. Returns ("mypyc", None) or ("python", why not compiled).
    """
    problem = native_build_problem()
    if problem is None:
        package_path.insert(0, str(NATIVE_DIR / subpackage) if subpackage else str(NATIVE_DIR))
        return "mypyc", None
    return "python", problem


def build_native() -> Path:
    """Compile the extractor into NATIVE_DIR; replace the previous build only once this one is complete."""
    from mypyc.build import mypycify  # the build needs mypy; running the extractor does not
    from setuptools import Distribution  # type: ignore[import-untyped]

    root = PACKAGE_DIR.parent
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
        built = work / "lib" / "pactwatch"
        staged = Path(tempfile.mkdtemp(prefix="._native-", dir=PACKAGE_DIR))
        for library in built.rglob("*.so"):
            target = staged / library.relative_to(built)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(library, target)
        (staged / "BUILD.json").write_text(json.dumps(stamp, indent=1) + "\n")
    shutil.rmtree(NATIVE_DIR, ignore_errors=True)
    staged.rename(NATIVE_DIR)
    return NATIVE_DIR


def native_command(action: str) -> int:
    """`pactwatch native build|status`."""
    if action == "build":
        folder = build_native()
        print(f"compiled {len(compiled_sources())} modules with mypyc into {folder}")
        return 0
    problem = native_build_problem()
    print("mypyc" if problem is None else f"python: {problem}")
    return 0
