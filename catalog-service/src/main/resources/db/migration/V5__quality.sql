-- Quality per dataset (issue 15). The exchange measures every committed published record and hands
-- the figures over as whole snapshots of one dataset-hour (topic hutong.quality.buckets); the
-- catalogue keeps the latest revision of each bucket for 35 days and answers for a dataset's
-- quality from them.

-- One dataset-hour as last received; a snapshot replaces it only with a higher revision.
-- No foreign key to dataset: a bucket is stored as it comes, whatever the catalogue holds.
create table quality_bucket (
    dataset         varchar(127) not null,
    hour            timestamptz  not null,
    revision        bigint       not null,
    last_record_at  timestamptz,
    received_at     timestamptz  not null,
    primary key (dataset, hour)
);

create index quality_bucket_hour on quality_bucket (hour);

-- The counters of a bucket: measure (QualityMeasure name), field and detail ('' when none).
create table quality_count (
    dataset  varchar(127) not null,
    hour     timestamptz  not null,
    measure  text         not null,
    field    text         not null,
    detail   text         not null,
    count    bigint       not null,
    primary key (dataset, hour, measure, field, detail),
    foreign key (dataset, hour) references quality_bucket (dataset, hour) on delete cascade
);

-- Grouped reads over a window of hours, for one dataset or for all (DCAT).
create index quality_count_hour on quality_count (hour, dataset);

-- The newest record ever counted per dataset; never pruned, so timeliness outlives the buckets.
create table dataset_last_record (
    dataset         varchar(127) primary key,
    last_record_at  timestamptz  not null
);

-- Each dataset's timeliness as the timeliness check last recorded it, and since when.
create table dataset_timeliness (
    dataset  varchar(127) primary key references dataset (code),
    status   varchar(20)  not null check (status in ('ON_TIME', 'LATE', 'NEVER_PUBLISHED')),
    since    timestamptz  not null
);

-- Every change of timeliness the check recorded, newest last (id order).
create table timeliness_change (
    id                 bigserial    primary key,
    dataset            varchar(127) not null references dataset (code),
    status             varchar(20)  not null check (status in ('ON_TIME', 'LATE', 'NEVER_PUBLISHED')),
    previous_status    varchar(20)  check (previous_status in ('ON_TIME', 'LATE', 'NEVER_PUBLISHED')),
    last_published_at  timestamptz,
    due_at             timestamptz,
    changed_at         timestamptz  not null
);

create index timeliness_change_dataset on timeliness_change (dataset, id);
