-- ogel plan: 3 to add, 1 to change, 0 to drop

-- phase 1 of 2: new enum labels, committed first: a label can be used only once committed
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add enum app.status value 'draft'
ALTER TYPE app.status ADD VALUE 'draft' BEFORE 'active';

-- step 2: add enum app.status value 'review'
ALTER TYPE app.status ADD VALUE 'review' AFTER 'active';

-- step 3: add enum app.status value 'archived'
ALTER TYPE app.status ADD VALUE 'archived' AFTER 'paused';

COMMIT;

-- phase 2 of 2: the rest, in one transaction
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 4: change column app.projects.status
ALTER TABLE app.projects ALTER COLUMN status SET DEFAULT 'draft'::app.status;

COMMIT;
