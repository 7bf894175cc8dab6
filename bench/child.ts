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
    /**
     * Library only: synthesize as `golden-paths synth --jobs <jobs>` does
     * (bench/jobs-app.ts in worker processes, teams declared with
     * TeamEnvironment.define, fast synth and the GC flags), layout `stacks`.
     */
    readonly jobs?: number;
    /** With `jobs`: the platform as a pull request changes it (LibraryAppOptions.change). */
    readonly change?: 'service' | 'settings';
    /** Which services have a database (BenchOptions.databases). */
    readonly databases?: 'all' | 'half';
  }
  | {
    /** `golden-paths affected --base <base> --head <head> --json`, run in this process as the command runs it. */
    readonly kind: 'affected';
    readonly base: string;
    readonly head: string;
    readonly libDir: string;
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
  /** With `jobs`: each process of the synth (the parts, then the rest); the figures above are the driver's own. */
  readonly processes?: ProcessStats[];
  /** For `affected`: what the command printed, parsed. */
  readonly affected?: import('../src/cli/affected').Affected;
}

/** What one process of a synth in parts cost (as lib/private/parallel-synth reports it). */
export interface ProcessStats {
  readonly role: string;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
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

/**
 * `golden-paths synth --jobs N` on the benchmark platform: the `synth` phase
 * is the whole parallel synth (its CPU: every process's), `build` is empty
 * (the workers build their teams).
 */
async function runJobs(task: Extract<ChildTask, { kind: 'synth' }>): Promise<ChildResult> {
  const phases: Record<string, Phase> = {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const synth = phase(phases, 'import', () => require(path.join(task.libDir, 'cli', 'synth')) as typeof import('../src/cli/synth'));
  phases.build = { wallMs: 0, cpuMs: 0 };
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  const io = { out: () => undefined, err: () => undefined, colour: false, cwd: process.cwd() };
  const app = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(__dirname, 'jobs-app.js'))} ${task.services} ${JSON.stringify(task.libDir)} ${task.change ?? '-'} ${task.databases ?? 'all'}`;
  const project = { root: process.cwd(), app, outdir: task.outdir, context: {}, teamRepository: false };
  const result = await synth.synthProject(project, io, { jobs: task.jobs!, fastSynth: true });
  const processes = result.processes;
  phases.synth = { wallMs: performance.now() - wall0, cpuMs: cpuMs() - cpu0 + processes.reduce((sum, p) => sum + p.cpuMs, 0) };
  const end = performance.now();
  const usage = process.resourceUsage();
  return {
    phases,
    processWallMs: end,
    processCpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 + processes.reduce((sum, p) => sum + p.cpuMs, 0),
    maxRssMiB: Math.max(...processes.map((p) => p.maxRssMiB)),
    heapUsedMiB: process.memoryUsage().heapUsed / 1024 / 1024,
    processes,
  };
}

/** `golden-paths affected --json` on two synth outputs: `import` loads the command, `affected` reads both outputs and compares them. */
async function runAffected(task: Extract<ChildTask, { kind: 'affected' }>): Promise<ChildResult> {
  const phases: Record<string, Phase> = {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const command = phase(phases, 'import', () => require(path.join(task.libDir, 'cli', 'affected')) as typeof import('../src/cli/affected'));
  const out: string[] = [];
  const io = { out: (line: string) => out.push(line), err: () => undefined, colour: false, cwd: process.cwd() };
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  const code = await command.affectedCommand(['--base', task.base, '--head', task.head, '--json'], io);
  phases.affected = { wallMs: performance.now() - wall0, cpuMs: cpuMs() - cpu0 };
  if (code !== 0) throw new Error(`golden-paths affected exited ${code}`);
  const end = performance.now();
  const usage = process.resourceUsage();
  return {
    phases,
    processWallMs: end,
    processCpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssMiB: usage.maxRSS / 1024,
    heapUsedMiB: process.memoryUsage().heapUsed / 1024 / 1024,
    affected: JSON.parse(out.join('\n')),
  };
}

/* eslint-disable @typescript-eslint/no-require-imports */
function run(task: Exclude<ChildTask, { kind: 'affected' }>): ChildResult {
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
    const built = phase(phases, 'build', () => app.buildLibraryApp(lib, spec.benchPlatform(task.services, undefined, { databases: task.databases }), task.outdir, {
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
      return baseline.buildBaselineApp(spec.benchPlatform(task.services, undefined, { databases: task.databases }), templates, task.outdir);
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
  const done = task.kind === 'affected' ? runAffected(task) : task.kind === 'synth' && task.jobs ? runJobs(task) : Promise.resolve(run(task));
  void done.then((result) => {
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  });
}
