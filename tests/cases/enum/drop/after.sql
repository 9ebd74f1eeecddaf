CREATE SCHEMA app;
CREATE TABLE app.projects (id bigint PRIMARY KEY, status text NOT NULL);
