import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gp } from './run-cli';
import { cdktfProject, PART_GC_FLAGS, partEnvironment, SYNTH_GC_FLAGS, synthEnvironment } from '../../src/cli/synth';
import { compiledApp, compiledRoot } from '../setup/compiled-js';

/**
 * `golden-paths synth`: usage, the environment its processes get, and runs on
 * the parallel platform fixture (a cdktf.json in a temp folder whose app runs
 * test/fixtures/parallel-platform/main.ts, transpiled: test/setup/compiled-js.ts).
 */

const FIXTURE_APP = path.join(__dirname, '..', 'fixtures', 'parallel-platform', 'main.ts');
const quiet = { out: () => undefined, err: () => undefined, colour: false, cwd: os.tmpdir() };


let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-paths-synth-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  delete process.env.PARALLEL_SERVICES;
  delete process.env.PARALLEL_BROKEN_TEAM;
  delete process.env.PARALLEL_CROSS_TEAM_DATABASE;
  delete process.env.PARALLEL_ASSET;
});

function project(cdktfJson: Record<string, unknown>): string {
  fs.writeFileSync(path.join(tmp, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: compiledApp(FIXTURE_APP), ...cdktfJson }));
  return tmp;
}

describe('usage', () => {
  test('--help prints the usage and exits 0; the command list names synth', async () => {
    const help = await gp(tmp, 'synth', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: golden-paths synth \[--jobs <n>\] \[--no-fast-synth\]/);
    expect((await gp(tmp, '--help')).out).toMatch(/^ {2}synth \[--jobs <n>\] /m);
  });

  test.each(['0', 'two', '1.5', '65'])('--jobs %s exits 2 with the usual error, before any synth', async (jobs) => {
    project({});
    const result = await gp(tmp, 'synth', '--jobs', jobs);
    expect(result).toEqual({
      code: 2,
      out: '',
      err: `golden-paths synth: [golden-paths synth] invalid jobs "${jobs}": is not a whole number from 1 to 64. Fix: pass a number such as --jobs 2.`,
    });
    expect(fs.existsSync(path.join(tmp, 'cdktf.out'))).toBe(false);
  });

  test('outside a cdktf project, or without an app, exits 2 and says how to fix it', async () => {
    expect(await gp(tmp, 'synth')).toMatchObject({ code: 2, err: expect.stringMatching(/is not in a cdktf project \(no cdktf\.json here or above\)\. Fix: /) });
    project({ app: '' });
    expect(await gp(tmp, 'synth')).toMatchObject({ code: 2, err: expect.stringContaining('cdktf.json] invalid app "": is missing. Fix: write "app": "node --require ts-node/register main.ts".') });
  });
});

describe('the environment of the synth processes', () => {
  test('fast synth on through the context (next to cdktf.json\'s), GC flags appended to NODE_OPTIONS', () => {
    const p = { ...cdktfProject(project({ context: { team: 'payments' } })) };
    const env = synthEnvironment(p, { jobs: 1, fastSynth: true, env: { NODE_OPTIONS: '--enable-source-maps' } });
    expect(JSON.parse(env.CDKTF_CONTEXT_JSON!)).toEqual({ 'team': 'payments', 'cdktf-golden-paths:fastSynth': true });
    expect(env.NODE_OPTIONS).toBe(`--enable-source-maps ${SYNTH_GC_FLAGS}`);
    expect(env.GOLDEN_PATHS_FAST_SYNTH).toBeUndefined();
  });

  test('--no-fast-synth turns it off; a semi-space size the user chose is kept', () => {
    const p = cdktfProject(project({}));
    const env = synthEnvironment(p, { jobs: 1, fastSynth: false, env: { NODE_OPTIONS: '--max-semi-space-size=16' } });
    expect(env.GOLDEN_PATHS_FAST_SYNTH).toBe('off');
    expect(JSON.parse(env.CDKTF_CONTEXT_JSON!)).toEqual({});
    expect(env.NODE_OPTIONS).toBe('--max-semi-space-size=16');
  });

  test('a part of a parallel synth that builds in batches (fast synth) keeps V8\'s default young generation; the rest of the environment is the same', () => {
    const p = cdktfProject(project({ context: { team: 'payments' } }));
    const options = { jobs: 2, fastSynth: true, env: { NODE_OPTIONS: '--enable-source-maps' } };
    const part = partEnvironment(p, options);
    expect(PART_GC_FLAGS).toBe('--max-semi-space-size=16');
    expect(part.NODE_OPTIONS).toBe(`--enable-source-maps ${PART_GC_FLAGS}`);
    expect({ ...part, NODE_OPTIONS: undefined }).toEqual({ ...synthEnvironment(p, options), NODE_OPTIONS: undefined });
    // Without fast synth a part holds all its teams at once: the larger young generation, as for one process.
    expect(partEnvironment(p, { ...options, fastSynth: false }).NODE_OPTIONS).toBe(`--enable-source-maps ${SYNTH_GC_FLAGS}`);
    expect(partEnvironment(p, { ...options, env: { NODE_OPTIONS: '--max-semi-space-size=32' } }).NODE_OPTIONS).toBe('--max-semi-space-size=32');
  });
});

describe('runs', () => {
  test('--jobs 2 writes one output into cdktf.json\'s output directory and exits 0', async () => {
    project({ output: 'out' });
    process.env.PARALLEL_SERVICES = '4';
    const result = await gp(tmp, 'synth', '--jobs', '2');
    expect(result).toMatchObject({ code: 0, out: '' });
    expect(result.err.split('\n')).toEqual([`> synth: ${compiledApp(FIXTURE_APP)} (2 jobs)`, expect.stringMatching(/^> synth: 9 stacks in \d+\.\d s \(out\)$/)]);
    const manifest = JSON.parse(fs.readFileSync(path.join(tmp, 'out', 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(['foundation', 'team-0001', 'team-0001-dev', 'team-0001-prod', 'team-0001-staging', 'team-0002', 'team-0002-dev', 'team-0002-prod', 'team-0002-staging']);
    expect(fs.readdirSync(path.join(tmp, 'out')).sort()).toEqual(['catalog-info.json', 'catalog-info.yaml', 'manifest.json', 'platform.json', 'stacks']);
    expect(fs.readdirSync(tmp).sort()).toEqual(['cdktf.json', 'out']);
  }, 300_000);

  test('an error in one part fails the synth once, with the construct path (exit 2: an input error)', async () => {
    project({});
    process.env.PARALLEL_SERVICES = '2';
    process.env.PARALLEL_BROKEN_TEAM = 'broken';
    const result = await gp(tmp, 'synth', '--jobs', '2');
    expect(result.code).toBe(2);
    expect(result.err.match(/\[broken\/broken\/api\] invalid name "Not_A_Name"/g)).toHaveLength(1);
    expect(result.err).toMatch(/golden-paths synth: synth failed:\n {2}\[broken\/broken\/api\] invalid name "Not_A_Name": .*Fix: /);
    // No manifest, and nothing of the workers left (cdktf's App makes the output directory as it starts, as with cdktf synth).
    expect(fs.existsSync(path.join(tmp, 'cdktf.out', 'manifest.json'))).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f !== 'cdktf.out')).toEqual(['cdktf.json']);
  }, 300_000);

  test('a team body using another team\'s database: the same error text under --jobs 2 as in one process', async () => {
    project({});
    process.env.PARALLEL_SERVICES = '2';
    process.env.PARALLEL_CROSS_TEAM_DATABASE = '1';
    const one = await gp(tmp, 'synth', '--jobs', '1');
    const two = await gp(tmp, 'synth', '--jobs', '2');
    expect(one.code).toBe(2);
    expect(two.code).toBe(2);
    const failure = (err: string) => err.slice(err.indexOf('golden-paths synth: synth failed:'));
    expect(failure(one.err)).toContain('[borrower/borrower/api] invalid databases[0]: is not a database this team\'s definition declares');
    expect(failure(two.err)).toBe(failure(one.err));
  }, 300_000);
});

describe('archiver, loaded on first use in the synth processes', () => {
  /** The compiled CLI, as the published library runs it (lib/cli/synth.js), with the preload beside it. */
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const compiled = () => require(path.join(compiledRoot(), 'src', 'cli', 'synth.js')) as typeof import('../../src/cli/synth');
  const preload = () => path.join(compiledRoot(), 'src', 'private', 'lazy-archiver.js');

  /** The files of `archiver` a node process started with `nodeArgs` has loaded after `require('cdktf')`, and whether archiver works then. */
  function archiverAfterCdktf(nodeArgs: string[]): { loaded: number; zipFunction: string } {
    const script = `
      require('cdktf');
      const loaded = Object.keys(require.cache).filter((f) => f.includes('/node_modules/archiver/')).length;
      const cdktfFs = require.cache[require.resolve('cdktf/lib/private/fs.js')].exports;
      console.log(JSON.stringify({ loaded, zipFunction: typeof cdktfFs.archiveSync }));`;
    const result = spawnSync(process.execPath, [...nodeArgs, '-e', script], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout);
  }

  test('the compiled CLI preloads it for every process (NODE_OPTIONS --require, quoted, once); from the TypeScript sources there is nothing to preload', () => {
    const cli = compiled();
    expect(fs.realpathSync(cli.SYNTH_PRELOAD)).toBe(fs.realpathSync(preload()));
    const p = cli.cdktfProject(project({}));
    const options = { jobs: 2, fastSynth: true, env: { NODE_OPTIONS: '--enable-source-maps' } };
    const option = `--require ${JSON.stringify(cli.SYNTH_PRELOAD)}`;
    expect(cli.synthEnvironment(p, options).NODE_OPTIONS).toBe(`--enable-source-maps ${SYNTH_GC_FLAGS} ${option}`);
    expect(cli.partEnvironment(p, options).NODE_OPTIONS).toBe(`--enable-source-maps ${PART_GC_FLAGS} ${option}`);
    expect(cli.synthEnvironment(p, { ...options, env: { NODE_OPTIONS: option } }).NODE_OPTIONS).toBe(`${option} ${SYNTH_GC_FLAGS}`);
    expect(synthEnvironment(p, options).NODE_OPTIONS).toBe(`--enable-source-maps ${SYNTH_GC_FLAGS}`);
  });

  test('with the preload, require(\'cdktf\') loads no file of archiver (without it, archiver\'s own)', () => {
    expect(archiverAfterCdktf([]).loaded).toBeGreaterThan(0);
    expect(archiverAfterCdktf(['--require', preload()])).toEqual({ loaded: 0, zipFunction: 'function' });
    // Preloaded twice (NODE_OPTIONS of a process that starts another), it hooks once.
    expect(archiverAfterCdktf(['--require', preload(), '--require', preload()]).loaded).toBe(0);
  });

  test('a team of a part that zips a folder as a TerraformAsset: the same zip as in one process', async () => {
    const source = path.join(tmp, 'asset');
    fs.mkdirSync(source);
    fs.writeFileSync(path.join(source, 'hello.txt'), 'hello from a part\n');
    process.env.PARALLEL_SERVICES = '2';
    process.env.PARALLEL_ASSET = source;
    const cli = compiled();
    const p = cli.cdktfProject(project({}));
    const zips = (outdir: string) => {
      const dir = path.join(outdir, 'stacks', 'zipper', 'assets');
      return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.zip')).map((f) => ({ file: f, bytes: fs.readFileSync(path.join(dir, f)) }));
    };
    await cli.synthProject(p, quiet, { jobs: 2, fastSynth: true, outdir: path.join(tmp, 'two') });
    await cli.synthProject(p, quiet, { jobs: 1, fastSynth: true, outdir: path.join(tmp, 'one') });
    const two = zips(path.join(tmp, 'two'));
    expect(two).toHaveLength(1);
    expect(two[0].bytes.subarray(0, 2).toString()).toBe('PK');
    expect(two[0].bytes.includes('hello.txt')).toBe(true);
    expect(two).toEqual(zips(path.join(tmp, 'one')));
  }, 300_000);
});
