-- The people dimension: one row per real person across articles, with every spelling seen.
create or replace view v_people as
with appearances as (
    select
        m.person_id,
        min(a.published_date) as first_published,
        max(a.published_date) as last_published,
        list(distinct p.title order by p.title) filter (where p.title is not null) as titles
    from person_mentions as m
    inner join participants as p using (participant_id)
    inner join articles as a on a.article_id = p.article_id
    group by m.person_id
)

select
    pe.person_id,
    pe.name,
    pe.country,
    pe.title,
    pe.aliases,
    coalesce(ap.titles, []::varchar[]) as titles,
    pe.mentions,
    pe.articles,
    ap.first_published,
    ap.last_published
from people as pe
left join appearances as ap using (person_id);

comment on view v_people is 'One row per real person across articles: transliteration variants resolved to one person, namesakes serving different countries kept apart.';
comment on column v_people.person_id is 'Id of the person; v_participants.person_id points here.';
comment on column v_people.name is 'The most used full form of the name.';
comment on column v_people.country is 'ISO3 of the country the person serves or belongs to.';
comment on column v_people.title is 'The most used office title.';
comment on column v_people.aliases is 'Every other spelling of the name seen across articles.';
comment on column v_people.titles is 'Every office title the person is given across articles.';
comment on column v_people.mentions is 'Participant rows resolved to this person.';
comment on column v_people.articles is 'Distinct articles the person appears in.';
comment on column v_people.first_published is 'Earliest publication date of an article naming the person.';
comment on column v_people.last_published is 'Latest publication date of an article naming the person.';
