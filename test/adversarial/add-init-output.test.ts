import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ENVIRONMENT_STACK_CHILD_IDS } from '../../src/platform/stack-layout';
import { fromTerraformLiteral } from '../../src/private/terraform-literal';
import { gp, initTeam, platformCreatesRepository } from '../cli/run-cli';
import { compiledRoot } from '../setup/compiled-js';

/**
 * What `golden-paths add` writes, the next synth accepts (issue 26): a name
 * the team's app would refuse is refused by `add` up front, with the same
 * list, and writes nothing; what `add` accepts (free text included: quotes,
 * backslashes, backticks, newlines, `${` and `%{`) synthesizes, and reaches
 * Terraform JSON as text (terraform-escaping.test.ts proves the escaping with
 * Terraform itself).
 */

let tmp: string;
let repo: string;
const nodePath = process.env.NODE_PATH;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'add-init-output-'));
  repo = await initTeam(tmp);
  // The team's app finds the library as the tree's transpiled code (as in cli-errors.test.ts).
  const libs = path.join(tmp, 'libs');
  fs.mkdirSync(path.join(libs, 'cdktf-golden-paths'), { recursive: true });
  fs.writeFileSync(path.join(libs, 'cdktf-golden-paths', 'package.json'), JSON.stringify({ name: 'cdktf-golden-paths', version: '0.0.0', main: path.join(compiledRoot(), 'src', 'index.js') }));
  process.env.NODE_PATH = [libs, path.join(__dirname, '..', '..', 'node_modules')].join(path.delimiter);
});
afterAll(() => {
  if (nodePath === undefined) delete process.env.NODE_PATH;
  else process.env.NODE_PATH = nodePath;
  fs.rmSync(tmp, { recursive: true, force: true });
});

const RESERVED = `Reserved: ${ENVIRONMENT_STACK_CHILD_IDS.map((i) => `"${i}"`).join(', ')}.`;

describe('a name the synth would refuse as a construct id is refused by add, which writes nothing', () => {
  const cases: Array<[string, string, string]> = [
    ...ENVIRONMENT_STACK_CHILD_IDS.flatMap((id): Array<[string, string, string]> => [
      ['service', id, `invalid name "${id}": is reserved: the library's own constructs in every environment's stack have that id. ${RESERVED} Fix: choose another name, e.g. "${id}-service".`],
      ['database', id, `invalid name "${id}": is reserved: the library's own constructs in every environment's stack have that id. ${RESERVED} Fix: choose another name, e.g. "${id}-db".`],
    ]),
    ['service', 'constructor', 'invalid name "constructor": is the name of a property every JavaScript object has, and the construct library reads such an id as taken. Fix: choose another name, e.g. "constructor-1".'],
    ['database', 'constructor', 'invalid name "constructor": is the name of a property every JavaScript object has'],
  ];
  test.each(cases)('add %s %s', async (kind, name, message) => {
    const args = kind === 'service' ? ['add', 'service', name, '--description', 'X'] : ['add', 'database', name, '--engine', 'postgres', '--size', 'small'];
    const result = await gp(repo, ...args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`[services/${name}.json] ${message}`);
    expect(fs.existsSync(path.join(repo, 'services', `${name}.json`))).toBe(false);
  });
});

describe('what add accepts, the next synth accepts, its free text as text', () => {
  const HOSTILE = 'Pays ${var.INJECTED} %{ if INJECTED }y%{ endif } ${{ secrets.INJECTED }} "q" \\ `t`\nline two';
  let synth: { code: number; err: string };
  let stacks: Record<string, any>;
  beforeAll(async () => {
    // Ids a team's own children have inside a stack, free at App scope where a team repository's services stand.
    for (const name of ['registry', 'dev']) {
      expect(await gp(repo, 'add', 'service', name, '--description', HOSTILE, '--system', 'commerce')).toMatchObject({ code: 0, err: '' });
      platformCreatesRepository(repo, name);
    }
    expect(await gp(repo, 'add', 'database', 'ledger', '--engine', 'postgres', '--size', 'small')).toMatchObject({ code: 0, err: '' });
    synth = await gp(repo, 'synth');
    const out = path.join(repo, 'cdktf.out', 'stacks');
    stacks = Object.fromEntries(fs.readdirSync(out).map((s) => [s, JSON.parse(fs.readFileSync(path.join(out, s, 'cdk.tf.json'), 'utf8'))]));
  }, 240_000);

  test('the synth accepts it', () => {
    expect(synth).toMatchObject({ code: 0 });
    expect(Object.keys(stacks).sort()).toEqual(['payments', 'payments-dev', 'payments-prod', 'payments-staging']);
  });

  test('no string of any stack reads the text as an interpolation or a directive', () => {
    const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : v !== null && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);
    const injected = Object.values(stacks).flatMap((json) => strings(json.resource)).filter((t) => t.includes('INJECTED'));
    expect(injected.length).toBeGreaterThan(0);
    expect(injected.filter((t) => /(^|[^$])\$\{[^}]*INJECTED|(^|[^%])%\{[^}]*INJECTED/.test(t))).toEqual([]);
  });

  test('each repository\'s description reads back as given, on one line as GitHub shows it', () => {
    const descriptions = Object.values<any>(stacks.payments.resource.github_repository).filter((r) => ['registry', 'dev'].includes(r.name)).map((r) => fromTerraformLiteral(r.description));
    expect(descriptions).toEqual([HOSTILE.replace(/\s+/g, ' '), HOSTILE.replace(/\s+/g, ' ')]);
  });
});
