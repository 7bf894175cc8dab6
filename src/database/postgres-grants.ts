import * as fs from 'fs';
import * as path from 'path';

/**
 * The SQL that grants a connected service's IAM database user what it needs
 * on its Cloud SQL for PostgreSQL database. It lives as a real SQL file,
 * `sql/postgres-grants.sql` at the package root (shipped in the npm package),
 * tested against a real PostgreSQL; psql runs it once per service with the
 * variables of {@link PostgresGrantVariables}.
 */
export const POSTGRES_GRANTS_FILE = 'postgres-grants.sql';

/** The psql variables the grants file reads (`psql -v <name>=<value>`). */
export enum PostgresGrantVariables {
  /** The application database (it must be the one psql is connected to). */
  DATABASE = 'database',
  /** The group role of the database's services, created when missing. */
  GROUP = 'group',
  /** The IAM database user of one connected service. */
  SERVICE = 'service',
}

let cached: string | undefined;

/** The text of `sql/postgres-grants.sql`. */
export function postgresGrantsSql(): string {
  // src/database and lib/database are both two levels below the package root.
  cached ??= fs.readFileSync(path.join(__dirname, '..', '..', 'sql', POSTGRES_GRANTS_FILE), 'utf8');
  return cached;
}
