-- ogel plan: 0 to add, 2 to change, 1 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: rename schema legacy
ALTER SCHEMA legacy RENAME TO core;

-- step 2: rename table core.account
ALTER TABLE core.account RENAME TO accounts;

-- step 3: drop table core.old_log
DROP TABLE core.old_log;

COMMIT;
