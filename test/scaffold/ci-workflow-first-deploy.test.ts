import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { CiWorkflow } from '../../src';

/**
 * The first CI run of a new service starts when Terraform commits ci.yml,
 * which can be before Terraform has created the service's Deployment (in
 * another stack, or while a database is still being created). `kubectl set
 * image` on a missing Deployment fails with NotFound. The rollout step waits
 * for the Deployment for a bounded time, then skips with a warning.
 *
 * The step's script runs here under the real bash, the way GitHub runs a
 * `shell: bash` step (`bash --noprofile --norc -eo pipefail`,
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell),
 * with a stand-in `kubectl` on PATH that records its calls. `kubectl get
 * --ignore-not-found` prints nothing and exits 0 for a missing object
 * (https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/).
 *
 * Before the environment's stack is applied, the deployer's RoleBinding in the
 * namespace is missing too, so the lookup is refused before it can find nothing:
 * the API server answers 403 and kubectl prints `Error from server (Forbidden):`
 * and the reason, then exits 1. The step waits and skips on that as on NotFound.
 */

/** What kubectl prints on stderr when the API server refuses a `get` (RBAC denies it). */
const FORBIDDEN = 'Error from server (Forbidden): deployments.apps "payment-service" is forbidden: '
  + 'User "payments-deployer@acme-prod.iam.gserviceaccount.com" cannot get resource "deployments" in API group "apps" in the namespace "payments-dev"';

interface Step { readonly id?: string; readonly env?: Record<string, string>; readonly run?: string }
interface Workflow { readonly defaults: { run: { shell: string } }; readonly jobs: Record<string, { 'steps': Step[]; 'timeout-minutes': number }> }

const yaml = parse(new CiWorkflow({ serviceName: 'payment-service', teamSlug: 'payments' }).render()) as Workflow;
const rollout = yaml.jobs['deploy-dev'].steps.find((s) => s.id === 'rollout')!;

/**
 * Runs the rollout step with a kubectl that finds the Deployment from its `appearsOnCall`-th lookup
 * on (never when 0); lookups before `forbiddenBeforeCall` are refused as Forbidden; with `getFails`,
 * every lookup fails with that error.
 */
function runRollout(opts: { appearsOnCall: number; waitSeconds: number; getFails?: string; forbiddenBeforeCall?: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-'));
  const calls = path.join(dir, 'calls');
  const output = path.join(dir, 'github-output');
  fs.writeFileSync(path.join(dir, 'kubectl'), [
    '#!/usr/bin/env bash',
    `echo "$*" >> ${JSON.stringify(calls)}`,
    'if [ "$1" = get ]; then',
    opts.getFails ? `  echo ${JSON.stringify(opts.getFails)} >&2; exit 1` : ':',
    `  n=$(grep -c '^get ' ${JSON.stringify(calls)})`,
    `  if [ "$n" -lt ${opts.forbiddenBeforeCall ?? 0} ]; then echo ${JSON.stringify(FORBIDDEN)} >&2; exit 1; fi`,
    `  if [ ${opts.appearsOnCall} -gt 0 ] && [ "$n" -ge ${opts.appearsOnCall} ]; then echo deployment.apps/payment-service; fi`,
    'fi',
    '',
  ].join('\n'), { mode: 0o755 });
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', rollout.run!], {
    encoding: 'utf8',
    env: {
      ...rollout.env,
      PATH: `${dir}:${process.env.PATH}`,
      IMAGE: 'europe-west1-docker.pkg.dev/acme/payments/payment-service@sha256:' + 'a'.repeat(64),
      DEPLOYMENT_WAIT_SECONDS: String(opts.waitSeconds),
      POLL_SECONDS: '0',
      GITHUB_OUTPUT: output,
      GITHUB_REPOSITORY: 'acme/payment-service',
      GITHUB_SHA: 'abc123',
      GITHUB_ACTOR: 'alice',
    },
  });
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls: read(calls).trim().split('\n'), output: read(output) };
}

describe('the first deploy and the Deployment Terraform has not created yet', () => {
  test('the workflow runs steps with bash, as this test does', () => {
    expect(yaml.defaults.run.shell).toBe('bash');
    expect(rollout.env).toMatchObject({ DEPLOYMENT_WAIT_SECONDS: '600', POLL_SECONDS: '15' });
  });

  test('the job timeout leaves room for the wait and the rollout', () => {
    expect(yaml.jobs['deploy-dev']['timeout-minutes']).toBeGreaterThanOrEqual(10 + 5 + 5);
    expect(yaml.jobs['deploy-prod']['timeout-minutes']).toBeGreaterThanOrEqual(10 + 10 + 5);
  });

  test('waits while the Deployment is missing, with a notice, then rolls out', () => {
    const run = runRollout({ appearsOnCall: 3, waitSeconds: 60 });
    expect(run.status).toBe(0);
    expect(run.stdout.match(/^::notice title=Waiting for the Deployment::deployment\/payment-service does not exist in namespace payments-dev yet/mg)).toHaveLength(2);
    expect(run.calls.filter((c) => c.startsWith('get deployment payment-service --namespace payments-dev --ignore-not-found'))).toHaveLength(3);
    expect(run.calls).toContainEqual(expect.stringMatching(/^set image deployment\/payment-service payment-service=.*@sha256:a{64} --namespace payments-dev$/));
    expect(run.calls).toContainEqual(expect.stringMatching(/^rollout status deployment\/payment-service --namespace payments-dev --timeout 5m$/));
    expect(run.output).toBe('rolled-out=true\n');
  });

  test('skips with a warning, not a NotFound failure, when the Deployment never appears in time', () => {
    const run = runRollout({ appearsOnCall: 0, waitSeconds: 0 });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('::warning title=Deployment not found::deployment/payment-service does not exist in namespace payments-dev after 0s, so europe-west1-docker.pkg.dev/acme/payments/payment-service@sha256:');
    expect(run.stdout).toContain('re-run this job');
    expect(run.calls.some((c) => c.startsWith('set image'))).toBe(false);
    expect(run.output).toBe('rolled-out=false\n');
  });

  test('Forbidden (the deployer\'s RoleBinding not applied yet) is waited out like NotFound, then rolls out', () => {
    const run = runRollout({ appearsOnCall: 3, forbiddenBeforeCall: 3, waitSeconds: 60 });
    expect(run.status).toBe(0);
    expect(run.stdout.match(/^::notice title=Waiting for the Deployment::deployment\/payment-service cannot be read in namespace payments-dev yet \(Forbidden/mg)).toHaveLength(2);
    expect(run.calls.filter((c) => c.startsWith('get deployment payment-service'))).toHaveLength(3);
    expect(run.calls).toContainEqual(expect.stringMatching(/^rollout status deployment\/payment-service --namespace payments-dev --timeout 5m$/));
    expect(run.output).toBe('rolled-out=true\n');
  });

  test('Forbidden until the wait ends skips with a warning, so neither the step nor its rollback fails', () => {
    const run = runRollout({ appearsOnCall: 0, forbiddenBeforeCall: 1000, waitSeconds: 0 });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('::warning title=Deployment not found::deployment/payment-service cannot be read in namespace payments-dev after 0s (Forbidden');
    expect(run.stdout).toContain('re-run this job');
    expect(run.calls.some((c) => c.startsWith('set image'))).toBe(false);
    // The rollback step runs only when this step fails.
    expect(run.output).toBe('rolled-out=false\n');
  });

  test.each([
    ['no cluster', 'Unable to connect to the server: dial tcp 10.0.0.2:443: i/o timeout'],
    ['no credentials', 'error: You must be logged in to the server (Unauthorized)'],
  ])('any other kubectl error (%s) fails the step at once instead of waiting', (_, error) => {
    const run = runRollout({ appearsOnCall: 1, waitSeconds: 600, getFails: error });
    expect(run.status).not.toBe(0);
    expect(run.calls).toHaveLength(1);
    expect(run.stderr).toContain(error);
  });
});
