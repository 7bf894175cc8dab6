import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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
 * `npx projen test:e2e`, as .ci/run does after the compile.
 *
 * The install: by default, offline and fast, node_modules holds the packaged
 * tarball extracted (what `npm install <tarball>` unpacks) beside links to the
 * packages of this repository's node_modules (the same versions the team's
 * package.json asks for). With GOLDEN_PATHS_E2E_NPM_INSTALL=1 it runs the real
 * `npm install --prefer-offline` instead, from the registry and the npm cache.
 *
 * Every command, its exit status and its time go to the transcript printed at
 * the end (and to test-reports/end-to-end.txt).
 */

const ROOT = path.join(__dirname, '..', '..');
const STEP_TIMEOUT_MS = 300_000;
const REAL_INSTALL = process.env.GOLDEN_PATHS_E2E_NPM_INSTALL === '1';

interface Step {
  readonly command: string;
  readonly status: number;
  readonly seconds: number;
  readonly stdout: string;
  readonly stderr: string;
}

const transcript: Step[] = [];
let work: string;
let team: string;
let tarball: string;

/** An argument as the transcript shows it: the temp folder as $TMP, a bin of node_modules by its name. */
function shown(arg: string): string {
  const short = arg.replace(/^.*\/node_modules\/\.bin\//, '').split(work).join('$TMP').split(ROOT).join('<repository>');
  return /\s/.test(short) ? JSON.stringify(short) : short;
}

/** Runs `command args` in `cwd`, records it in the transcript and returns it. */
function sh(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Step {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '1', ...env },
    timeout: STEP_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const step = {
    command: `${cwd === ROOT ? '<repository>' : path.relative(work, cwd) || '.'}$ ${[command, ...args].map(shown).join(' ')}`,
    status: result.status ?? -1,
    seconds: (Date.now() - started) / 1000,
    stdout: result.stdout ?? '',
    stderr: `${result.stderr ?? ''}${result.error ? String(result.error) : ''}`,
  };
  transcript.push(step);
  return step;
}

function ok(step: Step): Step {
  if (step.status !== 0) throw new Error(`${step.command} exited ${step.status}:\n${step.stdout}\n${step.stderr}`);
  return step;
}

const golden = (...args: string[]) => sh(team, path.join(team, 'node_modules', '.bin', 'golden-paths'), args);

/** The node_modules of `dir` without a registry: the tarball unpacked, every other package linked from this repository's. */
function offlineInstall(dir: string): void {
  const started = Date.now();
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(modules, '.bin'), { recursive: true });
  const ours = path.join(ROOT, 'node_modules');
  for (const entry of fs.readdirSync(ours)) {
    if (entry === '.bin' || entry === 'cdktf-golden-paths' || entry.startsWith('.')) continue;
    fs.symlinkSync(path.join(ours, entry), path.join(modules, entry));
  }
  for (const bin of fs.readdirSync(path.join(ours, '.bin'))) {
    fs.symlinkSync(fs.readlinkSync(path.join(ours, '.bin', bin)), path.join(modules, '.bin', bin));
  }
  const library = path.join(modules, 'cdktf-golden-paths');
  fs.mkdirSync(library);
  execFileSync('tar', ['xzf', tarball, '-C', library, '--strip-components', '1']);
  const pkg = JSON.parse(fs.readFileSync(path.join(library, 'package.json'), 'utf8'));
  for (const [name, target] of Object.entries<string>(pkg.bin)) {
    fs.chmodSync(path.join(library, target), 0o755);
    fs.symlinkSync(path.join('..', 'cdktf-golden-paths', target), path.join(modules, '.bin', name));
  }
  transcript.push({ command: `${path.relative(work, dir)}$ (offline install: ${path.basename(tarball)} unpacked, other packages linked)`, status: 0, seconds: (Date.now() - started) / 1000, stdout: '', stderr: '' });
}

/** The HPA of `service` in the synthesized stack `<team>-<env>`. */
function hpa(outdir: string, stack: string, service: string): { min_replicas: number; max_replicas: number } {
  const config = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  const all = Object.values<any>(config.resource.kubernetes_horizontal_pod_autoscaler_v2);
  const found = all.find((h) => h.metadata.name === service);
  if (!found) throw new Error(`no HPA for ${service} in ${stack}`);
  return found.spec;
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-paths-e2e-'));
  team = path.join(work, 'payments-infrastructure');
});

afterAll(() => {
  const lines = transcript.map((s) => `${s.command}\n  exit ${s.status}, ${s.seconds.toFixed(1)} s`);
  const text = `End-to-end transcript (${REAL_INSTALL ? 'npm install' : 'offline install'}), total ${transcript.reduce((t, s) => t + s.seconds, 0).toFixed(1)} s\n${lines.join('\n')}\n`;
  fs.mkdirSync(path.join(ROOT, 'test-reports'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'test-reports', 'end-to-end.txt'), text);
  process.stdout.write(text);
  if (process.env.GOLDEN_PATHS_E2E_KEEP !== '1') fs.rmSync(work, { recursive: true, force: true });
});

test('a team goes from nothing to a checked, synthesized repository with the packaged library', async () => {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'bin', 'golden-paths.js'))) throw new Error('lib/ is not compiled: run npx projen compile first');

  // The package as npm publishes it.
  const pack = ok(sh(ROOT, 'npm', ['pack', '--pack-destination', work, '--json', '--ignore-scripts']));
  tarball = path.join(work, JSON.parse(pack.stdout)[0].filename);

  // init, with the CLI of the installed package: a tool folder holds it, as `npx cdktf-golden-paths` would.
  const tool = path.join(work, 'tool');
  fs.mkdirSync(tool);
  offlineInstall(tool);
  const platformJson = path.join(ROOT, 'examples', 'team-payments', 'platform.json');
  const init = ok(sh(work, path.join(tool, 'node_modules', '.bin', 'golden-paths'),
    ['init', team, '--team', 'payments', '--platform', platformJson, '--maintainers', 'alice,bob', '--library', tarball]));
  expect(init.stdout).toContain('stacks payments, payments-dev, payments-staging, payments-prod');
  const vendored = `vendor/${path.basename(tarball)}`;
  for (const file of ['package.json', 'cdktf.json', 'tsconfig.json', 'main.ts', 'team.ts', 'platform.json', '.gitignore', 'README.md', 'test/team.test.ts', 'services/README.md', '.github/workflows/infrastructure.yml', vendored]) {
    expect(fs.existsSync(path.join(team, file))).toBe(true);
  }
  // The library by a path inside the repository: a clean clone (and CI's npm ci) installs the same tarball.
  expect(JSON.parse(fs.readFileSync(path.join(team, 'package.json'), 'utf8')).dependencies['cdktf-golden-paths']).toBe(`file:${vendored}`);
  expect(fs.readFileSync(path.join(team, vendored))).toEqual(fs.readFileSync(tarball));

  if (REAL_INSTALL) ok(sh(team, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund']));
  else offlineInstall(team);

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
  transcript.push({ command: 'payments-infrastructure$ actionlint .github/workflows/infrastructure.yml (0 findings)', status: 0, seconds: 0, stdout: '', stderr: '' });

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
