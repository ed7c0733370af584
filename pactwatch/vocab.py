"""The controlled vocabularies, read once from `schemas/vocab/*.csv` and pycountry.

Everything that needs an allowed value (the Pandera models, the extractor, the SQL comments)
reads it from here, so a vocabulary changes in exactly one place.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pycountry

VOCAB_DIR = Path(__file__).resolve().parent.parent / "schemas" / "vocab"


@cache
def read_vocabulary(name: str) -> dict[str, str]:
    """Code -> description for one vocabulary file, in file order."""
    with (VOCAB_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return {row["code"]: row["description"] for row in csv.DictReader(f)}


def event_types() -> tuple[str, ...]:
    return tuple(read_vocabulary("event_types"))


def agreement_types() -> tuple[str, ...]:
    return tuple(read_vocabulary("agreement_types"))


def agreement_statuses() -> tuple[str, ...]:
    return tuple(read_vocabulary("agreement_statuses"))


def topics() -> tuple[str, ...]:
    return tuple(read_vocabulary("topics"))


def date_precisions() -> tuple[str, ...]:
    return tuple(read_vocabulary("date_precisions"))


def participant_kinds() -> tuple[str, ...]:
    return tuple(read_vocabulary("participant_kinds"))


@cache
def country_codes() -> tuple[str, ...]:
    """Every ISO 3166-1 alpha-3 code, from the maintained pycountry data."""
    return tuple(sorted(c.alpha_3 for c in pycountry.countries))
