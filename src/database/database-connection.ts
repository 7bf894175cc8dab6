import type { Construct } from 'constructs';
import { MaintenanceDay } from './database-engine';
import type { IDatabaseClient, IManagedDatabase } from './database-interfaces';
import { TerraformOutput } from '../private/cdk';
import { MANAGED_BY } from '../private/constants';
import { placementError } from '../private/errors';
import { boundedName } from '../private/naming';

/**
 * Names and labels shared by the per-environment database constructs and the
 * Kubernetes objects that carry connection details to services.
 */

/** Cloud SQL numbers the days of the week from Monday (1) to Sunday (7). */
export const MAINTENANCE_DAY_NUMBERS: Readonly<Record<MaintenanceDay, number>> = {
  [MaintenanceDay.MONDAY]: 1,
  [MaintenanceDay.TUESDAY]: 2,
  [MaintenanceDay.WEDNESDAY]: 3,
  [MaintenanceDay.THURSDAY]: 4,
  [MaintenanceDay.FRIDAY]: 5,
  [MaintenanceDay.SATURDAY]: 6,
  [MaintenanceDay.SUNDAY]: 7,
};

/** The labels of a database instance (Google labels: lowercase keys and values). */
export function databaseLabels(db: IManagedDatabase, environment: string): { [key: string]: string } {
  return {
    'managed-by': MANAGED_BY,
    'team': db.team.name,
    'environment': environment,
    'database': db.name,
  };
}

/** The name of the ConfigMap (and, for redis, the Secret) of a service's connection: `<service>-<database>`. */
export function connectionObjectName(service: IDatabaseClient, db: IManagedDatabase): string {
  return boundedName([service.name, db.name], 63);
}

/** The Kubernetes labels of a connection's ConfigMap and Secret. */
export function connectionLabels(service: IDatabaseClient, db: IManagedDatabase): { [key: string]: string } {
  return {
    'app.kubernetes.io/name': service.name,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'golden-paths.dev/team': service.team.name,
    'golden-paths.dev/database': db.name,
  };
}

interface OutputValue {
  readonly value: string;
  readonly description: string;
}

/**
 * The two outputs of a database in one environment: how to reach it (a
 * connection name or instance id) and its private address, which is sensitive.
 */
export function databaseOutputs(scope: Construct, connection: OutputValue, privateAddress: OutputValue) {
  return {
    connectionName: new TerraformOutput(scope, 'connection-name', connection),
    privateAddress: new TerraformOutput(scope, 'private-address', { ...privateAddress, sensitive: true }),
  };
}

/** The access of a connected service; fails with the fix when the service is not connected. */
export function accessOf<T>(scope: Construct, accesses: ReadonlyMap<IDatabaseClient, T>, service: IDatabaseClient, database: string): T {
  const found = accesses.get(service);
  if (found === undefined) {
    throw placementError(scope, `has no connection from service "${service.name}" to database "${database}"`, 'call db.grantAccess(service) (or service.connect(db)) first');
  }
  return found;
}

/** Connects a service once: returns its existing access, or the one `create` makes. */
export function connectOnce<T>(accesses: Map<IDatabaseClient, T>, service: IDatabaseClient, create: () => T): T {
  const existing = accesses.get(service);
  if (existing !== undefined) return existing;
  const access = create();
  accesses.set(service, access);
  return access;
}
