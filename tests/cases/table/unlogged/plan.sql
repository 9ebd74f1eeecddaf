-- ogel plan: 1 to add, 2 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add table app.scratch
CREATE UNLOGGED TABLE app.scratch (
    id integer NOT NULL,
    CONSTRAINT scratch_pkey PRIMARY KEY (id)
);

-- step 2: change table app.cache
ALTER TABLE app.cache SET LOGGED;

-- step 3: change table app.sessions
ALTER TABLE app.sessions SET UNLOGGED;

COMMIT;
