import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { CLOUD_SQL_PROXY_CPU, CLOUD_SQL_PROXY_MEMORY, instanceRole } from './cloud-sql-access';
import { PostgresGrantVariables, POSTGRES_GRANTS_FILE, postgresGrantsSql } from './postgres-grants';
import type { PlatformEnvironment } from '../platform/environment';
import { Fn, Lazy, TerraformLocal } from '../private/cdk';
import { MANAGED_BY } from '../private/constants';
import { dependOn } from '../private/dependencies';
import { boundedName } from '../private/naming';
import {
  SecretManagerSecret, SecretManagerSecretIamMember, SecretManagerSecretVersion, ServiceAccount, ServiceAccountIamMember, SqlUser,
  type SqlDatabase, type SqlDatabaseInstance,
} from '../private/providers/google';
import { ConfigMapV1, JobV1, ServiceAccountV1 } from '../private/providers/kubernetes';
import { bytes, millicores } from '../private/quantity';
import type { TeamEnvironment } from '../team/team-environment';
import type { IQuotaConsumer, QuotaFootprint } from '../team/team-interfaces';
import { hardened, POD_SECURITY_CONTEXT } from '../workload/pod-security';

/** The built-in Cloud SQL user the grant Job logs in as (a member of cloudsqlsuperuser, like every user created through the API). */
export const GRANT_ADMIN_USER = 'golden_paths_admin';

const PSQL_CPU = '100m';
const PSQL_MEMORY = '128Mi';
const GCLOUD_CPU = '200m';
const GCLOUD_MEMORY = '256Mi';
/** The Auth Proxy's health port in the Job, and its admin port (`/quitquitquit`, the proxy's default, on localhost). */
const PROXY_HEALTH_PORT = 9801;
const PROXY_ADMIN_PORT = 9091;
const PROXY_PORT = 5432;
const SQL_DIR = '/sql';
const SECRET_DIR = '/secrets';
const PASSWORD_FILE = `${SECRET_DIR}/admin-password`;

/** Properties of a {@link PostgresGrantJob}. */
export interface PostgresGrantJobProps {
  /** The team that owns the database; the Job runs in its namespace. */
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
 *   the state holds it.
 * - `job`: a one-shot Kubernetes Job in the team's namespace, running as its
 *   own Google service account (Workload Identity) that may only connect to
 *   this instance and read that one secret. An init container reads the
 *   password; psql runs the grants through the Cloud SQL Auth Proxy, once per
 *   connected service, then stops the proxy (`/quitquitquit`). Terraform waits
 *   for it to complete. Connecting another service changes the Job, so
 *   Terraform replaces it and it runs again; the SQL is idempotent.
 *
 * SqlDatabaseEnvironment creates one, as its child `grants`, when the first
 * service connects to a postgres database.
 */
export class PostgresGrantJob extends Construct implements IQuotaConsumer {
  /** The group role of the database's services (`<database>_app`, at most 63 characters). */
  public readonly groupRole: string;
  /** The name of the Job, its ConfigMap and its Kubernetes service account: `<database>-grants`. */
  public readonly jobName: string;
  /** The built-in admin user the Job logs in as. */
  public readonly adminUser: SqlUser;
  /** The Secret Manager secret holding the admin password. */
  public readonly adminPassword: SecretManagerSecret;
  /** The secret's version, written once through the write-only `secret_data_wo`. */
  public readonly adminPasswordVersion: SecretManagerSecretVersion;
  /** The Google service account the Job runs as. */
  public readonly googleServiceAccount: ServiceAccount;
  /** The Kubernetes service account the Job runs as (Workload Identity). */
  public readonly serviceAccount: ServiceAccountV1;
  /** The ConfigMap with the grants SQL. */
  public readonly configMap: ConfigMapV1;
  /** The Job. */
  public readonly job: JobV1;

  private readonly environmentName: string;
  private readonly _serviceUsers: string[] = [];

  public constructor(scope: Construct, id: string, props: PostgresGrantJobProps) {
    super(scope, id);
    const { team, environment: env, project, instanceName } = props;
    this.environmentName = env.name;
    const provider = env.googleProvider;
    const namespace = team.namespaceName(env.name);
    this.groupRole = boundedName([props.databaseName, 'app'], 63, '_');
    this.jobName = boundedName([props.name, 'grants'], 63);

    // One random value per apply, written only to write-only arguments: the
    // admin's password and its copy in Secret Manager. Both are sent only when
    // they are created (their *_wo_version stays 1).
    const password = new TerraformLocal(this, 'admin-password', Fn.uuid());
    this.adminPassword = new SecretManagerSecret(this, 'admin-password-secret', {
      provider,
      project,
      secretId: boundedName([instanceName, 'grants-admin'], 255),
      // Stored in the platform's region only: automatic replication counts as "global", which a
      // resource-location organization policy (gcp.resourceLocations) refuses.
      replication: { userManaged: { replicas: [{ location: team.platform.region }] } },
      labels: { 'managed-by': MANAGED_BY, 'team': team.name, 'environment': env.name, 'database': props.name },
    });
    this.adminUser = new SqlUser(this, 'admin-user', {
      provider,
      project,
      instance: props.instance.name,
      name: GRANT_ADMIN_USER,
      passwordWo: password.asString,
      passwordWoVersion: 1,
      // The admin is the grantor of the services' privileges; Postgres refuses to drop it while they exist.
      deletionPolicy: 'ABANDON',
    });
    this.adminPasswordVersion = new SecretManagerSecretVersion(this, 'admin-password-version', {
      provider,
      secret: this.adminPassword.id,
      secretDataWo: password.asString,
      secretDataWoVersion: 1,
    });
    // Stored once the user has it, so the secret never holds a password the instance does not know.
    dependOn(this.adminPasswordVersion, this.adminUser);

    this.googleServiceAccount = new ServiceAccount(this, 'google-service-account', {
      provider,
      project,
      accountId: grantAccountId(props.name, env.name),
      displayName: `${props.name} grants (${env.name})`,
      description: `Runs the grant Job of database ${props.name} in ${namespace}, managed by cdktf-golden-paths`,
    });
    const member = `serviceAccount:${this.googleServiceAccount.email}`;
    const clientRole = instanceRole(this, 'cloudsql-client', { provider, project, instanceName }, 'roles/cloudsql.client', member, [this.googleServiceAccount]);
    const secretAccess = new SecretManagerSecretIamMember(this, 'secret-accessor', {
      provider,
      project,
      secretId: this.adminPassword.secretId,
      role: 'roles/secretmanager.secretAccessor',
      member,
    });
    const workloadIdentity = new ServiceAccountIamMember(this, 'workload-identity', {
      provider,
      serviceAccountId: this.googleServiceAccount.name,
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${env.gkeProject ?? team.platform.gcpProject}.svc.id.goog[${namespace}/${this.jobName}]`,
    });

    const labels = {
      'app.kubernetes.io/name': this.jobName,
      'app.kubernetes.io/component': 'database-grants',
      'app.kubernetes.io/managed-by': MANAGED_BY,
      'golden-paths.dev/team': team.name,
      'golden-paths.dev/database': props.name,
    };
    const metadata = { name: this.jobName, namespace, labels };
    const k8s = { provider: env.kubernetesProvider };
    this.serviceAccount = new ServiceAccountV1(this, 'service-account', {
      ...k8s,
      metadata: { ...metadata, annotations: { 'iam.gke.io/gcp-service-account': this.googleServiceAccount.email } },
    });
    const sql = postgresGrantsSql();
    this.configMap = new ConfigMapV1(this, 'config-map', { ...k8s, metadata, data: { [POSTGRES_GRANTS_FILE]: sql } });
    dependOn(this.serviceAccount, ...team._namespaceDependencies(env.name));
    dependOn(this.configMap, ...team._namespaceDependencies(env.name));

    const services = Lazy.stringValue({ produce: () => this._serviceUsers.join(' ') });
    const resources = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });
    const tmp = { name: 'tmp', mountPath: '/tmp' };
    // The settings' images (PlatformProps.toolImages): mirrors where clusters pull only from Artifact Registry or have no egress.
    const images = team.platform.toolImages;
    this.job = new JobV1(this, 'job', {
      provider: env.kubernetesProvider,
      metadata,
      // Terraform waits until the grants are done, and fails the apply when they fail.
      waitForCompletion: true,
      timeouts: { create: '10m', update: '10m' },
      spec: {
        backoffLimit: 3,
        activeDeadlineSeconds: 600,
        template: {
          metadata: {
            labels,
            // A change of the SQL or of the services changes the template: Terraform replaces the Job, which runs again.
            annotations: { 'golden-paths.dev/grants': Lazy.stringValue({ produce: () => this.fingerprint(sql) }) },
          },
          spec: {
            serviceAccountName: this.jobName,
            restartPolicy: 'Never',
            securityContext: POD_SECURITY_CONTEXT,
            initContainer: [{
              name: 'admin-password',
              image: images.googleCloudCli,
              command: ['/bin/sh', '-c', script([
                'set -eu',
                '# The GKE metadata server may need a few seconds on a new pod: retry.',
                'for attempt in 1 2 3 4 5 6; do',
                `  if gcloud secrets versions access latest --secret="\${SECRET}" --project="\${PROJECT}" --quiet > ${PASSWORD_FILE}; then exit 0; fi`,
                '  sleep 5',
                'done',
                'echo "could not read the admin password from Secret Manager secret ${SECRET}" >&2',
                'exit 1',
              ])],
              env: [
                { name: 'SECRET', value: this.adminPassword.secretId },
                { name: 'PROJECT', value: project },
                { name: 'HOME', value: '/tmp' },
                { name: 'CLOUDSDK_CONFIG', value: '/tmp/gcloud' },
              ],
              resources: resources(GCLOUD_CPU, GCLOUD_MEMORY),
              securityContext: hardened(),
              volumeMount: [{ name: 'secrets', mountPath: SECRET_DIR }, tmp],
            }],
            container: [
              {
                name: 'grants',
                image: images.postgresClient,
                command: ['/bin/sh', '-c', script([
                  'set -euf',
                  '# Stop the Auth Proxy however this ends, so that the Job completes.',
                  `trap 'wget -q -O /dev/null --post-data "" http://127.0.0.1:${PROXY_ADMIN_PORT}/quitquitquit || true' EXIT`,
                  'attempt=0',
                  `until wget -q -O /dev/null http://127.0.0.1:${PROXY_HEALTH_PORT}/startup; do`,
                  '  attempt=$((attempt + 1))',
                  '  if [ "${attempt}" -ge 60 ]; then echo "the Cloud SQL Auth Proxy did not start within 60s" >&2; exit 1; fi',
                  '  sleep 1',
                  'done',
                  'PGPASSWORD="$(cat "${ADMIN_LOGIN_DIR}/admin-password")"',
                  'export PGPASSWORD',
                  'for service in ${SERVICES}; do',
                  '  echo "granting ${service} on ${DATABASE}"',
                  '  psql -X -v ON_ERROR_STOP=1 -U "${ADMIN_USER}" -d "${DATABASE}" \\',
                  `    -v ${PostgresGrantVariables.DATABASE}="\${DATABASE}" -v ${PostgresGrantVariables.GROUP}="\${GROUP}" -v ${PostgresGrantVariables.SERVICE}="\${service}" \\`,
                  '    -f "${GRANTS_SQL}"',
                  'done',
                ])],
                env: [
                  { name: 'DATABASE', value: props.databaseName },
                  { name: 'GROUP', value: this.groupRole },
                  { name: 'SERVICES', value: services },
                  { name: 'ADMIN_USER', value: GRANT_ADMIN_USER },
                  { name: 'GRANTS_SQL', value: `${SQL_DIR}/${POSTGRES_GRANTS_FILE}` },
                  { name: 'ADMIN_LOGIN_DIR', value: SECRET_DIR },
                  { name: 'HOME', value: '/tmp' },
                  { name: 'PGHOST', value: '127.0.0.1' },
                  { name: 'PGPORT', value: String(PROXY_PORT) },
                  // The proxy encrypts to the instance; the hop inside the pod is local.
                  { name: 'PGSSLMODE', value: 'disable' },
                ],
                resources: resources(PSQL_CPU, PSQL_MEMORY),
                securityContext: hardened(),
                volumeMount: [{ name: 'sql', mountPath: SQL_DIR, readOnly: true }, { name: 'secrets', mountPath: SECRET_DIR, readOnly: true }, tmp],
              },
              {
                name: 'cloud-sql-proxy',
                image: images.cloudSqlProxy,
                args: [
                  '--private-ip', '--structured-logs', `--port=${PROXY_PORT}`,
                  '--health-check', '--http-address=127.0.0.1', `--http-port=${PROXY_HEALTH_PORT}`,
                  // `POST localhost:9091/quitquitquit` stops it once psql is done; it then exits 0.
                  '--quitquitquit', '--exit-zero-on-sigterm',
                  props.connectionName,
                ],
                resources: resources(CLOUD_SQL_PROXY_CPU, CLOUD_SQL_PROXY_MEMORY),
                securityContext: hardened(),
              },
            ],
            volume: [
              { name: 'sql', configMap: { name: this.jobName } },
              // In memory only, for the life of the pod.
              { name: 'secrets', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
              { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
            ],
          },
        },
      },
    });
    dependOn(this.job,
      ...team._namespaceDependencies(env.name), this.serviceAccount, this.configMap, workloadIdentity, clientRole, secretAccess,
      this.adminUser, this.adminPasswordVersion, props.applicationDatabase);
    team.addQuotaConsumer(this);
  }

  /** The IAM database users granted, in the order their services connected. */
  public get serviceUsers(): string[] {
    return [...this._serviceUsers];
  }

  /**
   * Adds a connected service's IAM database user; the Job runs after it exists.
   * @internal
   */
  public _addServiceUser(name: string, user: SqlUser): void {
    if (this._serviceUsers.includes(name)) return;
    this._serviceUsers.push(name);
    dependOn(this.job, user);
  }

  /** The Job's pod, while it runs, in its own environment: psql and the proxy (the init container needs less than both). */
  public maxFootprint(environment: string): QuotaFootprint {
    if (environment !== this.environmentName) return { cpuMillicores: 0, memoryBytes: 0, pods: 0 };
    return {
      cpuMillicores: Math.max(millicores(GCLOUD_CPU), millicores(PSQL_CPU) + millicores(CLOUD_SQL_PROXY_CPU)),
      memoryBytes: Math.max(bytes(GCLOUD_MEMORY), bytes(PSQL_MEMORY) + bytes(CLOUD_SQL_PROXY_MEMORY)),
      pods: 1,
    };
  }

  private fingerprint(sql: string): string {
    return createHash('sha256').update([sql, this.groupRole, ...this._serviceUsers].join('\n')).digest('hex').slice(0, 16);
  }
}

/** The account id of a grant Job's Google service account: `<database>-grants-<env>`, 6 to 30 characters. */
function grantAccountId(database: string, environment: string): string {
  return boundedName([database, 'grants', environment], 30);
}

function script(lines: string[]): string {
  return lines.join('\n') + '\n';
}
