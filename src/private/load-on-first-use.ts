/**
 * A stand-in for a module that is costly to load and seldom used: the module
 * `load` returns is loaded on the stand-in's first call, construction or
 * property read, and everything goes to it from then on. No side effect on
 * import: the synth processes' preload (lazy-archiver.ts) and the test
 * harness's module map (test/setup/lazy-archiver.js) both use it.
 */
export function loadOnFirstUse(load: () => unknown): unknown {
  let loaded: any;
  const real = () => {
    loaded ??= load();
    return loaded;
  };
  return new Proxy(function archiverOnFirstUse() {}, {
    apply: (_target, self, args) => Reflect.apply(real(), self, args),
    construct: (_target, args) => Reflect.construct(real(), args),
    get: (_target, key) => real()[key],
    has: (_target, key) => key in real(),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
  });
}
