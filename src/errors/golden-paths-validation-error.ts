/**
 * The one error type of bad input: the library throws it for every prop,
 * setting, declaration or placement a user can correct, and for nothing else,
 * so that tools and tests can tell an input error from a defect.
 */

/** Marks the errors of this type; `Symbol.for` so that two copies of the library know each other's. */
const BRAND = Symbol.for('cdktf-golden-paths.GoldenPathsValidationError');

/** One problem of the input, as the error's message shows it. */
export interface ValidationProblem {
  /**
   * Where the problem is: the construct path (the ids from the app down, `acme/payments/payment-service`),
   * the settings or declaration file, or the class that judged a value outside the construct tree
   * (`GoServiceScaffold`).
   */
  readonly path: string;
  /**
   * The prop as the user wrote it, dotted for nested values (`autoscaling.minReplicas`), or the JSON
   * pointer of a setting in a file (`/environments/0/name`).
   *
   * @default - the problem is not one prop's (a construct placed where it cannot find what it needs)
   */
  readonly prop?: string;
  /**
   * The value received, as the message shows it: strings quoted, lists and objects as JSON, cut to a
   * readable length.
   *
   * @default - the problem is not one prop's
   */
  readonly value?: string;
  /** What is wrong, as a sentence fragment (`must be between 1 and 100`). */
  readonly problem: string;
  /** How to fix it (`set it to a whole number of percent, e.g. 70`). */
  readonly fix: string;
}

/**
 * An error of the input: a prop, setting, declaration or placement that the library refuses, with
 * every problem it found, each naming where it is, the prop, the value received and how to fix it.
 *
 * Everything else the library throws is a defect to report. Tell them apart with
 * `GoldenPathsValidationError.isGoldenPathsValidationError(e)`, which also knows the errors of
 * another copy of the library (a tool's own), where `instanceof` does not.
 *
 * At run time the error is a JavaScript `Error` (`instanceof Error`, with a stack trace and the
 * `name` `GoldenPathsValidationError`); the class declares no base class because jsii carries none
 * that extends `Error` into the other languages.
 *
 * @example
 * // `thrown` is what building an app threw, as a tool or a test caught it.
 * const lines: string[] = [];
 * if (GoldenPathsValidationError.isGoldenPathsValidationError(thrown)) {
 *   // An error of the input: each problem names its path, the prop, the value received, what is wrong and the fix.
 *   for (const p of thrown.problems) {
 *     lines.push(`${p.path}: ${p.problem}. Fix: ${p.fix}`);
 *   }
 * }
 * // Anything else is a defect: report it to the library's maintainers.
 */
export class GoldenPathsValidationError {
  /**
   * Whether `x` is a GoldenPathsValidationError: an error of the input, not a defect.
   *
   * @param x what was thrown
   */
  public static isGoldenPathsValidationError(x: any): x is GoldenPathsValidationError {
    return x !== null && typeof x === 'object' && (x as Record<symbol, unknown>)[BRAND] === true;
  }

  /**
   * The message as the user reads it: the path in brackets, then the problem (the prop, the value
   * received, what is wrong) and its fix, or a list of them.
   */
  declare public readonly message: string;

  /** Every problem the message lists, in its order. */
  declare public readonly problems: ValidationProblem[];

  /**
   * Makes an error of the input: a construct or tool of your own may throw one for its own props,
   * as the library's constructs do.
   *
   * @param message the message, which names every problem
   * @param problems the problems, one at least
   */
  public constructor(message: string, problems: ValidationProblem[]) {
    // What `super(message)` does in a class that extends Error: a native Error whose prototype is this class's.
    const error = Reflect.construct(Error, [message], new.target) as unknown as GoldenPathsValidationError;
    Object.defineProperty(error, BRAND, { value: true });
    // Not enumerable: Node prints an uncaught error's enumerable fields after its stack, and the message already lists the problems.
    Object.defineProperty(error, 'problems', { value: Object.freeze(problems.map((p) => Object.freeze({ ...p }))), enumerable: false });
    return error;
  }
}

// An Error at run time, named after its class in its stack trace and in Node's report of an uncaught error.
Object.setPrototypeOf(GoldenPathsValidationError.prototype, Error.prototype);
Object.defineProperty(GoldenPathsValidationError.prototype, 'name', { value: 'GoldenPathsValidationError', writable: true, configurable: true, enumerable: false });
