CREATE TABLE a (id bigserial PRIMARY KEY);
CREATE TABLE b (id serial PRIMARY KEY);
CREATE TABLE c (id smallserial PRIMARY KEY);
