-- Datasets of the resource catalogue. search_text is maintained by the service:
-- lower(name + description + tags), searched by substring so Chinese text matches without a tokenizer.
create table dataset (
    code                    varchar(127) primary key,
    provider                varchar(63)  not null references department (code),
    name                    varchar(200) not null,
    description             text         not null default '',
    category                varchar(20)  not null check (category in ('BASE', 'THEMATIC', 'DEPARTMENTAL')),
    tags                    text[]       not null default '{}',
    sharing_type            varchar(20)  not null check (sharing_type in ('UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED')),
    sharing_conditions      text,
    legal_basis             text,
    open_to_public          boolean      not null default false,
    update_frequency        varchar(20)  not null check (update_frequency in
                               ('REALTIME', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'YEARLY', 'ON_CHANGE')),
    compatibility           varchar(30)  not null,
    status                  varchar(10)  not null check (status in ('ACTIVE', 'RETIRED')),
    current_schema_version  int          not null,
    retired_reason          text,
    search_text             text         not null,
    created_at              timestamptz  not null,
    created_by              varchar(200) not null,
    updated_at              timestamptz  not null,
    check (sharing_type = 'UNCONDITIONAL' or coalesce(length(trim(legal_basis)), 0) > 0)
);

create index dataset_provider on dataset (provider, code);
create index dataset_sharing_type on dataset (sharing_type, code);

-- Numbered schema versions; a version is immutable once written.
create table dataset_schema (
    dataset      varchar(127) not null references dataset (code),
    version      int          not null check (version >= 1),
    schema_json  text         not null,
    fingerprint  bigint       not null,
    created_at   timestamptz  not null,
    created_by   varchar(200) not null,
    primary key (dataset, version)
);

-- A consumer department's request to read a dataset, and its review.
create table access_request (
    id               uuid primary key,
    dataset          varchar(127) not null references dataset (code),
    provider         varchar(63)  not null,
    consumer         varchar(63)  not null references department (code),
    purpose          text         not null,
    fields           text[]       not null,
    status           varchar(12)  not null check (status in ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN')),
    requested_by     varchar(200) not null,
    requested_at     timestamptz  not null,
    reply_deadline   timestamptz,
    decided_by       varchar(200),
    decided_at       timestamptz,
    decision_reason  text,
    approved_fields  text[],
    valid_until      timestamptz,
    grant_id         uuid
);

-- At most one open request per dataset and consumer.
create unique index access_request_one_pending on access_request (dataset, consumer) where status = 'PENDING';
create index access_request_provider on access_request (provider, status, requested_at);
create index access_request_consumer on access_request (consumer, status, requested_at);

-- Grants: what a consumer department may read. Live = neither revoked nor expired.
create table dataset_grant (
    id             uuid primary key,
    dataset        varchar(127) not null references dataset (code),
    provider       varchar(63)  not null,
    consumer       varchar(63)  not null,
    fields         text[]       not null,
    purpose        text         not null,
    request_id     uuid         not null references access_request (id),
    valid_from     timestamptz  not null,
    valid_until    timestamptz,
    issued_by      varchar(200) not null,
    revoked_at     timestamptz,
    revoked_by     varchar(200),
    revoke_reason  text,
    expired_at     timestamptz
);

-- Only one live grant per dataset and consumer. Expiry by time is recorded by the expiry job
-- (and before any new grant of the same pair), so the index holds.
create unique index dataset_grant_one_live on dataset_grant (dataset, consumer)
    where revoked_at is null and expired_at is null;
create index dataset_grant_expiry on dataset_grant (valid_until) where revoked_at is null and expired_at is null;

-- Transactional outbox: catalogue events and audit events, written in the transaction of the
-- change they describe, relayed to Kafka in id order, deleted once Kafka acknowledged them.
create table outbox (
    id           bigserial primary key,
    topic        varchar(249) not null,
    message_key  varchar(400) not null,
    payload      bytea        not null,
    created_at   timestamptz  not null default now()
);
