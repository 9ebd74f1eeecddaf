CREATE TABLE t (id integer PRIMARY KEY, status varchar(10) CONSTRAINT t_status_check CHECK (status IN ('new', 'open')));
