CREATE SCHEMA app;
CREATE TABLE app.kinds (id bigserial PRIMARY KEY, label text);
