-- ogel plan: 0 to add, 2 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop, to replace, primary key codes_pkey on app.codes
ALTER TABLE app.codes DROP CONSTRAINT codes_pkey;

-- step 2: change column app.codes.id
ALTER TABLE app.codes ALTER COLUMN id DROP NOT NULL;

-- step 3: replace primary key codes_pkey on app.codes
ALTER TABLE app.codes ADD CONSTRAINT codes_pkey PRIMARY KEY (code);

COMMIT;
