-- ogel plan: 0 to add, 2 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change column app.accounts.id
ALTER TABLE app.accounts ALTER COLUMN id TYPE bigint;

-- step 2: change column app.payments.account_id
ALTER TABLE app.payments ALTER COLUMN account_id TYPE bigint;

COMMIT;
