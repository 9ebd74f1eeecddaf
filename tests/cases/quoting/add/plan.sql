-- ogel plan: 5 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add table "my-app"."Orders"
CREATE TABLE "my-app"."Orders" (
    id integer NOT NULL,
    "user" text NOT NULL,
    type text DEFAULT 'it''s'::text,
    value numeric,
    "timestamp" timestamp with time zone DEFAULT now(),
    "it's" text,
    CONSTRAINT "Orders_pkey" PRIMARY KEY (id),
    CONSTRAINT "Orders_type_check" CHECK ((type <> ''::text))
);
COMMENT ON COLUMN "my-app"."Orders"."it's" IS 'It''s quoted.';

-- step 2: add table "my-app"."interval"
CREATE TABLE "my-app"."interval" (
    "interval" interval NOT NULL,
    order_id integer,
    CONSTRAINT interval_pkey PRIMARY KEY ("interval")
);

-- step 3: add table "my-app"."timestamp"
CREATE TABLE "my-app"."timestamp" (
    "user" text,
    CONSTRAINT timestamp_user_key UNIQUE ("user")
);

-- step 4: add index "my-app"."Idx Orders User"
CREATE INDEX "Idx Orders User" ON "my-app"."Orders" USING btree ("user", "timestamp" DESC) WHERE (value IS NOT NULL);

-- step 5: add foreign key interval_order_id_fkey on "my-app"."interval"
ALTER TABLE "my-app"."interval" ADD CONSTRAINT interval_order_id_fkey FOREIGN KEY (order_id) REFERENCES "my-app"."Orders"(id);

-- step 6: set comment schema "my-app"
COMMENT ON SCHEMA "my-app" IS 'The app''s schema.';

COMMIT;
