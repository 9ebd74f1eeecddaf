-- ogel plan: 2 to add, 0 to change, 1 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop unique constraint users_handle_key on app.users
ALTER TABLE app.users DROP CONSTRAINT users_handle_key;

-- step 2: add unique constraint uq_users_org_ext_ref on app.users
ALTER TABLE app.users ADD CONSTRAINT uq_users_org_ext_ref UNIQUE (org_id, ext_ref);

-- step 3: add unique constraint users_email_key on app.users
ALTER TABLE app.users ADD CONSTRAINT users_email_key UNIQUE (email);

COMMIT;
