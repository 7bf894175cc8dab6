import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { gp, initTeam } from './run-cli';
import { buildPaymentsApp } from '../../examples/team-payments/main';
import { onPath } from '../../src/cli/process';

/**
 * `golden-paths status --live` asks each environment's own cluster, with the
 * real kubectl: the example platform's dev, staging and prod run on three GKE
 * clusters (an environment's gkeCluster defaults to its name), so kubectl's
 * current context can be right for one of them at most. The kubectl context
 * of a cluster is the one `gcloud container clusters get-credentials` writes:
 * `gke_<project>_<location>_<cluster>` (KUBECONTEXT_FORMAT in the Cloud SDK's
 * googlecloudsdk/api_lib/container/util.py). No cluster is faked: the
 * kubeconfig's servers are local ports nothing listens on, and kubectl's
 * "connection refused" names the server it tried.
 */

const KUBECTL = onPath('kubectl');
if (!KUBECTL) {
  // eslint-disable-next-line no-console
  console.warn('SKIPPED: the status --live test against kubectl needs `kubectl` on PATH (apt-get install kubernetes-client; .ci/run does).');
}

let tmp: string;
const saved = { KUBECONFIG: process.env.KUBECONFIG, PATH: process.env.PATH };
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-paths-status-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** The payments example's synth output, synthesized once for the suite. */
let paymentsOutput: string;
beforeAll(() => {
  paymentsOutput = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'golden-paths-status-output-')), 'cdktf.out');
  buildPaymentsApp(paymentsOutput).synth();
});
afterAll(() => fs.rmSync(path.dirname(paymentsOutput), { recursive: true, force: true }));

/** A team repository made by init, with the payments example's synth output in cdktf.out (status --no-synth reads it). */
async function repositoryWithOutput(): Promise<string> {
  const repo = await initTeam(tmp);
  fs.cpSync(paymentsOutput, path.join(repo, 'cdktf.out'), { recursive: true });
  return repo;
}

/** A local port that nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A kubeconfig with a context for each of `servers` (context name → server), and a current context that is none of them. */
function kubeconfig(servers: Record<string, string>): string {
  const file = path.join(tmp, 'kubeconfig');
  const entries = Object.entries(servers);
  fs.writeFileSync(file, JSON.stringify({
    'apiVersion': 'v1',
    'kind': 'Config',
    'clusters': entries.map(([, server], i) => ({ name: `cluster-${i}`, cluster: { 'server': server, 'insecure-skip-tls-verify': true } })),
    'contexts': [
      ...entries.map(([name], i) => ({ name, context: { cluster: `cluster-${i}`, user: 'someone' } })),
      { name: 'somewhere-else', context: { cluster: 'cluster-0', user: 'someone' } },
    ],
    'current-context': 'somewhere-else',
    'users': [{ name: 'someone', user: { token: 'not-a-real-token' } }],
  }));
  return file;
}

/** The lines of the section of one environment in status output. */
function section(out: string, env: string): string[] {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${env}`) && l.includes(`: stack payments-${env}`));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && /^\S/.test(l));
  return lines.slice(start, end === -1 ? undefined : end);
}

describe('status --live', () => {
  (KUBECTL ? test : test.skip)('each environment\'s rollout comes from its own cluster\'s context; an environment without one says how to get it', async () => {
    const repo = await repositoryWithOutput();
    const [dev, prod] = [await closedPort(), await closedPort()];
    process.env.KUBECONFIG = kubeconfig({
      'gke_acme-prod_europe-west1_dev': `https://127.0.0.1:${dev}`,
      'gke_acme-prod_europe-west1_prod': `https://127.0.0.1:${prod}`,
    });
    const result = await gp(repo, 'status', 'payment-service', '--live', '--no-synth');
    expect(result.code).toBe(0);

    const rollout = (env: string) => section(result.out, env).filter((l) => /^ {4}rollout: /.test(l));
    expect(rollout('dev')).toEqual([expect.stringMatching(new RegExp(`^ {4}rollout: {3}.*127\\.0\\.0\\.1:${dev}\\b`))]);
    expect(rollout('prod')).toEqual([expect.stringMatching(new RegExp(`^ {4}rollout: {3}.*127\\.0\\.0\\.1:${prod}\\b`))]);
    // Not the current context, whose server is dev's.
    expect(section(result.out, 'prod').join('\n')).not.toContain(`127.0.0.1:${dev}`);
    expect(section(result.out, 'staging')).toEqual([
      'staging: stack payments-staging',
      '  rollout: kubectl has no context gke_acme-prod_europe-west1_staging. Get it: gcloud container clusters get-credentials staging --location europe-west1 --project acme-prod',
      '  payment-service',
      expect.stringMatching(/^ {4}image: /),
      expect.stringMatching(/^ {4}scaling: /),
      expect.stringMatching(/^ {4}databases: /),
      expect.stringMatching(/^ {4}namespace: /),
    ]);
  }, 60_000);

  test('without kubectl on the PATH, the declared status and one line on what is missing', async () => {
    const repo = await repositoryWithOutput();
    process.env.PATH = path.join(tmp, 'no-such-dir');
    const result = await gp(repo, 'status', 'payment-service', '--live', '--no-synth');
    expect(result.code).toBe(0);
    expect(result.out).not.toMatch(/rollout:/);
    expect(result.out.split('\n').pop()).toBe('Live status not shown: kubectl is not on the PATH (install it, and get each cluster\'s credentials with gcloud container clusters get-credentials).');
  });
});
