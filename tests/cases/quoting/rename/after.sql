CREATE SCHEMA "my-app";
CREATE TABLE "my-app"."Orders" (id integer CONSTRAINT order_pkey PRIMARY KEY, "user" text, "it's" text, "timestamp" timestamptz);
CREATE INDEX "Orders' time" ON "my-app"."Orders" ("timestamp");
