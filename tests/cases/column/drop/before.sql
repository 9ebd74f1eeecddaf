CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL, legacy_flag boolean DEFAULT false, notes text);
CREATE INDEX idx_users_legacy_flag ON app.users (legacy_flag);
INSERT INTO app.users VALUES (1, 'a@example.com', true, 'x');
