-- Departments known to the exchange. Codes follow the contract grammar ^[a-z][a-z0-9-]{1,62}$.
create table department (
    code        varchar(63) primary key check (code ~ '^[a-z][a-z0-9-]{1,62}$'),
    name        varchar(200) not null,
    created_at  timestamptz  not null default now(),
    created_by  varchar(200) not null
);
