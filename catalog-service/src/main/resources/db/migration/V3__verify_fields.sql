-- Issue 14: access per field is to read (values delivered) or to verify (a value the consumer
-- holds is checked against the provider's record; the provider's value is never delivered), and a
-- grant may carry a daily quota of lookups and verifications that the exchange enforces.
-- Rows written before this are read-only requests and grants without a quota.

alter table access_request
    add column verify_fields          text[] not null default '{}',
    add column approved_verify_fields text[],
    add column lookup_quota           integer check (lookup_quota > 0);

-- An approved request of before approved no verify fields; pending and refused ones approved none.
update access_request set approved_verify_fields = '{}' where approved_fields is not null;

alter table dataset_grant
    add column verify_fields text[]  not null default '{}',
    add column lookup_quota  integer check (lookup_quota > 0);
