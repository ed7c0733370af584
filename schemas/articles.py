"""Articles and the files they were read from."""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa

from schemas.common import SHA256_PATTERN, article_ref, plausible_date


class Articles(pa.DataFrameModel):
    """One row per distinct article text (by the SHA-256 of its bytes)."""

    article_id: str = pa.Field(unique=True, str_matches=SHA256_PATTERN,
                               description="SHA-256 of the file's raw bytes")
    source_file: str = pa.Field(description="Path of the first file it was read from, relative to the source folder")
    source_root: str = pa.Field(description="Absolute path of the source folder of that run")
    title: str = pa.Field(nullable=True, description="Headline, when the text has one")
    published_date: dt.date = plausible_date("Publication date stated by the text; null when it gives none")
    dateline: str = pa.Field(nullable=True, description="Dateline city (VIENTIANE, SEOUL), when stated")
    outlet: str = pa.Field(nullable=True, description="News outlet, when the text names it")
    encoding: str = pa.Field(description="Text encoding the bytes were decoded from")
    size_bytes: int = pa.Field(ge=1, description="Size of the raw file in bytes")
    text: str = pa.Field(str_length={"min_value": 1},
                         description="Cleaned article text; evidence offsets point into it")
    extractor_version: str = pa.Field(description="Version of the extractor that read it")
    run_id: str = pa.Field(description="The run that loaded it (runs.run_id)")

    class Config:
        strict = True
        coerce = True


class ArticleFiles(pa.DataFrameModel):
    """Every file loaded as an article or as a duplicate of one: the ledger discovery checks first."""

    source_root: str = pa.Field(description="Absolute path of the source folder")
    source_file: str = pa.Field(description="Path relative to the source folder")
    size_bytes: int = pa.Field(ge=1, description="Size when read")
    mtime_ns: int = pa.Field(description="Modification time when read, in nanoseconds")
    article_id: str = article_ref("The article its content is (articles.article_id)")
    is_duplicate: bool = pa.Field(description="True when the content was already loaded from another file")
    run_id: str = pa.Field(description="The run that read it (runs.run_id)")

    class Config:
        strict = True
        coerce = True
        unique = ["source_root", "source_file", "article_id"]
