"""Profile extraction (parse_metadata + extract_article) on a generated corpus, in one process.

    python bench/profile_extract.py [--n 1000] [--seed 0] [--corpus DIR] [--top 25] [--html FILE]

Reads and cleans every file first (not profiled), then profiles the extraction of all of them
with pyinstrument when it is installed (a sampling profiler: `pip install pyinstrument`, for
profiling only, not a dependency of the benchmark), else with cProfile. Prints the functions with
the most self time, and self time summed by module. With --batch, profiles the whole per-file
path of a worker (`pactwatch.batch.process_batch`) instead.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(1, str(BENCH.parent))

from generate import generate  # noqa: E402 - bench/ is not a package


def texts_of(corpus: Path) -> list[str]:
    from pactwatch.read import clean_text, decode_article

    texts = []
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        decoded = decode_article(path.read_bytes())
        if decoded.text is not None and (text := clean_text(decoded.text)).strip():
            texts.append(text)
    return texts


def short(path: str) -> str:
    for marker in ("/site-packages/", "/work/main/", "/lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def with_pyinstrument(work: Callable[[], int], top: int, html: Path | None) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    work()
    session = profiler.stop()
    total = session.duration
    by_function: Counter[str] = Counter()
    by_module: Counter[str] = Counter()
    folded: Counter[str] = Counter()  # self time with the C functions it calls (regex, str methods) folded in
    inclusive: Counter[str] = Counter()  # time in a function and what it calls, counted once per stack

    def walk(frame, stack: frozenset[str], python_caller: str) -> None:  # type: ignore[no-untyped-def]
        if frame.is_synthetic:
            return
        name = f"{short(frame.file_path or '?')}:{frame.line_no} {frame.function}"
        builtin = (frame.file_path or "").startswith("<built-in>")
        own = frame.total_self_time
        if own > 0:
            by_function[name] += own
            by_module[short(frame.file_path or "?")] += own
            folded[python_caller if builtin else name] += own
        if name not in stack and ("pactwatch/" in name or "polars/" in name or "pandera/" in name):
            inclusive[name] += frame.time
        for child in frame.children:
            walk(child, stack | {name}, python_caller if builtin else name)

    root = session.root_frame()
    if root is not None:
        walk(root, frozenset(), "?")
    print(f"pyinstrument: {total:.2f} s sampled")
    print_top("self time by function", by_function, total, top)
    print_top("self time by function, C calls (regex matching, str methods) folded into their caller", folded,
              total, top)
    print_top("self time by module", by_module, total, top)
    print_top("inclusive time by function (pactwatch, polars, pandera)", inclusive, total, top)
    if html:
        html.write_text(profiler.output_html())
        print(f"call tree: {html}")


def with_cprofile(work: Callable[[], int], top: int) -> None:
    profile = cProfile.Profile()
    profile.enable()
    work()
    profile.disable()
    stats = pstats.Stats(profile)
    by_function: Counter[str] = Counter()
    by_module: Counter[str] = Counter()
    for (file, line, function), (_, _, self_time, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_function[f"{short(file)}:{line} {function}"] += self_time
        by_module[short(file)] += self_time
    total = sum(by_function.values())
    print(f"cProfile (pyinstrument not installed): {total:.2f} s")
    print_top("self time by function", by_function, total, top)
    print_top("self time by module", by_module, total, top)


def print_top(title: str, counts: Counter[str], total: float, top: int) -> None:
    print(f"\n{title}:")
    for name, seconds in counts.most_common(top):
        print(f"  {seconds:7.2f} s {100 * seconds / total:5.1f}%  {name}")


def extract_work(corpus: Path) -> Callable[[], int]:
    from pactwatch.extract import EXTRACTOR_VERSION, extract_article
    from pactwatch.metadata import parse_metadata

    texts = texts_of(corpus)
    extract_article(texts[0], parse_metadata(texts[0]))  # load gazetteers and compile patterns first
    words = sum(len(t.split()) for t in texts)
    print(f"extractor {EXTRACTOR_VERSION}: {len(texts)} articles, {words:,} words of cleaned text")

    def work() -> int:
        for text in texts:
            extract_article(text, parse_metadata(text))
        return words

    return work


def batch_work(corpus: Path, staging: Path) -> Callable[[], int]:
    from pactwatch.batch import inputs_of, process_batch
    from pactwatch.discover import discover
    from pactwatch.extract import EXTRACTOR_VERSION
    from pactwatch.pipeline import batch_sizes

    items = inputs_of(discover(corpus, set(), set()).candidates)
    batches, start = [], 0
    for size in batch_sizes(len(items), os.cpu_count() or 1):  # the sizes a run of the pipeline uses
        batches.append(items[start:start + size])
        start += size
    root = str(corpus.resolve())
    process_batch(items[:5], root, str(staging / "warm"), "bench")  # imports, gazetteers, patterns
    print(f"extractor {EXTRACTOR_VERSION}: {len(items)} new files in {len(batches)} batches, "
          f"{' '.join(str(len(b)) for b in batches)} files")

    def work() -> int:
        for n, batch in enumerate(batches):
            process_batch(batch, root, str(staging / f"batch-{n:05d}"), "bench")
        return len(items)

    return work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=None, help="profile these files instead of generating")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--html", type=Path, default=None, help="also write pyinstrument's call tree here")
    parser.add_argument("--batch", action="store_true",
                        help="profile pactwatch.batch.process_batch (read, hash, decode, clean, extract, normalise, "
                             "validate, write Parquet) in the pipeline's batch sizes, in this one process")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pactwatch-profile-") as tmp:
        corpus = args.corpus or Path(tmp) / "corpus"
        if args.corpus is None:
            generate(args.n, args.seed, corpus)
        work = batch_work(corpus, Path(tmp) / "staging") if args.batch else extract_work(corpus)
        started = time.perf_counter()
        count = work()
        seconds = time.perf_counter() - started
        unit = "files" if args.batch else "words"
        print(f"{seconds:.2f} s unprofiled = {count / seconds:,.0f} {unit}/s")
        try:
            import pyinstrument  # noqa: F401
        except ImportError:
            with_cprofile(work, args.top)
        else:
            with_pyinstrument(work, args.top, args.html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
