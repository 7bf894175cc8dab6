import { offerDeclarationChoices } from '../catalog/quick-actions';
import { Token } from '../private/cdk';
import type { PropProblem } from '../private/errors';
import { enumProblem } from '../private/validation';

/** The database engines a {@link ManagedDatabase} can run. */
export enum DatabaseEngine {
  /** PostgreSQL on Cloud SQL. */
  POSTGRES = 'postgres',
  /** MySQL on Cloud SQL. */
  MYSQL = 'mysql',
  /** Redis on Memorystore. */
  REDIS = 'redis',
}

/**
 * The sizes of a {@link ManagedDatabase}.
 *
 * | size | Cloud SQL tier (vCPU / memory) | initial disk | Redis memory |
 * | --- | --- | --- | --- |
 * | small | `db-custom-1-3840` (1 / 3.75 GB) | 10 GB | 1 GB |
 * | medium | `db-custom-2-7680` (2 / 7.5 GB) | 20 GB | 5 GB |
 * | large | `db-custom-4-15360` (4 / 15 GB) | 50 GB | 10 GB |
 *
 * Cloud SQL disks grow on their own (autoresize), so the initial disk is a
 * starting point, not a limit.
 */
export enum DatabaseSize {
  /** 1 vCPU / 3.75 GB (Cloud SQL), 1 GB (Redis). */
  SMALL = 'small',
  /** 2 vCPU / 7.5 GB (Cloud SQL), 5 GB (Redis). */
  MEDIUM = 'medium',
  /** 4 vCPU / 15 GB (Cloud SQL), 10 GB (Redis). */
  LARGE = 'large',
}

/** What a size means for each engine. */
export interface DatabaseSizeSpec {
  /** The Cloud SQL machine tier. */
  readonly tier: string;
  /** The initial Cloud SQL data disk, in GB. */
  readonly diskSizeGb: number;
  /** The Memorystore for Redis memory, in GB. */
  readonly redisMemorySizeGb: number;
}

const SIZES: Record<DatabaseSize, DatabaseSizeSpec> = {
  [DatabaseSize.SMALL]: { tier: 'db-custom-1-3840', diskSizeGb: 10, redisMemorySizeGb: 1 },
  [DatabaseSize.MEDIUM]: { tier: 'db-custom-2-7680', diskSizeGb: 20, redisMemorySizeGb: 5 },
  [DatabaseSize.LARGE]: { tier: 'db-custom-4-15360', diskSizeGb: 50, redisMemorySizeGb: 10 },
};

/** The tier, disk and memory of a size (see the table on {@link DatabaseSize}). */
export function sizeSpec(size: DatabaseSize): DatabaseSizeSpec {
  return SIZES[size];
}

/**
 * The engine version an instance gets when none is named: the current major
 * versions that Cloud SQL Enterprise edition and Memorystore offer.
 */
export const DEFAULT_VERSIONS: Readonly<Record<DatabaseEngine, string>> = {
  [DatabaseEngine.POSTGRES]: 'POSTGRES_16',
  [DatabaseEngine.MYSQL]: 'MYSQL_8_0',
  [DatabaseEngine.REDIS]: 'REDIS_7_2',
};

const VERSION_PATTERNS: Record<DatabaseEngine, RegExp> = {
  [DatabaseEngine.POSTGRES]: /^POSTGRES_\d+$/,
  [DatabaseEngine.MYSQL]: /^MYSQL_\d+_\d+$/,
  [DatabaseEngine.REDIS]: /^REDIS_\d+_(\d+|X)$/,
};

/** The port a client uses locally for an engine (through the Auth Proxy for Cloud SQL). */
export const ENGINE_PORTS: Readonly<Record<DatabaseEngine, number>> = {
  [DatabaseEngine.POSTGRES]: 5432,
  [DatabaseEngine.MYSQL]: 3306,
  [DatabaseEngine.REDIS]: 6378,
};

/** Whether an engine runs on Cloud SQL (postgres, mysql) rather than Memorystore. */
export function isCloudSql(engine: DatabaseEngine): boolean {
  return engine === DatabaseEngine.POSTGRES || engine === DatabaseEngine.MYSQL;
}

/** Why a value is not a {@link DatabaseEngine}; callers outside TypeScript may pass any string. */
export function engineProblem(prop: string, value: unknown): PropProblem | undefined {
  return enumProblem(prop, value, DatabaseEngine, 'DatabaseEngine');
}

/** Why a value is not a {@link DatabaseSize}; callers outside TypeScript may pass any string. */
export function sizeProblem(prop: string, value: unknown): PropProblem | undefined {
  return enumProblem(prop, value, DatabaseSize, 'DatabaseSize');
}

/** Why a version string does not name a version of the engine. */
export function versionProblem(prop: string, engine: DatabaseEngine, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value)) return undefined;
  if (typeof value === 'string' && VERSION_PATTERNS[engine].test(value)) return undefined;
  return {
    prop,
    value,
    problem: `is not a ${engine} version as the Google API names it`,
    fix: `write it like "${DEFAULT_VERSIONS[engine]}", or leave it out for ${DEFAULT_VERSIONS[engine]}`,
  };
}

const SQL_TIER = /^db-[a-z0-9-]+$/;

/** Why a Cloud SQL machine tier is malformed. */
export function tierProblem(prop: string, value: string): PropProblem | undefined {
  if (Token.isUnresolved(value)) return undefined;
  if (typeof value === 'string' && SQL_TIER.test(value)) return undefined;
  return { prop, value, problem: 'is not a Cloud SQL machine tier', fix: 'write a tier such as "db-custom-8-30720" (vCPUs, then memory in MB), or leave it out to use the size' };
}

/** A day of the week for maintenance. */
export enum MaintenanceDay {
  /** Monday. */
  MONDAY = 'MONDAY',
  /** Tuesday. */
  TUESDAY = 'TUESDAY',
  /** Wednesday. */
  WEDNESDAY = 'WEDNESDAY',
  /** Thursday. */
  THURSDAY = 'THURSDAY',
  /** Friday. */
  FRIDAY = 'FRIDAY',
  /** Saturday. */
  SATURDAY = 'SATURDAY',
  /** Sunday. */
  SUNDAY = 'SUNDAY',
}

/** When the provider may restart an instance for updates. */
export interface MaintenanceWindow {
  /** The day of the week. */
  readonly day: MaintenanceDay;
  /** The hour the one-hour window starts, 0 to 23, in UTC. */
  readonly hourUtc: number;
}

// The portal's quick actions offer the same engines and sizes as the constructs and the CLI.
offerDeclarationChoices({ databaseEngines: Object.values(DatabaseEngine), databaseSizes: Object.values(DatabaseSize) });
