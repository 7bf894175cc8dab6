import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/bin/cdktf-guardrails';
import { onPath } from '../../src/cli/process';

/**
 * `cdktf-guardrails` on a hand-edited cdktf output (issue 26): the command
 * must judge what Terraform reads, not what JSON.parse keeps.
 *
 * - Terraform's JSON syntax takes a block type's value as an object or an
 *   array of objects at every level ("Nested Block Mapping",
 *   https://developer.hashicorp.com/terraform/language/syntax/json), and a
 *   key given twice in one object as two blocks
 *   (https://discuss.hashicorp.com/t/aws-multiple-regions-in-json-format/4766):
 *   JSON.parse keeps only the last.
 * - Terraform reads every .tf and .tf.json file of the folder it runs in, and
 *   merges override files over them
 *   (https://developer.hashicorp.com/terraform/language/files/override).
 * - cdktf deploys each stack of manifest.json from its workingDirectory.
 *
 * Each case hides a public repository (GP-GH-001) in a stack that is
 * otherwise clean. The command must report it (exit 1), or refuse to judge a
 * file it cannot read as Terraform does (exit 2, naming the file); the last
 * describe block shows, with Terraform itself, that it reads each shape.
 */

const REPOSITORY = { name: 'docs', visibility: 'private', vulnerability_alerts: true };
const PUBLIC = { name: 'site', visibility: 'public', vulnerability_alerts: true };
const PROTECTION = {
  docs: {
    repository_id: '${github_repository.docs.node_id}',
    pattern: 'main',
    enforce_admins: true,
    required_pull_request_reviews: [{ required_approving_review_count: 1 }],
    required_status_checks: [{ strict: true, contexts: ['ci'] }],
  },
};
/** The clean stack: a private repository with a protected default branch. */
const CLEAN = { resource: { github_repository: { docs: REPOSITORY }, github_branch_protection: PROTECTION } };
const MANIFEST = { version: '0.21.0', stacks: { app: { name: 'app', constructPath: 'app', workingDirectory: 'stacks/app', synthesizedStackPath: 'stacks/app/cdk.tf.json' } } };

/** What the command must do: report the public repository, or refuse the input naming what. */
type Expect = { readonly finding: string } | { readonly refused: RegExp } | 'clean';

interface Case {
  readonly name: string;
  /** Files of the output folder (`cdktf.out`), by path; objects are written as JSON. */
  readonly files: Readonly<Record<string, unknown>>;
  /** The path given to the command, in the output folder. */
  readonly input?: string;
  readonly expect: Expect;
}

const text = (json: string) => ({ text: json });
const j = (v: unknown) => JSON.stringify(v, null, 2);

const CASES: Case[] = [
  {
    name: '"resource" as an array of objects',
    files: { 'stacks/app/cdk.tf.json': { resource: [CLEAN.resource, { github_repository: { site: PUBLIC } }] } },
    expect: { finding: 'github_repository.site' },
  },
  {
    name: 'a resource type as an array of objects',
    files: { 'stacks/app/cdk.tf.json': { resource: { ...CLEAN.resource, github_repository: [{ docs: REPOSITORY }, { site: PUBLIC }] } } },
    expect: { finding: 'github_repository.site' },
  },
  {
    name: 'a resource body as a one-item array',
    files: { 'stacks/app/cdk.tf.json': { resource: { ...CLEAN.resource, github_repository: { docs: REPOSITORY, site: [PUBLIC] } } } },
    expect: { finding: 'github_repository.site' },
  },
  {
    name: 'two "resource" keys: JSON.parse keeps the clean one, Terraform reads both',
    files: { 'stacks/app/cdk.tf.json': text(`{\n  "resource": ${j({ github_repository: { site: PUBLIC } })},\n  "resource": ${j(CLEAN.resource)}\n}\n`) },
    expect: { refused: /cdk\.tf\.json: a key is given twice in one object: \/resource \(line \d+\)\. JSON\.parse keeps the last, but Terraform reads each as a block of its own/ },
  },
  {
    name: 'a resource type key twice: JSON.parse keeps the clean one, Terraform reads both',
    files: { 'stacks/app/cdk.tf.json': text(`{"resource": {"github_repository": ${j({ site: PUBLIC })}, "github_repository": ${j({ docs: REPOSITORY })}, "github_branch_protection": ${j(PROTECTION)}}}`) },
    expect: { refused: /cdk\.tf\.json: a key is given twice in one object: \/resource\/github_repository \(line 7\)/ },
  },
  {
    name: 'an argument twice, the safe value last (Terraform refuses the file; so does the command)',
    files: { 'stacks/app/cdk.tf.json': text(`{"resource": {"github_repository": {"docs": {"name": "docs", "visibility": "public", "visibility": "private", "vulnerability_alerts": true}}, "github_branch_protection": ${j(PROTECTION)}}}`) },
    expect: { refused: /\/resource\/github_repository\/docs\/visibility \(line 1\)/ },
  },
  {
    name: 'the same resource twice in an array (Terraform: "Duplicate resource configuration")',
    files: { 'stacks/app/cdk.tf.json': { resource: [CLEAN.resource, { github_repository: { docs: { ...REPOSITORY, visibility: 'public' } } }] } },
    expect: { refused: /cdk\.tf\.json: resource github_repository\.docs is declared twice: Terraform refuses the configuration \("Duplicate resource configuration"\)\. Fix: / },
  },
  {
    name: 'another .tf.json file in the stack folder',
    files: { 'stacks/app/cdk.tf.json': CLEAN, 'stacks/app/extra.tf.json': { resource: { github_repository: { site: PUBLIC } } } },
    expect: { finding: 'github_repository.site' },
  },
  {
    name: 'another .tf.json file, given the stack\'s cdk.tf.json alone',
    files: { 'stacks/app/cdk.tf.json': CLEAN, 'stacks/app/extra.tf.json': { resource: { github_repository: { site: PUBLIC } } } },
    input: 'stacks/app/cdk.tf.json',
    expect: { finding: 'github_repository.site' },
  },
  {
    name: 'another .tf.json file declaring a resource of cdk.tf.json again',
    files: { 'stacks/app/cdk.tf.json': CLEAN, 'stacks/app/extra.tf.json': { resource: { github_repository: { docs: { ...REPOSITORY, visibility: 'public' } } } } },
    expect: { refused: /extra\.tf\.json: resource github_repository\.docs is declared twice \(and in .*cdk\.tf\.json\)/ },
  },
  {
    name: 'override.tf.json in the stack folder',
    files: { 'stacks/app/cdk.tf.json': CLEAN, 'stacks/app/override.tf.json': { resource: { github_repository: { docs: { visibility: 'public' } } } } },
    expect: { refused: /override\.tf\.json: Terraform merges this override file over the stack's configuration .*Fix: remove it/ },
  },
  {
    name: 'a *_override.tf.json file in the stack folder',
    files: { 'stacks/app/cdk.tf.json': CLEAN, 'stacks/app/visibility_override.tf.json': { resource: { github_repository: { docs: { visibility: 'public' } } } } },
    expect: { refused: /visibility_override\.tf\.json: Terraform merges this override file/ },
  },
  {
    name: 'a .tf file (native syntax) in the stack folder',
    files: { 'stacks/app/cdk.tf.json': CLEAN, 'stacks/app/site.tf': text('resource "github_repository" "site" {\n  name       = "site"\n  visibility = "public"\n}\n') },
    expect: { refused: /site\.tf: Terraform reads it with the stack's configuration, and the guardrails judge JSON configuration only/ },
  },
  {
    name: 'a cdk.tofu.json next to cdk.tf.json (OpenTofu reads it instead)',
    files: { 'stacks/app/cdk.tf.json': CLEAN, 'stacks/app/cdk.tofu.json': { resource: { github_repository: { docs: { ...REPOSITORY, visibility: 'public' } } } } },
    expect: { refused: /cdk\.tofu\.json: OpenTofu reads it/ },
  },
  {
    name: 'manifest.json deploys a stack from a folder outside stacks/',
    files: {
      'manifest.json': { ...MANIFEST, stacks: { ...MANIFEST.stacks, site: { name: 'site', workingDirectory: 'elsewhere', synthesizedStackPath: 'elsewhere/cdk.tf.json' } } },
      'stacks/app/cdk.tf.json': CLEAN,
      'elsewhere/cdk.tf.json': { resource: { github_repository: { site: PUBLIC } } },
    },
    expect: { refused: /manifest\.json: stack "site" is deployed from "elsewhere" with "elsewhere\/cdk\.tf\.json", not from stacks\/<folder>\/cdk\.tf\.json of this output/ },
  },
  {
    name: 'manifest.json deploys a stack from outside the output',
    files: {
      'manifest.json': { ...MANIFEST, stacks: { ...MANIFEST.stacks, site: { name: 'site', workingDirectory: '../site', synthesizedStackPath: '../site/cdk.tf.json' } } },
      'stacks/app/cdk.tf.json': CLEAN,
      '../site/cdk.tf.json': { resource: { github_repository: { site: PUBLIC } } },
    },
    expect: { refused: /manifest\.json: stack "site" is deployed from "\.\.\/site"/ },
  },
  {
    name: 'manifest.json names another file than the folder\'s cdk.tf.json',
    files: {
      'manifest.json': { ...MANIFEST, stacks: { app: { ...MANIFEST.stacks.app, synthesizedStackPath: 'stacks/app/site.json' } } },
      'stacks/app/cdk.tf.json': CLEAN,
      'stacks/app/site.json': { resource: { github_repository: { site: PUBLIC } } },
    },
    expect: { refused: /manifest\.json: stack "app" is deployed from "stacks\/app" with "stacks\/app\/site\.json"/ },
  },
  {
    name: 'a stack folder manifest.json does not list is judged too',
    files: { 'stacks/app/cdk.tf.json': CLEAN, 'stacks/site/cdk.tf.json': { resource: { github_repository: { site: PUBLIC } } } },
    expect: { finding: 'github_repository.site' },
  },
  {
    name: 'a hidden .tf.json file, which Terraform ignores, is ignored',
    files: { 'stacks/app/cdk.tf.json': CLEAN, 'stacks/app/.site.tf.json': { resource: { github_repository: { site: PUBLIC } } } },
    expect: 'clean',
  },
];

function writeOutput(files: Readonly<Record<string, unknown>>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hand-edited-'));
  const outdir = path.join(root, 'cdktf.out');
  for (const [file, content] of Object.entries({ 'manifest.json': MANIFEST, ...files })) {
    const full = path.join(outdir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    const body = content !== null && typeof content === 'object' && 'text' in content ? (content as { text: string }).text : j(content);
    fs.writeFileSync(full, body);
  }
  return outdir;
}

function judge(c: Case): { status: number; out: string; err: string } {
  const outdir = writeOutput(c.files);
  const out: string[] = [];
  const err: string[] = [];
  const status = run([path.join(outdir, c.input ?? ''), '--packs', 'github'], (l) => out.push(l), (l) => err.push(l));
  return { status, out: out.join('\n'), err: err.join('\n') };
}

describe('cdktf-guardrails judges what Terraform reads', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = judge(c);
    expect(result.err).not.toMatch(/^\s+at |internal error|failed:/m);
    if (c.expect === 'clean') {
      expect(result).toEqual({ status: 0, out: expect.stringContaining('0 errors'), err: '' });
    } else if ('finding' in c.expect) {
      expect(result.out).toMatch(new RegExp(`ERROR +GP-GH-001 ${c.expect.finding.replace('.', '\\.')} `));
      expect(result.status).toBe(1);
    } else {
      expect(result.err).toMatch(c.expect.refused);
      expect(result.err.split('\n').every((l) => l.startsWith('cdktf-guardrails: '))).toBe(true);
      expect(result.status).toBe(2);
    }
  });

  test('every problem of the input is listed, not the first alone', () => {
    const result = judge({
      name: 'two',
      files: { 'stacks/app/cdk.tf.json': CLEAN, 'stacks/app/override.tf.json': {}, 'stacks/app/site.tf': text('') },
      expect: 'clean',
    });
    expect(result.status).toBe(2);
    expect(result.err.split('\n')).toEqual([
      expect.stringMatching(/^cdktf-guardrails: .*override\.tf\.json: Terraform merges this override file/),
      expect.stringMatching(/^cdktf-guardrails: .*site\.tf: Terraform reads it/),
    ]);
  });
});

/**
 * Terraform's own reading of each shape, with Terraform's built-in
 * terraform_data resource (no provider to download): the plan holds every
 * resource a shape declares, the ones JSON.parse drops included.
 */
describe('Terraform reads each shape (needs terraform on the PATH: install Terraform 1.11+)', () => {
  const terraform = onPath('terraform');
  const data = (input: string) => ({ input });
  const SHAPES: Array<[string, Record<string, string>, string[] | RegExp]> = [
    ['"resource" as an array', { 'cdk.tf.json': j({ resource: [{ terraform_data: { a: data('a') } }, { terraform_data: { b: data('b') } }] }) }, ['terraform_data.a', 'terraform_data.b']],
    ['a resource type and a body as arrays', { 'cdk.tf.json': j({ resource: { terraform_data: [{ a: [data('a')] }, { b: data('b') }] } }) }, ['terraform_data.a', 'terraform_data.b']],
    ['two "resource" keys', { 'cdk.tf.json': `{"resource": ${j({ terraform_data: { a: data('a') } })}, "resource": ${j({ terraform_data: { b: data('b') } })}}` }, ['terraform_data.a', 'terraform_data.b']],
    ['a resource type key twice', { 'cdk.tf.json': `{"resource": {"terraform_data": ${j({ a: data('a') })}, "terraform_data": ${j({ b: data('b') })}}}` }, ['terraform_data.a', 'terraform_data.b']],
    ['an argument twice', { 'cdk.tf.json': '{"resource": {"terraform_data": {"a": {"input": "x", "input": "y"}}}}' }, /Duplicate argument/],
    ['the same resource twice in an array', { 'cdk.tf.json': j({ resource: [{ terraform_data: { a: data('a') } }, { terraform_data: { a: data('b') } }] }) }, /Duplicate resource "terraform_data" configuration/],
    ['other files of the folder, hidden ones aside', {
      'cdk.tf.json': j({ resource: { terraform_data: { a: data('a') } } }),
      'extra.tf.json': j({ resource: { terraform_data: { b: data('b') } } }),
      'site.tf': 'resource "terraform_data" "c" {\n  input = "c"\n}\n',
      '.hidden.tf.json': j({ resource: { terraform_data: { hidden: data('h') } } }),
    }, ['terraform_data.a', 'terraform_data.b', 'terraform_data.c']],
  ];

  (terraform ? test.each(SHAPES) : test.skip.each(SHAPES))('%s', (_name, files, expected) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'terraform-reads-'));
    for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), content);
    const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    const tf = (...args: string[]) => execFileSync('terraform', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (expected instanceof RegExp) {
      // Terraform refuses the configuration as it reads it (at init, or at the plan).
      expect(() => {
        tf('init', '-input=false', '-no-color');
        tf('plan', '-input=false', '-no-color');
      }).toThrow(expected);
      return;
    }
    tf('init', '-input=false', '-no-color');
    tf('plan', '-input=false', '-no-color', '-out=plan');
    const plan = JSON.parse(tf('show', '-json', 'plan'));
    expect(plan.planned_values.root_module.resources.map((r: any) => r.address).sort()).toEqual(expected);
  }, 60_000);

  test('override files change what Terraform plans', () => {
    if (!terraform) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'terraform-reads-'));
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), j({ resource: { terraform_data: { a: data('private') } } }));
    fs.writeFileSync(path.join(dir, 'visibility_override.tf.json'), j({ resource: { terraform_data: { a: data('public') } } }));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    const tf = (...args: string[]) => execFileSync('terraform', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    tf('init', '-input=false', '-no-color');
    tf('plan', '-input=false', '-no-color', '-out=plan');
    expect(JSON.parse(tf('show', '-json', 'plan')).planned_values.root_module.resources.map((r: any) => r.values.input)).toEqual(['public']);
  }, 60_000);
});
