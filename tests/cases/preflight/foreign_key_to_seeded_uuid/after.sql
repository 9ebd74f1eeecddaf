CREATE SCHEMA app;
CREATE TABLE app.kinds (id uuid PRIMARY KEY, name text);
CREATE TABLE app.items (id integer PRIMARY KEY, kind_id uuid REFERENCES app.kinds);
