import { compileForProcesses } from './compiled-js';
import { openRunTmpdir } from './run-tmpdir';
import { missingToolLines, toolsRequired } from './tools';

/**
 * The young generation `golden-paths synth` gives its processes (SYNTH_GC_FLAGS
 * in src/cli/synth.ts): the workers synthesize platforms in process, up to 401
 * stacks, and with V8's default semi-space a third of a synth's CPU went to
 * scavenges. Measured, CPU-s (user+sys): three 100-team synths in node 27.8 ->
 * 24.8; test/cli/affected.test.ts and test/private/fast-resolve.test.ts on two
 * workers 44.5 -> 40.1.
 */
export const WORKER_GC_FLAGS = '--max-semi-space-size=64';

/**
 * Once per jest run, before the workers start: the tree transpiled for the
 * tests' child processes (test/setup/compiled-js.ts), and one line per tool
 * some suites need that is not installed here, saying what to install
 * (test/setup/tools.ts); those suites are skipped, except in CI, where a
 * missing tool fails the run. The workers, forked after this with its
 * environment, and the processes they start get {@link WORKER_GC_FLAGS} in
 * NODE_OPTIONS (unless it sets a semi-space size already); a run in band (one
 * test file) keeps the flags it was started with. They, and the processes they
 * start, make their temp folders in the run's own, which the global teardown
 * removes (test/setup/run-tmpdir.ts).
 */
export default function globalSetup(): void {
  const nodeOptions = process.env.NODE_OPTIONS ?? '';
  if (!/--max-semi-space-size/.test(nodeOptions)) process.env.NODE_OPTIONS = `${nodeOptions} ${WORKER_GC_FLAGS}`.trim();
  const missing = missingToolLines();
  if (missing.length > 0 && toolsRequired()) {
    throw new Error(`CI installs every tool the suites use (.ci/run), and ${missing.length} ${missing.length === 1 ? 'is' : 'are'} missing:\n${missing.join('\n')}`);
  }
  compileForProcesses();
  openRunTmpdir();
  for (const line of missing) process.stderr.write(`${line}\n`);
}
