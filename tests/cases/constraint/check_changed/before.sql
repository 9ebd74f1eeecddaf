CREATE SCHEMA app;
CREATE TABLE app.members (id integer PRIMARY KEY, role text NOT NULL CHECK (role IN ('a', 'b')));
INSERT INTO app.members VALUES (1, 'a');
