CREATE SCHEMA app;
CREATE TABLE app.accounts (id integer NOT NULL, code text PRIMARY KEY);
