CREATE SCHEMA app;
CREATE TABLE app.shipments (id integer NOT NULL, ref text NOT NULL);
CREATE UNIQUE INDEX shipments_ref ON app.shipments (ref);
ALTER TABLE app.shipments REPLICA IDENTITY USING INDEX shipments_ref;
