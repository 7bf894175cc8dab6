import * as fs from 'fs';
import * as path from 'path';
import { EndToEndRun, ROOT } from './end-to-end-run';
import type { Affected } from '../../src/cli/affected';
import { formatFindings, lintWorkflow } from '../scaffold/lint-workflow';
import { treeHashes } from '../tree-hashes';

/**
 * The platform team's path from nothing to a synthesized platform repository,
 * run as a user would in a temporary folder, against the package as npm
 * publishes it: `npm pack`; `golden-paths init --platform-repository` with the
 * example platform's settings and the tarball as --library (copied to
 * vendor/); the install; `add team` twice (one team onboarded onto its own
 * repository, one declared here with a service and its database); `check`;
 * `npx cdktf synth`; `golden-paths synth --jobs 2`, which writes the same
 * files; `tsc --noEmit` and the repository's own jest test; actionlint on the
 * generated workflow; `status`; then a change (one service's production
 * replicas, and a third team) and `affected` on the two synths, as the
 * workflow runs it.
 *
 * Needs the compiled library (lib/, `npx projen compile`): run it with
 * `npx projen test:e2e`, as .ci/run does after the compile. The install
 * (offline, or npm with GOLDEN_PATHS_E2E_NPM_INSTALL=1) and the transcript
 * (test-reports/platform-end-to-end.txt) are end-to-end-run.ts's.
 */

const run = new EndToEndRun('golden-paths-platform-e2e-');
const repo = path.join(run.work, 'acme-platform');
const sh = run.sh.bind(run);
const ok = run.ok.bind(run);
const golden = (...args: string[]) => sh(repo, path.join(repo, 'node_modules', '.bin', 'golden-paths'), args);
const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');

/** Writes a file of the repository by hand, as the platform team would, and notes it in the transcript. */
function write(file: string, json: unknown): void {
  fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  fs.writeFileSync(path.join(repo, file), `${JSON.stringify(json, undefined, 2)}\n`);
  run.note(`acme-platform$ (wrote ${file})`);
}

const onboarding = (team: string) => [`onboarding-${team}`, `onboarding-${team}-dev`, `onboarding-${team}-prod`, `onboarding-${team}-staging`];
const declared = (team: string) => [team, `${team}-dev`, `${team}-prod`, `${team}-staging`];

afterAll(() => run.finish('platform-end-to-end', 'Platform end-to-end transcript'));

test('a platform team goes from nothing to a checked, synthesized platform repository with the packaged library', async () => {
  run.expectCompiled();
  const tarball = run.pack();
  const tool = run.tool();

  const settings = path.join(ROOT, 'examples', 'platform', 'platform-settings.json');
  const init = ok(sh(run.work, tool, ['init', repo, '--platform-repository', '--settings', settings, '--library', tarball]));
  expect(init.stdout).toContain('Created the acme platform repository in acme-platform');
  const vendored = `vendor/${path.basename(tarball)}`;
  for (const file of ['package.json', 'cdktf.json', 'tsconfig.json', 'main.ts', 'platform.ts', 'platform-settings.json', '.gitignore', 'README.md',
    'test/platform.test.ts', 'teams/README.md', '.github/workflows/platform.yml', vendored]) {
    expect({ file, exists: fs.existsSync(path.join(repo, file)) }).toEqual({ file, exists: true });
  }
  expect(JSON.parse(read('package.json')).dependencies['cdktf-golden-paths']).toBe(`file:${vendored}`);

  run.install(repo);

  ok(golden('add', 'team', 'payments', '--maintainers', 'alice,bob', '--service-repositories', 'payment-service'));
  ok(golden('add', 'team', 'platform', '--maintainers', 'frank', '--declare-here'));
  write('teams/platform/developer-portal.json', {
    kind: 'service', name: 'developer-portal', description: 'Backstage', database: { engine: 'postgres', size: 'small' },
  });

  const check = ok(golden('check'));
  expect(check.stdout).toMatch(/stacks: +foundation \(\d+\), onboarding-payments \(\d+\), onboarding-payments-dev \(\d+\), onboarding-payments-prod \(\d+\), onboarding-payments-staging \(\d+\), platform \(\d+\)/);
  expect(check.stdout).toContain('0 errors');
  expect(check.stdout).toContain('check passed');

  // The command the README gives, and the one CI runs: the same files.
  const outdir = path.join(repo, 'cdktf.out');
  fs.rmSync(outdir, { recursive: true, force: true });
  ok(sh(repo, 'npx', ['cdktf', 'synth']));
  expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['foundation', ...onboarding('payments'), ...declared('platform')]);
  const published = JSON.parse(fs.readFileSync(path.join(outdir, 'platform.json'), 'utf8'));
  expect(Object.keys(published.teams)).toEqual(['payments']);
  expect(published.teams.payments).toMatchObject({ infrastructureRepository: 'payments-infra', serviceRepositories: ['payment-service'] });
  const prod = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'platform-prod', 'cdk.tf.json'), 'utf8'));
  expect(Object.values<any>(prod.resource.google_sql_database_instance).map((d) => d.name)).toEqual(['developer-portal-db-prod']);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  expect(manifest.stacks['onboarding-payments-prod'].dependencies).toEqual(['onboarding-payments', 'onboarding-payments-staging']);
  expect(manifest.stacks['platform-prod'].dependencies).toEqual(expect.arrayContaining(['platform', 'platform-staging']));
  const cdktfSynth = treeHashes(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  const synth = ok(golden('synth', '--jobs', '2'));
  expect(synth.stderr).toMatch(/synth: 9 stacks in [\d.]+ s/);
  expect(treeHashes(outdir)).toEqual(cdktfSynth);

  ok(sh(repo, 'npx', ['tsc', '--noEmit']));
  ok(sh(repo, 'npx', ['jest', '--ci']));

  const workflow = read('.github/workflows/platform.yml');
  expect(formatFindings(await lintWorkflow(workflow, '.github/workflows/platform.yml'))).toEqual([]);
  run.note('acme-platform$ actionlint .github/workflows/platform.yml (0 findings)');

  const status = ok(golden('status', '--no-synth'));
  expect(status.stdout).toContain('Teams (teams/): 2\n  payments: onboarded, deploys from payments-infra\n');
  expect(status.stdout).toContain('  platform: declared here\n    services:  developer-portal\n    databases: developer-portal-db\n');

  // A pull request: one service's production replicas, and a third team. The workflow synthesizes the base and the head, then asks affected.
  const base = path.join(run.work, 'base.out');
  fs.renameSync(outdir, base);
  const portal = JSON.parse(read('teams/platform/developer-portal.json'));
  write('teams/platform/developer-portal.json', { ...portal, environments: { prod: { replicas: 4, autoscaling: { enabled: false } } } });
  ok(golden('add', 'team', 'search', '--maintainers', 'carol'));
  ok(golden('synth', '--jobs', '2'));
  const affected: Affected = JSON.parse(ok(golden('affected', '--base', base, '--head', outdir, '--json')).stdout);
  expect(affected.total).toBe(13);
  expect(affected.removed).toEqual([]);
  expect(Object.fromEntries(affected.stacks.map((s) => [s.name, s.reason]))).toEqual({
    'platform-prod': 'changed',
    ...Object.fromEntries(onboarding('search').map((s) => [s, 'new'])),
  });
  const wave = (name: string) => affected.stacks.find((s) => s.name === name)!.wave;
  expect(wave('onboarding-search')).toBeLessThan(wave('onboarding-search-dev'));
  expect(wave('onboarding-search-dev')).toBeLessThan(wave('onboarding-search-staging'));
  expect(wave('onboarding-search-staging')).toBeLessThan(wave('onboarding-search-prod'));
}, 20 * 60_000);
