CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, name text);
CREATE TABLE app.tmp_import (id serial PRIMARY KEY, payload jsonb);
CREATE TABLE app.tmp_export (user_id integer REFERENCES app.users, sent boolean);
