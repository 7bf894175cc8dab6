import { Construct } from 'constructs';
import { DatabaseEngine, DatabaseSize, DEFAULT_VERSIONS, ENGINE_PORTS, MaintenanceDay, type MaintenanceWindow, isCloudSql, sizeSpec } from './database-engine';
import type { DatabaseEnvironmentSettings, IDatabaseClient, IDatabaseEnvironment, IManagedDatabase } from './database-interfaces';
import {
  availabilityProblems, type DatabaseEnvironmentOverrides, MANAGED_DATABASE_PROPS_TYPES, managedDatabaseProblems, type ManagedDatabaseProps,
} from './managed-database-props';
import { RedisEnvironment } from './redis-environment';
import { SqlDatabaseEnvironment } from './sql-database-environment';
import { addCatalogSource } from '../catalog/catalog-source';
import { Guardrails } from '../guardrails/guardrails';
import type { Platform } from '../platform/platform';
import { Annotations } from '../private/cdk';
import { placementError, propError, throwIfProblems, type PropProblem } from '../private/errors';
import { NameKind, NameRegistry } from '../private/name-registry';
import { checkPropTypes } from '../private/prop-types';
import { teamChildId } from '../team/team-child-ids';
import { TeamEnvironment } from '../team/team-environment';

const DATABASE_SYMBOL = Symbol.for('cdktf-golden-paths.ManagedDatabase');

/** Options of {@link ManagedDatabase.grantAccess}. */
export interface GrantAccessOptions {
  /**
   * The prefix of the environment variables the service gets (`<prefix>HOST`,
   * `<prefix>PORT`, ...). A service that connects two databases of the same
   * kind needs a distinct prefix for the second.
   * @default - "DB_" for postgres and mysql, "REDIS_" for redis
   */
  readonly envPrefix?: string;
}

/**
 * A managed database in every environment of its team: postgres or mysql on
 * Cloud SQL, or redis on Memorystore; private, encrypted in transit, backed up,
 * and in production highly available and protected from deletion.
 *
 * Services connect without passwords: connecting a service to a Cloud SQL
 * database creates an IAM database user for the service's Google service
 * account and runs the Cloud SQL Auth Proxy next to it; for redis, the AUTH
 * string and server CA reach the service through a Kubernetes Secret that
 * refers to the instance, never a literal value.
 *
 * @example
 * const db = new ManagedDatabase(team, 'payments-db', {
 *   name: 'payments-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.MEDIUM,
 * });
 * new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments', databases: [db] });
 */
export class ManagedDatabase extends Construct implements IManagedDatabase {
  /** Whether `x` is a ManagedDatabase. */
  public static isManagedDatabase(x: any): x is ManagedDatabase {
    return x !== null && typeof x === 'object' && DATABASE_SYMBOL in x;
  }

  /** The database name. */
  public readonly name: string;
  /** The engine. */
  public readonly engine: DatabaseEngine;
  /** The size (before per-environment overrides). */
  public readonly size: DatabaseSize;
  /** Whether backups are taken (before per-environment overrides). */
  public readonly backupEnabled: boolean;
  /** Daily backups Cloud SQL keeps. */
  public readonly backupRetentionDays: number;
  /** The engine version. */
  public readonly version: string;
  /** The application database in a Cloud SQL instance; empty for redis. */
  public readonly databaseName: string;
  /** The weekly maintenance window. */
  public readonly maintenanceWindow: MaintenanceWindow;
  /** The team that owns the database. */
  public readonly team: TeamEnvironment;
  /** The platform the database runs on. */
  public readonly platform: Platform;
  /** The VPC network the instances attach to by private IP. */
  public readonly network: string;

  private readonly _highAvailability?: boolean;
  private readonly _overrides: { [environment: string]: DatabaseEnvironmentOverrides };
  private readonly _sharedWith: TeamEnvironment[];
  private readonly _environments = new Map<string, SqlDatabaseEnvironment | RedisEnvironment>();
  private readonly _services: IDatabaseClient[] = [];

  public constructor(scope: Construct, id: string, props: ManagedDatabaseProps) {
    super(scope, teamChildId(scope, id, 'database'));
    Object.defineProperty(this, DATABASE_SYMBOL, { value: true });
    checkPropTypes(this, props, MANAGED_DATABASE_PROPS_TYPES, '{ name: "orders-db", engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL }');
    this.team = TeamEnvironment.of(this);
    this.platform = this.team.platform;
    this.name = props.name;
    // The name is the database's from here, even when its other props fail: a second database of the name is refused (see checkUniqueName).
    NameRegistry.of(this).reserve(this, this.platform, NameKind.DATABASE, this.name);
    this.engine = props.engine;
    this.size = props.size;
    this.backupEnabled = props.backupEnabled ?? true;
    this.backupRetentionDays = props.backupRetentionDays ?? 7;
    this._highAvailability = props.highAvailability;
    this.maintenanceWindow = props.maintenanceWindow ?? { day: MaintenanceDay.SUNDAY, hourUtc: 3 };
    this._overrides = { ...props.environments };
    this._sharedWith = [...(props.sharedWith ?? [])];

    throwIfProblems(this, managedDatabaseProblems(this.platform, props, this));
    throwIfProblems(this, availabilityProblems(this.engine, this.platform.environments.map((e) => this.settings(e.name)), this._overrides));

    this.version = props.version ?? DEFAULT_VERSIONS[this.engine];
    this.databaseName = isCloudSql(this.engine) ? (props.databaseName ?? this.name.replace(/-/g, '_')) : '';

    if (this.platform.network === undefined) {
      throw placementError(this, `has no network to attach the ${this.engine} instances to, because the Platform prop "network" is not set`,
        'set network: "projects/<host-project>/global/networks/<network>" on the Platform (new Platform(stack, "platform", { ..., network }))');
    }
    this.network = this.platform.network;
    this.checkUniqueName();
    addCatalogSource(this, {
      kind: 'database',
      describe: () => ({
        name: this.name,
        engine: this.engine,
        team: this.team.name,
        // A database belongs to the system of the services that use it, or to its team's.
        system: this._services[0]?.system ?? this.team.name,
        services: this._services.map((s) => s.name),
      }),
    });

    for (const env of this.platform.environments) {
      const settings = this.settings(env.name);
      this.warnAbout(settings);
      // Inside a stack, this database; at App scope, its place in the environment's stack.
      const parent = this.team.environmentScope(env.name, this);
      const environmentScope = isCloudSql(this.engine)
        ? new SqlDatabaseEnvironment(parent, env.name, { database: this, environment: env, settings })
        : new RedisEnvironment(parent, env.name, { database: this, environment: env, settings });
      this._environments.set(env.name, environmentScope);
      if (!settings.backupEnabled && isCloudSql(this.engine)) {
        // Outside production, turning backups off is the user's explicit, warned choice: record it in the guardrails report.
        const reason = `backupEnabled is false for "${env.name}", which is not a production environment; ManagedDatabase warns about it at synth`;
        Guardrails.suppress(environmentScope, 'GP-GCP-001', reason);
        Guardrails.suppress(environmentScope, 'GP-GCP-002', reason);
      }
    }
  }

  /** The effective settings in an environment: the database's own, then that environment's overrides. */
  public settings(environment: string): DatabaseEnvironmentSettings {
    const env = this.platform.environment(environment);
    const o = this._overrides[environment] ?? {};
    const size = o.size ?? this.size;
    const spec = sizeSpec(size);
    return {
      environment: env.name,
      production: env.production,
      size,
      tier: o.tier ?? spec.tier,
      diskSizeGb: spec.diskSizeGb,
      memorySizeGb: o.memorySizeGb ?? spec.redisMemorySizeGb,
      highAvailability: o.highAvailability ?? this._highAvailability ?? env.production,
      backupEnabled: o.backupEnabled ?? this.backupEnabled,
    };
  }

  /** The teams besides the owner whose services may connect. */
  public get sharedWith(): TeamEnvironment[] {
    return [...this._sharedWith];
  }

  /** The services connected to this database, in the order they were connected. */
  public get connectedServices(): IDatabaseClient[] {
    return [...this._services];
  }

  /** The Cloud SQL children in an environment; fails for redis. */
  public sqlEnvironment(environment: string): SqlDatabaseEnvironment {
    const found = this.environmentScope(environment);
    if (!(found instanceof SqlDatabaseEnvironment)) {
      throw placementError(this, `is a ${this.engine} database and has no Cloud SQL instance`, 'use redisEnvironment(environment) for redis');
    }
    return found;
  }

  /** The Memorystore children in an environment; fails for postgres and mysql. */
  public redisEnvironment(environment: string): RedisEnvironment {
    const found = this.environmentScope(environment);
    if (!(found instanceof RedisEnvironment)) {
      throw placementError(this, `is a ${this.engine} database and has no Redis instance`, 'use sqlEnvironment(environment) for postgres and mysql');
    }
    return found;
  }

  /** The per-environment children, whatever the engine. */
  public environment(environment: string): IDatabaseEnvironment {
    return this.environmentScope(environment);
  }

  /**
   * Lets a service use this database in every environment, without passwords.
   * Calling it again for the same service does nothing, so it is the same as
   * `svc.connect(db)` and the service prop `databases: [db]`.
   *
   * A service of another team is refused unless that team is in `sharedWith`.
   */
  public grantAccess(service: IDatabaseClient, options: GrantAccessOptions = {}): void {
    if (this._services.includes(service)) return;
    if (service.team !== this.team && !this._sharedWith.includes(service.team)) {
      throw propError(this, {
        prop: 'sharedWith',
        value: this._sharedWith.map((t) => t.name),
        problem: `does not include team "${service.team.name}", whose service "${service.name}" asks to connect to database "${this.name}" of team "${this.team.name}"`,
        fix: `let the owning team share it (new ManagedDatabase(..., { ..., sharedWith: [<the ${service.team.name} TeamEnvironment>] })), or give team "${service.team.name}" its own database`,
      });
    }
    const cloudSql = isCloudSql(this.engine);
    const envPrefix = options.envPrefix ?? (cloudSql ? 'DB_' : 'REDIS_');
    const wiring = wiringOf(service);
    const problem = envPrefixProblem(envPrefix);
    if (problem) throw propError(this, { ...problem, prop: 'grantAccess.envPrefix' });
    const clash = wiring.prefixes.get(envPrefix);
    if (clash) {
      throw propError(this, {
        prop: 'grantAccess.envPrefix',
        value: envPrefix,
        problem: `is already used by database "${clash}" on service "${service.name}", so the variables of both would collide`,
        fix: `connect this one with its own prefix: db.grantAccess(service, { envPrefix: "${this.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_" })`,
      });
    }
    wiring.prefixes.set(envPrefix, this.name);
    let port = ENGINE_PORTS[this.engine];
    if (cloudSql) {
      while (wiring.ports.has(port)) port++;
      wiring.ports.add(port);
    }
    this._services.push(service);
    wiring.databases.push(this);
    for (const env of this._environments.values()) {
      if (env instanceof SqlDatabaseEnvironment) {
        env._connect(service, envPrefix, port);
      } else {
        env._connect(service, envPrefix);
      }
    }
  }

  private environmentScope(environment: string): SqlDatabaseEnvironment | RedisEnvironment {
    this.platform.environment(environment);
    return this._environments.get(environment)!;
  }

  private warnAbout(s: DatabaseEnvironmentSettings): void {
    if (!s.backupEnabled) {
      Annotations.of(this).addWarning(`Backups are off for database "${this.name}" in environment "${s.environment}": its data cannot be restored.`);
    }
    if (s.production && !s.highAvailability) {
      Annotations.of(this).addWarning(`Database "${this.name}" is not highly available in production environment "${s.environment}": a zone outage takes it down.`);
    }
  }

  /** Instance names must be unique in the project: one database of a name per platform. */
  private checkUniqueName(): void {
    NameRegistry.of(this).claim(this, [{
      kind: NameKind.DATABASE,
      inPlatform: {
        platform: this.platform,
        key: this.name,
        conflict: (twin) => ({
          prop: 'name',
          value: this.name,
          problem: `is already used by the database at ${twin.path}, and instance names must be unique in the project`,
          fix: 'give each database a distinct name, e.g. prefixed with the team name',
        }),
      },
    }]);
  }
}

/** The environment-variable prefixes and proxy ports each service already uses. */
interface ServiceWiring {
  readonly prefixes: Map<string, string>;
  readonly ports: Set<number>;
  readonly databases: ManagedDatabase[];
}

const WIRING = new WeakMap<object, ServiceWiring>();

function wiringOf(service: IDatabaseClient): ServiceWiring {
  let found = WIRING.get(service);
  if (!found) {
    found = { prefixes: new Map(), ports: new Set(), databases: [] };
    WIRING.set(service, found);
  }
  return found;
}

/** The databases a service is connected to, in the order it connected them. */
export function databasesOf(service: IDatabaseClient): ManagedDatabase[] {
  return [...(WIRING.get(service)?.databases ?? [])];
}

function envPrefixProblem(value: string): PropProblem | undefined {
  if (typeof value === 'string' && /^[A-Z][A-Z0-9_]*_$/.test(value)) return undefined;
  return { prop: 'envPrefix', value, problem: 'is not an environment-variable prefix (uppercase letters, digits and "_", ending with "_")', fix: 'use a prefix such as "ORDERS_DB_"' };
}

