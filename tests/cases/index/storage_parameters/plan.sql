-- ogel plan: 1 to add, 4 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change index app.events_kind_at_key
ALTER INDEX app.events_kind_at_key SET (fillfactor = '75');

-- step 2: change index app.events_pkey
ALTER INDEX app.events_pkey SET (fillfactor = '80');

-- step 3: change index app.events_at
ALTER INDEX app.events_at RESET (fillfactor);

-- step 4: change index app.events_kind
ALTER INDEX app.events_kind SET (deduplicate_items = 'on');

-- step 5: add index app.events_kind_live
CREATE INDEX events_kind_live ON app.events USING btree (kind) WITH (deduplicate_items = 'off', fillfactor = '85') WHERE (NOT deleted);

COMMIT;
