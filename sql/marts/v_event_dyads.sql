-- Event data in dyadic form: one row per event and pair of its countries.
create or replace view v_event_dyads as
with dyads as (
    select
        d.event_id,
        d.country_a,
        d.country_b
    from stg_event_dyads as d
)

select
    d.event_id,
    e.article_id,
    a.source_file,
    e.event_type,
    e.event_date,
    e.date_precision,
    e.is_main,
    d.country_a,
    d.country_b,
    e.evidence
from dyads as d
inner join events as e using (event_id)
inner join articles as a on a.article_id = e.article_id;

comment on view v_event_dyads is 'One row per event and unordered pair of its countries (country_a < country_b), the form event-data analysts use.';
comment on column v_event_dyads.event_id is 'The event (v_events.event_id).';
comment on column v_event_dyads.article_id is 'The article it was read from.';
comment on column v_event_dyads.source_file is 'The article file, relative to the source folder.';
comment on column v_event_dyads.event_type is 'meeting, visit, signing, anniversary, relations or operation.';
comment on column v_event_dyads.event_date is 'When it happened, at date_precision.';
comment on column v_event_dyads.date_precision is 'day, month or year.';
comment on column v_event_dyads.is_main is 'True when reported as news, false for background.';
comment on column v_event_dyads.country_a is 'ISO3 of the first country of the pair, alphabetically.';
comment on column v_event_dyads.country_b is 'ISO3 of the second country of the pair, alphabetically.';
comment on column v_event_dyads.evidence is 'The sentence the event was read from.';
