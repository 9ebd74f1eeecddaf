CREATE SCHEMA app;
CREATE TABLE app.tags (id integer PRIMARY KEY, slug text COLLATE "C" NOT NULL, code varchar(10) COLLATE "C");
