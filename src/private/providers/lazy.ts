/**
 * Defines each export of a provider seam module (`exports`, CommonJS, as jsii
 * and the tests compile it) as a getter that loads its resource module when it
 * is first read, then keeps the class as a plain value.
 *
 * A resource module is large (the kubernetes provider's deployment-v1 and
 * job-v1 are about 5 MB of JavaScript each): loaded eagerly, every program
 * that imports the library parses all of them, whether it makes a Job or not.
 * The modules that import a seam read its classes where they use them
 * (`providers.JobV1`, compiled from `new JobV1(...)`), so a class is loaded by
 * the first construct that needs it.
 */
export function lazyExports(target: object, loaders: Record<string, () => unknown>): void {
  for (const [name, load] of Object.entries(loaders)) {
    Object.defineProperty(target, name, {
      enumerable: true,
      configurable: true,
      get: () => {
        // test/imports.test.ts checks that each name reads its resource module's class.
        const value = load();
        Object.defineProperty(target, name, { enumerable: true, configurable: false, writable: false, value });
        return value;
      },
    });
  }
}
