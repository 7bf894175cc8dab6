import { BranchProtection } from '@cdktf/provider-github/lib/branch-protection';
import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { Repository } from '@cdktf/provider-github/lib/repository';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { type App, TerraformResource, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { scopeViolations } from './scopes';
import { ruleById } from '../../src/guardrails/packs';
import { complianceOf, detailsOf, RuleCompliance } from '../../src/guardrails/rule';
import { StackView } from '../../src/guardrails/stack-view';

/** A Terraform JSON configuration holding the given resources, by type and name. */
export function tf(resources: Record<string, Record<string, unknown>>, extra: Record<string, unknown> = {}): any {
  return { resource: resources, ...extra };
}

/** What one rule says about the element at `address` of a configuration. */
export function verdict(ruleId: string, config: any, address: string, productionEnvironments: string[] = ['prod']): { compliance: RuleCompliance; details: readonly string[] } {
  const rule = ruleById(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const view = StackView.fromConfig(config, { productionEnvironments });
  // Every fixture also holds each built-in rule to its scope (the engine calls a rule only there).
  const violations = scopeViolations(view);
  if (violations.length > 0) throw new Error(`a built-in rule judges elements outside its declared scope:\n  ${violations.join('\n  ')}`);
  // A kubernetes_manifest is judged twice under its address: as a manifest, and as the typed resource it carries.
  const elements = view.elements.filter((e) => e.address === address);
  if (elements.length === 0) throw new Error(`no element ${address} in the configuration`);
  const outcomes = elements.map((element) => rule.check(element, view));
  const outcome = outcomes.find((o) => complianceOf(o) === RuleCompliance.NON_COMPLIANT)
    ?? outcomes.find((o) => complianceOf(o) === RuleCompliance.COMPLIANT) ?? outcomes[0];
  return { compliance: complianceOf(outcome), details: detailsOf(outcome) };
}

/** Shorthands for expectations. */
export const COMPLIANT = { compliance: RuleCompliance.COMPLIANT, details: [] };
export const NOT_APPLICABLE = { compliance: RuleCompliance.NOT_APPLICABLE, details: [] };
export function nonCompliant(...details: string[]) {
  return { compliance: RuleCompliance.NON_COMPLIANT, details };
}

/** A deep copy of a fixture, changed by `edit`. */
export function variant<T>(fixture: T, edit: (copy: any) => void): T {
  const copy = structuredClone(fixture);
  edit(copy);
  return copy;
}

/** A container that meets every Kubernetes rule. */
export const GOOD_CONTAINER = {
  name: 'app',
  image: 'europe-west1-docker.pkg.dev/acme-prod/payments/api:1.4.2',
  resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  security_context: {
    run_as_non_root: true,
    run_as_user: 10001,
    read_only_root_filesystem: true,
    allow_privilege_escalation: false,
    capabilities: { drop: ['ALL'] },
  },
  readiness_probe: { http_get: { path: '/readyz', port: 8080 } },
  liveness_probe: { http_get: { path: '/healthz', port: 8080 } },
};

/** A deployment that meets every Kubernetes rule, in namespace `namespace`. */
export function goodDeployment(namespace = 'payments-prod', name = 'api'): any {
  return {
    metadata: { name, namespace },
    spec: {
      replicas: '3',
      selector: { match_labels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { container: [structuredClone(GOOD_CONTAINER)] } },
    },
  };
}

/** A namespace that meets every Kubernetes rule (with the quota of {@link goodQuota}). */
export function goodNamespace(name = 'payments-prod', environment = 'prod'): any {
  return {
    metadata: {
      name,
      labels: { 'golden-paths.dev/environment': environment, 'pod-security.kubernetes.io/enforce': 'restricted' },
    },
  };
}

/** A quota in a namespace. */
export function goodQuota(namespace = 'payments-prod'): any {
  return { metadata: { name: 'team-quota', namespace }, spec: { hard: { 'limits.cpu': '8' } } };
}

/** A PodDisruptionBudget selecting `app: <app>` pods. */
export function goodPdb(namespace = 'payments-prod', app = 'api'): any {
  return { metadata: { name: app, namespace }, spec: { max_unavailable: '1', selector: { match_labels: { app } } } };
}

/** A resource written by hand as plain Terraform JSON (snake_case), as a team might next to the golden-path constructs. */
export class RawResource extends TerraformResource {
  public constructor(scope: Construct, id: string, type: string, private readonly attributes: Record<string, unknown>) {
    super(scope, id, { terraformResourceType: type });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.attributes;
  }
}

/** A stack with one of each kind of mistake the packs catch. */
export function unsafeStack(app: App = Testing.app(), id = 'unsafe'): { stack: TerraformStack; app: App } {
  const stack = new TerraformStack(app, id);
  new KubernetesProvider(stack, 'kubernetes', {});
  new GithubProvider(stack, 'github', { owner: 'acme', token: 'ghp_literal_token' });
  new GoogleProvider(stack, 'google', { project: 'acme-prod' });
  const team = new Construct(stack, 'team');
  const ns = new NamespaceV1(team, 'namespace', { metadata: { name: 'shop-prod' } });
  new DeploymentV1(team, 'deployment', {
    metadata: { name: 'shop', namespace: ns.metadata.name },
    spec: {
      replicas: '1',
      selector: { matchLabels: { app: 'shop' } },
      template: { metadata: { labels: { app: 'shop' } }, spec: { container: [{ name: 'shop', image: 'shop:latest' }] } },
    },
  });
  new SqlDatabaseInstance(team, 'database', { name: 'shop-db-prod', databaseVersion: 'POSTGRES_16', settings: { tier: 'db-f1-micro' } });
  new RawResource(team, 'key', 'google_service_account_key', { service_account_id: 'deployer' });
  new Repository(team, 'repository', { name: 'shop', visibility: 'public' });
  return { stack, app };
}

/** The ids of the errors of {@link unsafeStack}, in the order they are reported. */
export const UNSAFE_STACK_ERRORS = [
  'GP-K8S-012', 'GP-K8S-013', // namespace
  'GP-K8S-001', 'GP-K8S-002', 'GP-K8S-003', 'GP-K8S-004', 'GP-K8S-005', 'GP-K8S-006', 'GP-K8S-008', 'GP-K8S-011', // deployment
  'GP-GCP-001', 'GP-GCP-002', 'GP-GCP-003', 'GP-GCP-004', 'GP-GCP-005', // database
  'GP-GCP-007', // key
  'GP-GH-001', 'GP-GH-002', 'GP-GH-003', // repository
  'GP-SEC-001', // provider token
];

/** A stack that passes every pack: a hardened workload, its namespace, quota and budget, and a protected private repository. */
export function safeStack(app: App = Testing.app(), id = 'safe'): { stack: TerraformStack; app: App; team: Construct } {
  const stack = new TerraformStack(app, id);
  new KubernetesProvider(stack, 'kubernetes', {});
  new GithubProvider(stack, 'github', { owner: 'acme' });
  const team = new Construct(stack, 'team');
  new RawResource(team, 'namespace', 'kubernetes_namespace_v1', goodNamespace());
  new RawResource(team, 'quota', 'kubernetes_resource_quota_v1', goodQuota());
  new RawResource(team, 'pdb', 'kubernetes_pod_disruption_budget_v1', goodPdb());
  new RawResource(team, 'deployment', 'kubernetes_deployment_v1', goodDeployment());
  const repo = new Repository(team, 'repository', { name: 'shop', visibility: 'private', vulnerabilityAlerts: true });
  new BranchProtection(team, 'protection', {
    repositoryId: repo.nodeId,
    pattern: 'main',
    requiredStatusChecks: [{ contexts: ['unit-tests'] }],
    requiredPullRequestReviews: [{ requiredApprovingReviewCount: 1 }],
  });
  return { stack, app, team };
}

/** The error ids in a synthesis failure message, in order. */
export function errorIds(message: string): string[] {
  return [...message.matchAll(/\] (GP-[A-Z0-9]+-\d{3}) error at /g)].map((m) => m[1]);
}
