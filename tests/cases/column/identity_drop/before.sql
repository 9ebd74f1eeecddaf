CREATE SCHEMA app;
CREATE TABLE app.orders (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ref text);
INSERT INTO app.orders (ref) VALUES ('a');
