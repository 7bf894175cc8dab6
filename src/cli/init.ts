import * as fs from 'fs';
import * as path from 'path';
import { CliError, type Io, paint, parseCommand } from './cli';
import { platformEnvironments, readJson, resolvePlatform } from './team-repository';
import { isObject, readPlatformSettings } from '../platform/platform-settings';
import { boundedName } from '../private/naming';
import { dnsLabelProblem } from '../private/validation';
import { InfrastructureWorkflow } from '../scaffold/infrastructure-workflow';
import { renderTemplate } from '../scaffold/render-template';
import { listFiles } from '../scaffold/service-template';

/** The team repository's files, at the package root: the same two levels up from src/cli and lib/cli. */
const TEMPLATE = path.join(__dirname, '..', '..', 'templates', 'team-repository');
const PACKAGE_JSON = path.join(__dirname, '..', '..', 'package.json');
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

export const INIT = {
  name: 'init',
  usage: `Usage: golden-paths init <dir> --team <name> --platform <platform.json | package> --maintainers <logins>

Writes a team infrastructure repository into <dir> (new or empty): package.json (this library,
cdktf, constructs, the providers, cdktf-cli, TypeScript, ts-node with swc, jest), cdktf.json,
tsconfig.json, team.ts and main.ts (the platform settings, the team, every file under services/),
services/, a jest test that synthesizes the team, .gitignore, README.md and the CI workflow
.github/workflows/infrastructure.yml. Then: cd <dir> && npm install && npx cdktf synth.

Options:
  --team <name>           the team: a DNS label, such as payments (its stacks: <team>, <team>-<env>)
  --platform <source>     the platform.json the platform team publishes (copied into <dir>), or
                          the npm package that ships it (added as a dependency)
  --maintainers <logins>  GitHub logins of the team's maintainers, comma-separated
  --library <version>     the cdktf-golden-paths version or tarball to depend on (default: this one)
  -h, --help              show this help`,
  options: {
    team: { type: 'string' },
    platform: { type: 'string' },
    maintainers: { type: 'string' },
    library: { type: 'string' },
  },
  positionals: [1, 1],
} as const;

/** `golden-paths init`: writes a ready team repository. */
export function init(argv: readonly string[], io: Io): number {
  const { values, positionals } = parseCommand(INIT, argv);
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
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw CliError.invalid('init', { prop: '<dir>', value: positionals[0], problem: 'exists and is not empty', fix: 'give a new or empty directory' });
  }

  const source = required(values.platform, 'platform', 'platform.json');
  const platformFile = resolvePlatform(io.cwd, source);
  const isFile = path.resolve(io.cwd, source) === platformFile;
  let settings: Record<string, unknown>;
  try {
    settings = readPlatformSettings(platformFile).settings;
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const platformJson = readJson(platformFile);
  const foundation = isObject(platformJson.foundation) ? platformJson.foundation : {};
  const provider = typeof foundation.workloadIdentityProvider === 'string' ? foundation.workloadIdentityProvider : undefined;
  if (provider === undefined) {
    throw CliError.invalid(platformFile, { prop: '/foundation/workloadIdentityProvider', value: undefined, problem: 'is missing, so CI cannot authenticate to Google Cloud', fix: 'use the platform.json the platform repository\'s synth writes next to its stacks (PlatformFoundation)' });
  }
  const organization = String(settings.githubOrganization);
  const environments = platformEnvironments(settings);
  const serviceAccount = `${boundedName([team, 'infra'], 30)}@${settings.gcpProject}.iam.gserviceaccount.com`;
  const stacks = [team, ...environments.map((e) => `${team}-${e.name}`)];
  const own = readJson(PACKAGE_JSON);
  // The versions this library is built and tested with; an open peer range (">=0.21.0") is closed at the next minor ("^0.21.0").
  const version = (name: string) => String(own.peerDependencies?.[name] ?? own.devDependencies?.[name] ?? own.dependencies?.[name] ?? 'latest').replace(/^>=\s*/, '^');
  const platformPackage = isFile ? undefined : source;
  const placeholders: Record<string, string> = {
    team,
    platformId: organization,
    platform: isFile ? 'platform.json' : source,
    platformFile: isFile ? 'path.join(__dirname, \'platform.json\')' : `require.resolve('${source}/platform.json')`,
    platformSource: isFile ? '`platform.json`, a copy of the file the platform repository publishes' : `the \`platform.json\` of the package \`${source}\``,
    maintainers: JSON.stringify(maintainers).replace(/"/g, '\'').replace(/,/g, ', '),
    libraryVersion: values.library === undefined ? `^${own.version}` : String(values.library),
    cdktfVersion: version('cdktf'),
    constructsVersion: version('constructs'),
    providerGoogleVersion: version('@cdktf/provider-google'),
    providerKubernetesVersion: version('@cdktf/provider-kubernetes'),
    providerGithubVersion: version('@cdktf/provider-github'),
    cdktfCliVersion: version('cdktf-cli'),
    typescriptVersion: version('typescript'),
    tsNodeVersion: version('ts-node'),
    swcCoreVersion: version('@swc/core'),
    swcJestVersion: version('@swc/jest'),
    jestVersion: version('jest'),
    typesJestVersion: version('@types/jest'),
    typesNodeVersion: version('@types/node'),
    stackOrder: stacks.map((s) => `\`${s}\``).join(', '),
    environmentList: environments.map((e) => `\`${e.name}\``).join(', '),
    productionList: environments.filter((e) => e.production).map((e) => `\`${e.name}\``).join(', ') || 'none',
    serviceAccount,
  };

  const written: string[] = [];
  const write = (relative: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), content);
    written.push(relative);
  };
  for (const file of listFiles(TEMPLATE)) {
    // npm leaves .gitignore files out of packages: the template names it gitignore.
    write(file.replace(/(^|\/)gitignore$/, '$1.gitignore'), renderTemplate(fs.readFileSync(path.join(TEMPLATE, file), 'utf8'), placeholders));
  }
  if (platformPackage !== undefined) {
    const pkg = readJson(path.join(dir, 'package.json'));
    const installed = readJson(require.resolve(`${platformPackage}/package.json`, { paths: [io.cwd] }));
    pkg.dependencies = { ...pkg.dependencies, [platformPackage]: `^${installed.version}` };
    write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    written.pop();
  } else {
    write('platform.json', fs.readFileSync(platformFile, 'utf8'));
  }
  const workflow = new InfrastructureWorkflow({
    teamName: team, githubOrganization: organization, environments, workloadIdentityProvider: provider, serviceAccount,
  });
  write(InfrastructureWorkflow.PATH, workflow.render());

  io.out(`${paint(io, 'green', 'Created')} the ${team} team repository in ${path.relative(io.cwd, dir) || '.'} (${written.length} files; stacks ${stacks.join(', ')}).`);
  io.out('Next:');
  io.out(`  cd ${path.relative(io.cwd, dir) || '.'} && npm install`);
  io.out('  npx golden-paths add service <name> --description "..."');
  io.out('  npx golden-paths check');
  return 0;
}

function required(value: unknown, option: string, example: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw CliError.invalid('init', { prop: `--${option}`, value, problem: 'is missing', fix: `pass --${option} ${example}` });
  }
  return value.trim();
}
