-- ogel plan: 0 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change column app.events.id
ALTER TABLE app.events ALTER COLUMN id DROP DEFAULT;
ALTER TABLE app.events ALTER COLUMN id TYPE integer;
ALTER SEQUENCE app.events_id_seq AS integer;
ALTER TABLE app.events ALTER COLUMN id SET DEFAULT nextval('app.events_id_seq'::regclass);

COMMIT;
