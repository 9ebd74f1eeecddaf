CREATE SCHEMA app;
CREATE TABLE app.users (
    id integer PRIMARY KEY,
    email text UNIQUE,
    handle text,
    org_id integer,
    ext_ref text,
    CONSTRAINT uq_users_org_ext_ref UNIQUE (org_id, ext_ref)
);
