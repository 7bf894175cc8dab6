-- What a connected service's IAM database user needs on its application
-- database in Cloud SQL for MySQL: everything a service and its migrations do
-- inside that one database, and nothing on any other database or the server.
--
-- Cloud SQL creates an IAM database user with no privileges on any database;
-- the service account's user is named after the part of its email before
-- "@", on host '%'. Without this, a service's first query fails with
-- "Access denied for user ... to database ...".
--
-- Run by the mysql client as a user created through the Cloud SQL API (a
-- cloudsqlsuperuser, which holds these privileges WITH GRANT OPTION), once per
-- connected service, after two user variables are set:
--
--   SET @database = '<application database>', @service = '<IAM user name>';
--
-- The grant Job sets them from hexadecimal literals, so no value is ever
-- parsed as SQL; here they are quoted for the statement below (an identifier
-- in backquotes, the user as a string). It only ever grants on that database,
-- revokes nothing, and running it again changes nothing.

-- In GRANT ... ON db.*, "_" and "%" in a database name are wildcards
-- (MySQL, "GRANT Statement", "Object Quoting Guidelines"): escape them, so that
-- "payments_db" is that database and not "paymentsXdb" too. NULL variables
-- make the statement NULL, which PREPARE refuses.
SET @golden_paths_grant = CONCAT(
  'GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, REFERENCES, ',
  'CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, CREATE VIEW, SHOW VIEW, ',
  'CREATE ROUTINE, ALTER ROUTINE, EVENT, TRIGGER ON `',
  REPLACE(REPLACE(REPLACE(REPLACE(@database, '\\', '\\\\'), '`', '``'), '_', '\\_'), '%', '\\%'),
  '`.* TO ', QUOTE(@service), '@''%''');
PREPARE golden_paths_grant FROM @golden_paths_grant;
EXECUTE golden_paths_grant;
DEALLOCATE PREPARE golden_paths_grant;
