-- The topics of each agreement, as one sorted list per agreement.
create or replace view stg_agreement_topics as
with topics as (
    select agreement_id, topic
    from agreement_topics
)

select
    agreement_id,
    list(topic order by topic) as topics
from topics
group by agreement_id;

comment on view stg_agreement_topics is 'Staging: the topics of each agreement as one sorted list.';
comment on column stg_agreement_topics.agreement_id is 'The agreement (agreements.agreement_id).';
comment on column stg_agreement_topics.topics is 'Topics from schemas/vocab/topics.csv, sorted.';
