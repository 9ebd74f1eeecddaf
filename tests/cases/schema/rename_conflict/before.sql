CREATE SCHEMA legacy;
CREATE TABLE legacy.accounts (id integer PRIMARY KEY);
CREATE SCHEMA core;
CREATE TABLE core.accounts (id integer PRIMARY KEY);
