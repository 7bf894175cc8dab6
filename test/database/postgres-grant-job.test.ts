import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { GrantJobShell } from './grant-job-shell';
import { PostgresServer } from './postgres-server';
import { DatabaseEngine, DatabaseSize, GoMicroservice, ManagedDatabase, TeamEnvironment } from '../../src';
import { postgresGrantsSql } from '../../src/database/postgres-grants';
import { CLOUD_SQL_PROXY_IMAGE } from '../../src/database/sql-database-environment';
import { describeWith } from '../setup/tools';
import { errorOf, platformFixture, resource, resources, synth } from '../util';

/**
 * A new Cloud SQL IAM database user has no privileges, and since PostgreSQL 15
 * PUBLIC has no CREATE on schema public, so a service's first migration fails
 * with "permission denied for schema public". Each connected postgres database
 * gets a one-shot Job that grants the services' IAM users, through the Auth
 * Proxy (private IP only), as a built-in admin whose password is write-only.
 *
 * Provider documentation relied on:
 * - google_sql_user `password_wo` / `password_wo_version` and
 *   google_secret_manager_secret_version `secret_data_wo` / `secret_data_wo_version`:
 *   write-only arguments (Terraform 1.11+), never stored in plan or state
 *   (https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/sql_user#password_wo);
 *   `deletion_policy = "ABANDON"`: "useful for Postgres, where users cannot be deleted from the API if they
 *   have been granted SQL roles".
 * - kubernetes_job_v1 `wait_for_completion`: the apply waits until the Job completes or fails
 *   (https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/job_v1#wait_for_completion).
 * - cloud-sql-proxy `--quitquitquit`: "The admin server exits gracefully when it receives a GET or POST
 *   request at /quitquitquit" on localhost:9091 (cloud-sql-proxy cmd/root.go, "Localhost Admin Server").
 */

function fixture() {
  const f = platformFixture();
  const team = new TeamEnvironment(f.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  const db = new ManagedDatabase(team, 'db', { name: 'payments-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL });
  return { ...f, team, db };
}

const jobIn = (json: any, env: string) => resource(json, 'kubernetes_job_v1', (j) => j.metadata.namespace === `payments-grants-${env}`);
const container = (job: any, name: string) => job.spec.template.spec.container.find((c: any) => c.name === name);
const envOf = (c: any): Record<string, string> => Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));

/** The database with one connected service, synthesized once for the describes that read it. */
let connectedFixture: ReturnType<typeof fixture> & { svc: GoMicroservice; json: any } | undefined;
function connected() {
  if (!connectedFixture) {
    const f = fixture();
    const svc = new GoMicroservice(f.team, 'payment-service', { name: 'payment-service', description: 'Payments', databases: [f.db] });
    connectedFixture = { ...f, svc, json: synth(f.stack) };
  }
  return connectedFixture;
}

describe('the grant Job of a postgres database', () => {
  const { team, db, svc, json } = connected();

  test.each(['dev', 'staging', 'prod'])('%s: one Job in the team\'s grants namespace, awaited by Terraform, after the users and the database exist', (env) => {
    const grants = db.sqlEnvironment(env).grantJob!;
    expect(grants.node.path).toBe(`test/platform/payments/db/${env}/grants`);
    const job = jobIn(json, env);
    expect(job.metadata.name).toBe('payments-db-grants');
    expect(job.wait_for_completion).toBe(true);
    expect(job.spec.backoff_limit).toBe(3);
    expect(job.spec.template.spec.restart_policy).toBe('Never');
    expect(job.spec.template.spec.service_account_name).toBe('payments-db-grants');
    const addr = (r: any) => `${r.terraformResourceType}.${r.friendlyUniqueId}`;
    expect(job.depends_on).toEqual(expect.arrayContaining([
      addr(db.sqlEnvironment(env).access(svc).user), addr(grants.adminUser), addr(grants.adminPasswordVersion), addr(db.sqlEnvironment(env).database),
    ]));
    expect(envOf(container(job, 'grants'))).toMatchObject({
      DATABASE: 'payments_db', GROUP: 'payments_db_app', SERVICES: `payment-service-${env}@acme-prod.iam`, ADMIN_USER: 'golden_paths_admin',
    });
  });

  test('the SQL it runs is the shipped sql/postgres-grants.sql, and psql passes every variable the file reads', () => {
    const configMap = resource(json, 'kubernetes_config_map_v1', (c) => c.metadata.name === 'payments-db-grants' && c.metadata.namespace === 'payments-grants-dev');
    expect(configMap.data['postgres-grants.sql']).toBe(fs.readFileSync(path.join(__dirname, '..', '..', 'sql', 'postgres-grants.sql'), 'utf8'));
    const read = new Set([...postgresGrantsSql().matchAll(/:["']([a-z_]+)["']/g)].map((m) => m[1]));
    const script: string = container(jobIn(json, 'dev'), 'grants').command[2];
    const passed = new Set([...script.matchAll(/-v ([a-z_]+)=/g)].map((m) => m[1]));
    expect([...read].sort()).toEqual(['database', 'group', 'service']);
    expect([...passed].filter((v) => v !== 'ON_ERROR_STOP').sort()).toEqual([...read].sort());
  });

  test('the admin is a built-in user whose password exists only write-only, in Cloud SQL and Secret Manager', () => {
    const grants = db.sqlEnvironment('prod').grantJob!;
    const admin = resource(json, 'google_sql_user', (u) => u.name === 'golden_paths_admin' && u.instance.includes('prod_instance'));
    expect(admin).toMatchObject({ password_wo_version: 1, deletion_policy: 'ABANDON' });
    expect(admin.type).toBeUndefined();
    expect(admin.password).toBeUndefined();
    const version = resource(json, 'google_secret_manager_secret_version', (v) => v.secret.includes('prod_grants'));
    expect(version.secret_data_wo).toBe(admin.password_wo);
    expect(version.secret_data).toBeUndefined();
    // With secret_data_wo_version set, the provider's refresh never reads the value back (google 6.50,
    // flattenSecretManagerSecretVersionPayload), so the apply identity, which holds no secretmanager.versions.access, can refresh it.
    expect(version.secret_data_wo_version).toBe(1);
    expect(grants.adminPassword.node.id).toBe('admin-password-secret');
  });

  /*
   * Secret Manager, "Choose a replication policy"
   * (https://cloud.google.com/secret-manager/docs/choosing-replication): "For purposes of resource
   * location organization policy evaluation, a secret with an automatic replication policy can only be
   * created if resource creation in global is allowed"; a user-managed one "only if resource creation is
   * allowed in all selected locations". And "the locations in the replication policy can't be updated".
   */
  test.each(['dev', 'staging', 'prod'])('%s: the admin password secret is stored in the platform\'s region only, as a location policy allows', (env) => {
    const secret = resource(json, 'google_secret_manager_secret', (s) => s.secret_id === `payments-db-${env}-grants-admin`);
    expect(secret.replication).toEqual({ user_managed: { replicas: [{ location: 'europe-west1' }] } });
    expect(secret.replication.auto).toBeUndefined();
  });

  test('the secret follows the platform\'s region', () => {
    const f = platformFixture({ region: 'europe-west3' });
    const team2 = new TeamEnvironment(f.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const db2 = new ManagedDatabase(team2, 'db', { name: 'payments-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL });
    new GoMicroservice(team2, 'payment-service', { name: 'payment-service', description: 'Payments', databases: [db2] });
    const secrets = Object.values(resources(synth(f.stack), 'google_secret_manager_secret')) as any[];
    expect(secrets.map((s) => s.replication.user_managed.replicas)).toEqual([[{ location: 'europe-west3' }], [{ location: 'europe-west3' }], [{ location: 'europe-west3' }]]);
  });

  test('the Job runs as its own Google service account: this instance only, this secret only', () => {
    const email = '${google_service_account.platform_payments_db_dev_grants_google-service-account_';
    const sa = resource(json, 'google_service_account', (a) => a.account_id === 'payments-db-grants-dev');
    expect(sa.account_id.length).toBeLessThanOrEqual(30);
    const roles = Object.values(resources(json, 'google_project_iam_member')).filter((m: any) => m.member.startsWith(`serviceAccount:${email}`));
    expect(roles.map((m: any) => [m.role, m.condition.expression])).toEqual([
      ['roles/cloudsql.client', 'resource.name == "projects/acme-prod/instances/payments-db-dev" && resource.service == "sqladmin.googleapis.com"'],
    ]);
    const accessor = resource(json, 'google_secret_manager_secret_iam_member', (m) => m.member.startsWith(`serviceAccount:${email}`));
    expect(accessor.role).toBe('roles/secretmanager.secretAccessor');
    expect(accessor.secret_id).toMatch(/^\$\{google_secret_manager_secret\.platform_payments_db_dev_grants_admin-password-secret_[0-9A-F]{8}\.secret_id\}$/);
    expect(resource(json, 'google_service_account_iam_member', (m) => m.member === 'serviceAccount:acme-prod.svc.id.goog[payments-grants-dev/payments-db-grants]').role)
      .toBe('roles/iam.workloadIdentityUser');
  });

  test('the proxy connects by private IP as the admin (no IAM login) and stops when psql is done', () => {
    const job = jobIn(json, 'dev');
    const proxy = container(job, 'cloud-sql-proxy');
    expect(proxy.image).toBe(CLOUD_SQL_PROXY_IMAGE);
    expect(proxy.args).toEqual(expect.arrayContaining(['--private-ip', '--quitquitquit', '--exit-zero-on-sigterm', '--port=5432', 'acme-prod:europe-west1:payments-db-dev']));
    expect(proxy.args).not.toContain('--auto-iam-authn');
    expect(container(job, 'grants').command[2]).toContain('http://127.0.0.1:9091/quitquitquit');
    const init = job.spec.template.spec.init_container[0];
    expect(init.command[2]).toContain('gcloud secrets versions access latest --secret="${SECRET}" --project="${PROJECT}"');
    // Pod Security "restricted", like every workload of the platform; the password lives in memory only.
    for (const c of [...job.spec.template.spec.container, init]) {
      expect(c.security_context).toMatchObject({ run_as_non_root: true, allow_privilege_escalation: false, read_only_root_filesystem: true, capabilities: { drop: ['ALL'] } });
      expect(c.resources.requests).toEqual(c.resources.limits);
    }
    expect(job.spec.template.spec.volume.find((v: any) => v.name === 'secrets').empty_dir).toEqual({ medium: 'Memory', size_limit: '1Mi' });
  });

  test('the Job\'s pod takes 200m and 256Mi in its own environment, from the grants namespace\'s quota, not the team\'s', () => {
    const grants = db.sqlEnvironment('dev').grantJob!;
    expect(grants.namespaceName).toBe('payments-grants-dev');
    expect(team.quotaConsumers).not.toContain(grants);
    expect(grants.maxFootprint('dev')).toEqual({ cpuMillicores: 200, memoryBytes: 256 * 2 ** 20, pods: 1 });
    expect(grants.maxFootprint('prod')).toEqual({ cpuMillicores: 0, memoryBytes: 0, pods: 0 });
  });
});

/*
 * Terraform, "The lifecycle meta-argument", replace_triggered_by
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#replace_triggered_by):
 * "If the reference is to a single resource instance, a plan to update or replace that instance will
 * trigger replacement. If the reference is to a single attribute of a resource instance, any change to
 * the attribute value will trigger replacement." A replaced resource's id is unknown until it exists
 * (Terraform 1.11 plans "will be replaced due to changes in replace_triggered_by" through such a chain);
 * an in-place update keeps it. google_sql_user sends `password_wo` only when it is created or
 * `password_wo_version` changes (https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/sql_user#password_wo).
 */
describe('the admin password follows the admin user', () => {
  const { db, json } = connected();
  const sqlEnv = db.sqlEnvironment('dev');
  const grants = sqlEnv.grantJob!;
  const addr = (r: any) => `${r.terraformResourceType}.${r.friendlyUniqueId}`;
  const raw = (r: any) => resources(json, r.terraformResourceType)[r.friendlyUniqueId];

  test('a replaced instance makes the admin again, and a new admin gets a new secret version from the same value', () => {
    expect(raw(grants.adminUser).lifecycle.replace_triggered_by).toEqual([`${addr(sqlEnv.instance)}.id`]);
    expect(raw(grants.adminPasswordVersion).lifecycle.replace_triggered_by).toEqual([`${addr(grants.adminUser)}.id`]);
    expect(raw(grants.adminPasswordVersion).secret_data_wo).toBe(raw(grants.adminUser).password_wo);
  });

  test('only by id: an in-place update of the user (which sends no password) leaves the secret alone', () => {
    expect(raw(grants.adminPasswordVersion).lifecycle.replace_triggered_by).not.toContain(addr(grants.adminUser));
  });

  test('a new application database or a new password runs the grants again', () => {
    expect(raw(grants.job).lifecycle.replace_triggered_by).toEqual([`${addr(sqlEnv.database)}.id`, `${addr(grants.adminPasswordVersion)}.id`]);
  });
});

describe('the retry budget', () => {
  test('by default 15 minutes in the pod; the Job\'s deadline and Terraform\'s wait leave room beyond it', () => {
    const { db, json } = connected();
    const job = jobIn(json, 'dev');
    expect(db.sqlEnvironment('dev').grantJob!.retrySeconds).toBe(900);
    expect(envOf(job.spec.template.spec.init_container[0]).RETRY_SECONDS).toBe('900');
    expect(envOf(container(job, 'grants')).RETRY_SECONDS).toBe('900');
    expect(job.spec.active_deadline_seconds).toBe(1200);
    expect(job.timeouts).toEqual({ create: '25m', update: '25m' });
  });

  test('is a platform setting', () => {
    const f = platformFixture({ databaseGrantTimeoutMinutes: 30 });
    const team = new TeamEnvironment(f.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const db = new ManagedDatabase(team, 'db', { name: 'payments-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL });
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments', databases: [db] });
    const job = jobIn(synth(f.stack), 'dev');
    expect(f.platform.databaseGrantTimeoutMinutes).toBe(30);
    expect(envOf(container(job, 'grants')).RETRY_SECONDS).toBe('1800');
    expect(job.spec.active_deadline_seconds).toBe(2100);
    expect(job.timeouts).toEqual({ create: '40m', update: '40m' });
  });

  test.each([5, 12.5, 121])('shorter than IAM propagation, or not whole minutes, is refused: %s', (minutes) => {
    expect(errorOf(() => platformFixture({ databaseGrantTimeoutMinutes: minutes }))).toBe(
      `[test/platform] invalid databaseGrantTimeoutMinutes ${minutes}: must be a whole number between 10 and 120. `
      + 'Fix: give the minutes a grant Job may wait for IAM changes to propagate (Google: "potentially 7 minutes or longer"), e.g. 15.');
  });
});

describe('services connected later', () => {
  test('are granted too, and change the Job so that Terraform runs it again', () => {
    const { stack, team, db } = fixture();
    new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments', databases: [db] });
    const before = jobIn(synth(stack), 'dev').spec.template.metadata.annotations['golden-paths.dev/grants'];
    new GoMicroservice(team, 'ledger', { name: 'ledger', description: 'Ledger', databases: [db] });
    const job = jobIn(synth(stack), 'dev');
    expect(envOf(container(job, 'grants')).SERVICES).toBe('payment-service-dev@acme-prod.iam ledger-dev@acme-prod.iam');
    expect(job.spec.template.metadata.annotations['golden-paths.dev/grants']).not.toBe(before);
    expect(job.depends_on.filter((d: string) => d.startsWith('google_sql_user.') && d.includes('_user_'))).toHaveLength(2);
  });
});

describe('no grant Job', () => {
  test('without connected services, and for redis', () => {
    const { stack, team } = fixture();
    new ManagedDatabase(team, 'idle', { name: 'idle-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL });
    const cache = new ManagedDatabase(team, 'redis', { name: 'orders-redis', engine: DatabaseEngine.REDIS, size: DatabaseSize.SMALL });
    new GoMicroservice(team, 'svc-redis', { name: 'svc-redis', description: 'redis', databases: [cache] });
    expect(resources(synth(stack), 'kubernetes_job_v1')).toEqual({});
  });
});

/**
 * The Job's scripts themselves, with the SQL from the synthesized ConfigMap,
 * run by sh against a real PostgreSQL set up like Cloud SQL (see
 * postgres-grants.test.ts); only the cluster is absent: stand-ins answer for
 * gcloud and the proxy's endpoints, PGHOST points at the server's socket, and
 * the clock is simulated (GrantJobShell).
 */
// Without PostgreSQL, the run has said what to install, once (test/setup/tools.ts).
describeWith('PostgreSQL')('the Job\'s scripts, on a real PostgreSQL', () => {
  const { stack, team, db } = fixture();
  new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments', databases: [db] });
  new GoMicroservice(team, 'ledger', { name: 'ledger', description: 'Ledger', databases: [db] });
  const json = synth(stack);
  const job = jobIn(json, 'dev');
  const init = job.spec.template.spec.init_container[0];
  const grants = container(job, 'grants');
  const sql = resource(json, 'kubernetes_config_map_v1', (c) => c.metadata.name === 'payments-db-grants' && c.metadata.namespace === 'payments-grants-dev').data['postgres-grants.sql'];
  let server: PostgresServer;
  const shells: GrantJobShell[] = [];
  afterAll(() => {
    server?.stop();
    shells.forEach((s) => s.remove());
  });
  beforeAll(() => {
    server = PostgresServer.start();
    server.exec('postgres', 'postgres', [
      'CREATE ROLE cloudsqlsuperuser NOLOGIN CREATEROLE CREATEDB',
      'CREATE ROLE golden_paths_admin LOGIN CREATEROLE CREATEDB IN ROLE cloudsqlsuperuser',
      'CREATE ROLE "payment-service-dev@acme-prod.iam" LOGIN',
      'CREATE ROLE "ledger-dev@acme-prod.iam" LOGIN',
    ].join('; '));
    server.exec('postgres', 'postgres', 'CREATE DATABASE payments_db OWNER cloudsqlsuperuser');
  });

  /** A pod: the SQL in place, gcloud answering with a password, PGHOST at the server. */
  function pod() {
    const shell = new GrantJobShell();
    shells.push(shell);
    fs.writeFileSync(path.join(shell.dir, 'postgres-grants.sql'), sql);
    shell.stub('gcloud', 'echo not-checked-by-trust-auth');
    return { shell, env: { PGHOST: server.socketDir, GRANTS_SQL: path.join(shell.dir, 'postgres-grants.sql') } };
  }

  test('grants every connected service, which can then create and write its tables', () => {
    const { shell, env } = pod();
    expect(shell.run(init)).toMatchObject({ status: 0, stderr: '' });
    expect(fs.readFileSync(path.join(shell.dir, 'admin-password'), 'utf8')).toBe('not-checked-by-trust-auth\n');
    const run = shell.run(grants, env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('granting payment-service-dev@acme-prod.iam on payments_db');
    expect(run.stdout).toContain('granting ledger-dev@acme-prod.iam on payments_db');
    // It waited for the proxy to start, and stopped it at the end.
    expect(shell.wgetCalls[0]).toContain('http://127.0.0.1:9801/startup');
    expect(shell.wgetCalls[shell.wgetCalls.length - 1]).toContain('http://127.0.0.1:9091/quitquitquit');

    expect(server.exec('payment-service-dev@acme-prod.iam', 'payments_db',
      'CREATE TABLE payments (id serial PRIMARY KEY, cents int); INSERT INTO payments (cents) VALUES (5); SELECT count(*) FROM payments')).toBe('1');
    expect(server.exec('ledger-dev@acme-prod.iam', 'payments_db', 'CREATE TABLE entries (id int); INSERT INTO entries VALUES (1); SELECT count(*) FROM entries')).toBe('1');
  });

  /*
   * Google Cloud IAM, "Access change propagation"
   * (https://cloud.google.com/iam/docs/access-change-propagation): changes to allow policies
   * "typically propagate in 2 minutes, but could potentially take 7 minutes or longer". The Job
   * starts right after Terraform grants its account Workload Identity, the secret and the instance.
   */
  test('IAM taking 7 minutes to propagate: the secret is read once it has, after waits that back off from 5 s to 60 s', () => {
    const { shell } = pod();
    shell.failFor('gcloud', 7 * 60, 'ERROR: (gcloud.secrets.versions.access) PERMISSION_DENIED: Permission denied on secret', 1, 'echo the-password');
    const run = shell.run(init);
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(shell.dir, 'admin-password'), 'utf8')).toBe('the-password\n');
    expect(shell.sleeps.slice(0, 6)).toEqual([5, 10, 20, 40, 60, 60]);
    expect(shell.elapsed).toBeGreaterThanOrEqual(7 * 60);
    expect(run.stderr).toContain('the admin password cannot be read yet (IAM changes take minutes to propagate): retrying in 5s');
  });

  test('IAM taking 7 minutes to let the Job connect: psql logs in once it has, then grants', () => {
    const { shell, env } = pod();
    expect(shell.run(init).status).toBe(0);
    const psql = spawnSync('sh', ['-c', 'command -v psql'], { encoding: 'utf8' }).stdout.trim();
    shell.failFor('psql', 7 * 60, 'psql: error: connection to server at "127.0.0.1", port 5432 failed: server closed the connection unexpectedly', 2, `exec ${psql} "$@"`);
    const run = shell.run(grants, env);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('cannot log in yet (IAM changes take minutes to propagate): retrying in 5s');
    expect(run.stdout).toContain('granting ledger-dev@acme-prod.iam on payments_db');
    expect(shell.elapsed).toBeGreaterThanOrEqual(7 * 60);
  });

  test('a login that never works stops at the budget, names the fix for a stale password, and still stops the proxy', () => {
    const { shell, env } = pod();
    expect(shell.run(init).status).toBe(0);
    shell.stub('psql', 'echo \'psql: error: FATAL:  password authentication failed for user "golden_paths_admin"\' >&2; exit 2');
    const run = shell.run(grants, env);
    expect(run.status).toBe(1);
    const version = db.sqlEnvironment('dev').grantJob!.adminPasswordVersion;
    expect(run.stderr).toContain('could not log in as golden_paths_admin to database payments_db within 900s');
    expect(run.stderr).toContain(`terraform apply -replace=google_secret_manager_secret_version.${version.friendlyUniqueId}`);
    expect(shell.elapsed).toBeLessThanOrEqual(900);
    expect(shell.elapsed).toBeGreaterThan(900 - 60);
    expect(shell.wgetCalls[shell.wgetCalls.length - 1]).toContain('http://127.0.0.1:9091/quitquitquit');
  });

  test('a secret that never becomes readable stops the init container within the budget, saying what to check', () => {
    const { shell } = pod();
    shell.stub('gcloud', 'echo "ERROR: PERMISSION_DENIED" >&2; exit 1');
    // The synthesized SECRET refers to the secret's id, known after apply.
    const run = shell.run(init, { SECRET: 'payments-db-dev-grants-admin' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('could not read the admin password from Secret Manager secret payments-db-dev-grants-admin within 900s');
    expect(shell.elapsed).toBeLessThanOrEqual(900);
    expect(shell.elapsed).toBeGreaterThan(900 - 60);
  });
});
