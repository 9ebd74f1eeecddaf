CREATE SCHEMA app;
CREATE TABLE app.ticket (id serial PRIMARY KEY, title text);
INSERT INTO app.ticket (title) VALUES ('first');
