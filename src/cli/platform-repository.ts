import * as fs from 'fs';
import * as path from 'path';
import { CliError } from './cli';
import { readJson } from './json-file';
import { PLATFORM_SETTINGS_KEY } from './synth';
import { platformEnvironments, type RepositoryEnvironment } from './team-repository';
import { isObject, readPlatformSettings } from '../platform/platform-settings';
import { PLATFORM_TEAMS_DIR, TEAM_FILE_KINDS } from '../private/constants';

export { PLATFORM_SETTINGS_KEY };
/** The key of the same section that names the folder of the team files. */
export const TEAMS_KEY = 'teams';
/** The settings file `golden-paths init --platform-repository` writes. */
export const SETTINGS_FILE = 'platform-settings.json';
/** The folder of the team files it writes. */
export const TEAMS_DIR = PLATFORM_TEAMS_DIR;

/** A platform repository that `golden-paths init --platform-repository` made. */
export interface PlatformRepository {
  readonly root: string;
  /** The platform settings file. */
  readonly settingsFile: string;
  /** The settings, shape-checked. */
  readonly settings: Record<string, unknown>;
  /** The folder of the team files. */
  readonly teamsDir: string;
  /** The platform's environments in promotion order. */
  readonly environments: readonly RepositoryEnvironment[];
}

/** One file of teams/, as far as it reads: its kind and name, or why it does not read. */
export interface TeamFileSummary {
  /** The file, relative to the repository. */
  readonly file: string;
  /** The name the file stands for (its file name). */
  readonly name: string;
  /** "onboarding" or "team" when the file says so. */
  readonly kind?: string;
  readonly json?: Record<string, any>;
}

/** Whether a package.json's `goldenPaths` section is a platform repository's. */
export function isPlatformConfig(config: unknown): boolean {
  return isObject(config) && config[PLATFORM_SETTINGS_KEY] !== undefined;
}

/** The platform repository around `cwd`, if any: the nearest package.json up whose `goldenPaths` names the platform settings. */
export function tryFindPlatformRepository(cwd: string): PlatformRepository | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const pkgFile = path.join(dir, 'package.json');
    if (fs.existsSync(pkgFile)) {
      const config = readJson(pkgFile).goldenPaths;
      if (isPlatformConfig(config)) return platformRepositoryAt(dir, config);
      // A team repository, or a package of its own: no platform repository encloses it.
      if (config !== undefined) return undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The platform repository around `cwd`, or an input error that says how to make one. */
export function findPlatformRepository(cwd: string): PlatformRepository {
  const found = tryFindPlatformRepository(cwd);
  if (found) return found;
  throw new CliError(`${cwd} is not in a platform repository (no package.json whose "goldenPaths" section names "${PLATFORM_SETTINGS_KEY}"). `
    + 'Fix: run the command in a repository made by `golden-paths init <dir> --platform-repository --settings <platform-settings.json>`, or make one.');
}

function platformRepositoryAt(root: string, config: Record<string, unknown>): PlatformRepository {
  const where = path.join(root, 'package.json');
  const settingsName = config[PLATFORM_SETTINGS_KEY];
  const teamsName = config[TEAMS_KEY] ?? TEAMS_DIR;
  if (typeof settingsName !== 'string' || settingsName.trim() === '' || typeof teamsName !== 'string' || teamsName.trim() === '') {
    throw CliError.invalid(where, { prop: '/goldenPaths', value: config, problem: 'does not name the platform settings file and the teams folder', fix: `write { "${PLATFORM_SETTINGS_KEY}": "${SETTINGS_FILE}", "${TEAMS_KEY}": "${TEAMS_DIR}" }` });
  }
  const settingsFile = path.resolve(root, settingsName);
  let settings: Record<string, unknown>;
  try {
    settings = readPlatformSettings(settingsFile).settings;
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  return { root, settingsFile, settings, teamsDir: path.resolve(root, teamsName), environments: platformEnvironments(settings) };
}

/**
 * The team files of the repository, in file name order, read leniently (a
 * file that is not JSON still takes its name): what `add team` must not clash
 * with and what `status` lists. Synth judges each file in full.
 */
export function teamFiles(repo: PlatformRepository): TeamFileSummary[] {
  if (!fs.existsSync(repo.teamsDir)) return [];
  return fs.readdirSync(repo.teamsDir).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const file = path.relative(repo.root, path.join(repo.teamsDir, f));
    const name = f.slice(0, -'.json'.length);
    try {
      const json = JSON.parse(fs.readFileSync(path.join(repo.teamsDir, f), 'utf8'));
      if (!isObject(json)) return { file, name };
      const kind = json.kind === TEAM_FILE_KINDS.ONBOARDING || json.kind === TEAM_FILE_KINDS.TEAM ? json.kind : undefined;
      return { file, name, kind, json };
    } catch {
      return { file, name };
    }
  });
}
