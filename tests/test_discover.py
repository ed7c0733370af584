"""Discovery: what is read, skipped, deferred or called a duplicate."""

from __future__ import annotations

import os
from pathlib import Path

from pactwatch.discover import discover, find_files
from pactwatch.ids import content_sha256


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_files_are_found_recursively_with_relative_posix_paths(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "one")
    write(tmp_path / "2025" / "12" / "b.txt", "two")
    found, ignored = find_files(tmp_path)
    assert [f.source_file for f in found] == ["a.txt", "2025/12/b.txt"]
    assert ignored == []


def test_symlinks_out_of_the_source_are_not_followed(tmp_path: Path) -> None:
    source, outside = tmp_path / "in", tmp_path / "secret"
    write(outside / "passwd.txt", "not an article")
    write(source / "ok.txt", "article")
    (source / "link.txt").symlink_to(outside / "passwd.txt")
    (source / "inside.txt").symlink_to(source / "ok.txt")
    found, ignored = find_files(source)
    assert sorted(f.source_file for f in found) == ["inside.txt", "ok.txt"]
    assert ignored == [("link.txt", "symlink pointing outside the source folder: not followed")]


def test_partial_and_hidden_files_are_deferred(tmp_path: Path) -> None:
    write(tmp_path / "story.txt.part", "half")
    write(tmp_path / ".story.txt.swp", "editor")
    write(tmp_path / "story.txt", "whole")
    found, ignored = find_files(tmp_path)
    assert [f.source_file for f in found] == ["story.txt"]
    assert sorted(name for name, _ in ignored) == [".story.txt.swp", "story.txt.part"]


def test_known_files_are_not_hashed_again_and_duplicates_are_recognised(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", "same words")
    write(tmp_path / "b.txt", "same words")
    write(tmp_path / "c.txt", "loaded before")
    stat = a.stat()
    known = {("a.txt", stat.st_size, stat.st_mtime_ns)}
    result = discover(tmp_path, known, loaded_articles={content_sha256(b"loaded before")})
    by_name = {c.found.source_file: c for c in result.candidates}
    assert result.files_known == 1 and "a.txt" not in by_name
    assert by_name["b.txt"].status == "new"
    assert by_name["c.txt"].status == "duplicate"
    # a touched file (new mtime) is read again, and then it duplicates b.txt's content
    os.utime(a, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    again = {c.found.source_file: c for c in discover(tmp_path, known, set()).candidates}
    assert again["a.txt"].status == "new" and again["b.txt"].status == "duplicate"
