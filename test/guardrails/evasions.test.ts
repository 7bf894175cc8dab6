/**
 * Evasions: configurations that are unsafe but passed every guardrail with no
 * finding. Each class is a table; every row is a configuration the guardrails
 * must now judge (and the rows marked "stays compliant" are the safe twins that
 * must not become false findings).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import {
  COMPLIANT, GOOD_CONTAINER, goodDeployment, goodNamespace, goodPdb, goodQuota, RawResource, safeStack, tf, unsafeStack, variant, verdict,
} from './util';
import { GuardrailLevel, Guardrails, Platform } from '../../src';
import { run } from '../../src/bin/cdktf-guardrails';
import { evaluateLiteral } from '../../src/guardrails/values';
import { deployerRolloutPolicy } from '../../src/team/deployer-rollout-policy';
import { errorOf, PLATFORM_PROPS } from '../util';

const NON_COMPLIANT = 'NON_COMPLIANT';
const DEP = 'kubernetes_deployment_v1.api';
const HEX64 = 'ab'.repeat(32);

/** A deployment in payments-prod with its namespace, quota and budget, edited. */
function k8s(edit: (d: any) => void, extra: Record<string, Record<string, unknown>> = {}): any {
  return tf({
    kubernetes_namespace_v1: { ns: goodNamespace() },
    kubernetes_resource_quota_v1: { quota: goodQuota() },
    kubernetes_pod_disruption_budget_v1: { pdb: goodPdb() },
    kubernetes_deployment_v1: { api: variant(goodDeployment(), edit) },
    ...extra,
  });
}
const container = (d: any) => d.spec.template.spec.container[0];
const sc = (d: any) => container(d).security_context;
const podSpec = (d: any) => d.spec.template.spec;

/** A production Cloud SQL instance that meets every rule, edited. */
function sql(edit: (c: any) => void = () => undefined): any {
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

/** A production Redis instance that meets every rule, edited. */
function redis(edit: (c: any) => void = () => undefined): any {
  return tf({ google_redis_instance: { cache: variant({ name: 'cache-prod', tier: 'STANDARD_HA', auth_enabled: true, transit_encryption_mode: 'SERVER_AUTHENTICATION' }, edit) } });
}

/** A private repository with alerts on, edited. */
function repo(edit: (c: any) => void = () => undefined): any {
  return tf({ github_repository: { shop: variant({ name: 'shop', visibility: 'private', vulnerability_alerts: true }, edit) } });
}

/** The GitHub Actions Workload Identity provider as the platform writes it, edited. */
function wif(edit: (c: any) => void = () => undefined): any {
  return tf({
    google_iam_workload_identity_pool_provider: {
      github: variant({
        workload_identity_pool_provider_id: 'github',
        attribute_condition: "assertion.repository_owner == 'acme'",
        attribute_mapping: { 'google.subject': 'assertion.sub', 'attribute.repository': 'assertion.repository' },
        oidc: { issuer_uri: 'https://token.actions.githubusercontent.com' },
      }, edit),
    },
  });
}

type Row = [string, string, any, string];

/** Asserts every row: `rule id, description, configuration, address` is a finding of that rule. */
function expectFindings(rows: Row[]): void {
  test.each(rows)('%s: %s', (ruleId, _, config, address) => {
    expect(verdict(ruleId, config, address).compliance).toBe(NON_COMPLIANT);
  });
}

describe('expression wrapping: literals in ${...} are judged as the values they are', () => {
  test.each([
    ['${true}', true], ['${false}', false], ['${0}', 0], ['${ 2 }', 2], ['${"nginx:latest"}', 'nginx:latest'],
    ['nginx:${"latest"}', 'nginx:latest'], ['${("public")}', 'public'], ['${"${true}"}', 'true'], ['${"a\\"b"}', 'a"b'],
    // Not literals: left as written, expressions known only at apply.
    ['${var.x}', '${var.x}'], ['${"a" == "a"}', '${"a" == "a"}'], ['$${true}', '$${true}'], ['%{ if true }x%{ endif }', '%{ if true }x%{ endif }'],
    ['${tobool("true")}', '${tobool("true")}'], ['${"a"}${var.b}', '${"a"}${var.b}'],
  ])('%s evaluates to %j', (value, expected) => {
    expect(evaluateLiteral(value)).toEqual(expected);
  });

  expectFindings([
    ['GP-K8S-002', 'run_as_non_root "${false}"', k8s((d) => { sc(d).run_as_non_root = '${false}'; }), DEP],
    ['GP-K8S-002', 'run_as_user "${0}"', k8s((d) => { sc(d).run_as_user = '${0}'; }), DEP],
    ['GP-K8S-003', 'read_only_root_filesystem "${false}"', k8s((d) => { sc(d).read_only_root_filesystem = '${false}'; }), DEP],
    ['GP-K8S-004', 'privileged "${true}"', k8s((d) => { sc(d).privileged = '${true}'; }), DEP],
    ['GP-K8S-004', 'allow_privilege_escalation "${true}"', k8s((d) => { sc(d).allow_privilege_escalation = '${true}'; }), DEP],
    ['GP-K8S-005', 'drop ["${"NET_RAW"}"]', k8s((d) => { sc(d).capabilities.drop = ['${"NET_RAW"}']; }), DEP],
    ['GP-K8S-005', 'add ["${"SYS_ADMIN"}"]', k8s((d) => { sc(d).capabilities.add = ['${"SYS_ADMIN"}']; }), DEP],
    ['GP-K8S-006', 'image "${"nginx:latest"}"', k8s((d) => { container(d).image = '${"nginx:latest"}'; }), DEP],
    ['GP-K8S-006', 'image "nginx:${"latest"}"', k8s((d) => { container(d).image = 'nginx:${"latest"}'; }), DEP],
    ['GP-K8S-008', 'replicas "${1}" in production', k8s((d) => { d.spec.replicas = '${1}'; }), DEP],
    ['GP-K8S-012', 'enforce label "${"privileged"}"', tf({ kubernetes_namespace_v1: { ns: variant(goodNamespace(), (n) => { n.metadata.labels['pod-security.kubernetes.io/enforce'] = '${"privileged"}'; }) } }), 'kubernetes_namespace_v1.ns'],
    ['GP-K8S-014', 'host_network "${true}"', k8s((d) => { podSpec(d).host_network = '${true}'; }), DEP],
    ['GP-GCP-001', 'backups "${false}"', sql((c) => { c.settings.backup_configuration.enabled = '${false}'; }), 'google_sql_database_instance.db'],
    ['GP-GCP-002', 'point in time recovery "${false}"', sql((c) => { c.settings.backup_configuration.point_in_time_recovery_enabled = '${false}'; }), 'google_sql_database_instance.db'],
    ['GP-GCP-003', 'ipv4_enabled "${true}"', sql((c) => { c.settings.ip_configuration.ipv4_enabled = '${true}'; }), 'google_sql_database_instance.db'],
    ['GP-GCP-004', 'ssl_mode "${"ALLOW_UNENCRYPTED_AND_ENCRYPTED"}"', sql((c) => { c.settings.ip_configuration.ssl_mode = '${"ALLOW_UNENCRYPTED_AND_ENCRYPTED"}'; }), 'google_sql_database_instance.db'],
    ['GP-GCP-005', 'deletion_protection_enabled "${false}"', sql((c) => { c.settings.deletion_protection_enabled = '${false}'; }), 'google_sql_database_instance.db'],
    ['GP-GCP-006', 'availability_type "${"ZONAL"}"', sql((c) => { c.settings.availability_type = '${"ZONAL"}'; }), 'google_sql_database_instance.db'],
    ['GP-GCP-008', 'attribute_condition "${"true"}"', wif((c) => { c.attribute_condition = '${"true"}'; }), 'google_iam_workload_identity_pool_provider.github'],
    ['GP-GCP-009', 'auth_enabled "${false}"', redis((c) => { c.auth_enabled = '${false}'; }), 'google_redis_instance.cache'],
    ['GP-GCP-010', 'transit_encryption_mode "${"DISABLED"}"', redis((c) => { c.transit_encryption_mode = '${"DISABLED"}'; }), 'google_redis_instance.cache'],
    ['GP-GCP-011', 'tier "${"BASIC"}"', redis((c) => { c.tier = '${"BASIC"}'; }), 'google_redis_instance.cache'],
    ['GP-GH-001', 'visibility "${"public"}"', repo((c) => { c.visibility = '${"public"}'; }), 'github_repository.shop'],
    ['GP-GH-002', 'vulnerability_alerts "${false}"', repo((c) => { c.vulnerability_alerts = '${false}'; }), 'github_repository.shop'],
    ['GP-SEC-001', 'password "${"hunter2"}"', tf({ google_sql_user: { u: { name: 'app', password: '${"hunter2"}' } } }), 'google_sql_user.u'],
    // Expressions known only at apply, in the attributes a rule judges.
    ['GP-K8S-002', 'run_as_non_root "${var.non_root}"', k8s((d) => { sc(d).run_as_non_root = '${var.non_root}'; }), DEP],
    ['GP-K8S-006', 'image "${var.image}"', k8s((d) => { container(d).image = '${var.image}'; }), DEP],
    ['GP-K8S-006', 'image "registry/app:${var.tag}"', k8s((d) => { container(d).image = 'registry/app:${var.tag}'; }), DEP],
    ['GP-GCP-003', 'ipv4_enabled "${var.public}"', sql((c) => { c.settings.ip_configuration.ipv4_enabled = '${var.public}'; }), 'google_sql_database_instance.db'],
    ['GP-GCP-008', 'attribute_condition "${var.condition}"', wif((c) => { c.attribute_condition = '${var.condition}'; }), 'google_iam_workload_identity_pool_provider.github'],
    ['GP-GH-001', 'visibility "${var.visibility}"', repo((c) => { c.visibility = '${var.visibility}'; }), 'github_repository.shop'],
  ]);

  test.each([
    ['GP-K8S-002', 'run_as_non_root "${true}"', k8s((d) => { sc(d).run_as_non_root = '${true}'; }), DEP],
    ['GP-K8S-006', 'an image whose registry is an expression and whose tag is literal', k8s((d) => { container(d).image = '${google_artifact_registry_repository.r.location}-docker.pkg.dev/acme/payments/api:1.4.2'; }), DEP],
    ['GP-GH-001', 'visibility "${"private"}"', repo((c) => { c.visibility = '${"private"}'; }), 'github_repository.shop'],
    ['GP-K8S-017', 'a namespace given by reference to the team namespace', k8s((d) => { d.metadata.namespace = '${kubernetes_namespace_v1.ns.metadata[0].name}'; }), DEP],
  ] as Row[])('stays compliant: %s %s', (ruleId, _, config, address) => {
    expect(verdict(ruleId, config, address)).toEqual(COMPLIANT);
  });
});

describe('Terraform\'s reading of strings as booleans: "1" is true and "0" false (cty\'s string-to-bool conversion)', () => {
  expectFindings([
    ['GP-K8S-004', 'privileged "1"', k8s((d) => { sc(d).privileged = '1'; }), DEP],
    ['GP-K8S-004', 'allow_privilege_escalation "1"', k8s((d) => { sc(d).allow_privilege_escalation = '1'; }), DEP],
    ['GP-K8S-014', 'host_pid "1"', k8s((d) => { podSpec(d).host_pid = '1'; }), DEP],
    ['GP-K8S-003', 'read_only_root_filesystem "0"', k8s((d) => { sc(d).read_only_root_filesystem = '0'; }), DEP],
    ['GP-GCP-005', 'deletion_protection_enabled "0"', sql((c) => { c.settings.deletion_protection_enabled = '0'; }), 'google_sql_database_instance.db'],
    ['GP-GCP-001', 'backups "0"', sql((c) => { c.settings.backup_configuration.enabled = '0'; }), 'google_sql_database_instance.db'],
    ['GP-GH-002', 'vulnerability_alerts "0"', repo((c) => { c.vulnerability_alerts = '0'; }), 'github_repository.shop'],
  ]);
});

describe('resources Terraform never creates are no protection: count 0, for_each over nothing', () => {
  expectFindings([
    ['GP-K8S-011', 'a production PDB with count 0', k8s(() => undefined, { kubernetes_pod_disruption_budget_v1: { pdb: { ...goodPdb(), count: 0 } } }), DEP],
    ['GP-K8S-011', 'a production PDB with count "${0}"', k8s(() => undefined, { kubernetes_pod_disruption_budget_v1: { pdb: { ...goodPdb(), count: '${0}' } } }), DEP],
    ['GP-K8S-011', 'a production PDB with for_each {}', k8s(() => undefined, { kubernetes_pod_disruption_budget_v1: { pdb: { ...goodPdb(), for_each: {} } } }), DEP],
    ['GP-K8S-013', 'a production quota with for_each []', k8s(() => undefined, { kubernetes_resource_quota_v1: { quota: { ...goodQuota(), for_each: [] } } }), 'kubernetes_namespace_v1.ns'],
  ]);

  test('a count of 1, or one known only at apply, still protects', () => {
    for (const count of [1, '${var.replicas}']) {
      expect(verdict('GP-K8S-011', k8s(() => undefined, { kubernetes_pod_disruption_budget_v1: { pdb: { ...goodPdb(), count } } }), DEP).compliance).toBe('COMPLIANT');
    }
  });
});

describe('missing rules', () => {
  const manifest = (object: Record<string, unknown>) => tf({ kubernetes_manifest: { m: { manifest: object } } });
  const deploymentManifest = (podSpecEdit: (spec: any) => void) => manifest({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'payments-prod' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: variant({
          containers: [{
            name: 'app',
            image: `registry/app@sha256:${HEX64}`,
            resources: GOOD_CONTAINER.resources,
            securityContext: { runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
            livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
          }],
        }, podSpecEdit),
      },
    },
  });
  const ruleset = (actors: unknown[]) => tf({ github_repository_ruleset: { main: { name: 'main', repository: 'shop', target: 'branch', enforcement: 'active', bypass_actors: actors } } });
  const MANIFEST = 'kubernetes_manifest.m';
  // https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed#gmp-pod-monitoring
  const podMonitoring = () => ({
    apiVersion: 'monitoring.googleapis.com/v1',
    kind: 'PodMonitoring',
    metadata: { name: 'shop', namespace: 'payments-prod' },
    spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'shop' } }, endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }] },
  });

  // https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
  const rollouts = deployerRolloutPolicy('payments-dev', {});
  const admissionPolicy = () => structuredClone(rollouts.policy);
  const admissionBinding = (edit: (b: any) => void) => {
    const b: any = structuredClone(rollouts.binding);
    edit(b);
    return b;
  };

  // Field names checked against the provider docs:
  // kubernetes_deployment_v1 pod spec host_network / host_pid / host_ipc / volume.host_path
  // (https://registry.terraform.io/providers/hashicorp/kubernetes/2.38.0/docs/resources/deployment_v1#host_network),
  // kubernetes_manifest manifest (.../docs/resources/manifest#manifest), github_repository_ruleset bypass_actors
  // actor_type / bypass_mode always|pull_request|exempt (https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/repository_ruleset#bypass_mode),
  // google_iam_workload_identity_pool_provider attribute_condition and oidc.issuer_uri
  // (https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/iam_workload_identity_pool_provider#attribute_condition).
  expectFindings([
    ['GP-K8S-014', 'host_network', k8s((d) => { podSpec(d).host_network = true; }), DEP],
    ['GP-K8S-014', 'host_pid', k8s((d) => { podSpec(d).host_pid = true; }), DEP],
    ['GP-K8S-014', 'host_ipc', k8s((d) => { podSpec(d).host_ipc = 'true'; }), DEP],
    ['GP-K8S-015', 'a hostPath volume', k8s((d) => { podSpec(d).volume = [{ name: 'root', host_path: { path: '/' } }]; }), DEP],
    ['GP-K8S-016', 'a manifest of a kind no rule reads (ClusterRoleBinding to cluster-admin)', manifest({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'all' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' } }), MANIFEST],
    ['GP-K8S-016', 'a manifest known only at apply', tf({ kubernetes_manifest: { m: { manifest: '${yamldecode(file("pod.yaml"))}' } } }), MANIFEST],
    ['GP-K8S-016', 'a ClusterPodMonitoring (scrapes every namespace)', manifest({ ...podMonitoring(), kind: 'ClusterPodMonitoring' }), MANIFEST],
    ['GP-K8S-016', 'a PodMonitoring of another API version', manifest({ ...podMonitoring(), apiVersion: 'monitoring.googleapis.com/v1alpha1' }), MANIFEST],
    ['GP-K8S-016', 'a PodMonitoring in the collector\'s own namespace', manifest({ ...podMonitoring(), metadata: { name: 'm', namespace: 'gmp-system' } }), MANIFEST],
    ['GP-K8S-016', 'a PodMonitoring with no namespace', manifest({ ...podMonitoring(), metadata: { name: 'm' } }), MANIFEST],
    ['GP-K8S-016', 'a PodMonitoring that selects every pod', manifest({ ...podMonitoring(), spec: { selector: {}, endpoints: [{ port: 'metrics' }] } }), MANIFEST],
    ['GP-K8S-016', 'an admission policy binding with no namespace selector (every namespace, kube-system\'s too)', manifest(admissionBinding((b) => { delete b.spec.matchResources; })), MANIFEST],
    ['GP-K8S-016', 'an admission policy binding on kube-system', manifest(admissionBinding((b) => { b.spec.matchResources.namespaceSelector = { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['payments-dev', 'kube-system'] }] }; })), MANIFEST],
    ['GP-K8S-016', 'an admission policy binding on namespaces with a label a team sets', manifest(admissionBinding((b) => { b.spec.matchResources.namespaceSelector = { matchLabels: { 'golden-paths.dev/team': 'payments' } }; })), MANIFEST],
    ['GP-K8S-016', 'an admission policy of the beta API', manifest({ ...admissionPolicy(), apiVersion: 'admissionregistration.k8s.io/v1beta1' }), MANIFEST],
    ['GP-K8S-014', 'a manifest Deployment with hostNetwork', deploymentManifest((s) => { s.hostNetwork = true; }), MANIFEST],
    ['GP-K8S-015', 'a manifest Deployment with a hostPath volume', deploymentManifest((s) => { s.volumes = [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }]; }), MANIFEST],
    ['GP-K8S-002', 'a manifest Deployment running as root', deploymentManifest((s) => { s.containers[0].securityContext.runAsUser = 0; }), MANIFEST],
    ['GP-K8S-004', 'a manifest Deployment that is privileged', deploymentManifest((s) => { s.containers[0].securityContext.privileged = true; }), MANIFEST],
    ['GP-K8S-006', 'a digest that is not sha256 and 64 hex digits', k8s((d) => { container(d).image = 'registry/app@sha256:abc'; }), DEP],
    ['GP-K8S-006', 'a digest of another algorithm', k8s((d) => { container(d).image = `registry/app@md5:${HEX64.slice(0, 32)}`; }), DEP],
    ['GP-K8S-006', 'a digest with upper-case hex', k8s((d) => { container(d).image = `registry/app@sha256:${HEX64.toUpperCase()}`; }), DEP],
    ['GP-K8S-017', 'a deployment in kube-system', k8s((d) => { d.metadata.namespace = 'kube-system'; }), DEP],
    ['GP-K8S-017', 'a deployment with no namespace (default)', k8s((d) => { delete d.metadata.namespace; }), DEP],
    ['GP-K8S-017', 'a role binding in default', tf({ kubernetes_role_binding_v1: { rb: { metadata: { name: 'x', namespace: 'default' } } } }), 'kubernetes_role_binding_v1.rb'],
    ['GP-K8S-017', 'a namespace resource named kube-system', tf({ kubernetes_namespace_v1: { ns: goodNamespace('kube-system') } }), 'kubernetes_namespace_v1.ns'],
    ['GP-K8S-017', 'a manifest Deployment in kube-system', variant(deploymentManifest(() => undefined), (c) => { c.resource.kubernetes_manifest.m.manifest.metadata.namespace = 'kube-system'; }), MANIFEST],
    ['GP-GH-006', 'a repository role that bypasses always', ruleset([{ actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'always' }]), 'github_repository_ruleset.main'],
    ['GP-GH-006', 'a team that is exempt', ruleset([{ actor_id: 42, actor_type: 'Team', bypass_mode: 'exempt' }]), 'github_repository_ruleset.main'],
    ['GP-GH-006', 'a deploy key that bypasses always', ruleset([{ actor_type: 'DeployKey', bypass_mode: 'always' }]), 'github_repository_ruleset.main'],
    ['GP-GCP-008', 'condition "true" for GitHub Actions', wif((c) => { c.attribute_condition = 'true'; }), 'google_iam_workload_identity_pool_provider.github'],
    ['GP-GCP-008', 'a condition on the workflow only', wif((c) => { c.attribute_condition = "assertion.workflow == 'deploy'"; }), 'google_iam_workload_identity_pool_provider.github'],
    ['GP-GCP-008', 'a pin undone by ||', wif((c) => { c.attribute_condition = "assertion.repository_owner == 'acme' || true"; }), 'google_iam_workload_identity_pool_provider.github'],
    ['GP-GCP-008', 'an owner that is not pinned but compared with !=', wif((c) => { c.attribute_condition = "assertion.repository_owner != 'evil'"; }), 'google_iam_workload_identity_pool_provider.github'],
  ]);

  test.each([
    ['GP-K8S-016', 'a manifest Deployment (judged as kubernetes_deployment_v1)', deploymentManifest(() => undefined), MANIFEST],
    ['GP-K8S-016', 'a managed Prometheus PodMonitoring of a team namespace, as a service makes it', manifest(podMonitoring()), MANIFEST],
    ['GP-K8S-016', 'a team namespace\'s rollout policy, as its owner makes it', manifest(admissionPolicy()), MANIFEST],
    ['GP-K8S-016', 'its binding to that namespace', manifest(admissionBinding(() => undefined)), MANIFEST],
    ['GP-K8S-016', 'a binding to namespaces named in an expression', manifest(admissionBinding((b) => { b.spec.matchResources.namespaceSelector = { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['payments-dev', 'payments-staging'] }] }; })), MANIFEST],
    ['GP-K8S-014', 'a manifest Deployment without host namespaces', deploymentManifest(() => undefined), MANIFEST],
    ['GP-K8S-006', 'a sha256 digest of 64 hex digits', k8s((d) => { container(d).image = `registry/app@sha256:${HEX64}`; }), DEP],
    ['GP-GH-006', 'organization admins bypass always (the platform syncs its files that way)', ruleset([{ actor_id: 1, actor_type: 'OrganizationAdmin', bypass_mode: 'always' }]), 'github_repository_ruleset.main'],
    ['GP-GH-006', 'a repository role that bypasses through pull requests only', ruleset([{ actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'pull_request' }]), 'github_repository_ruleset.main'],
    ['GP-GCP-008', 'the platform\'s own condition', wif(), 'google_iam_workload_identity_pool_provider.github'],
    ['GP-GCP-008', 'a repository pin joined with &&', wif((c) => { c.attribute_condition = "assertion.ref == 'refs/heads/main' && assertion.repository == 'acme/shop'"; }), 'google_iam_workload_identity_pool_provider.github'],
    ['GP-GCP-008', 'another issuer with a condition', wif((c) => { c.attribute_condition = 'true'; c.oidc.issuer_uri = 'https://gitlab.example.com'; }), 'google_iam_workload_identity_pool_provider.github'],
  ] as Row[])('stays compliant: %s %s', (ruleId, _, config, address) => {
    expect(verdict(ruleId, config, address)).toEqual(COMPLIANT);
  });
});

describe('relabelling: production is decided by the namespace and scope the platform made, not by labels', () => {
  const dev = { 'golden-paths.dev/environment': 'dev' };
  expectFindings([
    ['GP-K8S-008', 'a Deployment in payments-prod labelled environment dev', k8s((d) => { d.metadata.labels = dev; d.spec.replicas = '1'; }), DEP],
    ['GP-K8S-011', 'a Deployment in payments-prod labelled dev, with no budget', tf({ kubernetes_deployment_v1: { api: variant(goodDeployment(), (d) => { d.metadata.labels = dev; }) } }), DEP],
    ['GP-K8S-008', 'a Deployment in a namespace labelled prod, itself labelled dev', tf({
      kubernetes_namespace_v1: { ns: goodNamespace('payments-live', 'prod') },
      kubernetes_deployment_v1: { api: variant(goodDeployment(), (d) => { d.metadata.labels = dev; d.metadata.namespace = '${kubernetes_namespace_v1.ns.metadata[0].name}'; d.spec.replicas = 1; }) },
    }), DEP],
    ['GP-K8S-009', 'an autoscaler in payments-prod labelled dev', tf({ kubernetes_horizontal_pod_autoscaler_v2: { hpa: { metadata: { name: 'api', namespace: 'payments-prod', labels: dev }, spec: { min_replicas: 1, max_replicas: 3 } } } }), 'kubernetes_horizontal_pod_autoscaler_v2.hpa'],
    ['GP-GCP-005', 'a Cloud SQL instance of the prod scope labelled environment dev', tf({
      google_sql_database_instance: { db: { 'name': 'orders', 'database_version': 'POSTGRES_16', 'settings': { user_labels: { environment: 'dev' } }, '//': { metadata: { path: 'acme/platform/orders/prod/instance' } } } },
    }), 'google_sql_database_instance.db'],
  ]);
});

/** Runs `fn`, silencing the warnings it prints. */
function quietly<T>(fn: () => T): T {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return fn();
  } finally {
    warn.mockRestore();
  }
}

describe('suppressions: bounded expiry, explicit wide scope, reasons that say something', () => {
  const inFuture = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const repository = () => unsafeStack().stack.node.findChild('team').node.findChild('repository');
  test.each([
    ['an expiry in year 9999', () => Guardrails.suppress(repository(), 'GP-GH-001', 'Open source by decision of the CTO', { expires: '9999-12-31' }), /invalid options.expires "9999-12-31": is more than 365 days ahead/],
    ['an expiry two years ahead', () => Guardrails.suppress(repository(), 'GP-GH-001', 'Open source by decision of the CTO', { expires: inFuture(730) }), /is more than 365 days ahead/],
    ['an expiry beyond the platform\'s own bound', () => {
      const { stack } = unsafeStack();
      Guardrails.of(stack).configure({ maxSuppressionDays: 30 });
      Guardrails.suppress(stack.node.findChild('team'), 'GP-GCP-007', 'Legacy batch job needs a key until its migration', { expires: inFuture(60) });
    }, /is more than 30 days ahead/],
    ['a whole stack without the opt-in', () => Guardrails.suppress(unsafeStack().stack, 'GP-GH-001', 'Open source by decision of the CTO'), /\[unsafe\] invalid scope "unsafe": is a whole stack.*Fix: suppress GP-GH-001 on the construct that needs the exception, or pass \{ wholeStack: true \}/],
    ['the whole app without the opt-in', () => Guardrails.suppress(unsafeStack().app, 'GP-GH-001', 'Open source by decision of the CTO'), /invalid scope "<app>": is the whole app/],
    ['one repeated character', () => Guardrails.suppress(repository(), 'GP-GH-001', 'aaaaaaaaaaaaaaaa'), /invalid reason "aaaaaaaaaaaaaaaa": says nothing a reviewer can judge \(1 different letters\)/],
    ['punctuation only', () => Guardrails.suppress(repository(), 'GP-GH-001', '..........!!!!'), /says nothing a reviewer can judge \(0 different letters\)/],
    ['a few letters repeated', () => Guardrails.suppress(repository(), 'GP-GH-001', 'asdf asdf asdf'), /says nothing a reviewer can judge/],
    ['one word repeated', () => Guardrails.suppress(repository(), 'GP-GH-001', 'because because because'), /says nothing a reviewer can judge \(one word repeated\)/],
    ['too short', () => Guardrails.suppress(repository(), 'GP-GH-001', 'ok fine'), /is 7 characters long/],
  ])('refused: %s', (_, fn, message) => {
    expect(errorOf(fn)).toMatch(message);
  });

  test('accepted: a reason, an expiry within the bound, a stack with the opt-in', () => {
    const { stack } = unsafeStack();
    Guardrails.suppress(stack.node.findChild('team').node.findChild('repository'), 'GP-GH-001', 'Open source by decision of the CTO', { expires: inFuture(300) });
    Guardrails.suppress(stack, 'GP-GCP-007', 'Legacy batch job needs a key until its migration', { wholeStack: true });
    Guardrails.of(stack);
    const report = quietly(() => { try { Testing.synth(stack, true); } catch (e) { return (e as Error).message; } return ''; });
    expect(report).not.toMatch(/GP-GH-001 error|GP-GCP-007 error/);
  });

  test('maxSuppressionDays must be a whole number of days', () => {
    expect(errorOf(() => Guardrails.of(unsafeStack().stack).configure({ maxSuppressionDays: 0 }))).toMatch(/invalid maxSuppressionDays 0: is not a whole number of days of 1 or more/);
  });
});

describe('coverage: every stack of an app with a Platform is judged; skipped validation and weakened rules are recorded', () => {
  function platformApp(options: { skipValidation?: boolean } = {}): { app: App; platformStack: TerraformStack } {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-')), ...options });
    const platformStack = new TerraformStack(app, 'platform');
    new Platform(platformStack, 'platform', PLATFORM_PROPS);
    return { app, platformStack };
  }

  test('a stack without a Platform in an app that has one fails the synth with its findings', () => {
    const { app } = platformApp();
    const other = new TerraformStack(app, 'side');
    new RawResource(other, 'key', 'google_service_account_key', { service_account_id: 'ci' });
    const message = quietly(() => errorOf(() => app.synth()));
    expect(message).toMatch(/GP-GCP-007 error at side\/key \(google_service_account_key\.key\): .*\(stack side has no guardrails of its own; judged by platform\/guardrails\)/);
  });

  test('a stack with guardrails of its own is judged by them, not twice', () => {
    const { app } = platformApp();
    const { stack } = safeStack(app, 'safe');
    Guardrails.of(stack);
    expect(() => quietly(() => app.synth())).not.toThrow();
  });

  test('skipValidation is recorded in the report', () => {
    const { app, platformStack } = platformApp({ skipValidation: true });
    quietly(() => app.synth());
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', platformStack.node.id, Guardrails.JSON_REPORT_FILE), 'utf8'));
    expect(report.synth).toEqual({ validationSkipped: true });
    const config = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', platformStack.node.id, 'cdk.tf.json'), 'utf8'));
    expect(config['//'].guardrails).toEqual({ enabled: true, validationSkipped: true, settingsSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  test('lowered levels, disabled rules and packs turned off are recorded as weakened', () => {
    const { app, platformStack } = platformApp();
    Guardrails.of(platformStack).configure({ ruleLevels: { 'GP-GH-001': GuardrailLevel.WARNING }, disabledRules: ['GP-K8S-007'] });
    quietly(() => app.synth());
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', platformStack.node.id, Guardrails.JSON_REPORT_FILE), 'utf8'));
    expect(report.configuration.weakened).toEqual({ packsOff: [], disabledRules: ['GP-K8S-007'], loweredRules: ['GP-GH-001'] });
  });
});

describe('the command: exit codes, bad input, verified synth reports', () => {
  // The synth signs its reports with the job's key, and the command applies a report only when the signature holds.
  const key = process.env.GOLDEN_PATHS_REPORT_KEY;
  beforeAll(() => { process.env.GOLDEN_PATHS_REPORT_KEY = 'a-key-of-this-test-run'; });
  afterAll(() => {
    if (key === undefined) delete process.env.GOLDEN_PATHS_REPORT_KEY;
    else process.env.GOLDEN_PATHS_REPORT_KEY = key;
  });
  function runHere(args: string[]): { status: number; out: string; err: string } {
    const out: string[] = [];
    const err: string[] = [];
    const status = run(args, (l) => out.push(l), (l) => err.push(l));
    return { status, out: out.join('\n'), err: err.join('\n') };
  }
  /** The synth output of one stack (safe or unsafe), with its report. */
  function synthesized(build: (app: App) => TerraformStack, options: { skipValidation?: boolean } = {}): string {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'command-')), ...options });
    const stack = build(app);
    Guardrails.of(stack);
    quietly(() => { try { app.synth(); } catch { /* the report is written either way */ } });
    return path.join(app.outdir, 'stacks', stack.node.id);
  }
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'command-input-'));

  test.each([
    ['a custom rule that throws', () => {
      const dir = tmp();
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ resource: { a_b: { c: {} } } }));
      const rule = "{ id: 'BOOM-1', name: 'boom', level: 'error', message: 'm.', fix: 'f.', check: () => { throw new Error('kaput'); } }";
      fs.writeFileSync(path.join(dir, 'rules.js'), `exports.p = { id: 'boom', rules: [${rule}] };`);
      return [dir, '--rules', path.join(dir, 'rules.js')];
    }, /^cdktf-guardrails: failed: \[\S+\] guardrail BOOM-1 failed on a_b\.c: kaput\. Fix: correct the rule's check/],
    ['a cdk.tf.json that is a directory', () => {
      const dir = tmp();
      fs.mkdirSync(path.join(dir, 'cdk.tf.json'));
      return [dir];
    }, /cdk\.tf\.json: is a directory, not a cdk\.tf\.json file$/],
    ['a stack directory whose cdk.tf.json is a directory', () => {
      const dir = tmp();
      fs.mkdirSync(path.join(dir, 'stacks', 'a', 'cdk.tf.json'), { recursive: true });
      return [dir];
    }, /holds no cdk\.tf\.json \(nor stacks\/\*\/cdk\.tf\.json\)/],
    ['a --json path that is a directory', () => {
      const dir = tmp();
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), '{}');
      fs.mkdirSync(path.join(dir, 'out.json'));
      return [dir, '--json', path.join(dir, 'out.json')];
    }, /out\.json: is a directory; name a file to write the report to$/],
    ['a configuration nested 100000 levels deep', () => {
      const dir = tmp();
      const depth = 100_000;
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), `{"resource":{"a_b":{"c":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}}}`);
      return [dir];
    }, /(nested more than 200 levels deep|nested too deeply)/],
    ['a file larger than the limit', () => {
      const dir = tmp();
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), `{"locals":{"x":"${'x'.repeat(2 * 1024 * 1024)}"}}`);
      return [dir, '--max-size', '1'];
    }, /cdk\.tf\.json: is 2\.0 MiB, more than the 1 MiB limit/],
  ])('exits 2 with a message, not a stack trace: %s', (_, args, message) => {
    const result = runHere(args());
    expect(result.status).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  test('a report edited after the synth (an added suppression, a disabled rule) does not apply: the verdict is the same', () => {
    const dir = synthesized((app) => unsafeStack(app).stack, { skipValidation: true });
    const file = path.join(dir, Guardrails.JSON_REPORT_FILE);
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    const before = runHere([dir, '--allow-skipped-validation']);
    expect(before.out).toMatch(/ERROR +GP-GCP-007/);
    report.suppressions.push({ ruleId: 'GP-GCP-007', scope: 'unsafe/team', reason: 'Added to the report by hand', expired: false, matched: 0 });
    fs.writeFileSync(file, JSON.stringify(report));
    const edited = runHere([dir, '--allow-skipped-validation']);
    expect(edited.status).toBe(1);
    expect(edited.out).toMatch(/ERROR +GP-GCP-007/);
    expect(edited.out).toMatch(/NOTE +.*guardrails-report\.json does not apply \(its signature does not hold with this GOLDEN_PATHS_REPORT_KEY \(it was edited, or signed by another job\)\)/);
    // Disabling a rule in the report changes nothing either.
    report.suppressions.pop();
    report.configuration.disabledRules = ['GP-GCP-007'];
    fs.writeFileSync(file, JSON.stringify(report));
    expect(runHere([dir, '--allow-skipped-validation']).out).toMatch(/ERROR +GP-GCP-007/);
  });

  test('a report of another stack does not apply', () => {
    const safe = synthesized((app) => {
      const { stack } = safeStack(app, 'safe');
      Guardrails.suppress(stack, 'GP-GCP-007', 'Suppressed in the safe stack, where nothing needs it', { wholeStack: true });
      return stack;
    });
    const unsafe = synthesized((app) => {
      const { stack } = unsafeStack(app, 'unsafe');
      return stack;
    }, { skipValidation: true });
    fs.copyFileSync(path.join(safe, Guardrails.JSON_REPORT_FILE), path.join(unsafe, Guardrails.JSON_REPORT_FILE));
    const result = runHere([unsafe, '--allow-skipped-validation']);
    expect(result.out).toMatch(/NOTE +.*does not apply \(it is the report of stack "safe", not "unsafe"\)/);
    expect(result.out).toMatch(/ERROR +GP-GCP-007/);
  });

  test('a report next to an edited cdk.tf.json does not apply', () => {
    const dir = synthesized((app) => {
      const { stack } = unsafeStack(app);
      Guardrails.suppress(stack.node.findChild('team').node.findChild('key'), 'GP-GCP-007', 'Legacy batch job needs a key until its migration');
      return stack;
    }, { skipValidation: true });
    expect(runHere([dir, '--allow-skipped-validation']).out).not.toMatch(/ERROR +GP-GCP-007/);
    const configFile = path.join(dir, 'cdk.tf.json');
    fs.appendFileSync(configFile, '\n');
    const result = runHere([dir, '--allow-skipped-validation']);
    expect(result.out).toMatch(/ERROR +GP-GCP-007/);
    expect(result.out).toMatch(/does not apply \(it was written for another cdk\.tf\.json than the one next to it\)/);
  });

  test('a suppression in a verified report is judged again: one further ahead than the command allows does not apply', () => {
    const inFiveYears = `${new Date().getUTCFullYear() + 5}-01-31`;
    const dir = synthesized((app) => {
      const { stack } = unsafeStack(app);
      Guardrails.of(stack).configure({ maxSuppressionDays: 3650 });
      Guardrails.suppress(stack.node.findChild('team').node.findChild('key'), 'GP-GCP-007', 'Legacy batch job needs a key until its migration', { expires: inFiveYears });
      return stack;
    }, { skipValidation: true });
    const result = runHere([dir, '--allow-skipped-validation']);
    expect(result.out).toMatch(/ERROR +GP-GCP-007/);
    expect(result.out).toMatch(new RegExp(`WARNING suppression of GP-GCP-007 on unsafe/team/key does not apply: its expiry ${inFiveYears} is more than 365 days ahead`));
    expect(runHere([dir, '--allow-skipped-validation', '--max-suppression-days', '3650']).out).not.toMatch(/ERROR +GP-GCP-007/);
  });

  test('a synth that skipped validation fails the check unless --allow-skipped-validation', () => {
    const dir = synthesized((app) => safeStack(app, 'safe').stack, { skipValidation: true });
    const refused = runHere([dir]);
    expect(refused.status).toBe(1);
    expect(refused.out).toMatch(/ERROR +the synth skipped validation \(App skipValidation\), so no guardrail error could fail it \(allow with --allow-skipped-validation\)/);
    expect(runHere([dir, '--allow-skipped-validation']).status).toBe(0);
  });

  test('a synth with the guardrails turned off fails the check unless --allow-weakened', () => {
    const dir = synthesized((app) => {
      const { stack } = safeStack(app, 'safe');
      Guardrails.of(stack).configure({ enabled: false });
      return stack;
    });
    const refused = runHere([dir]);
    expect(refused.status).toBe(1);
    expect(refused.out).toMatch(/ERROR +the guardrails were turned off at synth \(enabled: false\) \(allow with --allow-weakened\)/);
    expect(runHere([dir, '--allow-weakened']).status).toBe(0);
  });

  test('a synth that lowered or disabled built-in rules fails the check unless --allow-weakened', () => {
    const dir = synthesized((app) => {
      const { stack } = safeStack(app, 'safe');
      Guardrails.of(stack).configure({ ruleLevels: { 'GP-GH-001': GuardrailLevel.WARNING }, disabledRules: ['GP-K8S-007'] });
      return stack;
    });
    const refused = runHere([dir]);
    expect(refused.status).toBe(1);
    expect(refused.out).toMatch(/ERROR +the synth weakened the built-in rules \(rules disabled: GP-K8S-007; errors lowered to warnings: GP-GH-001\) \(allow with --allow-weakened\)/);
    expect(runHere([dir, '--allow-weakened']).status).toBe(0);
  });
});
