import type { IConstruct } from 'constructs';
import type { DatabaseEngine, DatabaseSize, MaintenanceWindow } from './database-engine';
import type { Platform } from '../platform/platform';
import type { ServiceAccount } from '../private/providers/google';
import type { TeamEnvironment } from '../team/team-environment';
import type { SidecarContainer } from '../workload/sidecar-container';

/*
 * What the parts of a database (its per-environment children and the access
 * of each connected service) read of the database and of the services: small
 * interfaces, so that the database knows nothing of the constructs above it.
 */

/** The effective settings of a database in one environment. */
export interface DatabaseEnvironmentSettings {
  /** The environment name. */
  readonly environment: string;
  /** Whether the environment is a production environment. */
  readonly production: boolean;
  /** The size. */
  readonly size: DatabaseSize;
  /** The Cloud SQL machine tier (postgres and mysql). */
  readonly tier: string;
  /** The initial Cloud SQL data disk in GB (postgres and mysql). */
  readonly diskSizeGb: number;
  /** The Redis memory in GB (redis). */
  readonly memorySizeGb: number;
  /** Whether the instance is highly available. */
  readonly highAvailability: boolean;
  /** Whether backups are taken. */
  readonly backupEnabled: boolean;
}

/** Per-environment children of a database, whatever its engine. */
export interface IDatabaseEnvironment {
  /** The environment name. */
  readonly environmentName: string;
  /** The instance name (`<name>-<env>`, shortened where a provider limit requires it). */
  readonly instanceName: string;
  /** How clients name the instance: the Cloud SQL connection name, or the Redis instance id. */
  readonly connectionName: string;
  /** The private address of the instance (known after apply). */
  readonly privateAddress: string;
}

/** What a database's per-environment children read of the database. */
export interface IManagedDatabase extends IConstruct {
  /** The database name. */
  readonly name: string;
  /** The engine. */
  readonly engine: DatabaseEngine;
  /** The engine version. */
  readonly version: string;
  /** The application database in a Cloud SQL instance; empty for redis. */
  readonly databaseName: string;
  /** Daily backups Cloud SQL keeps. */
  readonly backupRetentionDays: number;
  /** The weekly maintenance window. */
  readonly maintenanceWindow: MaintenanceWindow;
  /** The team that owns the database. */
  readonly team: TeamEnvironment;
  /** The platform the database runs on. */
  readonly platform: Platform;
  /** The VPC network the instances attach to by private IP. */
  readonly network: string;
}

/**
 * What a database wires into a connected service's pods in one environment:
 * the IAM database user of its Google service account, a sidecar (the Cloud
 * SQL Auth Proxy), and environment variables from a ConfigMap or a Secret.
 * ServiceWorkload is one.
 */
export interface IDatabaseClientWorkload extends IConstruct {
  /** The Google service account the workload runs as (Workload Identity). */
  readonly googleServiceAccount: ServiceAccount;
  /** The email of that service account. */
  readonly googleServiceAccountEmail: string;
  /** Runs a hardened helper container next to the service in every pod. */
  addSidecar(sidecar: SidecarContainer): void;
  /** Sets every key of a ConfigMap in the workload's namespace as an environment variable, optionally with a prefix. */
  addEnvFromConfigMap(configMapName: string, prefix?: string): void;
  /** Sets every key of a Secret in the workload's namespace as an environment variable, optionally with a prefix. */
  addEnvFromSecret(secretName: string, prefix?: string): void;
}

/**
 * A service that connects to databases: what a database needs of it to wire
 * the connection into its workload in every environment. GoMicroservice is one.
 */
export interface IDatabaseClient extends IConstruct {
  /** The service name. */
  readonly name: string;
  /** The catalog system the service belongs to (a database belongs to the system of its first service). */
  readonly system: string;
  /** The team that owns the service. */
  readonly team: TeamEnvironment;
  /**
   * The service's workload in one environment, as a database wires into it
   * (GoMicroservice returns its `workload(environment)`).
   */
  clientWorkload(environment: string): IDatabaseClientWorkload;
}
