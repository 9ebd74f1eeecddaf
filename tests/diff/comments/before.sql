CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY, a text);
CREATE INDEX t_a_idx ON app.t (a);
COMMENT ON TABLE app.t IS 'old';
