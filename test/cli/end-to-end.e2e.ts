import * as fs from 'fs';
import * as path from 'path';
import { EndToEndRun, ROOT } from './end-to-end-run';
import { formatFindings, lintWorkflow } from '../scaffold/lint-workflow';
import { treeHashes } from '../tree-hashes';

/**
 * The team's path from nothing to a synthesized repository, run as a user
 * would in a temporary folder, against the package as npm publishes it:
 * `npm pack`; `golden-paths init` against the example's platform.json (the
 * platform onboarded payments), with the tarball as --library (copied to
 * vendor/, so a clean clone installs it); the install; `add service` twice
 * (one with a postgres database); `check`, which refuses the service whose
 * repository the platform did not create until the platform's platform.json lists it;
 * `npx cdktf synth`; `tsc --noEmit`; the team's own jest test; actionlint on
 * the generated workflow; `scale` changes the synthesized HPA; a second
 * `add service` of the same name exits 2.
 *
 * Needs the compiled library (lib/, `npx projen compile`): run it with
 * `npx projen test:e2e`, as .ci/run does after the compile. The install
 * (offline, or npm with GOLDEN_PATHS_E2E_NPM_INSTALL=1) and the transcript
 * (test-reports/end-to-end.txt) are end-to-end-run.ts's.
 */

/** The HPA of `service` in the synthesized stack `<team>-<env>`. */
function hpa(outdir: string, stack: string, service: string): { min_replicas: number; max_replicas: number } {
  const config = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  const all = Object.values<any>(config.resource.kubernetes_horizontal_pod_autoscaler_v2);
  const found = all.find((h) => h.metadata.name === service);
  if (!found) throw new Error(`no HPA for ${service} in ${stack}`);
  return found.spec;
}

const run = new EndToEndRun('golden-paths-e2e-');
const team = path.join(run.work, 'payments-infrastructure');
const sh = run.sh.bind(run);
const ok = run.ok.bind(run);
const golden = (...args: string[]) => sh(team, path.join(team, 'node_modules', '.bin', 'golden-paths'), args);

afterAll(() => run.finish('end-to-end', 'End-to-end transcript'));

test('a team goes from nothing to a checked, synthesized repository with the packaged library', async () => {
  run.expectCompiled();

  // The package as npm publishes it.
  const tarball = run.pack();

  // init, with the CLI of the installed package: a tool folder holds it, as `npx cdktf-golden-paths` would.
  const tool = run.tool();
  const platformJson = path.join(ROOT, 'examples', 'team-payments', 'platform.json');
  const init = ok(sh(run.work, tool,
    ['init', team, '--team', 'payments', '--platform', platformJson, '--maintainers', 'alice,bob', '--library', tarball]));
  expect(init.stdout).toContain('stacks payments, payments-dev, payments-staging, payments-prod');
  const vendored = `vendor/${path.basename(tarball)}`;
  for (const file of ['package.json', 'cdktf.json', 'tsconfig.json', 'main.ts', 'team.ts', 'platform.json', '.gitignore', 'README.md', 'test/team.test.ts', 'services/README.md', '.github/workflows/infrastructure.yml', vendored]) {
    expect(fs.existsSync(path.join(team, file))).toBe(true);
  }
  // The library by a path inside the repository: a clean clone (and CI's npm ci) installs the same tarball.
  expect(JSON.parse(fs.readFileSync(path.join(team, 'package.json'), 'utf8')).dependencies['cdktf-golden-paths']).toBe(`file:${vendored}`);
  expect(fs.readFileSync(path.join(team, vendored))).toEqual(fs.readFileSync(tarball));

  run.install(team);

  ok(golden('add', 'service', 'payment-service', '--description', 'Payment processing', '--database', 'postgres:small'));
  ok(golden('add', 'service', 'ledger', '--description', 'The ledger of every payment'));

  // The platform created payment-service for the team, not ledger: synth says whom to ask.
  const notOnboarded = golden('check');
  expect(notOnboarded.status).not.toBe(0);
  expect(notOnboarded.stdout + notOnboarded.stderr).toContain('is not a repository the platform created for the team "payments"');
  expect(notOnboarded.stdout + notOnboarded.stderr).toContain('Fix: ask the platform team to add "ledger" to serviceRepositories of the TeamOnboarding of "payments"');
  // The platform team adds it and applies; its apply keeps platform.json in this repository.
  const settings = JSON.parse(fs.readFileSync(path.join(team, 'platform.json'), 'utf8'));
  settings.teams.payments.serviceRepositories.push('ledger');
  fs.writeFileSync(path.join(team, 'platform.json'), `${JSON.stringify(settings, undefined, 2)}\n`);

  const check = ok(golden('check'));
  expect(check.stdout).toMatch(/stacks: +payments \(\d+\), payments-dev \(\d+\), payments-prod \(\d+\), payments-staging \(\d+\)/);
  expect(check.stdout).toContain('0 errors');
  expect(check.stdout).toContain('check passed');

  // The command every team member and CI runs.
  fs.rmSync(path.join(team, 'cdktf.out'), { recursive: true, force: true });
  ok(sh(team, 'npx', ['cdktf', 'synth']));
  const outdir = path.join(team, 'cdktf.out');
  expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['payments', 'payments-dev', 'payments-prod', 'payments-staging']);
  const prod = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'payments-prod', 'cdk.tf.json'), 'utf8'));
  expect(Object.values<any>(prod.resource.google_sql_database_instance).map((d) => d.name)).toEqual(['payment-service-db-prod']);

  // golden-paths synth (fast synth, GC flags) writes what cdktf synth wrote, file for file.
  const cdktfSynth = treeHashes(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  const synth = ok(golden('synth'));
  expect(synth.stderr).toMatch(/synth: 4 stacks in [\d.]+ s/);
  expect(treeHashes(outdir)).toEqual(cdktfSynth);

  ok(sh(team, 'npx', ['tsc', '--noEmit']));
  ok(sh(team, 'npx', ['jest', '--ci']));

  const workflow = fs.readFileSync(path.join(team, '.github', 'workflows', 'infrastructure.yml'), 'utf8');
  expect(formatFindings(await lintWorkflow(workflow, '.github/workflows/infrastructure.yml'))).toEqual([]);
  run.note('payments-infrastructure$ actionlint .github/workflows/infrastructure.yml (0 findings)');

  // scale changes the synthesized HPA of that environment only.
  expect(hpa(outdir, 'payments-prod', 'ledger')).toMatchObject({ min_replicas: 2, max_replicas: 10 });
  ok(golden('scale', 'ledger', '--env', 'prod', '--min', '3', '--max', '12'));
  ok(sh(team, 'npx', ['cdktf', 'synth']));
  expect(hpa(outdir, 'payments-prod', 'ledger')).toMatchObject({ min_replicas: 3, max_replicas: 12 });
  expect(hpa(outdir, 'payments-staging', 'ledger')).toMatchObject({ min_replicas: 2, max_replicas: 10 });

  const status = ok(golden('status', 'ledger', '--no-synth'));
  expect(status.stdout).toMatch(/prod \(production\): stack payments-prod\n {2}ledger\n.*\n {4}scaling: +autoscaling 3-12 at 70% CPU\n {4}databases: none\n/);
  const withDatabase = ok(golden('status', 'payment-service', '--no-synth'));
  expect(withDatabase.stdout).toMatch(/prod \(production\): stack payments-prod\n(.*\n){3} {4}databases: payment-service-db-prod \(POSTGRES_\d+ db-custom-[\w-]+\)\n {4}namespace: payments-prod, http:\/\/payment-service\.payments-prod\.svc\.cluster\.local/);

  const duplicate = golden('add', 'service', 'ledger');
  expect(duplicate.status).toBe(2);
  expect(duplicate.stderr).toContain('[services/ledger.json] invalid name "ledger": is already declared in this repository');
  expect(duplicate.stderr).not.toMatch(/\n\s+at /);
}, 20 * 60_000);
