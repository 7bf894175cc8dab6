import { createHash } from 'crypto';
import type { Construct, IConstruct } from 'constructs';
import { CLOUD_SQL_PROXY_CPU, CLOUD_SQL_PROXY_MEMORY, instanceRole } from './cloud-sql-access';
import type { PlatformEnvironment } from '../platform/environment';
import { Fn, Lazy, TerraformLocal, type TerraformResource } from '../private/cdk';
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

/*
 * What the grant Jobs of Cloud SQL databases share, whatever the engine: the
 * built-in admin and its password (write-only, in Cloud SQL and Secret
 * Manager, replaced together), the Job's Google and Kubernetes service
 * accounts, the ConfigMap with the grants SQL, and the Job itself: an init
 * container that reads the password, the engine's client, the Cloud SQL Auth
 * Proxy. Both wait, with a backoff, for IAM changes to propagate, within the
 * platform's databaseGrantTimeoutMinutes.
 */

/** The built-in Cloud SQL user the grant Jobs log in as (a member of cloudsqlsuperuser, like every user created through the API). */
export const GRANT_ADMIN_USER = 'golden_paths_admin';

const GCLOUD_CPU = '200m';
const GCLOUD_MEMORY = '256Mi';
/** The Auth Proxy's health port in the Job, and its admin port (`/quitquitquit`, the proxy's default, on localhost). */
export const PROXY_HEALTH_PORT = 9801;
export const PROXY_ADMIN_PORT = 9091;
export const SQL_DIR = '/sql';
export const SECRET_DIR = '/secrets';
const PASSWORD_FILE = `${SECRET_DIR}/admin-password`;
/** Where the init container writes the pod's deadline (seconds since the epoch), which the client container keeps too. */
const DEADLINE_FILE = `${SECRET_DIR}/deadline`;
/** The first wait between two attempts, and the longest (the wait doubles in between). */
const FIRST_RETRY_SECONDS = 5;
const LONGEST_RETRY_SECONDS = 60;
/** Beyond the retries: scheduling, image pulls, the grants themselves. */
const JOB_MARGIN_SECONDS = 300;

/**
 * The grant Job of a Cloud SQL database (postgres or mysql): what every engine's Job has.
 */
export interface ISqlGrantJob extends IConstruct, IQuotaConsumer {
  /** The name of the Job, its ConfigMap and its Kubernetes service account: `<database>-grants`. */
  readonly jobName: string;
  /** The namespace the Job runs in: the team's grants namespace, `<team>-grants-<env>`, out of its workloads' and deployers' reach. */
  readonly namespaceName: string;
  /** The built-in admin user the Job logs in as. */
  readonly adminUser: SqlUser;
  /** The Secret Manager secret holding the admin password. */
  readonly adminPassword: SecretManagerSecret;
  /** The secret's version, written through the write-only `secret_data_wo`, replaced whenever the admin user is. */
  readonly adminPasswordVersion: SecretManagerSecretVersion;
  /** The Google service account the Job runs as. */
  readonly googleServiceAccount: ServiceAccount;
  /** The Kubernetes service account the Job runs as (Workload Identity). */
  readonly serviceAccount: ServiceAccountV1;
  /** The ConfigMap with the grants SQL. */
  readonly configMap: ConfigMapV1;
  /** The Job. */
  readonly job: JobV1;
  /** How long, in seconds, the Job retries reading the password and logging in (the platform's databaseGrantTimeoutMinutes). */
  readonly retrySeconds: number;
  /** The IAM database users granted, in the order their services connected. */
  readonly serviceUsers: string[];
}

/** What a grant Job is for. */
export interface SqlGrantJobTarget {
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

/** What differs between engines: the client container and the SQL it runs. */
export interface SqlGrantEngine {
  /** The grants SQL file's name in the ConfigMap, and its text. */
  readonly sqlFile: string;
  readonly sql: string;
  /** The client container (`grants`): image, script, environment, size; the rest is added here. */
  readonly client: {
    readonly image: string;
    readonly script: string;
    readonly env: Array<{ name: string; value: string }>;
    readonly cpu: string;
    readonly memory: string;
    /** Whether the client writes to the in-memory secrets volume (an option file with the password). */
    readonly writesSecrets?: boolean;
    /** The shell that runs the script. */
    readonly shell?: string;
  };
  /** The port the proxy listens on in the pod. */
  readonly proxyPort: number;
  /** What else the fingerprint (the Job's annotation) covers besides the SQL and the users. */
  readonly fingerprint: string[];
}

/** The resources of a grant Job (what every engine's Job exposes), and the handles to add users later. */
export interface SqlGrantJobParts extends Omit<ISqlGrantJob, 'node' | 'maxFootprint'> {
  /** The service users, filled by addServiceUser (the Job's SERVICES and fingerprint read it lazily). */
  readonly serviceUsers: string[];
  readonly addServiceUser: (name: string, user: SqlUser) => void;
  readonly maxFootprint: (environment: string) => QuotaFootprint;
}

/** A resource's address in its stack, as `depends_on` and `replace_triggered_by` take it. */
function address(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/**
 * Makes the resources of a grant Job under `scope` (the ids are Terraform
 * addresses: they never change).
 */
export function buildSqlGrantJob(scope: Construct, props: SqlGrantJobTarget, engine: SqlGrantEngine): SqlGrantJobParts {
  const { team, environment: env, project, instanceName } = props;
  const provider = env.googleProvider;
  // Apart from the team's workloads: a pod may use any service account of its namespace, and this one's
  // Google service account reads the admin password (GrantsNamespace).
  const namespace = team.grantsNamespaceName(env.name);
  const jobName = boundedName([props.name, 'grants'], 63);
  const retrySeconds = team.platform.databaseGrantTimeoutMinutes * 60;

  // One random value per apply, written only to write-only arguments: the
  // admin's password and its copy in Secret Manager. Both are sent only when
  // they are created (their *_wo_version stays 1), and they are created together.
  const password = new TerraformLocal(scope, 'admin-password', Fn.uuid());
  const adminPassword = new SecretManagerSecret(scope, 'admin-password-secret', {
    provider,
    project,
    secretId: boundedName([instanceName, 'grants-admin'], 255),
    // Stored in the platform's region only: automatic replication counts as "global", which a
    // resource-location organization policy (gcp.resourceLocations) refuses.
    replication: { userManaged: { replicas: [{ location: team.platform.region }] } },
    labels: { 'managed-by': MANAGED_BY, 'team': team.name, 'environment': env.name, 'database': props.name },
  });
  const adminUser = new SqlUser(scope, 'admin-user', {
    provider,
    project,
    instance: props.instance.name,
    name: GRANT_ADMIN_USER,
    passwordWo: password.asString,
    passwordWoVersion: 1,
    // The admin is the grantor of the services' privileges; Postgres refuses to drop it while they exist.
    deletionPolicy: 'ABANDON',
    // A new instance (replaced by Terraform, under the same name) has no admin: make it again. Its id is
    // unknown until the new instance exists, so the plan replaces the user; an in-place update of the instance does not.
    lifecycle: { replaceTriggeredBy: [`${address(props.instance)}.id`] },
  });
  const adminPasswordVersion = new SecretManagerSecretVersion(scope, 'admin-password-version', {
    provider,
    secret: adminPassword.id,
    secretDataWo: password.asString,
    secretDataWoVersion: 1,
    // Whenever the admin is made again (it is replaced, or its instance is), so is this version, in the same
    // apply, from the same value: the secret never keeps a password the instance no longer knows. Its id, not
    // the whole user: an in-place update of the user sends no password, and must not write a new one here.
    lifecycle: { replaceTriggeredBy: [`${address(adminUser)}.id`] },
  });
  // Stored once the user has it, so the secret never holds a password the instance does not know.
  dependOn(adminPasswordVersion, adminUser);

  const googleServiceAccount = new ServiceAccount(scope, 'google-service-account', {
    provider,
    project,
    accountId: grantAccountId(props.name, env.name),
    displayName: `${props.name} grants (${env.name})`,
    description: `Runs the grant Job of database ${props.name} in ${namespace}, managed by cdktf-golden-paths`,
  });
  const member = `serviceAccount:${googleServiceAccount.email}`;
  const clientRole = instanceRole(scope, 'cloudsql-client', { provider, project, instanceName }, 'roles/cloudsql.client', member, [googleServiceAccount]);
  const secretAccess = new SecretManagerSecretIamMember(scope, 'secret-accessor', {
    provider,
    project,
    secretId: adminPassword.secretId,
    role: 'roles/secretmanager.secretAccessor',
    member,
  });
  const workloadIdentity = new ServiceAccountIamMember(scope, 'workload-identity', {
    provider,
    serviceAccountId: googleServiceAccount.name,
    role: 'roles/iam.workloadIdentityUser',
    member: `serviceAccount:${env.gkeProject ?? team.platform.gcpProject}.svc.id.goog[${namespace}/${jobName}]`,
  });

  const labels = {
    'app.kubernetes.io/name': jobName,
    'app.kubernetes.io/component': 'database-grants',
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'golden-paths.dev/team': team.name,
    'golden-paths.dev/database': props.name,
  };
  const metadata = { name: jobName, namespace, labels };
  const k8s = { provider: env.kubernetesProvider };
  const serviceAccount = new ServiceAccountV1(scope, 'service-account', {
    ...k8s,
    metadata: { ...metadata, annotations: { 'iam.gke.io/gcp-service-account': googleServiceAccount.email } },
  });
  const configMap = new ConfigMapV1(scope, 'config-map', { ...k8s, metadata, data: { [engine.sqlFile]: engine.sql } });
  dependOn(serviceAccount, ...team._grantsNamespaceDependencies(env.name));
  dependOn(configMap, ...team._grantsNamespaceDependencies(env.name));

  const serviceUsers: string[] = [];
  const fingerprint = () => createHash('sha256').update([engine.sql, ...engine.fingerprint, ...serviceUsers].join('\n')).digest('hex').slice(0, 16);
  const resources = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });
  const tmp = { name: 'tmp', mountPath: '/tmp' };
  // The settings' images (PlatformProps.toolImages): mirrors where clusters pull only from Artifact Registry or have no egress.
  const images = team.platform.toolImages;
  const jobDeadlineSeconds = retrySeconds + JOB_MARGIN_SECONDS;
  const job = new JobV1(scope, 'job', {
    provider: env.kubernetesProvider,
    metadata,
    // Terraform waits until the grants are done, and fails the apply when they fail.
    waitForCompletion: true,
    timeouts: { create: `${Math.ceil(jobDeadlineSeconds / 60) + 5}m`, update: `${Math.ceil(jobDeadlineSeconds / 60) + 5}m` },
    // A new application database (its instance replaced) or a new admin has no grants yet: run the Job again.
    lifecycle: { replaceTriggeredBy: [`${address(props.applicationDatabase)}.id`, `${address(adminPasswordVersion)}.id`] },
    spec: {
      backoffLimit: 3,
      // The whole Job, every pod included: the retries within a pod, and room for the rest.
      activeDeadlineSeconds: jobDeadlineSeconds,
      template: {
        metadata: {
          labels,
          // A change of the SQL or of the services changes the template: Terraform replaces the Job, which runs again.
          annotations: { 'golden-paths.dev/grants': Lazy.stringValue({ produce: fingerprint }) },
        },
        spec: {
          serviceAccountName: jobName,
          restartPolicy: 'Never',
          securityContext: POD_SECURITY_CONTEXT,
          initContainer: [{
            name: 'admin-password',
            image: images.googleCloudCli,
            command: ['/bin/sh', '-c', script([
              'set -eu',
              'deadline=$(( $(date +%s) + RETRY_SECONDS ))',
              `echo "\${deadline}" > ${DEADLINE_FILE}`,
              '# Workload Identity and the secret\'s IAM binding were just granted: IAM changes take',
              '# minutes to propagate, so retry with a backoff until the deadline.',
              ...retryUntilDeadline(
                `gcloud secrets versions access latest --secret="\${SECRET}" --project="\${PROJECT}" --quiet > ${PASSWORD_FILE}`,
                'the admin password cannot be read yet (IAM changes take minutes to propagate)',
                'could not read the admin password from Secret Manager secret ${SECRET} within ${RETRY_SECONDS}s: '
                  + 'check that the Job\'s service account acts through Workload Identity and may access the secret (roles/secretmanager.secretAccessor)'),
            ])],
            env: [
              { name: 'SECRET', value: adminPassword.secretId },
              { name: 'PROJECT', value: project },
              { name: 'RETRY_SECONDS', value: String(retrySeconds) },
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
              image: engine.client.image,
              command: [engine.client.shell ?? '/bin/sh', '-c', engine.client.script],
              env: [
                ...engine.client.env,
                { name: 'SERVICES', value: Lazy.stringValue({ produce: () => serviceUsers.join(' ') }) },
                { name: 'ADMIN_USER', value: GRANT_ADMIN_USER },
                { name: 'GRANTS_SQL', value: `${SQL_DIR}/${engine.sqlFile}` },
                { name: 'ADMIN_LOGIN_DIR', value: SECRET_DIR },
                { name: 'ADMIN_VERSION_ADDRESS', value: address(adminPasswordVersion) },
                { name: 'RETRY_SECONDS', value: String(retrySeconds) },
                { name: 'HOME', value: '/tmp' },
              ],
              resources: resources(engine.client.cpu, engine.client.memory),
              securityContext: hardened(),
              volumeMount: [
                { name: 'sql', mountPath: SQL_DIR, readOnly: true },
                { name: 'secrets', mountPath: SECRET_DIR, readOnly: !engine.client.writesSecrets },
                tmp,
              ],
            },
            {
              name: 'cloud-sql-proxy',
              image: images.cloudSqlProxy,
              args: [
                '--private-ip', '--structured-logs', `--port=${engine.proxyPort}`,
                '--health-check', '--http-address=127.0.0.1', `--http-port=${PROXY_HEALTH_PORT}`,
                // `POST localhost:9091/quitquitquit` stops it once the client is done; it then exits 0.
                '--quitquitquit', '--exit-zero-on-sigterm',
                props.connectionName,
              ],
              resources: resources(CLOUD_SQL_PROXY_CPU, CLOUD_SQL_PROXY_MEMORY),
              securityContext: hardened(),
            },
          ],
          volume: [
            { name: 'sql', configMap: { name: jobName } },
            // In memory only, for the life of the pod.
            { name: 'secrets', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
            { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
          ],
        },
      },
    },
  });
  dependOn(job,
    ...team._grantsNamespaceDependencies(env.name), serviceAccount, configMap, workloadIdentity, clientRole, secretAccess,
    adminUser, adminPasswordVersion, props.applicationDatabase);

  return {
    jobName,
    namespaceName: namespace,
    adminUser,
    adminPassword,
    adminPasswordVersion,
    googleServiceAccount,
    serviceAccount,
    configMap,
    job,
    retrySeconds,
    serviceUsers,
    addServiceUser: (name, user) => {
      if (serviceUsers.includes(name)) return;
      serviceUsers.push(name);
      dependOn(job, user);
    },
    // The Job's pod, while it runs, in its own environment: the client and the proxy (the init container needs less than both).
    maxFootprint: (environment) => environment !== env.name ? { cpuMillicores: 0, memoryBytes: 0, pods: 0 } : {
      cpuMillicores: Math.max(millicores(GCLOUD_CPU), millicores(engine.client.cpu) + millicores(CLOUD_SQL_PROXY_CPU)),
      memoryBytes: Math.max(bytes(GCLOUD_MEMORY), bytes(engine.client.memory) + bytes(CLOUD_SQL_PROXY_MEMORY)),
      pods: 1,
    },
  };
}

/**
 * Shell lines that run `command` until it succeeds, waiting 5 s, then twice as
 * long each time up to 60 s, and give up with `failure` when the next attempt
 * would start after `${deadline}` (seconds since the epoch).
 */
export function retryUntilDeadline(command: string, waiting: string, failure: string): string[] {
  return [
    `delay=${FIRST_RETRY_SECONDS}`,
    `until ${command}; do`,
    '  if [ $(( $(date +%s) + delay )) -gt "${deadline}" ]; then',
    `    echo "${failure}" >&2`,
    '    exit 1',
    '  fi',
    `  echo "${waiting}: retrying in \${delay}s" >&2`,
    '  sleep "${delay}"',
    `  delay=$(( delay * 2 )); if [ "\${delay}" -gt ${LONGEST_RETRY_SECONDS} ]; then delay=${LONGEST_RETRY_SECONDS}; fi`,
    'done',
  ];
}

/**
 * Shell lines that wait (60 s at most) for the Auth Proxy to start, with `fetch <url>`
 * a command that succeeds when the URL answers 200.
 */
export function waitForProxy(fetch: string): string[] {
  return [
    'attempt=0',
    `until ${fetch} http://127.0.0.1:${PROXY_HEALTH_PORT}/startup; do`,
    '  attempt=$((attempt + 1))',
    '  if [ "${attempt}" -ge 60 ]; then echo "the Cloud SQL Auth Proxy did not start within 60s" >&2; exit 1; fi',
    '  sleep 1',
    'done',
  ];
}

/** What the client says when the admin cannot log in before the deadline: the likely causes, and the fix for a stale password. */
export const LOGIN_FAILURE = 'could not log in as ${ADMIN_USER} to database ${DATABASE} within ${RETRY_SECONDS}s: '
  + 'check that the Job\'s service account may connect to the instance (roles/cloudsql.client; IAM changes take minutes to propagate). '
  + 'If the instance or the admin user was recreated outside Terraform, the secret holds an old password: '
  + 'write a new one to both with terraform apply -replace=${ADMIN_VERSION_ADDRESS} (docs/databases.md, Grants)';

/** The account id of a grant Job's Google service account: `<database>-grants-<env>`, 6 to 30 characters. */
function grantAccountId(database: string, environment: string): string {
  return boundedName([database, 'grants', environment], 30);
}

export function script(lines: string[]): string {
  return lines.join('\n') + '\n';
}
