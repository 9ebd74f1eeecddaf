CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('active', 'paused');
CREATE TABLE app.projects (id bigint PRIMARY KEY, status app.status NOT NULL DEFAULT 'active');
INSERT INTO app.projects VALUES (1, 'paused');
