-- What was measured of the published records, per dataset and UTC hour (issue 15, decision 0013).
-- Counted by the latest-state ingest in the transaction that moves its positions, so each
-- committed record is counted exactly once; refusals are counted by the publish path.
create table quality_hour (
    dataset          varchar(127) not null,
    hour             timestamptz  not null,
    -- Grows with every change; the catalogue keeps the snapshot of the highest revision.
    revision         bigint       not null,
    last_record_time timestamptz,
    -- Changed since its snapshot was last acknowledged by Kafka.
    dirty            boolean      not null,
    primary key (dataset, hour)
);
create index quality_hour_dirty on quality_hour (hour) where dirty;

-- One counter of a bucket: a QualityMeasure, the field it concerns ('' when none) and a detail
-- (a standard's kind, a rejection reason; '' when none).
create table quality_count (
    dataset varchar(127) not null,
    hour    timestamptz  not null,
    measure varchar(32)  not null,
    field   varchar(255) not null,
    detail  varchar(64)  not null,
    n       bigint       not null,
    primary key (dataset, hour, measure, field, detail)
);
