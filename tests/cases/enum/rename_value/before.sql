CREATE SCHEMA app;
CREATE TYPE app.role AS ENUM ('owner', 'member');
CREATE TABLE app.members (id bigint PRIMARY KEY, role app.role NOT NULL);
INSERT INTO app.members VALUES (1, 'member');
