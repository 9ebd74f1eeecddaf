-- ogel plan: 1 to add, 2 to change, 0 to drop

-- phase 1 of 2: new enum labels, committed first: a label can be used only once committed
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add enum legacy.role value 'guest'
ALTER TYPE legacy.role ADD VALUE 'guest' AFTER 'member';

COMMIT;

-- phase 2 of 2: the rest, in one transaction
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 2: rename schema legacy
ALTER SCHEMA legacy RENAME TO app;

-- step 3: rename enum app.role value 'member'
ALTER TYPE app.role RENAME VALUE 'member' TO 'admin';

COMMIT;
