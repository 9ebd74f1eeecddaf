CREATE SCHEMA app;
CREATE TABLE app.points (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text);
ALTER SEQUENCE app.points_id_seq AS integer;
INSERT INTO app.points (label) VALUES ('a');
