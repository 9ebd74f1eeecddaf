-- ogel plan: 0 to add, 2 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: validate check users_age_check on app.users
ALTER TABLE app.users VALIDATE CONSTRAINT users_age_check;

-- step 2: validate foreign key users_org_id_fkey on app.users
ALTER TABLE app.users VALIDATE CONSTRAINT users_org_id_fkey;

COMMIT;
