-- ogel plan: 0 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: rename column app.users.mail
ALTER TABLE app.users RENAME COLUMN mail TO email;

COMMIT;
