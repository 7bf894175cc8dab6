import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { formatFindings, lintWorkflow } from './lint-workflow';
import { buildPlatformApp } from '../../examples/platform/main';
import { PlatformWorkflow, type PlatformWorkflowOptions } from '../../src';
import type { AffectedMatrix, MatrixJob } from '../../src/cli/affected-matrix';
import { INFRASTRUCTURE_VARIABLES as VARS } from '../../src/scaffold/infrastructure-variables';
import { gp } from '../cli/run-cli';

/**
 * The platform repository's workflow (`PlatformWorkflow`): a synth job whose
 * output is `golden-paths affected --matrix`, a plan matrix on pull requests,
 * and apply waves on pushes. The jobs' matrices are read here the way GitHub
 * reads them, from that output: for the example platform and for a generated
 * platform of 1,000 teams.
 */

interface Step {
  readonly 'id'?: string;
  readonly 'name'?: string;
  readonly 'if'?: string;
  readonly 'uses'?: string;
  readonly 'with'?: Record<string, unknown>;
  readonly 'env'?: Record<string, string>;
  readonly 'run'?: string;
  readonly 'continue-on-error'?: boolean;
  readonly 'working-directory'?: string;
}

interface Job {
  readonly name?: string;
  readonly needs?: string[];
  readonly if?: string;
  readonly environment?: string;
  readonly permissions: Record<string, string>;
  readonly outputs?: Record<string, string>;
  readonly strategy?: { 'fail-fast': boolean; 'max-parallel': number; 'matrix': { include: string } };
  readonly steps: Step[];
}

interface Workflow {
  readonly on: Record<string, unknown>;
  readonly concurrency: Record<string, string>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const LINT_TIMEOUT_MS = 30_000;
const BASE: PlatformWorkflowOptions = { githubOrganization: 'acme' };
const workflow = new PlatformWorkflow(BASE);
const text = workflow.render();
const doc = parse(text) as Workflow;
const jobs = doc.jobs;
const APPLY_JOBS = Array.from({ length: 8 }, (_, i) => `apply-${i + 1}`);
const authStep = (job: Job) => job.steps.find((s) => s.uses?.startsWith('google-github-actions/auth@'))!;
const appTokenStep = (job: Job) => job.steps.find((s) => s.uses?.startsWith('actions/create-github-app-token@'))!;

/** What a job's matrix is, given the synth job's output: GitHub evaluates `fromJSON(needs.synth.outputs.matrix).<path>.include`. */
function matrixOf(job: Job, output: AffectedMatrix): MatrixJob {
  const match = /^\$\{\{ fromJSON\(needs\.synth\.outputs\.matrix\)\.(plan|waves\[(\d+)\])\.include \}\}$/.exec(job.strategy!.matrix.include);
  expect(match).not.toBeNull();
  const matrix = match![1] === 'plan' ? output.plan : output.waves[Number(match![2])];
  // The job runs exactly when its matrix has entries: the `if` reads the same path.
  expect(job.if).toContain(`fromJSON(needs.synth.outputs.matrix).${match![1]}.count > 0`);
  return matrix;
}

function tmpdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** An empty synth output: the base of a first run, where every stack is new. */
function emptyOutput(): string {
  const dir = tmpdir('platform-workflow-empty-');
  fs.writeFileSync(path.join(dir, 'manifest.json'), '{"stacks":{}}');
  return dir;
}

async function matrixFor(head: string, base = emptyOutput(), ...options: string[]): Promise<AffectedMatrix> {
  const run = await gp(os.tmpdir(), 'affected', '--base', base, '--head', head, '--matrix', ...options);
  expect(run).toMatchObject({ code: 0, err: '' });
  return JSON.parse(run.out);
}

/** The synth output of a platform repository of `teams` onboarded teams (and the platform team's own stacks), as cdktf writes it. */
function generatedPlatform(teams: number): string {
  const dir = tmpdir('platform-workflow-generated-');
  const stacks: Record<string, { dependencies: string[] }> = { foundation: { dependencies: [] } };
  const team = (prefix: string) => {
    stacks[prefix] = { dependencies: ['foundation'] };
    stacks[`${prefix}-dev`] = { dependencies: [prefix] };
    stacks[`${prefix}-staging`] = { dependencies: [prefix, `${prefix}-dev`] };
    stacks[`${prefix}-prod`] = { dependencies: [prefix, `${prefix}-staging`] };
  };
  for (let i = 0; i < teams; i++) team(`onboarding-team-${String(i).padStart(4, '0')}`);
  team('platform');
  const manifest: Record<string, unknown> = {};
  for (const [name, { dependencies }] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, 'stacks', name), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify({ terraform: { backend: { gcs: { bucket: 'acme-terraform-state', prefix: `acme/${name}` } } } }));
    manifest[name] = { name, dependencies, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ stacks: manifest }));
  fs.writeFileSync(path.join(dir, 'platform.json'), JSON.stringify({
    foundation: { stack: 'foundation' },
    environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', production: true }],
  }));
  return dir;
}

/**
 * What the rendered jobs run for `output`: the plan job's entries cover every touched stack once;
 * apply-k's entries are wave k; no job has more than `maxEntries` entries; every stack's
 * dependencies (the manifest's, and the foundation) that the change touches apply in an earlier
 * wave; production stacks, and they alone, are in production waves.
 */
function expectRuns(output: AffectedMatrix, head: string, rendered: Workflow = doc, maxEntries = 256): void {
  const applyJobs = Object.keys(rendered.jobs).filter((id) => id.startsWith('apply-'));
  expect(applyJobs).toHaveLength(output.waves.length);
  const manifest = JSON.parse(fs.readFileSync(path.join(head, 'manifest.json'), 'utf8'));
  const touched = new Set<string>();
  const plan = matrixOf(rendered.jobs.plan, output);
  expect(plan.count).toBe(plan.include.length);
  expect(plan.count).toBeLessThanOrEqual(maxEntries);
  const planned = plan.include.flatMap((e) => e.stacks.split(' '));
  expect(planned.length).toBe(output.affected);
  expect(new Set(planned).size).toBe(planned.length);
  planned.forEach((s) => touched.add(s));

  const waveOf = new Map<string, number>();
  applyJobs.forEach((id, k) => {
    const wave = matrixOf(rendered.jobs[id], output);
    expect({ job: id, count: wave.count }).toEqual({ job: id, count: wave.include.length });
    expect(wave.count).toBeLessThanOrEqual(maxEntries);
    for (const entry of wave.include) {
      const stacks = entry.stacks.split(' ');
      // One wave is all production or none; the environment follows the entry's flag.
      expect({ entry: entry.id, production: entry.production }).toEqual({ entry: entry.id, production: wave.production });
      for (const s of stacks) {
        expect({ stack: s, production: entry.production }).toEqual({ stack: s, production: s.endsWith('-prod') });
        expect(waveOf.has(s)).toBe(false);
        waveOf.set(s, k);
      }
    }
  });
  expect([...waveOf.keys()].sort()).toEqual([...touched].sort());
  for (const [stack, wave] of waveOf) {
    const dependencies = [...manifest.stacks[stack].dependencies, ...(stack === 'foundation' ? [] : ['foundation'])];
    for (const d of dependencies.filter((x: string) => touched.has(x))) {
      expect({ stack, dependency: d, before: waveOf.get(d)! < wave }).toEqual({ stack, dependency: d, before: true });
    }
  }
}

describe('PlatformWorkflow defaults', () => {
  test('as attributes', () => {
    expect(workflow).toMatchObject({
      defaultBranch: 'main',
      synthJobs: 2,
      maxWaves: 8,
      maxEntriesPerJob: 256,
      maxParallel: 20,
      applyEnvironment: 'platform',
      productionEnvironment: 'platform-production',
    });
    expect(PlatformWorkflow.PATH).toBe('.github/workflows/platform.yml');
    expect(PlatformWorkflow.MAX_MATRIX_ENTRIES).toBe(256);
  });

  test('in the YAML', () => {
    expect(workflow.jobIds).toEqual(['synth', 'plan', 'plan-result', ...APPLY_JOBS]);
    expect(Object.keys(jobs)).toEqual(workflow.jobIds);
    expect(doc.on).toEqual({ push: { branches: ['main'] }, pull_request: {} });
    expect(jobs.synth.steps.find((s) => s.name === 'Synthesize')!.run).toBe('npx golden-paths synth --jobs 2');
    expect(jobs.synth.steps.find((s) => s.id === 'affected')!.run).toContain('--matrix --max-entries 256 --max-waves 8');
    for (const id of ['plan', ...APPLY_JOBS]) {
      expect(jobs[id].strategy).toMatchObject({ 'fail-fast': false, 'max-parallel': 20 });
    }
    expect(jobs['apply-1'].environment).toBe("${{ matrix.production && 'platform-production' || 'platform' }}");
  });
});

describe('PlatformWorkflow jobs', () => {
  test('every action is pinned to a full commit SHA', () => {
    const uses = Object.values(jobs).flatMap((j) => j.steps.map((s) => s.uses)).filter(Boolean) as string[];
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  test('synth: no credentials; the base checked out in a subfolder; affected --matrix is its output', () => {
    const synth = jobs.synth;
    expect(synth.permissions).toEqual({ contents: 'read', actions: 'read' });
    expect(JSON.stringify(synth)).not.toMatch(/secrets\.|GCP_|id-token/);
    expect(synth.outputs).toEqual({ matrix: '${{ steps.affected.outputs.matrix }}' });
    const base = synth.steps.find((s) => s.id === 'base')!;
    expect(base.env).toMatchObject({ PULL_REQUEST_BASE: '${{ github.event.pull_request.base.sha }}' });
    expect(base.run).toContain('gh run list --repo "${GITHUB_REPOSITORY}" --workflow platform.yml --branch main --event push --status success --limit 1');
    expect(synth.steps.find((s) => s.name === 'Check out the base')).toMatchObject({ with: { 'ref': '${{ steps.base.outputs.sha }}', 'path': '.golden-paths-base', 'persist-credentials': false } });
    expect(synth.steps.find((s) => s.id === 'base-synth')).toMatchObject({ 'continue-on-error': true, 'working-directory': '.golden-paths-base' });
    expect(synth.steps.find((s) => s.name === 'Run the guardrails and validate the catalog')!.run).toBe('npx golden-paths check --no-synth');
    const upload = synth.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.with).toMatchObject({ name: 'stacks', path: 'cdktf.out/manifest.json\ncdktf.out/affected.json\ncdktf.out/stacks/*/cdk.tf.json\n' });
  });

  test.each(['plan', ...APPLY_JOBS])('%s runs no code of the repository: no checkout, no Node.js, no cdktf', (id) => {
    const job = jobs[id];
    expect(job.steps.map((s) => s.uses?.split('@')[0]).filter(Boolean)).toEqual(expect.not.arrayContaining(['actions/checkout', 'actions/setup-node']));
    for (const step of job.steps) expect(`${step.run ?? ''}${Object.values(step.env ?? {}).join('')}`).not.toMatch(/\bnpm\b|\bnpx\b|\bnode\b|cdktf /);
    expect(job.permissions).toEqual({ 'id-token': 'write' });
  });

  test('plan: pull requests, terraform plan -lock=false as the owner\'s plan identity, the read-only App, no environment', () => {
    const plan = jobs.plan;
    expect(plan.if).toBe("github.event_name == 'pull_request' && fromJSON(needs.synth.outputs.matrix).plan.count > 0");
    expect(plan.environment).toBeUndefined();
    expect(authStep(plan).with).toEqual({
      workload_identity_provider: `\${{ vars.${VARS.WORKLOAD_IDENTITY_PROVIDER} }}`,
      service_account: `\${{ vars[format('${VARS.PLAN_SERVICE_ACCOUNT}_{0}', matrix.owner)] || vars.${VARS.PLAN_SERVICE_ACCOUNT} }}`,
    });
    expect(appTokenStep(plan).with).toEqual({ 'app-id': `\${{ vars.${VARS.READER_APP_ID} }}`, 'private-key': `\${{ secrets.${VARS.READER_APP_PRIVATE_KEY} }}`, 'owner': 'acme' });
    const step = plan.steps.find((s) => s.name === 'Plan the stacks (without the state lock)')!;
    expect(step.env!.STACKS).toBe('${{ matrix.stacks }}');
    expect(step.env!.PLAN).toContain('plan -lock=false -input=false -no-color');
    expect(step.env!.PLAN).not.toContain('apply');
  });

  test('plan-result: one summary of every plan, the check to require, failing when a plan failed', () => {
    const result = jobs['plan-result'];
    expect(result.needs).toEqual(['synth', 'plan']);
    expect(result.if).toBe("always() && github.event_name == 'pull_request'");
    expect(result.permissions).toEqual({});
    expect(result.steps[0].with).toEqual({ 'pattern': 'plan-result-*', 'path': 'plan-results', 'merge-multiple': true });
    expect(result.steps[1].run).toContain('if [ "${PLAN}" != "success" ] && [ "${PLAN}" != "skipped" ]; then');
  });

  test('apply-k needs apply-(k-1), runs after a failed wave (the step skips what depends on a failure), and only on pushes to main', () => {
    APPLY_JOBS.forEach((id, k) => {
      const job = jobs[id];
      expect(job.needs).toEqual(k === 0 ? ['synth'] : ['synth', `apply-${k}`]);
      expect(job.if).toBe(`always() && !cancelled() && github.event_name == 'push' && github.ref == 'refs/heads/main' && needs.synth.result == 'success' && fromJSON(needs.synth.outputs.matrix).waves[${k}].count > 0`);
      expect(authStep(job).with!.service_account).toBe(`\${{ vars[format('${VARS.APPLY_SERVICE_ACCOUNT}_{0}', matrix.owner)] || vars.${VARS.APPLY_SERVICE_ACCOUNT} }}`);
      expect(appTokenStep(job).with).toEqual({ 'app-id': `\${{ vars.${VARS.APP_ID} }}`, 'private-key': `\${{ secrets.${VARS.APP_PRIVATE_KEY} }}`, 'owner': 'acme' });
      const downloads = job.steps.filter((s) => s.uses?.startsWith('actions/download-artifact@')).map((s) => s.with);
      expect(downloads).toEqual([{ name: 'stacks', path: 'stacks' }, ...(k === 0 ? [] : [{ 'pattern': 'applied-*', 'path': 'applied', 'merge-multiple': true }])]);
    });
  });

  test('one concurrency group for every apply, never cancelled; pull requests cancel their older plans', () => {
    expect(doc.concurrency).toEqual({
      'group': "${{ github.event_name == 'push' && 'platform-apply-main' || format('platform-plan-{0}', github.ref) }}",
      'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
    });
    for (const job of Object.values(jobs)) expect(job).not.toHaveProperty('concurrency');
  });

  test('the header says which variables hold which identity, and the matrix limit is cited where it applies', () => {
    expect(text).toContain('vars.GCP_PLAN_SERVICE_ACCOUNT_<OWNER> or vars.GCP_PLAN_SERVICE_ACCOUNT');
    expect(text).toContain('(OWNER: FOUNDATION, ONBOARDING, TEAMS)');
    expect(text).toContain('# at most 256 entries: https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow');
  });
});

describe('PlatformWorkflow matrices, as GitHub reads them from the synth job\'s output', () => {
  test('the example platform: every stack once, waves in order, production waves for -prod stacks alone', async () => {
    const app = buildPlatformApp(tmpdir('platform-workflow-example-'));
    app.synth();
    const output = await matrixFor(app.outdir);
    expect(output.affected).toBe(13);
    expect(output.foundation).toBe('foundation');
    expectRuns(output, app.outdir);
    expect(output.waves.map((w) => w.include.map((e) => e.stacks).join(' '))).toEqual([
      'foundation',
      'onboarding-payments onboarding-search platform',
      'onboarding-payments-dev onboarding-search-dev platform-dev',
      'onboarding-payments-staging onboarding-search-staging platform-staging',
      'onboarding-payments-prod onboarding-search-prod platform-prod',
      '', '', '',
    ]);
    expect(output.waves.map((w) => w.production)).toEqual([false, false, false, false, true, false, false, false]);
  });

  test('a platform of 1,000 teams (4,005 stacks): at most 256 entries per job, each entry one owner\'s stacks', async () => {
    const head = generatedPlatform(1000);
    const output = await matrixFor(head);
    expect(output.affected).toBe(4005);
    expectRuns(output, head);
    expect(output.plan.count).toBeGreaterThan(200);
    expect(output.plan.count).toBeLessThanOrEqual(256);
    expect(output.waves.map((w) => w.include.flatMap((e) => e.stacks.split(' ')).length)).toEqual([1, 1001, 1001, 1001, 1001, 0, 0, 0]);
    expect(output.waves.map((w) => w.count)).toEqual([1, expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number), 0, 0, 0]);
    for (const job of [output.plan, ...output.waves]) {
      for (const entry of job.include) {
        const owners = new Set(entry.stacks.split(' ').map((s) => (s === 'foundation' ? 'FOUNDATION' : s.startsWith('onboarding-') ? 'ONBOARDING' : 'TEAMS')));
        expect([...owners]).toEqual([entry.owner]);
      }
    }
    // The matrix is one job output: GitHub allows 1 MB per job.
    expect(JSON.stringify(output).length).toBeLessThan(1_000_000);
  });

  test('a smaller maxEntriesPerJob packs tighter, and the workflow passes it to affected', async () => {
    const small = parse(new PlatformWorkflow({ ...BASE, maxEntriesPerJob: 10, maxWaves: 6 }).render()) as Workflow;
    expect(small.jobs.synth.steps.find((s) => s.id === 'affected')!.run).toContain('--matrix --max-entries 10 --max-waves 6');
    const head = generatedPlatform(50);
    const output = await matrixFor(head, emptyOutput(), '--max-entries', '10', '--max-waves', '6');
    expectRuns(output, head, small, 10);
    expect(output.waves).toHaveLength(6);
  });
});

describe('PlatformWorkflow options', () => {
  test('branch, environments, waves, parallelism and synth jobs', () => {
    const custom = new PlatformWorkflow({ ...BASE, defaultBranch: 'trunk', applyEnvironment: 'apply', productionEnvironment: 'live', maxWaves: 3, maxParallel: 5, synthJobs: 4 });
    const w = parse(custom.render()) as Workflow;
    expect(Object.keys(w.jobs)).toEqual(['synth', 'plan', 'plan-result', 'apply-1', 'apply-2', 'apply-3']);
    expect(w.on).toEqual({ push: { branches: ['trunk'] }, pull_request: {} });
    expect(w.jobs['apply-3'].environment).toBe("${{ matrix.production && 'live' || 'apply' }}");
    expect(w.jobs['apply-3'].if).toContain("github.ref == 'refs/heads/trunk'");
    expect(w.jobs['apply-3'].strategy!['max-parallel']).toBe(5);
    expect(w.jobs.synth.steps.find((s) => s.name === 'Synthesize')!.run).toBe('npx golden-paths synth --jobs 4');
    expect(w.jobs.synth.steps.find((s) => s.id === 'base')!.run).toContain('--branch trunk');
  });
});

describe('PlatformWorkflow errors', () => {
  test('more entries than GitHub runs, no waves, one environment for both: the prop, the value and the fix', () => {
    expect(() => new PlatformWorkflow({ ...BASE, maxEntriesPerJob: 300, maxWaves: 0, productionEnvironment: 'platform' })).toThrow(
      /^\[PlatformWorkflow\] 3 invalid props:\n {2}- invalid maxWaves 0: must be a whole number between 1 and 100[^\n]*\n {2}- invalid maxEntriesPerJob 300: must be a whole number between 3 and 256\. Fix: set 3 to 256 \(GitHub's limit: https:\/\/docs\.github\.com[^\n]*\n {2}- invalid productionEnvironment "platform": is also the applyEnvironment/);
  });

  test('a bad organization and branch', () => {
    expect(() => new PlatformWorkflow({ githubOrganization: '-acme', defaultBranch: 'a b' })).toThrow(/invalid githubOrganization "-acme"[\s\S]*invalid defaultBranch "a b": is not a branch name/);
  });
});

describe('PlatformWorkflow actionlint', () => {
  test('finds nothing with the defaults', async () => {
    expect(formatFindings(await lintWorkflow(text, PlatformWorkflow.PATH))).toEqual([]);
  }, LINT_TIMEOUT_MS);

  test('finds nothing with every option set', async () => {
    const custom = new PlatformWorkflow({ ...BASE, defaultBranch: 'trunk', applyEnvironment: 'apply', productionEnvironment: 'live', maxWaves: 12, maxParallel: 5, maxEntriesPerJob: 100, synthJobs: 4 });
    expect(formatFindings(await lintWorkflow(custom.render(), PlatformWorkflow.PATH))).toEqual([]);
  }, LINT_TIMEOUT_MS);
});
