-- The countries of each event, as one sorted list per event.
create or replace view stg_event_countries as
with countries as (
    select event_id, country
    from event_countries
)

select
    event_id,
    list(country order by country) as countries,
    count(*) as country_count
from countries
group by event_id;

comment on view stg_event_countries is 'Staging: the countries of each event as one sorted list.';
comment on column stg_event_countries.event_id is 'The event (events.event_id).';
comment on column stg_event_countries.countries is 'ISO 3166-1 alpha-3 codes of the countries taking part, sorted.';
comment on column stg_event_countries.country_count is 'How many countries take part.';
