-- ogel plan: 0 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: rename enum app.role value 'member'
ALTER TYPE app.role RENAME VALUE 'member' TO 'admin';

COMMIT;
