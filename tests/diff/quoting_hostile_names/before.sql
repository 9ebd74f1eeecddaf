CREATE SCHEMA "My Schema";
CREATE TABLE "My Schema"."Order" (id integer PRIMARY KEY);
