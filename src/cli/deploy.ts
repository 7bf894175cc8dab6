import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliError, ExitCode, type Io, paint, parseCommand, progress } from './cli';
import { onPath, run, which } from './process';
import { findRepository, type TeamRepository } from './team-repository';

const OPTIONS = {
  'env': { type: 'string' },
  'auto-approve': { type: 'boolean' },
} as const;

export const DIFF = {
  name: 'diff',
  usage: `Usage: golden-paths diff --env <env>

Runs cdktf diff for the team stack, then the environment's stack (<team>, <team>-<env>).
Needs Terraform 1.11 or newer on the PATH, Google credentials (gcloud auth application-default login, or
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
  if (!onPath('terraform', env)) missing.push('terraform is not on the PATH: install Terraform 1.11 or newer (https://developer.hashicorp.com/terraform/install)');
  const adc = path.join(env.CLOUDSDK_CONFIG ?? path.join(os.homedir(), '.config', 'gcloud'), 'application_default_credentials.json');
  if (!env.GOOGLE_APPLICATION_CREDENTIALS && !env.GOOGLE_CREDENTIALS && !env.GOOGLE_OAUTH_ACCESS_TOKEN && !fs.existsSync(adc)) {
    missing.push('no Google credentials: run gcloud auth application-default login, or set GOOGLE_APPLICATION_CREDENTIALS');
  }
  if (!env.GITHUB_TOKEN && !env.GITHUB_APP_ID) missing.push('no GitHub token for the GitHub provider: set GITHUB_TOKEN (e.g. GITHUB_TOKEN=$(gh auth token))');
  return missing;
}

/**
 * The oldest Terraform the synthesized stacks apply with: the providers' write-only attributes
 * (the Postgres grant admin's password, for one) need Terraform 1.11.
 */
export const MINIMUM_TERRAFORM = { major: 1, minor: 11 } as const;

/**
 * Why the terraform on the PATH (of `env`) cannot apply the stacks, or undefined when it can (or
 * when there is none: `missingPrerequisites` says so). Reads `terraform version -json`, whose
 * `terraform_version` is the bare version (`"1.11.4"`).
 */
export async function terraformVersionProblem(env: NodeJS.ProcessEnv = process.env): Promise<CliError | undefined> {
  const binary = which('terraform', env);
  if (binary === undefined) return undefined;
  const minimum = `${MINIMUM_TERRAFORM.major}.${MINIMUM_TERRAFORM.minor}`;
  const fix = `install Terraform ${minimum} or newer (https://developer.hashicorp.com/terraform/install) first on the PATH, then check it with terraform version`;
  const { code, stdout, stderr } = await run(binary, ['version', '-json'], { cwd: os.tmpdir(), env, capture: true });
  let version: unknown;
  try {
    version = code === 0 ? (JSON.parse(stdout) as { terraform_version?: unknown }).terraform_version : undefined;
  } catch {
    version = undefined;
  }
  const parts = typeof version === 'string' ? /^(\d+)\.(\d+)\.\d+/.exec(version) : null;
  if (parts === null) {
    const said = (code === 0 ? stdout : stderr).trim().split('\n')[0] ?? '';
    return CliError.invalid(binary, { prop: 'terraform_version', value: version, problem: `could not be read: terraform version -json exited ${code}${said ? ` (${said})` : ''}`, fix });
  }
  const [major, minor] = [Number(parts[1]), Number(parts[2])];
  if (major > MINIMUM_TERRAFORM.major || (major === MINIMUM_TERRAFORM.major && minor >= MINIMUM_TERRAFORM.minor)) return undefined;
  return CliError.invalid(binary, {
    prop: 'terraform_version',
    value: version,
    problem: `is older than ${minimum}, and the providers' write-only attributes (such as the Postgres grant admin's password) need Terraform ${minimum} or newer`,
    fix,
  });
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
  const outdated = await terraformVersionProblem();
  if (outdated) throw outdated;
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
