-- ogel plan: 0 to add, 2 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change column app.users.email
ALTER TABLE app.users ALTER COLUMN email SET NOT NULL;

-- step 2: change column app.users.nickname
ALTER TABLE app.users ALTER COLUMN nickname DROP NOT NULL;

COMMIT;
