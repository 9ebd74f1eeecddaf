CREATE SCHEMA app;
CREATE TYPE app.role AS ENUM ('owner', 'admin', 'guest');
