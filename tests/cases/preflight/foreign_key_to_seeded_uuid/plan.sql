-- ogel plan: 3 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add table app.kinds
CREATE TABLE app.kinds (
    id uuid NOT NULL,
    name text,
    CONSTRAINT kinds_pkey PRIMARY KEY (id)
);

-- step 2: seed rows app.kinds
WITH v (ord, v_id, v_name) AS (
    VALUES (1, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid, 'widget'::text)
), updated AS (
    UPDATE app.kinds AS t SET name = v.v_name
      FROM v WHERE t.id = v.v_id AND (t.name IS DISTINCT FROM v.v_name)
)
INSERT INTO app.kinds (id, name)
SELECT v.v_id, v.v_name FROM v
 WHERE NOT EXISTS (SELECT 1 FROM app.kinds AS t WHERE t.id = v.v_id);

-- step 3: add foreign key items_kind_id_fkey on app.items
ALTER TABLE app.items ADD CONSTRAINT items_kind_id_fkey FOREIGN KEY (kind_id) REFERENCES app.kinds(id);

COMMIT;
