CREATE SCHEMA app;
CREATE TABLE app.users (email text NOT NULL, id integer PRIMARY KEY, name text);
