import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { buildPaymentsApp } from '../../examples/team-payments/main';
import { GkeEndpoint, GoMicroservice, Platform, TeamEnvironment } from '../../src';
import { onPath } from '../../src/cli/process';
import { APP_PLATFORM_PROPS } from '../util';

/**
 * The postconditions the library puts on data sources, evaluated by Terraform itself. No provider can
 * be downloaded here, so each condition runs on a `terraform_data` (built in, Terraform 1.4+) whose
 * `input` stands for the data source's attributes as the provider reads them: `self.x` becomes
 * `self.output.x`, the rest of the condition and its error message are as synthesized
 * (developer.hashicorp.com/terraform/language/expressions/custom-conditions: a postcondition that is
 * false stops the run with its error_message).
 */

interface Postcondition { readonly condition: string; readonly error_message: string }

/** Applies a config of one terraform_data with `attributes` and the `checks`; the error text, or undefined when it passes. */
function evaluate(attributes: unknown, checks: Postcondition[]): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conditions-'));
  const postcondition = checks.map((c) => ({ condition: c.condition.replace(/\bself\./g, 'self.output.'), error_message: c.error_message }));
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ resource: { terraform_data: { read: { input: attributes, lifecycle: { postcondition } } } } }, undefined, 2));
  const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  const run = (...args: string[]) => spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
  const init = run('init', '-input=false', '-no-color');
  if (init.status !== 0) throw new Error(init.stderr);
  const apply = run('apply', '-auto-approve', '-input=false', '-no-color');
  // Terraform wraps diagnostics in a box ("│ ") at 78 columns: unwrap them to compare texts.
  return apply.status === 0 ? undefined : apply.stderr.replace(/^[│╷╵]\s?/gm, '').replace(/\s+/g, ' ');
}

const terraform = onPath('terraform');
const describeTerraform = terraform ? describe : describe.skip;

describeTerraform('Terraform evaluates the foundation check of a team stack (needs terraform 1.11+ on the PATH)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'conditions-app-'));
  buildPaymentsApp(outdir).synth();
  const team = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'payments', 'cdk.tf.json'), 'utf8'));
  const checks: Postcondition[] = team.data.google_iam_workload_identity_pool_provider['apply-the-foundation-first'].lifecycle.postcondition;
  const name = 'projects/123456789012/locations/global/workloadIdentityPools/github-acme/providers/github-actions';

  test('the foundation applied: the plan goes on', () => {
    expect(evaluate({ state: 'ACTIVE', disabled: false, name }, checks)).toBeUndefined();
  }, 60_000);

  test.each([
    ['deleted', { state: 'DELETED', disabled: false, name }],
    ['disabled', { state: 'ACTIVE', disabled: true, name }],
  ])('%s: "apply the foundation first"', (_, attributes) => {
    expect(evaluate(attributes, checks)).toContain('Fix: apply the foundation first (`cdktf deploy foundation` in the platform repository)');
  }, 60_000);

  test('another project number than the settings\': set gcpProjectNumber', () => {
    const error = evaluate({ state: 'ACTIVE', disabled: false, name: name.replace('123456789012', '999') }, checks);
    expect(error).toContain('the platform\'s settings name it under the project number 123456789012, which is not the number of acme-prod');
    // Only that postcondition fails (Terraform names it: lifecycle.postcondition[1]).
    expect(error).toContain('lifecycle.postcondition[1]');
    expect(error).not.toContain('lifecycle.postcondition[0]');
  }, 60_000);
});

describeTerraform('Terraform evaluates the endpoint checks of private clusters (needs terraform 1.11+ on the PATH)', () => {
  const app = Testing.app();
  const platform = new Platform(app, 'acme', {
    ...APP_PLATFORM_PROPS,
    environments: [{ name: 'staging', gkeEndpoint: GkeEndpoint.DNS }, { name: 'prod', production: true, gkeEndpoint: GkeEndpoint.CONNECT_GATEWAY }],
  });
  const team = new TeamEnvironment(platform, 'payments', { name: 'payments', maintainers: ['alice'] });
  new GoMicroservice(team, 'payment-service', { name: 'payment-service', description: 'Payments' });
  const checksOf = (env: string): Postcondition[] => {
    const json = JSON.parse(Testing.synth(platform.stacks.find((s) => s.node.id === `payments-${env}`)!));
    return Object.values<any>(json.data.google_container_cluster)[0].lifecycle.postcondition;
  };

  test.each([
    ['open to outside traffic', { control_plane_endpoints_config: [{ dns_endpoint_config: [{ endpoint: 'gke-1.europe-west1.gke.goog', allow_external_traffic: true }] }] }, undefined],
    ['closed to outside traffic', { control_plane_endpoints_config: [{ dns_endpoint_config: [{ endpoint: 'gke-1.europe-west1.gke.goog', allow_external_traffic: false }] }] }, '--enable-dns-access'],
    ['without the block', { control_plane_endpoints_config: [] }, '--enable-dns-access'],
  ])('dns, a DNS endpoint %s', (_, attributes, expected) => {
    const error = evaluate(attributes, checksOf('staging'));
    if (expected === undefined) expect(error).toBeUndefined();
    else expect(error).toContain(expected);
  }, 60_000);

  test.each([
    ['registered to a fleet', { fleet: [{ membership_id: 'prod', membership_location: 'global', project: 'acme-prod' }] }, undefined],
    ['in no fleet', { fleet: [] }, 'is not registered to a fleet'],
    ['with an empty membership', { fleet: [{ membership_id: '', membership_location: '', project: '' }] }, 'is not registered to a fleet'],
  ])('connect-gateway, a cluster %s', (_, attributes, expected) => {
    const error = evaluate(attributes, checksOf('prod'));
    if (expected === undefined) expect(error).toBeUndefined();
    else expect(error).toContain(expected);
  }, 60_000);
});
