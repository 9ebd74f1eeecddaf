-- ogel plan: 1 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change column app.logs.id
ALTER TABLE app.logs ALTER COLUMN id SET NOT NULL;

-- step 2: add primary key logs_pkey on app.logs
ALTER TABLE app.logs ADD CONSTRAINT logs_pkey PRIMARY KEY (id);

COMMIT;
