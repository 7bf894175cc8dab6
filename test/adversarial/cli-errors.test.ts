import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLE_PLATFORM, gp, initTeam, platformCreatesRepository } from '../cli/run-cli';
import { compiled, compiledRoot } from '../setup/compiled-js';

/**
 * The golden-paths command on input a user controls (issue 26): every input
 * error exits 2 with the house message (`[<where>] ... Fix: ...`), never
 * "internal error", never a stack trace, and lists every problem. Guardrail
 * findings stay exit 1.
 *
 * Team repositories are written by `init` into temp folders; their app
 * (`node --require ts-node/register main.ts`) finds cdktf-golden-paths as the
 * tree's transpiled code (test/setup/compiled-js.ts) through NODE_PATH.
 */

const ROOT = path.join(__dirname, '..', '..');

let tmp: string;
let repo: string;
const nodePath = process.env.NODE_PATH;

beforeAll(() => {
  // The library as a package a team repository's code can import.
  const libs = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-errors-libs-'));
  fs.mkdirSync(path.join(libs, 'cdktf-golden-paths'));
  fs.writeFileSync(path.join(libs, 'cdktf-golden-paths', 'package.json'), JSON.stringify({ name: 'cdktf-golden-paths', version: '0.0.0', main: path.join(compiledRoot(), 'src', 'index.js') }));
  process.env.NODE_PATH = [libs, path.join(ROOT, 'node_modules')].join(path.delimiter);
});
afterAll(() => {
  if (nodePath === undefined) delete process.env.NODE_PATH;
  else process.env.NODE_PATH = nodePath;
});
beforeEach(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-errors-'));
  repo = await initTeam(tmp);
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(relative: string, text: string): void {
  fs.writeFileSync(path.join(repo, relative), text);
}

/** No stack trace, no "internal error": the lines a person reads. */
function clean(err: string): void {
  expect(err).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$|RangeError/m);
}

describe('command names are own keys: the object prototype is no command', () => {
  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('golden-paths %s', async (command) => {
    expect(await gp(tmp, command)).toEqual({ code: 2, out: '', err: `golden-paths: unknown command "${command}". Run golden-paths --help for the commands.` });
  });
});

describe('declarations and code in services/: exit 2, every problem, the file and line', () => {
  test('a services/*.json with several problems lists every one', async () => {
    write('services/api.json', JSON.stringify({ kind: 'service', name: 'api', description: 'API', replicas: 'two', port: 'x' }));
    const result = await gp(repo, 'synth');
    expect(result.code).toBe(2);
    expect(result.err).toContain(`golden-paths synth: synth failed:\n  [${repo}/services/api.json] 2 invalid settings:\n`
      + '    - invalid /replicas "two": is not a number. Fix: write a number there.\n'
      + '    - invalid /port "x": is not a number. Fix: write a number there.');
    clean(result.err);
  }, 60_000);

  test('two wrong files: both, in one synth', async () => {
    write('services/api.json', JSON.stringify({ kind: 'service', name: 'api', description: 'API', replicas: 'two' }));
    write('services/web.json', JSON.stringify({ kind: 'service', name: 'web', description: 'Web', port: 'x' }));
    const result = await gp(repo, 'synth');
    expect(result.code).toBe(2);
    expect(result.err).toContain(`golden-paths synth: synth failed:\n  [${repo}/services] 2 declarations are wrong:\n`
      + `  [${repo}/services/api.json] invalid /replicas "two": is not a number. Fix: write a number there.\n`
      + `  [${repo}/services/web.json] invalid /port "x": is not a number. Fix: write a number there.`);
    clean(result.err);
  }, 60_000);

  test('a service prop error from the construct exits 2, not 1 (findings)', async () => {
    write('services/api.json', JSON.stringify({ kind: 'service', name: 'api', description: 'API', replicas: 0 }));
    const result = await gp(repo, 'synth');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/\[payments\/payments\/api\] 3 invalid props:\n {4}- invalid environments\.dev\.replicas 0: .*Fix: .*\n {4}- invalid environments\.staging\.replicas 0: .*\n {4}- invalid environments\.prod\.replicas 0: /);
    clean(result.err);
  }, 60_000);

  test('a services/*.ts that throws: its file and line, the error, exit 2', async () => {
    write('services/extra.ts', 'import type { TeamEnvironment } from \'cdktf-golden-paths\';\n\nexport default function (team: TeamEnvironment) {\n  void team;\n  throw new Error(\'no quota for search\');\n}\n');
    const result = await gp(repo, 'synth');
    expect(result.code).toBe(2);
    expect(result.err).toBe('> synth: node --require ts-node/register main.ts\ngolden-paths synth: synth failed:\n  [services/extra.ts:5] the app stopped with Error: no quota for search. Fix: correct the code there, then synth again.');
  }, 60_000);

  test('a services/*.ts that throws as it loads: its file and line', async () => {
    write('services/extra.ts', 'const settings: any = undefined;\nexport const name = settings.name;\nexport default function () {}\n');
    const result = await gp(repo, 'synth');
    expect(result.code).toBe(2);
    expect(result.err).toContain('[services/extra.ts:2] the app stopped with TypeError: Cannot read properties of undefined (reading \'name\'). Fix: correct the code there, then synth again.');
    clean(result.err);
  }, 60_000);

  test('a services/*.ts that does not compile: its file and line, the compiler\'s message', async () => {
    write('services/extra.ts', 'export default function (team) {\n  const x = ;\n}\n');
    const result = await gp(repo, 'synth');
    expect(result.code).toBe(2);
    expect(result.err).toContain('[services/extra.ts:2] does not compile: Expression expected. Fix: correct the code there (tsc --noEmit shows every problem), then synth again.');
    expect(result.err).not.toMatch(/Stack backtrace|_ZN/);
  }, 60_000);
});

describe('scale checks a change with the repository\'s own code', () => {
  test('services/*.ts that import the library and the repository\'s own files: scale synthesizes them, and writes the change', async () => {
    expect((await gp(repo, 'add', 'service', 'api', '--description', 'API')).code).toBe(0);
    platformCreatesRepository(repo, 'api');
    platformCreatesRepository(repo, 'worker');
    write('services/extra.ts', [
      'import { GoMicroservice, type TeamEnvironment } from \'cdktf-golden-paths\';',
      'import { PLATFORM_FILE } from \'../team\';',
      'export default function (team: TeamEnvironment) {',
      '  void PLATFORM_FILE;',
      '  new GoMicroservice(team, \'worker\', { name: \'worker\', description: \'Worker\', system: \'payments\' });',
      '}',
      '',
    ].join('\n'));
    const result = await gp(repo, 'scale', 'api', '--env', 'dev', '--min', '1', '--max', '3');
    expect(result.err).not.toMatch(/MODULE_NOT_FOUND|Cannot find module/);
    expect(result.code).toBe(0);
    expect(result.err).not.toMatch(/failed/);
    expect(JSON.parse(fs.readFileSync(path.join(repo, 'services', 'api.json'), 'utf8')).environments.dev.autoscaling).toEqual({ enabled: true, minReplicas: 1, maxReplicas: 3 });
    expect(fs.readdirSync(repo).filter((f) => f.startsWith('.services-scale-'))).toEqual([]);
  }, 120_000);

  test('a change the synth refuses: the error names services/, not the copy, and keeps the input error\'s exit 2', async () => {
    expect((await gp(repo, 'add', 'service', 'api', '--description', 'API')).code).toBe(0);
    platformCreatesRepository(repo, 'api');
    write('services/extra.ts', 'export default function () {\n  throw new Error(\'refused\');\n}\n');
    const result = await gp(repo, 'scale', 'api', '--env', 'dev', '--min', '1', '--max', '3');
    expect(result.code).toBe(2);
    expect(result.err).toContain('golden-paths scale: services/api.json not changed: synth failed:\n  [services/extra.ts:2] the app stopped with Error: refused. Fix: correct the code there, then synth again.');
  }, 120_000);
});

describe('counts are decimal whole numbers: an empty or hexadecimal one is no count', () => {
  test.each([[''], [' '], ['0x3'], ['1e1'], ['3.0']])('scale --replicas %j', async (value) => {
    expect((await gp(repo, 'add', 'service', 'api', '--description', 'API')).code).toBe(0);
    const result = await gp(repo, 'scale', 'api', '--env', 'dev', '--replicas', value);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`[services/api.json] invalid replicas ${JSON.stringify(value)}: is not a whole number from 0 to 1000. Fix: pass a number such as --replicas 2.`);
    expect(JSON.parse(fs.readFileSync(path.join(repo, 'services', 'api.json'), 'utf8'))).not.toHaveProperty('replicas');
  });
});

describe('files where folders belong and the reverse, missing folders: exit 2 with the path and the fix', () => {
  test.each(['synth', 'check', 'status'])('a missing services/ (%s)', async (command) => {
    fs.rmSync(path.join(repo, 'services'), { recursive: true });
    const result = await gp(repo, command);
    expect(result).toMatchObject({ code: 2, out: '' });
    expect(result.err).toBe(`golden-paths ${command}: [${repo}/services] does not exist, and the team's app reads its services and databases there. Fix: create the folder (mkdir services; keep its README.md, as git keeps no empty folder), or restore it from version control.`);
  });

  test.each([['synth'], ['status'], ['add', 'service', 'ledger', '--description', 'Ledger']])('services/ is a file (%s)', async (...command) => {
    fs.rmSync(path.join(repo, 'services'), { recursive: true });
    write('services', '');
    const result = await gp(repo, ...command);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`[${repo}/services] is a file, where the folder of the team's services and databases is expected. Fix: `);
    clean(result.err);
  });

  test('init <dir> where a file is', async () => {
    fs.writeFileSync(path.join(tmp, 'a-file'), '');
    const result = await gp(tmp, 'init', 'a-file', '--team', 'payments', '--platform', EXAMPLE_PLATFORM, '--maintainers', 'alice');
    expect(result).toEqual({ code: 2, out: '', err: `golden-paths init: [${tmp}/a-file] is not a folder: a file stands where a folder is expected (on its path). Fix: move the file away, or give the path of a folder.` });
  });

  test('--platform <folder>: the folder is named, and the file in it offered', async () => {
    const folder = path.dirname(EXAMPLE_PLATFORM);
    const result = await gp(tmp, 'init', 'other', '--team', 'payments', '--platform', folder, '--maintainers', 'alice');
    expect(result).toEqual({
      code: 2,
      out: '',
      err: `golden-paths init: [${folder}] invalid platform ${JSON.stringify(folder)}: is a folder, where the platform.json file is expected. Fix: pass the file in it: --platform ${EXAMPLE_PLATFORM}.`,
    });
  });

  test('cdktf.json that is a folder', async () => {
    fs.rmSync(path.join(repo, 'cdktf.json'));
    fs.mkdirSync(path.join(repo, 'cdktf.json'));
    const result = await gp(repo, 'synth');
    expect(result).toEqual({ code: 2, out: '', err: `golden-paths synth: [${repo}/cdktf.json] is a folder, where a file is expected. Fix: give the path of a file, not of a folder.` });
  });

  test('cdktf.json nested too deeply: the house error, no RangeError', async () => {
    write('cdktf.json', `{"app":"node main.ts","context":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const result = await gp(repo, 'synth');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/\[.*cdktf\.json\] invalid \/context\/0\/0\/\S* \[\[\[.*: is nested more than 64 lists and objects deep\. Fix: /);
    clean(result.err);
  });
});

describe('cdktf.json: an output that is a file, an app that writes nothing', () => {
  function project(cdktfJson: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(tmp, 'project-'));
    fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify(cdktfJson));
    return dir;
  }

  test.each([
    [{ app: 'node -e 0', output: 'a-file' }, 'invalid output "a-file": is a file'],
    [{ app: 'node -e 0', output: 5 }, 'invalid output 5: is not a folder name. Fix: write "output": "cdktf.out", or leave it out.'],
    [{ app: ['node', 'main.js'] }, 'invalid app ["node","main.js"]: is not a command line.'],
  ])('%j', async (cdktfJson, message) => {
    const dir = project(cdktfJson);
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    const result = await gp(dir, 'synth');
    expect(result.code).toBe(2);
    expect(result.err).toContain(`golden-paths synth: [${dir}/cdktf.json] ${message}`);
    clean(result.err);
  });

  test.each(['1', '2'])('an app that writes nothing (--jobs %s), even over an earlier synth\'s output', async (jobs) => {
    const dir = project({ app: 'node -e 0' });
    fs.mkdirSync(path.join(dir, 'cdktf.out'));
    fs.writeFileSync(path.join(dir, 'cdktf.out', 'manifest.json'), JSON.stringify({ stacks: { stale: {} } }));
    const result = await gp(dir, 'synth', '--jobs', jobs);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`golden-paths synth: [${dir}/cdktf.json] invalid app "node -e 0": exited without an error but wrote no synth output (no manifest.json in ${dir}/cdktf.out). Fix: make the app build its stacks and call app.synth()`);
    clean(result.err);
  });

  test('check over an earlier synth\'s output: the app that writes nothing is named, and the stale output is not judged', async () => {
    const dir = project({ app: 'node -e 0' });
    fs.mkdirSync(path.join(dir, 'cdktf.out'));
    fs.writeFileSync(path.join(dir, 'cdktf.out', 'manifest.json'), JSON.stringify({ stacks: { stale: {} } }));
    const result = await gp(dir, 'check');
    expect(result.code).toBe(2);
    expect(result.err).toContain(`golden-paths check: [${dir}/cdktf.json] invalid app "node -e 0": exited without an error but wrote no synth output (no manifest.json in ${dir}/cdktf.out).`);
    expect(result.out).not.toMatch(/stale|guardrail/i);
    clean(result.err);
  });

  test('an app that cannot start: exit 2 with what the shell said', async () => {
    const dir = project({ app: 'no-such-command-here' });
    const result = await gp(dir, 'synth');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/\[app\] the app failed: .*no-such-command-here.*not found\. Fix: run the app/);
  });
});

describe('cdktf-guardrails --rules: a module that does not load is named', () => {
  test.each([
    ['a syntax error', 'module.exports = {;\n', /SyntaxError|Unexpected token/],
    ['a missing import', 'require(\'no-such-package-here\');\n', /Cannot find module 'no-such-package-here'/],
    ['a throw as it loads', 'throw new Error(\'pack not configured\');\n', /pack not configured/],
  ])('%s', (_name, source, cause) => {
    const rules = path.join(tmp, 'rules.js');
    fs.writeFileSync(rules, source);
    const stack = path.join(tmp, 'cdk.tf.json');
    fs.writeFileSync(stack, '{}');
    const run = spawnSync(process.execPath, [compiled('src/bin/cdktf-guardrails.ts'), stack, '--rules', rules], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`cdktf-guardrails: --rules: ${rules}: cannot be loaded: `);
    expect(run.stderr).toMatch(cause);
    expect(run.stderr).toContain('Fix: run it with node to see the whole error, and correct it');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
