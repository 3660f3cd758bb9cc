-- The audit log: an append-only Merkle tree in the manner of RFC 9162.
-- Roles: the schema owner (${owner}) runs these migrations; the service writes with ${writer},
-- which may insert and read but never update or delete; the retention job uses ${retention},
-- which may only clear the bodies of expired entries. ${writer} and ${retention} must exist
-- before migrating (the local stack creates them; in production the DBA does).

-- One leaf per AuditEvent. body is the RFC 8785 (JCS) canonical JSON of the event, exactly the
-- bytes hashed into leaf_hash = SHA-256(0x00 || body). The other columns index it for search.
create table audit_entry (
    leaf_index    bigint primary key check (leaf_index >= 0),
    event_id      uuid        not null unique,
    event_time    timestamptz not null,
    action        varchar(64) not null,
    outcome       varchar(8)  not null,
    service       varchar(64) not null,
    actor         varchar(200),
    department    varchar(63),
    dataset       varchar(127),
    body          text,
    leaf_hash     bytea       not null check (length(leaf_hash) = 32),
    ingested_at   timestamptz not null default now(),
    retained      boolean     not null default true
);

create index audit_entry_department on audit_entry (department, leaf_index);
create index audit_entry_dataset on audit_entry (dataset, leaf_index);
create index audit_entry_actor on audit_entry (actor, leaf_index);
create index audit_entry_time on audit_entry (event_time);

-- Hashes of the perfect subtrees: node (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level).
-- Level 0 is audit_entry.leaf_hash. Written once, when the subtree becomes complete.
create table audit_node (
    level  smallint not null check (level between 1 and 62),
    idx    bigint   not null check (idx >= 0),
    hash   bytea    not null check (length(hash) = 32),
    primary key (level, idx)
);

-- Signed tree heads handed out, so /verify can also check the roots auditors may hold.
create table tree_head (
    tree_size   bigint      not null,
    root_hash   bytea       not null check (length(root_hash) = 32),
    signed_at   timestamptz not null,
    checkpoint  text        not null,
    primary key (tree_size, signed_at)
);

grant usage on schema ${schema} to ${writer}, ${retention};
grant select, insert on audit_entry, audit_node, tree_head to ${writer};
grant select (leaf_index, event_time, retained) on audit_entry to ${retention};
grant update (body, actor, department, dataset, retained) on audit_entry to ${retention};
