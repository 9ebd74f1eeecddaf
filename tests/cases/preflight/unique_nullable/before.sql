CREATE SCHEMA app;
CREATE TABLE app.accounts (id integer PRIMARY KEY, email text);
INSERT INTO app.accounts VALUES (1, 'a@example.com'), (2, NULL), (3, NULL);
