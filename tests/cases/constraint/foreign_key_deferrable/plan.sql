-- ogel plan: 1 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: change foreign key nodes_next_id_fkey on app.nodes
ALTER TABLE app.nodes ALTER CONSTRAINT nodes_next_id_fkey DEFERRABLE INITIALLY IMMEDIATE;

-- step 2: add foreign key nodes_parent_id_fkey on app.nodes
ALTER TABLE app.nodes ADD CONSTRAINT nodes_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES app.nodes(id) DEFERRABLE INITIALLY DEFERRED;

COMMIT;
