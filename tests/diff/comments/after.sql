CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'the app''s own';
CREATE TABLE app.t (id integer PRIMARY KEY, a text);
CREATE INDEX t_a_idx ON app.t (a);
COMMENT ON TABLE app.t IS 'new: with "quotes" and ''apostrophes''';
COMMENT ON COLUMN app.t.a IS 'a column';
COMMENT ON INDEX app.t_a_idx IS 'an index';
