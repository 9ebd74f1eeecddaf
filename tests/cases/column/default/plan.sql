-- ogel plan: 0 to add, 3 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change column app.projects.status
ALTER TABLE app.projects ALTER COLUMN status SET DEFAULT 'active'::text;

-- step 2: change column app.projects.region
ALTER TABLE app.projects ALTER COLUMN region SET DEFAULT 'eu-west-1'::text;

-- step 3: change column app.projects.plan
ALTER TABLE app.projects ALTER COLUMN plan DROP DEFAULT;

COMMIT;
