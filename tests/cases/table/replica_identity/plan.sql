-- ogel plan: 3 to add, 4 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add table app.returns
CREATE TABLE app.returns (
    id integer
);

-- step 2: add table app.shipments
CREATE TABLE app.shipments (
    id integer NOT NULL,
    ref text NOT NULL,
    CONSTRAINT shipments_pkey PRIMARY KEY (id)
);

-- step 3: add index app.shipments_ref
CREATE UNIQUE INDEX shipments_ref ON app.shipments USING btree (ref);

-- step 4: change table app.returns
ALTER TABLE app.returns REPLICA IDENTITY FULL;

-- step 5: change table app.shipments
ALTER TABLE app.shipments REPLICA IDENTITY USING INDEX shipments_ref;

-- step 6: change table app.items
ALTER TABLE app.items REPLICA IDENTITY DEFAULT;

-- step 7: change table app.orders
ALTER TABLE app.orders REPLICA IDENTITY USING INDEX orders_code_key;

COMMIT;
