CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('active', 'paused');
CREATE TYPE app.unused AS ENUM ('x');
CREATE TABLE app.projects (id bigint PRIMARY KEY, status app.status NOT NULL);
INSERT INTO app.projects VALUES (1, 'paused');
