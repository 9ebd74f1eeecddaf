-- ogel plan: 2 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add check users_display_name_check on app.users
ALTER TABLE app.users ADD CONSTRAINT users_display_name_check CHECK ((display_name IS NFC NORMALIZED));

-- step 2: add index app.users_display_name_lower_idx
CREATE UNIQUE INDEX users_display_name_lower_idx ON app.users USING btree (lower(NORMALIZE(display_name, NFKC)));

COMMIT;
