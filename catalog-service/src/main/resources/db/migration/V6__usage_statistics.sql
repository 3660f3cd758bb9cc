-- Issue 15, sharing statistics: what moved through the exchange, counted from the audit events
-- themselves (topic hutong.audit.events, consumer group hutong.catalog.usage), so the figures agree
-- with the audit log by construction. Lookup keys are never stored here, only their number.

-- Daily totals of allowed usage events per dataset, acting department and action.
-- provider: the dataset's provider (the first segment of its code);
-- department: the department of the event's caller (the publisher, or the consuming department);
-- events: allowed events counted; records: sum of their recordCount; keys: sum of their keys' sizes.
create table usage_daily (
    day         date         not null,
    dataset     varchar(127) not null,
    provider    varchar(63)  not null,
    department  varchar(63)  not null,
    action      varchar(40)  not null,
    events      bigint       not null default 0,
    records     bigint       not null default 0,
    keys        bigint       not null default 0,
    primary key (day, dataset, department, action)
);

create index usage_daily_provider on usage_daily (provider, day);

-- Ids of the audit events already counted (the outbox relay may resend an event after a crash; the
-- audit log stores each id once, so statistics count it once). Kept 8 days: longer than the audit
-- topic's 7-day retention, so no resent copy can outlive its id here.
create table usage_event_seen (
    id   uuid primary key,
    day  date not null
);

create index usage_event_seen_day on usage_event_seen (day);

-- Next offset to read per partition of the audit topic, written in the transaction of the counts
-- it covers: a restart or a rebalance resumes exactly where the counts stand.
create table usage_position (
    topic        varchar(249) not null,
    partition    int          not null,
    next_offset  bigint       not null,
    primary key (topic, partition)
);
