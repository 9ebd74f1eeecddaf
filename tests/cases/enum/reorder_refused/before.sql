CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('active', 'paused');
