CREATE SCHEMA app;
CREATE TABLE app.kinds (id smallserial PRIMARY KEY, label text);
