CREATE SCHEMA app;
CREATE TABLE app.settings (id integer PRIMARY KEY, max_items text);
INSERT INTO app.settings VALUES (1, ' 10 '), (2, NULL);
