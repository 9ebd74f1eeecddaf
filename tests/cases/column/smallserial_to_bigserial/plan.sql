-- ogel plan: 0 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change column app.kinds.id
ALTER TABLE app.kinds ALTER COLUMN id DROP DEFAULT;
ALTER TABLE app.kinds ALTER COLUMN id TYPE bigint;
ALTER SEQUENCE app.kinds_id_seq AS bigint;
ALTER TABLE app.kinds ALTER COLUMN id SET DEFAULT nextval('app.kinds_id_seq'::regclass);

COMMIT;
