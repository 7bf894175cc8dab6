import { Construct, type IConstruct } from 'constructs';
import {
  CLOUD_SQL_PROXY_BINARY, CLOUD_SQL_PROXY_CPU, CLOUD_SQL_PROXY_MAX_SIGTERM_DELAY_SECONDS, CLOUD_SQL_PROXY_MEMORY, CLOUD_SQL_PROXY_WAIT_SECONDS,
  instanceRole,
} from './cloud-sql-access';
import { accessOf, connectionLabels, connectionObjectName, connectOnce, databaseLabels, databaseOutputs, MAINTENANCE_DAY_NUMBERS } from './database-connection';
import { DatabaseEngine } from './database-engine';
import type { DatabaseEnvironmentSettings, IDatabaseClient, IDatabaseEnvironment, IManagedDatabase } from './database-interfaces';
import { MysqlGrantJob } from './mysql-grant-job';
import { PostgresGrantJob } from './postgres-grant-job';
import type { ISqlGrantJob } from './sql-grant-job';
import type { PlatformEnvironment } from '../platform/environment';
import { TerraformOutput } from '../private/cdk';
import { dependOn } from '../private/dependencies';
import { NameKind } from '../private/name-registry';
import { boundedName } from '../private/naming';
import type { ProjectIamMember } from '../private/providers/google';
import { SqlDatabase, SqlDatabaseInstance, SqlUser } from '../private/providers/google';
import { ConfigMapV1 } from '../private/providers/kubernetes';
import { sameStack } from '../private/stacks';
import type { SidecarContainer } from '../workload/sidecar-container';

/**
 * The longest Cloud SQL instance id: `<project>:<instance>` may have at most
 * 98 characters, and project ids have at most 30.
 */
export const CLOUD_SQL_INSTANCE_NAME_LIMIT = 98 - 1 - 30;

export { CLOUD_SQL_PROXY_CPU, CLOUD_SQL_PROXY_IMAGE, CLOUD_SQL_PROXY_MAX_SIGTERM_DELAY_SECONDS, CLOUD_SQL_PROXY_MEMORY } from './cloud-sql-access';

/** Where in the instance its disk size lives, for `lifecycle.ignore_changes`. */
const DISK_SIZE_ATTRIBUTE = 'settings[0].disk_size';

const IAM_AUTHENTICATION_FLAGS: Record<string, string> = {
  [DatabaseEngine.POSTGRES]: 'cloudsql.iam_authentication',
  [DatabaseEngine.MYSQL]: 'cloudsql_iam_authentication',
};

/** Properties of a {@link SqlDatabaseEnvironment}. */
export interface SqlDatabaseEnvironmentProps {
  /** The database these children belong to. */
  readonly database: IManagedDatabase;
  /** The platform environment. */
  readonly environment: PlatformEnvironment;
  /** The effective settings of the database in this environment. */
  readonly settings: DatabaseEnvironmentSettings;
}

/**
 * A Cloud SQL database (postgres or mysql) in one environment: the instance,
 * the application database, and the access of every connected service.
 */
export class SqlDatabaseEnvironment extends Construct implements IDatabaseEnvironment {
  /** The environment name. */
  public readonly environmentName: string;
  /** The instance name: `<database>-<env>`, at most 67 characters. */
  public readonly instanceName: string;
  /** The Google Cloud project of the instance: the environment's Google provider project, or the platform's. */
  public readonly project: string;
  /** The connection name as known at synth time: `<project>:<region>:<instance>`. */
  public readonly connectionNameAtSynth: string;
  /** The effective settings in this environment. */
  public readonly settings: DatabaseEnvironmentSettings;
  /** The Cloud SQL instance. */
  public readonly instance: SqlDatabaseInstance;
  /** The application database in the instance. */
  public readonly database: SqlDatabase;
  /** Output: the instance connection name (`project:region:instance`). */
  public readonly connectionNameOutput: TerraformOutput;
  /** Output: the private IP address of the instance (sensitive). */
  public readonly privateAddressOutput: TerraformOutput;

  /** The database these children belong to. */
  public readonly managedDatabase: IManagedDatabase;
  /** The platform environment. */
  public readonly environment: PlatformEnvironment;
  private readonly _access = new Map<IDatabaseClient, SqlServiceAccess>();
  private _grantJob?: PostgresGrantJob | MysqlGrantJob;

  public constructor(scope: Construct, id: string, props: SqlDatabaseEnvironmentProps) {
    super(scope, id);
    const { database: db, environment: env, settings } = props;
    this.managedDatabase = db;
    this.environment = env;
    this.settings = settings;
    this.environmentName = env.name;
    this.instanceName = boundedName([db.name, env.name], CLOUD_SQL_INSTANCE_NAME_LIMIT);
    this.project = db.team.googleProject(env.name);
    // Names are truncated with a hash: "orders-eu" in "prod" and "orders" in "eu-prod" are one instance.
    db.platform._claimName(db, NameKind.CLOUD_SQL_INSTANCE, `${this.project}/${this.instanceName}`, {
      prop: 'name', value: db.name, problem: `would make the instance "${this.instanceName}" in "${this.project}" (environment "${env.name}") that another database already has`, fix: 'give the databases names that stay distinct once joined with the environment names',
    });
    this.connectionNameAtSynth = `${this.project}:${db.platform.region}:${this.instanceName}`;
    const production = settings.production;
    const postgres = db.engine === DatabaseEngine.POSTGRES;
    const backups = settings.backupEnabled;

    this.instance = new SqlDatabaseInstance(this, 'instance', {
      provider: env.googleProvider,
      project: this.project,
      name: this.instanceName,
      region: db.platform.region,
      databaseVersion: db.version,
      deletionProtection: production,
      lifecycle: {
        preventDestroy: production ? true : undefined,
        // Disk autoresize is on: Cloud SQL grows the disk as it fills and never shrinks it, so the
        // size is the starting size only; otherwise the next apply would try to shrink the disk back.
        ignoreChanges: [DISK_SIZE_ATTRIBUTE],
      },
      settings: {
        edition: 'ENTERPRISE',
        tier: settings.tier,
        availabilityType: settings.highAvailability ? 'REGIONAL' : 'ZONAL',
        diskType: 'PD_SSD',
        diskSize: settings.diskSizeGb,
        diskAutoresize: true,
        deletionProtectionEnabled: production,
        connectorEnforcement: 'REQUIRED',
        ipConfiguration: {
          ipv4Enabled: false,
          privateNetwork: db.network,
          sslMode: 'ENCRYPTED_ONLY',
        },
        backupConfiguration: {
          enabled: backups,
          startTime: '02:00',
          ...(postgres ? { pointInTimeRecoveryEnabled: backups } : { binaryLogEnabled: backups }),
          transactionLogRetentionDays: Math.min(7, db.backupRetentionDays),
          backupRetentionSettings: { retainedBackups: db.backupRetentionDays, retentionUnit: 'COUNT' },
        },
        maintenanceWindow: {
          day: MAINTENANCE_DAY_NUMBERS[db.maintenanceWindow.day],
          hour: db.maintenanceWindow.hourUtc,
          updateTrack: production ? 'stable' : 'canary',
        },
        insightsConfig: {
          queryInsightsEnabled: true,
          queryStringLength: 1024,
          recordApplicationTags: true,
          recordClientAddress: false,
        },
        databaseFlags: [{ name: IAM_AUTHENTICATION_FLAGS[db.engine], value: 'on' }],
        userLabels: databaseLabels(db, env.name),
      },
    });

    this.database = new SqlDatabase(this, 'database', {
      provider: env.googleProvider,
      project: this.project,
      name: db.databaseName,
      instance: this.instance.name,
      lifecycle: production ? { preventDestroy: true } : undefined,
    });

    const outputs = databaseOutputs(this,
      { value: this.instance.connectionName, description: `Cloud SQL connection name of database "${db.name}" in ${env.name}` },
      { value: this.instance.privateIpAddress, description: `Private IP address of database "${db.name}" in ${env.name}` });
    this.connectionNameOutput = outputs.connectionName;
    this.privateAddressOutput = outputs.privateAddress;
  }

  /** The Cloud SQL connection name, `project:region:instance` (known after apply). */
  public get connectionName(): string {
    return this.instance.connectionName;
  }

  /** The private IP address of the instance (known after apply). */
  public get privateAddress(): string {
    return this.instance.privateIpAddress;
  }

  /** The access of a connected service in this environment; fails when it is not connected. */
  public access(service: IDatabaseClient): ISqlServiceAccess {
    return accessOf(this, this._access, service, this.managedDatabase.name);
  }

  /** The services connected in this environment. */
  public get connectedServices(): IDatabaseClient[] {
    return [...this._access.keys()];
  }

  /**
   * Connects a service in this environment; ManagedDatabase.grantAccess calls it.
   * @internal
   */
  public _connect(service: IDatabaseClient, envPrefix: string, port: number): SqlServiceAccess {
    return connectOnce(this._access, service, () => {
      const access = new SqlServiceAccess(this, service.name, { service, envPrefix, port });
      const grantJobProps = {
        team: this.managedDatabase.team,
        environment: this.environment,
        name: this.managedDatabase.name,
        databaseName: this.managedDatabase.databaseName,
        applicationDatabase: this.database,
        instance: this.instance,
        instanceName: this.instanceName,
        project: this.project,
        connectionName: this.connectionNameAtSynth,
      };
      this._grantJob ??= this.managedDatabase.engine === DatabaseEngine.POSTGRES
        ? new PostgresGrantJob(this, 'grants', grantJobProps)
        : new MysqlGrantJob(this, 'grants', grantJobProps);
      this._grantJob._addServiceUser(access.databaseUser, access.user);
      return access;
    });
  }

  /**
   * The Job that grants the connected services' IAM database users their
   * privileges on the database, once a service is connected: a
   * {@link PostgresGrantJob} or a {@link MysqlGrantJob}.
   */
  public get grantJob(): ISqlGrantJob | undefined {
    return this._grantJob;
  }
}

/** Properties of a {@link SqlServiceAccess}. */
export interface SqlServiceAccessProps {
  /** The connected service. */
  readonly service: IDatabaseClient;
  /** The prefix of the service's environment variables (`DB_`). */
  readonly envPrefix: string;
  /** The port the Auth Proxy listens on inside the pod. */
  readonly port: number;
}

/**
 * What one service needs to reach a Cloud SQL database in one environment,
 * without a password: an IAM database user for its Google service account,
 * the roles to connect and log in (limited to this instance), the Cloud SQL
 * Auth Proxy sidecar, and a ConfigMap with host, port, database and user.
 */
export interface ISqlServiceAccess extends IConstruct {
  /** The IAM database user of the service's Google service account. */
  readonly user: SqlUser;
  /** `roles/cloudsql.client` for the service account, on this instance only. */
  readonly clientRole: ProjectIamMember;
  /** `roles/cloudsql.instanceUser` for the service account, on this instance only. */
  readonly instanceUserRole: ProjectIamMember;
  /** The ConfigMap with `<prefix>HOST`, `PORT`, `NAME`, `USER` and `ENGINE`, read by the service through envFrom. */
  readonly configMap: ConfigMapV1;
  /** The Cloud SQL Auth Proxy sidecar added to the service's pods. */
  readonly proxySidecar: SidecarContainer;
  /** The user name the service logs in with (known after apply). */
  readonly databaseUser: string;
  /** The port the proxy listens on inside the pod. */
  readonly port: number;
}

/** The access of one service to a Cloud SQL database in one environment (made by SqlDatabaseEnvironment). */
export class SqlServiceAccess extends Construct implements ISqlServiceAccess {
  /** The IAM database user of the service's Google service account. */
  public readonly user: SqlUser;
  /** `roles/cloudsql.client` for the service account, on this instance only. */
  public readonly clientRole: ProjectIamMember;
  /** `roles/cloudsql.instanceUser` for the service account, on this instance only. */
  public readonly instanceUserRole: ProjectIamMember;
  /** The ConfigMap with `<prefix>HOST`, `PORT`, `NAME`, `USER` and `ENGINE`, read by the service through envFrom. */
  public readonly configMap: ConfigMapV1;
  /** The Cloud SQL Auth Proxy sidecar added to the service's pods. */
  public readonly proxySidecar: SidecarContainer;
  /** The user name the service logs in with (known after apply). */
  public readonly databaseUser: string;
  /** The port the proxy listens on inside the pod. */
  public readonly port: number;

  public constructor(scope: SqlDatabaseEnvironment, id: string, props: SqlServiceAccessProps) {
    super(scope, id);
    const { service, envPrefix, port } = props;
    const db = scope.managedDatabase;
    const env = scope.environment;
    const instance = scope.instance;
    const workload = service.clientWorkload(env.name);
    const account = workload.googleServiceAccount;
    const email = workload.googleServiceAccountEmail;
    const postgres = db.engine === DatabaseEngine.POSTGRES;
    this.port = port;

    // Cloud SQL names IAM service-account users differently per engine:
    // postgres uses the email without ".gserviceaccount.com"; mysql takes the
    // full email when the user is created and logs it in as the part before "@".
    this.databaseUser = postgres ? email.replace(/\.gserviceaccount\.com$/, '') : email.split('@')[0];
    this.user = new SqlUser(this, 'user', {
      provider: env.googleProvider,
      project: scope.project,
      instance: instance.name,
      name: postgres ? this.databaseUser : email,
      type: 'CLOUD_IAM_SERVICE_ACCOUNT',
      // Postgres refuses to drop a user that owns objects or holds grants.
      deletionPolicy: postgres ? 'ABANDON' : undefined,
    });
    dependOn(this.user, account);

    const member = `serviceAccount:${email}`;
    const onThisInstance = { provider: env.googleProvider, project: scope.project, instanceName: scope.instanceName };
    this.clientRole = instanceRole(this, 'cloudsql-client', onThisInstance, 'roles/cloudsql.client', member, [account]);
    this.instanceUserRole = instanceRole(this, 'cloudsql-instance-user', onThisInstance, 'roles/cloudsql.instanceUser', member, [account]);

    const namespace = service.team._namespaceDependencies(env.name);
    this.configMap = new ConfigMapV1(this, 'config-map', {
      provider: env.kubernetesProvider,
      metadata: {
        name: connectionObjectName(service, db),
        namespace: service.team.namespaceName(env.name),
        labels: connectionLabels(service, db),
      },
      data: {
        [`${envPrefix}ENGINE`]: db.engine,
        [`${envPrefix}HOST`]: '127.0.0.1',
        [`${envPrefix}PORT`]: String(port),
        [`${envPrefix}NAME`]: db.databaseName,
        [`${envPrefix}USER`]: this.databaseUser,
      },
    });
    dependOn(this.configMap, ...namespace);

    this.proxySidecar = {
      name: boundedName(['cloud-sql-proxy', db.name], 63),
      // The settings' image (ToolImagesOptions.cloudSqlProxy): a mirror where clusters pull only from Artifact Registry.
      image: service.team.platform.toolImages.cloudSqlProxy,
      args: [
        '--auto-iam-authn', '--private-ip', '--structured-logs', `--port=${port}`,
        '--health-check', '--http-address=0.0.0.0', `--http-port=${proxyHealthPort(port)}`,
        // On SIGTERM, keep serving open connections while the service drains, and exit 0.
        `--max-sigterm-delay=${CLOUD_SQL_PROXY_MAX_SIGTERM_DELAY_SECONDS}s`, '--exit-zero-on-sigterm',
        scope.connectionNameAtSynth,
      ],
      port,
      cpu: CLOUD_SQL_PROXY_CPU,
      memory: CLOUD_SQL_PROXY_MEMORY,
      // Ready once started: the pod gets traffic only when the proxy is up. Not
      // /readiness, which fails while the instance is unreachable and would
      // take every pod out during a maintenance failover (the proxy's docs advise against it).
      healthCheck: { port: proxyHealthPort(port), livenessPath: '/liveness', readinessPath: '/startup', startupPath: '/startup' },
      // The proxy goes before the service container, whose start waits until the proxy serves:
      // `wait` (Auth Proxy 2.7+) returns once /startup answers on the proxy's health port.
      waitCommand: [CLOUD_SQL_PROXY_BINARY, 'wait', '--http-address=127.0.0.1', `--http-port=${proxyHealthPort(port)}`, `--max=${CLOUD_SQL_PROXY_WAIT_SECONDS}s`],
    };
    workload.addSidecar(this.proxySidecar);
    workload.addEnvFromConfigMap(sameStack(workload, this) ? this.configMap.metadata.name : connectionObjectName(service, db));
  }
}

/**
 * The port of a Cloud SQL Auth Proxy's health endpoints: its database port
 * plus 4000 (5432 → 9432, 3306 → 7306), so that two proxies in one pod never
 * share one.
 */
export function proxyHealthPort(databasePort: number): number {
  return databasePort + 4000;
}
