import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliError, ExitCode, type Io, paint, parseCommand, progress } from './cli';
import { onPath, run } from './process';
import { findRepository, type TeamRepository } from './team-repository';

const OPTIONS = {
  'env': { type: 'string' },
  'auto-approve': { type: 'boolean' },
} as const;

export const DIFF = {
  name: 'diff',
  usage: `Usage: golden-paths diff --env <env>

Runs cdktf diff for the team stack, then the environment's stack (<team>, <team>-<env>).
Needs terraform on the PATH, Google credentials (gcloud auth application-default login, or
GOOGLE_APPLICATION_CREDENTIALS) and a GitHub token (GITHUB_TOKEN). CI does this on every pull
request.

Options:
  --env <env>  the environment, such as dev
  -h, --help   show this help

Exit status: 0 when every plan succeeds, 1 when one fails, 2 on a usage error or missing tools.`,
  options: { env: OPTIONS.env },
  positionals: [0, 0],
} as const;

export const DEPLOY = {
  name: 'deploy',
  usage: `Usage: golden-paths deploy --env <env> [--auto-approve]

Runs cdktf deploy for the team stack, then the environment's stack (<team>, <team>-<env>), in
promotion order. Needs what diff needs. CI deploys every environment in order when a pull
request is merged; use this for a first deploy or a repair.

Options:
  --env <env>      the environment, such as dev
  --auto-approve   apply without asking for each stack
  -h, --help       show this help

Exit status: 0 when every stack is deployed, 1 when one fails, 2 on a usage error or missing tools.`,
  options: OPTIONS,
  positionals: [0, 0],
} as const;

/** What is missing to run Terraform against Google Cloud and GitHub. */
export function missingPrerequisites(env: NodeJS.ProcessEnv = process.env): string[] {
  const missing: string[] = [];
  if (!onPath('terraform', env)) missing.push('terraform is not on the PATH: install Terraform 1.11 (https://developer.hashicorp.com/terraform/install)');
  const adc = path.join(env.CLOUDSDK_CONFIG ?? path.join(os.homedir(), '.config', 'gcloud'), 'application_default_credentials.json');
  if (!env.GOOGLE_APPLICATION_CREDENTIALS && !env.GOOGLE_CREDENTIALS && !env.GOOGLE_OAUTH_ACCESS_TOKEN && !fs.existsSync(adc)) {
    missing.push('no Google credentials: run gcloud auth application-default login, or set GOOGLE_APPLICATION_CREDENTIALS');
  }
  if (!env.GITHUB_TOKEN && !env.GITHUB_APP_ID) missing.push('no GitHub token for the GitHub provider: set GITHUB_TOKEN (e.g. GITHUB_TOKEN=$(gh auth token))');
  return missing;
}

function stacksFor(repo: TeamRepository, env: unknown): string[] {
  if (!repo.environments.some((e) => e.name === env)) {
    throw CliError.invalid('golden-paths', { prop: '--env', value: env, problem: env === undefined ? 'is missing' : 'is not an environment of the platform', fix: `pass one of ${repo.environments.map((e) => `--env ${e.name}`).join(', ')}` });
  }
  return [repo.team, `${repo.team}-${env}`];
}

/** `golden-paths diff` and `golden-paths deploy`: cdktf for the team stack, then the environment's. */
export async function terraform(command: 'diff' | 'deploy', argv: readonly string[], io: Io): Promise<number> {
  const spec = command === 'diff' ? DIFF : DEPLOY;
  const { values } = parseCommand(spec, argv);
  const repo = findRepository(io.cwd);
  const stacks = stacksFor(repo, values.env);
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    throw new CliError(`cannot ${command} ${stacks.join(', ')}:\n${missing.map((m) => `  - ${m}`).join('\n')}`, ExitCode.USAGE);
  }
  for (const stack of stacks) {
    progress(io, `cdktf ${command} ${stack}`);
    const args = [command, stack, '--ignore-missing-stack-dependencies', ...(command === 'deploy' && values['auto-approve'] ? ['--auto-approve'] : [])];
    const { code } = await run('npx', ['cdktf', ...args], { cwd: repo.root, inherit: true });
    if (code !== 0) {
      io.err(paint(io, 'red', `cdktf ${command} ${stack} failed (exit ${code})${stacks.indexOf(stack) < stacks.length - 1 ? `: ${stacks.slice(stacks.indexOf(stack) + 1).join(', ')} not run` : ''}.`));
      return ExitCode.FINDINGS;
    }
  }
  io.out(paint(io, 'green', `cdktf ${command}: ${stacks.join(', ')} done.`));
  return ExitCode.OK;
}
