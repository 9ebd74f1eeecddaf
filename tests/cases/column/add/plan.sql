-- ogel plan: 3 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add column app.users.nickname
ALTER TABLE app.users ADD COLUMN nickname text;

-- step 2: add column app.users.locale
ALTER TABLE app.users ADD COLUMN locale text DEFAULT 'en'::text;

-- step 3: add column app.users.active
ALTER TABLE app.users ADD COLUMN active boolean DEFAULT true NOT NULL;

COMMIT;
