'use strict';
/**
 * jest's runtime, with V8's code cache kept across the test files of a worker.
 *
 * jest runs every test file in a module registry of its own, so each file
 * loads cdktf, constructs, the providers and the library again, and V8
 * compiles each of those modules again: jest compiles a module with
 * `vm.compileFunction` and a dynamic-import callback of its own, which V8's
 * compilation cache never matches. A worker runs some seventy files, each
 * loading 500-900 modules.
 *
 * Here a module is compiled as a `vm.Script` (the function jest would compile,
 * written out, its first line where the wrapper puts it so that lines and
 * columns are the file's); the second time a worker loads the same file with
 * the same code, the script of the first time gives its code cache, which then
 * holds every function the first file ran, and each later load deserializes
 * it instead of compiling. V8 checks the cache against the code and flags, and
 * a cache it rejects is dropped. The cache is keyed on the exact transformed
 * code, so a changed file (`jest --watch`) is compiled again.
 *
 * jest.config.json's `runtime` (https://jestjs.io/docs/configuration#runtime-string).
 * With coverage, or if jest's internals change shape, jest's own compile runs.
 */
const vm = require('vm');
const JestRuntime = require('jest-runtime').default;

/** Per worker: filename -> { code, script (until its cache is made), data }. */
const scripts = new Map();

function cachingCompile(executor, jestCompile) {
  return function compile(code, filename) {
    const context = executor.environment.getVmContext();
    if (context == null || executor.resolution.isCoreModule(filename)) return jestCompile(code, filename);
    let entry = scripts.get(filename);
    if (entry !== undefined && entry.code !== code) {
      scripts.delete(filename);
      entry = undefined;
    }
    if (entry !== undefined && entry.data === undefined) {
      entry.data = entry.script.createCachedData();
      entry.script = undefined;
    }
    let script;
    try {
      script = new vm.Script(`(function (${executor.injectedModuleParameters.join(', ')}) {\n${code}\n})`, {
        filename,
        lineOffset: -1,
        cachedData: entry?.data,
        importModuleDynamically: (specifier, _script, attributes, ...rest) => executor.dynamicImport(specifier, filename, context, attributes, rest[0]),
      });
    } catch {
      // A syntax error: jest's compile reports it as jest does.
      return jestCompile(code, filename);
    }
    if (entry === undefined) scripts.set(filename, { code, script, data: undefined });
    else if (script.cachedDataRejected) scripts.delete(filename);
    return script.runInContext(context);
  };
}

class CodeCacheRuntime extends JestRuntime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    const jestShape = executor && typeof executor.compile === 'function' && executor.environment && executor.resolution
      && Array.isArray(executor.injectedModuleParameters) && typeof executor.dynamicImport === 'function';
    if (jestShape && !this._coverageOptions?.collectCoverage) {
      executor.compile = cachingCompile(executor, executor.compile.bind(executor));
    }
  }
}

module.exports = CodeCacheRuntime;
