-- ogel plan: 3 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add table app.a_really_quite_long_table_name_for_testing_truncation
CREATE TABLE app.a_really_quite_long_table_name_for_testing_truncation (
    id integer NOT NULL,
    another_really_long_column_name_used_here text,
    parent_id integer,
    CONSTRAINT a_really_quite_long_table_na_another_really_long_column_n_check CHECK ((another_really_long_column_name_used_here <> ''::text)),
    CONSTRAINT a_really_quite_long_table_nam_another_really_long_column_na_key UNIQUE (another_really_long_column_name_used_here),
    CONSTRAINT a_really_quite_long_table_name_for_testing_truncation_pkey PRIMARY KEY (id)
);

-- step 2: add table app.t
CREATE TABLE app.t (
    id integer NOT NULL,
    a integer,
    b integer,
    CONSTRAINT t_a_check CHECK ((a > 0)),
    CONSTRAINT t_a_check1 CHECK ((a < 10)),
    CONSTRAINT t_check CHECK ((a <> b)),
    CONSTRAINT t_check1 CHECK ((a <> (b + 1))),
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

-- step 3: add foreign key a_really_quite_long_table_name_for_testing_trunc_parent_id_fkey on app.a_really_quite_long_table_name_for_testing_truncation
ALTER TABLE app.a_really_quite_long_table_name_for_testing_truncation ADD CONSTRAINT a_really_quite_long_table_name_for_testing_trunc_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES app.a_really_quite_long_table_name_for_testing_truncation(id);

COMMIT;
