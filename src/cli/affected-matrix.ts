import { CliError, ExitCode } from './cli';
import { GITHUB_MATRIX_LIMIT, MIN_MATRIX_ENTRIES } from '../private/matrix-limits';

export { GITHUB_MATRIX_LIMIT, MIN_MATRIX_ENTRIES };

/**
 * `golden-paths affected --matrix`: the stacks a change touches, packed into
 * GitHub Actions matrices. A matrix job runs at most 256 entries
 * (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow),
 * so one entry may hold several stacks, applied one after the other; the
 * platform workflow (`PlatformWorkflow`) renders one matrix job for the plans
 * and a fixed number of wave jobs for the applies.
 */


/**
 * Whose stack it is, as the suffix of the Actions variables that name its
 * identities (`GCP_PLAN_SERVICE_ACCOUNT_<owner>`): one entry holds one owner's
 * stacks, so it runs as one identity.
 */
export enum StackOwner {
  /** The `PlatformFoundation`'s stack. */
  FOUNDATION = 'FOUNDATION',
  /** `onboarding-<team>` and `onboarding-<team>-<env>` (`TeamOnboarding`). */
  ONBOARDING = 'ONBOARDING',
  /** Every other stack: `<team>` and `<team>-<env>` of the teams the repository declares. */
  TEAMS = 'TEAMS',
}

/** One matrix entry: stacks of one owner and one wave, run one after the other. */
export interface MatrixEntry {
  /** Unique within its matrix, e.g. `ONBOARDING-3`: names the job and its artifacts. */
  readonly id: string;
  readonly owner: StackOwner;
  /** Whether its stacks are production stacks (only ever all or none of them). */
  readonly production: boolean;
  /** The stacks, space-separated (a shell word list). */
  readonly stacks: string;
}

/** One matrix job's entries. */
export interface MatrixJob {
  /** How many entries: 0 when the job has nothing to do (the workflow skips it). */
  readonly count: number;
  readonly production: boolean;
  readonly include: MatrixEntry[];
}

/** What `--matrix` prints. */
export interface AffectedMatrix {
  /** How many stacks the head output has. */
  readonly total: number;
  /** How many stacks the change touches. */
  readonly affected: number;
  /** The foundation's stack ('' when the output has none): every other stack waits for it. */
  readonly foundation: string;
  /** Every touched stack, for the pull request's plan job (plans need no order). */
  readonly plan: MatrixJob;
  /** Exactly `maxWaves` apply jobs, in order; the unused ones have no entries. */
  readonly waves: MatrixJob[];
  readonly removed: string[];
}

/** What `affected` found, as far as packing needs it (`Affected` of affected.ts). */
export interface AffectedWaves {
  readonly total: number;
  /** The touched stacks' names, wave by wave. */
  readonly waves: readonly string[][];
  readonly stacks: ReadonlyArray<{ readonly name: string }>;
  readonly removed: string[];
}

/** How to pack. */
export interface MatrixOptions {
  /** At most this many entries per matrix job (at most 256). */
  readonly maxEntries: number;
  /** The number of wave jobs the workflow renders. */
  readonly maxWaves: number;
  /** The names of the production environments: a stack named `<...>-<name>` is a production stack. */
  readonly production: readonly string[];
  readonly foundation?: string;
}

/** The owner of `stack`, by its name. */
export function ownerOf(stack: string, foundation: string | undefined): StackOwner {
  if (stack === foundation) return StackOwner.FOUNDATION;
  if (stack.startsWith('onboarding-')) return StackOwner.ONBOARDING;
  return StackOwner.TEAMS;
}

/**
 * `stacks` as at most `maxEntries` entries, each of one owner: the smallest
 * entry size that fits, so entries are as small (and as parallel) as the limit allows.
 */
export function pack(stacks: readonly string[], production: boolean, maxEntries: number, foundation?: string): MatrixJob {
  const byOwner = new Map<StackOwner, string[]>();
  for (const stack of stacks) {
    const owner = ownerOf(stack, foundation);
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), stack]);
  }
  const entriesFor = (size: number) => [...byOwner.values()].reduce((sum, s) => sum + Math.ceil(s.length / size), 0);
  if (byOwner.size > maxEntries) throw new Error(`[affected] cannot pack ${byOwner.size} owners' stacks into ${maxEntries} entries. Fix: allow at least ${MIN_MATRIX_ENTRIES}.`);
  let size = Math.max(1, Math.ceil(stacks.length / maxEntries));
  while (entriesFor(size) > maxEntries) size++;
  const include: MatrixEntry[] = [];
  for (const [owner, owned] of byOwner) {
    for (let i = 0; i < owned.length; i += size) {
      include.push({ id: `${owner}-${i / size + 1}`, owner, production, stacks: owned.slice(i, i + size).join(' ') });
    }
  }
  return { count: include.length, production, include };
}

/** Whether `stack` belongs to one of the `production` environments. */
export function isProductionStack(stack: string, production: readonly string[]): boolean {
  return production.some((env) => stack.endsWith(`-${env}`));
}

/**
 * The affected stacks as matrices: all of them for the plans, and the waves
 * for the applies, each wave split in two when it mixes production and other
 * stacks (the others first), so a production wave runs in the production
 * GitHub environment alone. Stacks of one wave never depend on each other, so
 * the split keeps every dependency in an earlier wave.
 */
export function affectedMatrix(result: AffectedWaves, options: MatrixOptions): AffectedMatrix {
  const waves: string[][] = [];
  const kinds: boolean[] = [];
  for (const wave of result.waves) {
    const production = wave.filter((s) => isProductionStack(s, options.production));
    const others = wave.filter((s) => !isProductionStack(s, options.production));
    if (others.length > 0) { waves.push(others); kinds.push(false); }
    if (production.length > 0) { waves.push(production); kinds.push(true); }
  }
  if (waves.length > options.maxWaves) {
    throw new CliError(
      `[affected] the change needs ${waves.length} waves (production stacks in waves of their own), more than the ${options.maxWaves} wave jobs of --max-waves ${options.maxWaves}. `
      + `Fix: render the platform workflow with maxWaves: ${waves.length} or more (new PlatformWorkflow({ maxWaves: ${waves.length}, ... })) and pass --max-waves ${waves.length}.`,
      ExitCode.FINDINGS,
    );
  }
  const empty: MatrixJob = { count: 0, production: false, include: [] };
  return {
    total: result.total,
    affected: result.stacks.length,
    foundation: options.foundation ?? '',
    plan: pack(result.stacks.map((s) => s.name), false, options.maxEntries, options.foundation),
    waves: Array.from({ length: options.maxWaves }, (_, i) => (
      i < waves.length ? pack(waves[i], kinds[i], options.maxEntries, options.foundation) : empty)),
    removed: result.removed,
  };
}
