-- ogel plan: 3 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change column app.lines.total
ALTER TABLE app.lines DROP COLUMN total;
ALTER TABLE app.lines ADD COLUMN total integer GENERATED ALWAYS AS ((price * 3)) STORED;
COMMENT ON COLUMN app.lines.total IS 'Computed.';

-- step 2: add check lines_total_check on app.lines
ALTER TABLE app.lines ADD CONSTRAINT lines_total_check CHECK ((total >= 0));

-- step 3: add unique constraint lines_total_key on app.lines
ALTER TABLE app.lines ADD CONSTRAINT lines_total_key UNIQUE (total);

-- step 4: add index app.idx_lines_total
CREATE INDEX idx_lines_total ON app.lines USING btree (total);

COMMIT;
