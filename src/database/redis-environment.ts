import { Construct, type IConstruct } from 'constructs';
import { accessOf, connectionLabels, connectionObjectName, connectOnce, databaseLabels, databaseOutputs } from './database-connection';
import type { DatabaseEnvironmentSettings, IDatabaseClient, IDatabaseEnvironment, IManagedDatabase } from './database-interfaces';
import type { PlatformEnvironment } from '../platform/environment';
import { Fn, TerraformOutput, Token } from '../private/cdk';
import { dependOn } from '../private/dependencies';
import { NameKind } from '../private/name-registry';
import { boundedName } from '../private/naming';
import { RedisInstance } from '../private/providers/google';
import { ConfigMapV1, SecretV1 } from '../private/providers/kubernetes';
import { sameStack } from '../private/stacks';

/** The longest Memorystore for Redis instance id. */
export const REDIS_INSTANCE_NAME_LIMIT = 40;

/** Properties of a {@link RedisEnvironment}. */
export interface RedisEnvironmentProps {
  /** The database these children belong to. */
  readonly database: IManagedDatabase;
  /** The platform environment. */
  readonly environment: PlatformEnvironment;
  /** The effective settings of the database in this environment. */
  readonly settings: DatabaseEnvironmentSettings;
}

/**
 * A Memorystore for Redis instance in one environment, and the Secret and
 * ConfigMap of every connected service.
 */
export class RedisEnvironment extends Construct implements IDatabaseEnvironment {
  /** The environment name. */
  public readonly environmentName: string;
  /** The instance id: `<database>-<env>`, at most 40 characters. */
  public readonly instanceName: string;
  /** The Google Cloud project of the instance: the environment's Google provider project, or the platform's. */
  public readonly project: string;
  /** The effective settings in this environment. */
  public readonly settings: DatabaseEnvironmentSettings;
  /** The Redis instance. */
  public readonly instance: RedisInstance;
  /** Output: the instance id (`projects/<project>/locations/<region>/instances/<name>`). */
  public readonly connectionNameOutput: TerraformOutput;
  /** Output: the private address of the instance (sensitive). */
  public readonly privateAddressOutput: TerraformOutput;

  /** The database these children belong to. */
  public readonly managedDatabase: IManagedDatabase;
  /** The platform environment. */
  public readonly environment: PlatformEnvironment;
  private readonly _access = new Map<IDatabaseClient, RedisServiceAccess>();

  public constructor(scope: Construct, id: string, props: RedisEnvironmentProps) {
    super(scope, id);
    const { database: db, environment: env, settings } = props;
    this.managedDatabase = db;
    this.environment = env;
    this.settings = settings;
    this.environmentName = env.name;
    this.instanceName = boundedName([db.name, env.name], REDIS_INSTANCE_NAME_LIMIT);
    this.project = db.team.googleProject(env.name);
    // Names are truncated with a hash: "orders-eu" in "prod" and "orders" in "eu-prod" are one instance.
    db.platform._claimName(db, NameKind.REDIS_INSTANCE, `${this.project}/${db.platform.region}/${this.instanceName}`, {
      prop: 'name', value: db.name, problem: `would make the instance "${this.instanceName}" in "${this.project}" (environment "${env.name}") that another database already has`, fix: 'give the databases names that stay distinct once joined with the environment names',
    });

    this.instance = new RedisInstance(this, 'instance', {
      provider: env.googleProvider,
      project: this.project,
      name: this.instanceName,
      displayName: `${db.name} (${env.name})`,
      region: db.platform.region,
      tier: settings.highAvailability ? 'STANDARD_HA' : 'BASIC',
      memorySizeGb: settings.memorySizeGb,
      redisVersion: db.version,
      authEnabled: true,
      transitEncryptionMode: 'SERVER_AUTHENTICATION',
      connectMode: 'PRIVATE_SERVICE_ACCESS',
      authorizedNetwork: db.network,
      persistenceConfig: settings.backupEnabled
        ? { persistenceMode: 'RDB', rdbSnapshotPeriod: 'TWENTY_FOUR_HOURS' }
        : { persistenceMode: 'DISABLED' },
      maintenancePolicy: {
        weeklyMaintenanceWindow: [{
          day: db.maintenanceWindow.day,
          startTime: { hours: db.maintenanceWindow.hourUtc, minutes: 0, seconds: 0, nanos: 0 },
        }],
      },
      labels: databaseLabels(db, env.name),
      lifecycle: settings.production ? { preventDestroy: true } : undefined,
    });

    const outputs = databaseOutputs(this,
      { value: this.instance.id, description: `Memorystore instance of database "${db.name}" in ${env.name}` },
      { value: this.instance.host, description: `Private address of database "${db.name}" in ${env.name}` });
    this.connectionNameOutput = outputs.connectionName;
    this.privateAddressOutput = outputs.privateAddress;
  }

  /** The Redis instance id (known after apply). */
  public get connectionName(): string {
    return this.instance.id;
  }

  /** The private address of the instance (known after apply). */
  public get privateAddress(): string {
    return this.instance.host;
  }

  /** The access of a connected service in this environment; fails when it is not connected. */
  public access(service: IDatabaseClient): IRedisServiceAccess {
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
  public _connect(service: IDatabaseClient, envPrefix: string): RedisServiceAccess {
    return connectOnce(this._access, service, () => new RedisServiceAccess(this, service.name, { service, envPrefix }));
  }
}

/** Properties of a {@link RedisServiceAccess}. */
export interface RedisServiceAccessProps {
  /** The connected service. */
  readonly service: IDatabaseClient;
  /** The prefix of the service's environment variables (`REDIS_`). */
  readonly envPrefix: string;
}

/**
 * What one service needs to reach a Redis instance in one environment: a
 * Secret with the AUTH string and the server CAs, all of them in one PEM
 * bundle so that a CA rotation does not break TLS (Terraform references to the
 * instance, never literal values) and a ConfigMap with host and port, both
 * read by the service through envFrom.
 */
export interface IRedisServiceAccess extends IConstruct {
  /** The Secret with `<prefix>AUTH` and `<prefix>CA_CERT` (every server CA, PEM, one after another). */
  readonly secret: SecretV1;
  /** The ConfigMap with `<prefix>HOST`, `<prefix>PORT` and `<prefix>TLS`. */
  readonly configMap: ConfigMapV1;
}

/** The access of one service to a Redis instance in one environment (made by RedisEnvironment). */
export class RedisServiceAccess extends Construct implements IRedisServiceAccess {
  /** The Secret with `<prefix>AUTH` and `<prefix>CA_CERT` (every server CA, PEM, one after another). */
  public readonly secret: SecretV1;
  /** The ConfigMap with `<prefix>HOST`, `<prefix>PORT` and `<prefix>TLS`. */
  public readonly configMap: ConfigMapV1;

  public constructor(scope: RedisEnvironment, id: string, props: RedisServiceAccessProps) {
    super(scope, id);
    const { service, envPrefix } = props;
    const db = scope.managedDatabase;
    const env = scope.environment;
    const instance = scope.instance;
    const workload = service.clientWorkload(env.name);
    const namespace = service.team._namespaceDependencies(env.name);
    const metadata = {
      name: connectionObjectName(service, db),
      namespace: service.team.namespaceName(env.name),
      labels: connectionLabels(service, db),
    };

    this.secret = new SecretV1(this, 'secret', {
      provider: env.kubernetesProvider,
      metadata,
      type: 'Opaque',
      data: {
        [`${envPrefix}AUTH`]: instance.authString,
        // Every CA the instance trusts: during a rotation two are valid, and
        // clients that trust only the first fail once the server switches.
        [`${envPrefix}CA_CERT`]: Fn.join('\n', Token.asList(instance.interpolationForAttribute('server_ca_certs[*].cert'))),
      },
    });
    dependOn(this.secret, ...namespace);
    this.configMap = new ConfigMapV1(this, 'config-map', {
      provider: env.kubernetesProvider,
      metadata,
      data: {
        [`${envPrefix}HOST`]: instance.host,
        [`${envPrefix}PORT`]: Token.asString(instance.port),
        [`${envPrefix}TLS`]: 'true',
      },
    });
    dependOn(this.configMap, ...namespace);

    workload.addEnvFromConfigMap(sameStack(workload, this) ? this.configMap.metadata.name : connectionObjectName(service, db));
    workload.addEnvFromSecret(sameStack(workload, this) ? this.secret.metadata.name : connectionObjectName(service, db));
  }
}
