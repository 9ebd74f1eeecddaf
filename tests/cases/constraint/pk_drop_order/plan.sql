-- ogel plan: 2 to add, 1 to change, 3 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop foreign key taggings_user_id_fkey on public.taggings
ALTER TABLE public.taggings DROP CONSTRAINT taggings_user_id_fkey;

-- step 2: drop, to replace, primary key users_pkey on public.users
ALTER TABLE public.users DROP CONSTRAINT users_pkey;

-- step 3: add column public.users.user_id
ALTER TABLE public.users ADD COLUMN user_id integer NOT NULL;

-- step 4: add column public.users.name
ALTER TABLE public.users ADD COLUMN name text;

-- step 5: replace primary key users_pkey on public.users
ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (user_id);

-- step 6: drop column public.users.id
ALTER TABLE public.users DROP COLUMN id;

-- step 7: drop table public.taggings
DROP TABLE public.taggings;

COMMIT;
