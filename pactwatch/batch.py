"""One batch of new files: read and clean, parse metadata, extract, normalise, validate, stage.

A batch is the unit of work a worker process takes: it gets file paths, and leaves Parquet
files (one per table) in its staging folder for the single writer to load. Nothing here knows
about Prefect or the warehouse file.
"""

from __future__ import annotations

import contextlib
import json
import signal
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl

from pactwatch.discover import Candidate, FoundFile
from pactwatch.extract import EXTRACTOR_VERSION
from pactwatch.ids import content_sha256
from pactwatch.normalise import ReadArticle, frames_from_articles
from pactwatch.read import clean_text, decode_article
from pactwatch.validate import validate_tables
from schemas import empty_frame

# Real articles extract in milliseconds; a text that takes this long is pathological or hostile,
# and must not hold up the night.
EXTRACTION_SECONDS_LIMIT = 60.0


# Rejections with this prefix are our bug, not bad input: the next run reads the file again.
EXTRACTOR_ERROR = "extractor error (retried next run)"


class ExtractionTimeout(Exception):
    """Extracting one article took longer than EXTRACTION_SECONDS_LIMIT."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ExtractionTimeout in the block after `seconds` (main thread only: signals need it)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise ExtractionTimeout(f"extraction took over {seconds:g} s: pathological text, not loaded")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class BatchInput:
    """What a worker needs for one file; plain values so it crosses process boundaries cheaply."""

    path: str
    source_file: str
    size_bytes: int
    mtime_ns: int
    content_sha256: str


@dataclass(frozen=True)
class BatchOutcome:
    folder: str
    articles: int
    rejected_files: int
    deferred: list[tuple[str, str]]


def inputs_of(candidates: list[Candidate]) -> list[BatchInput]:
    return [BatchInput(str(c.found.path), c.found.source_file, c.found.size_bytes, c.found.mtime_ns,
                       c.content_sha256 or "") for c in candidates if c.status == "new"]


def read_file(item: BatchInput, source_root: str) -> tuple[ReadArticle | None, str | None, bool]:
    """(article, rejection reason, deferred): a file changed since discovery is left for a later run."""
    # Imported here, not at the top: the flow's own process plans and loads batches but never reads
    # an article, and loading the rules and gazetteers (compiling their regexes) cost it 0.2 s a run.
    from pactwatch.extract import extract_article
    from pactwatch.metadata import parse_metadata

    path = Path(item.path)
    try:
        data = path.read_bytes()
        stat = path.stat()
    except OSError as error:
        return None, f"unreadable: {error.strerror or error}", False
    unchanged = (stat.st_size, stat.st_mtime_ns) == (item.size_bytes, item.mtime_ns)
    if not unchanged or content_sha256(data) != item.content_sha256:
        return None, "changed while being read (still being written?): left for the next run", True
    decoded = decode_article(data)
    if decoded.text is None:
        return None, decoded.reason, False
    text = clean_text(decoded.text)
    if not text.strip():
        return None, "empty: nothing left once web-page chrome is removed", False
    try:
        with time_limit(EXTRACTION_SECONDS_LIMIT):
            meta = parse_metadata(text)
            extraction = extract_article(text, meta)
    except ExtractionTimeout as error:
        return None, str(error), False
    except Exception as error:  # a bug on one text must not cost the night the other articles
        return None, f"{EXTRACTOR_ERROR}: {type(error).__name__}: {error}", False
    article = ReadArticle(
        article_id=item.content_sha256, source_file=item.source_file, source_root=source_root,
        encoding=decoded.encoding or "utf-8", size_bytes=item.size_bytes, text=text, meta=meta,
        extraction=extraction,
    )
    return article, None, False


def process_batch(items: list[BatchInput], source_root: str, folder: str, run_id: str) -> BatchOutcome:
    """Read, extract, normalise and validate one batch; stage its tables as Parquet in folder."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    articles: list[ReadArticle] = []
    rejected: list[dict] = []
    deferred: list[tuple[str, str]] = []
    for item in items:
        article, reason, later = read_file(item, source_root)
        if later:
            deferred.append((item.source_file, reason or ""))
        elif article is None:
            rejected.append(rejected_file_row(item, source_root, run_id, reason or "unreadable"))
        else:
            articles.append(article)
    validated = validate_tables(frames_from_articles(articles, EXTRACTOR_VERSION, run_id), run_id)
    by_id = {item.content_sha256: item for item in items}
    for article_id, reason in sorted(validated.rejected_articles.items()):
        rejected.append(rejected_file_row(by_id[article_id], source_root, run_id, f"failed validation: {reason}"))
    for table, frame in validated.frames.items():
        frame.write_parquet(out / f"{table}.parquet")
    validated.rejected_rows.write_parquet(out / "rejected_rows.parquet")
    rejected_frame = pl.DataFrame(rejected, schema=empty_frame("rejected_files").schema) if rejected \
        else empty_frame("rejected_files")
    rejected_frame.write_parquet(out / "rejected_files.parquet")
    (out / "deferred.json").write_text(json.dumps(deferred))
    return BatchOutcome(folder=folder, articles=validated.frames["articles"].height,
                        rejected_files=len(rejected), deferred=deferred)


def rejected_file_row(item: BatchInput | FoundFile, source_root: str, run_id: str, reason: str,
                      content_sha: str | None = None) -> dict:
    values = asdict(item) if isinstance(item, BatchInput) else {
        "source_file": item.source_file, "size_bytes": item.size_bytes, "mtime_ns": item.mtime_ns,
        "content_sha256": content_sha}
    return {"run_id": run_id, "source_root": source_root, "source_file": values["source_file"],
            "size_bytes": values["size_bytes"], "mtime_ns": values["mtime_ns"],
            "content_sha256": values["content_sha256"] or None, "reason": reason}
