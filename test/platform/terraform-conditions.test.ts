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

/** A data source's attributes as the provider would read them, and the postconditions on it. */
interface Case { readonly attributes: unknown; readonly checks: Postcondition[] }

/**
 * Applies one config of a terraform_data per case, with its `attributes` and `checks`, after one
 * `terraform init`; the error text of each case, or undefined when every postcondition of its resource
 * held. Terraform goes on with the other resources when one's postcondition fails, and names the
 * resource in each error. A postcondition Terraform can judge at plan (an empty list) stops the plan
 * of every resource: those cases have their errors, and the others are applied again without them.
 */
function evaluateAll(cases: Case[]): Array<string | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conditions-'));
  const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  const run = (...args: string[]) => spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
  const results = new Map<number, string | undefined>();
  let pending = cases.map((_, i) => i);
  let init = false;
  while (pending.length > 0) {
    const resources = Object.fromEntries(pending.map((i) => {
      const postcondition = cases[i].checks.map((c) => ({ condition: c.condition.replace(/\bself\./g, 'self.output.'), error_message: c.error_message }));
      return [`case${i}`, { input: cases[i].attributes, lifecycle: { postcondition } }];
    }));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ resource: { terraform_data: resources } }, undefined, 2));
    if (!init) {
      const initRun = run('init', '-input=false', '-no-color');
      if (initRun.status !== 0) throw new Error(initRun.stderr);
      init = true;
    }
    const apply = run('apply', '-auto-approve', '-input=false', '-no-color');
    // Terraform wraps diagnostics in a box ("│ ") at 78 columns: unwrapped, one error a block.
    const errors = apply.stderr.replace(/^[│╷╵]\s?/gm, '').split(/^(?=Error: )/m).filter((e) => e.startsWith('Error: '));
    const owner = (error: string) => Number(/\bterraform_data\.case(\d+)\b/.exec(error)?.[1] ?? NaN);
    const failed = new Set(errors.map(owner));
    if (failed.has(NaN) || failed.size === 0 && apply.status !== 0) throw new Error(`terraform apply exited ${apply.status}: ${apply.stderr}`);
    for (const i of failed) results.set(i, errors.filter((e) => owner(e) === i).join('').replace(/\s+/g, ' '));
    const applied = (i: number) => new RegExp(`^terraform_data\\.case${i}: Creation complete`, 'm').test(apply.stdout);
    if (pending.some((i) => !failed.has(i) && applied(i))) {
      // Applied: the others held (their postconditions, checked after the resource is made, raised nothing).
      for (const i of pending.filter((j) => !failed.has(j))) {
        if (!applied(i)) throw new Error(`terraform_data.case${i} was not applied: ${apply.stdout}${apply.stderr}`);
        results.set(i, undefined);
      }
    }
    pending = pending.filter((i) => !results.has(i));
  }
  return cases.map((_, i) => results.get(i));
}

const terraform = onPath('terraform');
const describeTerraform = terraform ? describe : describe.skip;

/** {@link evaluateAll} over named cases: the error text of each, by name. */
function evaluateNamed<K extends string>(cases: Record<K, Case>): Record<K, string | undefined> {
  const names = Object.keys(cases) as K[];
  const errors = evaluateAll(names.map((n) => cases[n]));
  return Object.fromEntries(names.map((n, i) => [n, errors[i]])) as Record<K, string | undefined>;
}

describeTerraform('Terraform evaluates the foundation check of a team stack (needs terraform 1.11+ on the PATH)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'conditions-app-'));
  buildPaymentsApp(outdir).synth();
  const team = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'payments', 'cdk.tf.json'), 'utf8'));
  const checks: Postcondition[] = team.data.google_iam_workload_identity_pool_provider['apply-the-foundation-first'].lifecycle.postcondition;
  const name = 'projects/123456789012/locations/global/workloadIdentityPools/github-acme/providers/github-actions';
  const cases = {
    applied: { attributes: { state: 'ACTIVE', disabled: false, name }, checks },
    deleted: { attributes: { state: 'DELETED', disabled: false, name }, checks },
    disabled: { attributes: { state: 'ACTIVE', disabled: true, name }, checks },
    otherProject: { attributes: { state: 'ACTIVE', disabled: false, name: name.replace('123456789012', '999') }, checks },
  };
  let errorOf: Record<keyof typeof cases, string | undefined>;
  beforeAll(() => {
    errorOf = evaluateNamed(cases);
  }, 60_000);

  test('the foundation applied: the plan goes on', () => {
    expect(errorOf.applied).toBeUndefined();
  });

  test.each(['deleted', 'disabled'] as const)('%s: "apply the foundation first"', (state) => {
    expect(errorOf[state]).toContain('Fix: apply the foundation first (`cdktf deploy foundation` in the platform repository)');
  });

  test('another project number than the settings\': set gcpProjectNumber', () => {
    const error = errorOf.otherProject;
    expect(error).toContain('the platform\'s settings name it under the project number 123456789012, which is not the number of acme-prod');
    // Only that postcondition fails (Terraform names it: lifecycle.postcondition[1]).
    expect(error).toContain('lifecycle.postcondition[1]');
    expect(error).not.toContain('lifecycle.postcondition[0]');
  });
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

  const dns: Array<[string, unknown, string | undefined]> = [
    ['open to outside traffic', { control_plane_endpoints_config: [{ dns_endpoint_config: [{ endpoint: 'gke-1.europe-west1.gke.goog', allow_external_traffic: true }] }] }, undefined],
    ['closed to outside traffic', { control_plane_endpoints_config: [{ dns_endpoint_config: [{ endpoint: 'gke-1.europe-west1.gke.goog', allow_external_traffic: false }] }] }, '--enable-dns-access'],
    ['without the block', { control_plane_endpoints_config: [] }, '--enable-dns-access'],
  ];
  const connectGateway: Array<[string, unknown, string | undefined]> = [
    ['registered to a fleet', { fleet: [{ membership_id: 'prod', membership_location: 'global', project: 'acme-prod' }] }, undefined],
    ['in no fleet', { fleet: [] }, 'is not registered to a fleet'],
    ['with an empty membership', { fleet: [{ membership_id: '', membership_location: '', project: '' }] }, 'is not registered to a fleet'],
  ];
  let errorOf: Record<string, string | undefined>;
  beforeAll(() => {
    const staging = checksOf('staging');
    const prod = checksOf('prod');
    errorOf = evaluateNamed(Object.fromEntries([
      ...dns.map(([name, attributes]) => [`dns ${name}`, { attributes, checks: staging }]),
      ...connectGateway.map(([name, attributes]) => [`connect-gateway ${name}`, { attributes, checks: prod }]),
    ]));
  }, 60_000);

  test.each(dns)('dns, a DNS endpoint %s', (name, _, expected) => {
    const error = errorOf[`dns ${name}`];
    if (expected === undefined) expect(error).toBeUndefined();
    else expect(error).toContain(expected);
  });

  test.each(connectGateway)('connect-gateway, a cluster %s', (name, _, expected) => {
    const error = errorOf[`connect-gateway ${name}`];
    if (expected === undefined) expect(error).toBeUndefined();
    else expect(error).toContain(expected);
  });
});
