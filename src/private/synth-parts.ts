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
/** The files a part writes into its output directory beside its stacks: no part of the synth output. */
export const PART_FILES: readonly string[] = [PART_FILE, PART_SUMMARY_FILE];

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

/** The file a part writes. */
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

/** Writes the file of a part into its output directory `outdir`. */
export function writePart(outdir: string, part: PartFile): void {
  fs.mkdirSync(outdir, { recursive: true });
  // Whole or not at all: the rest may be looking for it.
  const summary: PartSummary = { whole: part.whole, stats: part.stats };
  fs.writeFileSync(path.join(outdir, PART_SUMMARY_FILE), JSON.stringify(summary));
  const file = path.join(outdir, PART_FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(part));
  fs.renameSync(`${file}.tmp`, file);
}

/** How long the rest waits for the parts, at most. */
const PARTS_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * Waits, blocking (synth is synchronous), until every part has written its
 * file: the rest starts with the parts and builds the shared stacks while
 * they work. Returns the parts' directories.
 */
export function waitForParts(parts: readonly string[]): readonly string[] {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + PARTS_TIMEOUT_MS;
  for (const dir of parts) {
    while (!fs.existsSync(path.join(dir, PART_FILE))) {
      if (Date.now() > until) {
        throw inputError(SYNTH_PARTS_ENV, `invalid parts: ${dir} wrote no ${PART_FILE} within ${PARTS_TIMEOUT_MS / 60_000} minutes`, 'run the parts with the same app (golden-paths synth does)');
      }
      Atomics.wait(sleeper, 0, 0, 25);
    }
  }
  return parts;
}

/** The file a part wrote in `outdir`. */
export function readPart(outdir: string): PartFile {
  return JSON.parse(fs.readFileSync(path.join(outdir, PART_FILE), 'utf8'));
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
