-- Rate-limit buckets shared by every gateway instance, one row per client (token subject).
-- GCRA: a client's "theoretical arrival time" in microseconds since the epoch, on the database's
-- clock, so instances whose clocks differ still agree. A row whose time has passed is a full
-- bucket and may be deleted at any moment.
create table rate_limit_bucket (
    client     text   primary key,
    tat_micros bigint not null
);
