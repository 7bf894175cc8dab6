import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildPaymentsApp } from '../../examples/team-payments/main';
import { declaredSecrets } from '../../src/cli/secret';
import { declaredServices } from '../../src/cli/status';
import { platformEnvironments, readJson, type TeamRepository } from '../../src/cli/team-repository';

/**
 * `golden-paths status` and `secret list` read the service container of each
 * Deployment in the synth output. The payments example's payment-service
 * connects to a postgres database, so its Cloud SQL Auth Proxy is the first
 * container (it must serve before the service starts: test/service/workload-disruption.test.ts)
 * and the service container the second.
 */
let outdir: string;
let repo: TeamRepository;
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-paths-declared-'));
  buildPaymentsApp(outdir).synth();
  const platformFile = path.join(__dirname, '..', '..', 'examples', 'team-payments', 'platform.json');
  repo = { root: outdir, team: 'payments', platformFile, environments: platformEnvironments(readJson(platformFile)), servicesDir: path.join(outdir, 'services') };
}, 60_000);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

test('the synthesized payment-service runs the proxy first', () => {
  const stack = readJson(path.join(outdir, 'stacks', 'payments-prod', 'cdk.tf.json'));
  const deployment = Object.values<any>(stack.resource.kubernetes_deployment_v1).find((d) => d.metadata.name === 'payment-service');
  expect(deployment.spec.template.spec.container.map((c: any) => c.name)).toEqual(['cloud-sql-proxy-payments-db', 'payment-service']);
});

test('status shows the service\'s image, not the proxy\'s', () => {
  const services = declaredServices(repo, outdir).filter((s) => s.service === 'payment-service');
  expect(services.map((s) => s.environment)).toEqual(['dev', 'staging', 'prod']);
  for (const s of services) {
    expect(s.image).toMatch(/^europe-west1-docker\.pkg\.dev\/[^/]+\/[^/]+\/payment-service:bootstrap \(initial; CI rolls out each build by digest\)$/);
  }
});

test('secret list finds the secrets on the service container', () => {
  const secrets = declaredSecrets(repo, outdir).filter((s) => s.service === 'payment-service');
  expect(secrets.map((s) => [s.environment, s.variable])).toEqual([['dev', 'STRIPE_API_KEY'], ['staging', 'STRIPE_API_KEY'], ['prod', 'STRIPE_API_KEY']]);
});
