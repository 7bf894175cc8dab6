import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { loadSarifSchema, sarifValidator } from './sarif-schema';
import { safeStack, UNSAFE_STACK_ERRORS, unsafeStack } from './util';
import { Guardrails } from '../../src';
import { run } from '../../src/bin/cdktf-guardrails';
import { compiled } from '../setup/compiled-js';

const root = path.join(__dirname, '..', '..');

// The synth signs its reports with the job's key, and the command (in this process or as a child) applies them only when the signature holds.
process.env.GOLDEN_PATHS_REPORT_KEY = 'a-key-of-this-test-run';
const entry = path.join(root, 'src', 'bin', 'cdktf-guardrails.ts');

/**
 * Runs the command as a process, as CI would run the compiled bin: on the
 * repository transpiled once per jest run (test/setup/compiled-js.ts).
 */
function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [compiled(entry), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the command in this process. */
function runHere(args: string[]): { status: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = run(args, (l) => out.push(l), (l) => err.push(l));
  return { status, out: out.join('\n'), err: err.join('\n') };
}

/**
 * A cdktf project's synth output with two stacks, written with validations
 * skipped so that the unsafe one is written too: cdktf.out/stacks/{safe,unsafe}/.
 */
function synthOutput(): { dir: string; outdir: string } {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'guardrails-cli-'));
  const outdir = path.join(dir, 'cdktf.out');
  const app = new App({ outdir, skipValidation: true });
  const { stack: safe } = safeStack(app, 'safe');
  const { stack: unsafe } = unsafeStack(app, 'unsafe');
  Guardrails.of(safe);
  Guardrails.of(unsafe);
  Guardrails.suppress(unsafe.node.findChild('team').node.findChild('repository'), 'GP-GH-001', 'The shop repository is open source by decision');
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    app.synth();
  } finally {
    warn.mockRestore();
  }
  return { dir, outdir };
}

describe('cdktf-guardrails as a process', () => {
  let fixture: { dir: string; outdir: string };
  beforeAll(() => { fixture = synthOutput(); });

  test('exits 0 on a clean stack and 1 with errors, listing rule, address, construct path, line and fix', () => {
    // The fixture is synthesized with skipValidation (so that the unsafe stack is written), which the command refuses unless allowed.
    const clean = cli(['cdktf.out/stacks/safe/cdk.tf.json', '--allow-skipped-validation'], fixture.dir);
    expect(clean.stderr).toBe('');
    expect(clean.stdout).toContain('cdktf.out/stacks/safe/cdk.tf.json: 0 errors, 0 warnings, 0 suppressed (8 elements, 50 rules)');
    expect(clean.status).toBe(0);

    const sarif = path.join(fixture.dir, 'reports', 'guardrails.sarif');
    const all = cli(['--sarif', sarif, '--allow-skipped-validation'], fixture.dir);
    expect(all.status).toBe(1);
    expect(all.stdout).toMatch(/ {2}ERROR {3}GP-K8S-006 kubernetes_deployment_v1\.team_deployment_27EEC6A0 at unsafe\/team\/deployment \(line \d+\)\n {10}A container image is "latest", untagged or pinned to a malformed digest.*\(container "shop" uses image "shop:latest"\)\n {10}Fix: Name an immutable tag/);
    expect(all.stdout).toContain(`cdktf.out/stacks/unsafe/cdk.tf.json: ${UNSAFE_STACK_ERRORS.length - 1} errors, 2 warnings, 1 suppressed (8 elements, 50 rules)`);
    expect(all.stdout.trim().split('\n').pop()).toBe(`cdktf-guardrails: ${UNSAFE_STACK_ERRORS.length - 1} errors, 2 warnings in 2 stacks`);
    expect(all.stdout).not.toContain('ghp_literal_token');
    expect(fs.existsSync(sarif)).toBe(true);
  }, 60_000);

  test('exits 2 on a wrong option', () => {
    const wrong = cli(['--level', 'GP-K8S-001=fatal'], fixture.dir);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toBe('cdktf-guardrails: --level: "fatal" is not a level (use error or warning), as in --level GP-K8S-001=warning\nRun cdktf-guardrails --help for the options.\n');
  }, 60_000);
});

describe('cdktf-guardrails options', () => {
  let fixture: { dir: string; outdir: string };
  beforeAll(() => { fixture = synthOutput(); });
  const unsafe = () => path.join(fixture.outdir, 'stacks', 'unsafe', 'cdk.tf.json');

  test('a directory stands for its stacks; a stack directory for its cdk.tf.json', () => {
    expect(runHere([fixture.outdir]).out).toMatch(/stacks\/safe\/cdk\.tf\.json: .*\n(.|\n)*stacks\/unsafe\/cdk\.tf\.json: /);
    expect(runHere([path.join(fixture.outdir, 'stacks', 'safe'), '--allow-skipped-validation']).status).toBe(0);
  });

  test('the synth report\'s suppressions apply unless --ignore-synth-report', () => {
    expect(runHere([unsafe()]).out).not.toMatch(/ERROR +GP-GH-001/);
    const ignored = runHere([unsafe(), '--ignore-synth-report', '--allow-skipped-validation']);
    expect(ignored.out).toMatch(/ERROR +GP-GH-001 github_repository\.team_repository_[0-9A-F]{8} at unsafe\/team\/repository/);
    expect(ignored.out).toContain(`${UNSAFE_STACK_ERRORS.length} errors, 2 warnings, 0 suppressed`);
  });

  test('--disable, --level and --packs choose the rules; --production the environments', () => {
    const only = runHere([unsafe(), '--packs', 'github', '--disable', 'GP-GH-002,GP-GH-003', '--allow-skipped-validation']);
    expect(only.out).toContain('0 errors, 0 warnings, 1 suppressed (8 elements, 7 rules)');
    expect(only.status).toBe(0);
    const levels = runHere([unsafe(), '--packs=github', '--level', 'GP-GH-002=warning', '--level=GP-GH-003=warning', '--allow-skipped-validation']);
    expect(levels.out).toContain('0 errors, 2 warnings, 1 suppressed');
    expect(levels.status).toBe(0);
    const notProd = runHere([unsafe(), '--packs', 'kubernetes', '--production', 'live']);
    expect(notProd.out).not.toContain('GP-K8S-008');
    expect(notProd.out).toContain('GP-K8S-001');
  });

  test('--quiet prints errors and the summary only', () => {
    const quiet = runHere([unsafe(), '--quiet']);
    expect(quiet.out).not.toMatch(/WARNING/);
    expect(quiet.out).toMatch(/ERROR +GP-K8S-001/);
  });

  test('--json writes one report per stack', () => {
    const file = path.join(fixture.dir, 'out', 'reports.json');
    runHere([fixture.outdir, '--json', file]);
    const reports = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(reports.map((r: any) => [r.stack, r.summary.errors])).toEqual([['safe', 0], ['unsafe', UNSAFE_STACK_ERRORS.length - 1]]);
  });

  test('--sarif writes one run with the results of every stack', () => {
    const file = path.join(fixture.dir, 'out', 'all.sarif');
    runHere([fixture.outdir, '--sarif', file]);
    const sarif = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0].automationDetails).toEqual({ id: 'cdktf-guardrails/all/' });
    expect(new Set(sarif.runs[0].results.map((r: any) => r.properties.stack))).toEqual(new Set(['unsafe']));
    const schema = loadSarifSchema();
    expect(sarifValidator(schema)(sarif)).toEqual([]);
  });

  test('judges any cdktf project\'s configuration, with or without construct metadata', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plain-'));
    const file = path.join(dir, 'cdk.tf.json');
    fs.writeFileSync(file, JSON.stringify({ resource: { google_service_account_key: { ci: { service_account_id: 'ci' } } } }, null, 2));
    const result = runHere([file]);
    expect(result.status).toBe(1);
    // No construct path is recorded: the stack (named after its directory) stands in.
    expect(result.out).toMatch(/ERROR +GP-GCP-007 google_service_account_key\.ci at plain-\w+ \(line 4\)/);
  });

  test('exits 2 for a missing path, invalid JSON, unknown options and unknown rules; --help exits 0', () => {
    expect(runHere(['/nonexistent/cdk.tf.json'])).toEqual({ status: 2, out: '', err: 'cdktf-guardrails: /nonexistent/cdk.tf.json: no such file or directory' });
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'empty-'));
    expect(runHere([empty]).err).toBe(`cdktf-guardrails: ${empty}: holds no cdk.tf.json (nor stacks/*/cdk.tf.json); run cdktf synth first`);
    const bad = path.join(empty, 'cdk.tf.json');
    fs.writeFileSync(bad, '{ not json');
    expect(runHere([bad])).toEqual(expect.objectContaining({ status: 2, err: expect.stringMatching(/cdk\.tf\.json: not valid JSON/) }));
    expect(runHere(['--frobnicate']).err).toBe('cdktf-guardrails: unknown option --frobnicate\nRun cdktf-guardrails --help for the options.');
    expect(runHere(['--disable', 'GP-NOPE-1']).err).toMatch(/--disable: "GP-NOPE-1" is not a guardrail rule id/);
    expect(runHere(['--packs', 'aws']).err).toMatch(/--packs: "aws" is not a pack \(use kubernetes, google-cloud, github, secrets, terraform\)/);
    expect(runHere(['--sarif']).err).toMatch(/--sarif needs a value/);
    const help = runHere(['--help']);
    expect(help.status).toBe(0);
    expect(help.out).toMatch(/^Usage: cdktf-guardrails \[options\] \[path \.\.\.\]/);
  });
});
