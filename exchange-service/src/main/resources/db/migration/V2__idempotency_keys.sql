-- Idempotency-Key of publish calls (IETF httpapi draft): one row per client and key.
-- A row is claimed (IN_FLIGHT) before the Kafka transaction and completed (DONE) with the answer
-- after it. A claim left by a dead instance is resolved by looking in the dataset topic, from
-- start_cursor, for records carrying the claim's attempt id.
create table idempotency_key (
    client        varchar(200) not null,
    idem_key      varchar(200) not null,
    dataset       varchar(127) not null,
    request_hash  bytea        not null,
    attempt       uuid         not null,
    status        varchar(10)  not null check (status in ('IN_FLIGHT', 'DONE')),
    start_cursor  text,
    response      text,
    claimed_at    timestamptz  not null,
    completed_at  timestamptz,
    primary key (client, idem_key)
);

create index idempotency_key_age on idempotency_key (claimed_at);
