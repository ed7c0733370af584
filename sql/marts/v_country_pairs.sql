-- Per pair of countries: how much they do together, and over what span of time.
create or replace view v_country_pairs as
with event_pairs as (
    select
        d.country_a,
        d.country_b,
        count(*) as events,
        count(*) filter (where e.is_main) as main_events,
        min(e.event_date) as first_event_date,
        max(e.event_date) as last_event_date
    from stg_event_dyads as d
    inner join events as e using (event_id)
    group by d.country_a, d.country_b
),

agreement_pairs as (
    select
        a.country as country_a,
        b.country as country_b,
        count(distinct a.agreement_id) as agreements,
        min(g.signed_date) as first_signed_date,
        max(g.signed_date) as last_signed_date
    from agreement_parties as a
    inner join agreement_parties as b
        on a.agreement_id = b.agreement_id and a.country < b.country
    inner join agreements as g on g.agreement_id = a.agreement_id
    group by a.country, b.country
)

select
    country_a,
    country_b,
    coalesce(e.events, 0) as events,
    coalesce(e.main_events, 0) as main_events,
    coalesce(g.agreements, 0) as agreements,
    least(e.first_event_date, g.first_signed_date) as first_date,
    greatest(e.last_event_date, g.last_signed_date) as last_date
from event_pairs as e
full outer join agreement_pairs as g using (country_a, country_b);

comment on view v_country_pairs is 'One row per unordered pair of countries that share an event or an agreement.';
comment on column v_country_pairs.country_a is 'ISO3 of the first country of the pair, alphabetically.';
comment on column v_country_pairs.country_b is 'ISO3 of the second country of the pair, alphabetically.';
comment on column v_country_pairs.events is 'Events in which both take part (main and background).';
comment on column v_country_pairs.main_events is 'Events in which both take part that articles report as news.';
comment on column v_country_pairs.agreements is 'Agreements to which both are parties.';
comment on column v_country_pairs.first_date is 'Earliest dated event or signature of the pair.';
comment on column v_country_pairs.last_date is 'Latest dated event or signature of the pair.';
