-- Agreements with their parties and topics.
create or replace view v_agreements as
with agreements_full as (
    select
        g.*,
        coalesce(p.parties, []::varchar[]) as parties,
        coalesce(t.topics, []::varchar[]) as topics
    from agreements as g
    left join stg_agreement_parties as p using (agreement_id)
    left join stg_agreement_topics as t using (agreement_id)
)

select
    g.agreement_id,
    g.article_id,
    a.source_file,
    g.agreement_type,
    g.status,
    g.name,
    g.parties,
    g.signed_date,
    g.date_precision,
    g.valid_until,
    g.topics,
    g.evidence,
    g.evidence_start,
    g.evidence_end,
    g.rule,
    g.extractor_version
from agreements_full as g
inner join articles as a using (article_id);

comment on view v_agreements is 'One row per written instrument an article mentions: treaty, memorandum, agreement or plan.';
comment on column v_agreements.agreement_id is 'Deterministic id: same text and extractor version give the same id.';
comment on column v_agreements.article_id is 'The article it was read from (v_articles.article_id).';
comment on column v_agreements.source_file is 'The article file, relative to the source folder.';
comment on column v_agreements.agreement_type is 'treaty, memorandum, agreement or plan.';
comment on column v_agreements.status is 'signed (in the reported event), in_force (earlier, existing) or negotiating.';
comment on column v_agreements.name is 'The instrument as the text names it, when it does.';
comment on column v_agreements.parties is 'ISO 3166-1 alpha-3 codes of the parties, sorted.';
comment on column v_agreements.signed_date is 'Date of signature when the text gives or implies it.';
comment on column v_agreements.date_precision is 'day, month or year: how much of signed_date the text gives.';
comment on column v_agreements.valid_until is 'Expiry or renewal date when stated.';
comment on column v_agreements.topics is 'What it covers, from schemas/vocab/topics.csv, sorted.';
comment on column v_agreements.evidence is 'The sentence the agreement was read from.';
comment on column v_agreements.evidence_start is 'Character offset of the evidence in the cleaned article text.';
comment on column v_agreements.evidence_end is 'Character offset just past the evidence.';
comment on column v_agreements.rule is 'The extraction rule that produced the row.';
comment on column v_agreements.extractor_version is 'Version of the extractor that produced the row.';
