import { compileForProcesses } from './compiled-js';
import { missingToolLines, toolsRequired } from './tools';

/**
 * Once per jest run, before the workers start: the tree transpiled for the
 * tests' child processes (test/setup/compiled-js.ts), and one line per tool
 * some suites need that is not installed here, saying what to install
 * (test/setup/tools.ts); those suites are skipped, except in CI, where a
 * missing tool fails the run.
 */
export default function globalSetup(): void {
  const missing = missingToolLines();
  if (missing.length > 0 && toolsRequired()) {
    throw new Error(`CI installs every tool the suites use (.ci/run), and ${missing.length} ${missing.length === 1 ? 'is' : 'are'} missing:\n${missing.join('\n')}`);
  }
  compileForProcesses();
  for (const line of missing) process.stderr.write(`${line}\n`);
}
