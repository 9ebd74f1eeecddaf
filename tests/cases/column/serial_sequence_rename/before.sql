CREATE SCHEMA app;
CREATE TABLE app.orders (id serial PRIMARY KEY, note text);
INSERT INTO app.orders (note) VALUES ('first');
