import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { buildPlatformApp } from '../../examples/platform/main';
import { asOnboarded, PAYMENTS, paymentsTeam } from '../../examples/teams';
import { DatabaseEngine, DatabaseSize, GoMicroservice, ManagedDatabase, Platform, TeamEnvironment, type ISqlGrantJob } from '../../src';
import { GRANT_JOBS_AT_ONCE } from '../../src/team/grants-namespace';
import { platformFixture, resource, synth } from '../util';

/**
 * A database grant Job logs in as the database's admin: its Kubernetes
 * service account acts, through Workload Identity, as a Google service
 * account that may read the admin password from Secret Manager. A pod may
 * use any service account of its own namespace, so whoever may create or
 * change a workload in the Job's namespace may run a pod as the Job's
 * account: "users who can create or edit workloads ... could also use any
 * ServiceAccount in that namespace" (Kubernetes, "Role Based Access Control
 * Good Practices", Workload creation:
 * https://kubernetes.io/docs/concepts/security/rbac-good-practices/).
 * Workload Identity trusts a Kubernetes service account by namespace and
 * name, `serviceAccount:PROJECT_ID.svc.id.goog[NAMESPACE/KSA_NAME]`
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity).
 *
 * A service's CI deployer may patch its Deployment (the rollout): in the
 * team's namespace it could switch the pod template to the grant Job's
 * service account. So the Job runs in the team's grants namespace, where no
 * deployer is bound. These tests read the synthesized IAM and RBAC and work
 * out who can read each admin secret and who can change each Job.
 */

type Stack = any;

/** A resource of the synthesized output, with the stack it is in. */
interface Found { readonly stack: Stack; readonly address: string; readonly r: any }

function all(stacks: Stack[], type: string): Found[] {
  return stacks.flatMap((stack) => Object.entries<any>(stack.resource?.[type] ?? {}).map(([name, r]) => ({ stack, address: `${type}.${name}`, r })));
}

/** The email a member (`serviceAccount:<email>`, or a reference to a google_service_account's email or member) names. */
function emailOf(stack: Stack, member: string): string {
  const ref = /\$\{google_service_account\.([^.}]+)\.(email|member)\}/.exec(member);
  if (!ref) return member.replace(/^(serviceAccount|user):/, '');
  const sa = stack.resource.google_service_account[ref[1]];
  return `${sa.account_id}@${sa.project}.iam.gserviceaccount.com`;
}

/** The Google service account a `service_account_id` (a reference to its name) names. */
function accountOf(stack: Stack, serviceAccountId: string): string {
  const ref = /\$\{google_service_account\.([^.}]+)\.name\}/.exec(serviceAccountId);
  if (!ref) return serviceAccountId.replace(/^.*\/serviceAccounts\//, '');
  const sa = stack.resource.google_service_account[ref[1]];
  return `${sa.account_id}@${sa.project}.iam.gserviceaccount.com`;
}

/** Roles that carry secretmanager.versions.access on every secret of a project. */
const PROJECT_SECRET_READERS = ['roles/owner', 'roles/secretmanager.admin', 'roles/secretmanager.secretAccessor'];
/** Roles that let a principal act as a Google service account. */
const ACT_AS = ['roles/iam.workloadIdentityUser', 'roles/iam.serviceAccountTokenCreator', 'roles/iam.serviceAccountUser', 'roles/owner', 'roles/editor'];
/** What runs a pod: whoever may create or change one of these chooses its service account. */
const WORKLOADS = [['', 'pods'], ['apps', 'deployments'], ['apps', 'replicasets'], ['apps', 'statefulsets'], ['apps', 'daemonsets'], ['batch', 'jobs'], ['batch', 'cronjobs'], ['', 'replicationcontrollers']];
const WRITE = ['create', 'update', 'patch'];
/** The built-in ClusterRoles the library binds, as Kubernetes defines them (user-facing roles: admin and edit write workloads, view reads). */
const BUILT_IN: Record<string, any[]> = {
  admin: [{ api_groups: ['', 'apps', 'batch'], resources: ['*'], verbs: ['*'] }],
  edit: [{ api_groups: ['', 'apps', 'batch'], resources: ['*'], verbs: ['*'] }],
  view: [{ api_groups: ['', 'apps', 'batch'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
};

/** Whether a role binding's `role_ref.name` (the name, or a reference to the role's name in the same stack) names `role`. */
function roleNamed(role: Found, name: string): boolean {
  const ref = /^\$\{kubernetes_role_v1\.([^.}]+)\.metadata\[0\]\.name\}$/.exec(name);
  return ref ? role.address === `kubernetes_role_v1.${ref[1]}` : role.r.metadata.name === name;
}

/** Whether `subject` (a User's name) may `verb` a `group/resource` in namespace `ns`, by every RoleBinding and ClusterRoleBinding synthesized. */
function may(stacks: Stack[], subject: string, verb: string, group: string, resourceName: string, ns: string): boolean {
  const matches = (rule: any) => (rule.verbs.includes('*') || rule.verbs.includes(verb))
    && ((rule.api_groups ?? []).includes('*') || (rule.api_groups ?? []).includes(group))
    && (rule.resources.includes('*') || rule.resources.includes(resourceName));
  const binds = (b: any) => (b.subject ?? []).some((s: any) => s.kind === 'User' && s.name === subject);
  const rulesOf = (ref: any, bindingNs?: string) => ref.kind === 'ClusterRole'
    ? BUILT_IN[ref.name] ?? all(stacks, 'kubernetes_cluster_role_v1').filter((c) => c.r.metadata.name === ref.name).flatMap((c) => c.r.rule)
    : all(stacks, 'kubernetes_role_v1').filter((c) => roleNamed(c, ref.name) && c.r.metadata.namespace === bindingNs).flatMap((c) => c.r.rule);
  const namespaced = all(stacks, 'kubernetes_role_binding_v1').filter((b) => b.r.metadata.namespace === ns && binds(b.r));
  const clusterWide = all(stacks, 'kubernetes_cluster_role_binding_v1').filter((b) => binds(b.r));
  return [...namespaced.map((b) => rulesOf(b.r.role_ref, ns)), ...clusterWide.map((b) => rulesOf(b.r.role_ref))].some((rules) => rules.some(matches));
}

/** Whether `subject` may run a pod in `ns` (and so as any of its service accounts). */
function mayRunPodsIn(stacks: Stack[], subject: string, ns: string): boolean {
  return WORKLOADS.some(([group, res]) => WRITE.some((verb) => may(stacks, subject, verb, group, res, ns)));
}

/** Who may read a secret: directly (IAM), the Kubernetes service accounts that act as a direct reader, and which of `subjects` get there. */
interface SecretReaders { readonly direct: string[]; readonly kubernetesAccounts: string[]; readonly through: string[] }

/**
 * Who may read the admin secret of `job`: its IAM members, project-wide secret readers, who may act as them, and
 * who may run pods as a Kubernetes service account that acts as them.
 */
function secretReaders(stacks: Stack[], job: ISqlGrantJob, subjects: string[]): SecretReaders {
  const secretId = job.adminPassword.friendlyUniqueId;
  const direct = [
    ...all(stacks, 'google_secret_manager_secret_iam_member').filter((m) => m.r.secret_id.includes(`.${secretId}.`)).map((m) => emailOf(m.stack, m.r.member)),
    ...all(stacks, 'google_project_iam_member').filter((m) => PROJECT_SECRET_READERS.includes(m.r.role)).map((m) => emailOf(m.stack, m.r.member)),
  ];
  const actAs = all(stacks, 'google_service_account_iam_member').filter((m) => ACT_AS.includes(m.r.role) && direct.includes(accountOf(m.stack, m.r.service_account_id)));
  const kubernetesAccounts = actAs.map((m) => /svc\.id\.goog\[([^/\]]+)\/([^\]]+)\]$/.exec(m.r.member)).filter((k): k is RegExpExecArray => k !== null).map((k) => `${k[1]}/${k[2]}`);
  const actors = actAs.map((m) => emailOf(m.stack, m.r.member)).filter((m) => !m.includes('svc.id.goog'));
  const through = subjects.filter((s) => actors.includes(s) || kubernetesAccounts.some((k) => mayRunPodsIn(stacks, s, k.split('/')[0])));
  return { direct, kubernetesAccounts, through };
}

/** Who may change `job` (its Job, and what it runs: its ConfigMap, its service account) among `subjects`. */
function jobChangers(stacks: Stack[], job: ISqlGrantJob, subjects: string[]): string[] {
  const ns = job.namespaceName;
  return subjects.filter((s) => ['update', 'patch', 'delete', 'create'].some((verb) =>
    may(stacks, s, verb, 'batch', 'jobs', ns) || may(stacks, s, verb, '', 'configmaps', ns) || may(stacks, s, verb, '', 'serviceaccounts', ns)));
}

/** The emails of every deployer of `service`: the build account and each environment's. */
function deployersOf(service: GoMicroservice): string[] {
  const deployer = service.repository.deployer;
  return [deployer.serviceAccountEmail, ...deployer.accesses.map((a) => a.serviceAccountEmail)];
}

/** Every project-level and resource-level Google grant of `email`, as `<type> <role>`. */
function googleGrantsOf(stacks: Stack[], email: string): string[] {
  const types = ['google_project_iam_member', 'google_artifact_registry_repository_iam_member', 'google_secret_manager_secret_iam_member', 'google_service_account_iam_member'];
  return types.flatMap((type) => all(stacks, type).filter((m) => emailOf(m.stack, m.r.member) === email).map((m) => `${type} ${m.r.role}`)).sort();
}

function tmpdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function stacksOf(outdir: string): Stack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  return Object.values<any>(manifest.stacks).map((s) => JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8')));
}

describe('inside one stack: the deployers of a team\'s services cannot read an admin password or change a grant Job', () => {
  const { stack, platform } = platformFixture();
  const team = new TeamEnvironment(platform, 'orders', { name: 'orders', maintainers: ['alice'], members: ['bob'] });
  const postgres = new ManagedDatabase(team, 'orders-db', { name: 'orders-db', engine: DatabaseEngine.POSTGRES, size: DatabaseSize.SMALL });
  const mysql = new ManagedDatabase(team, 'ledger-db', { name: 'ledger-db', engine: DatabaseEngine.MYSQL, size: DatabaseSize.SMALL });
  const services = [
    new GoMicroservice(team, 'order-service', { name: 'order-service', description: 'Orders', databases: [postgres] }),
    new GoMicroservice(team, 'invoices', { name: 'invoices', description: 'Invoices', databases: [mysql] }),
  ];
  services[0].connect(mysql, { envPrefix: 'LEDGER_DB_' });
  const stacks = [synth(stack)];
  const deployers = services.flatMap(deployersOf);
  const jobs = ['dev', 'staging', 'prod'].flatMap((env) => [postgres, mysql].map((db) => ({ env, db: db.name, job: db.sqlEnvironment(env).grantJob! })));

  test.each(jobs)('$db in $env: only the Job\'s own account reads the secret, and it is trusted from the grants namespace alone, where no deployer may run a pod', ({ env, db, job }) => {
    const { direct, kubernetesAccounts, through } = secretReaders(stacks, job, deployers);
    expect(through).toEqual([]);
    expect(direct).toEqual([`${db}-grants-${env}@acme-prod.iam.gserviceaccount.com`]);
    expect(kubernetesAccounts).toEqual([`orders-grants-${env}/${job.jobName}`]);
    expect(job.namespaceName).toBe(`orders-grants-${env}`);
  });

  test.each(jobs)('$db in $env: no deployer may change the Job, its SQL or its service account', ({ job }) => {
    expect(jobChangers(stacks, job, deployers)).toEqual([]);
  });

  test('the analysis finds what a deployer may do: roll out its own Deployment in its namespace, in every environment', () => {
    for (const [i, service] of services.entries()) {
      for (const access of service.repository.deployer.accesses) {
        expect(may(stacks, access.serviceAccountEmail, 'patch', 'apps', 'deployments', `orders-${access.environment}`)).toBe(true);
        expect(mayRunPodsIn(stacks, access.serviceAccountEmail, `orders-${access.environment}`)).toBe(true);
        expect(mayRunPodsIn(stacks, access.serviceAccountEmail, `orders-${access.environment}-grants`)).toBe(false);
      }
      expect(deployersOf(service)[0]).toBe(`${['order-service', 'invoices'][i]}-deployer@acme-prod.iam.gserviceaccount.com`);
    }
  });

  test('the deployers\' Google grants are the cluster\'s credentials and the team\'s registry: nothing on a secret, nobody to act as', () => {
    for (const service of services) {
      const deployer = service.repository.deployer;
      expect(googleGrantsOf(stacks, deployer.serviceAccountEmail)).toEqual(['google_artifact_registry_repository_iam_member roles/artifactregistry.writer']);
      for (const access of deployer.accesses) {
        expect(googleGrantsOf(stacks, access.serviceAccountEmail)).toEqual(['google_project_iam_member roles/container.clusterViewer']);
      }
    }
  });

  test.each(['dev', 'staging', 'prod'])(`%s: the grants namespace runs only grant Jobs: Pod Security restricted, no ingress, room for ${GRANT_JOBS_AT_ONCE} grant pods, the team may only read it`, (env) => {
    const ns = `orders-grants-${env}`;
    const namespace = resource(stacks[0], 'kubernetes_namespace_v1', (n) => n.metadata.name === ns);
    expect(namespace.metadata.labels).toMatchObject({ 'golden-paths.dev/team': 'orders', 'golden-paths.dev/environment': env, 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(resource(stacks[0], 'kubernetes_network_policy_v1', (p) => p.metadata.namespace === ns).spec).toEqual({ pod_selector: {}, policy_types: ['Ingress'] });
    const bindings = all(stacks, 'kubernetes_role_binding_v1').filter((b) => b.r.metadata.namespace === ns).map((b) => b.r);
    expect(bindings.map((b) => [b.role_ref.name, b.subject])).toEqual([['view', [{ api_group: 'rbac.authorization.k8s.io', kind: 'Group', name: 'orders@acme.com' }]]]);
    // The quota holds the Jobs at once, each pod at its largest.
    const quota = resource(stacks[0], 'kubernetes_resource_quota_v1', (q) => q.metadata.namespace === ns).spec.hard;
    const pod = postgres.sqlEnvironment(env).grantJob!.maxFootprint(env);
    expect(mysql.sqlEnvironment(env).grantJob!.maxFootprint(env)).toEqual(pod);
    expect(quota).toEqual({
      'pods': `${GRANT_JOBS_AT_ONCE}`,
      'requests.cpu': `${GRANT_JOBS_AT_ONCE * pod.cpuMillicores}m`,
      'limits.cpu': `${GRANT_JOBS_AT_ONCE * pod.cpuMillicores}m`,
      'requests.memory': `${GRANT_JOBS_AT_ONCE * pod.memoryBytes / 2 ** 20}Mi`,
      'limits.memory': `${GRANT_JOBS_AT_ONCE * pod.memoryBytes / 2 ** 20}Mi`,
    });
    // The Job, its ConfigMap and its service account wait for the namespace.
    const job = resource(stacks[0], 'kubernetes_job_v1', (j) => j.metadata.namespace === ns && j.metadata.name === 'orders-db-grants');
    expect(job.depends_on).toContain(`kubernetes_namespace_v1.${postgres.team.teamNamespace(env).grantsNamespace().namespaceResource.friendlyUniqueId}`);
  });

  test('a team without a Cloud SQL database has no grants namespace', () => {
    const f = platformFixture();
    const other = new TeamEnvironment(f.platform, 'search', { name: 'search', maintainers: ['dave'] });
    const cache = new ManagedDatabase(other, 'cache', { name: 'search-cache', engine: DatabaseEngine.REDIS, size: DatabaseSize.SMALL });
    new GoMicroservice(other, 'search-api', { name: 'search-api', description: 'Search', databases: [cache] });
    const names = Object.values<any>(synth(f.stack).resource.kubernetes_namespace_v1).map((n) => n.metadata.name);
    expect(names.sort()).toEqual(['search-dev', 'search-prod', 'search-staging']);
  });
});

describe('at App scope: the platform onboards the grants namespace, the team\'s Terraform manages its Jobs, its deployers reach neither', () => {
  const platformApp = buildPlatformApp(tmpdir('grant-isolation-platform-'));
  platformApp.synth();
  const platformStacks = stacksOf(platformApp.outdir);
  const app = new App({ outdir: tmpdir('grant-isolation-payments-') });
  const platform = Platform.fromFile(app, 'acme', path.join(platformApp.outdir, 'platform.json'));
  const payments = paymentsTeam(platform, asOnboarded(PAYMENTS));
  const ledger = new ManagedDatabase(payments.team, 'ledger-db', { name: 'ledger-db', engine: DatabaseEngine.MYSQL, size: DatabaseSize.SMALL });
  payments.service.connect(ledger, { envPrefix: 'LEDGER_DB_' });
  app.synth();
  const stacks = [...platformStacks, ...stacksOf(app.outdir)];
  const deployers = deployersOf(payments.service);
  const jobs = ['dev', 'staging', 'prod'].flatMap((env) => [payments.database, ledger].map((db) => ({ env, db: db.name, job: db.sqlEnvironment(env).grantJob! })));
  const applyIdentity = (env: string) => JSON.parse(fs.readFileSync(path.join(platformApp.outdir, 'platform.json'), 'utf8'))
    .teams.payments.applyServiceAccounts[`payments-${env}`];

  test.each(jobs)('$db in $env: no deployer reads the admin secret or changes the Job; the environment\'s Terraform identity manages the Job', ({ env, job }) => {
    const { kubernetesAccounts, through } = secretReaders(stacks, job, deployers);
    expect(through).toEqual([]);
    expect(job.namespaceName).toBe(`payments-grants-${env}`);
    expect(kubernetesAccounts).toEqual([`payments-grants-${env}/${job.jobName}`]);
    expect(jobChangers(stacks, job, deployers)).toEqual([]);
    // Not an empty analysis: the environment's apply identity may change the Job (Terraform makes it).
    expect(jobChangers(stacks, job, [applyIdentity(env), ...deployers])).toEqual([applyIdentity(env)]);
  });

  test.each(['dev', 'staging', 'prod'])('%s: in the grants namespace the apply identity manages Jobs, ConfigMaps and service accounts and binds nobody; the plan identity reads', (env) => {
    const ns = `payments-grants-${env}`;
    const onboarding = all(platformStacks, 'kubernetes_namespace_v1').filter((n) => n.r.metadata.name === ns);
    expect(onboarding).toHaveLength(1);
    const apply = applyIdentity(env);
    expect(may(stacks, apply, 'create', 'batch', 'jobs', ns)).toBe(true);
    expect(may(stacks, apply, 'create', 'rbac.authorization.k8s.io', 'rolebindings', ns)).toBe(false);
    expect(may(stacks, apply, 'get', '', 'secrets', ns)).toBe(false);
    const bindings = all(stacks, 'kubernetes_role_binding_v1').filter((b) => b.r.metadata.namespace === ns).map((b) => b.r.metadata.name).sort();
    expect(bindings).toEqual(['team-view', 'terraform-apply', 'terraform-plan']);
    for (const d of deployers) expect(mayRunPodsIn(stacks, d, ns)).toBe(false);
  });
});
