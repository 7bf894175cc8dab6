import type { IConstruct } from 'constructs';

/**
 * The one place where the library's error texts are shaped.
 *
 * Every error a user can meet at synth time names the construct path, the prop,
 * the value received and how to fix it, in that order, so that a CI log line is
 * enough to find and mend the mistake.
 */

/** What is wrong with one prop value. */
export interface PropProblem {
  /** The prop as the user wrote it, dotted for nested values (`autoscaling.minReplicas`). */
  readonly prop: string;
  /** The value received. */
  readonly value: unknown;
  /** What is wrong with it, as a sentence fragment (`must be between 1 and 100`). */
  readonly problem: string;
  /** How to fix it (`set it to a whole number of percent, e.g. 70`). */
  readonly fix: string;
}

/** Formats a value for an error message: strings quoted, arrays and objects as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The text of a prop error, without the construct path. */
export function describeProblem(p: PropProblem): string {
  return `invalid ${p.prop} ${showValue(p.value)}: ${p.problem}. Fix: ${p.fix}.`;
}

/**
 * Where an error happened: a construct, or the class name of a generator used
 * outside the construct tree (`GoServiceScaffold`, `CiWorkflow`).
 */
export type ErrorScope = IConstruct | string;

/** The construct path as users see it (the id chain from the app down), or the generator's name. */
export function pathOf(scope: ErrorScope): string {
  return typeof scope === 'string' ? scope : scope.node.path || '<app>';
}

/** An error that names the construct, the prop, the value received and the fix. */
export function propError(scope: ErrorScope, p: PropProblem): Error {
  return new Error(`[${pathOf(scope)}] ${describeProblem(p)}`);
}

/** Throws for the first problem found, listing the others too so one run shows them all. */
export function throwIfProblems(scope: ErrorScope, problems: readonly PropProblem[]): void {
  if (problems.length === 0) return;
  if (problems.length === 1) throw propError(scope, problems[0]);
  const lines = problems.map((p) => `  - ${describeProblem(p)}`);
  throw new Error(`[${pathOf(scope)}] ${problems.length} invalid props:\n${lines.join('\n')}`);
}

/** An error for a construct placed where it cannot find what it needs. */
export function placementError(scope: ErrorScope, what: string, fix: string): Error {
  return new Error(`[${pathOf(scope)}] ${what}. Fix: ${fix}.`);
}

/** A stack id another owner already has: two owners cannot share a stack, nor its state. */
export function stackTakenError(owner: ErrorScope, id: string, taken: string): Error {
  return propError(owner, {
    prop: 'stack id',
    value: id,
    problem: `the stack "${id}" already belongs to ${taken}, and two owners cannot share a stack (nor its state)`,
    fix: 'give the team another name, or rename the environment',
  });
}
