import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { GrantJobShell } from './grant-job-shell';
import { describeWithMariadb, MariadbServer } from './mariadb-server';
import { DatabaseEngine, DatabaseSize, GoMicroservice, ManagedDatabase, MysqlGrantJob, TeamEnvironment } from '../../src';
import { platformFixture, resource, resources, synth } from '../util';

/**
 * Cloud SQL creates a MySQL IAM database user with no privileges on any
 * database ("You need to use the GRANT command to give the IAM database user
 * the privileges it needs", https://cloud.google.com/sql/docs/mysql/iam-logins),
 * so each connected mysql database gets a grant Job like the postgres one:
 * the shipped sql/mysql-grants.sql, run through the Auth Proxy (private IP)
 * as the built-in admin whose password is write-only.
 *
 * Cloud SQL logs a service account in to MySQL as the part of its email
 * before "@" (https://cloud.google.com/sql/docs/mysql/add-manage-iam-users).
 */

function fixture() {
  const f = platformFixture();
  const team = new TeamEnvironment(f.platform, 'orders', { name: 'orders', maintainers: ['alice'] });
  const db = new ManagedDatabase(team, 'db', { name: 'orders-db', engine: DatabaseEngine.MYSQL, size: DatabaseSize.SMALL });
  return { ...f, team, db };
}

const jobIn = (json: any, env: string) => resource(json, 'kubernetes_job_v1', (j) => j.metadata.namespace === `orders-grants-${env}`);
const container = (job: any, name: string) => job.spec.template.spec.container.find((c: any) => c.name === name);
const envOf = (c: any): Record<string, string> => Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));

describe('the grant Job of a mysql database', () => {
  const { stack, team, db } = fixture();
  new GoMicroservice(team, 'order-service', { name: 'order-service', description: 'Orders', databases: [db] });
  new GoMicroservice(team, 'invoices', { name: 'invoices', description: 'Invoices', databases: [db] });
  const json = synth(stack);

  test.each(['dev', 'staging', 'prod'])('%s: one Job in the team\'s grants namespace, awaited by Terraform, granting every connected service by its MySQL user name', (env) => {
    const grants = db.sqlEnvironment(env).grantJob!;
    expect(grants).toBeInstanceOf(MysqlGrantJob);
    expect(grants.node.path).toBe(`test/platform/orders/db/${env}/grants`);
    const job = jobIn(json, env);
    expect(job.metadata.name).toBe('orders-db-grants');
    expect(job.wait_for_completion).toBe(true);
    expect(job.spec.template.spec.service_account_name).toBe('orders-db-grants');
    expect(envOf(container(job, 'grants'))).toMatchObject({
      DATABASE: 'orders_db', SERVICES: `order-service-${env} invoices-${env}`, ADMIN_USER: 'golden_paths_admin', MYSQL_PORT: '3306',
    });
    const addr = (r: any) => `${r.terraformResourceType}.${r.friendlyUniqueId}`;
    const users = db.connectedServices.map((s) => addr(db.sqlEnvironment(env).access(s).user));
    expect(job.depends_on).toEqual(expect.arrayContaining([
      ...users, addr(grants.adminUser), addr(grants.adminPasswordVersion), addr(db.sqlEnvironment(env).database),
    ]));
  });

  test('the SQL it runs is the shipped sql/mysql-grants.sql', () => {
    const configMap = resource(json, 'kubernetes_config_map_v1', (c) => c.metadata.name === 'orders-db-grants' && c.metadata.namespace === 'orders-grants-dev');
    expect(configMap.data['mysql-grants.sql']).toBe(fs.readFileSync(path.join(__dirname, '..', '..', 'sql', 'mysql-grants.sql'), 'utf8'));
  });

  test('the client is the settings\' mysql image under bash; the proxy listens on 3306 by private IP, as the admin (no IAM login)', () => {
    const job = jobIn(json, 'dev');
    const grants = container(job, 'grants');
    expect(grants.image).toBe('docker.io/library/mysql:8.4.5');
    expect(grants.command[0]).toBe('/bin/bash');
    const proxy = container(job, 'cloud-sql-proxy');
    expect(proxy.args).toEqual(expect.arrayContaining(['--private-ip', '--port=3306', '--quitquitquit', 'acme-prod:europe-west1:orders-db-dev']));
    expect(proxy.args).not.toContain('--auto-iam-authn');
    // The client writes its option file (the password) to the in-memory volume, and nowhere else.
    expect(grants.volume_mount.find((m: any) => m.name === 'secrets')).toEqual({ name: 'secrets', mount_path: '/secrets', read_only: false });
    expect(job.spec.template.spec.volume.find((v: any) => v.name === 'secrets').empty_dir).toEqual({ medium: 'Memory', size_limit: '1Mi' });
    for (const c of [...job.spec.template.spec.container, ...job.spec.template.spec.init_container]) {
      expect(c.security_context).toMatchObject({ run_as_non_root: true, allow_privilege_escalation: false, read_only_root_filesystem: true });
    }
  });

  test('its admin, secret, service account and retries are the postgres Job\'s', () => {
    const grants = db.sqlEnvironment('dev').grantJob!;
    const admin = resource(json, 'google_sql_user', (u) => u.name === 'golden_paths_admin' && u.instance.includes('dev_instance'));
    expect(admin).toMatchObject({ password_wo_version: 1, deletion_policy: 'ABANDON' });
    expect(admin.lifecycle.replace_triggered_by).toEqual([`google_sql_database_instance.${db.sqlEnvironment('dev').instance.friendlyUniqueId}.id`]);
    const version = resources(json, 'google_secret_manager_secret_version')[grants.adminPasswordVersion.friendlyUniqueId];
    expect(version.secret_data_wo).toBe(admin.password_wo);
    expect(version.lifecycle.replace_triggered_by).toEqual([`google_sql_user.${grants.adminUser.friendlyUniqueId}.id`]);
    expect(grants.retrySeconds).toBe(900);
    expect(resource(json, 'google_service_account', (a) => a.account_id === 'orders-db-grants-dev')).toBeDefined();
    expect(grants.namespaceName).toBe('orders-grants-dev');
    expect(team.quotaConsumers).not.toContain(grants);
  });

  test('a mirrored client image comes from the settings', () => {
    const f = platformFixture({ toolImages: { mysqlClient: 'europe-west1-docker.pkg.dev/acme-prod/mirror/mysql:8.4.5' } });
    const team2 = new TeamEnvironment(f.platform, 'orders', { name: 'orders', maintainers: ['alice'] });
    const db2 = new ManagedDatabase(team2, 'db', { name: 'orders-db', engine: DatabaseEngine.MYSQL, size: DatabaseSize.SMALL });
    new GoMicroservice(team2, 'order-service', { name: 'order-service', description: 'Orders', databases: [db2] });
    expect(container(jobIn(synth(f.stack), 'dev'), 'grants').image).toBe('europe-west1-docker.pkg.dev/acme-prod/mirror/mysql:8.4.5');
  });
});

/**
 * The Job's scripts, with the SQL from the synthesized ConfigMap, run by bash
 * against a real MariaDB set up like Cloud SQL for MySQL (see
 * mysql-grants.test.ts). The Auth Proxy's health and quit endpoints are served
 * from this test over HTTP on loopback (the script speaks HTTP through bash's
 * /dev/tcp); the mysql client reaches the server's socket instead of the
 * proxy's port; the clock is simulated (GrantJobShell).
 */
describeWithMariadb()('the Job\'s scripts, on a real MariaDB', () => {
  const { stack, team, db } = fixture();
  new GoMicroservice(team, 'order-service', { name: 'order-service', description: 'Orders', databases: [db] });
  new GoMicroservice(team, 'invoices', { name: 'invoices', description: 'Invoices', databases: [db] });
  const json = synth(stack);
  const job = jobIn(json, 'dev');
  const init = job.spec.template.spec.init_container[0];
  const grants = container(job, 'grants');
  const sql = resource(json, 'kubernetes_config_map_v1', (c) => c.metadata.name === 'orders-db-grants' && c.metadata.namespace === 'orders-grants-dev').data['mysql-grants.sql'];
  let server: MariadbServer;
  const calls: string[] = [];
  const proxy = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    res.writeHead(req.url === '/startup' || req.url === '/quitquitquit' ? 200 : 404).end('ok');
  });
  const shells: GrantJobShell[] = [];
  jest.setTimeout(60_000);
  /**
   * stderr less the warnings a MariaDB client gives for the two options only MySQL's knows
   * (`loose-ssl-mode`, `loose-get-server-public-key`: "skipped with a warning", as loose- asks).
   */
  const errors = (stderr: string) => stderr.split('\n').filter((l) => !/^Warning: .*: unknown variable 'loose-(ssl-mode|get-server-public-key)=/.test(l)).join('\n');

  beforeAll(async () => {
    server = await MariadbServer.start();
    server.exec('root', [
      'CREATE USER \'golden_paths_admin\'@\'%\' IDENTIFIED BY \'0b6c7a52-1f7e-4c1b-9a53-7c2f6f0e9d41\'',
      'GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, REFERENCES, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, '
        + 'CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, EVENT, TRIGGER, CREATE USER, SHOW DATABASES ON *.* TO \'golden_paths_admin\'@\'%\' WITH GRANT OPTION',
      'CREATE USER \'order-service-dev\'@\'%\'',
      'CREATE USER \'invoices-dev\'@\'%\'',
      'CREATE DATABASE orders_db',
    ].join('; '));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  }, 60_000);
  afterAll(() => {
    server?.stop();
    proxy.close();
    shells.forEach((s) => s.remove());
  });

  function pod() {
    const shell = new GrantJobShell();
    shells.push(shell);
    fs.writeFileSync(path.join(shell.dir, 'mysql-grants.sql'), sql);
    shell.stub('gcloud', 'printf 0b6c7a52-1f7e-4c1b-9a53-7c2f6f0e9d41');
    // The client reaches the server's socket where the proxy's port would be.
    shell.stub('mysql', `exec ${MariadbServer.client()} "$@" --host=localhost --socket=${server.socket} --protocol=socket`);
    const port = String((proxy.address() as AddressInfo).port);
    return { shell, env: { GRANTS_SQL: path.join(shell.dir, 'mysql-grants.sql'), PROXY_HEALTH_PORT: port, PROXY_ADMIN_PORT: port } };
  }

  test('grants every connected service, which can then create and write its tables', async () => {
    const { shell, env } = pod();
    expect(shell.run(init)).toMatchObject({ status: 0, stderr: '' });
    calls.length = 0;
    const run = await shell.runAsync(grants, env);
    expect(errors(run.stderr)).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('granting order-service-dev on orders_db');
    expect(run.stdout).toContain('granting invoices-dev on orders_db');
    // It waited for the proxy to start, and stopped it at the end.
    expect(calls).toEqual(['GET /startup', 'POST /quitquitquit']);
    // The password reached the client in a file only its user can read.
    expect((fs.statSync(path.join(shell.dir, 'client.cnf')).mode % 0o1000).toString(8)).toBe('600');

    expect(server.exec('order-service-dev', 'CREATE TABLE orders (id int PRIMARY KEY, item text); INSERT INTO orders VALUES (1, \'book\'); SELECT count(*) FROM orders', 'orders_db')).toBe('1');
    expect(server.exec('invoices-dev', 'CREATE TABLE invoices (id int); INSERT INTO invoices VALUES (1); SELECT count(*) FROM invoices', 'orders_db')).toBe('1');
  });

  test('IAM taking 7 minutes to let the Job connect: the client logs in once it has, then grants', async () => {
    const { shell, env } = pod();
    expect(shell.run(init).status).toBe(0);
    shell.failFor('mysql', 7 * 60, 'ERROR 2013 (HY000): Lost connection to server at \'handshake: reading initial communication packet\', system error: 0', 1,
      `exec ${MariadbServer.client()} "$@" --host=localhost --socket=${server.socket} --protocol=socket`);
    const run = await shell.runAsync(grants, env);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('cannot log in yet (IAM changes take minutes to propagate): retrying in 5s');
    expect(shell.sleeps.slice(0, 6)).toEqual([5, 10, 20, 40, 60, 60]);
    expect(run.stdout).toContain('granting invoices-dev on orders_db');
  });

  test('a wrong password stops at the budget, names the fix, and still stops the proxy', async () => {
    const { shell, env } = pod();
    shell.stub('gcloud', 'printf not-the-password');
    expect(shell.run(init).status).toBe(0);
    calls.length = 0;
    const run = await shell.runAsync(grants, env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Access denied for user \'golden_paths_admin\'');
    const version = db.sqlEnvironment('dev').grantJob!.adminPasswordVersion;
    expect(run.stderr).toContain('could not log in as golden_paths_admin to database orders_db within 900s');
    expect(run.stderr).toContain(`terraform apply -replace=google_secret_manager_secret_version.${version.friendlyUniqueId}`);
    expect(shell.elapsed).toBeLessThanOrEqual(900);
    expect(calls[calls.length - 1]).toBe('POST /quitquitquit');
  });

  test('a proxy that never starts fails within a minute', async () => {
    const { shell, env } = pod();
    expect(shell.run(init).status).toBe(0);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = String((closed.address() as AddressInfo).port);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const run = await shell.runAsync(grants, { ...env, PROXY_HEALTH_PORT: port, PROXY_ADMIN_PORT: port });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('the Cloud SQL Auth Proxy did not start within 60s\n');
  });
});
