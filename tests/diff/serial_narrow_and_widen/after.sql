CREATE TABLE a (id serial PRIMARY KEY);
CREATE TABLE b (id smallserial PRIMARY KEY);
CREATE TABLE c (id bigserial PRIMARY KEY);
