CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text, handle text UNIQUE, org_id integer, ext_ref text);
INSERT INTO app.users VALUES (1, 'a@example.com', 'a', 1, 'x');
