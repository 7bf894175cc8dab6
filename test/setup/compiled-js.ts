import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as swc from '@swc/core';

/**
 * The repository's TypeScript, transpiled once per jest run, for the tests
 * that start node processes.
 *
 * A child started with ts-node transpiles about 150 files of `src/` before it
 * does anything: about 1.6 CPU-s of a 3.4 CPU-s, 10-service synth, and half
 * its memory. The suites start some forty such children (`golden-paths synth`
 * parts, the guardrails command, the repositories' apps). jest's global setup
 * (test/setup/global-setup.ts) transpiles `src/`, `bench/`, `examples/` and
 * `test/fixtures/` with swc into a folder of `node_modules/.cache` (kept across
 * runs, unlike the run's temp folder: test/setup/run-tmpdir.ts), keyed by a
 * hash of every file it reads, so an unchanged tree reuses it; the children run
 * there on plain JavaScript.
 *
 * Starting a program through ts-node is still tested where that is the point:
 * the team repository's `node --require ts-node/register main.ts` in
 * test/cli/end-to-end.e2e.ts, the examples' `npx ts-node` apps in .ci/run's
 * `npx cdktf synth`, and the creation stack that points at a `.ts` line in
 * test/private/fast-synth.test.ts.
 */

const ROOT = path.join(__dirname, '..', '..');

/** What is transpiled (`.ts`) or copied (anything else), from the repository's root. */
const SOURCES = ['src', 'bench', 'examples', path.join('test', 'fixtures')];

/** Read where the transpiled code expects them (`__dirname`/../..), from the repository. */
const LINKED = ['node_modules', 'templates', 'sql', 'package.json'];

/** Folders never read: synth output and anything hidden. */
function skipped(name: string): boolean {
  return name === 'cdktf.out' || name === 'node_modules' || name.startsWith('.');
}

/** As jest.config.json's transform, and as ts-node --swc with tsconfig.dev.json: transpile only. */
const SWC_OPTIONS = {
  jsc: { parser: { syntax: 'typescript' as const }, target: 'es2022' as const },
  module: { type: 'commonjs' as const },
  swcrc: false,
  configFile: false,
  sourceMaps: false,
};

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      if (skipped(entry.name)) continue;
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) files.push(file);
    }
  };
  SOURCES.forEach(walk);
  return files.sort();
}

/**
 * Transpiles the sources into `node_modules/.cache/cdktf-golden-paths-test-js/<hash>` unless
 * that folder is complete already, and returns it. Writers race safely: each
 * writes its own folder and renames it into place.
 */
export function compileForProcesses(): string {
  const files = sourceFiles();
  const hash = createHash('sha256').update(JSON.stringify({ root: ROOT, swc: swc.version, options: SWC_OPTIONS, linked: LINKED }));
  for (const file of files) hash.update(`\0${file}\0`).update(fs.readFileSync(path.join(ROOT, file)));
  const base = path.join(ROOT, 'node_modules', '.cache', 'cdktf-golden-paths-test-js');
  const dir = path.join(base, hash.digest('hex').slice(0, 20));
  if (fs.existsSync(dir)) {
    fs.utimesSync(dir, new Date(), new Date());
    return dir;
  }

  fs.mkdirSync(base, { recursive: true });
  const building = fs.mkdtempSync(`${dir}.building-`);
  try {
    for (const file of files) {
      const target = path.join(building, file.replace(/(?<!\.d)\.ts$/, '.js'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (file.endsWith('.ts') && !file.endsWith('.d.ts')) {
        fs.writeFileSync(target, swc.transformFileSync(path.join(ROOT, file), SWC_OPTIONS).code);
      } else {
        fs.copyFileSync(path.join(ROOT, file), target);
      }
    }
    for (const name of LINKED) fs.symlinkSync(path.join(ROOT, name), path.join(building, name));
    fs.renameSync(building, dir);
    pruneUnused(base);
  } catch (e) {
    fs.rmSync(building, { recursive: true, force: true });
    // Another jest run finished the same folder first.
    if (!fs.existsSync(dir)) throw e;
  }
  return dir;
}

/** Folders of other trees that no jest run used for a day (a run marks the one it uses). */
function pruneUnused(base: string): void {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of fs.readdirSync(base)) {
    const dir = path.join(base, name);
    if (fs.statSync(dir).mtimeMs < dayAgo) fs.rmSync(dir, { recursive: true, force: true });
  }
}

let current: string | undefined;

/**
 * The folder of this tree's transpiled code. The global setup makes it before
 * the workers start; each test file checks the tree's hash again (a few ms),
 * so that a run that changed files since (`jest --watch`, whose workers live
 * on) or that skipped the global setup still gets code of the files as they are.
 */
export function compiledRoot(): string {
  current ??= compileForProcesses();
  return current;
}

/** The transpiled counterpart of a repository file: `compiled('src/bin/x.ts')`. */
export function compiled(file: string): string {
  const dir = compiledRoot();
  const relative = path.isAbsolute(file) ? path.relative(ROOT, file) : file;
  const target = path.join(dir, relative.replace(/\.ts$/, '.js'));
  if (!fs.existsSync(target)) throw new Error(`${relative} has no transpiled counterpart in ${dir}: is it under ${SOURCES.join(', ')}?`);
  return target;
}

/** A cdktf.json `app` that runs a repository program on its transpiled code. */
export function compiledApp(file: string): string {
  return `${JSON.stringify(process.execPath)} ${JSON.stringify(compiled(file))}`;
}
