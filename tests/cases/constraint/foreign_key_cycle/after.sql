CREATE SCHEMA app;
CREATE TABLE app.a (id integer PRIMARY KEY, b_id integer);
CREATE TABLE app.b (id integer PRIMARY KEY, a_id integer REFERENCES app.a);
ALTER TABLE app.a ADD FOREIGN KEY (b_id) REFERENCES app.b;
