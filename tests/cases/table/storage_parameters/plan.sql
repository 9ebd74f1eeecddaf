-- ogel plan: 1 to add, 2 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add table app.metrics
CREATE TABLE app.metrics (
    id integer NOT NULL,
    CONSTRAINT metrics_pkey PRIMARY KEY (id)
) WITH (autovacuum_enabled = 'false', fillfactor = '90');

-- step 2: change table app.events
ALTER TABLE app.events RESET (autovacuum_enabled);
ALTER TABLE app.events SET (autovacuum_vacuum_scale_factor = '0.05', fillfactor = '80');

-- step 3: change table app.logs
ALTER TABLE app.logs RESET (autovacuum_vacuum_scale_factor);

COMMIT;
