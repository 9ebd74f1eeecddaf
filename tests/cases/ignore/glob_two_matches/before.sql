CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY);
CREATE TABLE app.tmp_import (id serial PRIMARY KEY, payload jsonb);
CREATE TABLE app.tmp_export (user_id integer REFERENCES app.users, sent boolean);
-- no `_` after tmp: not matched by tmp_*, so not declared and dropped
CREATE TABLE app.tmp (x integer);
