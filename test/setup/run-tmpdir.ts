import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * One temporary folder per jest run, removed when the run ends.
 *
 * The suites and the processes they start make their scratch folders in the
 * system's temp folder: cdktf's `Testing.app()` a `cdktf.outdir.*` per app,
 * the suites' `mkdtemp`s, the servers' data folders, Go's work folders. None
 * removed them, and every run left thousands behind. The global setup makes
 * `<tmp>/cdktf-golden-paths-run-*` and points TMPDIR (TMP and TEMP on Windows)
 * at it; the workers, forked after that, and every process they start make
 * their temp folders there, and the global teardown removes it. What is kept
 * across runs lives elsewhere: jest's cache and the transpiled tree in
 * `node_modules/.cache`, Go's build cache in `~/.cache/cdktf-golden-paths`.
 */

/** The temp folder the run was started with, while the run's own folder is TMPDIR. */
export const OUTER_TMPDIR = 'CDKTF_GOLDEN_PATHS_OUTER_TMPDIR';

const PREFIX = 'cdktf-golden-paths-run-';
const VARIABLES = ['TMPDIR', 'TMP', 'TEMP'] as const;
/** The variables' values before the run, restored at its end (JSON, in the environment). */
const SAVED = 'CDKTF_GOLDEN_PATHS_SAVED_TMP_VARIABLES';

/**
 * Makes the run's temp folder and points the environment at it. A second
 * call before {@link closeRunTmpdir} (a `jest --watch` run after the first)
 * makes a new folder beside the first, never inside it.
 */
export function openRunTmpdir(env: NodeJS.ProcessEnv = process.env): string {
  const outer = env[OUTER_TMPDIR] ?? os.tmpdir();
  pruneAbandoned(outer);
  const dir = fs.mkdtempSync(path.join(outer, PREFIX));
  // The outer folder's mode (/tmp's is 1777): the database servers run as their own users (runuser) in folders made here.
  fs.chmodSync(dir, fs.statSync(outer).mode % 0o10000);
  if (env[OUTER_TMPDIR] === undefined) {
    env[SAVED] = JSON.stringify(Object.fromEntries(VARIABLES.map((v) => [v, env[v] ?? null])));
    env[OUTER_TMPDIR] = outer;
  }
  for (const v of VARIABLES) env[v] = dir;
  return dir;
}

/** Removes the run's temp folder and gives the environment its temp folder back. */
export function closeRunTmpdir(env: NodeJS.ProcessEnv = process.env): void {
  const outer = env[OUTER_TMPDIR];
  const dir = env.TMPDIR;
  if (outer === undefined || dir === undefined) return;
  if (path.dirname(dir) === outer && path.basename(dir).startsWith(PREFIX)) fs.rmSync(dir, { recursive: true, force: true });
  const saved: Record<string, string | null> = JSON.parse(env[SAVED] ?? '{}');
  for (const v of VARIABLES) {
    const value = saved[v];
    if (typeof value === 'string') env[v] = value;
    else delete env[v];
  }
  delete env[SAVED];
  delete env[OUTER_TMPDIR];
}

/** The folders of runs that ended without their teardown (interrupted) a day ago or more. */
function pruneAbandoned(outer: string): void {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  let names: string[];
  try {
    names = fs.readdirSync(outer).filter((n) => n.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = path.join(outer, name);
    try {
      if (fs.statSync(dir).mtimeMs < dayAgo) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Removed by another run meanwhile.
    }
  }
}
