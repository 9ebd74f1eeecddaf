CREATE TABLE t (id integer PRIMARY KEY, status varchar(10) CHECK (status IN ('new', 'open')));
