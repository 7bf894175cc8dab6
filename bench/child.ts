/**
 * One measurement, in a fresh process started by bench/run.ts: synthesize
 * the benchmark platform (library or baseline) to a temporary directory the
 * way `cdktf synth` runs a program (`app.synth()`), or import a module cold.
 * Prints one JSON line prefixed with {@link RESULT_PREFIX}.
 *
 * Runs as plain JavaScript (bench/run.ts transpiles the bench folder with
 * swc), so no TypeScript loader or source-map hook takes part in what is
 * measured.
 */
import * as path from 'path';
import { performance } from 'perf_hooks';

/** The prefix of the result line on stdout. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/** What a child measures. */
export type ChildTask =
  | {
    readonly kind: 'synth';
    readonly variant: 'library' | 'baseline';
    readonly services: number;
    readonly outdir: string;
    /** The compiled library (`lib/`), for the library variant. */
    readonly libDir: string;
    /** The baseline's templates (JSON), for the baseline variant. */
    readonly templatesFile: string;
    /** Library only: see LibraryAppOptions. */
    readonly guardrails: 'default' | 'on' | 'off';
    readonly catalog: boolean;
    /** Library only: one stack, or the Platform at App scope with a stack per team and environment. */
    readonly layout?: 'stack' | 'stacks';
    /** Library only: synthesize with the library's fast synth engine. */
    readonly fastSynth?: boolean;
  }
  | {
    readonly kind: 'import';
    /** `cdktf` alone, or the library (which loads cdktf, constructs and the provider classes it uses). */
    readonly target: 'cdktf' | 'library';
    readonly libDir: string;
  };

/** Wall and CPU time of one phase, in milliseconds. */
export interface Phase {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** What a child reports. */
export interface ChildResult {
  /** Phases: `import` (loading the program's modules), `build` (constructing the tree), `synth` (app.synth()). */
  readonly phases: Record<string, Phase>;
  /** Milliseconds from process start (Node's time origin) to the end of the last phase. */
  readonly processWallMs: number;
  /** User + system CPU of the whole process, in milliseconds. */
  readonly processCpuMs: number;
  /** Peak resident set size of the process, in MiB. */
  readonly maxRssMiB: number;
  /** Heap in use after the last phase, in MiB. */
  readonly heapUsedMiB: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Runs `fn` as a named phase. */
function phase<T>(phases: Record<string, Phase>, name: string, fn: () => T): T {
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  const result = fn();
  phases[name] = { wallMs: performance.now() - wall0, cpuMs: cpuMs() - cpu0 };
  return result;
}

/* eslint-disable @typescript-eslint/no-require-imports */
function run(task: ChildTask): ChildResult {
  const phases: Record<string, Phase> = {};
  if (task.kind === 'import') {
    phase(phases, 'import', () => require(task.target === 'cdktf' ? 'cdktf' : task.libDir));
  } else if (task.variant === 'library') {
    const { lib, app, synthOutput, spec } = phase(phases, 'import', () => ({
      lib: require(task.libDir),
      synthOutput: require(path.join(task.libDir, 'private', 'synth-output')).SynthOutput,
      app: require('./library-app') as typeof import('./library-app'),
      spec: require('./spec') as typeof import('./spec'),
    }));
    const built = phase(phases, 'build', () => app.buildLibraryApp(lib, spec.benchPlatform(task.services), task.outdir, {
      guardrails: task.guardrails,
      catalog: task.catalog,
      synthOutput,
      layout: task.layout,
      fastSynth: task.fastSynth,
    }));
    phase(phases, 'synth', () => built.synth());
  } else {
    const { baseline, spec, fs } = phase(phases, 'import', () => ({
      baseline: require('./baseline') as typeof import('./baseline'),
      spec: require('./spec') as typeof import('./spec'),
      fs: require('fs') as typeof import('fs'),
    }));
    const built = phase(phases, 'build', () => {
      const templates = JSON.parse(fs.readFileSync(task.templatesFile, 'utf8'));
      return baseline.buildBaselineApp(spec.benchPlatform(task.services), templates, task.outdir);
    });
    phase(phases, 'synth', () => built.synth());
  }
  const end = performance.now();
  const usage = process.resourceUsage();
  return {
    phases,
    processWallMs: end,
    processCpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssMiB: usage.maxRSS / 1024,
    heapUsedMiB: process.memoryUsage().heapUsed / 1024 / 1024,
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

if (require.main === module) {
  const task = JSON.parse(process.argv[2]) as ChildTask;
  const result = run(task);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}
