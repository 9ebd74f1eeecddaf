-- ogel plan: 1 to add, 0 to change, 1 to drop
-- note: `ignore: old_?` of schema app matches 0 objects
-- note: `ignore: tmp_*` of schema app matches 2 objects, which ogel leaves as they are: table app.tmp_export, table app.tmp_import
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add column app.users.name
ALTER TABLE app.users ADD COLUMN name text;

-- step 2: drop table app.tmp
DROP TABLE app.tmp;

COMMIT;
