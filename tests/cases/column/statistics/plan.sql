-- ogel plan: 2 to add, 3 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add table app.orgs
CREATE TABLE app.orgs (
    id integer NOT NULL,
    name text,
    CONSTRAINT orgs_pkey PRIMARY KEY (id)
);
ALTER TABLE app.orgs ALTER COLUMN name SET STATISTICS 200;

-- step 2: add column app.users.city
ALTER TABLE app.users ADD COLUMN city text;
ALTER TABLE app.users ALTER COLUMN city SET STATISTICS 0;
ALTER TABLE app.users ALTER COLUMN city SET (n_distinct = '5000');

-- step 3: change column app.users.email
ALTER TABLE app.users ALTER COLUMN email SET STATISTICS 1000;

-- step 4: change column app.users.org_id
ALTER TABLE app.users ALTER COLUMN org_id SET (n_distinct = '-0.25', n_distinct_inherited = '-0.5');

-- step 5: change column app.users.country
ALTER TABLE app.users ALTER COLUMN country RESET (n_distinct_inherited);

COMMIT;
