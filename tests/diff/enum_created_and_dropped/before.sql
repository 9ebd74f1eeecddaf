CREATE SCHEMA app;
CREATE TYPE app.old_kind AS ENUM ('a', 'b');
CREATE TABLE app.items (id bigint PRIMARY KEY, kind app.old_kind);
