CREATE SCHEMA "My Schema";
CREATE TABLE "My Schema"."Order" (id integer PRIMARY KEY, "select" text, "Mixed Case" integer, "it""s" text DEFAULT 'it''s',
  "user" text CHECK ("user" <> ''), "from" integer UNIQUE);
CREATE TABLE "My Schema"."line item" ("order" integer REFERENCES "My Schema"."Order", "interval" interval, "timestamp" timestamp);
CREATE INDEX "Order ""x"" idx" ON "My Schema"."Order" ("Mixed Case") WHERE "select" IS NOT NULL;
