"""The extraction stage: cleaned article text -> events, participants and agreements.

Rule-based and deterministic: the same text and EXTRACTOR_VERSION always give the same output.
Every record carries the sentence it was read from and the name of the rule that produced it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pactwatch.native import choose_build

if TYPE_CHECKING:
    from pactwatch.extract.article import extract_article

EXTRACTOR_VERSION = "0.7.0"

# Before any module of the package is imported: the compiled build, when it matches the source.
EXTRACTOR_BUILD, NOT_COMPILED_BECAUSE = choose_build(__path__)

__all__ = ["EXTRACTOR_BUILD", "EXTRACTOR_VERSION", "extract_article"]


def __getattr__(name: str) -> object:
    # The rules load on first use, not with the package: the flow's own process reads the version
    # and never extracts (its worker processes do), and loading the rules compiles their regexes.
    if name == "extract_article":
        from pactwatch.extract.article import extract_article

        globals()[name] = extract_article
        return extract_article
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
