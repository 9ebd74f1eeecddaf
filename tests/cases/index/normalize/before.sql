CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, display_name text NOT NULL);
INSERT INTO app.users VALUES (1, 'Ａｄａ');
