CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY, a integer CHECK (a > 0), b integer, CHECK (a < 10), CHECK (a <> b), CHECK (a <> b + 1));
CREATE TABLE app.a_really_quite_long_table_name_for_testing_truncation (
    id integer PRIMARY KEY,
    another_really_long_column_name_used_here text UNIQUE CHECK (another_really_long_column_name_used_here <> ''),
    parent_id integer REFERENCES app.a_really_quite_long_table_name_for_testing_truncation
);
