CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY, kind_id uuid);
INSERT INTO app.items VALUES (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), (2, NULL);
