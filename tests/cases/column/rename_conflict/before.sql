CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, mail text, email text);
INSERT INTO app.users VALUES (1, 'old@example.com', 'new@example.com');
