"""The stages of a run as plain functions that pass paths: discover -> extract -> load and publish.

`flows/nightly.py` wraps each in a Prefect task; tests call them directly. Between stages only
file paths travel (a discovery manifest, folders of staged Parquet, a summary), never frames
or connections, so each stage can be retried, run in another process, or inspected on disk.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pactwatch.batch import BatchInput, process_batch, rejected_file_row
from pactwatch.discover import Candidate, FoundFile, discover
from pactwatch.extract import EXTRACTOR_BUILD, EXTRACTOR_VERSION
from pactwatch.warehouse import is_current, load_run, read_ledger
from schemas import EXTRACTED_TABLES, empty_frame

# Batch sizes: large batches spread the fixed cost of validating and writing a batch (Pandera
# runs each check once per frame) over more articles; small ones at the end keep every worker
# busy until the last minute instead of one finishing a large batch alone.
MAX_BATCH_SIZE = 1000
MIN_BATCH_SIZE = 100
# Below this many files, starting worker processes costs more than it saves.
MIN_FILES_FOR_POOL = 200


@dataclass
class RunSummary:
    run_id: str
    source: str
    db: str
    started_at: str
    ended_at: str = ""
    flow_run_id: str | None = None
    wrote_warehouse: bool = False
    files_seen: int = 0
    files_new: int = 0
    files_skipped: int = 0
    files_duplicate: int = 0
    files_rejected: int = 0
    files_deferred: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    rows_rejected: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    deferred: list[tuple[str, str]] = field(default_factory=list)
    extractor_version: str = EXTRACTOR_VERSION
    extractor_build: str = EXTRACTOR_BUILD  # mypyc or python (pactwatch.native)

    def write(self, path: Path) -> Path:
        path.write_text(json.dumps(asdict(self), indent=1))
        return path

    @classmethod
    def read(cls, path: Path) -> RunSummary:
        return cls(**json.loads(path.read_text()))


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def staging_folder(db: Path, run_id: str) -> Path:
    folder = db.resolve().parent / f".{db.name}.staging" / run_id
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ---- discover ---------------------------------------------------------------------------------------

def discover_stage(source: Path, db: Path, staging: Path, rehash: bool = False) -> Path:
    """Write the manifest of what to read this run; return its path."""
    if not source.is_dir():
        raise FileNotFoundError(f"source folder {source} does not exist or is not a folder")
    source_root = str(source.resolve())
    known, loaded = read_ledger(db, source_root)
    found = discover(source, known, loaded, rehash=rehash)
    manifest = {
        "source_root": source_root,
        "files_seen": found.files_seen,
        "files_known": found.files_known,
        "deferred": found.deferred,
        "candidates": [candidate_record(c) for c in found.candidates],
    }
    path = staging / "discovery.json"
    path.write_text(json.dumps(manifest))
    return path


def candidate_record(candidate: Candidate) -> dict:
    f = candidate.found
    return {"path": str(f.path), "source_file": f.source_file, "size_bytes": f.size_bytes, "mtime_ns": f.mtime_ns,
            "content_sha256": candidate.content_sha256, "status": candidate.status,
            "reason": candidate.reason}


# ---- read, extract, normalise, validate -------------------------------------------------------------

def batch_sizes(files: int, workers: int) -> list[int]:
    """Shrinking batch sizes (guided scheduling): each takes its share of what is left, so the
    batches still running when the queue empties are small, whatever the number of files."""
    sizes = []
    left = files
    while left:
        size = min(left, max(MIN_BATCH_SIZE, min(MAX_BATCH_SIZE, left // (2 * max(workers, 1)))))
        sizes.append(size)
        left -= size
    return sizes


def plan_batches(manifest_path: Path, staging: Path, run_id: str, workers: int | None = None) -> list[Path]:
    """Split the new files into batches; write one spec file per batch and return their paths.

    A spec names its files, its output folder and its run, so any process that sees the staging
    folder (a pool worker here, a Dask worker elsewhere) can process it alone.
    """
    manifest = json.loads(manifest_path.read_text())
    items = [asdict(BatchInput(c["path"], c["source_file"], c["size_bytes"], c["mtime_ns"], c["content_sha256"]))
             for c in manifest["candidates"] if c["status"] == "new"]
    specs = []
    start = 0
    for n, size in enumerate(batch_sizes(len(items), workers or os.cpu_count() or 1)):
        spec = staging / f"batch-{n:05d}.json"
        spec.write_text(json.dumps({"items": items[start:start + size], "source_root": manifest["source_root"],
                                    "folder": str(staging / f"batch-{n:05d}"), "run_id": run_id}))
        specs.append(spec)
        start += size
    return specs


def process_batch_spec(spec_path: Path) -> Path:
    """Process one planned batch; return the folder its tables are staged in."""
    spec = json.loads(Path(spec_path).read_text())
    items = [BatchInput(**item) for item in spec["items"]]
    return Path(process_batch(items, spec["source_root"], spec["folder"], spec["run_id"]).folder)


def extract_stage(manifest_path: Path, staging: Path, run_id: str, workers: int | None = None) -> list[Path]:
    """Process new files in batches (in worker processes when there are many); return batch folders."""
    workers = workers or os.cpu_count() or 1
    specs = plan_batches(manifest_path, staging, run_id, workers)
    files = len(json.loads(manifest_path.read_text())["candidates"])
    workers = min(workers, len(specs))
    if files < MIN_FILES_FOR_POOL or workers <= 1:
        return [process_batch_spec(spec) for spec in specs]
    # spawn, not fork: the parent runs Prefect's threads, which a forked child would inherit broken.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(process_batch_spec, specs))


# ---- load and publish -------------------------------------------------------------------------------

def load_stage(db: Path, manifest_path: Path, batch_folders: list[Path], summary: RunSummary) -> RunSummary:
    """Load everything staged in one swap of the warehouse file (or nothing, when nothing is new)."""
    manifest = json.loads(manifest_path.read_text())
    source_root = manifest["source_root"]
    candidates = manifest["candidates"]
    staged_articles = set(pl.concat([pl.read_parquet(f / "articles.parquet", columns=["article_id"])
                                     for f in batch_folders]).get_column("article_id").to_list()) \
        if batch_folders else set()
    _, loaded_before = read_ledger(db, source_root)
    article_files, rejected = file_rows(candidates, staged_articles | loaded_before, source_root, summary.run_id)
    summary.files_seen = manifest["files_seen"]
    summary.files_skipped = manifest["files_known"]
    summary.deferred = [tuple(d) for d in manifest["deferred"]] + [d for f in batch_folders for d in read_deferred(f)]
    summary.files_deferred = len(summary.deferred)
    summary.files_duplicate = article_files.filter(pl.col("is_duplicate")).height
    staged_rejections = pl.concat([pl.read_parquet(f / "rejected_files.parquet") for f in batch_folders]) \
        if batch_folders else empty_frame("rejected_files")
    all_rejected = pl.concat([staged_rejections, rejected])
    summary.rejected = list(all_rejected.select("source_file", "reason").iter_rows())
    summary.files_rejected = all_rejected.height
    summary.files_new = len(staged_articles)
    nothing_new = not staged_articles and all_rejected.height == 0 and article_files.height == 0
    if nothing_new and is_current(db):
        summary.ended_at = datetime.now(UTC).isoformat()
        return summary
    summary.rows_rejected = staged_rows(batch_folders, "rejected_rows")
    summary.rows = {table: staged_rows(batch_folders, table) for table in EXTRACTED_TABLES}
    extra = {"article_files": article_files, "rejected_files": rejected,
             "runs": run_row(summary)}
    added = load_run(db, summary.run_id, batch_folders, extra)
    summary.rows = dict(added)
    summary.wrote_warehouse = True
    summary.ended_at = datetime.now(UTC).isoformat()
    return summary


def staged_rows(batch_folders: list[Path], table: str) -> int:
    return sum(pl.scan_parquet(f / f"{table}.parquet").select(pl.len()).collect().item() for f in batch_folders)


def read_deferred(folder: Path) -> list[tuple[str, str]]:
    """Files a batch left for a later run, with the reason."""
    return [tuple(d) for d in json.loads((folder / "deferred.json").read_text())]


def file_rows(candidates: list[dict], articles: set[str], source_root: str,
              run_id: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """article_files rows for files whose article is (now) loaded; rejections found by discovery.

    A duplicate of an article that this run refused is refused too, with the same reason in effect.
    """
    loaded, rejected = [], []
    for c in candidates:
        found = FoundFile(c["path"], c["source_file"], c["size_bytes"], c["mtime_ns"])
        if c["status"] == "rejected":
            rejected.append(rejected_file_row(found, source_root, run_id, c["reason"], c["content_sha256"]))
        elif c["content_sha256"] in articles:
            loaded.append({"source_root": source_root, "source_file": c["source_file"],
                           "size_bytes": c["size_bytes"], "mtime_ns": c["mtime_ns"],
                           "article_id": c["content_sha256"], "is_duplicate": c["status"] == "duplicate",
                           "run_id": run_id})
        elif c["status"] == "duplicate":
            rejected.append(rejected_file_row(found, source_root, run_id,
                                              f"{c['reason']}, which was refused", c["content_sha256"]))
    article_frame = pl.DataFrame(loaded, schema=empty_frame("article_files").schema) if loaded \
        else empty_frame("article_files")
    rejected_frame = pl.DataFrame(rejected, schema=empty_frame("rejected_files").schema) if rejected \
        else empty_frame("rejected_files")
    return article_frame, rejected_frame


def run_row(summary: RunSummary) -> pl.DataFrame:
    """The runs row, written into the same copy of the warehouse as the rows it counts."""
    counts = summary.rows
    row = {
        "run_id": summary.run_id, "flow_run_id": summary.flow_run_id,
        "started_at": datetime.fromisoformat(summary.started_at).replace(tzinfo=None),
        "ended_at": datetime.now(UTC).replace(tzinfo=None), "status": "succeeded",
        "source_root": str(Path(summary.source).resolve()), "files_seen": summary.files_seen,
        "files_new": summary.files_new, "files_skipped": summary.files_skipped,
        "files_duplicate": summary.files_duplicate, "files_rejected": summary.files_rejected,
        "files_deferred": summary.files_deferred, "rows_articles": counts.get("articles", 0),
        "rows_events": counts.get("events", 0), "rows_participants": counts.get("participants", 0),
        "rows_agreements": counts.get("agreements", 0), "rows_rejected": summary.rows_rejected,
        "extractor_version": summary.extractor_version,
    }
    return pl.DataFrame([row], schema=empty_frame("runs").schema)
