-- ogel plan: 1 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add enum app.priority
CREATE TYPE app.priority AS ENUM ('low', 'high');

-- step 2: change column app.tickets.priority
ALTER TABLE app.tickets ALTER COLUMN priority DROP DEFAULT;
ALTER TABLE app.tickets ALTER COLUMN priority TYPE app.priority USING lower(priority)::app.priority;
ALTER TABLE app.tickets ALTER COLUMN priority SET DEFAULT 'low'::app.priority;

COMMIT;
