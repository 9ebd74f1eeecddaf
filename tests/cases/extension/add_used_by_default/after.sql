CREATE EXTENSION "uuid-ossp";
CREATE SCHEMA app;
CREATE TABLE app.sessions (
    id uuid DEFAULT public.uuid_generate_v4() PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);
