import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { GroupSubject, NamespaceQuota, Platform, TeamEnvironment, TeamNamespace } from '../../src';
import { errorOf, PLATFORM_PROPS, platformFixture, resource, resources, synth } from '../util';

const ENVS = ['dev', 'staging', 'prod'] as const;

const K8S_TYPES = [
  'kubernetes_namespace_v1',
  'kubernetes_resource_quota_v1',
  'kubernetes_limit_range_v1',
  'kubernetes_role_binding_v1',
  'kubernetes_network_policy_v1',
];

/** The resources of a type that live in one namespace (or are it). */
function inNamespace(json: any, type: string, namespace: string): any[] {
  return Object.values(resources(json, type)).filter((r: any) => (r.metadata.namespace ?? r.metadata.name) === namespace);
}

describe('TeamEnvironment defaults', () => {
  let stack: TerraformStack;
  let platform: Platform;
  let team: TeamEnvironment;
  let json: any;

  beforeAll(() => {
    ({ stack, platform } = platformFixture());
    team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    json = synth(stack);
  });

  test('keeps its props and defaults as attributes', () => {
    expect(team.name).toBe('payments');
    expect(team.description).toBe('payments team, managed by cdktf-golden-paths');
    expect(team.maintainers).toEqual(['alice']);
    expect(team.members).toEqual([]);
    expect(team.platform).toBe(platform);
    expect(team.environments.map((e) => e.name)).toEqual([...ENVS]);
  });

  test('a closed GitHub team without the default maintainer', () => {
    expect(resource(json, 'github_team')).toEqual({
      name: 'payments',
      description: 'payments team, managed by cdktf-golden-paths',
      privacy: 'closed',
      create_default_maintainer: false,
    });
    expect(team.githubTeamSlug).toBe('payments');
    expect(team.githubTeamId).toMatch(/^\$\{TfToken/);
  });

  test('one maintainer membership bound to the team', () => {
    const memberships = resources(json, 'github_team_membership');
    expect(Object.keys(memberships)).toEqual([expect.stringMatching(/^platform_payments_maintainer-alice_/)]);
    expect(Object.values(memberships)[0]).toEqual({
      team_id: expect.stringMatching(/^\$\{github_team\.platform_payments_github-team_[0-9A-F]+\.id\}$/),
      username: 'alice',
      role: 'maintainer',
    });
    expect(team.githubMemberships).toHaveLength(1);
  });

  test.each(ENVS)('a restricted, labelled namespace payments-%s', (env) => {
    const ns = inNamespace(json, 'kubernetes_namespace_v1', `payments-${env}`);
    expect(ns).toHaveLength(1);
    expect(ns[0].metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'cdktf-golden-paths',
      'golden-paths.dev/team': 'payments',
      'golden-paths.dev/environment': env,
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(ns[0].provider).toBeUndefined();
    expect(team.namespaceName(env)).toBe(`payments-${env}`);
    expect(team.namespaceResource(env)).toBe(team.teamNamespace(env).namespaceResource);
  });

  // prevent_destroy: Terraform refuses a plan that would destroy the resource (https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#prevent_destroy).
  test.each([['dev', undefined], ['staging', undefined], ['prod', { prevent_destroy: true }]])(
    'the namespace payments-%s is protected from destroy in production only: %j', (env, lifecycle) => {
      const [ns] = inNamespace(json, 'kubernetes_namespace_v1', `payments-${env}`);
      expect(ns.lifecycle).toEqual(lifecycle);
      expect(team.namespaceResource(env).lifecycle?.preventDestroy).toBe(env === 'prod' ? true : undefined);
    });

  test.each([['dev', '10', '10Gi', '30'], ['staging', '10', '10Gi', '30'], ['prod', '20', '20Gi', '50']])(
    'the default quota in %s: cpu %s, memory %s, pods %s', (env, cpu, memory, pods) => {
      const [quota] = inNamespace(json, 'kubernetes_resource_quota_v1', `payments-${env}`);
      expect(quota.metadata.name).toBe('team-quota');
      expect(quota.spec.hard).toEqual({
        'requests.cpu': cpu, 'limits.cpu': cpu, 'requests.memory': memory, 'limits.memory': memory, 'pods': pods,
      });
      expect(team.teamNamespace(env).quota).toEqual({ cpu, memory, pods: Number(pods) });
      expect(NamespaceQuota.defaults(env === 'prod')).toEqual({ cpu, memory, pods: Number(pods) });
    });

  test.each(ENVS)('a limit range with the golden container defaults in %s', (env) => {
    const [limitRange] = inNamespace(json, 'kubernetes_limit_range_v1', `payments-${env}`);
    expect(limitRange.metadata.name).toBe('golden-path-defaults');
    expect(limitRange.spec.limit).toEqual([{
      type: 'Container',
      default: { cpu: '500m', memory: '512Mi' },
      default_request: { cpu: '500m', memory: '512Mi' },
    }]);
    expect(team.teamNamespace(env).defaultCpu).toBe(platform.goldenPath.cpu);
    expect(team.teamNamespace(env).defaultMemory).toBe(platform.goldenPath.memory);
  });

  test.each([['dev', 'edit'], ['staging', 'edit'], ['prod', 'view']])('the team group gets %s: %s', (env, role) => {
    const [binding] = inNamespace(json, 'kubernetes_role_binding_v1', `payments-${env}`);
    expect(binding.metadata.name).toBe(`team-${role}`);
    expect(binding.role_ref).toEqual({ api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role });
    expect(binding.subject).toEqual([{ api_group: 'rbac.authorization.k8s.io', kind: 'Group', name: 'payments@acme.com' }]);
    expect(team.teamNamespace(env).clusterRole).toBe(role);
  });

  test('the default group subject is the Google Group <team>@<googleGroupsDomain> (test/team/team-rbac-subject.test.ts)', () => {
    expect(team.groupSubject.name).toBe('payments@acme.com');
    expect(team.groupSubject.kind).toBe('Group');
    expect(team.groupSubject.apiGroup).toBe('rbac.authorization.k8s.io');
  });

  test.each(ENVS)('network policies in %s: deny ingress, allow same namespace, ingress-nginx, Google Cloud\'s load balancers and the metrics collectors', (env) => {
    const policies = Object.fromEntries(inNamespace(json, 'kubernetes_network_policy_v1', `payments-${env}`).map((p) => [p.metadata.name, p.spec]));
    expect(policies).toEqual({
      'deny-ingress': { pod_selector: {}, policy_types: ['Ingress'] },
      'allow-same-namespace': { pod_selector: {}, policy_types: ['Ingress'], ingress: [{ from: [{ pod_selector: {} }] }] },
      'allow-ingress-controller': {
        pod_selector: {},
        policy_types: ['Ingress'],
        ingress: [{ from: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }],
      },
      // https://cloud.google.com/load-balancing/docs/firewall-rules (test/team/ingress-sources.test.ts)
      'allow-load-balancers': {
        pod_selector: {},
        policy_types: ['Ingress'],
        ingress: [{ from: [{ ip_block: { cidr: '35.191.0.0/16' } }, { ip_block: { cidr: '130.211.0.0/22' } }] }],
      },
      // Managed Service for Prometheus: its collectors (pods app.kubernetes.io/name=collector in gmp-system, gke-gmp-system on
      // Autopilot) scrape the pods, and only their port named "metrics".
      // https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed
      'allow-metrics-collector': {
        pod_selector: {},
        policy_types: ['Ingress'],
        ingress: [{
          from: [{
            namespace_selector: { match_expressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['gmp-system', 'gke-gmp-system'] }] },
            pod_selector: { match_labels: { 'app.kubernetes.io/name': 'collector' } },
          }],
          ports: [{ port: 'metrics', protocol: 'TCP' }],
        }],
      },
    });
    expect(team.ingressControllerNamespaceLabels).toEqual({ 'kubernetes.io/metadata.name': 'ingress-nginx' });
    expect(team.teamNamespace(env).networkPolicies.map((p) => p.node.id)).toEqual(['deny-ingress', 'allow-same-namespace', 'allow-ingress-controller', 'allow-load-balancers', 'allow-metrics-collector']);
  });

  test.each(ENVS)('everything in %s is labelled and created after its namespace', (env) => {
    const nsAddress = `kubernetes_namespace_v1.${Object.entries(resources(json, 'kubernetes_namespace_v1')).find(([, r]) => r.metadata.name === `payments-${env}`)![0]}`;
    for (const type of K8S_TYPES.slice(1)) {
      for (const r of inNamespace(json, type, `payments-${env}`)) {
        expect(r.depends_on).toEqual([nsAddress]);
        expect(r.metadata.labels).toEqual({
          'app.kubernetes.io/managed-by': 'cdktf-golden-paths', 'golden-paths.dev/team': 'payments', 'golden-paths.dev/environment': env,
        });
      }
    }
  });

  test('Kubernetes resources per environment: 1 namespace, quota, limit range, role binding, 5 network policies', () => {
    expect(Object.keys(resources(json, 'kubernetes_namespace_v1'))).toHaveLength(3);
    expect(Object.keys(resources(json, 'kubernetes_resource_quota_v1'))).toHaveLength(3);
    expect(Object.keys(resources(json, 'kubernetes_limit_range_v1'))).toHaveLength(3);
    expect(Object.keys(resources(json, 'kubernetes_role_binding_v1'))).toHaveLength(3);
    expect(Object.keys(resources(json, 'kubernetes_network_policy_v1'))).toHaveLength(15);
  });

  test('construct ids are stable: <env>/namespace, quota, limit-range, role-binding, policies', () => {
    expect(Object.keys(resources(json, 'kubernetes_namespace_v1')).sort()).toEqual([
      expect.stringMatching(/^platform_payments_dev_namespace_/),
      expect.stringMatching(/^platform_payments_prod_namespace_/),
      expect.stringMatching(/^platform_payments_staging_namespace_/),
    ]);
    expect(team.teamNamespace('prod').node.children.map((c) => c.node.id)).toEqual([
      'namespace', 'quota', 'limit-range', 'role-binding', 'deny-ingress', 'allow-same-namespace', 'allow-ingress-controller', 'allow-load-balancers',
      'allow-metrics-collector', 'deployer-rollout-policy', 'deployer-rollout-policy-binding',
    ]);
    expect(team.teamNamespace('prod').node.path).toBe('test/platform/payments/prod');
  });

  test('an Artifact Registry docker repository named after the team, with cleanup policies', () => {
    // CI tags every image with its commit SHA, so tagged images pile up unless
    // a DELETE policy matches them; a version that matches both a KEEP and a
    // DELETE policy is kept, so the 20 newest stay whatever their age
    // (https://cloud.google.com/artifact-registry/docs/repositories/cleanup-policy-overview;
    // google_artifact_registry_repository cleanup_policies: tag_state TAGGED | UNTAGGED | ANY,
    // older_than a duration in seconds).
    expect(resource(json, 'google_artifact_registry_repository')).toEqual({
      project: 'acme-prod',
      location: 'europe-west1',
      repository_id: 'payments',
      format: 'DOCKER',
      description: 'Container images of the payments team',
      labels: { 'team': 'payments', 'managed-by': 'cdktf-golden-paths' },
      cleanup_policy_dry_run: false,
      cleanup_policies: [
        { id: 'keep-recent', action: 'KEEP', most_recent_versions: { keep_count: 20 } },
        { id: 'keep-deployed', action: 'KEEP', condition: { tag_state: 'TAGGED', tag_prefixes: ['deployed-'] } },
        { id: 'delete-untagged', action: 'DELETE', condition: { tag_state: 'UNTAGGED', older_than: '604800s' } },
        { id: 'delete-tagged', action: 'DELETE', condition: { tag_state: 'TAGGED', older_than: '7776000s' } },
      ],
    });
    expect(team.imageRetention).toEqual({ keepRecentVersions: 20, deleteUntaggedAfterDays: 7, deleteTaggedAfterDays: 90 });
    expect(team.artifactRegistry!.repositoryIdInput).toBe('payments');
  });

  test('the registry uses the default Google provider and the platform project', () => {
    expect(resource(json, 'google_artifact_registry_repository').provider).toBeUndefined();
  });

  test('registryPath is a plain string', () => {
    expect(team.registryPath).toBe('europe-west1-docker.pkg.dev/acme-prod/payments');
  });

  test('no budget without one asked for', () => {
    expect(resources(json, 'google_billing_budget')).toEqual({});
    expect(team.budget).toBeUndefined();
  });

  test('Google labels for other constructs', () => {
    expect(team.googleLabels).toEqual({ 'team': 'payments', 'managed-by': 'cdktf-golden-paths' });
  });

  test('accessors return copies', () => {
    team.teamNamespaces.pop();
    team.githubMemberships.pop();
    team.maintainers.pop();
    expect(team.teamNamespaces).toHaveLength(3);
    expect(team.githubMemberships).toHaveLength(1);
    expect(team.maintainers).toEqual(['alice']);
    expect(team.teamNamespaces.every((ns) => ns instanceof TeamNamespace)).toBe(true);
  });

  test('no quota consumers and no quota findings without workloads', () => {
    expect(team.quotaConsumers).toEqual([]);
    expect(team.node.validate()).toEqual([]);
  });
});

describe('TeamEnvironment overrides', () => {
  test('maintainers and members become memberships with stable lowercase ids', () => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', {
      name: 'payments', maintainers: ['Alice', 'carol'], members: ['bob-smith'], description: 'Payments and billing',
    });
    const json = synth(stack);
    const memberships = Object.entries(resources(json, 'github_team_membership')).map(([address, r]) => [address.replace(/_[0-9A-F]{8}$/, ''), r.username, r.role]);
    expect(memberships).toEqual([
      ['platform_payments_maintainer-alice', 'Alice', 'maintainer'],
      ['platform_payments_maintainer-carol', 'carol', 'maintainer'],
      ['platform_payments_member-bob-smith', 'bob-smith', 'member'],
    ]);
    expect(team.members).toEqual(['bob-smith']);
    expect(team.githubMemberships.map((m) => m.node.id)).toEqual(['maintainer-alice', 'maintainer-carol', 'member-bob-smith']);
    expect(resource(json, 'github_team').description).toBe('Payments and billing');
  });

  test('quotas override per environment, field by field', () => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', {
      name: 'payments', maintainers: ['alice'], quotas: { prod: { cpu: '40', memory: '48Gi' }, dev: { pods: 12 } },
    });
    const json = synth(stack);
    expect(inNamespace(json, 'kubernetes_resource_quota_v1', 'payments-prod')[0].spec.hard).toEqual({
      'requests.cpu': '40', 'limits.cpu': '40', 'requests.memory': '48Gi', 'limits.memory': '48Gi', 'pods': '50',
    });
    expect(inNamespace(json, 'kubernetes_resource_quota_v1', 'payments-dev')[0].spec.hard).toEqual({
      'requests.cpu': '10', 'limits.cpu': '10', 'requests.memory': '10Gi', 'limits.memory': '10Gi', 'pods': '12',
    });
    expect(team.teamNamespace('staging').quota).toEqual(NamespaceQuota.defaults(false));
  });

  test('the limit range follows the golden path and each environment\'s workload overrides', () => {
    const { stack, platform } = platformFixture({
      environments: [{ name: 'dev', workloads: { cpu: '250m', memory: '256Mi' } }, { name: 'prod', production: true, workloads: { memory: '1Gi' } }],
    });
    new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const json = synth(stack);
    const defaults = (env: string) => inNamespace(json, 'kubernetes_limit_range_v1', `payments-${env}`)[0].spec.limit[0];
    expect(defaults('dev')).toEqual({ type: 'Container', default: { cpu: '250m', memory: '256Mi' }, default_request: { cpu: '250m', memory: '256Mi' } });
    expect(defaults('prod')).toEqual({ type: 'Container', default: { cpu: '500m', memory: '1Gi' }, default_request: { cpu: '500m', memory: '1Gi' } });
  });

  test.each([
    ['googleGroup', GroupSubject.googleGroup('payments@acme.com'), 'payments@acme.com'],
    ['group', GroupSubject.group('oidc:payments-devs'), 'oidc:payments-devs'],
    ['githubTeam', GroupSubject.githubTeam('acme', 'pay'), 'acme:pay'],
  ])('groupSubject %s binds that group in every environment', (_factory, subject, name) => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], groupSubject: subject });
    const json = synth(stack);
    for (const binding of Object.values(resources(json, 'kubernetes_role_binding_v1'))) {
      expect(binding.subject).toEqual([{ api_group: 'rbac.authorization.k8s.io', kind: 'Group', name }]);
    }
    expect(team.groupSubject).toBe(subject);
  });

  test('ingress controller namespace labels', () => {
    const { stack, platform } = platformFixture();
    const labels = { 'kubernetes.io/metadata.name': 'gke-gateway', 'team': 'platform' };
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], ingressControllerNamespaceLabels: labels });
    const json = synth(stack);
    const allows = Object.values(resources(json, 'kubernetes_network_policy_v1')).filter((p: any) => p.metadata.name === 'allow-ingress-controller');
    expect(allows).toHaveLength(3);
    for (const p of allows) expect(p.spec.ingress[0].from[0].namespace_selector.match_labels).toEqual(labels);
    expect(team.ingressControllerNamespaceLabels).toEqual(labels);
  });

  test('image retention', () => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', {
      name: 'payments', maintainers: ['alice'], imageRetention: { keepRecentVersions: 5, deleteUntaggedAfterDays: 1, deleteTaggedAfterDays: 30 },
    });
    expect(resource(synth(stack), 'google_artifact_registry_repository').cleanup_policies).toEqual([
      { id: 'keep-recent', action: 'KEEP', most_recent_versions: { keep_count: 5 } },
      { id: 'keep-deployed', action: 'KEEP', condition: { tag_state: 'TAGGED', tag_prefixes: ['deployed-'] } },
      { id: 'delete-untagged', action: 'DELETE', condition: { tag_state: 'UNTAGGED', older_than: '86400s' } },
      { id: 'delete-tagged', action: 'DELETE', condition: { tag_state: 'TAGGED', older_than: '2592000s' } },
    ]);
    expect(team.imageRetention).toEqual({ keepRecentVersions: 5, deleteUntaggedAfterDays: 1, deleteTaggedAfterDays: 30 });
  });

  test('deleteTaggedAfterDays 0 keeps tagged images forever', () => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], imageRetention: { deleteTaggedAfterDays: 0 } });
    expect(resource(synth(stack), 'google_artifact_registry_repository').cleanup_policies.map((p: any) => p.id)).toEqual(['keep-recent', 'keep-deployed', 'delete-untagged']);
    expect(team.imageRetention.deleteTaggedAfterDays).toBeUndefined();
  });

  /*
   * Without a recipient, Cloud Billing mails a budget's alerts to the billing account's administrators and users
   * alone. The team hears of them through Cloud Monitoring email channels linked to the budget
   * (all_updates_rule.monitoring_notification_channels, at most 5, email channels only: "Customize budget alert email
   * recipients", https://cloud.google.com/billing/docs/how-to/budgets-notification-recipients; the channel's
   * email_address label: https://cloud.google.com/monitoring/api/ref_v3/rest/v3/projects.notificationChannelDescriptors).
   */
  test('a monthly budget on the platform billing account, alerting at 50, 90 and 100%, to the team\'s Google Group too', () => {
    const { stack, platform } = platformFixture({ billingAccount: '012345-6789AB-CDEF01' });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], monthlyBudget: { amount: 500, currencyCode: 'EUR' } });
    const json = synth(stack);
    const channels = Object.entries<any>(resources(json, 'google_monitoring_notification_channel'));
    expect(channels.map(([, c]) => c)).toEqual([{
      project: 'acme-prod',
      type: 'email',
      display_name: 'payments budget alerts (payments@acme.com)',
      description: 'Alerts of the monthly budget of the team payments. Managed by cdktf-golden-paths',
      labels: { email_address: 'payments@acme.com' },
    }]);
    expect(resource(json, 'google_billing_budget')).toEqual({
      billing_account: '012345-6789AB-CDEF01',
      display_name: 'team-payments',
      amount: { specified_amount: { units: '500', currency_code: 'EUR' } },
      budget_filter: { calendar_period: 'MONTH', labels: { team: 'payments' } },
      threshold_rules: [{ threshold_percent: 0.5 }, { threshold_percent: 0.9 }, { threshold_percent: 1 }],
      all_updates_rule: { monitoring_notification_channels: [`\${google_monitoring_notification_channel.${channels[0][0]}.name}`] },
    });
    expect(team.budget).toBeDefined();
    expect(platform.billingAccount).toBe('012345-6789AB-CDEF01');
  });

  test('notifyEmails names the budget\'s recipients instead; [] leaves the alerts to billing; a group that is no Google Group has none', () => {
    const emails = (budget: any, props: any = {}) => {
      const { stack, platform } = platformFixture({ billingAccount: '012345-6789AB-CDEF01' });
      new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], monthlyBudget: budget, ...props });
      const json = synth(stack);
      return { channels: Object.values<any>(resources(json, 'google_monitoring_notification_channel')).map((c) => c.labels.email_address), rule: resource(json, 'google_billing_budget').all_updates_rule };
    };
    const two = emails({ amount: 5, notifyEmails: ['finops@acme.com', 'lead@acme.com'] });
    expect(two.channels).toEqual(['finops@acme.com', 'lead@acme.com']);
    expect(two.rule.monitoring_notification_channels).toHaveLength(2);
    expect(emails({ amount: 5, notifyEmails: [] })).toEqual({ channels: [], rule: undefined });
    expect(emails({ amount: 5 }, { groupSubject: GroupSubject.group('payments-devs') })).toEqual({ channels: [], rule: undefined });
  });

  test('a budget without a currency uses the billing account\'s', () => {
    const { stack, platform } = platformFixture({ billingAccount: '012345-6789AB-CDEF01' });
    new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], monthlyBudget: { amount: 100 } });
    expect(resource(synth(stack), 'google_billing_budget').amount).toEqual({ specified_amount: { units: '100' } });
  });

  test('a billing account alone makes no budget', () => {
    const { stack, platform } = platformFixture({ billingAccount: '012345-6789AB-CDEF01' });
    new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(resources(synth(stack), 'google_billing_budget')).toEqual({});
  });

  test('two teams in one platform each get their own resources', () => {
    const { stack, platform } = platformFixture();
    new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    new TeamEnvironment(platform, 'search', { name: 'search', maintainers: ['dave'], members: ['erin'] });
    const json = synth(stack);
    expect(Object.values(resources(json, 'github_team')).map((t: any) => t.name)).toEqual(['payments', 'search']);
    expect(Object.values(resources(json, 'kubernetes_namespace_v1')).map((n: any) => n.metadata.name).sort()).toEqual([
      'payments-dev', 'payments-prod', 'payments-staging', 'search-dev', 'search-prod', 'search-staging',
    ]);
    expect(Object.values(resources(json, 'google_artifact_registry_repository')).map((r: any) => r.repository_id)).toEqual(['payments', 'search']);
  });
});

describe('TeamEnvironment providers per environment', () => {
  let json: any;
  let team: TeamEnvironment;

  beforeAll(() => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'multi');
    new GoogleProvider(stack, 'google', { project: 'acme-prod', region: 'europe-west1' });
    new GithubProvider(stack, 'github', { owner: 'acme' });
    new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
    const prodCluster = new KubernetesProvider(stack, 'prod-cluster', { alias: 'prod', configPath: '~/.kube/prod' });
    const platform = new Platform(stack, 'platform', {
      ...PLATFORM_PROPS,
      environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', production: true, kubernetesProvider: prodCluster }],
    });
    team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    json = synth(stack);
  });

  test.each(K8S_TYPES)('%s in prod is on the prod cluster', (type) => {
    const found = inNamespace(json, type, 'payments-prod');
    expect(found.length).toBeGreaterThan(0);
    for (const r of found) expect(r.provider).toBe('kubernetes.prod');
  });

  test.each(K8S_TYPES)('%s in dev and staging is on the default cluster', (type) => {
    for (const env of ['dev', 'staging']) {
      const found = inNamespace(json, type, `payments-${env}`);
      expect(found.length).toBeGreaterThan(0);
      for (const r of found) expect(r.provider).toBeUndefined();
    }
  });

  test('the environment\'s provider is what the namespace carries', () => {
    expect(team.teamNamespace('prod').environment.kubernetesProvider).toBeDefined();
    expect(team.namespaceResource('prod').provider).toBe(team.teamNamespace('prod').environment.kubernetesProvider);
  });
});

describe('TeamEnvironment.of', () => {
  test('finds the enclosing team from any depth', () => {
    const { platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const deep = new Construct(new Construct(team, 'svc'), 'inner');
    expect(TeamEnvironment.of(deep)).toBe(team);
    expect(TeamEnvironment.isTeamEnvironment(team)).toBe(true);
    expect(TeamEnvironment.isTeamEnvironment(platform)).toBe(false);
  });

  test('a team may sit below the platform, not only directly in it', () => {
    const { platform } = platformFixture();
    const team = new TeamEnvironment(new Construct(platform, 'teams'), 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(team.platform).toBe(platform);
  });

  test('fails outside a team with the path and the fix', () => {
    const { platform } = platformFixture();
    expect(errorOf(() => TeamEnvironment.of(new Construct(platform, 'stray')))).toBe(
      '[test/platform/stray] is not inside a TeamEnvironment. Fix: create services and databases inside their team: new GoMicroservice(team, ...), new ManagedDatabase(team, ...).',
    );
  });

  test('teamNamespace() names the known environments when asked for another', () => {
    const { platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(errorOf(() => team.teamNamespace('qa'))).toBe('[test/platform] has no environment "qa". Fix: use one of "dev", "staging", "prod".');
    expect(errorOf(() => team.namespaceName('qa'))).toContain('has no environment "qa"');
  });
});
