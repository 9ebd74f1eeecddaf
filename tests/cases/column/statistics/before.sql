CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text, org_id integer, country text);
ALTER TABLE app.users ALTER COLUMN email SET STATISTICS 500;
ALTER TABLE app.users ALTER COLUMN org_id SET (n_distinct = -0.5);
ALTER TABLE app.users ALTER COLUMN country SET STATISTICS 50;
ALTER TABLE app.users ALTER COLUMN country SET (n_distinct = 200, n_distinct_inherited = 250);
