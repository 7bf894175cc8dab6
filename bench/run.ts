/**
 * The synth benchmark: `npm run bench` (ts-node --swc bench/run.ts).
 *
 * For each N it synthesizes a platform of N services (each with a database,
 * 10 services per team) in fresh processes, with the library and with the
 * hand-written baseline (bench/baseline.ts), and reports medians of wall
 * time, CPU time and peak RSS, per service and per Terraform resource, with
 * every library figure as a ratio of the baseline's in the same run. It also
 * measures the cold import of the library against `require('cdktf')`, and the
 * overhead of guardrails and the catalog. Results: a table on stdout and
 * `.bench/results.json`. See docs/benchmarks.md.
 *
 * Measured processes run plain `node` on JavaScript: the compiled library
 * (`lib/`, what users load; compiled with jsii first when it is missing or
 * older than `src/`) and the bench folder transpiled with swc into
 * `.bench/js/`. Only this driver runs through ts-node.
 */
import { execFileSync, spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import type { ChildResult, ChildTask } from './child';
import { RESULT_PREFIX } from './child';
import { countDifferences, resourceDifferences, resourceTotal, typeCounts } from './compare';
import { buildLibraryStack } from './library-app';
import { type BenchDatabases, benchPlatform, STACK_ID } from './spec';
import { makeTemplates } from './templates';

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, '.bench');
const JS_DIR = path.join(OUT_DIR, 'js');

/** A synth variant: the baseline, or the library with guardrails and the app-wide catalog switched. */
interface Variant {
  readonly name: string;
  readonly variant: 'library' | 'baseline';
  readonly guardrails: 'default' | 'on' | 'off';
  readonly catalog: boolean;
  /** Library only: the fast synth engine (FastSynth.enable(app)). */
  readonly fastSynth?: boolean;
  readonly description: string;
  /** One stack, or a stack per team and environment (library only). */
  readonly layout?: 'stack' | 'stacks';
  /** Library only: `golden-paths synth --jobs <jobs>` (layout stacks). */
  readonly jobs?: number;
}

interface Options {
  readonly sizes: number[];
  readonly repeats: number;
  readonly importRepeats: number;
  readonly fullCompareMax: number;
  readonly json: string;
  readonly overhead: boolean;
  readonly profile?: number;
  readonly compile: boolean;
  /** The compiled library to measure. */
  readonly libDir: string;
  /** Also measure the Platform at App scope (a stack per team and environment). */
  readonly stacks: boolean;
  /** Also measure `golden-paths synth --jobs <jobs>` (and, to compare, the App scope in one process). */
  readonly jobs?: number;
  /** Also measure `golden-paths affected` on a one-service change and on a settings change (implies jobs). */
  readonly affected: boolean;
  /** Only these variants besides the baseline (default: all that the other options ask for). */
  readonly variants?: string[];
  /** Which services have a database (BenchOptions.databases). */
  readonly databases: BenchDatabases;
}

const HELP = `Usage: ts-node --swc bench/run.ts [options]
  --sizes 1,10,100,1000   service counts to synthesize (default 1,10,100,1000)
  --repeats 5             fresh-process runs per size and variant; medians are reported (default 5)
  --import-repeats 7      runs of each cold import (default 7)
  --quick                 smoke run: sizes 1,10, 1 repeat, 3 import runs
  --no-overhead           skip the guardrails/catalog overhead variants
  --stacks                also synthesize the library at App scope: foundation, a stack per team and one per
                          team and environment (variant library-stacks), in the same single process
  --full-compare-max 100  compare every resource attribute (not only counts) up to this size (default 100)
  --json <file>           where to write the results (default .bench/results.json)
  --profile <N>           instead of benchmarking, CPU-profile one library and one baseline synth of N services
                          (node --cpu-prof, written to .bench/profiles) and print the top self-time functions
  --jobs <N>              also synthesize the library at App scope as \`golden-paths synth --jobs N\` does (variant
                          library-jobs: teams declared with TeamEnvironment.define, N worker processes and one for
                          the other stacks, fast synth, GC flags), with wall, CPU and peak RSS of each process;
                          implies --stacks, whose output it must equal byte for byte
  --affected              also synthesize two changes of the platform with golden-paths synth --jobs N (default
                          N 2): one service asks for more memory, and the region every stack reads moves; then
                          time \`golden-paths affected --json\` (a fresh process, --repeats runs) against the unchanged
                          synth, and check what it lists: the changed service's team only, at most 4 stacks; every
                          stack, each in a later wave than each of its dependencies
  --variants <names>      run only these variants besides the baseline (comma-separated: library, library-fast,
                          library-bare, library-stacks, library-jobs), e.g. --variants library-jobs for a
                          platform-sized run; checks and tables that need a missing variant are left out
  --databases all|half    every service with its own database (default), or every other one (half)
  --no-compile            never run jsii, even when lib/ is older than src/
  --lib <dir>             measure another compiled build of the library (e.g. of an older commit) instead of lib/`;

function parseArgs(argv: string[]): Options {
  let sizes = [1, 10, 100, 1000];
  let repeats = 5;
  let importRepeats = 7;
  let fullCompareMax = 100;
  let json = path.join(OUT_DIR, 'results.json');
  let overhead = true;
  let profileSize: number | undefined;
  let compile = true;
  let libDir = path.join(ROOT, 'lib');
  let stacks = false;
  let jobs: number | undefined;
  let affected = false;
  let variants: string[] | undefined;
  let databases: BenchDatabases = 'all';
  const value = (i: number) => {
    if (argv[i + 1] === undefined) throw new Error(`${argv[i]} needs a value\n${HELP}`);
    return argv[i + 1];
  };
  const count = (text: string, flag: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes positive whole numbers, got "${text}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--sizes': sizes = value(i).split(',').map((s) => count(s, '--sizes')); i++; break;
      case '--repeats': repeats = count(value(i), '--repeats'); i++; break;
      case '--import-repeats': importRepeats = count(value(i), '--import-repeats'); i++; break;
      case '--full-compare-max': fullCompareMax = Number(value(i)); i++; break;
      case '--json': json = path.resolve(value(i)); i++; break;
      case '--profile': profileSize = count(value(i), '--profile'); i++; break;
      case '--quick': sizes = [1, 10]; repeats = 1; importRepeats = 3; break;
      case '--no-overhead': overhead = false; break;
      case '--stacks': stacks = true; break;
      case '--jobs': jobs = count(value(i), '--jobs'); stacks = true; i++; break;
      case '--affected': affected = true; stacks = true; break;
      case '--variants': variants = value(i).split(',').map((v) => v.trim()).filter((v) => v !== ''); i++; break;
      case '--databases': {
        const v = value(i);
        if (v !== 'all' && v !== 'half') throw new Error(`--databases takes all or half, got "${v}"`);
        databases = v;
        i++;
        break;
      }
      case '--no-compile': compile = false; break;
      case '--lib': libDir = path.resolve(value(i)); compile = false; i++; break;
      case '--help': case '-h': console.log(HELP); process.exit(0);
      default: throw new Error(`unknown option ${argv[i]}\n${HELP}`);
    }
  }
  sizes = [...new Set(sizes)].sort((a, b) => a - b);
  if (affected && jobs === undefined) jobs = 2;
  return {
    sizes, repeats, importRepeats, fullCompareMax, json, overhead, profile: profileSize, compile, libDir, stacks, jobs, affected, variants, databases,
  };
}

/** Compiles the library with jsii when lib/ lacks a module of src/ or has an older one. */
function ensureCompiledLibrary(compile: boolean, libDir: string): void {
  const stale: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const out = path.join(libDir, path.relative(path.join(ROOT, 'src'), file)).replace(/\.ts$/, '.js');
        if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(file).mtimeMs) stale.push(path.relative(ROOT, file));
      }
    }
  };
  walk(path.join(ROOT, 'src'));
  if (stale.length === 0) return;
  if (!compile) {
    console.warn(`warning: lib/ is older than ${stale.join(', ')}; measuring it anyway (--no-compile)`);
    return;
  }
  console.log(`lib/ is missing or older than ${stale.length} file(s) of src/ (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', ...' : ''}): compiling with jsii`);
  execFileSync('npx', ['jsii', '--silence-warnings=reserved-word'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' },
  });
}

/** Transpiles the bench folder to plain JavaScript for the measured processes. */
function transpileBench(): void {
  // A dev dependency: the benchmark runs from the repository, never from the package.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const swc = require('@swc/core') as typeof import('@swc/core');
  fs.mkdirSync(JS_DIR, { recursive: true });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.ts'))) {
    const { code } = swc.transformFileSync(path.join(__dirname, file), {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: false,
      swcrc: false,
    });
    fs.writeFileSync(path.join(JS_DIR, file.replace(/\.ts$/, '.js')), code);
  }
}

interface Run {
  readonly result: ChildResult;
  /** Wall time from spawning the child to its exit, as the driver saw it. */
  readonly spawnToExitMs: number;
}

/** The stacks of a synthesized app and their resources: "<stacks> stacks, <resources> resources (largest <n>)". */
function stackLayout(outdir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const sizes = Object.values<any>(manifest.stacks).map((s) => resourceTotal(typeCounts(JSON.parse(fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8')))));
  return `${sizes.length} stacks, ${fmt(sizes.reduce((a, b) => a + b, 0))} resources, largest stack ${fmt(Math.max(...sizes))}`;
}

/**
 * One hash of every file under `dir` (paths and contents). The SARIF reports
 * name cdk.tf.json by its path from the working directory (the repository
 * root for the measured processes), so that path to `dir` counts as `<outdir>`.
 */
function treeHash(dir: string): string {
  const hash = createHash('sha256');
  const fromRoot = `${path.relative(ROOT, dir).split(path.sep).join('/')}/`;
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else {
        hash.update(`${path.relative(dir, file)}\0`).update(fs.readFileSync(file, 'utf8').split(fromRoot).join('<outdir>/')).update('\0');
      }
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** Runs one measurement in a fresh node process. */
function runChild(task: ChildTask, nodeArgs: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    // The baseline builds every resource in one process: at N = 1,000 it peaks at about 4.7 GiB, at
    // the edge of node's default 4 GiB old space, and a run of 2026-12-07 died of it there. Its heap may grow;
    // the library's processes keep node's defaults, as a user's do.
    const heap = 'variant' in task && task.variant === 'baseline' ? ['--max-old-space-size=12288'] : [];
    const child = spawn(process.execPath, [...heap, ...nodeArgs, path.join(JS_DIR, 'child.js'), JSON.stringify(task)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
    child.on('error', reject);
    child.on('close', (code) => {
      const spawnToExitMs = Number(process.hrtime.bigint() - start) / 1e6;
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) {
        reject(new Error(`measurement ${JSON.stringify(task)} failed (exit ${code}):\n${stderr.slice(-4000)}`));
        return;
      }
      resolve({ result: JSON.parse(line.slice(RESULT_PREFIX.length)), spawnToExitMs });
    });
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Medians over repeats of one variant at one size. */
interface Summary {
  readonly variant: string;
  readonly services: number;
  readonly resources: number;
  readonly runs: number;
  /** Constructing the tree plus app.synth(), wall (ms). */
  readonly synthWallMs: number;
  /** Constructing the tree plus app.synth(), CPU (ms). */
  readonly synthCpuMs: number;
  readonly buildWallMs: number;
  readonly appSynthWallMs: number;
  readonly importWallMs: number;
  /** Node start to the end of app.synth() (ms). */
  readonly processWallMs: number;
  /** Spawn to exit, as the driver saw it (ms). */
  readonly spawnToExitMs: number;
  readonly processCpuMs: number;
  readonly maxRssMiB: number;
  readonly synthWallMsMin: number;
  readonly synthWallMsMax: number;
  readonly perServiceWallMs: number;
  readonly perResourceWallUs: number;
  readonly perResourceCpuUs: number;
}

function summarize(variant: string, services: number, resources: number, runs: Run[]): Summary {
  const pick = (f: (r: Run) => number) => median(runs.map(f));
  const synthWall = (r: Run) => r.result.phases.build.wallMs + r.result.phases.synth.wallMs;
  const synthCpu = (r: Run) => r.result.phases.build.cpuMs + r.result.phases.synth.cpuMs;
  const synthWallMs = pick(synthWall);
  return {
    variant,
    services,
    resources,
    runs: runs.length,
    synthWallMs,
    synthCpuMs: pick(synthCpu),
    buildWallMs: pick((r) => r.result.phases.build.wallMs),
    appSynthWallMs: pick((r) => r.result.phases.synth.wallMs),
    importWallMs: pick((r) => r.result.phases.import.wallMs),
    processWallMs: pick((r) => r.result.processWallMs),
    spawnToExitMs: pick((r) => r.spawnToExitMs),
    processCpuMs: pick((r) => r.result.processCpuMs),
    maxRssMiB: pick((r) => r.result.maxRssMiB),
    synthWallMsMin: Math.min(...runs.map(synthWall)),
    synthWallMsMax: Math.max(...runs.map(synthWall)),
    perServiceWallMs: synthWallMs / services,
    perResourceWallUs: (synthWallMs * 1000) / resources,
    perResourceCpuUs: (pick(synthCpu) * 1000) / resources,
  };
}

function machine(): Record<string, unknown> {
  const run = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return undefined;
    }
  };
  return {
    date: new Date().toISOString(),
    nproc: run('nproc', []) ?? String(os.cpus().length),
    cpuModel: os.cpus()[0]?.model,
    totalMemGiB: Math.round(os.totalmem() / 2 ** 30),
    freeG: run('free', ['-g']),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg(),
    cdktf: pkgVersion('cdktf'),
    providers: {
      google: pkgVersion('@cdktf/provider-google'),
      kubernetes: pkgVersion('@cdktf/provider-kubernetes'),
      github: pkgVersion('@cdktf/provider-github'),
    },
  };
}

function pkgVersion(name: string): string | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(headers), `|${widths.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** Prints the top self-time functions of a V8 CPU profile. */
function topFunctions(profileFile: string, count: number): string {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
  const nodes = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id: number, i: number) => {
    const frame = nodes.get(id).callFrame;
    const where = frame.url ? `${frame.url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '').replace(/^.*node_modules\//, '')}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([key, us]) => [key, fmt(us / 1000), `${((100 * us) / total).toFixed(1)}%`]);
  return `${table(['function (self time)', 'ms', 'share'], rows)}\n(total ${fmt(total / 1000)} ms sampled)`;
}

async function profileSynth(n: number, templatesFile: string, libDir: string): Promise<void> {
  const dir = path.join(OUT_DIR, 'profiles');
  fs.mkdirSync(dir, { recursive: true });
  for (const variant of ['library', 'baseline'] as const) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-bench-'));
    const before = new Set(fs.readdirSync(dir));
    try {
      await runChild({ kind: 'synth', variant, services: n, outdir, libDir, templatesFile, guardrails: 'default', catalog: true },
        ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${variant}-${n}.cpuprofile`]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
    const written = fs.readdirSync(dir).find((f) => f === `${variant}-${n}.cpuprofile` || !before.has(f));
    console.log(`\n${variant}, ${n} services: ${path.relative(ROOT, path.join(dir, written!))} (open in Chrome DevTools > Performance)\n`);
    console.log(topFunctions(path.join(dir, written!), 30));
  }
}

/** `golden-paths affected` on one change of the platform at one size. */
interface AffectedMeasure {
  readonly services: number;
  readonly change: 'service' | 'settings';
  readonly touched: number;
  readonly total: number;
  readonly waves: string[][];
  /** The command's comparison (medians of the runs). */
  readonly wallMs: number;
  readonly cpuMs: number;
  /** The command's process, node start to its answer, and its peak RSS. */
  readonly processWallMs: number;
  readonly maxRssMiB: number;
  /** The synth of the changed platform (golden-paths synth --jobs N, one run) and its processes. */
  readonly headSynthWallMs: number;
  readonly headSynthProcesses: NonNullable<ChildResult['processes']>;
  readonly runs: ChildResult[];
}

/**
 * Synthesizes the platform of `services` services as it is and with each
 * change (golden-paths synth --jobs), times `golden-paths affected --json` on
 * each change in fresh processes, and checks what it lists: a one-service
 * change touches that service's team alone (at most 4 stacks), the region
 * every stack, each after every stack it depends on.
 */
async function measureAffected(
  services: number, repeats: number, jobs: number, libDir: string, templatesFile: string, databases: BenchDatabases,
): Promise<AffectedMeasure[]> {
  const outdirs = new Map<string, string>();
  const synths = new Map<string, Run>();
  try {
    for (const change of ['base', 'service', 'settings'] as const) {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `gp-bench-affected-${change}-`));
      outdirs.set(change, outdir);
      process.stdout.write(`  N=${services} affected: synth --jobs ${jobs} of the ${change === 'base' ? 'platform as it is' : `${change} change`} ... `);
      const run = await runChild({
        kind: 'synth', variant: 'library', services, outdir, libDir, templatesFile, guardrails: 'default', catalog: true, layout: 'stacks', jobs, change: change === 'base' ? undefined : change, databases,
      });
      synths.set(change, run);
      console.log(`${fmt(run.result.phases.synth.wallMs)} ms`);
    }
    const firstTeam = benchPlatform(services).teams[0].name;
    const measures: AffectedMeasure[] = [];
    for (const change of ['service', 'settings'] as const) {
      const head = outdirs.get(change)!;
      const runs: ChildResult[] = [];
      for (let r = 0; r < repeats; r++) {
        process.stdout.write(`  N=${services} affected: ${change} change, run ${r + 1}/${repeats} ... `);
        const run = await runChild({ kind: 'affected', base: outdirs.get('base')!, head, libDir });
        runs.push(run.result);
        console.log(`${fmt(run.result.phases.affected.wallMs)} ms, ${fmt(run.result.maxRssMiB)} MiB: ${run.result.affected!.stacks.length} of ${run.result.affected!.total} stacks`);
      }
      const result = runs[0].affected!;
      const names = result.stacks.map((s) => s.name);
      if (change === 'service') {
        const own = (name: string) => name === firstTeam || name.startsWith(`${firstTeam}-`);
        if (names.length === 0 || names.length > 4 || !names.every(own)) {
          throw new Error(`N=${services}: a change to one service of ${firstTeam} should touch at most 4 of its stacks, and affected lists ${names.join(', ') || 'none'}`);
        }
      } else {
        const manifest = JSON.parse(fs.readFileSync(path.join(head, 'manifest.json'), 'utf8'));
        if (names.length !== result.total) throw new Error(`N=${services}: moving the region touches every stack, and affected lists ${names.length} of ${result.total}`);
        const waveOf = new Map(result.stacks.map((s) => [s.name, s.wave]));
        for (const s of result.stacks) {
          const before = [...(manifest.stacks[s.name].dependencies ?? []), ...(s.name === 'foundation' ? [] : ['foundation'])];
          const early = before.filter((d: string) => waveOf.get(d)! >= s.wave);
          if (early.length > 0) throw new Error(`N=${services}: affected puts ${s.name} (wave ${s.wave}) no later than its dependencies ${early.join(', ')}`);
        }
      }
      const synth = synths.get(change)!;
      measures.push({
        services,
        change,
        touched: names.length,
        total: result.total,
        waves: result.waves,
        wallMs: median(runs.map((r) => r.phases.affected.wallMs)),
        cpuMs: median(runs.map((r) => r.phases.affected.cpuMs)),
        processWallMs: median(runs.map((r) => r.processWallMs)),
        maxRssMiB: median(runs.map((r) => r.maxRssMiB)),
        headSynthWallMs: synth.result.phases.synth.wallMs,
        headSynthProcesses: synth.result.processes ?? [],
        runs,
      });
    }
    return measures;
  } finally {
    for (const dir of outdirs.values()) fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.libDir === path.join(ROOT, 'lib')) ensureCompiledLibrary(options.compile, options.libDir);
  // Measure a copy, so that a compile during the run (e.g. by a watch task) cannot change what is measured.
  const libDir = path.join(OUT_DIR, 'lib-under-test');
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.rmSync(libDir, { recursive: true, force: true });
  fs.cpSync(options.libDir, libDir, { recursive: true });
  // The library reads files of the package root (the service template, the Postgres grants) from two levels up.
  for (const data of ['templates', 'sql']) {
    fs.rmSync(path.join(OUT_DIR, data), { recursive: true, force: true });
    fs.cpSync(path.join(options.libDir, '..', data), path.join(OUT_DIR, data), { recursive: true });
  }
  transpileBench();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(libDir);
  const templatesFile = path.join(OUT_DIR, 'templates.json');
  fs.writeFileSync(templatesFile, JSON.stringify(makeTemplates(lib)));

  if (options.profile !== undefined) {
    await profileSynth(options.profile, templatesFile, libDir);
    return;
  }

  const guardrailsByDefault = buildLibraryStack(lib, Testing.app(), benchPlatform(1)).node.tryFindChild(lib.Guardrails.ID) !== undefined;
  const variants: Variant[] = [
    { name: 'baseline', variant: 'baseline', guardrails: 'off', catalog: false, description: 'hand-written cdktf, same resources (bench/baseline.ts)' },
    {
      name: 'library',
      variant: 'library',
      guardrails: 'default',
      catalog: true,
      description: `the library as users get it (catalog written; guardrails ${guardrailsByDefault ? 'applied by the Platform' : 'not applied by the Platform'})`,
    },
    {
      name: 'library-fast',
      variant: 'library',
      guardrails: 'default',
      catalog: true,
      fastSynth: true,
      description: 'the library as users get it, synthesized with the fast synth engine (FastSynth.enable(app)); output checked identical to library\'s',
    },
  ];
  if (options.overhead) {
    variants.push({ name: 'library-bare', variant: 'library', guardrails: 'off', catalog: false, description: 'the library without guardrails and without the app-wide catalog file' });
    if (!guardrailsByDefault) {
      variants.push({ name: 'library+guardrails', variant: 'library', guardrails: 'on', catalog: true, description: 'the library with Guardrails.of(stack) applied and the catalog written' });
    }
  }

  if (options.stacks) {
    variants.push({
      name: 'library-stacks',
      variant: 'library',
      guardrails: 'default',
      catalog: true,
      layout: 'stacks',
      description: 'the library at App scope: foundation, <team> and <team>-<env> stacks with their providers (one process)',
    });
  }
  if (options.jobs !== undefined) {
    variants.push({
      name: 'library-jobs',
      variant: 'library',
      guardrails: 'default',
      catalog: true,
      layout: 'stacks',
      jobs: options.jobs,
      description: `golden-paths synth --jobs ${options.jobs}: library-stacks with TeamEnvironment.define, ${options.jobs} worker processes + 1 for the rest; output checked identical to library-stacks'`,
    });
  }

  if (options.variants !== undefined) {
    const unknown = options.variants.filter((name) => !variants.some((v) => v.name === name));
    if (unknown.length > 0) throw new Error(`--variants: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among this run's variants (${variants.map((v) => v.name).join(', ')}); add --stacks or --jobs for theirs`);
    for (let i = variants.length - 1; i >= 0; i--) if (variants[i].name !== 'baseline' && !options.variants.includes(variants[i].name)) variants.splice(i, 1);
  }
  const has = (name: string) => variants.some((v) => v.name === name);

  const info = machine();
  console.log(`cdktf-golden-paths synth benchmark: sizes ${options.sizes.join(', ')}, ${options.repeats} run(s) each, fresh process per run, ${options.databases === 'half' ? 'every other service' : 'every service'} with a database`);
  console.log(`machine: ${info.nproc} cores (${info.cpuModel}), ${info.totalMemGiB} GiB, node ${info.node}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const v of variants) console.log(`  ${v.name.padEnd(19)} ${v.description}`);

  const summaries: Summary[] = [];
  const checks: Array<{ services: number; variant: string; countDifferences: string[]; resourceDifferences?: string[] }> = [];
  const raw: Array<{ variant: string; services: number; run: Run }> = [];
  const affectedRuns: AffectedMeasure[] = [];
  for (const n of options.sizes) {
    const runs = new Map<string, Run[]>(variants.map((v) => [v.name, []]));
    const counts = new Map<string, Record<string, number>>();
    const stacks = new Map<string, any>();
    const texts = new Map<string, string>();
    const trees = new Map<string, string>();
    for (let r = 0; r < options.repeats; r++) {
      for (const v of variants) {
        const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-bench-'));
        try {
          process.stdout.write(`  N=${n} ${v.name} run ${r + 1}/${options.repeats} ... `);
          const run = await runChild({
            kind: 'synth', variant: v.variant, services: n, outdir, libDir, templatesFile, guardrails: v.guardrails, catalog: v.catalog, layout: v.layout, fastSynth: v.fastSynth, jobs: v.jobs, databases: options.databases,
          });
          const phases = run.result.phases;
          const layout = v.layout === 'stacks' ? ` (${stackLayout(outdir)})` : '';
          const perProcess = run.result.processes ? `; per process ${run.result.processes.map((p) => `${p.role} ${fmt(p.wallMs)} ms, ${fmt(p.cpuMs)} ms CPU, ${fmt(p.maxRssMiB)} MiB`).join('; ')}` : '';
          console.log(`${fmt(phases.build.wallMs + phases.synth.wallMs)} ms, ${fmt(run.result.maxRssMiB)} MiB${layout}${perProcess}`);
          if (r === 0 && v.layout === 'stacks') trees.set(v.name, treeHash(outdir));
          runs.get(v.name)!.push(run);
          raw.push({ variant: v.name, services: n, run });
          if (r === 0 && v.layout !== 'stacks') {
            const file = path.join(outdir, 'stacks', STACK_ID, 'cdk.tf.json');
            const text = fs.readFileSync(file, 'utf8');
            if (v.name === 'library' || v.name === 'library-fast') texts.set(v.name, text);
            const json = JSON.parse(text);
            counts.set(v.name, typeCounts(json));
            if (n <= options.fullCompareMax && (v.name === 'baseline' || v.name === 'library')) stacks.set(v.name, json);
          }
        } finally {
          fs.rmSync(outdir, { recursive: true, force: true });
        }
      }
    }
    if (texts.has('library-fast') && texts.has('library') && texts.get('library-fast') !== texts.get('library')) {
      throw new Error(`N=${n}: the fast synth engine's cdk.tf.json differs from the normal path's`);
    }
    if (trees.has('library-jobs') && trees.has('library-stacks') && trees.get('library-jobs') !== trees.get('library-stacks')) {
      throw new Error(`N=${n}: the cdktf.out of golden-paths synth --jobs ${options.jobs} differs from the one process's`);
    }
    const base = counts.get('baseline')!;
    // The stacks layout spreads the same resources (and the foundation's enabled APIs) over many files: it is timed, not compared.
    for (const v of variants.filter((x) => x.name !== 'baseline' && x.layout !== 'stacks')) {
      const check = { services: n, variant: v.name, countDifferences: countDifferences(counts.get(v.name)!, base, [v.name, 'baseline']) } as (typeof checks)[number];
      if (v.name === 'library' && stacks.has('library')) check.resourceDifferences = resourceDifferences(stacks.get('library'), stacks.get('baseline'));
      checks.push(check);
      const problems = [...check.countDifferences, ...(check.resourceDifferences ?? [])];
      if (problems.length > 0) {
        throw new Error(`N=${n}: ${v.name} and the baseline do not make the same resources, so a ratio would compare unlike things:\n  ${problems.join('\n  ')}`);
      }
    }
    const resources = resourceTotal(base);
    for (const v of variants) summaries.push(summarize(v.name, n, resources, runs.get(v.name)!));
    if (options.affected) affectedRuns.push(...await measureAffected(n, options.repeats, options.jobs!, libDir, templatesFile, options.databases));
  }

  console.log(`\nimport cost: ${options.importRepeats} cold runs each`);
  const imports: Record<string, { wallMs: number; cpuMs: number; processWallMs: number; maxRssMiB: number; runs: Run[] }> = {};
  for (const target of ['cdktf', 'library'] as const) imports[target] = { wallMs: 0, cpuMs: 0, processWallMs: 0, maxRssMiB: 0, runs: [] };
  for (let r = 0; r < options.importRepeats; r++) {
    for (const target of ['cdktf', 'library'] as const) imports[target].runs.push(await runChild({ kind: 'import', target, libDir }));
  }
  for (const entry of Object.values(imports)) {
    entry.wallMs = median(entry.runs.map((r) => r.result.phases.import.wallMs));
    entry.cpuMs = median(entry.runs.map((r) => r.result.phases.import.cpuMs));
    entry.processWallMs = median(entry.runs.map((r) => r.result.processWallMs));
    entry.maxRssMiB = median(entry.runs.map((r) => r.result.maxRssMiB));
  }

  // The report.
  const of = (variant: string, n: number) => summaries.find((s) => s.variant === variant && s.services === n);
  const rows = summaries.map((s) => {
    const b = of('baseline', s.services)!;
    const isBase = s.variant === 'baseline';
    return [
      s.variant, fmt(s.services), fmt(s.resources), fmt(s.synthWallMs), fmt(s.synthCpuMs), fmt(s.processWallMs), fmt(s.maxRssMiB),
      fmt(s.perServiceWallMs, 1), fmt(s.perResourceWallUs), fmt(s.perResourceCpuUs),
      isBase ? '1.00x' : ratio(s.synthWallMs, b.synthWallMs), isBase ? '1.00x' : ratio(s.synthCpuMs, b.synthCpuMs), isBase ? '1.00x' : ratio(s.maxRssMiB, b.maxRssMiB),
    ];
  });
  const headers = ['variant', 'N', 'resources', 'synth ms', 'CPU ms', 'process ms', 'peak RSS MiB', 'ms/service', 'µs/resource', 'CPU µs/res', 'x wall', 'x CPU', 'x RSS'];
  console.log(`\nmedians of ${options.repeats} run(s); synth = constructing the tree + app.synth(); process = node start to end of synth; x = ratio to the baseline at the same N\n`);
  console.log(table(headers, rows));

  const imp = imports.library;
  const cdk = imports.cdktf;
  console.log(`\n${table(['cold import', 'require ms', 'CPU ms', 'process ms', 'peak RSS MiB'], [
    ['cdktf', fmt(cdk.wallMs), fmt(cdk.cpuMs), fmt(cdk.processWallMs), fmt(cdk.maxRssMiB)],
    ['library (lib/)', fmt(imp.wallMs), fmt(imp.cpuMs), fmt(imp.processWallMs), fmt(imp.maxRssMiB)],
    ['library over cdktf', fmt(imp.wallMs - cdk.wallMs), fmt(imp.cpuMs - cdk.cpuMs), fmt(imp.processWallMs - cdk.processWallMs), fmt(imp.maxRssMiB - cdk.maxRssMiB)],
  ])}`);

  // The normal path against the fast synth engine, same library, same output.
  const engine = options.sizes.filter((n) => of('library', n) && of('library-fast', n)).map((n) => {
    const normal = of('library', n)!;
    const fast = of('library-fast', n)!;
    return {
      services: n,
      normal: { synthWallMs: normal.synthWallMs, synthCpuMs: normal.synthCpuMs, processWallMs: normal.processWallMs, maxRssMiB: normal.maxRssMiB },
      fast: { synthWallMs: fast.synthWallMs, synthCpuMs: fast.synthCpuMs, processWallMs: fast.processWallMs, maxRssMiB: fast.maxRssMiB },
      wall: fast.synthWallMs / normal.synthWallMs,
      cpu: fast.synthCpuMs / normal.synthCpuMs,
      rss: fast.maxRssMiB / normal.maxRssMiB,
    };
  });
  if (engine.length > 0) {
    console.log(`
${table(['normal path vs fast synth', 'normal synth ms', 'fast synth ms', 'normal CPU ms', 'fast CPU ms', 'normal RSS MiB', 'fast RSS MiB', 'x wall', 'x CPU', 'x RSS'],
  engine.map((e) => [`N=${e.services}`, fmt(e.normal.synthWallMs), fmt(e.fast.synthWallMs), fmt(e.normal.synthCpuMs), fmt(e.fast.synthCpuMs),
    fmt(e.normal.maxRssMiB), fmt(e.fast.maxRssMiB), `${e.wall.toFixed(2)}x`, `${e.cpu.toFixed(2)}x`, `${e.rss.toFixed(2)}x`]))}`);
  }

  // golden-paths synth --jobs N: each process, medians over the runs.
  const jobs = !has('library-jobs') ? [] : options.sizes.map((n) => {
    const runsAt = raw.filter((r) => r.variant === 'library-jobs' && r.services === n).map((r) => r.run);
    const roles = runsAt[0]?.result.processes?.map((p) => p.role) ?? [];
    const processes = roles.map((role) => {
      const pick = (f: (p: NonNullable<ChildResult['processes']>[number]) => number) => median(runsAt.map((r) => f(r.result.processes!.find((p) => p.role === role)!)));
      return { role, wallMs: pick((p) => p.wallMs), cpuMs: pick((p) => p.cpuMs), maxRssMiB: pick((p) => p.maxRssMiB) };
    });
    const summary = of('library-jobs', n)!;
    return {
      services: n,
      wallMs: summary.synthWallMs,
      cpuMs: summary.synthCpuMs,
      maxRssMiB: summary.maxRssMiB,
      totalRssMiB: median(runsAt.map((r) => r.result.processes!.reduce((sum, p) => sum + p.maxRssMiB, 0))),
      processes,
      oneProcess: of('library-stacks', n),
    };
  });
  if (jobs.length > 0) {
    console.log(`\n${table(['golden-paths synth --jobs ' + options.jobs, 'wall ms', 'CPU ms (all)', 'peak RSS MiB (max)', 'RSS MiB (sum)', 'per process: wall ms / CPU ms / peak RSS MiB', 'one process wall ms', 'one process RSS MiB', 'x wall'],
      jobs.map((j) => [`N=${j.services}`, fmt(j.wallMs), fmt(j.cpuMs), fmt(j.maxRssMiB), fmt(j.totalRssMiB),
        j.processes.map((p) => `${p.role}: ${fmt(p.wallMs)} / ${fmt(p.cpuMs)} / ${fmt(p.maxRssMiB)}`).join('; '),
        j.oneProcess ? fmt(j.oneProcess.synthWallMs) : '-', j.oneProcess ? fmt(j.oneProcess.maxRssMiB) : '-', j.oneProcess ? ratio(j.wallMs, j.oneProcess.synthWallMs) : '-']))}`);
  }

  if (affectedRuns.length > 0) {
    const baselineWall = (n: number) => of('baseline', n)!.synthWallMs;
    console.log(`\n${table(['golden-paths affected --json', 'change', 'stacks touched', 'waves', 'wall ms', 'CPU ms', 'process ms', 'peak RSS MiB', `head synth --jobs ${options.jobs} ms`, 'synth + affected ms', 'x baseline wall'],
      affectedRuns.map((a) => [`N=${a.services}`, a.change, `${fmt(a.touched)} of ${fmt(a.total)}`, fmt(a.waves.length), fmt(a.wallMs), fmt(a.cpuMs), fmt(a.processWallMs), fmt(a.maxRssMiB),
        fmt(a.headSynthWallMs), fmt(a.headSynthWallMs + a.processWallMs), ratio(a.headSynthWallMs + a.processWallMs, baselineWall(a.services))]))}`);
    for (const a of affectedRuns) {
      const waves = a.change === 'service' ? a.waves.map((w) => w.join(', ')) : a.waves.map((w) => `${fmt(w.length)} stacks (${w.slice(0, 2).join(', ')}${w.length > 2 ? ', ...' : ''})`);
      console.log(`N=${a.services}, ${a.change} change, waves: ${waves.map((w, i) => `${i + 1}: ${w}`).join('; ')}`);
    }
  }

  const overheads = options.overhead && has('library-bare') ? options.sizes.map((n) => {
    const bare = of('library-bare', n)!;
    const full = guardrailsByDefault ? of('library', n)! : of('library+guardrails', n)!;
    return {
      services: n,
      bareSynthWallMs: bare.synthWallMs,
      fullSynthWallMs: full.synthWallMs,
      overhead: full.synthWallMs / bare.synthWallMs - 1,
      cpuOverhead: full.synthCpuMs / bare.synthCpuMs - 1,
    };
  }) : [];
  if (overheads.length > 0) {
    console.log(`\n${table(['guardrails + catalog overhead', 'bare synth ms', 'with both ms', 'wall', 'CPU'],
      overheads.map((o) => [`N=${o.services}`, fmt(o.bareSynthWallMs), fmt(o.fullSynthWallMs), `${(100 * o.overhead).toFixed(1)}%`, `${(100 * o.cpuOverhead).toFixed(1)}%`]))}`);
  }

  const targets: Array<{ target: string; value: string; met: boolean | undefined }> = [];
  const largest = options.sizes[options.sizes.length - 1];
  const libAt = (n: number) => of('library', n)!;
  // Below 100 services the platform's fixed costs (identity pool, guardrails, catalog) dominate a per-resource figure.
  for (const n of options.sizes.filter((x) => x >= 100 && of('library', x))) {
    const l = libAt(n);
    const b = of('baseline', n)!;
    targets.push({ target: `N=${n}: per-resource synth cost <= baseline (wall, CPU)`, value: `${ratio(l.synthWallMs, b.synthWallMs)}, ${ratio(l.synthCpuMs, b.synthCpuMs)}`, met: l.synthWallMs <= b.synthWallMs && l.synthCpuMs <= b.synthCpuMs });
  }
  if (of('library', 1000)) {
    const l = libAt(1000);
    targets.push({ target: '1000 services: process (node start to end of synth) < 20 s', value: `${fmt(l.processWallMs / 1000, 1)} s`, met: l.processWallMs < 20_000 });
    targets.push({ target: '1000 services: peak RSS < 1 GB', value: `${fmt(l.maxRssMiB)} MiB`, met: l.maxRssMiB * 2 ** 20 < 1e9 });
    if (of('library', 100)) {
      const growth = l.synthWallMs / libAt(100).synthWallMs;
      targets.push({ target: 't(1000)/t(100) <= 11 (synth wall)', value: growth.toFixed(2), met: growth <= 11 });
    }
  } else if (has('library')) {
    targets.push({ target: '1000 services (< 20 s, < 1 GB, t(1000)/t(100) <= 11)', value: `not measured (largest N=${largest})`, met: undefined });
  }
  for (const n of options.sizes.filter((x) => x >= 100 && of('library-fast', x))) {
    const f = of('library-fast', n)!;
    const b = of('baseline', n)!;
    targets.push({ target: `N=${n}: fast synth per resource <= 0.9x baseline (wall, CPU)`, value: `${ratio(f.synthWallMs, b.synthWallMs)}, ${ratio(f.synthCpuMs, b.synthCpuMs)}`, met: f.synthWallMs <= 0.9 * b.synthWallMs && f.synthCpuMs <= 0.9 * b.synthCpuMs });
  }
  const jobsAt1000 = jobs.find((j) => j.services === 1000);
  if (jobsAt1000) {
    targets.push({ target: `1000 services, --jobs ${options.jobs}: wall <= 20 s`, value: `${fmt(jobsAt1000.wallMs / 1000, 1)} s`, met: jobsAt1000.wallMs <= 20_000 });
    targets.push({ target: `1000 services, --jobs ${options.jobs}: peak RSS <= 1 GB per process`, value: `${fmt(jobsAt1000.maxRssMiB)} MiB`, met: jobsAt1000.maxRssMiB * 2 ** 20 <= 1e9 });
    const at100 = jobs.find((j) => j.services === 100);
    if (at100) targets.push({ target: `--jobs ${options.jobs}: t(1000)/t(100) <= 11`, value: (jobsAt1000.wallMs / at100.wallMs).toFixed(2), met: jobsAt1000.wallMs / at100.wallMs <= 11 });
  }
  for (const a of affectedRuns.filter((x) => x.services === 1000 && x.change === 'service')) {
    const total = a.headSynthWallMs + a.processWallMs;
    targets.push({ target: `1000 services: synth --jobs ${options.jobs} + affected on a one-service change < 15 s`, value: `${fmt(total / 1000, 1)} s`, met: total < 15_000 });
    const rss = Math.max(a.maxRssMiB, ...a.headSynthProcesses.map((p) => p.maxRssMiB));
    targets.push({ target: '1000 services: synth + affected peak RSS < 1 GB per process', value: `${fmt(rss)} MiB`, met: rss * 2 ** 20 < 1e9 });
  }
  targets.push({ target: 'library import over cdktf < 0.5 s', value: `${fmt(imp.wallMs - cdk.wallMs)} ms`, met: imp.wallMs - cdk.wallMs < 500 });
  targets.push({ target: 'library import over cdktf < 100 MB', value: `${fmt(imp.maxRssMiB - cdk.maxRssMiB)} MiB`, met: (imp.maxRssMiB - cdk.maxRssMiB) * 2 ** 20 < 100e6 });
  for (const o of overheads.filter((x) => x.services >= 100)) {
    targets.push({ target: `N=${o.services}: guardrails + catalog add < 10% to synth`, value: `${(100 * o.overhead).toFixed(1)}%`, met: o.overhead < 0.1 });
  }
  console.log(`\n${table(['target', 'measured', 'met'], targets.map((t) => [t.target, t.value, t.met === undefined ? '-' : t.met ? 'yes' : 'NO']))}`);
  console.log(`\nlike-with-like: resource counts by type equal to the baseline's at every N; every attribute compared up to N=${options.fullCompareMax}`);
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes on the machine skew wall times; CPU times less so)`);

  fs.mkdirSync(path.dirname(options.json), { recursive: true });
  fs.writeFileSync(options.json, `${JSON.stringify({
    machine: { ...info, loadAverageAtEnd: os.loadavg() },
    options,
    runner: 'driver: ts-node --swc bench/run.ts; measured processes: node on lib/ (jsii output) and .bench/js (bench/ transpiled by swc)',
    variants,
    summaries,
    imports: Object.fromEntries(Object.entries(imports).map(([k, v]) => [k, { ...v, runs: v.runs.map((r) => r.result) }])),
    engine,
    jobs,
    overheads,
    affected: affectedRuns,
    targets,
    checks,
    runs: raw.map((r) => ({ variant: r.variant, services: r.services, ...r.run })),
  }, null, 2)}\n`);
  console.log(`results: ${path.relative(process.cwd(), options.json)}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
