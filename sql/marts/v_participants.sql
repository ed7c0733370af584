-- People and organisations acting in each article.
create or replace view v_participants as
with participants_in_articles as (
    select
        p.*,
        a.source_file,
        m.person_id
    from participants as p
    inner join articles as a using (article_id)
    left join person_mentions as m using (participant_id)
)

select
    participant_id,
    article_id,
    source_file,
    kind,
    name,
    country,
    title,
    aliases,
    person_id,
    evidence,
    evidence_start,
    evidence_end,
    rule,
    extractor_version
from participants_in_articles;

comment on view v_participants is 'One row per person or organisation acting in an article.';
comment on column v_participants.participant_id is 'Deterministic id of the participant within its article.';
comment on column v_participants.article_id is 'The article (v_articles.article_id).';
comment on column v_participants.source_file is 'The article file, relative to the source folder.';
comment on column v_participants.kind is 'person or organization.';
comment on column v_participants.name is 'Full name as written, without titles or honorifics.';
comment on column v_participants.country is 'ISO3 of the country served or belonged to; null when the text does not tell.';
comment on column v_participants.title is 'Office, in the shortest clear form the article gives.';
comment on column v_participants.aliases is 'Other forms of the name in the article, separated by "; ".';
comment on column v_participants.person_id is 'The person across articles (v_people.person_id); null for organisations.';
comment on column v_participants.evidence is 'The sentence the participant was read from.';
comment on column v_participants.evidence_start is 'Character offset of the evidence in the cleaned article text.';
comment on column v_participants.evidence_end is 'Character offset just past the evidence.';
comment on column v_participants.rule is 'The extraction rule that produced the row.';
comment on column v_participants.extractor_version is 'Version of the extractor that produced the row.';
