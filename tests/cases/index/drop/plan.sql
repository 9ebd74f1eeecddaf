-- ogel plan: 0 to add, 0 to change, 1 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop index app.idx_users_org
DROP INDEX app.idx_users_org;

COMMIT;
