-- Subscriptions belong to the client (department system) that created them. Their position lives
-- in Kafka consumer group hutong.sub.<id>; this row is what any exchange instance needs to serve it.
create table subscription (
    id                uuid primary key,
    dataset           varchar(127) not null,
    owner_client      varchar(200) not null,
    owner_department  varchar(63)  not null,
    start_from        varchar(64)  not null,
    created_at        timestamptz  not null default now(),
    deleted_at        timestamptz
);

create index subscription_owner on subscription (owner_client) where deleted_at is null;
