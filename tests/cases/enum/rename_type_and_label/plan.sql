-- ogel plan: 1 to add, 2 to change, 0 to drop

-- phase 1 of 2: new enum labels, committed first: a label can be used only once committed
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add enum app.state value 'broken'
ALTER TYPE app.state ADD VALUE 'broken' AFTER 'off';

COMMIT;

-- phase 2 of 2: the rest, in one transaction
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 2: rename enum app.state
ALTER TYPE app.state RENAME TO switch_state;

-- step 3: rename enum app.switch_state value 'off'
ALTER TYPE app.switch_state RENAME VALUE 'off' TO 'disabled';

COMMIT;
