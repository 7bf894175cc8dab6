import * as fs from 'fs';
import * as path from 'path';
import { CliError, type Io } from './cli';
import { readJson } from './json-file';
import { cdktfProject, checkServicesFolder, PLATFORM_SETTINGS_KEY, SERVICES_DIR, synthProject } from './synth';
import { GoldenPathsValidationError } from '../errors/golden-paths-validation-error';
import { type DeployTarget, deployTargetOf } from '../platform/environment';
import { isObject, readPlatformSettings } from '../platform/platform-settings';
import { DEFAULT_ENVIRONMENTS } from '../private/constants';

/** The key of package.json where `golden-paths init` records the team and its platform settings. */
export const CONFIG_KEY = 'goldenPaths';
/** The directory of the team's service and database declarations. */
export { SERVICES_DIR };
/** The variable that points the team's app at another services/ directory (scale checks a change there before writing it). */
export const SERVICES_DIR_VARIABLE = 'GOLDEN_PATHS_SERVICES_DIR';

/** A team infrastructure repository that `golden-paths init` made. */
export interface TeamRepository {
  readonly root: string;
  readonly team: string;
  /** The platform settings file (resolved from a package when the repository names one). */
  readonly platformFile: string;
  /** The platform's environments in promotion order, which are production, and the cluster each deploys to. */
  readonly environments: readonly RepositoryEnvironment[];
  readonly servicesDir: string;
}

/** One environment of the platform, as the team repository's commands see it. */
export interface RepositoryEnvironment {
  readonly name: string;
  readonly production: boolean;
  /** The GKE cluster its workloads run in. */
  readonly target: DeployTarget;
}

/** The environments of platform settings, in promotion order (the platform's defaults when it lists none). */
export function platformEnvironments(settings: Record<string, unknown>): RepositoryEnvironment[] {
  const listed: ReadonlyArray<Record<string, unknown>> = Array.isArray(settings.environments) ? settings.environments : DEFAULT_ENVIRONMENTS;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const platform = { region: String(settings.region), gcpProject: String(settings.gcpProject) };
  return listed.map((e) => ({
    name: String(e.name),
    production: e.production === true,
    target: deployTargetOf(
      { name: String(e.name), gkeCluster: text(e.gkeCluster), gkeLocation: text(e.gkeLocation), gkeProject: text(e.gkeProject) },
      platform,
    ),
  }));
}

/** The repository around `cwd`: the nearest directory up with a package.json that has a `goldenPaths` section. */
export function findRepository(cwd: string): TeamRepository {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const pkgFile = path.join(dir, 'package.json');
    if (fs.existsSync(pkgFile)) {
      const config = readJson(pkgFile)[CONFIG_KEY];
      if (isObject(config) && config[PLATFORM_SETTINGS_KEY] !== undefined) {
        throw new CliError(`${dir} is a platform repository, not a team repository. Fix: run the command in a team's infrastructure repository (golden-paths init <dir> --team <name> ...); here, golden-paths add team, check, status and synth work.`);
      }
      if (isObject(config)) return repositoryAt(dir, config);
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new CliError(`${cwd} is not in a team repository (no package.json with a "${CONFIG_KEY}" section). Fix: run the command in a repository made by \`golden-paths init\`, or make one.`);
}

function repositoryAt(root: string, config: Record<string, unknown>): TeamRepository {
  const where = path.join(root, 'package.json');
  if (typeof config.team !== 'string' || typeof config.platform !== 'string') {
    throw CliError.invalid(where, { prop: `/${CONFIG_KEY}`, value: config, problem: 'does not name the team and the platform settings', fix: 'write { "team": "payments", "platform": "platform.json" }' });
  }
  const platformFile = resolvePlatform(root, config.platform);
  let settings;
  try {
    settings = readPlatformSettings(platformFile).settings;
  } catch (e) {
    if (GoldenPathsValidationError.isGoldenPathsValidationError(e)) throw new CliError(e.message);
    throw e;
  }
  const servicesDir = path.join(root, SERVICES_DIR);
  if (fs.existsSync(servicesDir)) checkServicesFolder(root);
  return { root, team: config.team, platformFile, environments: platformEnvironments(settings), servicesDir };
}

/** A platform.json path (relative to the repository) or a package that ships one. */
export function resolvePlatform(root: string, platform: string): string {
  const file = path.resolve(root, platform);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isFile()) return file;
  if (stat?.isDirectory() || path.isAbsolute(platform) || /^\.\.?([\\/]|$)/.test(platform)) {
    // A path, not a package name: never resolved as a package (whose package.json it may not have).
    const inside = path.join(file, 'platform.json');
    throw CliError.invalid(file, {
      prop: 'platform',
      value: platform,
      problem: stat?.isDirectory() ? 'is a folder, where the platform.json file is expected' : 'does not exist',
      fix: fs.statSync(inside, { throwIfNoEntry: false })?.isFile()
        ? `pass the file in it: --platform ${path.join(platform, 'platform.json')}`
        : 'give the path of the platform.json the platform team publishes, or the name of their installed package',
    });
  }
  try {
    return require.resolve(`${platform}/platform.json`, { paths: [root] });
  } catch {
    throw new CliError(`[${platform}] invalid platform: is neither a platform.json file nor an installed package with a platform.json. Fix: give the path of the platform.json the platform team publishes, or install their package (npm install <package>).`);
  }
}

export { readJson } from './json-file';

/** Writes `value` as JSON with a final newline, as people and formatters keep it. */
export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** The output of one synth: the directory and the stacks it wrote. */
export interface SynthResult {
  readonly outdir: string;
  readonly stacks: string[];
}

/**
 * The synth output a command reads: synthesized now, or with `--no-synth`
 * the repository's existing `cdktf.out`, which must then hold a manifest.
 */
export async function synthOutput(
  repo: TeamRepository, io: Io, noSynth: boolean | undefined, command: string, env?: NodeJS.ProcessEnv,
): Promise<string> {
  const outdir = noSynth ? path.join(repo.root, 'cdktf.out') : (await synth(repo, io, { env })).outdir;
  if (!fs.existsSync(path.join(outdir, 'manifest.json'))) throw new CliError(`${outdir}: no synth output. Fix: run golden-paths ${command} without --no-synth.`);
  return outdir;
}

/**
 * Synthesizes the repository as `golden-paths synth` does (the `app` of
 * cdktf.json, with fast synth, without the cdktf CLI's start-up). Guardrail
 * errors and bad declarations fail synth: the app's error lines are shown and
 * the command exits 1.
 */
export async function synth(
  repo: TeamRepository, io: Io, options: { outdir?: string; servicesDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<SynthResult> {
  if (options.servicesDir === undefined) checkServicesFolder(repo.root);
  const { outdir, stacks } = await synthProject(cdktfProject(repo.root), io, {
    jobs: 1,
    fastSynth: true,
    outdir: options.outdir,
    env: { ...options.env, ...(options.servicesDir ? { [SERVICES_DIR_VARIABLE]: options.servicesDir } : {}) },
  });
  return { outdir, stacks };
}

