CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY);
CREATE SCHEMA core;
CREATE TABLE core.accounts (id integer PRIMARY KEY, name text);
