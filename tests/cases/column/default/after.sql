CREATE SCHEMA app;
CREATE TABLE app.projects (
    id integer PRIMARY KEY,
    status text DEFAULT 'active',
    region text DEFAULT 'eu-west-1',
    plan text
);
