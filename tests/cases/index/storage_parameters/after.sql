CREATE SCHEMA app;
CREATE TABLE app.events (id integer, kind text, at timestamptz, deleted boolean,
                         CONSTRAINT events_pkey PRIMARY KEY (id) WITH (fillfactor = 80),
                         CONSTRAINT events_kind_at_key UNIQUE (kind, at) WITH (fillfactor = 75));
CREATE INDEX events_kind ON app.events (kind) WITH (fillfactor = 70, deduplicate_items = on);
CREATE INDEX events_at ON app.events (at);
CREATE INDEX events_live ON app.events (id) WITH (fillfactor = 60) WHERE NOT deleted;
CREATE INDEX events_kind_live ON app.events (kind) WITH (deduplicate_items = off, fillfactor = 85) WHERE NOT deleted;
