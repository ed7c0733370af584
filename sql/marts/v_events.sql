-- Events with their countries and the sentence they were read from.
create or replace view v_events as
with events_with_countries as (
    select
        e.*,
        coalesce(c.countries, []::varchar[]) as countries
    from events as e
    left join stg_event_countries as c using (event_id)
)

select
    e.event_id,
    e.article_id,
    a.source_file,
    e.event_type,
    e.event_date,
    e.date_precision,
    e.countries,
    e.is_main,
    e.evidence,
    e.evidence_start,
    e.evidence_end,
    e.rule,
    e.extractor_version,
    a.published_date
from events_with_countries as e
inner join articles as a using (article_id);

comment on view v_events is 'One row per event an article reports (meeting, visit, signing, anniversary, relations, operation).';
comment on column v_events.event_id is 'Deterministic id: same text and extractor version give the same id.';
comment on column v_events.article_id is 'The article it was read from (v_articles.article_id).';
comment on column v_events.source_file is 'The article file, relative to the source folder.';
comment on column v_events.event_type is 'meeting, visit, signing, anniversary, relations or operation.';
comment on column v_events.event_date is 'When it happened, to be read at date_precision; null when the text cannot say.';
comment on column v_events.date_precision is 'day, month or year: how much of event_date the text gives.';
comment on column v_events.countries is 'ISO 3166-1 alpha-3 codes of the countries taking part, sorted.';
comment on column v_events.is_main is 'True when the article reports it as news, false for background history.';
comment on column v_events.evidence is 'The sentence the event was read from.';
comment on column v_events.evidence_start is 'Character offset of the evidence in the cleaned article text.';
comment on column v_events.evidence_end is 'Character offset just past the evidence.';
comment on column v_events.rule is 'The extraction rule that produced the row.';
comment on column v_events.extractor_version is 'Version of the extractor that produced the row.';
comment on column v_events.published_date is 'Publication date of the article.';
