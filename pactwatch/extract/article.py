"""One article through the extractor: facts, then events, agreements and participants."""

from __future__ import annotations

from pactwatch.extract.agreements import extract_agreements
from pactwatch.extract.context import build_facts
from pactwatch.extract.events import extract_events
from pactwatch.extract.model import ArticleMeta, Evidence, Extraction, Participant
from pactwatch.extract.organizations import extract_organizations
from pactwatch.extract.people import Person
from pactwatch.extract.sentences import Sentence


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
