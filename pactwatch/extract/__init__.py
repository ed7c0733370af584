"""The extraction stage: cleaned article text -> events, participants and agreements.

Rule-based and deterministic: the same text and EXTRACTOR_VERSION always give the same output.
Every record carries the sentence it was read from and the name of the rule that produced it.
"""

from __future__ import annotations

from pactwatch.native import choose_build

# Before any module of the package is imported: the compiled build, when it matches the source.
EXTRACTOR_BUILD, NOT_COMPILED_BECAUSE = choose_build(__path__)

from pactwatch.extract.agreements import extract_agreements
from pactwatch.extract.context import build_facts
from pactwatch.extract.events import extract_events
from pactwatch.extract.model import ArticleMeta, Evidence, Extraction, Participant
from pactwatch.extract.organizations import extract_organizations
from pactwatch.extract.people import Person
from pactwatch.extract.sentences import Sentence

EXTRACTOR_VERSION = "0.7.0"

__all__ = ["EXTRACTOR_BUILD", "EXTRACTOR_VERSION", "extract_article"]


def person_record(person: Person, sentences: list[Sentence]) -> Participant:
    sentence = sentences[person.first.sentence]
    aliases = tuple(sorted({" ".join(m.tokens) for m in person.mentions} - {person.name}))
    return Participant(
        kind="person",
        name=person.name,
        country=person.country,
        title=person.title,
        evidence=Evidence(sentence.text, sentence.start, sentence.end),
        rule=f"person.{person.rule}",
        aliases=aliases,
    )


def extract_article(text: str, meta: ArticleMeta) -> Extraction:
    facts = build_facts(text, meta)
    events = extract_events(facts)
    agreements = extract_agreements(facts, events)
    sentences = [f.sentence for f in facts.sentences]
    people = tuple(person_record(p, sentences) for p in facts.people)
    return Extraction(events=events, participants=people + extract_organizations(facts), agreements=agreements)
