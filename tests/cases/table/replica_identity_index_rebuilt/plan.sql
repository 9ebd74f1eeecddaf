-- ogel plan: 0 to add, 2 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: replace index app.shipments_ref
DROP INDEX app.shipments_ref;
CREATE UNIQUE INDEX shipments_ref ON app.shipments USING btree (ref, id);

-- step 2: change table app.shipments
ALTER TABLE app.shipments REPLICA IDENTITY USING INDEX shipments_ref;

COMMIT;
