-- What a connected service's IAM database user needs on its application
-- database, granted through the database's group role.
--
-- Cloud SQL creates an IAM database user with no privileges, and since
-- PostgreSQL 15 PUBLIC has no CREATE on schema public: without this, a
-- service's first migration fails with "permission denied for schema public".
--
-- Run by psql, connected to the application database as a member of
-- cloudsqlsuperuser (which owns databases created through the Cloud SQL API,
-- and so schema public), once per connected service:
--
--   psql -v database=<database> -v group=<group role> -v service=<IAM user> -f postgres-grants.sql
--
-- It only ever grants on the database it is connected to, and running it
-- again changes nothing.

\set ON_ERROR_STOP on

-- The group role of the database: it holds the privileges; every connected
-- service is a member. Created by the admin, which may then grant it.
SELECT format('CREATE ROLE %I NOLOGIN', :'group')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'group') \gexec

-- Connect to this database and use temporary tables in it.
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"group";

-- Create tables, sequences, views and functions in schema public.
GRANT USAGE, CREATE ON SCHEMA public TO :"group";

-- Read and write the tables and sequences that already exist there and that
-- the admin may grant on (its own and cloudsqlsuperuser's, e.g. from a
-- restore). A service's own tables stay its own: when the Job runs again for a
-- new service, GRANT ... ON ALL TABLES would fail on them.
SELECT format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE %I.%I TO %I', n.nspname, c.relname, :'group')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND pg_has_role(c.relowner, 'USAGE')
ORDER BY c.relname \gexec
SELECT format('GRANT USAGE, SELECT, UPDATE ON SEQUENCE %I.%I TO %I', n.nspname, c.relname, :'group')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'S' AND pg_has_role(c.relowner, 'USAGE')
ORDER BY c.relname \gexec

-- Objects the admin creates later (by hand, or a restore) are the group's to use too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLES TO :"group";
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"group";

-- The service joins the group. Objects it creates are its own; services that
-- share a database create shared objects as the group (SET ROLE "<group>").
SELECT format('GRANT %I TO %I', :'group', :'service')
WHERE NOT pg_has_role(:'service', :'group', 'MEMBER') \gexec
