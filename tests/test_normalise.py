"""Normalise: records to typed frames with deterministic ids, one row per occurrence."""

from __future__ import annotations

import datetime as dt

from pactwatch.extract.model import Agreement, ArticleMeta, Evidence, Extraction, Participant
from pactwatch.normalise import ReadArticle, frames_from_articles

TEXT = "Title\n\nThe two countries signed two treaties on Monday.\n"
SENTENCE = Evidence("The two countries signed two treaties on Monday.", 7, 55)


def article(extraction: Extraction) -> ReadArticle:
    return ReadArticle(article_id="a" * 64, source_file="x.txt", source_root="/in", encoding="utf-8",
                       size_bytes=len(TEXT), text=TEXT, meta=ArticleMeta("Title", dt.date(2025, 1, 8)),
                       extraction=extraction)


def test_identical_agreements_are_separate_rows_and_a_repeated_participant_is_one() -> None:
    treaty = Agreement("treaty", "signed", ("KOR", "LAO"), (), dt.date(2025, 1, 6), "day", None, SENTENCE, "r")
    person = Participant("person", "Kim Min-jun", "KOR", "Minister", SENTENCE, "r")
    frames = frames_from_articles([article(Extraction((), (person, person), (treaty, treaty)))], "1", "run")
    ids = frames["agreements"].get_column("agreement_id").to_list()
    assert len(ids) == 2 and len(set(ids)) == 2
    assert frames["agreement_parties"].height == 4
    assert frames["participants"].height == 1
    again = frames_from_articles([article(Extraction((), (person,), (treaty, treaty)))], "1", "run")
    assert again["agreements"].get_column("agreement_id").to_list() == ids
