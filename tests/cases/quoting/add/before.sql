CREATE SCHEMA "my-app";
