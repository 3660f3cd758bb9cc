-- Record keys named by lookups and verifications (RECORD_LOOKED_UP, RECORD_VERIFIED), one row per
-- distinct key of an entry, so an auditor can find every event that named one person's record.
-- The canonical body keeps the event's full keys, fields and result; this table only serves search.
-- Its primary key (record_key, leaf_index) is the index: exact match, newest first.
create table audit_entry_key (
    record_key  text   not null,
    leaf_index  bigint not null references audit_entry (leaf_index),
    primary key (record_key, leaf_index)
);

-- Finds the keys of the entries retention clears.
create index audit_entry_key_leaf on audit_entry_key (leaf_index);

-- The writer appends keys and reads them, never changes or removes them. A record key identifies
-- a person: once retention clears an entry's body, it removes the entry's keys from search too.
grant select, insert on audit_entry_key to ${writer};
grant select, delete on audit_entry_key to ${retention};
