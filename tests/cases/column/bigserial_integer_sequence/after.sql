CREATE SCHEMA app;
CREATE TABLE app.events (id bigserial PRIMARY KEY, note text);
