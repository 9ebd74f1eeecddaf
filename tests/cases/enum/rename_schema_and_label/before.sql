CREATE SCHEMA legacy;
CREATE TYPE legacy.role AS ENUM ('owner', 'member');
