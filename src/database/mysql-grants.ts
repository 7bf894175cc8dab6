import * as fs from 'fs';
import * as path from 'path';

/**
 * The SQL that grants a connected service's IAM database user what it needs
 * on its Cloud SQL for MySQL database. It lives as a real SQL file,
 * `sql/mysql-grants.sql` at the package root (shipped in the npm package),
 * tested against a real MariaDB; the mysql client runs it once per service,
 * after setting the user variables of {@link MysqlGrantVariables}.
 */
export const MYSQL_GRANTS_FILE = 'mysql-grants.sql';

/** The user variables the grants file reads (`SET @<name> = ...`). */
export enum MysqlGrantVariables {
  /** The application database. */
  DATABASE = 'database',
  /** The IAM database user of one connected service (the part of its service account's email before "@"). */
  SERVICE = 'service',
}

let cached: string | undefined;

/** The text of `sql/mysql-grants.sql`. */
export function mysqlGrantsSql(): string {
  // src/database and lib/database are both two levels below the package root.
  cached ??= fs.readFileSync(path.join(__dirname, '..', '..', 'sql', MYSQL_GRANTS_FILE), 'utf8');
  return cached;
}

/**
 * The statement that sets the variables for one service: each value as a
 * hexadecimal literal of its UTF-8 bytes, so nothing in it is parsed as SQL
 * (the grant Job's script writes the same, with od).
 */
export function mysqlGrantVariablesSql(database: string, service: string): string {
  const hex = (value: string) => `CONVERT(X'${Buffer.from(value, 'utf8').toString('hex')}' USING utf8mb4)`;
  return `SET @${MysqlGrantVariables.DATABASE} = ${hex(database)}, @${MysqlGrantVariables.SERVICE} = ${hex(service)};\n`;
}
