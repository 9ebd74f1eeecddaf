CREATE SCHEMA app;
CREATE TABLE app.codes (id integer, code text PRIMARY KEY);
