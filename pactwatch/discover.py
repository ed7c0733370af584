"""Discover: which files under the source folder are new, already loaded, or not to be read yet.

A file is known when its path, size and modification time match what the warehouse recorded
when it was read; known files are not read or hashed again, which keeps a night with nothing
new fast. Everything else is hashed: content already loaded becomes a duplicate of that article.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pactwatch.ids import content_sha256
from pactwatch.read import MAX_ARTICLE_BYTES

# Names that writers use while a file is still being written or synced.
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".swp", "~")


@dataclass(frozen=True)
class FoundFile:
    path: Path  # absolute
    source_file: str  # relative to the source folder, with / separators
    size_bytes: int
    mtime_ns: int

    @property
    def ledger_key(self) -> tuple[str, int, int]:
        return (self.source_file, self.size_bytes, self.mtime_ns)


@dataclass(frozen=True)
class Candidate:
    """A file to read this run, with its content hash and what discovery decided."""

    found: FoundFile
    content_sha256: str | None
    status: str  # new | duplicate | rejected
    duplicate_of: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Discovery:
    candidates: list[Candidate]
    files_seen: int
    files_known: int
    deferred: list[tuple[str, str]]  # (source_file, reason): not read this run, read by a later one


def walk_source(source: Path) -> Iterator[tuple[Path, str | None]]:
    """Every regular file under source, with a reason when it must not be read now."""
    root = source.resolve()
    for directory, subdirs, files in os.walk(root, followlinks=False):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(directory) / name
            if name.startswith(".") or name.endswith(PARTIAL_SUFFIXES):
                yield path, "still being written or hidden (temporary name)"
            elif path.is_symlink() and not path.resolve().is_relative_to(root):
                yield path, "symlink pointing outside the source folder: not followed"
            elif not path.is_file():
                yield path, "not a regular file"
            else:
                yield path, None


def find_files(source: Path) -> tuple[list[FoundFile], list[tuple[str, str]]]:
    root = source.resolve()
    found, ignored = [], []
    for path, reason in walk_source(source):
        rel = path.relative_to(root).as_posix()
        if reason is not None:
            ignored.append((rel, reason))
            continue
        stat = path.stat()
        found.append(FoundFile(path=path, source_file=rel, size_bytes=stat.st_size, mtime_ns=stat.st_mtime_ns))
    return found, ignored


def discover(source: Path, known: set[tuple[str, int, int]], loaded_articles: set[str],
             rehash: bool = False) -> Discovery:
    """Decide for every file under source: skip (known), read (new), duplicate or reject."""
    found, deferred = find_files(source)
    candidates: list[Candidate] = []
    seen_this_run: dict[str, str] = {}
    files_known = 0
    for file in found:
        if not rehash and file.ledger_key in known:
            files_known += 1
            continue
        candidates.append(classify(file, loaded_articles, seen_this_run))
    return Discovery(candidates=candidates, files_seen=len(found) + len(deferred),
                     files_known=files_known, deferred=deferred)


def classify(file: FoundFile, loaded_articles: set[str], seen_this_run: dict[str, str]) -> Candidate:
    if file.size_bytes > MAX_ARTICLE_BYTES:
        return Candidate(file, None, "rejected", reason=f"too large: {file.size_bytes} bytes > {MAX_ARTICLE_BYTES}")
    try:
        digest = content_sha256(file.path.read_bytes())
    except OSError as error:
        return Candidate(file, None, "rejected", reason=f"unreadable: {error.strerror or error}")
    if digest in loaded_articles:
        return Candidate(file, digest, "duplicate", duplicate_of=digest)
    if digest in seen_this_run:
        return Candidate(file, digest, "duplicate", duplicate_of=digest,
                         reason=f"same content as {seen_this_run[digest]}")
    seen_this_run[digest] = file.source_file
    return Candidate(file, digest, "new")
