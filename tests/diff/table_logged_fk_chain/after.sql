CREATE TABLE a_child (id integer PRIMARY KEY, parent integer);
CREATE TABLE b_parent (id integer PRIMARY KEY);
ALTER TABLE a_child ADD CONSTRAINT a_child_parent_fkey FOREIGN KEY (parent) REFERENCES b_parent (id);
CREATE TABLE c_other (id integer PRIMARY KEY, parent integer);
ALTER TABLE c_other ADD CONSTRAINT c_other_parent_fkey FOREIGN KEY (parent) REFERENCES b_parent (id);
