CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email varchar(100));
CREATE VIEW app.user_emails AS SELECT id, email FROM app.users;
