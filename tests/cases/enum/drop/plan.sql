-- ogel plan: 0 to add, 1 to change, 2 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change column app.projects.status
ALTER TABLE app.projects ALTER COLUMN status TYPE text;

-- step 2: drop enum app.status
DROP TYPE app.status;

-- step 3: drop enum app.unused
DROP TYPE app.unused;

COMMIT;
