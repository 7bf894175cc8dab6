import * as fs from 'fs';
import * as path from 'path';
import { CliError, type Io, paint, parseCommand } from './cli';
import { initPlatformRepository } from './platform-init';
import { libraryDependency, ownPackage, renderRepositoryTemplate, toolVersions, tsString, vendorLibrary } from './repository-files';
import { platformEnvironments, readJson, resolvePlatform } from './team-repository';
import { GoldenPathsValidationError } from '../errors/golden-paths-validation-error';
import type { OnboardedTeam } from '../platform/onboarded-team';
import { isObject, readPlatformSettings } from '../platform/platform-settings';
import type { PropProblem } from '../private/errors';
import { dnsLabelProblem } from '../private/validation';
import type { DeployEnvironment } from '../scaffold/deploy-environment';
import { deployGateOf, INFRASTRUCTURE_VARIABLES } from '../scaffold/infrastructure-variables';
import { InfrastructureWorkflow } from '../scaffold/infrastructure-workflow';
import { listFiles } from '../scaffold/service-template';

const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

export const INIT = {
  name: 'init',
  usage: `Usage: golden-paths init <dir> --team <name> --platform <platform.json | package> --maintainers <logins>
       golden-paths init <dir> --platform-repository --settings <platform-settings.json>

Writes a team infrastructure repository into <dir> (new or empty): package.json (this library,
cdktf, constructs, the providers, cdktf-cli, TypeScript, ts-node with swc, jest), cdktf.json,
tsconfig.json, team.ts and main.ts (the platform settings, the team, every file under services/),
services/, a jest test that synthesizes the team, .gitignore, README.md and the CI workflow
.github/workflows/infrastructure.yml. Then: cd <dir> && npm install && npx cdktf synth.

The team must be onboarded first: platform.json lists it under "teams" (the platform repository's
TeamOnboarding made its environments, identities, variables and secrets) and has "stateBucket",
"terraformGithubAppId" and "terraformGithubReaderAppId".

With --platform-repository, writes the platform repository instead: the same tools,
platform-settings.json (a copy of --settings), platform.ts and main.ts (the Platform from the
settings, the PlatformFoundation, every team of teams/, which golden-paths add team writes), a jest
test, .gitignore, README.md and the CI workflow .github/workflows/platform.yml (PlatformWorkflow).

Options:
  --team <name>           the team: a DNS label, such as payments (its stacks: <team>, <team>-<env>)
  --platform <source>     the platform.json the platform team publishes (copied into <dir>), or
                          the npm package that ships it (added as a dependency)
  --maintainers <logins>  GitHub logins of the team's maintainers, comma-separated
  --platform-repository   write the platform repository (with --settings, without the three above)
  --settings <file>       the platform settings (PlatformProps as JSON: githubOrganization,
                          gcpProject, region, ...), copied into <dir> as platform-settings.json
  --library <version>     the cdktf-golden-paths version range to depend on (default: this one), a
                          packed tarball (.tgz: copied to vendor/ and depended on as file:vendor/<name>),
                          or a checkout of the library (file:<folder>, depended on by its absolute path)
  -h, --help              show this help`,
  options: {
    'team': { type: 'string' },
    'platform': { type: 'string' },
    'maintainers': { type: 'string' },
    'library': { type: 'string' },
    'platform-repository': { type: 'boolean' },
    'settings': { type: 'string' },
  },
  positionals: [1, 1],
} as const;

/** `golden-paths init`: writes a ready team repository. */
export function init(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseCommand(INIT, argv);
  if (values['platform-repository'] === true) return initPlatformRepository(values, positionals[0], io);
  if (values.settings !== undefined) {
    throw CliError.invalid('init', { prop: '--settings', value: values.settings, problem: 'names platform settings, which only a platform repository takes', fix: 'add --platform-repository to write the platform repository, or pass the published platform.json with --platform for a team repository' });
  }
  const dir = path.resolve(io.cwd, positionals[0]);
  const team = required(values.team, 'team', 'payments');
  // The team names its stacks, namespaces (<team>-<env>) and GitHub team.
  const teamProblem = dnsLabelProblem('--team', team, 40);
  if (teamProblem) throw CliError.invalid('init', teamProblem);
  const maintainers = required(values.maintainers, 'maintainers', 'alice,bob').split(',').map((m) => m.trim()).filter(Boolean);
  const badLogin = maintainers.find((m) => !GITHUB_LOGIN.test(m));
  if (maintainers.length === 0 || badLogin !== undefined) {
    throw CliError.invalid('init', { prop: '--maintainers', value: values.maintainers, problem: 'is not a comma-separated list of GitHub logins', fix: 'pass logins such as --maintainers alice,bob' });
  }
  const library = libraryDependency(io.cwd, values.library);
  const kept = platformOwnedFiles(dir);
  if (kept === undefined) {
    throw CliError.invalid('init', {
      prop: '<dir>',
      value: positionals[0],
      problem: 'exists and is not empty',
      fix: 'give a new or empty directory, or a fresh clone of the team\'s infrastructure repository (it holds only README.md and the files the platform keeps there)',
    });
  }

  const source = required(values.platform, 'platform', 'platform.json');
  const platformFile = resolvePlatform(io.cwd, source);
  const isFile = path.resolve(io.cwd, source) === platformFile;
  const ownPlatformFile = path.join(dir, 'platform.json');
  if (kept.includes('platform.json') && platformFile !== ownPlatformFile && fs.readFileSync(platformFile, 'utf8') !== fs.readFileSync(ownPlatformFile, 'utf8')) {
    throw CliError.invalid('init', {
      prop: '--platform',
      value: source,
      problem: `differs from the platform.json the platform keeps in ${positionals[0]} (its onboarding commits it, and the repository refuses any other change to it)`,
      fix: `pass --platform ${path.join(positionals[0], 'platform.json')}`,
    });
  }
  let settings: Record<string, unknown>;
  let teams: ReadonlyMap<string, OnboardedTeam>;
  try {
    ({ settings, teams } = readPlatformSettings(platformFile));
  } catch (e) {
    if (GoldenPathsValidationError.isGoldenPathsValidationError(e)) throw new CliError(e.message);
    throw e;
  }
  const platformJson = readJson(platformFile);
  const foundation = isObject(platformJson.foundation) ? platformJson.foundation : {};
  if (typeof foundation.workloadIdentityProvider !== 'string') {
    throw CliError.invalid(platformFile, { prop: '/foundation/workloadIdentityProvider', value: undefined, problem: 'is missing, so this is not the platform.json a platform repository publishes', fix: 'use the platform.json the platform repository\'s synth writes next to its stacks (PlatformFoundation)' });
  }
  const notOnboarded = onboardingProblem(settings, teams, team);
  if (notOnboarded) throw CliError.invalid(platformFile, notOnboarded);
  const onboarded = teams.get(team)!;
  const organization = String(settings.githubOrganization);
  const environments = platformEnvironments(settings);
  const stacks = [team, ...environments.map((e) => `${team}-${e.name}`)];
  const own = ownPackage();
  const platformPackage = isFile ? undefined : source;
  const placeholders: Record<string, string> = {
    team,
    platformId: organization,
    platform: isFile ? 'platform.json' : source,
    platformFile: isFile ? 'path.join(__dirname, \'platform.json\')' : `require.resolve(${tsString(`${source}/platform.json`)})`,
    platformSource: isFile ? '`platform.json`, a copy of the file the platform repository publishes' : `the \`platform.json\` of the package \`${source}\``,
    maintainers: `[${maintainers.map(tsString).join(', ')}]`,
    libraryVersion: library?.dependency ?? `^${own.version}`,
    ...toolVersions(own),
    stackOrder: stacks.map((s) => `\`${s}\``).join(', '),
    ...identityPlaceholders(team, environments, onboarded),
  };

  const written: string[] = [];
  const write = (relative: string, content: string) => {
    // The platform's own copy stays as it is: the repository refuses pushes that change it.
    if (kept.includes(relative)) return;
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), content);
    written.push(relative);
  };
  renderRepositoryTemplate('team-repository', placeholders, CODE_PLACEHOLDERS, write);
  const vendored = vendorLibrary(dir, library);
  if (vendored !== undefined) written.push(vendored);
  if (platformPackage !== undefined) {
    const pkg = readJson(path.join(dir, 'package.json'));
    const installed = readJson(require.resolve(`${platformPackage}/package.json`, { paths: [io.cwd] }));
    pkg.dependencies = { ...pkg.dependencies, [platformPackage]: `^${installed.version}` };
    write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    written.pop();
  } else {
    write('platform.json', fs.readFileSync(platformFile, 'utf8'));
  }
  const workflow = new InfrastructureWorkflow({ teamName: team, githubOrganization: organization, environments });
  write(InfrastructureWorkflow.PATH, workflow.render());

  io.out(`${paint(io, 'green', 'Created')} the ${team} team repository in ${path.relative(io.cwd, dir) || '.'} (${written.length} files; stacks ${stacks.join(', ')}).`);
  io.out('Next:');
  io.out(`  cd ${path.relative(io.cwd, dir) || '.'} && npm install`);
  io.out('  npx golden-paths add service <name> --description "..."');
  io.out('  npx golden-paths check');
  return 0;
}

/**
 * Why `platform.json` cannot give `team` a repository whose first push
 * deploys, or `undefined`: the state must persist between runs, both GitHub
 * Apps must exist, and the platform repository must have onboarded the team
 * (its environments, identities, variables and secrets).
 */
function onboardingProblem(settings: Record<string, unknown>, teams: ReadonlyMap<string, OnboardedTeam>, team: string): PropProblem | undefined {
  const publish = (key: string, what: string) => `ask the platform team to set "${key}" (${what}) in the platform repository's settings and publish platform.json again`;
  if (settings.stateBucket === undefined) {
    return {
      prop: '/stateBucket',
      value: undefined,
      problem: 'is missing, so CI would start each run from empty state (every deploy after the first fails with "already exists")',
      fix: publish('stateBucket', 'the Cloud Storage bucket that keeps Terraform state between runs'),
    };
  }
  if (settings.terraformGithubAppId === undefined) {
    return { prop: '/terraformGithubAppId', value: undefined, problem: 'is missing, so the deploy jobs have no GitHub App to apply with', fix: publish('terraformGithubAppId', 'the GitHub App Terraform writes with') };
  }
  if (settings.terraformGithubReaderAppId === undefined) {
    return { prop: '/terraformGithubReaderAppId', value: undefined, problem: 'is missing, so pull requests have no read-only GitHub App to plan with', fix: publish('terraformGithubReaderAppId', 'the read-only GitHub App pull requests plan with') };
  }
  if (!teams.has(team)) {
    return {
      prop: '/teams',
      value: [...teams.keys()],
      problem: `does not list ${team}, so its repository would have no environments, identities, variables or secrets to deploy with`,
      fix: `ask the platform team to onboard ${team}: new TeamOnboarding(platform, '${team}', { name: '${team}', maintainers: [...] }) in the platform repository`,
    };
  }
  return undefined;
}

/** The files the platform's onboarding keeps in a team's infrastructure repository. */
const PLATFORM_OWNED = ['platform.json', InfrastructureWorkflow.PATH];

/**
 * The platform-owned files already in `dir` (none for a new or empty
 * directory), or `undefined` when `dir` holds anything else than a fresh
 * clone of the infrastructure repository would: `.git`, the README GitHub
 * made and the files the platform keeps there.
 */
function platformOwnedFiles(dir: string): string[] | undefined {
  if (!fs.existsSync(dir)) return [];
  const files = fs.readdirSync(dir).filter((entry) => entry !== '.git')
    .flatMap((entry) => (fs.statSync(path.join(dir, entry)).isDirectory() ? listFiles(dir, entry) : [entry]));
  const other = files.filter((f) => f !== 'README.md' && !PLATFORM_OWNED.includes(f));
  return other.length === 0 ? files.filter((f) => PLATFORM_OWNED.includes(f)) : undefined;
}

/** The placeholders whose values init builds as TypeScript code (string literals made with tsString). */
const CODE_PLACEHOLDERS = new Set(['platformFile', 'maintainers']);

/**
 * The README's identities: the Actions variables the workflow reads
 * (`{{ PLAN_SERVICE_ACCOUNT }}` and so on) and, per deploy job, its gate and
 * the apply identity platform.json published for it when init ran.
 */
function identityPlaceholders(team: string, environments: readonly DeployEnvironment[], onboarded: OnboardedTeam): Record<string, string> {
  const v = INFRASTRUCTURE_VARIABLES;
  const stacks = [team, ...environments.map((e) => `${team}-${e.name}`)];
  const production = new Set(environments.filter((e) => e.production).map((e) => `${team}-${e.name}`));
  const deployRows = stacks.map((stack) => {
    const gate = deployGateOf(stack);
    const account = onboarded.applyServiceAccounts[stack];
    const identity = `\`vars.${v.APPLY_SERVICE_ACCOUNT}\` of \`${gate}\`${account === undefined ? ' (platform.json names none yet)' : ` (at init: \`${account}\`)`}`;
    // Only the team stack has GitHub resources: the environment stacks' jobs mint no GitHub token (InfrastructureWorkflow).
    const github = stack === team ? `the App \`vars.${v.APP_ID}\`, key: the secret \`${v.APP_PRIVATE_KEY}\` of \`${gate}\`` : 'none: the stack has no GitHub resources';
    return `| \`deploy-${stack}\` | pushes to main, in the environment \`${gate}\` | ${identity} | ${github} |`;
  });
  return {
    ...INFRASTRUCTURE_VARIABLES,
    planServiceAccount: onboarded.planServiceAccount,
    gateList: stacks.map((s) => `\`${deployGateOf(s)}\``).join(', '),
    reviewedGates: stacks.filter((s) => s === team || production.has(s)).map((s) => `\`${deployGateOf(s)}\``).join(', '),
    deployRows: deployRows.join('\n'),
    serviceRepositories: onboarded.serviceRepositories.length > 0 ? onboarded.serviceRepositories.map((r) => `\`${r}\``).join(', ') : 'none yet',
  };
}

function required(value: unknown, option: string, example: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw CliError.invalid('init', { prop: `--${option}`, value, problem: 'is missing', fix: `pass --${option} ${example}` });
  }
  return value.trim();
}
