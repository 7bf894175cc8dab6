import {
  DatabaseEngine, DatabaseSize, engineProblem, isCloudSql, MaintenanceDay, type MaintenanceWindow, sizeProblem, tierProblem, versionProblem,
} from './database-engine';
import type { DatabaseEnvironmentSettings } from './database-interfaces';
import { catalogNameProblem } from '../catalog/validation';
import type { Platform } from '../platform/platform';
import type { PropProblem } from '../private/errors';
import { BOOLEAN, enumOf, instanceOf, keyedBy, listOf, NUMBER, optional, STRING, struct, type PropTypes } from '../private/prop-types';
import { dnsLabelProblem, integerProblem, problems } from '../private/validation';
import { TeamEnvironment } from '../team/team-environment';

/** Settings of a database in one environment; only the fields given override the database's own. */
export interface DatabaseEnvironmentOverrides {
  /**
   * The size in this environment.
   * @default - the database's size
   */
  readonly size?: DatabaseSize;
  /**
   * A Cloud SQL machine tier that replaces the size's tier (postgres and mysql only),
   * e.g. `db-custom-8-30720`.
   * @default - the tier of the size
   */
  readonly tier?: string;
  /**
   * Memory in GB that replaces the size's memory (redis only).
   * @default - the memory of the size
   */
  readonly memorySizeGb?: number;
  /**
   * Whether the instance is highly available (Cloud SQL `REGIONAL`, Redis `STANDARD_HA`).
   * @default - the database's highAvailability
   */
  readonly highAvailability?: boolean;
  /**
   * Whether backups are taken in this environment. Off is refused in production.
   * @default - the database's backupEnabled
   */
  readonly backupEnabled?: boolean;
}

/**
 * Properties of a {@link ManagedDatabase}.
 *
 * Every prop is checked for its type when the construct is created (as
 * JavaScript and the jsii languages may send anything), and must be known at
 * synth: a token (a reference to another resource's attribute, a variable) is
 * refused, since the values name resources, are compared or are written into
 * repository files.
 */
export interface ManagedDatabaseProps {
  /**
   * The database name: a DNS-1123 label, unique on the platform. Instance
   * names are `<name>-<env>` (shortened with a hash where a provider limit
   * requires it). Cloud SQL keeps a deleted instance's name reserved for up
   * to a week, so choose names that will last.
   */
  readonly name: string;
  /** The engine: postgres, mysql or redis. */
  readonly engine: DatabaseEngine;
  /** The size (see {@link DatabaseSize} for what each size means). */
  readonly size: DatabaseSize;
  /**
   * Whether backups are taken: daily backups with point-in-time recovery for
   * Cloud SQL, daily RDB snapshots for Redis. Turning them off is refused in
   * production environments and warned about elsewhere.
   * @default true
   */
  readonly backupEnabled?: boolean;
  /**
   * How many daily backups Cloud SQL keeps (postgres and mysql). Point-in-time
   * recovery covers the last `min(7, backupRetentionDays)` days.
   * @default 7
   */
  readonly backupRetentionDays?: number;
  /**
   * The engine version as the Google API names it (`POSTGRES_17`, `MYSQL_8_4`, `REDIS_7_0`).
   * @default - POSTGRES_16, MYSQL_8_0 or REDIS_7_2
   */
  readonly version?: string;
  /**
   * The application database created in a Cloud SQL instance (postgres and mysql).
   * @default - the name with "-" replaced by "_"
   */
  readonly databaseName?: string;
  /**
   * Whether instances are highly available (Cloud SQL `REGIONAL`, Redis
   * `STANDARD_HA`). Turning it off in production is allowed with a warning.
   * @default - on in production environments, off elsewhere
   */
  readonly highAvailability?: boolean;
  /**
   * The weekly maintenance window.
   * @default - Sunday 03:00 UTC
   */
  readonly maintenanceWindow?: MaintenanceWindow;
  /**
   * Per-environment settings, keyed by environment name (for example a
   * smaller size in dev). Every key must be an environment of the platform.
   * @default - the same settings in every environment
   */
  readonly environments?: { [environment: string]: DatabaseEnvironmentOverrides };
  /**
   * Other teams whose services may connect to this database. Services of the
   * owning team may always connect; a service of any other team is refused
   * unless its team is listed here, so sharing is a decision of the owner.
   * @default - only the owning team's services may connect
   */
  readonly sharedWith?: TeamEnvironment[];
}

/** The per-environment overrides of a database, by environment name. */
type Overrides = { readonly [environment: string]: DatabaseEnvironmentOverrides };

/** A database's props with their defaults applied, as the construct holds them. */
export interface EffectiveDatabaseProps {
  readonly backupEnabled: boolean;
  readonly backupRetentionDays: number;
  readonly maintenanceWindow: MaintenanceWindow;
}

/**
 * What is wrong with a database's props (`effective`: the values with their
 * defaults applied), its per-environment overrides judged against the
 * platform's environments; in the order the construct reports them.
 */
export function managedDatabaseProblems(platform: Platform, props: ManagedDatabaseProps, effective: EffectiveDatabaseProps): PropProblem[] {
  const engineIssue = engineProblem('engine', props.engine);
  return [
    ...problems(
      dnsLabelProblem('name', props.name, 63) ?? catalogNameProblem('name', props.name),
      engineIssue,
      sizeProblem('size', props.size),
      integerProblem('backupRetentionDays', effective.backupRetentionDays, 1, 365, 'keep between 1 and 365 daily backups, e.g. 7'),
      integerProblem('maintenanceWindow.hourUtc', effective.maintenanceWindow.hourUtc, 0, 23, 'give the starting hour in UTC, e.g. 3'),
      Object.values(MaintenanceDay).includes(effective.maintenanceWindow.day) ? undefined
        : { prop: 'maintenanceWindow.day', value: effective.maintenanceWindow.day, problem: 'is not a MaintenanceDay', fix: 'use MaintenanceDay.SUNDAY or another MaintenanceDay' },
      engineIssue || props.version === undefined ? undefined : versionProblem('version', props.engine, props.version),
      engineIssue || props.databaseName === undefined || isCloudSql(props.engine) ? undefined
        : { prop: 'databaseName', value: props.databaseName, problem: 'applies to postgres and mysql only', fix: 'leave it out for redis' },
      props.databaseName === undefined ? undefined : databaseNameProblem(props.databaseName),
    ),
    ...overrideProblems(platform, props.engine, { ...props.environments }, effective.backupEnabled),
  ];
}

function overrideProblems(platform: Platform, engine: DatabaseEngine, overrides: Overrides, backupEnabled: boolean): PropProblem[] {
  const found: PropProblem[] = [];
  const known = platform.environments.map((e) => e.name);
  const cloudSql = isCloudSql(engine);
  for (const [name, o] of Object.entries(overrides)) {
    const prefix = `environments.${name}.`;
    if (!known.includes(name)) {
      found.push({ prop: 'environments', value: Object.keys(overrides), problem: `names "${name}", which is not an environment of the platform`, fix: `use the platform's environment names: ${known.map((k) => `"${k}"`).join(', ')}` });
      continue;
    }
    found.push(...problems(
      o.size === undefined ? undefined : sizeProblem(`${prefix}size`, o.size),
      o.tier === undefined ? undefined : cloudSql ? tierProblem(`${prefix}tier`, o.tier)
        : { prop: `${prefix}tier`, value: o.tier, problem: 'is a Cloud SQL tier, but this is a redis database', fix: 'set memorySizeGb for redis, or leave tier out' },
      o.memorySizeGb === undefined ? undefined : !cloudSql ? integerProblem(`${prefix}memorySizeGb`, o.memorySizeGb, 1, 300, 'give whole GB between 1 and 300')
        : { prop: `${prefix}memorySizeGb`, value: o.memorySizeGb, problem: `is a Redis setting, but this is a ${engine} database`, fix: 'set tier for Cloud SQL, or leave memorySizeGb out' },
    ));
  }
  for (const env of platform.productionEnvironments) {
    const o = overrides[env.name];
    if (o?.backupEnabled === false) {
      found.push({ prop: `environments.${env.name}.backupEnabled`, value: false, problem: `turns backups off in production environment "${env.name}"`, fix: 'keep backups on in production: remove backupEnabled: false' });
    } else if (o?.backupEnabled === undefined && !backupEnabled) {
      found.push({ prop: 'backupEnabled', value: false, problem: `turns backups off in production environment "${env.name}"`, fix: 'keep backups on in production: remove backupEnabled: false, and turn them off per environment instead (environments: { dev: { backupEnabled: false } })' });
    }
  }
  return found;
}

/**
 * What is wrong with the effective settings of a database's environments:
 * Cloud SQL keeps a REGIONAL instance's standby in step through its backups
 * and logs, so a highly available instance needs backups.
 */
export function availabilityProblems(engine: DatabaseEngine, settings: readonly DatabaseEnvironmentSettings[], overrides: Overrides): PropProblem[] {
  if (!isCloudSql(engine)) return [];
  return settings
    .filter((s) => s.highAvailability && !s.backupEnabled)
    .map((s) => ({
      prop: overrides[s.environment]?.backupEnabled === false ? `environments.${s.environment}.backupEnabled` : 'backupEnabled',
      value: false,
      problem: `turns backups off in environment "${s.environment}", where the instance is highly available, and Cloud SQL high availability needs backups and point-in-time recovery`,
      fix: `keep backups on there, or set environments: { ${s.environment}: { highAvailability: false } }`,
    }));
}

function databaseNameProblem(value: string): PropProblem | undefined {
  if (typeof value === 'string' && /^[a-z][a-z0-9_]{0,62}$/.test(value)) return undefined;
  return { prop: 'databaseName', value, problem: 'is not a portable database name (lowercase letters, digits and "_", starting with a letter, at most 63 characters)', fix: 'use a name such as "payments"' };
}

/** The runtime types of {@link ManagedDatabaseProps}. */
export const MANAGED_DATABASE_PROPS_TYPES: PropTypes<ManagedDatabaseProps> = {
  name: STRING,
  engine: enumOf(DatabaseEngine, 'DatabaseEngine'),
  size: enumOf(DatabaseSize, 'DatabaseSize'),
  backupEnabled: optional(BOOLEAN),
  backupRetentionDays: optional(NUMBER),
  version: optional(STRING),
  databaseName: optional(STRING),
  highAvailability: optional(BOOLEAN),
  maintenanceWindow: optional(struct<MaintenanceWindow>('MaintenanceWindow', { day: enumOf(MaintenanceDay, 'MaintenanceDay'), hourUtc: NUMBER })),
  environments: optional(keyedBy(struct<DatabaseEnvironmentOverrides>('DatabaseEnvironmentOverrides', {
    size: optional(enumOf(DatabaseSize, 'DatabaseSize')),
    tier: optional(STRING),
    memorySizeGb: optional(NUMBER),
    highAvailability: optional(BOOLEAN),
    backupEnabled: optional(BOOLEAN),
  }))),
  sharedWith: optional(listOf(instanceOf('TeamEnvironment', (v) => TeamEnvironment.isTeamEnvironment(v)))),
};
