"""End-to-end benchmark of `pactwatch run` on a fresh synthetic corpus.

    python bench/run.py --n N [--seed S] [--workdir DIR] [--keep] [--sample K]

Steps, all in a private work folder (deleted at the end unless --keep):

1. Generate N files with bench/generate.py (deterministic by seed).
2. Warm up Prefect: one `pactwatch run` over an empty folder, so that the private PREFECT_HOME's
   database exists and is migrated, as it is on a machine that runs the flow every night. With
   the CLI's default (--prefect-api shared) this run also starts the local Prefect API server
   that the measured runs then reuse, as a run does after another within the server's idle time
   (30 min by default); its memory and CPU during each measured run are counted in the run's.
   The cold case, a run that starts its own server, is measured too (noop_temporary_seconds).
3. The measured run: `pactwatch run --source CORPUS --db FRESH.duckdb`, the real CLI in a
   subprocess. Wall time, and memory in two ways (see `Measured`).
4. The no-op run: the same command again, nothing new to read (noop_seconds).
5. The stages without Prefect: `pactwatch.pipeline.discover_stage`, `extract_stage` and
   `load_stage` called in this process (under the writer lock, with the same worker pool the flow
   uses) on the same corpus into another fresh DB, each timed: stage_seconds. Then once more with
   nothing new (noop_stage_seconds).
   prefect_overhead_s: the CLI run's wall time minus the durations of its discover, extract and
   load-and-publish task runs as Prefect recorded them (read from the private PREFECT_HOME's
   database), i.e. interpreter start and imports, the ephemeral API server's start and stop,
   flow and task run bookkeeping, the report task and artifacts. Being taken from one run, it does
   not move with other work on the machine; it does not see a slow-down inside the tasks (the API
   server's CPU use while workers run), which the CPU seconds by role show. prefect_overhead_vs_
   direct_s = wall - sum(stage_seconds) is printed beside it: it sees everything, but compares two
   runs, so other work on a shared machine moves it a lot.
6. Extraction alone, one process: on a sample of the corpus, read and clean each file (not timed),
   then time `parse_metadata` + `extract_article`; extract_words_per_s = words of cleaned text /
   those seconds, i.e. per core.

Prints human-readable lines, then as its last line one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
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
TICKS = os.sysconf("SC_CLK_TCK")
LEFTOVER_WAIT_S = 15


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


def cpu_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


def role_of(pid: int, root: int) -> str:
    if pid == root:
        return "cli"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            cmdline = handle.read().replace(b"\0", b" ")
    except OSError:
        return "other"
    if (b"prefect" in cmdline and b"server" in cmdline) or b"uvicorn" in cmdline or b"shared_api_server" in cmdline:
        return "prefect_server"
    if b"multiprocessing" in cmdline:
        return "workers"
    return "other"


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all cores, all processes) since boot."""
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / TICKS


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
    started_utc: datetime = field(default_factory=lambda: datetime.now(UTC))
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # by role: cli, prefect_server, workers
    other_cpu_seconds: float = 0.0  # busy CPU on the machine outside this run: noise from other work
    loadavg_before: float = 0.0
    peak_mb_by_role: dict[str, float] = field(default_factory=dict)  # peak summed PSS of each role's processes

    @property
    def peak_mb(self) -> float:
        return max(self.max_process_mb, self.tree_mb)


def measure(cmd: list[str], env: dict[str, str], cwd: Path, log: Path, also: tuple[int, ...] = ()) -> Measured:
    """Run cmd and measure its process tree, plus the processes `also` (a server it uses but an
    earlier run started: its memory, and its CPU from now on)."""
    out_path, err_path = log.with_suffix(".out"), log.with_suffix(".err")
    baseline = {pid: cpu_ticks(pid) for pid in also}
    loadavg = os.getloadavg()[0]
    with out_path.open("w") as out, err_path.open("w") as err:
        started_utc, busy_before = datetime.now(UTC), machine_busy_seconds()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        peak_kb, stop = [0], threading.Event()
        seen: dict[int, str] = {}
        ticks: dict[int, int] = {}
        role_peak_kb: dict[str, int] = {}

        def sample() -> None:
            while not stop.is_set():
                tree = descendants(proc.pid) + [pid for pid in also if cpu_ticks(pid)]
                by_role: dict[str, int] = {}
                for pid in tree:
                    if pid not in seen:
                        seen[pid] = role_of(pid, proc.pid)
                    ticks[pid] = max(ticks.get(pid, 0), cpu_ticks(pid))
                    by_role[seen[pid]] = by_role.get(seen[pid], 0) + memory_kb(pid)
                for role, kb in by_role.items():
                    role_peak_kb[role] = max(role_peak_kb.get(role, 0), kb)
                peak_kb[0] = max(peak_kb[0], sum(by_role.values()))
                stop.wait(SAMPLE_INTERVAL_S)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        busy = machine_busy_seconds() - busy_before
        stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    # the shared API server outlives the run by design: not a leftover
    leftovers = wait_for_leftovers({pid for pid in seen if pid not in also and not is_shared_server(pid)})
    by_role: dict[str, float] = {}
    for pid, role in seen.items():
        by_role[role] = by_role.get(role, 0.0) + max(0, ticks.get(pid, 0) - baseline.get(pid, 0)) / TICKS
    # wait4 counts the CLI and every descendant it reaped exactly; the samples only what they saw
    tree_cpu = sum(max(0, ticks.get(pid, 0)) for pid in seen if pid not in also) / TICKS
    also_cpu = sum(max(0, ticks.get(pid, 0) - baseline[pid]) for pid in also) / TICKS
    ours = max(usage.ru_utime + usage.ru_stime, tree_cpu) + also_cpu
    return Measured(seconds=seconds, returncode=proc.returncode, max_process_mb=usage.ru_maxrss / 1024,
                    tree_mb=peak_kb[0] / 1024, stdout=out_path.read_text(), stderr=err_path.read_text(),
                    processes_seen=len(seen), leftovers=leftovers, started_utc=started_utc,
                    peak_mb_by_role={k: round(v / 1024, 1) for k, v in sorted(role_peak_kb.items())},
                    cpu_seconds={k: round(v, 1) for k, v in sorted(by_role.items())},
                    other_cpu_seconds=round(max(0.0, busy - ours), 1), loadavg_before=round(loadavg, 2))


def is_shared_server(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return b"shared_api_server" in handle.read()
    except OSError:
        return False


def wait_for_leftovers(ours: set[int]) -> list[int]:
    """Processes of the run that outlive it (handed to us as subreaper): wait for them to end, a while."""
    deadline = time.monotonic() + LEFTOVER_WAIT_S
    alive: list[int] = []
    while time.monotonic() < deadline:
        reap_orphans()
        alive = [p for p in descendants(os.getpid()) if p in ours]
        if not alive:
            break
        time.sleep(0.2)
    return alive


def reap_orphans() -> None:
    """Collect exited orphans handed to us as subreaper, so they do not linger as zombies."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


@contextlib.contextmanager
def persistent_server(env: dict[str, str], log: Path) -> Iterator[str]:
    """`prefect server start` on a free port with the bench's PREFECT_HOME, as a nightly machine
    runs it (a service that outlives the runs); yields its API URL."""
    from flows.api_server import free_port

    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                                   "--port", str(port)], env=env | {"PREFECT_UI_ENABLED": "false"},
                                  stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 180
            while True:
                with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/health", timeout=2):
                    break
                if server.poll() is not None or time.monotonic() > deadline:
                    out.flush()
                    tail = " | ".join(log.read_text(errors="replace").strip().splitlines()[-5:])
                    raise RuntimeError(f"prefect server start failed (exit {server.poll()}): {tail}")
                time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


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


def prefect_timeline(prefect_home: Path, cli_started: datetime, cli_seconds: float) -> dict[str, float]:
    """Where the CLI's wall time went, from the flow and task runs in the private Prefect database.

    startup: CLI start -> flow run start (interpreter, imports, ephemeral API server start-up);
    task:<name>: each task run's duration as Prefect recorded it; between_tasks: the rest of the
    flow run; shutdown: flow run end -> CLI exit (summary, server stop).
    """
    import sqlite3

    path = prefect_home / "prefect.db"
    if not path.exists():
        return {}
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        flow = con.execute("select id, start_time, end_time from flow_run where start_time is not null "
                           "order by start_time desc limit 1").fetchone()
        if not flow:
            return {}
        tasks = con.execute("select name, start_time, end_time from task_run where flow_run_id = ? "
                            "and start_time is not null and end_time is not null", [flow[0]]).fetchall()

    def stamp(text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)

    flow_start, flow_end = stamp(flow[1]), stamp(flow[2])
    timeline = {"startup": (flow_start - cli_started).total_seconds(),
                "flow": (flow_end - flow_start).total_seconds()}
    for name, start, end in tasks:
        timeline[f"task:{name.rsplit('-', 1)[0]}"] = (stamp(end) - stamp(start)).total_seconds()
    timeline["between_tasks"] = timeline["flow"] - sum(v for k, v in timeline.items() if k.startswith("task:"))
    timeline["shutdown"] = cli_seconds - timeline["startup"] - timeline["flow"]
    return {k: round(v, 2) for k, v in timeline.items()}


# ---- the stages without Prefect --------------------------------------------------------------------

def self_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def direct_stages(source: Path, db: Path, peaks: dict[str, float] | None = None) -> dict[str, float]:
    """Run discover, extract, load as the flow does, minus Prefect; seconds per stage.

    peaks, when given, gets this process's peak RSS so far after each stage (the workers are
    other processes): what the flow's own process would need, stage by stage.
    """
    peaks = {} if peaks is None else peaks
    from pactwatch import pipeline
    from pactwatch.warehouse import writer_lock

    run_id = pipeline.new_run_id()
    summary = pipeline.RunSummary(run_id=run_id, source=str(source), db=str(db),
                                  started_at=datetime.now(UTC).isoformat())
    seconds: dict[str, float] = {}
    with writer_lock(db):  # as flows/nightly.py: the lock also clears what killed runs left behind
        staging = pipeline.staging_folder(db, run_id)
        try:
            started = time.perf_counter()
            manifest = pipeline.discover_stage(source, db, staging)
            seconds["discover"] = time.perf_counter() - started
            peaks["discover"] = round(self_peak_mb(), 1)
            started = time.perf_counter()
            batches = pipeline.extract_stage(manifest, staging, run_id)
            seconds["extract"] = time.perf_counter() - started
            peaks["extract"] = round(self_peak_mb(), 1)
            started = time.perf_counter()
            pipeline.load_stage(db, manifest, batches, summary)
            seconds["load"] = time.perf_counter() - started
            peaks["load"] = round(self_peak_mb(), 1)
        finally:
            shutil.rmtree(staging.parent, ignore_errors=True)
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


def code_fingerprint() -> str:
    """A hash of the pipeline's source as it is on disk now: the tree is edited while benchmarks run."""
    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("pactwatch/**/*.py"), *ROOT.glob("pactwatch/extract/data/*"),
                        *ROOT.glob("flows/*.py"), *ROOT.glob("schemas/**/*.py")]):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def fail(message: str, result: dict) -> int:
    say(f"FAILED: {message}")
    result["error"] = message
    print(json.dumps(result))
    return 1


def bench(args: argparse.Namespace, work: Path, services: contextlib.ExitStack) -> int:
    from pactwatch.extract import EXTRACTOR_BUILD, EXTRACTOR_VERSION, NOT_COMPILED_BECAUSE

    cpus = os.cpu_count() or 1
    result: dict = {"n": args.n, "seed": args.seed, "extractor_version": EXTRACTOR_VERSION,
                    "extractor_build": EXTRACTOR_BUILD, "cpu_count": cpus,
                    "cpu_affinity": len(os.sched_getaffinity(0)), "python": platform.python_version(),
                    "code_sha": code_fingerprint()}
    say(f"pactwatch bench: n={args.n} seed={args.seed} cpus={cpus} extractor={EXTRACTOR_VERSION} "
        f"({EXTRACTOR_BUILD}{': ' + NOT_COMPILED_BECAUSE if NOT_COMPILED_BECAUSE else ''}) work={work}")
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
    prefect_home = (args.prefect_home or work / "prefect-home").resolve()
    env["PREFECT_HOME"] = str(prefect_home)
    env.pop("PREFECT_API_URL", None)
    cli = cli_command()
    logs = work / "logs"
    logs.mkdir()
    result["prefect_api"] = args.prefect_api
    if args.prefect_api == "server":
        started = time.perf_counter()
        env["PREFECT_API_URL"] = services.enter_context(persistent_server(env, logs / "prefect-server.log"))
        say(f"persistent Prefect server at {env['PREFECT_API_URL']}, up in {time.perf_counter() - started:.1f} s")
    else:
        env["PACTWATCH_PREFECT_API"] = args.prefect_api
    if args.prefect_api == "shared":
        from flows.shared_api_server import state_folder, stop_server

        services.callback(stop_server, state_folder(prefect_home))

    empty = work / "empty"
    empty.mkdir()
    # A new Prefect database is created and migrated on the first start, which can take longer than
    # the ephemeral server's default 20 s start-up timeout: allow more for this run only.
    warm_env = env | {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300"}
    warm = measure([*cli, "run", "--source", str(empty), "--db", str(work / "warmup.duckdb")], warm_env, ROOT,
                   logs / "warmup")
    result["prefect_warmup_seconds"] = round(warm.seconds, 2)
    say(f"warm-up run (empty folder, PREFECT_HOME {prefect_home}): {warm.seconds:.1f} s")
    if warm.returncode != 0:
        return fail(f"warm-up run exited {warm.returncode}: {warm.stderr.strip()[-2000:]}", result)
    also: tuple[int, ...] = ()
    if args.prefect_api == "shared":
        from flows.shared_api_server import read_record, state_folder

        record = read_record(state_folder(prefect_home))
        if record is None:
            return fail("the warm-up run left no shared Prefect API server record", result)
        also = (record.pid,)
        say(f"  it started the shared Prefect API server (pid {record.pid}) that the measured runs reuse")

    db = work / "bench.duckdb"
    cmd = [*cli, "run", "--source", str(corpus), "--db", str(db)]
    say(f"measured run: {' '.join(cmd)}")
    run = measure(cmd, env, ROOT, logs / "run", also)
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
    say(f"  peak PSS by role: {run.peak_mb_by_role} MB")
    say(f"  CPU seconds: {run.cpu_seconds} (sampled); busy CPU elsewhere on the machine meanwhile: "
        f"{run.other_cpu_seconds} s; load average before: {run.loadavg_before}")
    if run.other_cpu_seconds > 0.1 * run.seconds:
        say("  WARNING: other work used the CPU during the run: figures are pessimistic")
    if run.leftovers:
        say(f"  note: processes of the run still alive {LEFTOVER_WAIT_S} s after it exited: {run.leftovers}")
    timeline = prefect_timeline(prefect_home, run.started_utc, run.seconds)
    result.update(cpu_seconds=run.cpu_seconds, peak_mb_by_role=run.peak_mb_by_role,
                  other_cpu_seconds=run.other_cpu_seconds, loadavg_before=run.loadavg_before, prefect_timeline=timeline)
    if timeline:
        say("  timeline from Prefect's records: " + ", ".join(f"{k} {v:.1f} s" for k, v in timeline.items()))

    noop = measure(cmd, env, ROOT, logs / "noop", also)
    if noop.returncode != 0:
        return fail(f"no-op run exited {noop.returncode}: {noop.stderr.strip()[-2000:]}", result)
    if "nothing new" not in noop.stdout:
        say(f"  WARNING: the second run did not report 'nothing new':\n{noop.stdout[:1000]}")
    noop_timeline = prefect_timeline(prefect_home, noop.started_utc, noop.seconds)
    result.update(noop_seconds=round(noop.seconds, 2), noop_peak_rss_mb=round(noop.peak_mb, 1),
                  noop_timeline=noop_timeline, noop_other_cpu_seconds=noop.other_cpu_seconds)
    say(f"no-op run over {articles} loaded articles: {noop.seconds:.1f} s, {noop.peak_mb:.0f} MB; "
        + ", ".join(f"{k} {v:.1f} s" for k, v in noop_timeline.items()))
    if args.prefect_api == "shared":
        # The cold case: the shared server has idled out (a cron once a night), the run starts its own.
        cold = measure(cmd, env | {"PACTWATCH_PREFECT_API": "temporary"}, ROOT, logs / "noop-temporary")
        if cold.returncode != 0:
            return fail(f"no-op run with a temporary server exited {cold.returncode}: "
                        f"{cold.stderr.strip()[-2000:]}", result)
        cold_timeline = prefect_timeline(prefect_home, cold.started_utc, cold.seconds)
        result.update(noop_temporary_seconds=round(cold.seconds, 2), noop_temporary_timeline=cold_timeline)
        say(f"no-op run starting its own temporary Prefect server: {cold.seconds:.1f} s; "
            + ", ".join(f"{k} {v:.1f} s" for k, v in cold_timeline.items()))
    if args.prefect_api == "temporary":
        # The same no-op as a scheduled night runs it: against a Prefect server that stays up.
        with persistent_server(env, logs / "prefect-server.log") as url:
            served = measure(cmd, env | {"PREFECT_API_URL": url}, ROOT, logs / "noop-served")
        if served.returncode != 0:
            return fail(f"no-op run against a server exited {served.returncode}: {served.stderr.strip()[-2000:]}",
                        result)
        served_timeline = prefect_timeline(prefect_home, served.started_utc, served.seconds)
        result.update(noop_server_seconds=round(served.seconds, 2), noop_server_timeline=served_timeline)
        say(f"no-op run against a persistent Prefect server: {served.seconds:.1f} s; "
            + ", ".join(f"{k} {v:.1f} s" for k, v in served_timeline.items()))

    if args.skip_direct:
        task_time = sum(v for k, v in timeline.items() if k in ("task:discover", "task:extract",
                                                                "task:load-and-publish"))
        result.update(stage_seconds={}, prefect_overhead_s=round(run.seconds - task_time, 2) if timeline else None)
    else:
        before_mb = round(self_peak_mb(), 1)
        direct_peaks: dict[str, float] = {}
        try:
            stages = direct_stages(corpus, work / "direct.duckdb", direct_peaks)
            noop_stages = direct_stages(corpus, work / "direct.duckdb")
        except Exception as error:  # the pipeline's API moved under the bench: say so, keep the rest
            say(f"WARNING: stages without Prefect failed: {type(error).__name__}: {error}")
            result["direct_error"] = f"{type(error).__name__}: {error}"
            stages, noop_stages = {}, {}
        total = sum(stages.values())
        imports = {"pactwatch.pipeline": import_seconds("pactwatch.pipeline", env),
                   "flows.nightly": import_seconds("flows.nightly", env)}
        # Two measures of what Prefect costs (see the module docstring and bench/README.md):
        # by_tasks = wall - the three stage tasks' durations as Prefect recorded them in the same
        # run: immune to load that differs between two runs, but blind to a slow-down inside the
        # tasks (the API server sharing the cores); vs_direct = wall - the stages run without
        # Prefect in this process: sees everything, but compares two runs, so other work on the
        # machine moves it. The first is the headline figure, the second is shown beside it.
        task_time = sum(v for k, v in timeline.items()
                        if k in ("task:discover", "task:extract", "task:load-and-publish"))
        by_tasks = run.seconds - task_time if timeline else None
        vs_direct = run.seconds - total if stages else None
        overhead = by_tasks if by_tasks is not None else vs_direct
        result.update(stage_seconds={k: round(v, 2) for k, v in stages.items()},
                      noop_stage_seconds={k: round(v, 2) for k, v in noop_stages.items()},
                      direct_peak_rss_mb={"before": before_mb, **direct_peaks},
                      prefect_overhead_s=None if overhead is None else round(overhead, 2),
                      prefect_overhead_share=None if overhead is None else round(overhead / run.seconds, 3),
                      prefect_overhead_vs_direct_s=None if vs_direct is None else round(vs_direct, 2),
                      import_seconds={k: round(v, 2) for k, v in imports.items()})
        if stages:
            say("stages without Prefect (in-process, same worker pool): "
                + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items()) + f", total {total:.1f} s")
            say(f"  this process's peak RSS: {before_mb} MB before, after each stage {direct_peaks} MB")
            say("  no-op stages without Prefect: " + ", ".join(f"{k} {v:.2f} s" for k, v in noop_stages.items()))
        if by_tasks is not None:
            say(f"  Prefect overhead (wall - stage tasks in the same run): {run.seconds:.1f} - {task_time:.1f} = "
                f"{by_tasks:.1f} s ({100 * by_tasks / run.seconds:.1f}% of wall)")
        if vs_direct is not None:
            say(f"  Prefect overhead (wall - stages without Prefect): {run.seconds:.1f} - {total:.1f} = "
                f"{vs_direct:.1f} s ({100 * vs_direct / run.seconds:.1f}% of wall)")
        say(f"  a bare interpreter importing flows.nightly takes {imports['flows.nightly']:.1f} s "
            f"(pactwatch.pipeline alone {imports['pactwatch.pipeline']:.1f} s)")

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
             "prefect_overhead_s", "stage_seconds", "prefect_api", "n", "seed", "extractor_version", "cpu_count"]
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
    parser.add_argument("--prefect-api", choices=["shared", "temporary", "server"], default="shared",
                        help="the measured runs use the CLI's default, the shared local Prefect API server that the "
                             "warm-up run starts (shared; a no-op with a temporary server is measured too), a "
                             "temporary server per run (temporary; a no-op against a persistent server is measured "
                             "too), or a persistent `prefect server start` (server)")
    parser.add_argument("--prefect-home", type=Path, default=None,
                        help="PREFECT_HOME for the CLI runs (default: a fresh one in the work folder)")
    args = parser.parse_args(argv)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"pactwatch-bench-n{args.n}-", dir=args.workdir)).resolve()
    try:
        with contextlib.ExitStack() as services:
            return bench(args, work, services)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
