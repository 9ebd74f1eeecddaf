-- ogel plan: 0 to add, 0 to change, 3 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop index app.idx_users_legacy_flag
DROP INDEX app.idx_users_legacy_flag;

-- step 2: drop column app.users.legacy_flag
ALTER TABLE app.users DROP COLUMN legacy_flag;

-- step 3: drop column app.users.notes
ALTER TABLE app.users DROP COLUMN notes;

COMMIT;
