-- ogel plan: 0 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: set comment type app.status
COMMENT ON TYPE app.status IS 'What a project is doing';

COMMIT;
