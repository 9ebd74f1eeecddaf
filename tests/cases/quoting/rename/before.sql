CREATE SCHEMA "my-app";
CREATE TABLE "my-app"."order" (id integer PRIMARY KEY, "select" text, value text, "timestamp" timestamptz);
CREATE INDEX "order by time" ON "my-app"."order" ("timestamp");
INSERT INTO "my-app"."order" VALUES (1, 'ann', 'x', now());
