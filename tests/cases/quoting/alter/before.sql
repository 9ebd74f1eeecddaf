CREATE SCHEMA "my-app";
CREATE TABLE "my-app"."Orders" (id integer PRIMARY KEY, "user" varchar(50), type text, value integer, "it's" text);
CREATE TABLE "my-app"."interval" ("interval" interval PRIMARY KEY, "timestamp" timestamp);
CREATE INDEX "Idx Orders User" ON "my-app"."Orders" ("user");
INSERT INTO "my-app"."Orders" VALUES (1, 'ann', 'a', 5, 'x');
