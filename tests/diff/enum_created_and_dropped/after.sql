CREATE SCHEMA app;
CREATE TYPE app."Kind" AS ENUM ('small', 'large');
CREATE TABLE app.items (id bigint PRIMARY KEY, sizes app."Kind"[] NOT NULL DEFAULT '{}');
