import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { App } from 'cdktf';
import { buildPlatformApp } from '../../examples/platform/main';
import { buildPaymentsApp } from '../../examples/team-payments/main';
import { GoMicroservice, TeamEnvironment } from '../../src';
import { platformFixture, synth } from '../util';

/**
 * A team repository applied before the platform's foundation: its team stack grants roles to
 * principals of the foundation's Workload Identity pool by name, which fail at apply with a 404 and
 * a principal error that name no cause. The team stack reads the foundation's provider at plan
 * (`data.google_iam_workload_identity_pool_provider`, hashicorp/google 6.50), so the plan stops there:
 * - not found: the provider's data sources fail a read that finds nothing ("<id> not found",
 *   hashicorp/terraform-provider-google#12873), under the address `...apply-the-foundation-first`;
 * - deleted or disabled (a deleted pool or provider stays readable, state DELETED, for 30 days:
 *   "Manage workload identity pools and providers", cloud.google.com/iam/docs/manage-workload-identity-pools-providers),
 *   or under another project number than platform.json's: a postcondition says to apply the foundation first.
 * Reading it takes `roles/iam.workloadIdentityPoolViewer` ("To view pools and providers", same page).
 */

function synthApp(build: (outdir: string) => App): Record<string, any> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'foundation-check-'));
  build(outdir).synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  return Object.fromEntries(Object.values<any>(manifest.stacks).map((s) => [s.name, JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8'))]));
}

const LOOKUP = 'google_iam_workload_identity_pool_provider';
const teamRepo = synthApp(buildPaymentsApp);
const platformRepo = synthApp(buildPlatformApp);

describe('a team stack stops its plan when the foundation is not applied', () => {
  test('the team stack reads the foundation\'s provider once, under an address that says what to do', () => {
    const lookups = teamRepo.payments.data[LOOKUP];
    expect(Object.keys(lookups)).toEqual(['apply-the-foundation-first']);
    const lookup = lookups['apply-the-foundation-first'];
    expect(lookup).toEqual(expect.objectContaining({ project: 'acme-prod', workload_identity_pool_id: 'github-acme', workload_identity_pool_provider_id: 'github-actions' }));
    const [active, number] = lookup.lifecycle.postcondition;
    expect(active.condition).toBe('${self.state == "ACTIVE" && !self.disabled}');
    expect(active.error_message).toContain('Fix: apply the foundation first (`cdktf deploy foundation` in the platform repository)');
    expect(number.condition).toBe('${self.name == "projects/123456789012/locations/global/workloadIdentityPools/github-acme/providers/github-actions"}');
    expect(number.error_message).toContain('set gcpProjectNumber in the platform settings');
    // It names the pool the team stack's principals name.
    const principals = Object.values<any>(teamRepo.payments.resource.google_service_account_iam_member).map((m) => m.member);
    for (const p of principals) expect(p).toMatch(/^principal:\/\/iam\.googleapis\.com\/projects\/123456789012\/locations\/global\/workloadIdentityPools\/github-acme\//);
  });

  test('environment stacks, which grant no pool principal, have no lookup', () => {
    for (const env of ['dev', 'staging', 'prod']) expect(teamRepo[`payments-${env}`].data[LOOKUP]).toBeUndefined();
  });

  test('the platform repository\'s own team stacks deploy after the foundation\'s stack: no lookup', () => {
    expect(Object.keys(platformRepo.platform.resource.google_service_account_iam_member ?? {}).length).toBeGreaterThan(0);
    expect(platformRepo.platform.data?.[LOOKUP]).toBeUndefined();
  });

  test('a Platform inside a stack has the pool next to its services: no lookup', () => {
    const { stack, platform } = platformFixture();
    const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
    const service = new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
    expect(synth(stack).data?.[LOOKUP]).toBeUndefined();
    expect(service.repository.deployer.foundationCheck).toBeUndefined();
  });

  test('the team\'s plan identity and its team stack\'s apply identity may read it, on the platform\'s project alone', () => {
    const published = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'team-payments', 'platform.json'), 'utf8')).teams.payments;
    const grants = Object.values<any>(platformRepo['onboarding-payments'].resource.google_project_iam_member)
      .filter((g) => g.role === 'roles/iam.workloadIdentityPoolViewer');
    expect(grants.map((g) => [g.member, g.project]).sort()).toEqual([
      [`serviceAccount:${published.planServiceAccount}`, 'acme-prod'],
      [`serviceAccount:${published.applyServiceAccounts.payments}`, 'acme-prod'],
    ].sort());
  });
});
