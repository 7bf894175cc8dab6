import { compileForProcesses } from './compiled-js';
import { missingToolLines } from './tools';

/**
 * Once per jest run, before the workers start: the tree transpiled for the
 * tests' child processes (test/setup/compiled-js.ts), and one line per tool
 * some suites need that is not installed here, saying what to install
 * (test/setup/tools.ts); those suites are skipped.
 */
export default function globalSetup(): void {
  compileForProcesses();
  for (const line of missingToolLines()) process.stderr.write(`${line}\n`);
}
