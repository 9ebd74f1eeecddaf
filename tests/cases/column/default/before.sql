CREATE SCHEMA app;
CREATE TABLE app.projects (
    id integer PRIMARY KEY,
    status text DEFAULT 'pending',
    region text,
    plan text DEFAULT 'free'
);
INSERT INTO app.projects VALUES (1, 'active', 'eu', 'pro');
