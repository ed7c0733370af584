"""One batch: files in, staged tables out; a pathological text is refused, not waited for."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from pactwatch import batch, extract
from pactwatch.batch import BatchInput, ExtractionTimeout, process_batch, time_limit
from pactwatch.ids import content_sha256
from pactwatch.pipeline import MAX_BATCH_SIZE, MIN_BATCH_SIZE, batch_sizes


def test_time_limit_interrupts_a_runaway_computation() -> None:
    started = time.monotonic()
    with pytest.raises(ExtractionTimeout, match="pathological"), time_limit(0.2):
        while True:
            pass
    assert time.monotonic() - started < 5


def item_for(path: Path) -> BatchInput:
    data, stat = path.read_bytes(), path.stat()
    return BatchInput(str(path), path.name, stat.st_size, stat.st_mtime_ns, content_sha256(data))


def test_a_batch_stages_every_table_and_refuses_what_it_must(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Ministers meet\n\nThe foreign ministers of Laos and Thailand met in Vientiane on Monday.\n")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    changing = tmp_path / "changing.txt"
    changing.write_text("Being written")
    items = [item_for(good), item_for(binary), item_for(changing)]
    changing.write_text("Being written, and longer now")
    outcome = process_batch(items, str(tmp_path), str(tmp_path / "out"), "r1")
    out = tmp_path / "out"
    assert outcome.articles == 1
    assert [(name, reason.split(":")[0]) for name, reason in outcome.deferred] == [
        ("changing.txt", "changed while being read (still being written?)")]
    rejected = pl.read_parquet(out / "rejected_files.parquet")
    assert rejected.select("source_file").to_series().to_list() == ["bin.txt"]
    for table in ("articles", "events", "event_countries", "participants", "agreements", "agreement_parties",
                  "agreement_topics", "rejected_rows"):
        assert (out / f"{table}.parquet").exists()

    def slow_extract(text: str, meta: object) -> None:
        time.sleep(5)

    monkeypatch.setattr(extract, "extract_article", slow_extract)  # read_file imports it from there
    monkeypatch.setattr(batch, "EXTRACTION_SECONDS_LIMIT", 0.3)
    slow = process_batch([item_for(good)], str(tmp_path), str(tmp_path / "out2"), "r2")
    assert slow.articles == 0
    reasons = pl.read_parquet(tmp_path / "out2" / "rejected_files.parquet").get_column("reason").to_list()
    assert reasons == ["extraction took over 0.3 s: pathological text, not loaded"]


def test_an_extractor_bug_on_one_text_rejects_that_file_for_a_retry_and_spares_the_rest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pactwatch.extract import extract_article

    fine = tmp_path / "fine.txt"
    fine.write_text("Talks\n\nThe foreign ministers of Laos and Thailand met in Vientiane on Monday.\n")
    poison = tmp_path / "poison.txt"
    poison.write_text("Talks\n\nThis text trips a bug in the extractor.\n")

    def buggy_extract(text: str, meta: object) -> object:
        if "trips a bug" in text:
            raise KeyError("boom")
        return extract_article(text, meta)

    monkeypatch.setattr(extract, "extract_article", buggy_extract)
    outcome = process_batch([item_for(fine), item_for(poison)], str(tmp_path), str(tmp_path / "out"), "r1")
    assert outcome.articles == 1
    rejected = pl.read_parquet(tmp_path / "out" / "rejected_files.parquet").rows(named=True)
    assert [(r["source_file"], r["reason"]) for r in rejected] == [
        ("poison.txt", f"{batch.EXTRACTOR_ERROR}: KeyError: 'boom'")]


@pytest.mark.parametrize("files", [1, 99, 100, 101, 999, 1000, 4321, 100_000])
@pytest.mark.parametrize("workers", [1, 2, 8])
def test_batches_cover_every_file_once_and_shrink_towards_the_end(files: int, workers: int) -> None:
    sizes = batch_sizes(files, workers)
    assert sum(sizes) == files
    assert all(0 < size <= MAX_BATCH_SIZE for size in sizes)
    assert all(size >= MIN_BATCH_SIZE for size in sizes[:-1])
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-1] <= MIN_BATCH_SIZE  # no worker is left finishing a large batch alone


def test_the_flows_own_process_does_not_load_the_extractors_rules() -> None:
    # Only the workers extract: planning and loading batches must not pay for compiling the rules.
    code = ("import json, sys, flows.nightly, pactwatch.pipeline; print(json.dumps(sorted("
            "m for m in sys.modules if m.startswith(('pactwatch.extract', 'pactwatch.metadata')))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=120)
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "pactwatch.extract" in loaded  # the version and build are read
    rules = {"pactwatch.extract.article", "pactwatch.extract.names", "pactwatch.extract.events",
             "pactwatch.extract.agreements", "pactwatch.extract.gazetteer", "pactwatch.metadata"}
    assert loaded.isdisjoint(rules), loaded & rules
