import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { affectedMatrix } from './affected-matrix';
import { CliError, type Io, integerOption, parseCommand } from './cli';
import { DEFAULT_MAX_WAVES, GITHUB_MATRIX_LIMIT, MIN_MATRIX_ENTRIES } from '../private/matrix-limits';

export const AFFECTED = {
  name: 'affected',
  usage: `Usage: golden-paths affected --base <cdktf.out> [--head <cdktf.out>] [--json | --matrix]

Compares two synth outputs stack by stack and prints the stacks a change touches, to plan or
apply, in waves: a stack comes in a later wave than every stack it depends on (the foundation
first, each team's stack before its environments, each environment after the one before it).
A stack is touched when its Terraform JSON or its dependencies changed, or when it is new; the
root "//" property of its cdk.tf.json (cdktf's metadata, the guardrails' record), which Terraform
ignores, does not count.
Stacks only the base has are listed as removed: nothing destroys them for you.

Options:
  --base <dir>   the synth output of the base (e.g. the target branch's cdktf.out)
  --head <dir>   the synth output of the change (default: cdktf.out)
  --json         print { total, waves, stacks, removed } as JSON, for a CI matrix
  --matrix       print the stacks packed for GitHub Actions (the platform workflow's matrices):
                 { total, affected, foundation, plan, waves, removed }, where plan and each
                 wave are { count, production, include: [{ id, owner, production, stacks }] }
                 and a wave holds production stacks only or none
  --max-entries <n>   with --matrix: entries per matrix job, 3 to 256 (default 256)
  --max-waves <n>     with --matrix: the wave jobs the workflow has (default 8); more waves fail
  --production <envs> with --matrix: production environments, comma-separated (a stack named
                 <...>-<env> is production; default: those platform.json in --head marks)
  -h, --help     show this help`,
  options: {
    'base': { type: 'string' },
    'head': { type: 'string' },
    'json': { type: 'boolean' },
    'matrix': { type: 'boolean' },
    'max-entries': { type: 'string' },
    'max-waves': { type: 'string' },
    'production': { type: 'string' },
  },
  positionals: [0, 0],
} as const;

/** Why a stack is to be planned or applied. */
export type AffectedReason = 'new' | 'changed' | 'dependencies changed';

/** A stack a change touches. */
export interface AffectedStack {
  readonly name: string;
  readonly reason: AffectedReason;
  /** Its wave, from 1. */
  readonly wave: number;
}

/** What a change touches: the stacks in waves, and the stacks it removes. */
export interface Affected {
  /** How many stacks the head output has. */
  readonly total: number;
  /** The touched stacks' names, wave by wave, each wave sorted. */
  readonly waves: string[][];
  readonly stacks: AffectedStack[];
  /** Stacks of the base that the head no longer has. */
  readonly removed: string[];
}

/** One synth output, as `manifest.json` lists it. */
interface SynthStacks {
  readonly stacks: Map<string, { readonly fingerprint: string; readonly dependencies: string[] }>;
  /** The foundation's stack, from the platform.json a platform repository's synth writes. */
  readonly foundation?: string;
  /** The production environments that platform.json names. */
  readonly production?: string[];
}


/** `golden-paths affected`. */
export async function affectedCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommand(AFFECTED, argv);
  if (typeof values.base !== 'string' || values.base === '') {
    throw CliError.invalid('affected', { prop: '--base', value: values.base, problem: 'is missing', fix: 'pass the synth output of the base, e.g. --base base/cdktf.out' });
  }
  const base = readSynthOutput(path.resolve(io.cwd, values.base), '--base');
  const head = readSynthOutput(path.resolve(io.cwd, typeof values.head === 'string' ? values.head : 'cdktf.out'), '--head');
  const result = affected(base, head);
  if (values.matrix) {
    const production = typeof values.production === 'string'
      ? values.production.split(',').map((e) => e.trim()).filter((e) => e !== '')
      : head.production ?? [];
    io.out(JSON.stringify(affectedMatrix(result, {
      maxEntries: integerOption('affected', 'max-entries', values['max-entries'] as string | undefined, MIN_MATRIX_ENTRIES, GITHUB_MATRIX_LIMIT) ?? GITHUB_MATRIX_LIMIT,
      maxWaves: integerOption('affected', 'max-waves', values['max-waves'] as string | undefined, 1, 1000) ?? DEFAULT_MAX_WAVES,
      production,
      foundation: head.foundation,
    })));
    return 0;
  }
  if (values.json) {
    io.out(JSON.stringify(result));
    return 0;
  }
  io.out(`${result.stacks.length} of ${result.total} stacks to plan or apply${result.waves.length > 0 ? `, in ${result.waves.length} wave${result.waves.length === 1 ? '' : 's'}:` : '.'}`);
  result.waves.forEach((wave, i) => io.out(`  wave ${i + 1}: ${wave.join(', ')}`));
  if (result.removed.length > 0) io.out(`removed (destroy them yourself, or keep them): ${result.removed.join(', ')}`);
  return 0;
}

/** The stacks `head` touches compared with `base`, in waves that respect every dependency. */
export function affected(base: SynthStacks, head: SynthStacks): Affected {
  const reasons = new Map<string, AffectedReason>();
  for (const [name, stack] of head.stacks) {
    const before = base.stacks.get(name);
    if (before === undefined) reasons.set(name, 'new');
    else if (before.fingerprint !== stack.fingerprint) reasons.set(name, 'changed');
    else if ([...before.dependencies].sort().join(' ') !== [...stack.dependencies].sort().join(' ')) reasons.set(name, 'dependencies changed');
  }
  const levels = levelsOf(head);
  const byLevel = new Map<number, string[]>();
  for (const name of reasons.keys()) byLevel.set(levels.get(name)!, [...(byLevel.get(levels.get(name)!) ?? []), name]);
  const waves = [...byLevel.entries()].sort(([a], [b]) => a - b).map(([, names]) => names.sort());
  const waveOf = new Map(waves.flatMap((wave, i) => wave.map((name) => [name, i + 1] as const)));
  return {
    total: head.stacks.size,
    waves,
    stacks: waves.flat().map((name) => ({ name, reason: reasons.get(name)!, wave: waveOf.get(name)! })),
    removed: [...base.stacks.keys()].filter((name) => !head.stacks.has(name)).sort(),
  };
}

/**
 * Each stack's depth in the dependency graph: 0 without dependencies, else one
 * more than its deepest dependency. Every stack but the foundation also waits
 * for the foundation, which the others name (the Workload Identity pool, the
 * template) without a cdktf dependency.
 */
function levelsOf(output: SynthStacks): Map<string, number> {
  const levels = new Map<string, number>();
  const visiting = new Set<string>();
  const level = (name: string): number => {
    const known = levels.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) {
      throw CliError.invalid('affected', { prop: 'manifest.json', value: name, problem: 'is a stack whose dependencies lead back to it', fix: 'remove one of the dependencies of that cycle (stack.addDependency) and synthesize again' });
    }
    visiting.add(name);
    const stack = output.stacks.get(name)!;
    const f = output.foundation;
    const foundation = f !== undefined && name !== f && output.stacks.has(f) ? [f] : [];
    const dependencies = [...stack.dependencies, ...foundation];
    const value = dependencies.filter((d) => output.stacks.has(d)).reduce((max, d) => Math.max(max, level(d) + 1), 0);
    visiting.delete(name);
    levels.set(name, value);
    return value;
  };
  for (const name of output.stacks.keys()) level(name);
  return levels;
}

/** The stacks of the synth output in `dir`: each stack's Terraform JSON fingerprint and dependencies. */
export function readSynthOutput(dir: string, option: string): SynthStacks {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory() || !fs.existsSync(manifestFile)) {
    throw CliError.invalid('affected', {
      prop: option,
      value: dir,
      problem: !fs.existsSync(dir) ? 'does not exist' : !fs.statSync(dir).isDirectory() ? 'is a file, not a synth output folder' : 'holds no manifest.json, so it is no synth output',
      fix: 'pass a cdktf.out folder that golden-paths synth or cdktf synth wrote',
    });
  }
  let manifest: { stacks?: Record<string, { synthesizedStackPath?: string; dependencies?: string[] }> };
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch (e) {
    throw CliError.invalid('affected', { prop: option, value: manifestFile, problem: `is not JSON (${(e as Error).message})`, fix: 'synthesize again' });
  }
  const stacks = new Map<string, { fingerprint: string; dependencies: string[] }>();
  for (const [name, stack] of Object.entries(manifest.stacks ?? {})) {
    const file = path.join(dir, stack.synthesizedStackPath ?? path.join('stacks', name, 'cdk.tf.json'));
    if (!fs.existsSync(file)) {
      throw CliError.invalid('affected', { prop: option, value: dir, problem: `lists the stack ${name}, whose ${path.relative(dir, file)} is missing`, fix: 'synthesize again into an empty folder' });
    }
    stacks.set(name, { fingerprint: fileFingerprint(file), dependencies: [...(stack.dependencies ?? [])] });
  }
  const settingsFile = path.join(dir, 'platform.json');
  let foundation: string | undefined;
  let production: string[] | undefined;
  if (fs.existsSync(settingsFile)) {
    try {
      const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
      const stack = settings?.foundation?.stack;
      foundation = typeof stack === 'string' ? stack : undefined;
      production = Array.isArray(settings?.environments)
        ? settings.environments.filter((e: any) => e?.production === true && typeof e.name === 'string').map((e: any) => e.name as string)
        : undefined;
    } catch {
      foundation = undefined;
    }
  }
  return { stacks, foundation, production };
}

/**
 * The sha256 of a stack's Terraform JSON without its root `"//"` property,
 * which Terraform ignores entirely
 * (https://developer.hashicorp.com/terraform/language/syntax/json#comment-properties):
 * cdktf's metadata (its version, the stack's name) and the guardrails' record
 * (the digest of the settings and of the suppressions that concern the stack:
 * a rule suppressed or turned off platform-wide changes it in every stack). A
 * change there applies nothing.
 *
 * cdktf writes the root's keys sorted, so `"//"` comes first: its value is
 * skipped where it stands, in one pass over its own bytes, and the rest of the
 * file is hashed as it is. A file written otherwise is parsed, and the rest
 * hashed as JSON (an edited file then differs from one cdktf wrote: the stack
 * is planned, never missed). `"//"` inside a block is left alone: inside an
 * expression it is an attribute.
 */
export function terraformFingerprint(bytes: Buffer): string {
  const hash = createHash('sha256');
  const first = leadingComment(bytes);
  if (first !== undefined) return hash.update(bytes.subarray(0, first.start)).update(bytes.subarray(first.end)).digest('hex');
  try {
    const json = JSON.parse(bytes.toString('utf8'));
    if (json !== null && typeof json === 'object' && !Array.isArray(json) && Object.prototype.hasOwnProperty.call(json, '//')) {
      delete json['//'];
      return hash.update(JSON.stringify(json)).digest('hex');
    }
  } catch {
    // Not JSON: the bytes are what Terraform would refuse, hashed as they are.
  }
  return hash.update(bytes).digest('hex');
}

/** What fileFingerprint reads at a time: one buffer, reused for every file (a platform's output is hundreds of MB). */
const CHUNK = Buffer.allocUnsafe(1024 * 1024);

/**
 * {@link terraformFingerprint} of a file, read a chunk at a time into one
 * buffer: the bytes after the root `"//"` property stream into the hash, so
 * a large output is never held in memory (reading each file whole cost more
 * system time, allocating and faulting in the pages, than the hash itself:
 * `affected` on a 100-team platform, 2 x 248 MB, 1.8 s -> 0.6 s). A file
 * whose first chunk does not hold its whole leading `"//"` (and the space
 * after it) is read whole.
 */
function fileFingerprint(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    let length = fs.readSync(fd, CHUNK, 0, CHUNK.length, null);
    const first = leadingComment(CHUNK.subarray(0, length));
    // Ending where a full chunk ends, the space after "//" may go on in the next one.
    if (first === undefined || (first.end === length && length === CHUNK.length)) return terraformFingerprint(fs.readFileSync(file));
    const hash = createHash('sha256').update(CHUNK.subarray(0, first.start)).update(CHUNK.subarray(first.end, length));
    while ((length = fs.readSync(fd, CHUNK, 0, CHUNK.length, null)) > 0) hash.update(CHUNK.subarray(0, length));
    return hash.digest('hex');
  } finally {
    fs.closeSync(fd);
  }
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Where the root object's first property, when it is `"//"`, starts (its key)
 * and ends (after its value and the comma that follows it); undefined when the
 * first property is another, or the bytes end first.
 */
function leadingComment(bytes: Buffer): { start: number; end: number } | undefined {
  const skipSpace = (i: number) => {
    while (i < bytes.length && SPACE.has(bytes[i])) i++;
    return i;
  };
  let i = skipSpace(0);
  if (bytes[i] !== 0x7b /* { */) return undefined;
  const start = skipSpace(i + 1);
  if (bytes.toString('utf8', start, start + 4) !== '"//"') return undefined;
  i = skipSpace(start + 4);
  if (bytes[i] !== 0x3a /* : */) return undefined;
  i = skipSpace(i + 1);
  // The value: a string, an object or array (depth counted outside strings), or a literal up to the next , or }.
  let depth = 0;
  for (; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      for (i++; i < bytes.length && bytes[i] !== QUOTE; i++) if (bytes[i] === BACKSLASH) i++;
      if (depth === 0) {
        i++;
        break;
      }
    } else if (c === 0x7b || c === 0x5b /* { [ */) {
      depth++;
    } else if (c === 0x7d || c === 0x5d /* } ] */) {
      if (depth === 0) break;
      depth--;
      if (depth === 0) {
        i++;
        break;
      }
    } else if (depth === 0 && c === 0x2c /* , */) {
      break;
    }
  }
  if (i > bytes.length) return undefined;
  i = skipSpace(i);
  if (bytes[i] === 0x2c) return { start, end: skipSpace(i + 1) };
  if (bytes[i] === 0x7d) return { start, end: i };
  return undefined;
}
