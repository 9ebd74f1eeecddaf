CREATE SCHEMA app;
CREATE TYPE app.role AS ENUM ('owner', 'admin');
CREATE TABLE app.members (id bigint PRIMARY KEY, role app.role NOT NULL);
