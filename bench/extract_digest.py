"""A digest of everything the per-file path produces, and how fast it produces it.

    python bench/extract_digest.py [--n 2000] [--seed 0] [--folder DIR ...] [--per-file FILE]

For each folder (the five seeds and the dev articles of ../shared when they are there, and a
generated bench corpus of N files), reads, cleans, parses metadata and extracts every file in one
process, and prints one line per folder: files, words, a SHA-256 over every output (cleaned
text, metadata, extraction records), words per second of the extraction alone and of
read+clean+metadata+extraction. A speed-up that changes no output keeps every digest; one that
changes output shows which folder moved, and --per-file writes a line per file to diff. Times are
CPU seconds of this process (`time.process_time`), so other work on the machine hardly moves them.
`build` says whether the extractor ran compiled (mypyc) or as Python: PACTWATCH_EXTRACTOR_BUILD=python
forces the latter (`pactwatch/native.py`), and both must give the same digests.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(1, str(BENCH.parent))

from generate import generate  # noqa: E402 - bench/ is not a package

from pactwatch.extract import EXTRACTOR_BUILD, extract_article  # noqa: E402
from pactwatch.metadata import parse_metadata  # noqa: E402
from pactwatch.read import clean_text, decode_article  # noqa: E402


def as_json(value: object) -> str:
    plain = dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value
    return json.dumps(plain, default=str, sort_keys=True, ensure_ascii=False)


def digest_folder(folder: Path, per_file: list[str]) -> dict:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    digest = hashlib.sha256()
    words = 0
    read_seconds = extract_seconds = 0.0
    for path in files:
        started = time.process_time()
        decoded = decode_article(path.read_bytes())
        text = clean_text(decoded.text) if decoded.text is not None else None
        middle = time.process_time()
        if text is None or not text.strip():
            line = f"{path.relative_to(folder)}\trefused\t{decoded.reason}"
        else:
            meta = parse_metadata(text)
            extraction = extract_article(text, meta)
            extract_seconds += time.process_time() - middle
            words += len(text.split())
            line = f"{path.relative_to(folder)}\t{hashlib.sha256(text.encode()).hexdigest()}\t{as_json(meta)}\t" \
                   f"{as_json(extraction)}"
        read_seconds += middle - started
        digest.update(line.encode())
        per_file.append(f"{folder.name}/{line}")
    return {"folder": str(folder), "build": EXTRACTOR_BUILD, "files": len(files), "words": words,
            "sha256": digest.hexdigest()[:16],
            "extract_words_per_s": round(words / extract_seconds) if extract_seconds else None,
            "path_words_per_s": round(words / (extract_seconds + read_seconds)) if extract_seconds else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="generated bench files (0 for none)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--folder", type=Path, action="append", default=[])
    parser.add_argument("--per-file", type=Path, help="write one line per file here, to diff two runs")
    args = parser.parse_args()
    shared = BENCH.parent.parent / "shared"
    folders = args.folder or [f for f in (shared / "seeds", shared / "eval" / "dev") if f.is_dir()]
    per_file: list[str] = []
    with tempfile.TemporaryDirectory() as work:
        if args.n:
            corpus = Path(work) / "corpus"
            generate(args.n, args.seed, corpus)
            folders.append(corpus)
        for folder in folders:
            print(json.dumps(digest_folder(folder, per_file)), flush=True)
    if args.per_file:
        args.per_file.write_text("\n".join(per_file) + "\n")


if __name__ == "__main__":
    main()
