CREATE SCHEMA app;
CREATE TABLE app.documents (id integer PRIMARY KEY, body text, blob bytea);
ALTER TABLE app.documents ALTER COLUMN body SET STORAGE EXTERNAL;
ALTER TABLE app.documents ALTER COLUMN blob SET COMPRESSION pglz;
