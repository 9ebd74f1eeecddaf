-- ogel plan: 0 to add, 1 to change, 0 to drop
-- note: `ignore: schema_migrations` of schema app matches 1 object, which ogel leaves as it is: table legacy.schema_migrations
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: rename schema legacy
ALTER SCHEMA legacy RENAME TO app;

COMMIT;
