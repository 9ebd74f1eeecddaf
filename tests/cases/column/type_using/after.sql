CREATE SCHEMA app;
CREATE TABLE app.settings (id integer PRIMARY KEY, max_items integer);
