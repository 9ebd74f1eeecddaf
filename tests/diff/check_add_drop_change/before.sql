CREATE TABLE t (id integer PRIMARY KEY, n integer CHECK (n > 0), m integer, CONSTRAINT m_small CHECK (m < 10));
