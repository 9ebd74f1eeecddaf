CREATE SCHEMA app;
CREATE TABLE app.a (id integer PRIMARY KEY);
CREATE TABLE app.b (id integer PRIMARY KEY);
CREATE TABLE app.c (id integer PRIMARY KEY);
COMMENT ON TABLE app.a IS 'Comment added.';
COMMENT ON TABLE app.b IS 'New comment: it''s changed.';
