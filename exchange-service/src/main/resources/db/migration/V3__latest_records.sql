-- The latest record per key of every dataset, materialised from the data topics for lookups and
-- verifications (decision 0012). Rebuildable from Kafka alone: with the exchange stopped, delete the
-- rows of both tables; started again, it reads the data topics from their beginning.
create table latest_record (
    dataset         varchar(127) not null,
    record_key      text         not null, -- at most LatestRecords.MAX_KEY_LENGTH characters
    kafka_partition integer      not null,
    kafka_offset    bigint       not null,
    record_time     timestamptz  not null,
    -- Single-object encoded Avro as published; its fingerprint names the writer schema.
    value           bytea        not null,
    primary key (dataset, record_key)
);

-- Where the materialisation stands per data topic partition: the offset of the next record to
-- apply, written in the same transaction as the rows it covers.
create table latest_position (
    topic           varchar(255) not null,
    kafka_partition integer      not null,
    next_offset     bigint       not null,
    primary key (topic, kafka_partition)
);

-- Lookups plus verifications per grant and UTC day, against the grant's lookupQuota.
create table lookup_usage (
    grant_id uuid    not null,
    day      date    not null,
    used     integer not null,
    primary key (grant_id, day)
);
