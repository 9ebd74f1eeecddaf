CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text, nickname text NOT NULL);
INSERT INTO app.users VALUES (1, 'a@example.com', 'a');
