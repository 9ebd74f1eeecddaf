-- ogel plan: 0 to add, 2 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change column app.events.counter
ALTER TABLE app.events ALTER COLUMN counter TYPE bigint;

-- step 2: change column app.events.code
ALTER TABLE app.events ALTER COLUMN code TYPE text;

COMMIT;
