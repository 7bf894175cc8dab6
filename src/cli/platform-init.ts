import * as fs from 'fs';
import * as path from 'path';
import { CliError, type Io, paint } from './cli';
import { readJson } from './json-file';
import { SETTINGS_FILE, TEAMS_DIR } from './platform-repository';
import { libraryDependency, ownPackage, renderRepositoryTemplate, toolVersions, vendorLibrary } from './repository-files';
import { platformEnvironments } from './team-repository';
import { readPlatformSettings } from '../platform/platform-settings';
import { feedbackForms } from '../scaffold/feedback-forms';
import { INFRASTRUCTURE_VARIABLES } from '../scaffold/infrastructure-variables';
import { PlatformWorkflow } from '../scaffold/platform-workflow';

/** The options of `golden-paths init` that make a team repository, which a platform repository does not take. */
const TEAM_OPTIONS = ['team', 'platform', 'maintainers'] as const;

/**
 * `golden-paths init <dir> --platform-repository --settings <file>`: writes a
 * platform repository that synthesizes as it is: package.json (this library,
 * cdktf, constructs, the providers, cdktf-cli, TypeScript, ts-node with swc,
 * jest), cdktf.json, tsconfig.json, main.ts and platform.ts (the Platform from
 * the settings, the foundation, the teams of teams/), the settings file, a jest
 * test, .gitignore, README.md, the PlatformWorkflow and the feedback forms. The generated code
 * reads the settings and the teams as data; no value of the user's is code.
 */
export function initPlatformRepository(values: Record<string, string | boolean | string[] | undefined>, dirArgument: string, io: Io): number {
  for (const option of TEAM_OPTIONS) {
    if (values[option] !== undefined) {
      throw CliError.invalid('init', {
        prop: `--${option}`,
        value: values[option],
        problem: 'is an option of a team repository, not of --platform-repository',
        fix: 'leave it out, and add each team in the new repository: golden-paths add team <name> --maintainers <logins>',
      });
    }
  }
  const dir = path.resolve(io.cwd, dirArgument);
  if (typeof values.settings !== 'string' || values.settings.trim() === '') {
    throw CliError.invalid('init', { prop: '--settings', value: values.settings, problem: 'is missing', fix: 'pass the platform settings, e.g. --settings platform-settings.json ({ "githubOrganization": "acme", "gcpProject": "acme-prod", "region": "europe-west1", ... })' });
  }
  const settingsFile = path.resolve(io.cwd, values.settings);
  if (!fs.statSync(settingsFile, { throwIfNoEntry: false })?.isFile()) {
    throw CliError.invalid('init', { prop: '--settings', value: values.settings, problem: fs.existsSync(settingsFile) ? 'is a folder, not a settings file' : 'does not exist', fix: 'pass the path of the platform settings file (JSON)' });
  }
  let settings: Record<string, unknown>;
  try {
    settings = readPlatformSettings(settingsFile).settings;
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const json = readJson(settingsFile);
  const published = ['foundation', 'teams'].find((k) => json[k] !== undefined);
  if (published !== undefined) {
    throw CliError.invalid(settingsFile, {
      prop: `/${published}`,
      value: json[published],
      problem: 'is what a platform repository\'s synth publishes (platform.json), not a setting: this file is a published platform.json',
      fix: 'pass the settings the platform is built from, without "foundation" and "teams" (the synth writes them into cdktf.out/platform.json)',
    });
  }
  if (!emptyOrFreshClone(dir)) {
    throw CliError.invalid('init', { prop: '<dir>', value: dirArgument, problem: 'exists and is not empty', fix: 'give a new or empty directory, or a fresh clone of the platform repository (it may hold .git and README.md)' });
  }
  const library = libraryDependency(io.cwd, values.library);
  const organization = String(settings.githubOrganization);
  // Validates the organization too: a name GitHub refuses fails here, in the house format.
  const workflow = new PlatformWorkflow({ githubOrganization: organization });
  const environments = platformEnvironments(settings);
  const own = ownPackage();
  const placeholders: Record<string, string> = {
    organization,
    // npm: lowercase, URL-safe, at most 214 characters.
    packageName: `${organization.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}-platform`.slice(0, 214),
    libraryVersion: library?.dependency ?? `^${own.version}`,
    ...toolVersions(own),
    environments: environments.map((e) => `\`${e.name}\`${e.production ? ' (production)' : ''}`).join(', '),
    workflowPath: PlatformWorkflow.PATH,
    defaultBranch: workflow.defaultBranch,
    maxWaves: String(workflow.maxWaves),
    applyEnvironment: workflow.applyEnvironment,
    productionEnvironment: workflow.productionEnvironment,
    ...INFRASTRUCTURE_VARIABLES,
  };

  const written: string[] = [];
  const write = (relative: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), content);
    written.push(relative);
  };
  renderRepositoryTemplate('platform-repository', placeholders, new Set(), write);
  // The settings as they are: the user's file, byte for byte.
  write(SETTINGS_FILE, fs.readFileSync(settingsFile));
  write(PlatformWorkflow.PATH, workflow.render());
  // The feedback loop: the survey and the feature request, as every team repository has them.
  for (const [file, form] of Object.entries(feedbackForms())) write(file, form);
  const vendored = vendorLibrary(dir, library);
  if (vendored !== undefined) written.push(vendored);

  const shown = path.relative(io.cwd, dir) || '.';
  io.out(`${paint(io, 'green', 'Created')} the ${organization} platform repository in ${shown} (${written.length} files; environments ${environments.map((e) => e.name).join(', ')}).`);
  io.out('Next:');
  io.out(`  cd ${shown} && npm install`);
  io.out('  npx golden-paths add team <name> --maintainers <logins> [--service-repositories <names>]');
  io.out(`  npx golden-paths check      (the stacks foundation and each team's, checked; ${TEAMS_DIR}/README.md has the team files)`);
  return 0;
}

/** Whether `dir` is new, empty, or holds only what a fresh clone has (`.git`, the README GitHub made). */
function emptyOrFreshClone(dir: string): boolean {
  if (!fs.existsSync(dir)) return true;
  return fs.readdirSync(dir).every((entry) => entry === '.git' || entry === 'README.md');
}
