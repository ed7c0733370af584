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
    path: str  # absolute; a str, not a Path: building 100k Path objects took a second of every night
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
    status: str  # new | duplicate (of the article with the same content hash) | rejected
    reason: str | None = None


@dataclass(frozen=True)
class Discovery:
    candidates: list[Candidate]
    files_seen: int
    files_known: int
    deferred: list[tuple[str, str]]  # (source_file, reason): not read this run, read by a later one


def walk_source(root: Path) -> Iterator[tuple[str, os.DirEntry[str], str | None]]:
    """Every file under root as (relative path, entry, reason not to read it now or None).

    os.scandir, not a Path walk: the directory read already says what is a link, a file or a
    folder, so a night over 100k known files costs one stat each and nothing more.
    """
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        subfolders = []
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    subfolders.append((Path(entry.path), rel + "/"))
            elif entry.name.startswith(".") or entry.name.endswith(PARTIAL_SUFFIXES):
                yield rel, entry, "still being written or hidden (temporary name)"
            elif entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(root):
                yield rel, entry, "symlink pointing outside the source folder: not followed"
            elif not entry.is_file():
                yield rel, entry, "not a regular file"
            else:
                yield rel, entry, None
        stack.extend(reversed(subfolders))  # depth first, in name order


def find_files(source: Path) -> tuple[list[FoundFile], list[tuple[str, str]]]:
    root = source.resolve()
    found, ignored = [], []
    for rel, entry, reason in walk_source(root):
        if reason is not None:
            ignored.append((rel, reason))
            continue
        stat = entry.stat()  # follows a link that stays inside the source
        found.append(FoundFile(path=entry.path, source_file=rel, size_bytes=stat.st_size,
                               mtime_ns=stat.st_mtime_ns))
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
        digest = content_sha256(Path(file.path).read_bytes())
    except OSError as error:
        return Candidate(file, None, "rejected", reason=f"unreadable: {error.strerror or error}")
    if digest in loaded_articles:
        return Candidate(file, digest, "duplicate")
    if digest in seen_this_run:
        return Candidate(file, digest, "duplicate", reason=f"same content as {seen_this_run[digest]}")
    seen_this_run[digest] = file.source_file
    return Candidate(file, digest, "new")
