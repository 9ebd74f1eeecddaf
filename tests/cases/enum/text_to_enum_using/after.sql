CREATE SCHEMA app;
CREATE TYPE app.priority AS ENUM ('low', 'high');
CREATE TABLE app.tickets (id bigint PRIMARY KEY, priority app.priority NOT NULL DEFAULT 'low');
