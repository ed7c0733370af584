-- The parties of each agreement, as one sorted list per agreement.
create or replace view stg_agreement_parties as
with parties as (
    select agreement_id, country
    from agreement_parties
)

select
    agreement_id,
    list(country order by country) as parties
from parties
group by agreement_id;

comment on view stg_agreement_parties is 'Staging: the parties of each agreement as one sorted list.';
comment on column stg_agreement_parties.agreement_id is 'The agreement (agreements.agreement_id).';
comment on column stg_agreement_parties.parties is 'ISO 3166-1 alpha-3 codes of the parties, sorted.';
