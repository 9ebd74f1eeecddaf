-- ogel plan: 6 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add foreign key children_a_fkey on app.children
ALTER TABLE app.children ADD CONSTRAINT children_a_fkey FOREIGN KEY (a) REFERENCES app.parents(id) ON UPDATE CASCADE ON DELETE CASCADE;

-- step 2: add foreign key children_b_fkey on app.children
ALTER TABLE app.children ADD CONSTRAINT children_b_fkey FOREIGN KEY (b) REFERENCES app.parents(id) ON UPDATE RESTRICT ON DELETE SET DEFAULT;

-- step 3: add foreign key children_c_fkey on app.children
ALTER TABLE app.children ADD CONSTRAINT children_c_fkey FOREIGN KEY (c) REFERENCES app.parents(id) ON UPDATE SET NULL ON DELETE SET NULL;

-- step 4: add foreign key children_code_region_fkey on app.children
ALTER TABLE app.children ADD CONSTRAINT children_code_region_fkey FOREIGN KEY (code, region) REFERENCES app.parents(code, region) MATCH FULL ON DELETE CASCADE;

-- step 5: add foreign key children_d_fkey on app.children
ALTER TABLE app.children ADD CONSTRAINT children_d_fkey FOREIGN KEY (d) REFERENCES app.parents(id) ON UPDATE SET DEFAULT ON DELETE RESTRICT;

-- step 6: add foreign key children_e_fkey on app.children
ALTER TABLE app.children ADD CONSTRAINT children_e_fkey FOREIGN KEY (e) REFERENCES app.parents(id);

COMMIT;
