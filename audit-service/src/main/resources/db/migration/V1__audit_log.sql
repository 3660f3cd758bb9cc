-- The audit log: one row per AuditEvent, numbered by its leaf index in the Merkle tree.
-- Appended only; the event id makes a redelivered event a no-op.
create table audit_entry (
    leaf_index   bigint primary key check (leaf_index >= 0),
    event_id     uuid        not null unique,
    event_time   timestamptz not null,
    body         jsonb,
    leaf_hash    bytea       not null check (length(leaf_hash) = 32),
    ingested_at  timestamptz not null default now()
);
