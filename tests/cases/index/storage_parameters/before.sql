CREATE SCHEMA app;
CREATE TABLE app.events (id integer, kind text, at timestamptz, deleted boolean,
                         CONSTRAINT events_pkey PRIMARY KEY (id) WITH (fillfactor = 90),
                         CONSTRAINT events_kind_at_key UNIQUE (kind, at));
CREATE INDEX events_kind ON app.events (kind) WITH (fillfactor = 70, deduplicate_items = off);
CREATE INDEX events_at ON app.events (at) WITH (fillfactor = 50);
CREATE INDEX events_live ON app.events (id) WITH (fillfactor = 60) WHERE NOT deleted;
