CREATE SCHEMA app;
CREATE TABLE app.events (id bigserial PRIMARY KEY, note text);
-- The values past integer's range were handed out and deleted since; the sequence stands there.
SELECT setval('app.events_id_seq', 3000000000);
