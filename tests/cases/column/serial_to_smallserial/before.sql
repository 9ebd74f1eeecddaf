CREATE SCHEMA app;
CREATE TABLE app.kinds (id serial PRIMARY KEY, label text);
INSERT INTO app.kinds (label) VALUES ('a'), ('b');
