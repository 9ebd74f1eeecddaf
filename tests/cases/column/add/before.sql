CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL);
INSERT INTO app.users VALUES (1, 'a@example.com'), (2, 'b@example.com');
