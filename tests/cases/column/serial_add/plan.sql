-- ogel plan: 1 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add column app.tickets.seq
ALTER TABLE app.tickets ADD COLUMN seq serial;

COMMIT;
