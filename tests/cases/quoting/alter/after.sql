CREATE SCHEMA "my-app";
CREATE TABLE "my-app"."Orders" (
    id integer PRIMARY KEY,
    "user" text NOT NULL UNIQUE,
    type text DEFAULT 'plain' CHECK (type IN ('a', 'plain', 'it''s')),
    value bigint,
    "it's" text COLLATE "C"
);
COMMENT ON COLUMN "my-app"."Orders".value IS 'The order''s value.';
CREATE INDEX "Idx Orders User" ON "my-app"."Orders" ("user", type);
CREATE TABLE "my-app"."interval" (
    "interval" interval PRIMARY KEY,
    "timestamp" timestamptz NOT NULL DEFAULT now(),
    order_id integer REFERENCES "my-app"."Orders" ON DELETE CASCADE
);
