-- ogel plan: 0 to add, 3 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: set comment column app.users.email
COMMENT ON COLUMN app.users.email IS 'Login address.';

-- step 2: set comment column app.users.name
COMMENT ON COLUMN app.users.name IS 'Display name, as the user''s typed it.';

-- step 3: set comment column app.users.age
COMMENT ON COLUMN app.users.age IS NULL;

COMMIT;
