CREATE SCHEMA app;
CREATE TABLE app.a (id integer PRIMARY KEY);
CREATE TABLE app.b (id integer PRIMARY KEY);
CREATE TABLE app.c (id integer PRIMARY KEY);
COMMENT ON TABLE app.b IS 'Old comment.';
COMMENT ON TABLE app.c IS 'To be removed.';
