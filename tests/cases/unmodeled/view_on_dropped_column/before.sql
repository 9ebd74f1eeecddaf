CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text, legacy_code text);
CREATE VIEW app.user_codes AS SELECT id, legacy_code FROM app.users;
