CREATE SCHEMA "my-app";
COMMENT ON SCHEMA "my-app" IS 'The app''s schema.';
CREATE TABLE "my-app"."Orders" (
    id integer PRIMARY KEY,
    "user" text NOT NULL,
    type text DEFAULT 'it''s' CHECK (type <> ''),
    value numeric,
    "timestamp" timestamptz DEFAULT now(),
    "it's" text
);
COMMENT ON COLUMN "my-app"."Orders"."it's" IS 'It''s quoted.';
CREATE INDEX "Idx Orders User" ON "my-app"."Orders" ("user", "timestamp" DESC) WHERE value IS NOT NULL;
CREATE TABLE "my-app"."interval" (
    "interval" interval PRIMARY KEY,
    order_id integer REFERENCES "my-app"."Orders"
);
CREATE TABLE "my-app"."timestamp" ("user" text UNIQUE);
