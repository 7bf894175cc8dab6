import { Construct } from 'constructs';
import { PostgresGrantVariables, POSTGRES_GRANTS_FILE, postgresGrantsSql } from './postgres-grants';
import {
  buildSqlGrantJob, LOGIN_FAILURE, PROXY_ADMIN_PORT, retryUntilDeadline, script, waitForProxy,
  type ISqlGrantJob, type SqlGrantJobParts, type SqlGrantJobTarget,
} from './sql-grant-job';
import type { PlatformEnvironment } from '../platform/environment';
import { boundedName } from '../private/naming';
import type {
  SecretManagerSecret, SecretManagerSecretVersion, ServiceAccount, SqlUser, SqlDatabase, SqlDatabaseInstance,
} from '../private/providers/google';
import type { ConfigMapV1, JobV1, ServiceAccountV1 } from '../private/providers/kubernetes';
import type { TeamEnvironment } from '../team/team-environment';
import type { IQuotaConsumer, QuotaFootprint } from '../team/team-interfaces';

export { GRANT_ADMIN_USER } from './sql-grant-job';

const PSQL_CPU = '100m';
const PSQL_MEMORY = '128Mi';
const PROXY_PORT = 5432;

/** Properties of a {@link PostgresGrantJob}. */
export interface PostgresGrantJobProps {
  /** The team that owns the database; the Job runs in its grants namespace (`<team>-grants-<env>`). */
  readonly team: TeamEnvironment;
  /** The platform environment of the instance. */
  readonly environment: PlatformEnvironment;
  /** The ManagedDatabase's name (it names the Job and its service accounts). */
  readonly name: string;
  /** The name of the application database the services use. */
  readonly databaseName: string;
  /** The application database resource (the Job runs after it exists). */
  readonly applicationDatabase: SqlDatabase;
  /** The Cloud SQL instance. */
  readonly instance: SqlDatabaseInstance;
  /** The instance name. */
  readonly instanceName: string;
  /** The instance's project. */
  readonly project: string;
  /** The instance's connection name, `project:region:instance`. */
  readonly connectionName: string;
}

/**
 * Grants the IAM database users of the services connected to a Cloud SQL for
 * PostgreSQL database what they need on it (`sql/postgres-grants.sql`): a new
 * IAM user has no privileges, and since PostgreSQL 15 nobody may create in
 * schema `public` by default, so a service's first migration would fail.
 *
 * Private IP only and no password in the Terraform state:
 *
 * - `adminUser`: a built-in Cloud SQL user (`golden_paths_admin`, member of
 *   cloudsqlsuperuser) whose password is a random UUID set through the
 *   write-only `password_wo`; the same value goes to Secret Manager through
 *   the write-only `secret_data_wo` (`adminPassword`). Neither the plan nor
 *   the state holds it. Whenever Terraform makes the user again (it, or its
 *   instance, is replaced), it replaces the secret's version in the same
 *   apply (`replace_triggered_by`), so the two never disagree.
 * - `job`: a one-shot Kubernetes Job in the team's grants namespace
 *   (`<team>-grants-<env>`, see GrantsNamespace), where neither the team's
 *   workloads nor its CI deployers reach, running as its own Google service
 *   account (Workload Identity) that may only connect to this instance and
 *   read that one secret. An init container reads the
 *   password; psql runs the grants through the Cloud SQL Auth Proxy, once per
 *   connected service, then stops the proxy (`/quitquitquit`). Both retry,
 *   with a backoff, while the Job's fresh IAM grants propagate, for the
 *   platform's `databaseGrantTimeoutMinutes`. Terraform waits for it to
 *   complete. Connecting another service changes the Job, so Terraform
 *   replaces it and it runs again; the SQL is idempotent.
 *
 * SqlDatabaseEnvironment creates one, as its child `grants`, when the first
 * service connects to a postgres database.
 */
export class PostgresGrantJob extends Construct implements IQuotaConsumer, ISqlGrantJob {
  /** The group role of the database's services (`<database>_app`, at most 63 characters). */
  public readonly groupRole: string;
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

  public constructor(scope: Construct, id: string, props: PostgresGrantJobProps) {
    super(scope, id);
    this.groupRole = boundedName([props.databaseName, 'app'], 63, '_');
    const target: SqlGrantJobTarget = props;
    this.parts = buildSqlGrantJob(this, target, {
      sqlFile: POSTGRES_GRANTS_FILE,
      sql: postgresGrantsSql(),
      proxyPort: PROXY_PORT,
      fingerprint: [this.groupRole],
      client: {
        image: props.team.platform.toolImages.postgresClient,
        cpu: PSQL_CPU,
        memory: PSQL_MEMORY,
        env: [
          { name: 'DATABASE', value: props.databaseName },
          { name: 'GROUP', value: this.groupRole },
          { name: 'PGHOST', value: '127.0.0.1' },
          { name: 'PGPORT', value: String(PROXY_PORT) },
          // The proxy encrypts to the instance; the hop inside the pod is local.
          { name: 'PGSSLMODE', value: 'disable' },
        ],
        script: script([
          'set -euf',
          '# Stop the Auth Proxy however this ends, so that the Job completes.',
          `trap 'wget -q -O /dev/null --post-data "" http://127.0.0.1:${PROXY_ADMIN_PORT}/quitquitquit || true' EXIT`,
          ...waitForProxy('wget -q -O /dev/null'),
          'PGPASSWORD="$(cat "${ADMIN_LOGIN_DIR}/admin-password")"',
          'export PGPASSWORD',
          'deadline="$(cat "${ADMIN_LOGIN_DIR}/deadline")"',
          '# The Job\'s right to connect was just granted: retry logging in until it has propagated.',
          ...retryUntilDeadline(
            'psql -X -q -w -v ON_ERROR_STOP=1 -U "${ADMIN_USER}" -d "${DATABASE}" -c "SELECT 1" > /dev/null',
            'cannot log in yet (IAM changes take minutes to propagate)',
            LOGIN_FAILURE),
          'for service in ${SERVICES}; do',
          '  echo "granting ${service} on ${DATABASE}"',
          '  psql -X -v ON_ERROR_STOP=1 -U "${ADMIN_USER}" -d "${DATABASE}" \\',
          `    -v ${PostgresGrantVariables.DATABASE}="\${DATABASE}" -v ${PostgresGrantVariables.GROUP}="\${GROUP}" -v ${PostgresGrantVariables.SERVICE}="\${service}" \\`,
          '    -f "${GRANTS_SQL}"',
          'done',
        ]),
      },
    });
    ({
      jobName: this.jobName, namespaceName: this.namespaceName, adminUser: this.adminUser, adminPassword: this.adminPassword,
      adminPasswordVersion: this.adminPasswordVersion,
      googleServiceAccount: this.googleServiceAccount, serviceAccount: this.serviceAccount, configMap: this.configMap, job: this.job,
      retrySeconds: this.retrySeconds,
    } = this.parts);
  }

  /** The IAM database users granted, in the order their services connected. */
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
   * The Job's pod, while it runs, in its own environment: psql and the proxy (the init container needs less than
   * both). It runs in the grants namespace, whose own quota holds it: the team's namespace quota does not count it.
   */
  public maxFootprint(environment: string): QuotaFootprint {
    return this.parts.maxFootprint(environment);
  }
}
