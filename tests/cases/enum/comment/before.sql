CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('active');
COMMENT ON TYPE app.status IS 'old';
