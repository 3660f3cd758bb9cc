-- Issue 15: field standards (数据标准). A provider's data administrator attaches standards to fields
-- of a dataset's schema versions and chooses what a violation does when records are published:
-- MEASURE (accepted and counted) or REJECT (the batch is refused with field-level details).
-- The whole set of a dataset is replaced at once; position is the standard's place in that set.

alter table dataset
    add column violation_mode varchar(10) not null default 'MEASURE'
        check (violation_mode in ('MEASURE', 'REJECT'));

create table field_standard (
    dataset         varchar(127) not null,
    schema_version  int          not null,
    field           varchar(200) not null,
    position        int          not null check (position >= 0),
    kind            varchar(40)  not null,
    pattern         varchar(500),
    min_value       varchar(40),
    max_value       varchar(40),
    codes           text[]       not null default '{}',
    primary key (dataset, schema_version, field, position),
    foreign key (dataset, schema_version) references dataset_schema (dataset, version)
);
