CREATE TABLE t (id integer CONSTRAINT t_pkey PRIMARY KEY, n integer CONSTRAINT t_n_check CHECK (n > 0));
COMMENT ON CONSTRAINT t_n_check ON t IS 'old';
