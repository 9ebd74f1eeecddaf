CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('active', 'on hold', 'it''s done');
CREATE TABLE app.projects (
    id bigint PRIMARY KEY,
    status app.status NOT NULL DEFAULT 'active',
    history app.status[]
);
