CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY);
CREATE SCHEMA core;
CREATE TABLE core.accounts (id integer CONSTRAINT account_pkey PRIMARY KEY, name text);
