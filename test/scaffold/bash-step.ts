import { spawnSync, type SpawnSyncReturns } from 'child_process';

/**
 * Runs a workflow step's `run:` script the way GitHub runs a `shell: bash`
 * step: `bash --noprofile --norc -eo pipefail` (workflow syntax,
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell),
 * in `cwd`, with exactly `env` (give PATH).
 */
export function runBashStep(script: string, cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, encoding: 'utf8', env });
}
