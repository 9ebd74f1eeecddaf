-- ogel plan: 1 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add column app.tags.code
ALTER TABLE app.tags ADD COLUMN code character varying(10) COLLATE "C";

-- step 2: change column app.tags.slug
ALTER TABLE app.tags ALTER COLUMN slug TYPE text COLLATE "C";

COMMIT;
