import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { CiWorkflow } from '../../src';

/**
 * An older run must not roll an environment back to its older image.
 *
 * Each deploy job has a concurrency group per environment with
 * `cancel-in-progress: false`: one deploy at a time, none cancelled
 * mid-rollout. GitHub keeps at most one running and one pending job in a group
 * and cancels the pending one when another queues, but it does not keep them in
 * commit order: "When concurrency is specified at the job level, order is not
 * guaranteed for jobs or runs that queue within 5 minutes of each other"
 * ("Control the concurrency of workflows and jobs",
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/control-the-concurrency-of-workflows-and-jobs),
 * and an older run whose build was slower, or a re-run, queues after a newer
 * one. So the group is not enough: before its rollout the job compares its
 * commit with the one the Deployment runs (the `kubernetes.io/change-cause`
 * annotation the rollout writes) through GitHub's compare API, whose `status`
 * is `ahead`, `behind`, `identical` or `diverged` ("Compare two commits",
 * https://docs.github.com/en/rest/commits/commits#compare-two-commits), and
 * skips the rollout when it is `behind`.
 *
 * The guard step runs here under the real bash as GitHub runs a `shell: bash`
 * step (`bash --noprofile --norc -eo pipefail`), with stand-ins for `kubectl`
 * and `curl` on PATH that record their calls (and the real jq, which GitHub's
 * Ubuntu runners have). The API is reached at GITHUB_API_URL, which GitHub sets
 * for github.com, GitHub Enterprise Server and GHE.com alike.
 */

interface Step { readonly id?: string; readonly if?: string; readonly env?: Record<string, string>; readonly run?: string; readonly name?: string }
interface Job { readonly steps: Step[]; readonly concurrency: { 'group': string; 'cancel-in-progress': boolean }; readonly outputs: Record<string, string>; readonly if?: string; readonly permissions: Record<string, string> }
interface Workflow { readonly jobs: Record<string, Job> }

const REPOSITORY = 'acme/payment-service';
const OURS = 'b'.repeat(40);
const RUNNING = 'a'.repeat(40);
const FORBIDDEN = 'Error from server (Forbidden): deployments.apps "payment-service" is forbidden: User "payment-service-deploy-dev@acme-prod.iam.gserviceaccount.com" cannot get resource "deployments"';

const yaml = parse(new CiWorkflow({ serviceName: 'payment-service', teamSlug: 'payments' }).render()) as Workflow;
const deploy = (env: string) => yaml.jobs[`deploy-${env}`];
const guard = deploy('dev').steps.find((s) => s.id === 'order')!;

/** Runs the guard with a kubectl that prints `changeCause` (or fails with `kubectlError`) and a curl that answers `status` (or fails as `curl --fail` does). */
function runGuard(opts: { changeCause?: string; kubectlError?: string; status?: string; apiError?: string }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-order-'));
  const calls = path.join(dir, 'calls');
  const output = path.join(dir, 'github-output');
  const stub = (name: string, body: string[]) => fs.writeFileSync(path.join(dir, name), ['#!/usr/bin/env bash', `echo "${name} $*" >> ${JSON.stringify(calls)}`, ...body, ''].join('\n'), { mode: 0o755 });
  stub('kubectl', opts.kubectlError ? [`echo ${JSON.stringify(opts.kubectlError)} >&2`, 'exit 1'] : [`printf '%s' ${JSON.stringify(opts.changeCause ?? '')}`]);
  stub('curl', opts.apiError ? [`echo ${JSON.stringify(opts.apiError)} >&2`, 'exit 22'] : [`echo '${JSON.stringify({ url: 'compare', status: opts.status ?? '', commits: [] })}'`]);
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', guard.run!], {
    encoding: 'utf8',
    env: { ...guard.env, GITHUB_TOKEN: 'token', PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: output, GITHUB_REPOSITORY: REPOSITORY, GITHUB_SHA: OURS, GITHUB_API_URL: 'https://api.github.com' },
  });
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls: read(calls).trim().split('\n').filter(Boolean), output: read(output) };
}

describe('deploys in commit order', () => {
  test.each(['dev', 'staging', 'prod'])('%s: one deploy at a time per environment, never cancelled mid-rollout', (env) => {
    expect(deploy(env).concurrency).toEqual({ 'group': `deploy-${env}`, 'cancel-in-progress': false });
  });

  test.each(['dev', 'staging', 'prod'])('%s: the order guard runs before the rollout, which it can skip; a skipped rollout tags nothing', (env) => {
    const ids = deploy(env).steps.map((s) => s.id);
    expect(ids.indexOf('order')).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf('order')).toBeLessThan(ids.indexOf('rollout'));
    expect(deploy(env).steps.find((s) => s.id === 'rollout')!.if).toBe("steps.order.outputs.older != 'true'");
    // keep-image-<env> tags only what was rolled out, and the job's rolled-out output comes from the rollout step alone.
    expect(deploy(env).outputs['rolled-out']).toBe('${{ steps.rollout.outputs.rolled-out }}');
    expect(yaml.jobs[`keep-image-${env}`].if).toBe(`needs.deploy-${env}.outputs.rolled-out == 'true'`);
    // The compare API needs the job's token and contents: read.
    expect(deploy(env).steps.find((s) => s.id === 'order')!.env).toMatchObject({ GITHUB_TOKEN: '${{ github.token }}' });
    expect(deploy(env).permissions.contents).toBe('read');
  });

  test('a newer commit running: the older run skips its rollout with a notice', () => {
    const run = runGuard({ changeCause: `${REPOSITORY}@${RUNNING} by alice`, status: 'behind' });
    expect(run.status).toBe(0);
    expect(run.calls.filter((c) => c.startsWith('curl '))).toEqual([
      `curl --fail --silent --show-error --header Authorization: Bearer token --header Accept: application/vnd.github+json https://api.github.com/repos/${REPOSITORY}/compare/${RUNNING}...${OURS}`,
    ]);
    expect(run.stdout).toContain(`::notice title=A newer commit already runs::deployment/payment-service in payments-dev runs ${RUNNING}, which is newer than ${OURS}`);
    expect(run.output).toBe('older=true\n');
  });

  test.each(['ahead', 'identical', 'diverged'])('compare status %s: rolls out', (status) => {
    const run = runGuard({ changeCause: `${REPOSITORY}@${RUNNING} by alice`, status });
    expect(run.status).toBe(0);
    expect(run.output).toBe('older=false\n');
  });

  test.each([
    ['no Deployment yet', ''],
    ['the commit of this run', `${REPOSITORY}@${OURS} by alice`],
    ['another repository\'s commit', `acme/other@${RUNNING} by alice`],
    ['an annotation of someone else', 'kubectl set image by hand'],
  ])('%s: rolls out without asking GitHub', (_, changeCause) => {
    const run = runGuard({ changeCause, status: 'behind' });
    expect(run.status).toBe(0);
    expect(run.calls.filter((c) => c.startsWith('curl '))).toEqual([]);
    expect(run.calls[0]).toMatch(/^kubectl get deployment payment-service --namespace payments-dev --ignore-not-found --output jsonpath=\{\.metadata\.annotations\.kubernetes\\\.io\/change-cause\}$/);
    expect(run.output).toBe('older=false\n');
  });

  test('Forbidden (the deployer\'s RoleBinding not applied yet): nothing to compare, the rollout waits for it', () => {
    const run = runGuard({ kubectlError: FORBIDDEN });
    expect(run.status).toBe(0);
    expect(run.output).toBe('older=false\n');
  });

  test('any other kubectl error, or a failed comparison, fails the job before anything changes', () => {
    const cluster = runGuard({ kubectlError: 'Unable to connect to the server: dial tcp 10.0.0.2:443: i/o timeout' });
    expect(cluster.status).not.toBe(0);
    expect(cluster.stderr).toContain('Unable to connect to the server');
    const api = runGuard({ changeCause: `${REPOSITORY}@${RUNNING} by alice`, apiError: 'curl: (22) The requested URL returned error: 404' });
    expect(api.status).not.toBe(0);
    expect(api.stderr).toContain('error: 404');
    expect(api.output).toBe('');
    // The rollback step runs only when the rollout step itself failed.
    expect(deploy('dev').steps.find((s) => s.name === 'Roll back a failed rollout')!.if).toBe("failure() && steps.rollout.outcome == 'failure'");
  });
});
