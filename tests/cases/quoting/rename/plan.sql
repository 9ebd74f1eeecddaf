-- ogel plan: 0 to add, 4 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: rename table "my-app"."order"
ALTER TABLE "my-app"."order" RENAME TO "Orders";

-- step 2: rename column "my-app"."Orders"."select"
ALTER TABLE "my-app"."Orders" RENAME COLUMN "select" TO "user";

-- step 3: rename column "my-app"."Orders".value
ALTER TABLE "my-app"."Orders" RENAME COLUMN value TO "it's";

-- step 4: rename index "my-app"."order by time"
ALTER INDEX "my-app"."order by time" RENAME TO "Orders' time";

COMMIT;
