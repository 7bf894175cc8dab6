import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import { Platform, type PlatformProps, TeamEnvironment } from '../../src';
import { APP_PLATFORM_PROPS, errorOf, PLATFORM_PROPS, platformFixture, resources, synth } from '../util';

const BILLING = '012345-6789AB-CDEF01';
const SETTINGS: PlatformProps = { ...APP_PLATFORM_PROPS, billingAccount: BILLING };

function synthApp(props: Partial<PlatformProps>, team: (p: Platform) => void): Record<string, any> {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'team-google-')) });
  team(new Platform(app, 'acme', { ...SETTINGS, ...props }));
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
  return Object.fromEntries(Object.entries(manifest.stacks).map(([name, s]: [string, any]) =>
    [name, JSON.parse(fs.readFileSync(path.join(app.outdir, s.synthesizedStackPath), 'utf8'))]));
}

/**
 * The Cloud Billing Budget API needs a quota project when called with user
 * credentials (Terraform google provider, google_billing_budget: "If you are
 * using User ADCs, you must specify a billing_project and set
 * user_project_override to true in the provider configuration", or the API
 * answers 403 "requires a quota project").
 */
describe('the team budget\'s quota project', () => {
  test('at App scope, the team stack\'s Google provider bills the platform project and overrides the user project', () => {
    const stacks = synthApp({}, (p) => new TeamEnvironment(p, 'payments', { name: 'payments', maintainers: ['alice'], monthlyBudget: { amount: 500 } }));
    expect(Object.keys(resources(stacks.payments, 'google_billing_budget'))).toHaveLength(1);
    expect(stacks.payments.provider.google).toEqual([expect.objectContaining({ project: 'acme-prod', billing_project: 'acme-prod', user_project_override: true })]);
    // Environment stacks hold no budget and keep the plain provider.
    expect(stacks['payments-dev'].provider.google[0].user_project_override).toBeUndefined();
  });

  test('at App scope, a team without a budget keeps the plain provider', () => {
    const stacks = synthApp({}, (p) => new TeamEnvironment(p, 'payments', { name: 'payments', maintainers: ['alice'] }));
    expect(stacks.payments.provider.google[0].user_project_override).toBeUndefined();
  });

  test('inside a stack, a Google provider without a quota project fails at synth with the fix', () => {
    const stack = new TerraformStack(Testing.app(), 'plain');
    new GoogleProvider(stack, 'google', { project: 'acme-prod' });
    new KubernetesProvider(stack, 'kubernetes', { configPath: '~/.kube/config' });
    new GithubProvider(stack, 'github', { owner: 'acme' });
    const platform = new Platform(stack, 'platform', { ...PLATFORM_PROPS, billingAccount: BILLING });
    new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], monthlyBudget: { amount: 500 } });
    expect(errorOf(() => synth(stack))).toContain(
      '[plain/platform/payments] invalid monthlyBudget {"amount":500}: the Cloud Billing Budget API needs a quota project, and the stack\'s Google provider sets no billing_project with user_project_override. '
      + 'Fix: configure the provider with billingProject: "acme-prod" and userProjectOverride: true.',
    );
  });

  test('inside a stack, a provider with a quota project passes', () => {
    const { stack, platform } = platformFixture({ billingAccount: BILLING });
    new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'], monthlyBudget: { amount: 500 } });
    expect(() => synth(stack)).not.toThrow();
  });
});

/**
 * GKE nodes pull images with their own service account; a least-privilege
 * node account needs roles/artifactregistry.reader on the repository
 * (Artifact Registry, "Configure access for GKE": grant the Artifact Registry
 * Reader role to the node pool's service account), or pulls fail with 403.
 */
describe('image pulls by the environments\' GKE nodes', () => {
  const nodes = (env: string) => `gke-nodes-${env}@acme-prod.iam.gserviceaccount.com`;

  test('inside a stack, each node account named in the settings reads the team registry, once per account', () => {
    const { stack, platform } = platformFixture({
      environments: [
        { name: 'dev', gkeNodeServiceAccount: nodes('nonprod') },
        { name: 'staging', gkeNodeServiceAccount: nodes('nonprod') },
        { name: 'prod', production: true, gkeNodeServiceAccount: nodes('prod') },
      ],
    });
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const readers = Object.values(resources(synth(stack), 'google_artifact_registry_repository_iam_member')).filter((m: any) => m.role === 'roles/artifactregistry.reader');
    expect(readers).toEqual([nodes('nonprod'), nodes('prod')].map((email) => expect.objectContaining({
      member: `serviceAccount:${email}`,
      repository: expect.stringMatching(/^\$\{google_artifact_registry_repository\.platform_payments_registry_\S+\.name\}$/),
      location: expect.stringMatching(/^\$\{google_artifact_registry_repository\.platform_payments_registry_\S+\.location\}$/),
      role: 'roles/artifactregistry.reader',
    })));
    expect(team.registryReaders).toHaveLength(2);
  });

  test('at App scope, the grants are in the team stack, next to the registry', () => {
    const stacks = synthApp({ environments: [{ name: 'dev', gkeNodeServiceAccount: nodes('dev') }, { name: 'prod', production: true, gkeNodeServiceAccount: nodes('prod') }] },
      (p) => new TeamEnvironment(p, 'payments', { name: 'payments', maintainers: ['alice'] }));
    const members = Object.values(resources(stacks.payments, 'google_artifact_registry_repository_iam_member')).map((m: any) => m.member);
    expect(members).toEqual([`serviceAccount:${nodes('dev')}`, `serviceAccount:${nodes('prod')}`]);
  });

  test('without node accounts in the settings nothing is granted', () => {
    const { stack, platform } = platformFixture();
    new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    expect(resources(synth(stack), 'google_artifact_registry_repository_iam_member')).toEqual({});
  });

  test('a node account that is not a service account email fails at synth', () => {
    expect(errorOf(() => platformFixture({ environments: [{ name: 'prod', production: true, gkeNodeServiceAccount: 'gke-nodes' }] }))).toContain(
      'invalid environments[0].gkeNodeServiceAccount "gke-nodes": is not a service account email. Fix: use the email of the node pool\'s service account, e.g. "gke-nodes@acme-prod.iam.gserviceaccount.com".',
    );
  });
});
