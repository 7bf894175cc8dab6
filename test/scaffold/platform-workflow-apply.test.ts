import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { runBashStep } from './bash-step';
import { buildPlatformApp } from '../../examples/platform/main';
import { PlatformWorkflow } from '../../src';
import type { AffectedMatrix, MatrixEntry } from '../../src/cli/affected-matrix';
import { onPath } from '../../src/cli/process';
import { ALLOWED_PROVIDER_SOURCES } from '../../src/scaffold/stack-vetting';
import { gp } from '../cli/run-cli';

/**
 * The apply waves of the platform workflow, run here as GitHub runs them: for
 * each wave job with entries, each matrix entry's apply step in a fresh
 * workspace holding the `stacks` artifact and the `applied-*` artifacts of
 * the earlier waves (download-artifact with merge-multiple), as GitHub runs a
 * `shell: bash` step, with the real jq and the example platform's real
 * stacks. `terraform` is a stand-in on PATH (no provider can be downloaded
 * here) that records its calls and fails the apply of the stacks it is told to.
 */

const JQ = onPath('jq');
if (!JQ) {
  // eslint-disable-next-line no-console
  console.warn('SKIPPED: the platform apply tests need `jq` on PATH (apt-get install jq; .ci/run does).');
}
const maybe = JQ ? describe : describe.skip;

interface Step { readonly name?: string; readonly env?: Record<string, string>; readonly run?: string; readonly with?: Record<string, unknown> }
interface Workflow { readonly env: Record<string, string>; readonly jobs: Record<string, { steps: Step[] }> }

const workflow = parse(new PlatformWorkflow({ githubOrganization: 'acme' }).render()) as Workflow;
const applyStep = (wave: number) => workflow.jobs[`apply-${wave}`].steps.find((s) => s.name === 'Apply the stacks whose dependencies applied')!;
const uploadStep = (wave: number) => workflow.jobs[`apply-${wave}`].steps.find((s) => s.name === 'Hand what this entry applied to the later waves')!;

function tmpdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const outdir = (() => {
  const app = buildPlatformApp(tmpdir('platform-apply-out-'));
  app.synth();
  return app.outdir;
})();

/**
 * The synth job: affected against an empty base (every stack new), its JSON into the artifact, its
 * matrix as the output. Run once for the suite: the entries copy the artifact and never change it.
 */
const synth = (() => {
  const base = tmpdir('platform-apply-base-');
  fs.writeFileSync(path.join(base, 'manifest.json'), '{"stacks":{}}');
  let done: Promise<{ artifact: string; output: AffectedMatrix }> | undefined;
  return () => (done ??= (async () => {
    const json = await gp(os.tmpdir(), 'affected', '--base', base, '--head', outdir, '--json');
    const matrix = await gp(os.tmpdir(), 'affected', '--base', base, '--head', outdir, '--matrix');
    expect(json.code + matrix.code).toBe(0);
    const artifact = tmpdir('platform-apply-artifact-');
    fs.copyFileSync(path.join(outdir, 'manifest.json'), path.join(artifact, 'manifest.json'));
    fs.writeFileSync(path.join(artifact, 'affected.json'), json.out);
    for (const stack of fs.readdirSync(path.join(outdir, 'stacks'))) {
      fs.mkdirSync(path.join(artifact, 'stacks', stack), { recursive: true });
      fs.copyFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), path.join(artifact, 'stacks', stack, 'cdk.tf.json'));
    }
    return { artifact, output: JSON.parse(matrix.out) as AffectedMatrix };
  })());
})();

interface EntryRun {
  readonly wave: number;
  readonly entry: MatrixEntry;
  readonly status: number | null;
  readonly summary: string;
  readonly applied: string[];
}

/** The registry address Terraform resolves a `required_providers` source to ("google" is registry.terraform.io/hashicorp/google). */
function registryAddress(source: string): string {
  const lower = source.toLowerCase();
  const named = lower.includes('/') ? lower : `hashicorp/${lower}`;
  return named.split('/').length === 2 ? `registry.terraform.io/${named}` : named;
}

/**
 * A stand-in terraform in `dir/bin`: records `<stack> <command>` in `dir/calls`; fails `apply` and `plan` of the stacks in `fail`.
 * `init` writes the dependency lock file Terraform writes: a `provider` block for each provider the stack requires.
 */
function fakeTerraform(dir: string, fail: string[]): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const locks = path.join(dir, 'locks');
  fs.mkdirSync(locks);
  for (const stack of fs.readdirSync(path.join(outdir, 'stacks'))) {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    const providers = Object.values<{ source: string }>(json.terraform.required_providers).map((p) => registryAddress(p.source));
    expect(providers.filter((p) => !(ALLOWED_PROVIDER_SOURCES as readonly string[]).includes(p))).toEqual([]);
    fs.writeFileSync(path.join(locks, `${stack}.hcl`), providers.map((p) => `provider "${p}" {\n  version = "1.0.0"\n}\n`).join('\n'));
  }
  fs.writeFileSync(path.join(bin, 'terraform'), [
    '#!/bin/bash',
    'chdir="${1#-chdir=}"; stack="${chdir##*/}"',
    `echo "\${stack} $2" >> ${JSON.stringify(path.join(dir, 'calls'))}`,
    `if [ "$2" = init ]; then cp ${JSON.stringify(locks)}/"\${stack}.hcl" "\${chdir}/.terraform.lock.hcl"; fi`,
    'if [ "$2" = plan ]; then echo "Plan: 1 to add, 0 to change, 0 to destroy."; fi',
    `if [ "$2" = apply ] || [ "$2" = plan ]; then case " ${fail.join(' ')} " in *" \${stack} "*) echo "Error: $2 of \${stack} failed"; exit 1;; esac; fi`,
    '',
  ].join('\n'), { mode: 0o755 });
  return bin;
}

/** Every wave in order, every entry of a wave with the `applied-*` files of the waves before it; `failApply` stacks fail at apply. */
async function runWaves(failApply: string[]): Promise<{ runs: EntryRun[]; applies: string[] }> {
  const { artifact, output } = await synth();
  const dir = tmpdir('platform-apply-');
  const calls = path.join(dir, 'calls');
  const uploaded = path.join(dir, 'uploaded');
  fs.mkdirSync(uploaded);
  const bin = fakeTerraform(dir, failApply);

  const runs: EntryRun[] = [];
  for (let wave = 1; wave <= output.waves.length && output.waves[wave - 1].count > 0; wave++) {
    const step = applyStep(wave);
    expect(Object.keys(step.env!)).toEqual(['STACKS', 'GITHUB_TOKEN', 'TF_PLUGIN_CACHE_DIR', 'TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE', 'ENTRY', 'FOUNDATION', 'APPLY']);
    expect(step.env!.ENTRY).toBe(`\${{ format('applied-${wave}-{0}', matrix.id) }}`);
    expect(uploadStep(wave).with!.path).toBe(`\${{ format('applied/applied-${wave}-{0}.txt', matrix.id) }}`);
    const earlier = fs.readdirSync(uploaded);
    for (const entry of output.waves[wave - 1].include) {
      const work = tmpdir('platform-apply-entry-');
      fs.cpSync(artifact, path.join(work, 'stacks'), { recursive: true });
      if (wave > 1) {
        fs.mkdirSync(path.join(work, 'applied'));
        for (const file of earlier) fs.copyFileSync(path.join(uploaded, file), path.join(work, 'applied', file));
      }
      const summary = path.join(work, 'summary');
      const result = runBashStep(step.run!, work, {
        PATH: `${bin}:${process.env.PATH}`,
        RUNNER_TEMP: path.join(work, 'runner-temp'),
        GITHUB_STEP_SUMMARY: summary,
        STACK_RULES: workflow.env.STACK_RULES,
        STACKS: entry.stacks,
        GITHUB_TOKEN: '',
        TF_PLUGIN_CACHE_DIR: path.join(work, 'runner-temp', 'terraform-plugins'),
        TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true',
        ENTRY: `applied-${wave}-${entry.id}`,
        FOUNDATION: output.foundation,
        APPLY: step.env!.APPLY,
      });
      const file = `applied-${wave}-${entry.id}.txt`;
      fs.copyFileSync(path.join(work, 'applied', file), path.join(uploaded, file));
      runs.push({
        wave,
        entry,
        status: result.status,
        summary: fs.existsSync(summary) ? fs.readFileSync(summary, 'utf8') : '',
        applied: fs.readFileSync(path.join(uploaded, file), 'utf8').split('\n').filter(Boolean),
      });
    }
  }
  const applies = fs.readFileSync(calls, 'utf8').split('\n').filter((c) => c.endsWith(' apply')).map((c) => c.split(' ')[0]);
  return { runs, applies };
}

const ALL = ['foundation', 'onboarding-payments', 'onboarding-search', 'platform',
  'onboarding-payments-dev', 'onboarding-search-dev', 'platform-dev',
  'onboarding-payments-staging', 'onboarding-search-staging', 'platform-staging',
  'onboarding-payments-prod', 'onboarding-search-prod', 'platform-prod'];

maybe('the apply waves, run entry by entry', () => {
  test('nothing fails: every stack applied once, wave after wave, in promotion order', async () => {
    const { runs, applies } = await runWaves([]);
    expect(runs.every((r) => r.status === 0)).toBe(true);
    expect(applies).toEqual(ALL);
    expect(runs.flatMap((r) => r.applied)).toEqual(ALL);
    expect(runs.find((r) => r.entry.stacks === 'platform-prod')!.summary).toBe('- `platform-prod`: applied\n');
  }, 60_000);

  test('a failed stack stops its own later waves, says which stack failed, and the other stacks go on', async () => {
    const { runs, applies } = await runWaves(['onboarding-search-dev']);
    const run = (stack: string) => runs.find((r) => r.entry.stacks.split(' ').includes(stack))!;
    expect(run('onboarding-search-dev')).toMatchObject({ status: 1, applied: [] });
    expect(run('onboarding-search-dev').summary).toBe('- `onboarding-search-dev`: **failed** (see the job log)\n');
    expect(run('onboarding-search-staging')).toMatchObject({ status: 1, applied: [] });
    expect(run('onboarding-search-staging').summary).toBe('- `onboarding-search-staging`: not applied, its dependency `onboarding-search-dev` did not apply\n');
    expect(run('onboarding-search-prod').summary).toBe('- `onboarding-search-prod`: not applied, its dependency `onboarding-search-staging` did not apply\n');
    // Terraform never applied what depends on the failure; everything else applied.
    expect(applies).toEqual(ALL.filter((s) => !['onboarding-search-staging', 'onboarding-search-prod'].includes(s)));
    expect(runs.flatMap((r) => r.applied)).toEqual(ALL.filter((s) => !s.startsWith('onboarding-search-') || s === 'onboarding-search'));
    for (const stack of ['onboarding-payments-prod', 'platform-prod']) expect(run(stack)).toMatchObject({ status: 0, applied: [stack] });
  }, 60_000);

  test('a failed foundation stops every other stack', async () => {
    const { runs, applies } = await runWaves(['foundation']);
    expect(applies).toEqual(['foundation']);
    expect(runs.flatMap((r) => r.applied)).toEqual([]);
    expect(runs.find((r) => r.entry.stacks === 'platform')!.summary).toBe('- `platform`: not applied, its dependency `foundation` did not apply\n');
  }, 60_000);
});

maybe('the plan entries', () => {
  test('an entry plans its stacks without the lock and hands its summary lines to plan-result, a failure included', async () => {
    const { artifact, output } = await synth();
    const step = workflow.jobs.plan.steps.find((s) => s.name === 'Plan the stacks (without the state lock)')!;
    const entry = output.plan.include.find((e) => e.owner === 'TEAMS')!;
    const dir = tmpdir('platform-plan-');
    const bin = fakeTerraform(dir, ['platform-dev']);
    fs.cpSync(artifact, path.join(dir, 'stacks'), { recursive: true });
    const summary = path.join(dir, 'summary');
    const result = runBashStep(step.run!, dir, {
      PATH: `${bin}:${process.env.PATH}`,
      RUNNER_TEMP: path.join(dir, 'runner-temp'),
      GITHUB_STEP_SUMMARY: summary,
      STACK_RULES: workflow.env.STACK_RULES,
      STACKS: entry.stacks,
      TF_PLUGIN_CACHE_DIR: path.join(dir, 'runner-temp', 'terraform-plugins'),
      ENTRY: entry.id,
      PLAN: step.env!.PLAN,
    });
    expect(entry.stacks).toBe('platform');
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'plan-results', 'TEAMS-1.md'), 'utf8')).toBe('- `platform`: planned. Plan: 1 to add, 0 to change, 0 to destroy.\n');

    const failing = runBashStep(step.run!, dir, {
      PATH: `${bin}:${process.env.PATH}`,
      RUNNER_TEMP: path.join(dir, 'runner-temp'),
      GITHUB_STEP_SUMMARY: path.join(dir, 'summary-2'),
      STACK_RULES: workflow.env.STACK_RULES,
      STACKS: 'platform-dev platform-staging',
      TF_PLUGIN_CACHE_DIR: path.join(dir, 'runner-temp', 'terraform-plugins'),
      ENTRY: 'TEAMS-2',
      PLAN: step.env!.PLAN,
    });
    expect(failing.status).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'plan-results', 'TEAMS-2.md'), 'utf8')).toBe([
      '- `platform-dev`: failed. Plan: 1 to add, 0 to change, 0 to destroy.',
      '- `platform-staging`: planned. Plan: 1 to add, 0 to change, 0 to destroy.',
      '- entry `TEAMS-2` (platform-dev platform-staging): failed, see its job log',
      '',
    ].join('\n'));
    expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8')).not.toContain(' apply');
  }, 60_000);
});
