import { compileForProcesses } from './compiled-js';

/** Once per jest run, before the workers start, so that they find the tree transpiled (test/setup/compiled-js.ts). */
export default function globalSetup(): void {
  compileForProcesses();
}
