import { ElementKind, type TerraformElement } from '../../rule';
import { literal } from '../../values';

/** The Cloud SQL instance resource type. */
export const SQL_INSTANCE = 'google_sql_database_instance';

/** Whether an element is a Cloud SQL instance resource. */
export function isSqlInstance(e: TerraformElement): boolean {
  return e.kind === ElementKind.RESOURCE && e.elementType === SQL_INSTANCE;
}

/** The engine of a Cloud SQL instance from its database_version (`POSTGRES_16` → `postgres`). */
export function sqlEngine(e: TerraformElement): 'postgres' | 'mysql' | 'sqlserver' | undefined {
  const version = literal(e.config?.database_version)?.toUpperCase();
  if (version?.startsWith('POSTGRES')) return 'postgres';
  if (version?.startsWith('MYSQL')) return 'mysql';
  if (version?.startsWith('SQLSERVER')) return 'sqlserver';
  return undefined;
}
