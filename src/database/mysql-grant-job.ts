import { Construct } from 'constructs';
import { MYSQL_GRANTS_FILE, MysqlGrantVariables, mysqlGrantsSql } from './mysql-grants';
import type { PostgresGrantJobProps } from './postgres-grant-job';
import {
  buildSqlGrantJob, LOGIN_FAILURE, retryUntilDeadline, script,
  type ISqlGrantJob, type SqlGrantJobParts, type SqlGrantJobTarget,
} from './sql-grant-job';
import type { SecretManagerSecret, SecretManagerSecretVersion, ServiceAccount, SqlUser } from '../private/providers/google';
import type { ConfigMapV1, JobV1, ServiceAccountV1 } from '../private/providers/kubernetes';
import type { IQuotaConsumer, QuotaFootprint } from '../team/team-interfaces';

const MYSQL_CPU = '100m';
const MYSQL_MEMORY = '128Mi';
const PROXY_PORT = 3306;

/** Properties of a {@link MysqlGrantJob}: the same as a PostgresGrantJob's. */
export interface MysqlGrantJobProps extends PostgresGrantJobProps {}

/**
 * Grants the IAM database users of the services connected to a Cloud SQL for
 * MySQL database their privileges on it (`sql/mysql-grants.sql`): Cloud SQL
 * creates an IAM user with no privileges on any database, so a service's
 * first query would be refused.
 *
 * Each user gets the privileges a service and its migrations need inside its
 * application database (SELECT to TRIGGER, no GRANT OPTION), on that database
 * only, and nothing server-wide; the SQL revokes nothing and is idempotent.
 *
 * The rest is the PostgresGrantJob's: the team's grants namespace
 * (`<team>-grants-<env>`), out of its workloads' and deployers' reach; the built-in admin `golden_paths_admin`
 * whose password exists only write-only (in Cloud SQL and Secret Manager,
 * replaced together), the Job's own Google service account, the Auth Proxy
 * (private IP), the retries while IAM propagates, and Terraform's wait. The
 * client is the `mysql` of the settings' `toolImages.mysqlClient`; bash
 * reaches the proxy's health and quit endpoints (the image has no HTTP client),
 * and the password goes to the client in an option file in memory, never on
 * a command line.
 *
 * SqlDatabaseEnvironment creates one, as its child `grants`, when the first
 * service connects to a mysql database.
 */
export class MysqlGrantJob extends Construct implements IQuotaConsumer, ISqlGrantJob {
  /** The name of the Job, its ConfigMap and its Kubernetes service account: `<database>-grants`. */
  public readonly jobName: string;
  /** The namespace the Job runs in: the team's grants namespace, `<team>-grants-<env>`. */
  public readonly namespaceName: string;
  /** The built-in admin user the Job logs in as. */
  public readonly adminUser: SqlUser;
  /** The Secret Manager secret holding the admin password. */
  public readonly adminPassword: SecretManagerSecret;
  /** The secret's version, written through the write-only `secret_data_wo`, replaced whenever the admin user is. */
  public readonly adminPasswordVersion: SecretManagerSecretVersion;
  /** The Google service account the Job runs as. */
  public readonly googleServiceAccount: ServiceAccount;
  /** The Kubernetes service account the Job runs as (Workload Identity). */
  public readonly serviceAccount: ServiceAccountV1;
  /** The ConfigMap with the grants SQL. */
  public readonly configMap: ConfigMapV1;
  /** The Job. */
  public readonly job: JobV1;
  /** How long, in seconds, the Job retries reading the password and logging in (the platform's databaseGrantTimeoutMinutes). */
  public readonly retrySeconds: number;

  private readonly parts: SqlGrantJobParts;

  public constructor(scope: Construct, id: string, props: MysqlGrantJobProps) {
    super(scope, id);
    const target: SqlGrantJobTarget = props;
    this.parts = buildSqlGrantJob(this, target, {
      sqlFile: MYSQL_GRANTS_FILE,
      sql: mysqlGrantsSql(),
      proxyPort: PROXY_PORT,
      fingerprint: [],
      client: {
        image: props.team.platform.toolImages.mysqlClient,
        cpu: MYSQL_CPU,
        memory: MYSQL_MEMORY,
        shell: '/bin/bash',
        writesSecrets: true,
        env: [
          { name: 'DATABASE', value: props.databaseName },
          { name: 'MYSQL_PORT', value: String(PROXY_PORT) },
          { name: 'PROXY_HEALTH_PORT', value: '9801' },
          { name: 'PROXY_ADMIN_PORT', value: '9091' },
        ],
        script: script([
          'set -euf -o pipefail',
          '# GET or POST to the Auth Proxy on localhost, with bash alone; succeeds on HTTP 200.',
          'proxy() {',
          '  local status=""',
          '  { printf "%s %s HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\nContent-Length: 0\\r\\n\\r\\n" "$1" "$3" >&3; IFS= read -r status <&3 || true; } 2> /dev/null 3<> "/dev/tcp/127.0.0.1/$2" || return 1',
          '  [[ "${status}" == "HTTP/1."?" 200"* ]]',
          '}',
          '# Stop the Auth Proxy however this ends, so that the Job completes.',
          'trap \'proxy POST "${PROXY_ADMIN_PORT}" /quitquitquit || true\' EXIT',
          'attempt=0',
          'until proxy GET "${PROXY_HEALTH_PORT}" /startup; do',
          '  attempt=$((attempt + 1))',
          '  if [ "${attempt}" -ge 60 ]; then echo "the Cloud SQL Auth Proxy did not start within 60s" >&2; exit 1; fi',
          '  sleep 1',
          'done',
          '# The password goes to the client in an option file, in memory, never on a command line. The proxy',
          '# encrypts to the instance; the hop inside the pod is local, so no TLS on it, and caching_sha2_password',
          '# (MySQL 8.4) may fetch the server\'s RSA key for the password. MySQL\'s client knows both options; another',
          '# client skips them with a warning (loose-).',
          'umask 077',
          'printf "[client]\\nuser=%s\\npassword=%s\\nhost=127.0.0.1\\nport=%s\\nloose-ssl-mode=DISABLED\\nloose-skip-ssl\\nloose-get-server-public-key=1\\n" \\',
          '  "${ADMIN_USER}" "$(cat "${ADMIN_LOGIN_DIR}/admin-password")" "${MYSQL_PORT}" > "${ADMIN_LOGIN_DIR}/client.cnf"',
          'admin() { mysql --defaults-extra-file="${ADMIN_LOGIN_DIR}/client.cnf" --batch "$@"; }',
          'deadline="$(cat "${ADMIN_LOGIN_DIR}/deadline")"',
          '# The Job\'s right to connect was just granted: retry logging in until it has propagated.',
          ...retryUntilDeadline('admin -e "SELECT 1" > /dev/null', 'cannot log in yet (IAM changes take minutes to propagate)', LOGIN_FAILURE),
          '# Each value as a hexadecimal literal of its bytes: nothing in it is parsed as SQL.',
          'hex() { printf "%s" "$1" | od -An -tx1 -v | tr -d " \\n"; }',
          'for service in ${SERVICES}; do',
          '  echo "granting ${service} on ${DATABASE}"',
          `  { printf "SET @${MysqlGrantVariables.DATABASE} = CONVERT(X'%s' USING utf8mb4), @${MysqlGrantVariables.SERVICE} = CONVERT(X'%s' USING utf8mb4);\\n" \\`,
          '      "$(hex "${DATABASE}")" "$(hex "${service}")"; cat "${GRANTS_SQL}"; } | admin',
          'done',
        ]),
      },
    });
    ({
      jobName: this.jobName,
      namespaceName: this.namespaceName,
      adminUser: this.adminUser,
      adminPassword: this.adminPassword,
      adminPasswordVersion: this.adminPasswordVersion,
      googleServiceAccount: this.googleServiceAccount,
      serviceAccount: this.serviceAccount,
      configMap: this.configMap,
      job: this.job,
      retrySeconds: this.retrySeconds,
    } = this.parts);
  }

  /** The IAM database users granted (the part of each service account's email before "@"), in the order their services connected. */
  public get serviceUsers(): string[] {
    return [...this.parts.serviceUsers];
  }

  /**
   * Adds a connected service's IAM database user; the Job runs after it exists.
   * @internal
   */
  public _addServiceUser(name: string, user: SqlUser): void {
    this.parts.addServiceUser(name, user);
  }

  /**
   * The Job's pod, while it runs, in its own environment: the mysql client and the proxy (the init container needs
   * less than both). It runs in the grants namespace, whose own quota holds it: the team's namespace quota does not count it.
   */
  public maxFootprint(environment: string): QuotaFootprint {
    return this.parts.maxFootprint(environment);
  }
}
