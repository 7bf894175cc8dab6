import type { IConstruct } from 'constructs';
import { GoldenPathsValidationError, type ValidationProblem } from '../errors/golden-paths-validation-error';

/**
 * The one place where the library's error texts are shaped.
 *
 * Every error a user can meet at synth time names the construct path, the prop,
 * the value received and how to fix it, in that order, so that a CI log line is
 * enough to find and mend the mistake. Every such error is a
 * GoldenPathsValidationError carrying its problems: an error of the input, which
 * tools and tests tell from a defect.
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

/**
 * The most characters of a value an error message shows: a CI log line must
 * stay readable whatever was sent (a 5 MB description, a generated list).
 */
export const MAX_SHOWN_LENGTH = 120;

/** How deep into nested lists and objects an error message shows a value (`[[[[...]]]]` beyond). */
export const MAX_SHOWN_DEPTH = 8;

/**
 * Formats a value for an error message: strings quoted, arrays and objects as
 * JSON. A value longer than {@link MAX_SHOWN_LENGTH} is cut, and says so with
 * its full length; nesting deeper than {@link MAX_SHOWN_DEPTH} shows as `"..."`
 * (a value nested thousands of levels deep never overflows the stack here);
 * a function shows as `[function]`, never its source.
 */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  return cut(render(value));
}

function render(value: unknown): string {
  if (typeof value === 'function') return '[function]';
  if (typeof value === 'string') return JSON.stringify(value);
  const depths = new WeakMap<object, number>();
  try {
    const json = JSON.stringify(value, function (this: unknown, _key: string, v: unknown) {
      if (typeof v === 'function') return '[function]';
      if (typeof v === 'bigint') return v.toString();
      if (v === null || typeof v !== 'object') return v;
      const depth = (this !== null && typeof this === 'object' ? depths.get(this) ?? 0 : 0) + 1;
      if (depth > MAX_SHOWN_DEPTH) return '...';
      depths.set(v, depth);
      return v;
    });
    if (json !== undefined) return json;
  } catch {
    // a cycle, or a toJSON that throws: fall through to String
  }
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function cut(shown: string): string {
  if (shown.length <= MAX_SHOWN_LENGTH) return shown;
  const quote = shown.startsWith('"') ? '"' : '';
  return `${shown.slice(0, MAX_SHOWN_LENGTH)}...${quote} (cut: ${shown.length} characters in all)`;
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

/**
 * An error of the input: `message` as the user reads it, and the problems it
 * lists. `cause`, when given, is the error that led to it (as an Error's `cause` option).
 */
export function validationError(message: string, problems: readonly ValidationProblem[], cause?: unknown): GoldenPathsValidationError {
  const error = new GoldenPathsValidationError(message, [...problems]);
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  return error;
}

/** `p`, found at `scope`, as the error carries it (the value as the message shows it). */
export function validationProblem(scope: ErrorScope, p: PropProblem): ValidationProblem {
  return { path: pathOf(scope), prop: p.prop, value: showValue(p.value), problem: p.problem, fix: p.fix };
}

/** An error that names the construct, the prop, the value received and the fix. */
export function propError(scope: ErrorScope, p: PropProblem): GoldenPathsValidationError {
  return validationError(`[${pathOf(scope)}] ${describeProblem(p)}`, [validationProblem(scope, p)]);
}

/**
 * An error for every problem of `problems` (one at least): the one problem as
 * {@link propError} shows it, or a list headed `<count> invalid <what>:`.
 */
export function problemsError(scope: ErrorScope, problems: readonly PropProblem[], what = 'props'): GoldenPathsValidationError {
  if (problems.length === 1) return propError(scope, problems[0]);
  const lines = problems.map((p) => `  - ${describeProblem(p)}`);
  return validationError(`[${pathOf(scope)}] ${problems.length} invalid ${what}:\n${lines.join('\n')}`, problems.map((p) => validationProblem(scope, p)));
}

/** Throws for the first problem found, listing the others too so one run shows them all. */
export function throwIfProblems(scope: ErrorScope, problems: readonly PropProblem[]): void {
  if (problems.length > 0) throw problemsError(scope, problems);
}

/**
 * An error of the input that is no one prop's: `[<where>] <what>. Fix: <fix>.`
 * (a file that cannot be read, a definition that threw).
 */
export function inputError(scope: ErrorScope, what: string, fix: string, cause?: unknown): GoldenPathsValidationError {
  return validationError(`[${pathOf(scope)}] ${what}. Fix: ${fix}.`, [{ path: pathOf(scope), problem: what, fix }], cause);
}

/** An error for a construct placed where it cannot find what it needs. */
export function placementError(scope: ErrorScope, what: string, fix: string): GoldenPathsValidationError {
  return inputError(scope, what, fix);
}

/**
 * One error for several errors of the input, each on its own lines under
 * `[<where>] <heading>:` (the declarations of a folder, every one read before
 * failing); its problems are theirs, in order.
 */
export function combinedError(scope: ErrorScope, heading: string, errors: readonly GoldenPathsValidationError[]): GoldenPathsValidationError {
  return validationError(`[${pathOf(scope)}] ${heading}:\n${errors.map((e) => e.message).join('\n')}`, errors.flatMap((e) => e.problems));
}

/** A stack id another owner already has: two owners cannot share a stack, nor its state. */
export function stackTakenError(owner: ErrorScope, id: string, taken: string): GoldenPathsValidationError {
  return propError(owner, {
    prop: 'stack id',
    value: id,
    problem: `the stack "${id}" already belongs to ${taken}, and two owners cannot share a stack (nor its state)`,
    fix: 'give the team another name, or rename the environment',
  });
}

/** A real-world name `holder` (a construct path) already has: `problem`, and who has it. */
export function nameTakenError(owner: ErrorScope, problem: PropProblem, holder: string): GoldenPathsValidationError {
  return propError(owner, { ...problem, problem: `${problem.problem} (it is already used by ${holder})` });
}

/**
 * Collects the errors of several steps so that one run reports every problem:
 * `attempt(make)` returns what `make` returns, or undefined after keeping what
 * it threw in `errors`.
 */
export function errorCollector(): { readonly errors: unknown[]; attempt<T>(make: () => T): T | undefined } {
  const errors: unknown[] = [];
  return {
    errors,
    attempt: <T>(make: () => T): T | undefined => {
      try {
        return make();
      } catch (e) {
        errors.push(e);
        return undefined;
      }
    },
  };
}
