-- ogel plan: 0 to add, 4 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public, app;

-- step 1: drop, to replace, check t_c_check on app.t
ALTER TABLE app.t DROP CONSTRAINT t_c_check;

-- step 2: drop, to replace, exclusion constraint t_c_r_excl on app.t
ALTER TABLE app.t DROP CONSTRAINT t_c_r_excl;

-- step 3: change column app.t.h
ALTER TABLE app.t DROP COLUMN h;
ALTER TABLE app.t ADD COLUMN h character varying(20) GENERATED ALWAYS AS (
CASE
    WHEN ((c)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying, 'c'::character varying])::text[])) THEN c
    ELSE NULL::character varying
END) STORED;

-- step 4: replace check t_c_check on app.t
ALTER TABLE app.t ADD CONSTRAINT t_c_check CHECK (((c)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying, 'c'::character varying])::text[])));

-- step 5: replace exclusion constraint t_c_r_excl on app.t
ALTER TABLE app.t ADD CONSTRAINT t_c_r_excl EXCLUDE USING gist (c WITH =, r WITH &&) WHERE (((c)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying, 'c'::character varying])::text[])));

-- step 6: replace index app.t_c_idx
DROP INDEX app.t_c_idx;
CREATE INDEX t_c_idx ON app.t USING btree (c) WHERE ((c)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying, 'c'::character varying])::text[]));

COMMIT;
