"""End-to-end benchmark of `pactwatch run` on a fresh synthetic corpus.

    python bench/run.py --n N [--seed S] [--workdir DIR] [--keep] [--sample K]

Steps, all in a private work folder (deleted at the end unless --keep):

1. Generate N files with bench/generate.py (deterministic by seed).
2. Warm up Prefect: one `pactwatch run` over an empty folder, so that the private PREFECT_HOME's
   database exists and is migrated, as it is on a machine that runs the flow every night.
3. The measured run: `pactwatch run --source CORPUS --db FRESH.duckdb`, the real CLI in a
   subprocess. Wall time, and memory in two ways (see `Measured`).
4. The no-op run: the same command again, nothing new to read (noop_seconds).
5. The stages without Prefect: `pactwatch.pipeline.discover_stage`, `extract_stage` and
   `load_stage` called in this process (with the same worker pool the flow uses) on the same corpus
   into another fresh DB, each timed (stage_seconds). prefect_overhead_s = wall time of the CLI
   run - the sum of those stage times: everything the CLI spends outside the work itself, i.e.
   interpreter start and imports (Prefect's own import is most of it), the ephemeral API server,
   flow and task run bookkeeping, artifacts, staging clean-up. The import part is shown on its
   own (import_seconds) so that the rest can be told apart. Both runs read a corpus that is in the
   page cache (the generator has just written it), so neither is favoured by caching.
6. Extraction alone, one process: on a sample of the corpus, read and clean each file (not timed),
   then time `parse_metadata` + `extract_article`; extract_words_per_s = words of cleaned text /
   those seconds, i.e. per core.

Prints human-readable lines, then as its last line one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))

from generate import generate  # noqa: E402 - bench/ is not a package

PR_SET_CHILD_SUBREAPER = 36
SAMPLE_INTERVAL_S = 0.1
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def say(line: str) -> None:
    print(line, flush=True)


# ---- running and measuring a process tree ----------------------------------------------------------

def become_subreaper() -> bool:
    """Orphans of our children (a server the CLI leaves behind) stay in our tree, so they are measured."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # the command name is in parentheses and may hold spaces: fields after the last ')'
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def descendants(pid: int) -> list[int]:
    kids, found, todo = children_map(), [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(kids.get(current, []))
    return found


def memory_kb(pid: int) -> int:
    """Proportional set size (shared pages split between the processes that share them), else RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE_BYTES // 1024
    except OSError:
        return 0


@dataclass
class Measured:
    """One command's wall time and memory.

    max_process_mb: ru_maxrss from wait4() on the command: the peak RSS of the largest single
    process among the command and every descendant it waited for (the same figure as
    getrusage(RUSAGE_CHILDREN).ru_maxrss, but for this command alone) - not a sum.
    tree_mb: the peak, over samples every 0.1 s, of the summed PSS of the live process tree
    (the CLI, its Prefect server, its worker processes): the whole tree's footprint, which can
    miss a peak shorter than the sampling interval.
    """

    seconds: float
    returncode: int
    max_process_mb: float
    tree_mb: float
    stdout: str
    stderr: str
    processes_seen: int = 0
    leftovers: list[int] = field(default_factory=list)

    @property
    def peak_mb(self) -> float:
        return max(self.max_process_mb, self.tree_mb)


def measure(cmd: list[str], env: dict[str, str], cwd: Path, log: Path) -> Measured:
    out_path, err_path = log.with_suffix(".out"), log.with_suffix(".err")
    with out_path.open("w") as out, err_path.open("w") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        peak_kb, seen, stop = [0], set(), threading.Event()

        def sample() -> None:
            while not stop.is_set():
                tree = descendants(proc.pid)
                seen.update(tree)
                peak_kb[0] = max(peak_kb[0], sum(memory_kb(p) for p in tree))
                stop.wait(SAMPLE_INTERVAL_S)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    leftovers = [p for p in descendants(os.getpid()) if p != os.getpid() and p in seen]
    reap_orphans()
    return Measured(seconds=seconds, returncode=proc.returncode, max_process_mb=usage.ru_maxrss / 1024,
                    tree_mb=peak_kb[0] / 1024, stdout=out_path.read_text(), stderr=err_path.read_text(),
                    processes_seen=len(seen), leftovers=leftovers)


def reap_orphans() -> None:
    """Collect exited orphans handed to us as subreaper, so they do not linger as zombies."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "pactwatch"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pactwatch.cli"]


def import_seconds(module: str, env: dict[str, str]) -> float:
    """Wall time of a fresh interpreter that only imports module (best of two)."""
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], env=env, cwd=ROOT, check=True)
        best = min(best, time.perf_counter() - started)
    return best


# ---- the stages without Prefect --------------------------------------------------------------------

def direct_stages(source: Path, db: Path) -> dict[str, float]:
    """Run discover, extract, load as the flow does, minus Prefect; seconds per stage."""
    from pactwatch import pipeline
    from pactwatch.warehouse import writer_lock

    run_id = pipeline.new_run_id()
    summary = pipeline.RunSummary(run_id=run_id, source=str(source), db=str(db),
                                  started_at=datetime.now(UTC).isoformat())
    staging = pipeline.staging_folder(db, run_id)
    seconds: dict[str, float] = {}
    try:
        with writer_lock(db):
            started = time.perf_counter()
            manifest = pipeline.discover_stage(source, db, staging)
            seconds["discover"] = time.perf_counter() - started
            started = time.perf_counter()
            batches = pipeline.extract_stage(manifest, staging, run_id)
            seconds["extract"] = time.perf_counter() - started
            started = time.perf_counter()
            pipeline.load_stage(db, manifest, batches, summary)
            seconds["load"] = time.perf_counter() - started
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return seconds


# ---- extraction alone ------------------------------------------------------------------------------

def sample_files(source: Path, count: int) -> list[Path]:
    files = sorted(p for p in source.rglob("*") if p.is_file())
    step = max(1, len(files) // max(1, count))
    return files[::step][:count]


def extraction_speed(files: list[Path]) -> dict[str, float]:
    """Words of cleaned text per second of parse_metadata + extract_article, in this one process."""
    from pactwatch.extract import extract_article
    from pactwatch.metadata import parse_metadata
    from pactwatch.read import clean_text, decode_article

    texts, read_seconds = [], 0.0
    for path in files:
        started = time.perf_counter()
        decoded = decode_article(path.read_bytes())
        text = clean_text(decoded.text) if decoded.text is not None else ""
        read_seconds += time.perf_counter() - started
        if text.strip():
            texts.append(text)
    if not texts:
        return {"articles": 0, "words": 0, "seconds": 0.0, "words_per_s": 0.0, "read_clean_words_per_s": 0.0}
    extract_article(texts[0], parse_metadata(texts[0]))  # load gazetteers and compile patterns first
    words = sum(len(text.split()) for text in texts)
    started = time.perf_counter()
    for text in texts:
        extract_article(text, parse_metadata(text))
    seconds = time.perf_counter() - started
    return {"articles": len(texts), "words": words, "seconds": seconds, "words_per_s": words / seconds,
            "read_clean_words_per_s": words / read_seconds if read_seconds else 0.0}


# ---- the benchmark ---------------------------------------------------------------------------------

def count_rows(db: Path) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return {table: con.execute(f"select count(*) from {table}").fetchone()[0]  # type: ignore[index]
                for table in ("articles", "events", "participants", "agreements", "rejected_files")}


def fail(message: str, result: dict) -> int:
    say(f"FAILED: {message}")
    result["error"] = message
    print(json.dumps(result))
    return 1


def bench(args: argparse.Namespace, work: Path) -> int:
    from pactwatch.extract import EXTRACTOR_VERSION

    cpus = os.cpu_count() or 1
    result: dict = {"n": args.n, "seed": args.seed, "extractor_version": EXTRACTOR_VERSION, "cpu_count": cpus,
                    "cpu_affinity": len(os.sched_getaffinity(0)), "python": platform.python_version()}
    say(f"pactwatch bench: n={args.n} seed={args.seed} cpus={cpus} extractor={EXTRACTOR_VERSION} work={work}")
    subreaper = become_subreaper()

    corpus = work / "corpus"
    started = time.perf_counter()
    counts = generate(args.n, args.seed, corpus, oversized=args.oversized)
    result["generate_seconds"] = round(time.perf_counter() - started, 2)
    result["corpus"] = counts
    say(f"generated {counts['files']} files, {counts.get('bytes', 0) / 1e6:.1f} MB, "
        f"{counts.get('words', 0):,} words in {result['generate_seconds']} s: "
        + ", ".join(f"{k} {v}" for k, v in counts.items() if k not in ("bytes", "words", "files")))

    env = dict(os.environ)
    env["PREFECT_HOME"] = str(args.prefect_home or work / "prefect-home")
    cli = cli_command()
    logs = work / "logs"
    logs.mkdir()

    empty = work / "empty"
    empty.mkdir()
    warm = measure([*cli, "run", "--source", str(empty), "--db", str(work / "warmup.duckdb")], env, ROOT,
                   logs / "warmup")
    result["prefect_warmup_seconds"] = round(warm.seconds, 2)
    say(f"warm-up run (empty folder, new PREFECT_HOME): {warm.seconds:.1f} s")
    if warm.returncode != 0:
        return fail(f"warm-up run exited {warm.returncode}: {warm.stderr.strip()[-2000:]}", result)

    db = work / "bench.duckdb"
    cmd = [*cli, "run", "--source", str(corpus), "--db", str(db)]
    say(f"measured run: {' '.join(cmd)}")
    run = measure(cmd, env, ROOT, logs / "run")
    if run.returncode != 0:
        return fail(f"pactwatch run exited {run.returncode}: {run.stderr.strip()[-2000:]}", result)
    rows = count_rows(db)
    articles = rows["articles"]
    result.update(articles=articles, seconds=round(run.seconds, 2),
                  articles_per_s=round(articles / run.seconds, 1), peak_rss_mb=round(run.peak_mb, 1),
                  peak_rss_max_process_mb=round(run.max_process_mb, 1), peak_pss_tree_mb=round(run.tree_mb, 1),
                  rows=rows)
    say(f"  {run.seconds:.1f} s wall, {articles} articles ({articles / run.seconds:.1f}/s), "
        f"rows {rows}")
    say(f"  memory: largest single process {run.max_process_mb:.0f} MB (wait4 ru_maxrss), whole tree "
        f"{run.tree_mb:.0f} MB (sampled PSS sum, {run.processes_seen} processes"
        f"{'' if subreaper else ', orphans not tracked'})")
    if run.leftovers:
        say(f"  note: processes of the run still alive after it exited: {run.leftovers}")

    noop = measure(cmd, env, ROOT, logs / "noop")
    if noop.returncode != 0:
        return fail(f"no-op run exited {noop.returncode}: {noop.stderr.strip()[-2000:]}", result)
    if "nothing new" not in noop.stdout:
        say(f"  WARNING: the second run did not report 'nothing new':\n{noop.stdout[:1000]}")
    result.update(noop_seconds=round(noop.seconds, 2), noop_peak_rss_mb=round(noop.peak_mb, 1))
    say(f"no-op run over {articles} loaded articles: {noop.seconds:.1f} s, {noop.peak_mb:.0f} MB")

    if args.skip_direct:
        result.update(stage_seconds={}, prefect_overhead_s=None)
    else:
        stages = direct_stages(corpus, work / "direct.duckdb")
        total = sum(stages.values())
        noop_stages = direct_stages(corpus, work / "direct.duckdb")
        overhead = run.seconds - total
        imports = {"pactwatch.pipeline": import_seconds("pactwatch.pipeline", env),
                   "flows.nightly": import_seconds("flows.nightly", env)}
        result.update(stage_seconds={k: round(v, 2) for k, v in stages.items()},
                      noop_stage_seconds={k: round(v, 2) for k, v in noop_stages.items()},
                      prefect_overhead_s=round(overhead, 2),
                      prefect_overhead_share=round(overhead / run.seconds, 3),
                      import_seconds={k: round(v, 2) for k, v in imports.items()})
        say("stages without Prefect (in-process, same worker pool): "
            + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items()) + f", total {total:.1f} s")
        say("  no-op stages without Prefect: " + ", ".join(f"{k} {v:.2f} s" for k, v in noop_stages.items()))
        say(f"  Prefect overhead: {run.seconds:.1f} - {total:.1f} = {overhead:.1f} s "
            f"({100 * overhead / run.seconds:.0f}% of wall); of which interpreter + imports: "
            f"{imports['flows.nightly']:.1f} s (pactwatch.pipeline alone {imports['pactwatch.pipeline']:.1f} s)")

    files = sample_files(corpus, min(args.sample, args.n))
    speed = extraction_speed(files)
    result.update(extract_words_per_s=round(speed["words_per_s"]),
                  extract_sample={"articles": speed["articles"], "words": speed["words"],
                                  "seconds": round(speed["seconds"], 2)},
                  read_clean_words_per_s=round(speed["read_clean_words_per_s"]))
    say(f"extraction alone, one process: {speed['articles']} articles, {speed['words']:,} words in "
        f"{speed['seconds']:.2f} s = {speed['words_per_s']:,.0f} words/s per core "
        f"(read + clean: {speed['read_clean_words_per_s']:,.0f} words/s)")

    order = ["articles", "seconds", "articles_per_s", "extract_words_per_s", "noop_seconds", "peak_rss_mb",
             "prefect_overhead_s", "stage_seconds", "n", "seed", "extractor_version", "cpu_count"]
    ordered = {k: result[k] for k in order} | {k: v for k, v in result.items() if k not in order}
    print(json.dumps(ordered))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="files in the corpus (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="folder to work in (a new subfolder is made in it; default: the system temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus, databases and logs")
    parser.add_argument("--sample", type=int, default=500, help="files to time extraction on (default 500)")
    parser.add_argument("--oversized", type=int, default=0, help="add this many files over 5 MB to the corpus")
    parser.add_argument("--skip-direct", action="store_true", help="skip the stages-without-Prefect run")
    parser.add_argument("--prefect-home", type=Path, default=None,
                        help="PREFECT_HOME for the CLI runs (default: a fresh one in the work folder)")
    args = parser.parse_args(argv)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"pactwatch-bench-n{args.n}-", dir=args.workdir)).resolve()
    try:
        return bench(args, work)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
