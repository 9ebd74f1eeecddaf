-- ogel plan: 0 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: rename enum app.state
ALTER TYPE app.state RENAME TO switch_state;

COMMIT;
