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

/**
 * cdktf's creation stacks, formatted when read.
 *
 * cdktf records one per token (`captureStackTrace` of
 * cdktf/lib/tokens/private/stack-trace.js, which every token class calls
 * through the module's exports) and reads one only to report a token that
 * fails to resolve. Formatting the frames to text was most of that capture's
 * cost, and some 8% of the CPU of the suites that synthesize on the normal
 * path. Here the capture keeps V8's frames, and the array it returns holds
 * the lines cdktf's own capture would return, made from those frames with
 * the formatting above the first time anything reads it. The module is the
 * test file's own (this file runs in the test file's module registry); a
 * registry made later (`jest.isolateModules`) keeps cdktf's capture.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTraceModule: { captureStackTrace: (below?: Function) => string[] } = require('cdktf/lib/tokens/private/stack-trace');

const framesOnly = (_error: unknown, frames: NodeJS.CallSite[]): NodeJS.CallSite[] => frames;

/** An array of the lines of `frames` as cdktf's capture makes them (its `.stack` split, the first line dropped, "at " taken off), made on first read. */
function linesWhenRead(frames: NodeJS.CallSite[]): string[] {
  const lines: string[] = [];
  let made = false;
  const read = (): string[] => {
    if (!made) {
      made = true;
      const stack = Error.prototype.toString.call({}) + frames.map((frame) => `\n    at ${frame}`).join('');
      lines.push(...stack.split('\n').slice(1).map((s) => s.replace(/^\s*at\s+/, '')));
    }
    return lines;
  };
  return new Proxy(lines, {
    get: (_, key) => Reflect.get(read(), key),
    has: (_, key) => Reflect.has(read(), key),
    ownKeys: () => Reflect.ownKeys(read()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(read(), key),
    set: (_, key, value) => Reflect.set(read(), key, value),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(read(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(read(), key),
  });
}

stackTraceModule.captureStackTrace = function captureStackTrace(below?: Function): string[] {
  const holder: { stack?: NodeJS.CallSite[] } = {};
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  try {
    Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
    Error.prepareStackTrace = framesOnly;
    Error.captureStackTrace(holder, below ?? captureStackTrace);
    // Read here, while the frames are what a stack is made of.
    const frames = holder.stack;
    return Array.isArray(frames) && frames.length > 0 ? linesWhenRead(frames) : [];
  } finally {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = prepare;
  }
};
