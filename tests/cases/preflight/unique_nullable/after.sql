CREATE SCHEMA app;
CREATE TABLE app.accounts (id integer PRIMARY KEY, email text UNIQUE);
