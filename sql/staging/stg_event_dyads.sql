-- Every unordered pair of countries taking part in the same event.
create or replace view stg_event_dyads as
with pairs as (
    select
        a.event_id,
        a.country as country_a,
        b.country as country_b
    from event_countries as a
    inner join event_countries as b
        on a.event_id = b.event_id and a.country < b.country
)

select event_id, country_a, country_b
from pairs;

comment on view stg_event_dyads is 'Staging: one row per event and unordered pair of its countries (country_a < country_b).';
comment on column stg_event_dyads.event_id is 'The event (events.event_id).';
comment on column stg_event_dyads.country_a is 'ISO3 of the first country of the pair, alphabetically.';
comment on column stg_event_dyads.country_b is 'ISO3 of the second country of the pair, alphabetically.';
