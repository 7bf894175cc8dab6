import { COMPILED_JS_ENV, compileForProcesses } from './compiled-js';

/** Once per jest run, before the workers start: they inherit the environment. */
export default function globalSetup(): void {
  process.env[COMPILED_JS_ENV] = compileForProcesses();
}
