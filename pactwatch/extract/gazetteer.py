"""Gazetteers, read once at import from `data/` and pycountry.

Data lives in files, not code, so that adding a country alias or an honorific is a one-line
change that needs no review of the rules that use it.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

import pycountry

# The package's folder, not this file's: compiled, this module is loaded from `_native/`.
DATA_DIR = Path(str(files("pactwatch.extract") / "data"))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip diacritics and unify apostrophes: the key for every gazetteer lookup."""
    text = text.replace("’", "'").replace("‘", "'").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return [row for row in csv.DictReader(f) if any(v.strip() for v in row.values())]


def read_lines(name: str) -> list[str]:
    with (DATA_DIR / name).open(encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


@cache
def country_names() -> dict[str, str]:
    """Folded country name/alias -> ISO3: pycountry's names plus our aliases."""
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            # pycountry's inverted forms ("Korea, Republic of") never occur in running text.
            if value and "," not in value:
                names[fold(value)] = c.alpha_3
    for row in read_csv("country_aliases.csv"):
        names[fold(row["alias"])] = row["iso3"]
    # A bare "Korea" or "Congo" is ambiguous; the article context decides (see countries.py).
    for ambiguous in ("korea", "congo"):
        names.pop(ambiguous, None)
    return names


@cache
def demonyms() -> dict[str, str]:
    return {fold(r["word"]): r["iso3"] for r in read_csv("demonyms.csv")}


@cache
def cities() -> dict[str, str]:
    return {fold(r["city"]): r["iso3"] for r in read_csv("cities.csv")}


@cache
def non_country_phrases() -> tuple[str, ...]:
    return tuple(r["phrase"] for r in read_csv("non_country_phrases.csv"))


@cache
def international_orgs() -> dict[str, str]:
    return {r["name"]: r["short"] for r in read_csv("international_orgs.csv")}


@cache
def outlets() -> dict[str, str]:
    return {r["outlet"]: r["iso3"] for r in read_csv("outlets.csv")}


@cache
def honorifics() -> tuple[str, ...]:
    return tuple(sorted(read_lines("honorifics.txt"), key=len, reverse=True))


@cache
def title_words() -> frozenset[str]:
    return frozenset(fold(w) for w in read_lines("title_words.txt"))


@cache
def topic_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(r"\b(?:" + r["pattern"] + r")", re.I), r["topic"]) for r in read_csv("topic_keywords.csv")
    )


def alternation(phrases: list[str] | tuple[str, ...], after_first: str = "") -> str:
    """One regex alternation, longest first, so that "South Korea" wins over "Korea".

    Grouped by first character ("S(?:outh Korea|ri Lanka)|K(?:orea)"): in a case-sensitive regex,
    phrases that start differently never match at the same place, so the matches are those of the
    flat list in the same order, but the engine tries one group instead of every phrase.

    `after_first` goes right after each first character: a look-behind there (rather than before
    the alternation) leaves every branch starting with a literal, so the regex engine scans for
    those first characters in C instead of trying the pattern at every position.
    """
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    if "" in unique:
        return "|".join(re.escape(p) for p in unique)
    groups: dict[str, list[str]] = {}
    for phrase in unique:
        groups.setdefault(phrase[0], []).append(phrase[1:])
    return "|".join(
        re.escape(first) + after_first + re.escape(rests[0]) if len(rests) == 1
        else re.escape(first) + after_first + "(?:" + "|".join(re.escape(rest) for rest in rests) + ")"
        for first, rests in groups.items()
    )


@cache
def surnames() -> dict[str, str]:
    """Family names typical of one country (or "KOREA": either Korea, as the article decides)."""
    return {fold(r["surname"]): r["country"] for r in read_csv("surnames.csv")}


@cache
def org_words() -> frozenset[str]:
    return frozenset(read_lines("org_words.txt"))


@cache
def uppercase_class() -> str:
    """A regex character class body of every upper-case letter up to Latin Extended Additional."""
    ranges: list[list[int]] = []
    for code in range(0x41, 0x1F00):
        if chr(code).isupper():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
