-- Articles as analysts see them: one row per distinct article text.
create or replace view v_articles as
with articles_loaded as (
    select
        article_id,
        source_file,
        title,
        published_date,
        dateline,
        outlet,
        encoding,
        size_bytes,
        extractor_version,
        run_id
    from articles
)

select *
from articles_loaded;

comment on view v_articles is 'One row per distinct article (by content); the texts themselves are in table articles.';
comment on column v_articles.article_id is 'SHA-256 of the raw file bytes.';
comment on column v_articles.source_file is 'Path of the file, relative to the source folder of its run.';
comment on column v_articles.title is 'Headline, when the text has one.';
comment on column v_articles.published_date is 'Publication date stated by the text; null when it gives none.';
comment on column v_articles.dateline is 'Dateline city, when stated.';
comment on column v_articles.outlet is 'News outlet, when the text names it.';
comment on column v_articles.encoding is 'Text encoding the file was decoded from.';
comment on column v_articles.size_bytes is 'Size of the raw file in bytes.';
comment on column v_articles.extractor_version is 'Version of the extractor that read it.';
comment on column v_articles.run_id is 'The run that loaded it (table runs).';
