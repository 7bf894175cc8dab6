import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { appFailure } from './app-failure';
import { CliError, ExitCode, integerOption, type Io, parseCommand, progress } from './cli';
import { readJson } from './json-file';
import { start } from './process';
import { FastSynth } from '../platform/fast-synth';
import { describeProblem, type PropProblem } from '../private/errors';
import { FAST_SYNTH_ENV } from '../private/fast-synth';
import { isPartFile, mergeParts, moveOutput, PART_FILE, type ProcessStats, readPartSummary, SYNTH_OUTDIR_ENV, SYNTH_PART_ENV, SYNTH_PARTS_ENV, SYNTH_STATS_ENV } from '../private/synth-parts';

export const SYNTH = {
  name: 'synth',
  usage: `Usage: golden-paths synth [--jobs <n>] [--no-fast-synth]

Synthesizes the app of the cdktf.json here (a team or a platform repository) into its output
directory (cdktf.json "output", default cdktf.out), as cdktf synth does, with fast synth on.
With more than one job, each worker process builds and synthesizes a share of the teams declared
with TeamEnvironment.define (chosen by the library, by declaration order), one more process the
other stacks, and the outputs are merged into one directory, identical to a synth in one process.

Options:
  --jobs <n>       worker processes (default: the number of cores; 1 in a team repository,
                   which has one team)
  --no-fast-synth  synthesize with cdktf's normal path (as GOLDEN_PATHS_FAST_SYNTH=off does)
  -h, --help       show this help

Exit status: 0 ok, 1 guardrail findings failed the synth, 2 a usage or input error (a declaration,
a setting, the app's code: the app's error, once).`,
  options: {
    'jobs': { type: 'string' },
    'no-fast-synth': { type: 'boolean' },
  },
  positionals: [0, 0],
} as const;

/** The most worker processes `--jobs` accepts. */
const MAX_JOBS = 64;

/** The V8 flag the synth processes run with: a young generation that grows linearly with the tree, not 22 times as fast (docs/benchmarks.md). */
export const SYNTH_GC_FLAGS = '--max-semi-space-size=64';

/**
 * The V8 flag of a part of a parallel synth with fast synth on: V8's default
 * young generation (16 MB semi-spaces). Such a part builds and synthesizes its
 * teams a batch at a time, so its tree stays the size of a batch, and the
 * larger young generation only made each scavenge copy more: at 1,000
 * services, 10 to 15% less CPU per part and 440 instead of 605 MiB
 * (docs/benchmarks.md).
 */
export const PART_GC_FLAGS = '--max-semi-space-size=16';

/** `golden-paths synth`. */
export async function synthCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommand(SYNTH, argv);
  const jobs = integerOption('golden-paths synth', 'jobs', values.jobs as string | undefined, 1, MAX_JOBS);
  const project = findCdktfProject(io.cwd);
  if (project.teamRepository) checkServicesFolder(project.root);
  await synthProject(project, io, { jobs: jobs ?? (project.teamRepository ? 1 : os.availableParallelism()), fastSynth: values['no-fast-synth'] !== true });
  return ExitCode.OK;
}

/** The key of package.json's `goldenPaths` section that marks a platform repository (`golden-paths init --platform-repository`) and names its settings file. */
export const PLATFORM_SETTINGS_KEY = 'platformSettings';

/** The folder of a team repository's declarations, which its app reads (`golden-paths init` writes it). */
export const SERVICES_DIR = 'services';

/** A team repository's services/ folder must be a folder: an input error when it is missing or a file. */
export function checkServicesFolder(root: string): void {
  const dir = path.join(root, SERVICES_DIR);
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return;
  throw new CliError(stat === undefined
    ? `[${dir}] does not exist, and the team's app reads its services and databases there. Fix: create the folder (mkdir ${SERVICES_DIR}; keep its README.md, as git keeps no empty folder), or restore it from version control.`
    : `[${dir}] is a file, where the folder of the team's services and databases is expected. Fix: move the file away and create the folder (mkdir ${SERVICES_DIR}), or restore it from version control.`);
}

/** A directory with a cdktf.json: its app command, output directory and context. */
export interface CdktfProject {
  readonly root: string;
  readonly app: string;
  readonly outdir: string;
  readonly context: Record<string, unknown>;
  /** Whether it is a team repository (`golden-paths init`), which holds one team. */
  readonly teamRepository: boolean;
}

/** The nearest directory up from `cwd` with a cdktf.json. */
export function findCdktfProject(cwd: string): CdktfProject {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'cdktf.json'))) return cdktfProject(dir);
    if (path.dirname(dir) === dir) break;
  }
  throw new CliError(`${cwd} is not in a cdktf project (no cdktf.json here or above). Fix: run the command in a team or platform repository, or make one with golden-paths init.`);
}

/** The cdktf project at `root`. */
export function cdktfProject(root: string): CdktfProject {
  const file = path.join(root, 'cdktf.json');
  const json = readJson(file);
  const problems: PropProblem[] = [];
  if (typeof json.app !== 'string' || json.app.trim() === '') {
    problems.push({ prop: 'app', value: json.app, problem: json.app === undefined || json.app === '' ? 'is missing' : 'is not a command line', fix: 'write "app": "node --require ts-node/register main.ts"' });
  }
  if (json.output !== undefined && (typeof json.output !== 'string' || json.output.trim() === '')) {
    problems.push({ prop: 'output', value: json.output, problem: 'is not a folder name', fix: 'write "output": "cdktf.out", or leave it out' });
  }
  const outdir = path.join(root, typeof json.output === 'string' && json.output.trim() !== '' ? json.output : 'cdktf.out');
  if (problems.length === 0 && fs.existsSync(outdir) && !fs.statSync(outdir).isDirectory()) {
    problems.push({ prop: 'output', value: json.output ?? 'cdktf.out', problem: `is a file (${outdir}), and synth writes a folder there`, fix: 'name a folder that is not a file, e.g. "cdktf.out", or move the file away' });
  }
  if (problems.length === 1) throw CliError.invalid(file, problems[0]);
  if (problems.length > 1) throw new CliError(`[${file}] ${problems.length} invalid settings:\n${problems.map((p) => `  - ${describeProblem(p)}`).join('\n')}`);
  let teamRepository = false;
  try {
    const config = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).goldenPaths;
    // A platform repository's section names its settings; a team repository's, its team.
    teamRepository = config !== undefined && !(config !== null && typeof config === 'object' && config[PLATFORM_SETTINGS_KEY] !== undefined);
  } catch {
    // no package.json: not a team repository
  }
  const context = json.context !== null && typeof json.context === 'object' ? json.context as Record<string, unknown> : {};
  return { root, app: json.app, outdir, context, teamRepository };
}

/** How to synthesize a project. */
export interface SynthOptions {
  /** Worker processes (1: the app runs once, as cdktf synth runs it). */
  readonly jobs: number;
  /** Whether the app synthesizes with fast synth (unless it turns it off itself). */
  readonly fastSynth: boolean;
  /** The output directory, instead of the project's. */
  readonly outdir?: string;
  /** More environment variables for the app. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The output of one synth. */
export interface SynthProjectResult {
  readonly outdir: string;
  readonly stacks: string[];
  /** What each process cost, when the synth ran in parts. */
  readonly processes: ProcessStats[];
}

/**
 * Synthesizes `project` into its output directory: the app once (one job), or
 * in parts merged into one output. A failed synth is a CliError (exit 1) with
 * the app's error lines, shown once whichever process failed first.
 */
export async function synthProject(project: CdktfProject, io: Io, options: SynthOptions): Promise<SynthProjectResult> {
  const outdir = options.outdir ?? project.outdir;
  const started = Date.now();
  const env = synthEnvironment(project, options);
  progress(io, `synth: ${project.app}${options.jobs > 1 ? ` (${options.jobs} jobs)` : ''}`);
  let processes: ProcessStats[] = [];
  let stacks: string[];
  if (options.jobs <= 1) {
    // A manifest left by an earlier synth must not pass for this one's output.
    fs.rmSync(path.join(outdir, 'manifest.json'), { force: true });
    await runApp(project, { ...env, CDKTF_OUTDIR: outdir });
    stacks = manifestStacks(project, outdir);
  } else {
    fs.mkdirSync(path.dirname(outdir), { recursive: true });
    fs.rmSync(path.join(outdir, 'manifest.json'), { force: true });
    const work = fs.mkdtempSync(path.join(path.dirname(outdir), `.${path.basename(outdir)}-parts-`));
    try {
      ({ stacks, processes } = await synthInParts(project, env, partEnvironment(project, options), outdir, work, options.jobs));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  const shown = path.relative(project.root, outdir);
  progress(io, `synth: ${stacks.length} stacks in ${((Date.now() - started) / 1000).toFixed(1)} s (${shown.startsWith('..') ? outdir : shown})`);
  return { outdir, stacks, processes };
}

async function synthInParts(project: CdktfProject, env: NodeJS.ProcessEnv, partEnv: NodeJS.ProcessEnv, outdir: string, work: string, jobs: number) {
  const parts = Array.from({ length: jobs }, (_, i) => path.join(work, `part-${i}`));
  const statsFile = path.join(work, 'rest.json');
  // The rest starts with the parts: it builds the shared stacks while they work, then waits for their files.
  await runAll(project, [
    ...parts.map((dir, i) => ({ ...partEnv, CDKTF_OUTDIR: dir, [SYNTH_PART_ENV]: `${i}/${jobs}`, [SYNTH_OUTDIR_ENV]: outdir })),
    { ...env, CDKTF_OUTDIR: outdir, [SYNTH_PART_ENV]: 'rest', [SYNTH_PARTS_ENV]: parts.join(path.delimiter), [SYNTH_STATS_ENV]: statsFile },
  ]);
  const stacksWritten = () => manifestStacks(project, outdir);
  if (!fs.existsSync(path.join(parts[0], PART_FILE))) {
    // No Platform in the app to share the work out: every process synthesized all of it, the rest into the output.
    return { stacks: stacksWritten(), processes: [] };
  }
  // Their summaries, not the part files, which the rest has read.
  const summaries = parts.map(readPartSummary);
  const rest: ProcessStats[] = fs.existsSync(statsFile) ? [JSON.parse(fs.readFileSync(statsFile, 'utf8'))] : [];
  const processes = [...summaries.map((f) => f.stats), ...rest];
  if (summaries[0].whole) {
    // No team declared with TeamEnvironment.define: the first part synthesized the whole app (the rest nothing).
    for (const entry of fs.readdirSync(parts[0])) if (!isPartFile(entry)) moveOutput(path.join(parts[0], entry), path.join(outdir, entry));
    return { stacks: stacksWritten(), processes };
  }
  return { stacks: mergeParts(outdir, parts), processes };
}

/** The stacks of the manifest the app wrote; an input error when it wrote none (an app that never calls synth). */
function manifestStacks(project: CdktfProject, outdir: string): string[] {
  const file = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(file)) {
    throw CliError.invalid(path.join(project.root, 'cdktf.json'), {
      prop: 'app',
      value: project.app,
      problem: `exited without an error but wrote no synth output (no manifest.json in ${outdir})`,
      fix: 'make the app build its stacks and call app.synth() (a team repository\'s main.ts: buildApp().synth()), writing to the App\'s default outdir',
    });
  }
  return Object.keys(readJson(file).stacks ?? {});
}

/**
 * The environment of the app's processes: cdktf.json's context (as cdktf synth
 * passes it), fast synth on through that context unless turned off, the GC
 * flags and the preload ({@link SYNTH_PRELOAD}) appended to NODE_OPTIONS.
 */
export function synthEnvironment(project: CdktfProject, options: SynthOptions, gcFlags: string = SYNTH_GC_FLAGS): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1' };
  let context: Record<string, unknown> = { ...project.context };
  if (env.CDKTF_CONTEXT_JSON) {
    try {
      context = { ...context, ...JSON.parse(env.CDKTF_CONTEXT_JSON) };
    } catch (e) {
      throw CliError.invalid('CDKTF_CONTEXT_JSON', { prop: 'value', value: env.CDKTF_CONTEXT_JSON, problem: `is not JSON (${(e as Error).message})`, fix: 'unset it, or give a JSON object' });
    }
  }
  if (options.fastSynth) {
    context[FastSynth.CONTEXT_KEY] = true;
  } else {
    env[FAST_SYNTH_ENV] = 'off';
  }
  env.CDKTF_CONTEXT_JSON = JSON.stringify(context);
  let nodeOptions = env.NODE_OPTIONS ?? '';
  if (!/--max-semi-space-size/.test(nodeOptions)) nodeOptions = `${nodeOptions} ${gcFlags}`.trim();
  env.NODE_OPTIONS = withPreload(nodeOptions);
  return env;
}

/**
 * The file the synth processes preload (src/private/lazy-archiver.ts: cdktf
 * loads archiver on first use, which a synth of the library's constructs never
 * makes), beside this module's folder in the compiled library. Running from
 * the TypeScript sources (ts-node) there is no such file, and nothing is preloaded.
 */
export const SYNTH_PRELOAD = path.join(__dirname, '..', 'private', 'lazy-archiver.js');

/** `nodeOptions` with `--require` of {@link SYNTH_PRELOAD} appended, when that file exists and it is not there yet. */
function withPreload(nodeOptions: string): string {
  const option = `--require ${JSON.stringify(SYNTH_PRELOAD)}`;
  if (nodeOptions.includes(option) || !fs.existsSync(SYNTH_PRELOAD)) return nodeOptions;
  return `${nodeOptions} ${option}`.trim();
}

/** The environment of a part of a parallel synth: {@link synthEnvironment}'s, with {@link PART_GC_FLAGS} when the part synthesizes in batches (fast synth on). */
export function partEnvironment(project: CdktfProject, options: SynthOptions): NodeJS.ProcessEnv {
  return synthEnvironment(project, options, options.fastSynth ? PART_GC_FLAGS : SYNTH_GC_FLAGS);
}

/** Runs the app once per environment, all at once; the first failure stops the others and fails the synth. */
async function runAll(project: CdktfProject, envs: NodeJS.ProcessEnv[]): Promise<void> {
  const children = envs.map((env) => startApp(project, env));
  // The ones stopped after the first failure fail too: that is not news.
  for (const c of children) c.done.catch(() => undefined);
  try {
    await Promise.all(children.map((c) => c.done));
  } finally {
    for (const c of children) c.stop();
  }
}

async function runApp(project: CdktfProject, env: NodeJS.ProcessEnv): Promise<void> {
  await startApp(project, env).done;
}

/** One run of the app: `done` rejects with the app's error lines when it fails. */
function startApp(project: CdktfProject, env: NodeJS.ProcessEnv): { done: Promise<void>; stop: () => void } {
  // Its own process group, so that stopping it stops the shell and what it started.
  const app = start(project.app, [], { cwd: project.root, env, shell: true, group: true });
  const done = app.done.then(({ code, stderr }) => {
    if (code !== 0) throw synthFailure(stderr, project.root);
  });
  return { done, stop: app.stop };
}

/** The app's error lines (see {@link appFailure}): exit 2 for an input error or the app's code, 1 for guardrail findings. */
export function synthFailure(stderr: string, root?: string): CliError {
  return appFailure(stderr, root);
}
