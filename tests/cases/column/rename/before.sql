CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, mail text NOT NULL UNIQUE);
INSERT INTO app.users VALUES (1, 'a@example.com');
