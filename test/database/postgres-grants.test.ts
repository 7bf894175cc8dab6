import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PostgresServer } from './postgres-server';
import { postgresGrantsSql, PostgresGrantVariables } from '../../src/database/postgres-grants';
import { describeWith } from '../setup/tools';

/**
 * The grants SQL the library ships, run by a real PostgreSQL (Debian's
 * `postgresql` package) set up the way Cloud SQL sets up an instance:
 *
 * - `cloudsqlsuperuser` (CREATEROLE, CREATEDB, no SUPERUSER) owns the
 *   databases created through the Cloud SQL API, so schema `public` of each
 *   (owned by pg_database_owner) is theirs too;
 * - a built-in user created through the API, such as the admin the grant Job
 *   logs in as, is a LOGIN member of cloudsqlsuperuser
 *   (https://cloud.google.com/sql/docs/postgres/users);
 * - IAM service-account users are LOGIN roles the superuser creates, members
 *   of `cloudsqliamserviceaccount`, "granted no privileges on any databases"
 *   (https://cloud.google.com/sql/docs/postgres/add-manage-iam-users).
 */

const ADMIN = 'golden_paths_admin';
const PAYMENTS = 'payment-service-dev@acme-prod.iam';
const ORDERS = 'order-service-dev@acme-prod.iam';

let server: PostgresServer;
const sqlFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grants-')), 'postgres-grants.sql');
fs.writeFileSync(sqlFile, postgresGrantsSql());

afterAll(() => server?.stop());

beforeAll(() => {
  server = PostgresServer.start();
  server.exec('postgres', 'postgres', [
    'CREATE ROLE cloudsqlsuperuser NOLOGIN CREATEROLE CREATEDB',
    'CREATE ROLE cloudsqliamserviceaccount NOLOGIN',
    `CREATE ROLE ${ADMIN} LOGIN CREATEROLE CREATEDB IN ROLE cloudsqlsuperuser`,
    `CREATE ROLE "${PAYMENTS}" LOGIN IN ROLE cloudsqliamserviceaccount`,
    `CREATE ROLE "${ORDERS}" LOGIN IN ROLE cloudsqliamserviceaccount`,
  ].join('; '));
  server.exec('postgres', 'postgres', 'CREATE DATABASE payments_db OWNER cloudsqlsuperuser');
  server.exec('postgres', 'postgres', 'CREATE DATABASE orders_db OWNER cloudsqlsuperuser');
});

/** Runs the grants file the way the grant Job does: as the admin, connected to the database, once per service. */
function grant(database: string, service: string) {
  return server.psql({
    user: ADMIN,
    database,
    file: sqlFile,
    variables: { [PostgresGrantVariables.DATABASE]: database, [PostgresGrantVariables.GROUP]: `${database}_app`, [PostgresGrantVariables.SERVICE]: service },
  });
}

// Without PostgreSQL, the run has said what to install, once (test/setup/tools.ts).
describeWith('PostgreSQL')('the Postgres grants, on a real PostgreSQL', () => {
  test('the server is PostgreSQL 15 or newer, where PUBLIC has no CREATE on schema public', () => {
    expect(server.version).toBeGreaterThanOrEqual(15);
  });

  test('before the grants, a new IAM user cannot create the first table (the defect)', () => {
    const r = server.psql({ user: PAYMENTS, database: 'payments_db', sql: 'CREATE TABLE too_early (id int)' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('permission denied for schema public');
  });

  test('the admin grants each service on its own database; running it again changes nothing', () => {
    for (let round = 0; round < 2; round++) {
      const payments = grant('payments_db', PAYMENTS);
      expect(payments).toMatchObject({ status: 0, stderr: '' });
      const orders = grant('orders_db', ORDERS);
      expect(orders).toMatchObject({ status: 0, stderr: '' });
    }
  });

  test('after the grants, the service creates a table, writes to it and reads it back', () => {
    expect(server.exec(PAYMENTS, 'payments_db', [
      'CREATE TABLE payments (id bigserial PRIMARY KEY, amount_cents bigint NOT NULL)',
      'INSERT INTO payments (amount_cents) VALUES (1250), (990)',
      'UPDATE payments SET amount_cents = 1000 WHERE amount_cents = 990',
      'CREATE INDEX payments_amount ON payments (amount_cents)',
      'SELECT sum(amount_cents) FROM payments',
    ].join('; '))).toBe('2250');
    server.exec(ORDERS, 'orders_db', 'CREATE TABLE orders (id bigserial PRIMARY KEY, item text); INSERT INTO orders (item) VALUES (\'book\')');
  });

  test('a table that existed before the grant (made by the admin) is the service\'s to read and write', () => {
    server.exec(ADMIN, 'payments_db', 'CREATE TABLE settings (key text PRIMARY KEY, value text); INSERT INTO settings VALUES (\'currency\', \'EUR\')');
    expect(server.exec(PAYMENTS, 'payments_db', 'UPDATE settings SET value = \'USD\'; SELECT value FROM settings')).toBe('USD');
  });

  test.each([
    ['create a table', 'CREATE TABLE intruder (id int)', 'permission denied for schema public'],
    ['read its tables', 'SELECT count(*) FROM orders', 'permission denied for table orders'],
    ['write its tables', 'INSERT INTO orders (item) VALUES (\'free lunch\')', 'permission denied for table orders'],
    ['join its group', 'SET ROLE orders_db_app', 'permission denied to set role "orders_db_app"'],
  ])('the service cannot touch another service\'s database: %s', (_what, sql, error) => {
    const r = server.psql({ user: PAYMENTS, database: 'orders_db', sql });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(error);
  });

  test('the service holds no other privilege: no new databases or roles, no superuser role', () => {
    expect(server.exec('postgres', 'postgres', `SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = '${PAYMENTS}'`)).toBe('f|f|f');
    expect(server.exec('postgres', 'postgres',
      `SELECT string_agg(r.rolname, ',' ORDER BY r.rolname) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = '${PAYMENTS}'`,
    )).toBe('cloudsqliamserviceaccount,payments_db_app');
  });

  test('running it again after services made their own tables (a new service connects) still succeeds', () => {
    const ledger = 'ledger-dev@acme-prod.iam';
    server.exec('postgres', 'postgres', `CREATE ROLE "${ledger}" LOGIN IN ROLE cloudsqliamserviceaccount`);
    const r = grant('payments_db', ledger);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // The admin's tables are shared through the group; a service shares its own by creating them as the group.
    expect(server.exec(ledger, 'payments_db', 'SELECT value FROM settings')).toBe('USD');
    server.exec(PAYMENTS, 'payments_db', 'SET ROLE payments_db_app; CREATE TABLE shared (id int); RESET ROLE');
    expect(server.exec(ledger, 'payments_db', 'INSERT INTO shared VALUES (1); SELECT count(*) FROM shared')).toBe('1');
  });

  test('names that need quoting are quoted, never run as SQL', () => {
    const evil = 'x"; DROP DATABASE orders_db; --';
    server.exec('postgres', 'postgres', `CREATE ROLE "${evil.replace(/"/g, '""')}" LOGIN`);
    const r = grant('payments_db', evil);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(server.exec('postgres', 'postgres', 'SELECT count(*) FROM pg_database WHERE datname = \'orders_db\'')).toBe('1');
  });
});
