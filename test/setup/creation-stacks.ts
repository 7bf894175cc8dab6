import { types } from 'util';
import { runInThisContext } from 'vm';

/**
 * Creation stacks at the speed they have outside jest.
 *
 * cdktf and constructs record a creation stack for every token and for
 * construct metadata: `Error.captureStackTrace` on a plain object, with
 * `Error.stackTraceLimit` at its maximum, formatted to text. That is hundreds
 * of stacks per service on the normal synth path. A test file runs in a
 * context of its own that has no `Error.prepareStackTrace`, so node formats
 * its stacks with the worker's, which jest sets to its source-map formatter:
 * it maps every frame of every stack, and a creation stack costs four times
 * what it costs in a user's `cdktf synth` (a 50-service platform on the
 * normal path, built and synthesized in a worker: 10.4 s, and 5.5 s with this).
 *
 * Here a stack captured on a plain object is formatted as V8 formats it
 * outside jest, which is what cdktf records in a user's synth; an error's
 * stack still goes to jest's formatter, so a failing test points at its
 * TypeScript lines. Installed for every test file (jest.config.json's
 * setupFilesAfterEnv).
 */
const workerError: ErrorConstructor = runInThisContext('Error');

Error.prepareStackTrace = (error: unknown, frames: NodeJS.CallSite[]): string => {
  if (types.isNativeError(error) && workerError.prepareStackTrace) return workerError.prepareStackTrace(error, frames);
  return Error.prototype.toString.call(error) + frames.map((frame) => `\n    at ${frame}`).join('');
};
