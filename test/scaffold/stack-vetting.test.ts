import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { runBashStep } from './bash-step';
import { buildPaymentsApp } from '../../examples/team-payments/main';
import { onPath } from '../../src/cli/process';
import { InfrastructureWorkflow } from '../../src/scaffold/infrastructure-workflow';
import { ALLOWED_PROVIDER_SOURCES } from '../../src/scaffold/stack-vetting';

/**
 * The jobs of a team's `infrastructure.yml` that hold credentials (the plan
 * identity and the read-only App's key in `diff`, an apply identity and the
 * writing App's key in `deploy-<stack>`) run no code of the team's: they take
 * each stack's `cdk.tf.json` from the `check` job and refuse it when it could
 * make Terraform run a command. The steps run here as GitHub runs a `shell:
 * bash` step (`bash --noprofile --norc -eo pipefail`,
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell),
 * with the real jq (on GitHub's ubuntu-24.04 image too:
 * https://github.com/actions/runner-images/blob/main/images/ubuntu/Ubuntu2404-Readme.md) and
 * the real stacks of the payments team repository. Providers cannot be
 * downloaded here, so `terraform` is a stand-in on PATH that records its calls
 * and, for `init`, writes the dependency lock file Terraform writes: one
 * `provider "<address>" {` block per installed provider
 * (https://developer.hashicorp.com/terraform/language/files/dependency-lock).
 */

const JQ = onPath('jq');
if (!JQ) {
  // eslint-disable-next-line no-console
  console.warn('SKIPPED: the stack vetting tests need `jq` on PATH (apt-get install jq; .ci/run does).');
}
const maybe = JQ ? describe : describe.skip;

interface Step { readonly name?: string; readonly env?: Record<string, string>; readonly run?: string }
interface Workflow { readonly env: Record<string, string>; readonly jobs: Record<string, { steps: Step[] }> }

const workflow = parse(new InfrastructureWorkflow({
  teamName: 'payments',
  githubOrganization: 'acme',
  environments: [{ name: 'dev' }, { name: 'staging' }, { name: 'prod', production: true }],
}).render()) as Workflow;
const deployStep = (stack: string) => workflow.jobs[`deploy-${stack}`].steps.at(-1)!;
const diffStep = workflow.jobs.diff.steps.at(-1)!;
const STACKS = ['payments', 'payments-dev', 'payments-staging', 'payments-prod'];

const synthesized = (() => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'vetting-out-'));
  buildPaymentsApp(outdir).synth();
  return Object.fromEntries(STACKS.map((s) => [s, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8'))]));
})();

interface Run { readonly status: number | null; readonly stdout: string; readonly calls: string[]; readonly summary: string }

/**
 * Runs `step` in a fresh workspace holding the downloaded artifact (`stacks/<stack>/cdk.tf.json`
 * for each of `stacks`), with a stand-in terraform: `init` writes a lock file naming `installed` (by default the
 * providers the stack requires), `plan` prints `planOutput(stack)` and fails for the stacks in `failPlan`.
 */
interface RunOptions {
  readonly installed?: readonly string[];
  readonly planOutput?: (stack: string) => string;
  readonly failPlan?: string[];
  readonly artifactFiles?: Record<string, string>;
}

function runStep(step: Step, stacks: Record<string, unknown>, opts: RunOptions = {}): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vetting-'));
  const bin = path.join(dir, 'bin');
  const calls = path.join(dir, 'calls');
  const summary = path.join(dir, 'summary');
  fs.mkdirSync(bin);
  for (const [stack, json] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, 'stacks', stack), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), typeof json === 'string' ? json : JSON.stringify(json));
  }
  for (const [file, text] of Object.entries(opts.artifactFiles ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, 'stacks', file)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', file), text);
  }
  // terraform init installs the providers the stack requires (or `installed`), and locks each.
  const locks = path.join(dir, 'locks');
  fs.mkdirSync(locks);
  for (const [stack, json] of Object.entries(stacks)) {
    const installed = opts.installed ?? (typeof json === 'string' ? ALLOWED_PROVIDER_SOURCES : requiredProviders(json));
    fs.writeFileSync(path.join(locks, `${stack}.hcl`), installed.map((p) => `provider "${p}" {\n  version     = "1.0.0"\n  constraints = "1.0.0"\n}\n`).join('\n'));
  }
  const outputs = Object.fromEntries(Object.keys(stacks).map((s) => [s, opts.planOutput?.(s) ?? 'No changes. Your infrastructure matches the configuration.']));
  fs.writeFileSync(path.join(bin, 'terraform'), [
    '#!/bin/bash',
    `echo "$*" >> ${JSON.stringify(calls)}`,
    'chdir="${1#-chdir=}"; stack="${chdir##*/}"',
    `if [ "$2" = init ]; then cp ${JSON.stringify(locks)}/"\${stack}.hcl" "\${chdir}/.terraform.lock.hcl"; fi`,
    'if [ "$2" = plan ]; then',
    ...Object.entries(outputs).map(([s, out]) => `  if [ "\${stack}" = ${JSON.stringify(s)} ]; then printf '%s\\n' ${JSON.stringify(out)}; fi`),
    `  case " ${(opts.failPlan ?? []).join(' ')} " in *" \${stack} "*) exit 1;; esac`,
    'fi',
    '',
  ].join('\n'), { mode: 0o755 });
  const result = runBashStep(step.run!, dir, {
    PATH: `${bin}:${process.env.PATH}`,
    RUNNER_TEMP: path.join(dir, 'runner-temp'),
    GITHUB_STEP_SUMMARY: summary,
    STACK_RULES: workflow.env.STACK_RULES,
    ...step.env,
  });
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
  const run = { status: result.status, stdout: result.stdout + result.stderr, calls: read(calls).split('\n').filter(Boolean).map((c) => c.replace(dir, '<tmp>')), summary: read(summary) };
  fs.rmSync(dir, { recursive: true, force: true });
  return run;
}

/** The registry addresses of the providers a stack's JSON requires ("google" is registry.terraform.io/hashicorp/google). */
function requiredProviders(json: any): string[] {
  return Object.entries<any>(json?.terraform?.required_providers ?? {}).map(([name, p]) => {
    const source = String(typeof p === 'object' && typeof p?.source === 'string' ? p.source : name).toLowerCase();
    const named = source.includes('/') ? source : `hashicorp/${source}`;
    return named.split('/').length === 2 ? `registry.terraform.io/${named}` : named;
  });
}

/** A copy of the payments team stack with `change` applied. */
function teamStack(change: (json: any) => void): any {
  const json = structuredClone(synthesized.payments);
  change(json);
  return json;
}

maybe('the deploy jobs apply the synthesized stacks, and nothing that could run a command', () => {
  test.each(STACKS)('deploy-%s: vets, initialises and applies its own stack', (stack) => {
    const run = runStep(deployStep(stack), { [stack]: synthesized[stack] });
    expect(run.stdout).not.toContain('::error');
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      `-chdir=<tmp>/runner-temp/terraform/${stack} init -input=false -no-color`,
      `-chdir=<tmp>/runner-temp/terraform/${stack} apply -input=false -auto-approve -no-color`,
    ]);
  });

  const refusals: Array<[string, (json: any) => void, RegExp]> = [
    ['a local-exec provisioner', (j) => { j.resource.terraform_data = { run: { provisioner: [{ 'local-exec': { command: 'cat /proc/*/environ' } }] } }; }, /a provisioner would run commands on the runner/],
    ['a provisioner on a library resource', (j) => { Object.values<any>(j.resource.github_repository)[0].provisioner = [{ 'local-exec': { command: 'id' } }]; }, /a provisioner would run commands on the runner/],
    ['a module', (j) => { j.module = { anything: { source: 'git::https://example.com/m.git' } }; }, /a top-level "module" block is not allowed/],
    ['a provider outside the library\'s', (j) => { j.terraform.required_providers.external = { source: 'hashicorp/external' }; j.data = { external: { x: { program: ['sh'] } } }; }, /the provider "external" comes from registry\.terraform\.io\/hashicorp\/external, which is not one of the library's providers/],
    ['a provider implied by a resource type', (j) => { j.resource.null_resource = { x: {} }; }, /null_resource needs a provider that is not allowed/],
    ['a look-alike source for an allowed name', (j) => { j.terraform.required_providers.google.source = 'evil/google'; }, /the provider "google" comes from registry\.terraform\.io\/evil\/google/],
    ['a Kubernetes exec credential plugin', (j) => { j.provider.kubernetes = [{ exec: { api_version: 'client.authentication.k8s.io/v1beta1', command: 'sh' } }]; j.terraform.required_providers.kubernetes = { source: 'kubernetes' }; }, /a provider exec block would run a command on the runner/],
    ['a resource naming an unknown provider', (j) => { Object.values<any>(j.resource.github_repository)[0].provider = 'evil.alias'; }, /a resource names the provider "evil\.alias", which is not allowed/],
    ['a function that reads the runner\'s files', (j) => { Object.values<any>(j.resource.github_repository)[0].description = '${file("/home/runner/.credentials")}'; }, /a Terraform function would read the runner's files \(file, /],
    ['state outside the team\'s bucket', (j) => { j.terraform.backend = { local: { path: 'x' } }; }, /the state is not in a Cloud Storage bucket/],
  ];
  test.each(refusals)('refuses %s before Terraform runs at all', (_what, change, message) => {
    const run = runStep(deployStep('payments'), { payments: teamStack(change) });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`::error title=payments refused::${message.source}`));
    expect(run.calls).toEqual([]);
  });

  test('refuses a provider that terraform init installed outside the list, before any plan or apply', () => {
    const run = runStep(deployStep('payments'), { payments: synthesized.payments }, { installed: [...ALLOWED_PROVIDER_SOURCES, 'registry.terraform.io/hashicorp/external'] });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error title=payments refused::terraform init installed registry.terraform.io/hashicorp/external, which is not one of the library\'s providers');
    expect(run.calls).toEqual(['-chdir=<tmp>/runner-temp/terraform/payments init -input=false -no-color']);
  });

  test('takes the stack\'s JSON alone: anything else in the artifact never reaches Terraform\'s directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vetting-copy-'));
    const run = runStep({ ...deployStep('payments'), run: deployStep('payments').run!.replace(/terraform -chdir="\$\{work\}" apply[^\n]*/, `ls -A "\${work}" > ${JSON.stringify(path.join(dir, 'listing'))}`) }, { payments: synthesized.payments }, {
      // What a check job running the team's code could put next to the JSON: its own provider binaries and lock file.
      artifactFiles: { 'payments/.terraform/providers/registry.terraform.io/hashicorp/google/6.50.0/linux_amd64/terraform-provider-google': '#!/bin/sh\nid\n', 'payments/.terraform.lock.hcl': 'provider "registry.terraform.io/evil/google" {}\n', 'payments/override.tf.json': '{}' },
    });
    expect(run.status).toBe(0);
    // cdk.tf.json as jq re-serialized it, and what terraform init wrote: no .terraform directory or lock file of the team's.
    expect(fs.readFileSync(path.join(dir, 'listing'), 'utf8').split('\n').filter(Boolean)).toEqual(['.terraform.lock.hcl', 'cdk.tf.json']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('text that only mentions a file function (escaped for Terraform, as the library writes repository files) is no refusal', () => {
    const json = teamStack((j) => { Object.values<any>(j.resource.github_repository)[0].description = 'Reads $${file("x")} and ${upper("ok")}'; });
    expect(runStep(deployStep('payments'), { payments: json }).status).toBe(0);
  });

  test('refuses a file that is not JSON', () => {
    const run = runStep(deployStep('payments'), { payments: 'provider "external" {}' });
    expect(run.status).not.toBe(0);
    expect(run.calls).toEqual([]);
  });

  test('every provider source the library\'s stacks declare is allowed, and nothing else is', () => {
    const declared = (json: any) => Object.values<any>(json.terraform.required_providers).map((p) => p.source);
    const sources = new Set(Object.values(synthesized).flatMap(declared));
    const address = (s: string) => `registry.terraform.io/${s.includes('/') ? s : `hashicorp/${s}`}`;
    expect([...sources].map(address).sort()).toEqual([...ALLOWED_PROVIDER_SOURCES].sort());
  });
});

maybe('the diff job plans every stack', () => {
  test('plans each stack without the lock, and summarizes each', () => {
    const run = runStep(diffStep, synthesized, { planOutput: (s) => (s === 'payments' ? 'Plan: 3 to add, 0 to change, 0 to destroy.' : 'No changes. Your infrastructure matches the configuration.') });
    expect(run.status).toBe(0);
    expect(run.calls.filter((c) => c.includes(' plan '))).toEqual(STACKS.map((s) => `-chdir=<tmp>/runner-temp/terraform/${s} plan -lock=false -input=false -no-color`));
    expect(run.summary.split('\n').filter(Boolean)).toEqual([
      '- `payments`: planned. Plan: 3 to add, 0 to change, 0 to destroy.',
      ...STACKS.slice(1).map((s) => `- \`${s}\`: planned. No changes. Your infrastructure matches the configuration.`),
    ]);
  });

  test('a plan with no summary line, or a failed plan, does not stop the later stacks; the step fails at the end', () => {
    const run = runStep(diffStep, synthesized, { planOutput: (s) => (s === 'payments' ? 'Error: something went wrong' : 'No changes.'), failPlan: ['payments-dev'] });
    expect(run.status).toBe(1);
    expect(run.calls.filter((c) => c.includes(' plan '))).toHaveLength(STACKS.length);
    expect(run.summary).toContain('- `payments`: planned. see the job log');
    expect(run.summary).toContain('- `payments-dev`: failed.');
    expect(run.summary).toContain('- `payments-prod`: planned. No changes.');
  });
});
