"""The people dimension: one row per real person across articles."""

from __future__ import annotations

import pandera.polars as pa

from schemas.common import country


class People(pa.DataFrameModel):
    """One row per person, however many articles and spellings they appear under."""

    person_id: str = pa.Field(unique=True, str_matches=r"^pe_[0-9a-f]{16}$",
                              description="Id of the person, derived from their country and name key")
    name: str = pa.Field(description="The most used full form of the name")
    country: str = country("ISO3 of the country the person serves or belongs to", nullable=True)
    title: str = pa.Field(nullable=True, description="The most used office title")
    aliases: list[str] = pa.Field(description="Every other spelling seen across articles")
    mentions: int = pa.Field(ge=1, description="Participant rows resolved to this person")
    articles: int = pa.Field(ge=1, description="Distinct articles the person appears in")

    class Config:
        strict = True
        coerce = True


class PersonMentions(pa.DataFrameModel):
    """Which person each person participant is."""

    participant_id: str = pa.Field(unique=True, description="The participant (participants.participant_id)")
    person_id: str = pa.Field(str_matches=r"^pe_[0-9a-f]{16}$", description="The person (people.person_id)")

    class Config:
        strict = True
        coerce = True
