CREATE TABLE a_parent (id integer PRIMARY KEY);
CREATE TABLE b_child (id integer PRIMARY KEY, parent integer);
ALTER TABLE b_child ADD CONSTRAINT b_child_parent_fkey FOREIGN KEY (parent) REFERENCES a_parent (id);
CREATE TABLE c_new_child (id integer PRIMARY KEY, parent integer);
