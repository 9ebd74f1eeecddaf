-- ogel plan: 4 to add, 7 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add column "my-app"."interval".order_id
ALTER TABLE "my-app"."interval" ADD COLUMN order_id integer;

-- step 2: change column "my-app"."Orders"."user"
ALTER TABLE "my-app"."Orders" ALTER COLUMN "user" TYPE text;
ALTER TABLE "my-app"."Orders" ALTER COLUMN "user" SET NOT NULL;

-- step 3: change column "my-app"."Orders".type
ALTER TABLE "my-app"."Orders" ALTER COLUMN type SET DEFAULT 'plain'::text;

-- step 4: change column "my-app"."Orders".value
ALTER TABLE "my-app"."Orders" ALTER COLUMN value TYPE bigint;

-- step 5: change column "my-app"."Orders"."it's"
ALTER TABLE "my-app"."Orders" ALTER COLUMN "it's" TYPE text COLLATE "C";

-- step 6: change column "my-app"."interval"."timestamp"
ALTER TABLE "my-app"."interval" ALTER COLUMN "timestamp" TYPE timestamp with time zone;
ALTER TABLE "my-app"."interval" ALTER COLUMN "timestamp" SET DEFAULT now();
ALTER TABLE "my-app"."interval" ALTER COLUMN "timestamp" SET NOT NULL;

-- step 7: add check "Orders_type_check" on "my-app"."Orders"
ALTER TABLE "my-app"."Orders" ADD CONSTRAINT "Orders_type_check" CHECK ((type = ANY (ARRAY['a'::text, 'plain'::text, 'it''s'::text])));

-- step 8: add unique constraint "Orders_user_key" on "my-app"."Orders"
ALTER TABLE "my-app"."Orders" ADD CONSTRAINT "Orders_user_key" UNIQUE ("user");

-- step 9: replace index "my-app"."Idx Orders User"
DROP INDEX "my-app"."Idx Orders User";
CREATE INDEX "Idx Orders User" ON "my-app"."Orders" USING btree ("user", type);

-- step 10: add foreign key interval_order_id_fkey on "my-app"."interval"
ALTER TABLE "my-app"."interval" ADD CONSTRAINT interval_order_id_fkey FOREIGN KEY (order_id) REFERENCES "my-app"."Orders"(id) ON DELETE CASCADE;

-- step 11: set comment column "my-app"."Orders".value
COMMENT ON COLUMN "my-app"."Orders".value IS 'The order''s value.';

COMMIT;
