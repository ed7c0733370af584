"""Sentence splitting with character offsets into the original text.

Offsets matter more than linguistic perfection: every row's evidence is `text[start:end]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Typographic characters folded to ASCII one-for-one, so that offsets in the folded copy
# are offsets in the original text.
_FOLDS = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "}
_FOLD_PAIRS = tuple(_FOLDS.items())

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "lieut", "col", "maj", "brig", "capt", "adm", "sen", "sr",
        "jr", "st", "mt", "no", "nos", "vol", "pol", "gov", "rep", "jan", "feb", "mar", "apr", "jun", "jul",
        "aug", "sep", "sept", "oct", "nov", "dec", "h.e", "u.s", "u.k", "u.n", "e.g", "i.e", "etc", "vs",
        "approx", "dept", "govt", "corp", "inc", "ltd", "co",
    }
)
# A sentence ends after the punctuation the match starts with (the cut is one past the match's
# start). Starting with the punctuation rather than a look-behind for it lets the regex engine
# skip in C to the few places a sentence can end; the matches after it are the same.
_BOUNDARY = re.compile(r"[.!?](?:[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9À-Ỹ])|(?<=\./\.)\s*)")
_HEADER = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+")
_LAST_WORD = re.compile(r"([\w.]+)\.$")
_WORD_RUN = re.compile(r"[\w.]+")


@dataclass(unsafe_hash=True)  # a value, never changed: not frozen only for speed (pactwatch/native.py)
class Sentence:
    start: int
    end: int
    text: str  # the original text of the sentence
    norm: str  # same length, typographic quotes and dashes folded
    paragraph: int
    is_title: bool




def normalise(text: str) -> str:
    """Same-length copy with curly quotes and dashes made ASCII, for simpler patterns."""
    if text.isascii():
        return text  # nothing to fold
    # A few str.replace calls (searched in C) beat str.translate's per-character lookups on
    # non-ASCII text; every fold is to ASCII, so their order does not matter.
    for old, new in _FOLD_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


def is_abbreviation(before: str) -> bool:
    """True when the period that ends `before` belongs to an abbreviation or an initial."""
    if not before.endswith("."):
        if not before.endswith("\n"):
            return False  # "$" of _LAST_WORD is the end, or before a final newline only
        match = _LAST_WORD.search(before)
        if not match:
            return False
        word = match.group(1)
    else:
        # The last word is the run of word characters and periods that ends the text (less the final
        # period): read from the reversed tail, as a search tries every position and backtracks at each.
        tail = before[:-65:-1]
        length = _WORD_RUN.match(tail).end()  # type: ignore[union-attr]  # the tail starts with "."
        if length == len(tail) and len(before) > len(tail):
            length = _WORD_RUN.match(before[::-1]).end()  # type: ignore[union-attr]
        if length < 2:
            return False
        word = before[len(before) - length: -1]
    word = word.lower()
    # A single capital letter is an initial ("Enrique A. Manalo"), not a sentence end.
    return word in _ABBREVIATIONS or (len(word) == 1 and before[-2:-1].isupper())


def split_paragraph(text: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        cut = match.start() + 1
        if cut <= start or is_abbreviation(text[start:cut].rstrip("\"')] ")):
            continue
        spans.append((offset + start, offset + cut))
        start = match.end()
    if start < len(text):
        spans.append((offset + start, offset + len(text)))
    return spans


def split_sentences(text: str, norm: str | None = None) -> list[Sentence]:
    """Sentences of every non-empty line; the first non-empty line is the title."""
    norm = normalise(text) if norm is None else norm
    sentences: list[Sentence] = []
    position = 0
    paragraph = 0
    seen_title = False
    for line in text.split("\n"):
        line_start = position
        position += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        # A headline is short and unpunctuated; a long first line is the lead paragraph.
        title_line = not seen_title and len(stripped) <= 160 and not stripped.endswith(".")
        # A " date 2025-11-26 " page header is metadata, not part of the first sentence.
        header = _HEADER.match(line) if not seen_title else None
        offset = header.end() if header else 0
        for start, end in split_paragraph(line[offset:], line_start + offset):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                sentences.append(Sentence(start, end, text[start:end], norm[start:end], paragraph, title_line))
        seen_title = True
        paragraph += 1
    return sentences
