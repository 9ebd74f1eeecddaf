CREATE SCHEMA app;
CREATE TABLE app.tags (id integer PRIMARY KEY, slug text NOT NULL);
INSERT INTO app.tags VALUES (1, 'b'), (2, 'A');
