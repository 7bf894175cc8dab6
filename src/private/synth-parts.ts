/**
 * What the processes of a parallel synth (see `parallel-synth.ts`) agree on:
 * the environment that tells a process its role, the file each part hands
 * back ({@link PART_FILE}), what a process cost, and how the rest's output
 * and the parts' stacks are merged into one directory. `golden-paths synth`
 * sets the variables, reads the files and merges; the processes it starts
 * write them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Manifest } from './cdk';
import { inputError, propError, type PropProblem } from './errors';

/** Which part of a parallel synth this process is: `<i>/<n>` (a part), or `rest`. Unset: the whole app. */
export const SYNTH_PART_ENV = 'GOLDEN_PATHS_SYNTH_PART';
/** For the rest: the output directories of the parts, joined by the path delimiter. */
export const SYNTH_PARTS_ENV = 'GOLDEN_PATHS_SYNTH_PARTS';
/**
 * How many of its teams a part builds, synthesizes and drops at a time (with
 * fast synth on; default {@link DEFAULT_BATCH}); 0 builds them all where they
 * are declared and synthesizes them at once.
 */
export const SYNTH_BATCH_ENV = 'GOLDEN_PATHS_SYNTH_BATCH';
/** Teams per batch: a part's memory is then that of about 10 teams, whatever its share (docs/benchmarks.md). */
export const DEFAULT_BATCH = 10;

/** For a part: the output directory its stacks move to, which the files it writes name (a SARIF report's path to its cdk.tf.json). */
export const SYNTH_OUTDIR_ENV = 'GOLDEN_PATHS_SYNTH_OUTDIR';

/**
 * Where `file`, written under the synth output directory `outdir`, ends up:
 * in a part, under the merged output directory; elsewhere, where it is.
 */
export function publishedPath(file: string, outdir: string, env: NodeJS.ProcessEnv = process.env): string {
  const merged = env[SYNTH_OUTDIR_ENV];
  if (!merged || synthRole(env).kind !== 'part') return file;
  return path.join(merged, path.relative(outdir, file));
}

/** Where the rest writes what it cost (a {@link ProcessStats} as JSON), when set. */
export const SYNTH_STATS_ENV = 'GOLDEN_PATHS_SYNTH_STATS';
/** What a part hands back, in its output directory. */
export const PART_FILE = 'golden-paths-part.json';
/**
 * Beside {@link PART_FILE}, written before it: what `golden-paths synth` reads
 * of a part ({@link PartSummary}), a few hundred bytes where the part file
 * holds every team's records (4 MB at 500 teams).
 */
export const PART_SUMMARY_FILE = 'golden-paths-part-summary.json';
/**
 * A part's teams, a file per batch as the part builds it
 * (`golden-paths-teams-<k>.json`, a {@link PartTeam} array, written before
 * {@link PART_FILE}), so that the rest checks and restores them while the
 * parts still work.
 */
const TEAMS_FILE = /^golden-paths-teams-(\d+)\.json$/;

function teamsFile(outdir: string, k: number): string {
  return path.join(outdir, `golden-paths-teams-${k}.json`);
}

/** Whether `name`, in a part's output directory, is a file the part hands back (no part of the synth output). */
export function isPartFile(name: string): boolean {
  return name === PART_FILE || name === PART_SUMMARY_FILE || TEAMS_FILE.test(name);
}

/** The role of this process in a synth. */
export type SynthRole =
  | { readonly kind: 'whole' }
  | { readonly kind: 'part'; readonly index: number; readonly count: number }
  | { readonly kind: 'rest'; readonly parts: readonly string[] };

/** This process's role, from {@link SYNTH_PART_ENV}. */
export function synthRole(env: NodeJS.ProcessEnv = process.env): SynthRole {
  const value = env[SYNTH_PART_ENV];
  if (value === undefined || value === '') return { kind: 'whole' };
  if (value === 'rest') return { kind: 'rest', parts: (env[SYNTH_PARTS_ENV] ?? '').split(path.delimiter).filter((p) => p !== '') };
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m || Number(m[1]) >= Number(m[2])) {
    throw propError(SYNTH_PART_ENV, { prop: 'value', value, problem: 'is neither "<i>/<n>" with i < n nor "rest"', fix: 'leave it unset; golden-paths synth sets it for its workers' });
  }
  return { kind: 'part', index: Number(m[1]), count: Number(m[2]) };
}

/** A real-world name a construct claimed (see `NameRegistry.claim`). */
export interface Claim {
  readonly id: string;
  readonly owner: string;
  readonly problem: PropProblem;
}

/** One defined team, as a part hands it back. */
export interface PartTeam {
  readonly index: number;
  readonly claims: Claim[];
  /** The team records of the app's carriers, by key. */
  readonly carried: { readonly [key: string]: unknown };
}

/** What a part hands back: {@link PART_FILE}, with the teams of its teams files. */
export interface PartFile {
  /** Whether the part synthesized the whole app (it has no defined team). */
  readonly whole: boolean;
  /** The defined teams in the app. */
  readonly declared: number;
  readonly teams: PartTeam[];
  /** The part records of the app's carriers, by key. */
  readonly carried: { readonly [key: string]: unknown };
  /** The process's measurements. */
  readonly stats: ProcessStats;
}

/** {@link PART_FILE}: a {@link PartFile} whose teams are in its first `teamFiles` teams files. */
export interface PartRecord extends Omit<PartFile, 'teams'> {
  readonly teamFiles: number;
}

/** What `golden-paths synth` reads of a part: {@link PART_SUMMARY_FILE}. */
export interface PartSummary {
  readonly whole: boolean;
  readonly stats: ProcessStats;
}

/** What one process of a synth cost. */
export interface ProcessStats {
  readonly role: string;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
}

/** Writes `content` to `file` whole or not at all: the rest may be looking for it. */
function writeWhole(file: string, content: unknown): void {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(content));
  fs.renameSync(`${file}.tmp`, file);
}

/**
 * Hands back what a part built, in its output directory `outdir`: call
 * `teams` with each batch of teams (in declaration order), then `finish` once,
 * last, with the rest of the part's file.
 */
export function partWriter(outdir: string): { teams: (teams: readonly PartTeam[]) => void; finish: (part: Omit<PartFile, 'teams'>) => void } {
  let teamFiles = 0;
  const teams = (batch: readonly PartTeam[]) => {
    if (batch.length === 0) return;
    fs.mkdirSync(outdir, { recursive: true });
    writeWhole(teamsFile(outdir, teamFiles++), batch);
  };
  const finish = (part: Omit<PartFile, 'teams'>) => {
    fs.mkdirSync(outdir, { recursive: true });
    const summary: PartSummary = { whole: part.whole, stats: part.stats };
    fs.writeFileSync(path.join(outdir, PART_SUMMARY_FILE), JSON.stringify(summary));
    const record: PartRecord = { ...part, teamFiles };
    writeWhole(path.join(outdir, PART_FILE), record);
  };
  return { teams, finish };
}

/** How long the rest waits for the parts, at most. */
const PARTS_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * The parts' teams for the rest, in declaration order, as the parts hand them
 * back: the rest starts with the parts and builds the shared stacks while they
 * work, then takes in each team as soon as the part that builds it has written
 * it. Waiting blocks (synth is synchronous).
 */
export class PartsReader {
  private readonly parts: Array<{ readonly dir: string; next: number; queue: PartTeam[]; record?: PartRecord }>;
  private readonly until = Date.now() + PARTS_TIMEOUT_MS;
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));

  constructor(dirs: readonly string[]) {
    this.parts = dirs.map((dir) => ({ dir, next: 0, queue: [] }));
  }

  /** The team numbered `index` (asked for in increasing order), once a part has handed it back; undefined when every part finished without it. */
  public team(index: number): PartTeam | undefined {
    for (;;) {
      let waiting = false;
      for (const part of this.parts) {
        while (part.queue.length > 0 && part.queue[0].index < index) part.queue.shift();
        if (part.queue.length === 0) this.takeIn(part);
        if (part.queue.length > 0 && part.queue[0].index === index) return part.queue.shift();
        // A part hands back its teams in declaration order: one whose next team comes later does not have it.
        if (part.queue.length === 0 && (part.record === undefined || part.next < part.record.teamFiles)) waiting = true;
      }
      if (!waiting) return undefined;
      this.sleep();
    }
  }

  /** Waits until every part has finished; returns their files (without the teams). */
  public finish(): PartRecord[] {
    return this.parts.map((part) => {
      while (part.record === undefined) {
        this.takeIn(part);
        if (part.record === undefined) this.sleep();
      }
      return part.record;
    });
  }

  /** Reads the next teams file of `part` if it is there, else its part file if that is. */
  private takeIn(part: PartsReader['parts'][number]): void {
    if (part.record !== undefined && part.next >= part.record.teamFiles) return;
    const file = teamsFile(part.dir, part.next);
    if (fs.existsSync(file)) {
      part.queue.push(...JSON.parse(fs.readFileSync(file, 'utf8')) as PartTeam[]);
      part.next++;
    } else if (part.record === undefined && fs.existsSync(path.join(part.dir, PART_FILE))) {
      part.record = readRecord(part.dir);
      // Its teams files were all written before it.
      this.takeIn(part);
    }
  }

  private sleep(): void {
    if (Date.now() > this.until) {
      const late = this.parts.find((p) => p.record === undefined)?.dir ?? this.parts[0].dir;
      throw inputError(SYNTH_PARTS_ENV, `invalid parts: ${late} wrote no ${PART_FILE} within ${PARTS_TIMEOUT_MS / 60_000} minutes`, 'run the parts with the same app (golden-paths synth does)');
    }
    Atomics.wait(this.sleeper, 0, 0, 25);
  }
}

function readRecord(outdir: string): PartRecord {
  return JSON.parse(fs.readFileSync(path.join(outdir, PART_FILE), 'utf8'));
}

/** What the part that wrote its files in `outdir` handed back: its part file, with its teams (read whole; the rest reads them with {@link PartsReader}). */
export function readPart(outdir: string): PartFile {
  const { teamFiles, ...part } = readRecord(outdir);
  const teams = Array.from({ length: teamFiles }, (_, k) => JSON.parse(fs.readFileSync(teamsFile(outdir, k), 'utf8')) as PartTeam[]);
  return { ...part, teams: teams.flat() };
}

/** The summary of the part that wrote its files in `outdir`. */
export function readPartSummary(outdir: string): PartSummary {
  return JSON.parse(fs.readFileSync(path.join(outdir, PART_SUMMARY_FILE), 'utf8'));
}

/** What this process cost since `started` (its wall time when the process started with it). */
export function processStats(role: string, started: number): ProcessStats {
  const usage = process.resourceUsage();
  return {
    role,
    wallMs: Math.round(process.uptime() * 1000) || Date.now() - started,
    cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    maxRssMiB: Math.round(usage.maxRSS / 1024),
  };
}

/**
 * Merges the parts' stacks into the rest's output directory `outdir`: each
 * stack directory moves over (files of an existing one are replaced, anything
 * else in it, such as `.terraform`, stays), and manifest.json lists the stacks
 * of all of them, written as cdktf writes it. Returns the stacks' names.
 */
export function mergeParts(outdir: string, parts: readonly string[]): string[] {
  const read = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, Manifest.fileName), 'utf8'));
  const rest = read(outdir);
  const manifest = new Manifest(rest.version, outdir, false);
  Object.assign(manifest.stacks, rest.stacks);
  for (const part of parts) {
    const stacks = read(part).stacks as Record<string, unknown>;
    for (const name of Object.keys(stacks)) {
      if (name in manifest.stacks) throw inputError(part, `invalid part: the stack "${name}" was synthesized twice`, 'run the parts with the same app and the same number of parts');
      moveOutput(path.join(part, Manifest.stacksFolder, name), path.join(outdir, Manifest.stacksFolder, name));
    }
    Object.assign(manifest.stacks, stacks);
  }
  manifest.writeToFile();
  return Object.keys(manifest.stacks);
}

/** Moves `from` (a file or a directory) to `to`, merging into a directory that exists: its other files stay. */
export function moveOutput(from: string, to: string): void {
  if (!fs.existsSync(from)) return;
  if (!fs.existsSync(to) || !fs.statSync(from).isDirectory()) {
    fs.renameSync(from, to);
    return;
  }
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    moveOutput(path.join(from, entry.name), path.join(to, entry.name));
  }
}
