-- ogel plan: 4 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add table app.a
CREATE TABLE app.a (
    id integer NOT NULL,
    b_id integer,
    CONSTRAINT a_pkey PRIMARY KEY (id)
);

-- step 2: add table app.b
CREATE TABLE app.b (
    id integer NOT NULL,
    a_id integer,
    CONSTRAINT b_pkey PRIMARY KEY (id)
);

-- step 3: add foreign key a_b_id_fkey on app.a
ALTER TABLE app.a ADD CONSTRAINT a_b_id_fkey FOREIGN KEY (b_id) REFERENCES app.b(id);

-- step 4: add foreign key b_a_id_fkey on app.b
ALTER TABLE app.b ADD CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES app.a(id);

COMMIT;
