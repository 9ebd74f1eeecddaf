-- ogel plan: 1 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add enum app.role value 'guest'
ALTER TYPE app.role ADD VALUE 'guest' AFTER 'admin';

COMMIT;
