import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeWithMariadb, MariadbServer } from './mariadb-server';
import { mysqlGrantsSql, mysqlGrantVariablesSql } from '../../src/database/mysql-grants';

/**
 * The MySQL grants SQL the library ships, run by a real MariaDB server
 * (Debian's `mariadb-server`) set up the way Cloud SQL for MySQL sets up an
 * instance:
 *
 * - a user created through the Cloud SQL API, such as the admin the grant Job
 *   logs in as, holds cloudsqlsuperuser's privileges (SELECT ... TRIGGER,
 *   CREATE USER, SHOW DATABASES, ...) WITH GRANT OPTION
 *   (https://cloud.google.com/sql/docs/mysql/users, "MySQL 8.0 user privileges (cloudsqlsuperuser)");
 * - an IAM service-account user is `'<part of the email before @>'@'%'`, and
 *   "when an IAM user is added to a database, the new database user is granted
 *   no privileges to any databases by default. You need to use the GRANT command"
 *   (https://cloud.google.com/sql/docs/mysql/iam-logins, "Before you begin";
 *   https://cloud.google.com/sql/docs/mysql/add-manage-iam-users).
 *
 * The statements are MySQL's and MariaDB's alike (GRANT, PREPARE, QUOTE,
 * REPLACE, CONCAT, hexadecimal literals).
 */

const ADMIN = 'golden_paths_admin';
const PAYMENTS = 'payment-service-dev';
const ORDERS = 'order-service-dev';
const PRIVILEGES = 'SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, REFERENCES, INDEX, ALTER, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, '
  + 'CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, EVENT, TRIGGER';

describeWithMariadb()('the MySQL grants, on a real MariaDB', () => {
  let server: MariadbServer;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mysql-grants-'));

  beforeAll(async () => {
    server = await MariadbServer.start();
    server.exec('root', [
      `CREATE USER '${ADMIN}'@'%' IDENTIFIED BY 'admin-password'`,
      `GRANT ${PRIVILEGES}, CREATE USER, SHOW DATABASES, PROCESS, RELOAD ON *.* TO '${ADMIN}'@'%' WITH GRANT OPTION`,
      `CREATE USER '${PAYMENTS}'@'%'`,
      `CREATE USER '${ORDERS}'@'%'`,
      'CREATE DATABASE payments_db',
      'CREATE DATABASE paymentsXdb',
      'CREATE DATABASE orders_db',
    ].join('; '));
  }, 60_000);

  afterAll(() => {
    server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the grants file as the grant Job does: as the admin, after the variables, once per service. */
  function grant(database: string, service: string) {
    const file = path.join(dir, `${database}-${service.length}.sql`);
    fs.writeFileSync(file, mysqlGrantVariablesSql(database, service) + mysqlGrantsSql());
    // The admin logs in with its password, as the Job does (the socket connection is local).
    return server.sql({ user: ADMIN, file, password: 'admin-password' });
  }

  const grantsOf = (user: string) => server.exec('root', `SHOW GRANTS FOR '${user.replace(/'/g, '\'\'')}'@'%'`).split('\n').sort();

  test('before the grants, a new IAM user cannot use its database (the defect)', () => {
    const r = server.sql({ user: PAYMENTS, database: 'payments_db', sql: 'CREATE TABLE too_early (id int)' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`Access denied for user '${PAYMENTS}'@'%' to database 'payments_db'`);
  });

  test('the admin grants each service on its own database; running it again changes nothing', () => {
    for (let round = 0; round < 2; round++) {
      expect(grant('payments_db', PAYMENTS)).toMatchObject({ status: 0, stderr: '' });
      expect(grant('orders_db', ORDERS)).toMatchObject({ status: 0, stderr: '' });
      expect(grantsOf(PAYMENTS)).toEqual([
        `GRANT ${PRIVILEGES} ON \`payments\\_db\`.* TO \`${PAYMENTS}\`@\`%\``,
        `GRANT USAGE ON *.* TO \`${PAYMENTS}\`@\`%\``,
      ]);
    }
  });

  test('after the grants, the service creates a table, writes to it, reads it back, alters and indexes it', () => {
    expect(server.exec(PAYMENTS, [
      'CREATE TABLE payments (id bigint AUTO_INCREMENT PRIMARY KEY, amount_cents bigint NOT NULL)',
      'INSERT INTO payments (amount_cents) VALUES (1250), (990)',
      'UPDATE payments SET amount_cents = 1000 WHERE amount_cents = 990',
      'ALTER TABLE payments ADD COLUMN currency char(3) NOT NULL DEFAULT \'EUR\'',
      'CREATE INDEX payments_amount ON payments (amount_cents)',
      'CREATE TEMPORARY TABLE scratch (id int)',
      'SELECT sum(amount_cents) FROM payments',
    ].join('; '), 'payments_db')).toBe('2250');
  });

  test.each([
    ['create a table in another service\'s database', 'orders_db', 'CREATE TABLE intruder (id int)'],
    ['read another service\'s database', 'orders_db', 'SHOW TABLES'],
    ['use a database whose name "payments_db" would match as a pattern', 'paymentsXdb', 'CREATE TABLE intruder (id int)'],
    ['read the server\'s accounts', 'mysql', 'SELECT count(*) FROM user'],
  ])('the service cannot %s', (_what, database, sql) => {
    const r = server.sql({ user: PAYMENTS, database, sql });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`Access denied for user '${PAYMENTS}'@'%' to database '${database}'`);
  });

  test('the service holds no server-wide privilege: it cannot create a user or a database', () => {
    for (const sql of ['CREATE USER intruder', 'CREATE DATABASE intruder']) {
      const r = server.sql({ user: PAYMENTS, sql });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('Access denied');
    }
  });

  test('it revokes nothing: a privilege granted by hand stays when the Job runs again', () => {
    server.exec('root', `GRANT SELECT ON orders_db.* TO '${PAYMENTS}'@'%'`);
    expect(grant('payments_db', PAYMENTS)).toMatchObject({ status: 0, stderr: '' });
    expect(grantsOf(PAYMENTS)).toContain(`GRANT SELECT ON \`orders_db\`.* TO \`${PAYMENTS}\`@\`%\``);
    server.exec('root', `REVOKE SELECT ON orders_db.* FROM '${PAYMENTS}'@'%'`);
  });

  test('an IAM user that does not exist fails the Job rather than being created by the GRANT', () => {
    const r = grant('payments_db', 'nobody-dev');
    expect(r.status).not.toBe(0);
    expect(server.exec('root', 'SELECT count(*) FROM mysql.user WHERE user = \'nobody-dev\'')).toBe('0');
  });

  test('names that need quoting are quoted, never run as SQL', () => {
    const evilUser = 'x\'; DROP DATABASE orders_db; --';
    const evilDatabase = 'odd`name; DROP DATABASE orders_db; --';
    server.exec('root', `CREATE USER '${evilUser.replace(/'/g, '\'\'')}'@'%'; CREATE DATABASE \`${evilDatabase.replace(/`/g, '``')}\``);
    expect(grant(evilDatabase, evilUser)).toMatchObject({ status: 0, stderr: '' });
    expect(server.exec('root', 'SELECT count(*) FROM information_schema.schemata WHERE schema_name = \'orders_db\'')).toBe('1');
    expect(grantsOf(evilUser)).toContain(`GRANT ${PRIVILEGES} ON \`odd\`\`name; DROP DATABASE orders\\_db; --\`.* TO \`${evilUser}\`@\`%\``);
  });
});
