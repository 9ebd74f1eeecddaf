CREATE UNLOGGED TABLE a_child (id integer PRIMARY KEY, parent integer);
CREATE UNLOGGED TABLE b_parent (id integer PRIMARY KEY);
ALTER TABLE a_child ADD CONSTRAINT a_child_parent_fkey FOREIGN KEY (parent) REFERENCES b_parent (id);
CREATE UNLOGGED TABLE c_other (id integer PRIMARY KEY, parent integer);
