import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { type TerraformResource, TerraformStack, Testing } from 'cdktf';
import { DatabaseEngine, DatabaseSize, GoMicroservice, MaintenanceDay, ManagedDatabase, type ManagedDatabaseProps, Platform, type PlatformProps, TeamEnvironment } from '../../src';
import { CLOUD_SQL_PROXY_IMAGE } from '../../src/database/sql-database-environment';
import { captureWarnings, errorOf, platformFixture, resource, resources, synth } from '../util';

const ENVS = ['dev', 'staging', 'prod'];

/** The Terraform address of a resource, as references in the JSON spell it. */
const ref = (r: TerraformResource) => `${r.terraformResourceType}.${TerraformStack.of(r).getLogicalId(r)}`;

function fixture(platformProps: Partial<PlatformProps> = {}) {
  const f = platformFixture(platformProps);
  const team = new TeamEnvironment(f.platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  return { ...f, team };
}

function database(team: TeamEnvironment, props: Partial<ManagedDatabaseProps> = {}, id = 'db'): ManagedDatabase {
  return new ManagedDatabase(team, id, { name: 'payments-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.MEDIUM, ...props });
}

function service(team: TeamEnvironment, name = 'payment-service', extra: Record<string, unknown> = {}): GoMicroservice {
  return new GoMicroservice(team, name, { name, description: 'Payment processing', ...extra });
}

const byName = (name: string) => (r: any) => r.name === name;
const instanceOf = (json: any, name: string) => resource(json, 'google_sql_database_instance', byName(name));
const redisOf = (json: any, name: string) => resource(json, 'google_redis_instance', byName(name));
const inNamespace = (namespace: string) => (r: any) => r.metadata.namespace === namespace;
/** The ConfigMaps of databases, not the one naming a team's deployers for its rollout policy (label golden-paths.dev/deployer). */
const databaseConfigMaps = (json: any) => Object.fromEntries(Object.entries(resources(json, 'kubernetes_config_map_v1'))
  .filter(([, r]: [string, any]) => r.metadata.labels?.['golden-paths.dev/deployer'] === undefined));
const databaseConfigMapIn = (namespace: string) => (r: any) => inNamespace(namespace)(r) && r.metadata.labels?.['golden-paths.dev/deployer'] === undefined;
const deploymentIn = (json: any, namespace: string, name = 'payment-service') =>
  resource(json, 'kubernetes_deployment_v1', (r) => r.metadata.namespace === namespace && r.metadata.name === name);
const containerNamed = (pod: any, name: string) => pod.container.find((c: any) => c.name === name);
const warnings = (db: ManagedDatabase) => db.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data as string);

describe('ManagedDatabase postgres defaults', () => {
  const { stack, team } = fixture();
  const db = database(team);
  const json = synth(stack);

  test('applies defaults to its attributes', () => {
    expect(db.name).toBe('payments-db');
    expect(db.engine).toBe(DatabaseEngine.POSTGRES);
    expect(db.size).toBe(DatabaseSize.MEDIUM);
    expect(db.backupEnabled).toBe(true);
    expect(db.backupRetentionDays).toBe(7);
    expect(db.version).toBe('POSTGRES_16');
    expect(db.databaseName).toBe('payments_db');
    expect(db.maintenanceWindow).toEqual({ day: MaintenanceDay.SUNDAY, hourUtc: 3 });
    expect(db.network).toBe('projects/acme-net/global/networks/shared');
    expect(db.sharedWith).toEqual([]);
    expect(db.connectedServices).toEqual([]);
    expect(db.team).toBe(team);
  });

  test('one instance per environment, named <name>-<env>', () => {
    expect(Object.values(resources(json, 'google_sql_database_instance')).map((r: any) => r.name).sort())
      .toEqual(['payments-db-dev', 'payments-db-prod', 'payments-db-staging']);
    expect(ENVS.map((e) => db.environment(e).instanceName)).toEqual(ENVS.map((e) => `payments-db-${e}`));
  });

  test.each(ENVS)('%s: private, encrypted, backed up, IAM authentication, insights', (env) => {
    const instance = instanceOf(json, `payments-db-${env}`);
    expect(instance.database_version).toBe('POSTGRES_16');
    expect(instance.project).toBe('acme-prod');
    expect(instance.region).toBe('europe-west1');
    expect(instance.root_password).toBeUndefined();
    const s = instance.settings;
    expect(s.edition).toBe('ENTERPRISE');
    expect(s.tier).toBe('db-custom-2-7680');
    expect(s.disk_type).toBe('PD_SSD');
    expect(s.disk_size).toBe(20);
    expect(s.disk_autoresize).toBe(true);
    expect(s.connector_enforcement).toBe('REQUIRED');
    expect(s.ip_configuration).toEqual({ ipv4_enabled: false, private_network: 'projects/acme-net/global/networks/shared', ssl_mode: 'ENCRYPTED_ONLY' });
    expect(s.backup_configuration).toEqual({
      enabled: true,
      start_time: '02:00',
      point_in_time_recovery_enabled: true,
      transaction_log_retention_days: 7,
      backup_retention_settings: { retained_backups: 7, retention_unit: 'COUNT' },
    });
    expect(s.maintenance_window).toEqual({ day: 7, hour: 3, update_track: env === 'prod' ? 'stable' : 'canary' });
    expect(s.insights_config).toEqual({
      query_insights_enabled: true, query_string_length: 1024, record_application_tags: true, record_client_address: false,
    });
    expect(s.database_flags).toEqual([{ name: 'cloudsql.iam_authentication', value: 'on' }]);
    expect(s.user_labels).toEqual({ 'managed-by': 'cdktf-golden-paths', 'team': 'payments', 'environment': env, 'database': 'payments-db' });
  });

  test('production is highly available and protected from deletion three ways', () => {
    const prod = instanceOf(json, 'payments-db-prod');
    expect(prod.settings.availability_type).toBe('REGIONAL');
    expect(prod.deletion_protection).toBe(true);
    expect(prod.settings.deletion_protection_enabled).toBe(true);
    expect(prod.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['settings[0].disk_size'] });
    expect(db.settings('prod')).toEqual({
      environment: 'prod',
      production: true,
      size: DatabaseSize.MEDIUM,
      tier: 'db-custom-2-7680',
      diskSizeGb: 20,
      memorySizeGb: 5,
      highAvailability: true,
      backupEnabled: true,
    });
  });

  test.each(['dev', 'staging'])('%s is zonal and can be deleted', (env) => {
    const instance = instanceOf(json, `payments-db-${env}`);
    expect(instance.settings.availability_type).toBe('ZONAL');
    expect(instance.deletion_protection).toBe(false);
    expect(instance.settings.deletion_protection_enabled).toBe(false);
    expect(instance.lifecycle?.prevent_destroy).toBeUndefined();
    expect(db.settings(env).highAvailability).toBe(false);
  });

  /*
   * The google provider's docs for google_sql_database_instance: "disk_autoresize ... Note that if
   * disk_size is set, future terraform apply calls will attempt to delete the instance in order to
   * resize the disk to the value specified in disk_size if it has been resized. To avoid this, ensure
   * that lifecycle.ignore_changes is applied to disk_size", and disk_size: "Size of a running instance
   * cannot be reduced" (https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance#disk_autoresize).
   */
  test.each(ENVS)('%s: the disk size is the starting size only; Terraform ignores what autoresize makes of it', (env) => {
    const instance = instanceOf(json, `payments-db-${env}`);
    expect(instance.settings).toMatchObject({ disk_size: 20, disk_autoresize: true });
    expect(instance.lifecycle.ignore_changes).toEqual(['settings[0].disk_size']);
    expect(db.sqlEnvironment(env).instance.lifecycle?.ignoreChanges).toEqual(['settings[0].disk_size']);
  });

  test('the application database in every instance, kept in production', () => {
    for (const env of ENVS) {
      const sqlEnv = db.sqlEnvironment(env);
      const database_ = resource(json, 'google_sql_database', (r) => r.instance === `\${${ref(sqlEnv.instance)}.name}`);
      expect(database_.name).toBe('payments_db');
      expect(database_.lifecycle).toEqual(env === 'prod' ? { prevent_destroy: true } : undefined);
    }
  });

  test('outputs the connection name and the private address (sensitive) per environment', () => {
    for (const env of ENVS) {
      const sqlEnv = db.sqlEnvironment(env);
      const outputs = Object.values(json.output) as any[];
      expect(outputs).toContainEqual(expect.objectContaining({ value: `\${${ref(sqlEnv.instance)}.connection_name}` }));
      const address = outputs.find((o) => o.value === `\${${ref(sqlEnv.instance)}.private_ip_address}`);
      expect(address.sensitive).toBe(true);
      expect(sqlEnv.connectionNameAtSynth).toBe(`acme-prod:europe-west1:payments-db-${env}`);
    }
    expect((Object.values(json.output) as any[]).filter((o) => o.description.includes('database "payments-db"'))).toHaveLength(6);
  });

  test('creates no user, password or service wiring before a service connects', () => {
    expect(resources(json, 'google_sql_user')).toEqual({});
    expect(databaseConfigMaps(json)).toEqual({});
    expect(warnings(db)).toEqual([]);
  });
});

describe('ManagedDatabase mysql defaults', () => {
  const { stack, team } = fixture();
  const db = database(team, { name: 'orders-db', engine: DatabaseEngine.MYSQL, size: DatabaseSize.SMALL });
  const json = synth(stack);

  test('MySQL 8.0 with binary logs for point-in-time recovery and the mysql IAM flag', () => {
    expect(db.version).toBe('MYSQL_8_0');
    for (const env of ENVS) {
      const instance = instanceOf(json, `orders-db-${env}`);
      expect(instance.database_version).toBe('MYSQL_8_0');
      expect(instance.settings.backup_configuration.binary_log_enabled).toBe(true);
      expect(instance.settings.backup_configuration.point_in_time_recovery_enabled).toBeUndefined();
      expect(instance.settings.database_flags).toEqual([{ name: 'cloudsql_iam_authentication', value: 'on' }]);
      expect(instance.settings.tier).toBe('db-custom-1-3840');
      expect(instance.settings.edition).toBe('ENTERPRISE');
    }
    expect(instanceOf(json, 'orders-db-prod').settings.availability_type).toBe('REGIONAL');
  });
});

describe('ManagedDatabase redis defaults', () => {
  const { stack, team } = fixture();
  const db = database(team, { name: 'payments-cache', engine: DatabaseEngine.REDIS, size: DatabaseSize.SMALL });
  const json = synth(stack);

  test('applies defaults to its attributes', () => {
    expect(db.version).toBe('REDIS_7_2');
    expect(db.databaseName).toBe('');
    expect(db.backupEnabled).toBe(true);
  });

  test.each(ENVS)('%s: AUTH, TLS, private service access, daily snapshots', (env) => {
    const instance = redisOf(json, `payments-cache-${env}`);
    expect(instance).toMatchObject({
      project: 'acme-prod',
      region: 'europe-west1',
      memory_size_gb: 1,
      redis_version: 'REDIS_7_2',
      auth_enabled: true,
      transit_encryption_mode: 'SERVER_AUTHENTICATION',
      connect_mode: 'PRIVATE_SERVICE_ACCESS',
      authorized_network: 'projects/acme-net/global/networks/shared',
      persistence_config: { persistence_mode: 'RDB', rdb_snapshot_period: 'TWENTY_FOUR_HOURS' },
      maintenance_policy: { weekly_maintenance_window: [{ day: 'SUNDAY', start_time: { hours: 3, minutes: 0, seconds: 0, nanos: 0 } }] },
      labels: { 'managed-by': 'cdktf-golden-paths', 'team': 'payments', 'environment': env, 'database': 'payments-cache' },
    });
    expect(instance.tier).toBe(env === 'prod' ? 'STANDARD_HA' : 'BASIC');
    expect(instance.lifecycle).toEqual(env === 'prod' ? { prevent_destroy: true } : undefined);
  });

  test('outputs the instance id and the host (sensitive), never the AUTH string', () => {
    const outputs = (Object.values(json.output) as any[]).filter((o) => o.description.includes('database "payments-cache"'));
    expect(outputs).toHaveLength(6);
    for (const env of ENVS) {
      const redisEnv = db.redisEnvironment(env);
      expect(outputs).toContainEqual(expect.objectContaining({ value: `\${${ref(redisEnv.instance)}.id}` }));
      expect(outputs).toContainEqual(expect.objectContaining({ value: `\${${ref(redisEnv.instance)}.host}`, sensitive: true }));
    }
    expect(JSON.stringify(json.output)).not.toMatch(/auth_string|server_ca_certs/);
  });

  test('has no Cloud SQL resources', () => {
    expect(resources(json, 'google_sql_database_instance')).toEqual({});
    expect(errorOf(() => db.sqlEnvironment('dev'))).toMatch(/is a redis database and has no Cloud SQL instance\. Fix: use redisEnvironment/);
  });
});

describe('DatabaseSize', () => {
  test.each([
    [DatabaseSize.SMALL, 'db-custom-1-3840', 10, 1],
    [DatabaseSize.MEDIUM, 'db-custom-2-7680', 20, 5],
    [DatabaseSize.LARGE, 'db-custom-4-15360', 50, 10],
  ])('%s: Cloud SQL tier %s with %d GB disk, redis %d GB', (size, tier, disk, memory) => {
    const { stack, team } = fixture();
    const sql = database(team, { size });
    database(team, { name: 'cache', engine: DatabaseEngine.REDIS, size }, 'cache');
    const json = synth(stack);
    expect(instanceOf(json, 'payments-db-dev').settings).toMatchObject({ tier, disk_size: disk });
    expect(redisOf(json, 'cache-prod').memory_size_gb).toBe(memory);
    expect(sql.settings('dev')).toMatchObject({ size, tier, diskSizeGb: disk, memorySizeGb: memory });
  });
});

describe('ManagedDatabase overrides', () => {
  test('per-environment size, tier, availability and backups', () => {
    const { stack, team } = fixture();
    const db = database(team, {
      size: DatabaseSize.LARGE,
      environments: {
        dev: { size: DatabaseSize.SMALL, backupEnabled: false },
        staging: { highAvailability: true },
        prod: { tier: 'db-custom-8-30720' },
      },
    });
    const json = synth(stack);
    const dev = instanceOf(json, 'payments-db-dev').settings;
    expect(dev.tier).toBe('db-custom-1-3840');
    expect(dev.backup_configuration).toMatchObject({ enabled: false, point_in_time_recovery_enabled: false });
    expect(instanceOf(json, 'payments-db-staging').settings).toMatchObject({ tier: 'db-custom-4-15360', availability_type: 'REGIONAL' });
    expect(instanceOf(json, 'payments-db-prod').settings).toMatchObject({ tier: 'db-custom-8-30720', disk_size: 50, availability_type: 'REGIONAL' });
    expect(db.settings('dev')).toMatchObject({ size: DatabaseSize.SMALL, backupEnabled: false, highAvailability: false });
    expect(warnings(db)).toEqual(['Backups are off for database "payments-db" in environment "dev": its data cannot be restored.']);
  });

  test('version, database name, retention and maintenance window', () => {
    const { stack, team } = fixture();
    const db = database(team, {
      version: 'POSTGRES_17',
      databaseName: 'payments',
      backupRetentionDays: 30,
      maintenanceWindow: { day: MaintenanceDay.TUESDAY, hourUtc: 22 },
    });
    const json = synth(stack);
    const prod = instanceOf(json, 'payments-db-prod');
    expect(prod.database_version).toBe('POSTGRES_17');
    expect(prod.settings.backup_configuration).toMatchObject({ transaction_log_retention_days: 7, backup_retention_settings: { retained_backups: 30, retention_unit: 'COUNT' } });
    expect(prod.settings.maintenance_window).toMatchObject({ day: 2, hour: 22 });
    expect(resource(json, 'google_sql_database', (r) => r.instance.includes('prod')).name).toBe('payments');
    expect(db.databaseName).toBe('payments');
  });

  test('a short retention shortens point-in-time recovery with it', () => {
    const { stack, team } = fixture();
    database(team, { backupRetentionDays: 3 });
    expect(instanceOf(synth(stack), 'payments-db-dev').settings.backup_configuration.transaction_log_retention_days).toBe(3);
  });

  test('redis: memory per environment, high availability off in production with a warning, no snapshots in dev', () => {
    const { stack, team } = fixture();
    const db = database(team, {
      name: 'cache',
      engine: DatabaseEngine.REDIS,
      size: DatabaseSize.MEDIUM,
      version: 'REDIS_7_0',
      environments: { dev: { memorySizeGb: 2, backupEnabled: false }, prod: { highAvailability: false } },
    });
    const { result: json, warned } = captureWarnings(() => synth(stack));
    expect(warned).toEqual([expect.stringMatching(/^\[test\/guardrails\] 1 guardrail warning:\n {2}GP-GCP-011 warning at test\/platform\/payments\/db\/prod\/instance /)]);
    expect(redisOf(json, 'cache-dev')).toMatchObject({ memory_size_gb: 2, persistence_config: { persistence_mode: 'DISABLED' }, redis_version: 'REDIS_7_0' });
    expect(redisOf(json, 'cache-prod')).toMatchObject({ memory_size_gb: 5, tier: 'BASIC' });
    expect(warnings(db)).toEqual([
      'Backups are off for database "cache" in environment "dev": its data cannot be restored.',
      'Database "cache" is not highly available in production environment "prod": a zone outage takes it down.',
    ]);
  });

  test('backups off everywhere but production, set per environment', () => {
    const { stack, team } = fixture();
    const db = database(team, { backupEnabled: false, environments: { prod: { backupEnabled: true } } });
    const json = synth(stack);
    expect(instanceOf(json, 'payments-db-staging').settings.backup_configuration.enabled).toBe(false);
    expect(instanceOf(json, 'payments-db-prod').settings.backup_configuration.enabled).toBe(true);
    expect(warnings(db)).toHaveLength(2);
  });

  test('long names are shortened within the provider limits, stably', () => {
    const { stack, team } = fixture();
    const name = 'a-very-long-database-name-that-goes-on-and-on-and-on-for-ever-x';
    const sql = database(team, { name });
    const redis = database(team, { name: `${name.slice(0, 60)}-r`, engine: DatabaseEngine.REDIS }, 'cache');
    synth(stack);
    const sqlName = sql.environment('staging').instanceName;
    const redisName = redis.environment('staging').instanceName;
    expect(sqlName.length).toBeLessThanOrEqual(67);
    expect(sqlName).toMatch(/^a-very-long-database-name-.*-[0-9a-f]{6}$/);
    expect(redisName.length).toBeLessThanOrEqual(40);
    expect(redisName).toMatch(/^[a-z][-a-z0-9]*[a-z0-9]$/);
    expect(new Set(ENVS.map((e) => redis.environment(e).instanceName)).size).toBe(3);
  });

  test('an environment with its own Google provider puts its instance in that project', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'multi');
    new GoogleProvider(stack, 'google', { project: 'acme-prod', region: 'europe-west1' });
    new GithubProvider(stack, 'github', { owner: 'acme' });
    new KubernetesProvider(stack, 'kubernetes', {});
    const prodProject = new GoogleProvider(stack, 'google-prod', { alias: 'prod', project: 'acme-live', region: 'europe-west1' });
    const platform = new Platform(stack, 'platform', {
      githubOrganization: 'acme',
      googleGroupsDomain: 'acme.com',
      gcpProject: 'acme-prod',
      region: 'europe-west1',
      network: 'projects/acme-net/global/networks/shared',
      environments: [{ name: 'dev' }, { name: 'prod', production: true, googleProvider: prodProject }],
    });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const db = database(team);
    const json = synth(stack);
    expect(instanceOf(json, 'payments-db-prod')).toMatchObject({ project: 'acme-live', provider: 'google.prod' });
    expect(instanceOf(json, 'payments-db-dev').project).toBe('acme-prod');
    expect(db.sqlEnvironment('prod').connectionNameAtSynth).toBe('acme-live:europe-west1:payments-db-prod');
  });
});

describe('connecting a postgres database', () => {
  const { stack, team } = fixture();
  const db = database(team);
  const svc = service(team);
  db.grantAccess(svc);
  const json = synth(stack);

  test.each(ENVS)('%s: an IAM database user for the service account, no password', (env) => {
    const user = resource(json, 'google_sql_user', (r) => r.instance === `\${${ref(db.sqlEnvironment(env).instance)}.name}` && r.type === 'CLOUD_IAM_SERVICE_ACCOUNT');
    expect(user).toEqual({
      project: 'acme-prod',
      instance: `\${${ref(db.sqlEnvironment(env).instance)}.name}`,
      name: `payment-service-${env}@acme-prod.iam`,
      type: 'CLOUD_IAM_SERVICE_ACCOUNT',
      deletion_policy: 'ABANDON',
      depends_on: [ref(svc.workload(env).googleServiceAccount)],
    });
    expect(db.sqlEnvironment(env).access(svc).databaseUser).toBe(`payment-service-${env}@acme-prod.iam`);
  });

  test.each(ENVS)('%s: cloudsql.client and cloudsql.instanceUser, limited to the instance', (env) => {
    const members = Object.values(resources(json, 'google_project_iam_member'))
      .filter((m: any) => m.member === `serviceAccount:payment-service-${env}@acme-prod.iam.gserviceaccount.com`);
    expect(members.map((m: any) => m.role).sort()).toEqual(['roles/cloudsql.client', 'roles/cloudsql.instanceUser']);
    for (const m of members as any[]) {
      expect(m.project).toBe('acme-prod');
      expect(m.condition.expression).toBe(`resource.name == "projects/acme-prod/instances/payments-db-${env}" && resource.service == "sqladmin.googleapis.com"`);
    }
  });

  test.each(ENVS)('%s: a ConfigMap with host, port, database and user in the team namespace', (env) => {
    const configMap = resource(json, 'kubernetes_config_map_v1', (r) => inNamespace(`payments-${env}`)(r) && r.metadata.labels['app.kubernetes.io/name'] === 'payment-service');
    expect(configMap.metadata.name).toBe('payment-service-payments-db');
    expect(configMap.data).toEqual({
      DB_ENGINE: 'postgres',
      DB_HOST: '127.0.0.1',
      DB_PORT: '5432',
      DB_NAME: 'payments_db',
      DB_USER: `payment-service-${env}@acme-prod.iam`,
    });
  });

  test.each(ENVS)('%s: the Deployment runs the Auth Proxy and reads the ConfigMap', (env) => {
    const spec = deploymentIn(json, `payments-${env}`).spec.template.spec;
    const [proxy, main] = spec.container;
    expect(main.name).toBe('payment-service');
    expect(main.env_from).toEqual([{ config_map_ref: { name: `\${${ref(db.sqlEnvironment(env).access(svc).configMap)}.metadata[0].name}` } }]);
    expect(proxy).toMatchObject({
      name: 'cloud-sql-proxy-payments-db',
      image: CLOUD_SQL_PROXY_IMAGE,
      args: [
        '--auto-iam-authn', '--private-ip', '--structured-logs', '--port=5432',
        '--health-check', '--http-address=0.0.0.0', '--http-port=9432',
        '--max-sigterm-delay=25s', '--exit-zero-on-sigterm',
        `acme-prod:europe-west1:payments-db-${env}`,
      ],
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
      security_context: { run_as_non_root: true, read_only_root_filesystem: true, allow_privilege_escalation: false },
      liveness_probe: { http_get: { path: '/liveness', port: '9432' } },
    });
    expect(CLOUD_SQL_PROXY_IMAGE).toMatch(/^gcr\.io\/cloud-sql-connectors\/cloud-sql-proxy:2\.\d+\.\d+$/);
  });

  // The Auth Proxy exits at once on SIGTERM unless --max-sigterm-delay makes it
  // wait for open connections to close (a duration; cloud-sql-proxy cmd/root.go),
  // and exits 143 unless --exit-zero-on-sigterm. Kubernetes sends SIGTERM to all
  // containers together and SIGKILL after terminationGracePeriodSeconds, so the
  // delay stays below it. The provider (kubernetes 2.38) has no restart_policy on
  // init containers, so the proxy cannot be a native sidecar (test/service/workload-disruption.test.ts:
  // it starts first, and the service once the proxy serves).
  test.each(ENVS)('%s: on SIGTERM the proxy keeps serving open connections while the service drains', (env) => {
    const spec = deploymentIn(json, `payments-${env}`).spec.template.spec;
    const proxy = containerNamed(spec, 'cloud-sql-proxy-payments-db');
    const delay = Number(/^--max-sigterm-delay=(\d+)s$/.exec(proxy.args.find((a: string) => a.startsWith('--max-sigterm-delay=')))![1]);
    expect(proxy.args).toContain('--exit-zero-on-sigterm');
    expect(spec.termination_grace_period_seconds).toBe(30);
    expect(delay).toBeGreaterThan(10); // the scaffold's default SHUTDOWN_TIMEOUT
    expect(delay).toBeLessThan(spec.termination_grace_period_seconds);
  });

  // The proxy's --health-check serves /startup (200 once started), /liveness
  // and /readiness (which also fails while an instance is unreachable). Its
  // docs recommend a startup probe, "so that traffic is routed to the pod only
  // after the proxy has successfully started", and advise against /readiness
  // for most workloads: a maintenance failover would take every pod out
  // (https://github.com/GoogleCloudPlatform/cloud-sql-proxy/tree/main/examples/k8s-health-check).
  // A pod is Ready only when all its containers are, so the service's pods get
  // traffic only once the proxy is up.
  test.each(ENVS)('%s: the pod is ready only once the proxy has started', (env) => {
    const proxy = containerNamed(deploymentIn(json, `payments-${env}`).spec.template.spec, 'cloud-sql-proxy-payments-db');
    expect(proxy.startup_probe).toEqual({ http_get: { path: '/startup', port: '9432' }, period_seconds: 1, timeout_seconds: 2, failure_threshold: 60 });
    expect(proxy.readiness_probe.http_get).toEqual({ path: '/startup', port: '9432' });
  });

  test('the proxy counts against the team quota', () => {
    const workload = svc.workload('prod');
    const pods = workload.settings.autoscaling.maxReplicas;
    expect(svc.maxFootprint('prod').cpuMillicores).toBe(pods * (500 + 100));
    expect(svc.maxFootprint('prod').memoryBytes).toBe(pods * (512 + 128) * 2 ** 20);
  });

  test('records the connection, on both sides', () => {
    expect(db.connectedServices).toEqual([svc]);
    expect(svc.databases).toEqual([db]);
    expect(db.sqlEnvironment('dev').connectedServices).toEqual([svc]);
    expect(db.sqlEnvironment('dev').access(svc).port).toBe(5432);
  });
});

describe('connecting a mysql database', () => {
  const { stack, team } = fixture();
  const db = database(team, { name: 'orders-db', engine: DatabaseEngine.MYSQL });
  const svc = service(team, 'order-service', { databases: [db] });
  const json = synth(stack);

  test('the IAM user is created with the full email and logs in with the part before "@"', () => {
    const user = resource(json, 'google_sql_user', (r) => r.instance.includes('_prod_') && r.type === 'CLOUD_IAM_SERVICE_ACCOUNT');
    expect(user.name).toBe('order-service-prod@acme-prod.iam.gserviceaccount.com');
    expect(user.deletion_policy).toBeUndefined();
    const configMap = resource(json, 'kubernetes_config_map_v1', databaseConfigMapIn('payments-prod'));
    expect(configMap.data).toMatchObject({ DB_ENGINE: 'mysql', DB_PORT: '3306', DB_NAME: 'orders_db', DB_USER: 'order-service-prod' });
    const proxy = containerNamed(deploymentIn(json, 'payments-prod', 'order-service').spec.template.spec, 'cloud-sql-proxy-orders-db');
    expect(proxy.args).toContain('--port=3306');
    expect(proxy.port).toEqual([{ container_port: 3306, protocol: 'TCP' }]);
    expect(db.connectedServices).toEqual([svc]);
  });
});

describe('connecting a redis database', () => {
  const { stack, team } = fixture();
  const db = database(team, { name: 'payments-cache', engine: DatabaseEngine.REDIS, size: DatabaseSize.SMALL });
  const svc = service(team);
  svc.connect(db);
  const json = synth(stack);

  // During a server CA rotation Memorystore serves certificates of a new CA
  // while the old one is still valid, and server_ca_certs lists both
  // (https://cloud.google.com/memorystore/docs/redis/manage-in-transit-encryption#certificate_authority_rotation;
  // google_redis_instance server_ca_certs: "List of server CA certificates for the instance", each with `cert`):
  // the Secret carries all of them, one PEM after another, never only the first.
  test.each(ENVS)('%s: a Secret whose AUTH string and CAs (all of them) refer to the instance', (env) => {
    const instance = db.redisEnvironment(env).instance;
    const secret = resource(json, 'kubernetes_secret_v1', inNamespace(`payments-${env}`));
    expect(secret.metadata.name).toBe('payment-service-payments-cache');
    expect(secret.type).toBe('Opaque');
    expect(secret.data).toEqual({
      REDIS_AUTH: `\${${ref(instance)}.auth_string}`,
      REDIS_CA_CERT: `\${join("\\n", ${ref(instance)}.server_ca_certs[*].cert)}`,
    });
  });

  test.each(ENVS)('%s: a ConfigMap with host and port, and both wired into the Deployment', (env) => {
    const access = db.redisEnvironment(env).access(svc);
    const instance = db.redisEnvironment(env).instance;
    const configMap = resource(json, 'kubernetes_config_map_v1', databaseConfigMapIn(`payments-${env}`));
    expect(configMap.data).toEqual({ REDIS_HOST: `\${${ref(instance)}.host}`, REDIS_PORT: `\${${ref(instance)}.port}`, REDIS_TLS: 'true' });
    const spec = deploymentIn(json, `payments-${env}`).spec.template.spec;
    expect(spec.container).toHaveLength(1);
    expect(spec.container[0].env_from).toEqual([
      { config_map_ref: { name: `\${${ref(access.configMap)}.metadata[0].name}` } },
      { secret_ref: { name: `\${${ref(access.secret)}.metadata[0].name}` } },
    ]);
  });

  test('no IAM database users for redis', () => {
    expect(resources(json, 'google_sql_user')).toEqual({});
    expect(Object.values(resources(json, 'google_project_iam_member')).filter((m: any) => m.role.startsWith('roles/cloudsql.'))).toEqual([]);
  });
});

describe('connecting is idempotent and the same three ways', () => {
  const count = (connect: (db: ManagedDatabase, team: TeamEnvironment) => void) => {
    const { stack, team } = fixture();
    const db = database(team);
    connect(db, team);
    const json = synth(stack);
    return {
      users: Object.keys(resources(json, 'google_sql_user')).length,
      members: Object.values(resources(json, 'google_project_iam_member')).filter((m: any) => m.role.startsWith('roles/cloudsql.')).length,
      configMaps: Object.keys(databaseConfigMaps(json)).length,
      containers: deploymentIn(json, 'payments-prod').spec.template.spec.container.length,
    };
  };
  // Per environment: the service's IAM user, its two roles and ConfigMap; the grant Job's admin user, role and ConfigMap.
  const once = { users: 6, members: 9, configMaps: 6, containers: 2 };

  test('databases prop', () => {
    expect(count((db, team) => service(team, 'payment-service', { databases: [db, db] }))).toEqual(once);
  });

  test('svc.connect, twice', () => {
    expect(count((db, team) => {
      const svc = service(team);
      svc.connect(db);
      svc.connect(db);
    })).toEqual(once);
  });

  test('db.grantAccess after the databases prop', () => {
    expect(count((db, team) => {
      const svc = service(team, 'payment-service', { databases: [db] });
      db.grantAccess(svc);
      svc.connect(db);
    })).toEqual(once);
  });
});

describe('one service, several databases', () => {
  test('a second postgres gets its own proxy port, and needs its own prefix', () => {
    const { stack, team } = fixture();
    const main = database(team);
    const audit = database(team, { name: 'audit-db' }, 'audit');
    const svc = service(team, 'payment-service', { databases: [main] });
    expect(errorOf(() => svc.connect(audit))).toBe(
      '[test/platform/payments/audit] invalid grantAccess.envPrefix "DB_": is already used by database "payments-db" on service "payment-service", '
      + 'so the variables of both would collide. Fix: connect this one with its own prefix: db.grantAccess(service, { envPrefix: "AUDIT_DB_" }).',
    );
    svc.connect(audit, { envPrefix: 'AUDIT_DB_' });
    const json = synth(stack);
    const containers = deploymentIn(json, 'payments-dev').spec.template.spec.container;
    expect(containers.map((c: any) => c.name)).toEqual(['cloud-sql-proxy-payments-db', 'cloud-sql-proxy-audit-db', 'payment-service']);
    expect(containers[1].args).toContain('--port=5433');
    const auditMap = resource(json, 'kubernetes_config_map_v1', (r) => r.metadata.namespace === 'payments-dev' && r.metadata.name === 'payment-service-audit-db');
    expect(auditMap.data).toMatchObject({ AUDIT_DB_HOST: '127.0.0.1', AUDIT_DB_PORT: '5433', AUDIT_DB_NAME: 'audit_db' });
    expect(containers[2].env_from).toHaveLength(2);
  });

  test('postgres and redis side by side', () => {
    const { stack, team } = fixture();
    const sql = database(team);
    const cache = database(team, { name: 'cache', engine: DatabaseEngine.REDIS }, 'cache');
    service(team, 'payment-service', { databases: [sql, cache] });
    const json = synth(stack);
    expect(containerNamed(deploymentIn(json, 'payments-staging').spec.template.spec, 'payment-service').env_from).toHaveLength(3);
  });
});

describe('sharing a database with another team', () => {
  test('a team listed in sharedWith may connect; its ConfigMap lives in its own namespace', () => {
    const { stack, platform, team } = fixture();
    const orders = new TeamEnvironment(platform, 'orders', { name: 'orders', maintainers: ['carol'] });
    const db = database(team, { sharedWith: [orders] });
    const svc = service(orders, 'order-service', { databases: [db] });
    const json = synth(stack);
    expect(db.sharedWith).toEqual([orders]);
    expect(db.connectedServices).toEqual([svc]);
    expect(resource(json, 'kubernetes_config_map_v1', databaseConfigMapIn('orders-prod')).metadata.name).toBe('order-service-payments-db');
    expect(deploymentIn(json, 'orders-prod', 'order-service').spec.template.spec.container).toHaveLength(2);
  });
});

describe('ManagedDatabase errors', () => {
  const make = (props: Record<string, unknown>, platformProps: Partial<PlatformProps> = {}) =>
    () => database(fixture(platformProps).team, props as any);

  test('an invalid name', () => {
    expect(errorOf(make({ name: 'Payments_DB' }))).toBe(
      '[test/platform/payments/db] invalid name "Payments_DB": is not a DNS-1123 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit). Fix: use a name such as "payments-db".',
    );
  });

  test.each([
    ['engine', 'postgresql', /invalid engine "postgresql": is not a DatabaseEngine \(the values are "postgres", "mysql", "redis"\)\. Fix: use DatabaseEngine\.POSTGRES \("postgres"\)\./],
    ['engine', 'mongodb', /invalid engine "mongodb": is not a DatabaseEngine .* Fix: use one of DatabaseEngine\.POSTGRES, DatabaseEngine\.MYSQL, DatabaseEngine\.REDIS\./],
    ['engine', undefined, /invalid engine undefined: is missing \(a DatabaseEngine is required\)\. Fix: set engine\./],
    ['size', 'XL', /invalid size "XL": is not a DatabaseSize \(the values are "small", "medium", "large"\)\. Fix: use one of DatabaseSize\.SMALL, DatabaseSize\.MEDIUM, DatabaseSize\.LARGE\./],
    ['size', 'MEDIUM', /invalid size "MEDIUM": is not a DatabaseSize .* Fix: use DatabaseSize\.MEDIUM \("medium"\)\./],
    ['version', 'MYSQL_8_0', /invalid version "MYSQL_8_0": is not a postgres version as the Google API names it\. Fix: write it like "POSTGRES_16", or leave it out for POSTGRES_16\./],
    ['backupRetentionDays', 0, /invalid backupRetentionDays 0: must be a whole number between 1 and 365/],
    ['databaseName', 'payments-db', /invalid databaseName "payments-db": is not a portable database name/],
    ['maintenanceWindow', { day: MaintenanceDay.SUNDAY, hourUtc: 24 }, /invalid maintenanceWindow\.hourUtc 24: must be a whole number between 0 and 23/],
    ['maintenanceWindow', { day: 'Sun', hourUtc: 3 }, /invalid maintenanceWindow\.day "Sun": is not a MaintenanceDay/],
  ])('%s %j is refused', (prop, value, message) => {
    const msg = errorOf(make({ [prop]: value }));
    expect(msg).toMatch(/^\[test\/platform\/payments\/db\] /);
    expect(msg).toMatch(message);
  });

  test('backups off in production', () => {
    expect(errorOf(make({ backupEnabled: false }))).toBe(
      '[test/platform/payments/db] invalid backupEnabled false: turns backups off in production environment "prod". '
      + 'Fix: keep backups on in production: remove backupEnabled: false, and turn them off per environment instead (environments: { dev: { backupEnabled: false } }).',
    );
    expect(errorOf(make({ engine: DatabaseEngine.REDIS, environments: { prod: { backupEnabled: false } } }))).toBe(
      '[test/platform/payments/db] invalid environments.prod.backupEnabled false: turns backups off in production environment "prod". Fix: keep backups on in production: remove backupEnabled: false.',
    );
  });

  test('Cloud SQL high availability without backups', () => {
    expect(errorOf(make({ environments: { staging: { highAvailability: true, backupEnabled: false } } }))).toMatch(
      /invalid environments\.staging\.backupEnabled false: turns backups off in environment "staging", where the instance is highly available.* Fix: keep backups on there, or set environments: \{ staging: \{ highAvailability: false \} \}/,
    );
  });

  test('an environment the platform does not have', () => {
    expect(errorOf(make({ environments: { qa: { size: DatabaseSize.SMALL } } }))).toBe(
      '[test/platform/payments/db] invalid environments ["qa"]: names "qa", which is not an environment of the platform. Fix: use the platform\'s environment names: "dev", "staging", "prod".',
    );
  });

  test.each([
    [{ environments: { dev: { size: 'tiny' } } }, /invalid environments\.dev\.size "tiny": is not a DatabaseSize/],
    [{ environments: { dev: { tier: 'custom-2' } } }, /invalid environments\.dev\.tier "custom-2": is not a Cloud SQL machine tier/],
    [{ engine: DatabaseEngine.REDIS, environments: { dev: { tier: 'db-custom-1-3840' } } }, /invalid environments\.dev\.tier "db-custom-1-3840": is a Cloud SQL tier, but this is a redis database\. Fix: set memorySizeGb for redis/],
    [{ environments: { dev: { memorySizeGb: 2 } } }, /invalid environments\.dev\.memorySizeGb 2: is a Redis setting, but this is a postgres database/],
    [{ engine: DatabaseEngine.REDIS, environments: { dev: { memorySizeGb: 0.5 } } }, /invalid environments\.dev\.memorySizeGb 0\.5: must be a whole number between 1 and 300/],
    [{ engine: DatabaseEngine.REDIS, databaseName: 'cache' }, /invalid databaseName "cache": applies to postgres and mysql only/],
  ])('per-engine and per-environment settings %j', (props, message) => {
    expect(errorOf(make(props))).toMatch(message);
  });

  test('every problem at once: type problems first, then the values', () => {
    expect(errorOf(make({ name: 'X', engine: 'oracle', size: 'huge' }))).toMatch(/^\[test\/platform\/payments\/db\] 2 invalid props:\n  - invalid engine "oracle".*\n  - invalid size "huge"/);
    expect(errorOf(make({ name: 'X', backupRetentionDays: 0, maintenanceWindow: { day: MaintenanceDay.SUNDAY, hourUtc: 24 } })))
      .toMatch(/^\[test\/platform\/payments\/db\] 3 invalid props:/);
  });

  test('a platform without a network', () => {
    expect(errorOf(make({}, { network: undefined }))).toBe(
      '[test/platform/payments/db] has no network to attach the postgres instances to, because the Platform prop "network" is not set. '
      + 'Fix: set network: "projects/<host-project>/global/networks/<network>" on the Platform (new Platform(stack, "platform", { ..., network })).',
    );
  });

  test('outside a team', () => {
    const { platform } = fixture();
    expect(errorOf(() => new ManagedDatabase(platform, 'db', { name: 'db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL }))).toMatch(
      /\[test\/platform\/db\] is not inside a TeamEnvironment\. Fix: create services and databases inside their team/,
    );
  });

  test('two databases with the same name on one platform', () => {
    const { platform, team } = fixture();
    const orders = new TeamEnvironment(platform, 'orders', { name: 'orders', maintainers: ['carol'] });
    database(team);
    expect(errorOf(() => database(orders))).toBe(
      '[test/platform/orders/db] invalid name "payments-db": is already used by the database at test/platform/payments/db, and instance names must be unique in the project. '
      + 'Fix: give each database a distinct name, e.g. prefixed with the team name.',
    );
  });

  test('a service of another team without an allowance', () => {
    const { platform, team } = fixture();
    const orders = new TeamEnvironment(platform, 'orders', { name: 'orders', maintainers: ['carol'] });
    const db = database(team);
    const expected = '[test/platform/payments/db] invalid sharedWith []: does not include team "orders", whose service "order-service" asks to connect to database "payments-db" of team "payments". '
      + 'Fix: let the owning team share it (new ManagedDatabase(..., { ..., sharedWith: [<the orders TeamEnvironment>] })), or give team "orders" its own database.';
    expect(errorOf(() => service(orders, 'order-service', { databases: [db] }))).toBe(expected);
    const svc = service(orders, 'other-service');
    expect(errorOf(() => db.grantAccess(svc))).toMatch(/invalid sharedWith \[\]: does not include team "orders", whose service "other-service"/);
    expect(errorOf(() => svc.connect(db))).toMatch(/invalid sharedWith \[\]/);
    expect(db.connectedServices).toEqual([]);
  });

  test('an env prefix that is not one', () => {
    const { team } = fixture();
    const db = database(team);
    const svc = service(team);
    expect(errorOf(() => svc.connect(db, { envPrefix: 'db' }))).toMatch(
      /\[test\/platform\/payments\/db\] invalid grantAccess\.envPrefix "db": is not an environment-variable prefix .* Fix: use a prefix such as "ORDERS_DB_"/,
    );
  });

  test('asking for the access of a service that is not connected', () => {
    const { team } = fixture();
    const db = database(team);
    const svc = service(team);
    expect(errorOf(() => db.sqlEnvironment('dev').access(svc))).toMatch(/\/dev\] has no connection from service "payment-service" to database "payments-db"\. Fix: call db\.grantAccess\(service\) \(or service\.connect\(db\)\) first/);
    expect(errorOf(() => db.redisEnvironment('dev'))).toMatch(/is a postgres database and has no Redis instance/);
    expect(errorOf(() => db.settings('qa'))).toMatch(/has no environment "qa"/);
  });
});
