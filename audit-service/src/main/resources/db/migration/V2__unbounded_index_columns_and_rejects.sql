-- Index columns hold values from events that any producer writes: never let their length stop
-- ingest. The canonical body keeps the full event; these only serve search.
alter table audit_entry
    alter column action type text,
    alter column outcome type text,
    alter column service type text,
    alter column actor type text,
    alter column department type text,
    alter column dataset type text;

-- Messages on hutong.audit.events that are not AuditEvents (unknown schema, corrupt bytes): kept,
-- not dropped, in the same transaction that commits their offsets, for an operator to examine.
create table audit_rejected (
    topic        text        not null,
    partition_no int         not null,
    offset_no    bigint      not null,
    payload      bytea,
    reason       text        not null,
    received_at  timestamptz not null default now(),
    primary key (topic, partition_no, offset_no)
);

grant select, insert on audit_rejected to ${writer};
