CREATE SCHEMA app;
CREATE TABLE app.people (id integer PRIMARY KEY, email text);
