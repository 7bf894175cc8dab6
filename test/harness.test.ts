import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { compiled, compiledApp, compiledRoot } from './setup/compiled-js';
import { OUTER_TMPDIR } from './setup/run-tmpdir';

/**
 * The test harness itself (test/setup/): what the speed-ups keep.
 */

describe('the repository transpiled once per jest run (compiled-js)', () => {
  test('a repository file maps to JavaScript that runs on plain node, with the repository\'s data beside it', () => {
    const bin = compiled('src/bin/cdktf-guardrails.ts');
    expect(bin).toBe(path.join(compiledRoot(), 'src', 'bin', 'cdktf-guardrails.js'));
    // The same source, transpiled: the file's exported names are there.
    expect(fs.readFileSync(compiled(path.join(__dirname, '..', 'src', 'index.ts')), 'utf8')).toMatch(/exports/);
    // __dirname-relative reads (the built-in template, the grants SQL, package.json) resolve.
    const script = `const lib = require(${JSON.stringify(compiled('src/index.ts'))}); console.log(typeof lib.GoMicroservice, require(${JSON.stringify(path.join(compiledRoot(), 'package.json'))}).name)`;
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()).toBe('function cdktf-golden-paths');
    for (const data of ['templates/go-microservice/go.mod', 'sql/postgres-grants.sql']) {
      expect(fs.existsSync(path.join(compiledRoot(), data))).toBe(true);
    }
    expect(compiledApp('examples/platform/main.ts')).toBe(`${JSON.stringify(process.execPath)} ${JSON.stringify(compiled('examples/platform/main.ts'))}`);
  });

  test('a file outside what is transpiled is refused with the folders that are', () => {
    expect(() => compiled('projenrc/jest.ts')).toThrow(/^projenrc\/jest\.ts has no transpiled counterpart in .*: is it under src, bench, examples, test\/fixtures\?$/);
  });
});

describe('stacks in a test file (creation-stacks)', () => {
  test('a stack captured on a plain object, as cdktf records a creation stack, is formatted as V8 formats it outside jest', () => {
    const holder = { stack: '' };
    Error.captureStackTrace(holder);
    const lines = holder.stack.split('\n');
    expect(lines[0]).toBe('Error');
    // Not source-mapped: the frame names the test file at a position of its transpiled code, as node prints it.
    expect(lines[1]).toMatch(/^ {4}at Object\.<anonymous> \(.*harness\.test\.ts:\d+:\d+\)$/);
  });

  test('an error\'s stack still goes through jest\'s source maps, to the TypeScript line', () => {
    const error = new Error('where');
    const line = fs.readFileSync(__filename, 'utf8').split('\n').findIndex((l) => l.includes("new Error('where')")) + 1;
    expect(error.stack!.split('\n')[1]).toMatch(new RegExp(`harness\\.test\\.ts:${line}:\\d+\\)$`));
  });
});

describe('modules compiled once per worker (code-cache-runtime)', () => {
  test('a module loaded again in a new registry, from the code cache, runs as it did the first time, its stacks at its TypeScript lines', () => {
    const file = path.join(__dirname, 'fixtures', 'code-cache-module.ts');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const lineOf = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    const loads = [1, 2, 3].map(() => {
      let loaded: typeof import('./fixtures/code-cache-module') | undefined;
      jest.isolateModules(() => {
        loaded = jest.requireActual<typeof import('./fixtures/code-cache-module')>('./fixtures/code-cache-module');
      });
      return loaded!;
    });
    // Three registries, three evaluations of the module's code.
    expect(new Set(loads).size).toBe(3);
    for (const loaded of loads) {
      expect(loaded.loadedAt.split('\n')[1]).toMatch(new RegExp(`code-cache-module\\.ts:${lineOf("new Error('loaded')")}:\\d+\\)$`));
      expect(loaded.calledAt().split('\n')[1]).toMatch(new RegExp(`at (Object\\.)?calledAt \\(.*code-cache-module\\.ts:${lineOf("new Error('called')")}:\\d+\\)$`));
    }
  });
});

describe('cdktf without its archiver until it is used (lazy-archiver)', () => {
  test('loading cdktf loads no archiver module; the first use loads the real package', () => {
    expect(App).toBeDefined();
    const archiverModules = () => Object.keys(require.cache).filter((f) => /[\\/]node_modules[\\/](archiver|archiver-utils|zip-stream)[\\/]/.test(f));
    expect(archiverModules()).toEqual([]);
    const archiver = jest.requireActual<any>('archiver');
    expect(archiver.isRegisteredFormat('zip')).toBe(true);
    const zip = archiver('zip', { zlib: { level: 9 } });
    expect(typeof zip.pipe).toBe('function');
    expect(typeof zip.finalize).toBe('function');
    expect(archiverModules()).toEqual(expect.arrayContaining([expect.stringMatching(/[\\/]cdktf[\\/]node_modules[\\/]archiver[\\/]index\.js$/)]));
  });
});

describe('the order test files start in (sequencer)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const LongestFirstSequencer = require('./setup/sequencer');
  const recorded: Record<string, number> = JSON.parse(fs.readFileSync(path.join(__dirname, 'setup', 'suite-seconds.json'), 'utf8'));
  const root = path.join(__dirname, '..');
  /** A test file as jest hands it to the sequencer, in a run without jest's cache (a fresh clone, `--no-cache`). */
  const file = (relative: string, bytes = 1000) => ({
    path: path.join(root, relative),
    context: { config: { cache: false, rootDir: root }, hasteFS: { getSize: () => bytes } },
  });

  test('without jest\'s cache, files start longest first by their recorded seconds, not by size; a file never recorded starts first', () => {
    const known = Object.entries(recorded).sort(([, a], [, b]) => a - b);
    expect(known.length).toBeGreaterThan(100);
    const [shortest, middle, longest] = [known[0][0], known[Math.floor(known.length / 2)][0], known[known.length - 1][0]];
    // The biggest file is the shortest to run: size would start it first.
    const unrecorded = ['test', 'never-recorded.test.ts'].join('/');
    const tests = [file(middle, 10), file(shortest, 1_000_000), file(unrecorded, 1), file(longest, 100)];
    const order = new LongestFirstSequencer({}).sort(tests).map((t: { path: string }) => path.relative(root, t.path).split(path.sep).join('/'));
    expect(order).toEqual([unrecorded, longest, middle, shortest]);
  });
});

describe('a jest run leaves nothing in the temp folder (run-tmpdir)', () => {
  test('cdktf\'s Testing.app() outdirs, the suites\' and their processes\' temp folders, jest\'s cache: all gone when the run ends', async () => {
    const root = path.join(__dirname, '..');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-tmp-'));
    // As a developer's shell starts it: this run's own temp folder is not the outer one.
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp };
    delete env[OUTER_TMPDIR];
    delete env.JEST_WORKER_ID;
    // The repository's configuration, on a file that makes temp folders, in a worker as in a whole run
    // (a worker memory limit keeps jest from running one file in band).
    const config = {
      ...JSON.parse(fs.readFileSync(path.join(root, 'jest.config.json'), 'utf8')),
      rootDir: root,
      testMatch: ['<rootDir>/test/fixtures/run-tmpdir/*.fixture.ts'],
      maxWorkers: 1,
      workerIdleMemoryLimit: '2GB',
    };
    const run = await new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--config', JSON.stringify(config)], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
      child.on('error', reject).on('close', (status) => resolve({ status, stderr }));
    });
    expect(run.stderr).toMatch(/Tests: +1 passed, 1 total/);
    expect(run.status).toBe(0);
    expect(fs.readdirSync(tmp)).toEqual([]);
  }, 120_000);
});
