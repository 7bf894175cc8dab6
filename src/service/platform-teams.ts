import * as fs from 'fs';
import * as path from 'path';
import { TeamServices } from './team-services';
import { GoldenPathsValidationError } from '../errors/golden-paths-validation-error';
import type { Platform } from '../platform/platform';
import { type FileProblem, isObject, type Kind, objectProblems } from '../platform/platform-settings';
import { TEAM_FILE_KINDS } from '../private/constants';
import { combinedError, errorCollector, inputError, propError } from '../private/errors';
import { fileProblemsError, nestingProblem } from '../private/json-shape';
import { TeamEnvironment } from '../team/team-environment';
import type { TeamEnvironmentProps } from '../team/team-environment-props';
import { TeamOnboarding, type TeamOnboardingProps } from '../team/team-onboarding';

/** A team file's `kind`: the team is onboarded onto its own infrastructure repository. */
const ONBOARDING = TEAM_FILE_KINDS.ONBOARDING;
/** A team file's `kind`: the team and its services are declared in this repository. */
const TEAM = TEAM_FILE_KINDS.TEAM;

/** The keys every team file may have: TeamEnvironmentProps as data (a GroupSubject is code, not data). */
const TEAM_KEYS: Record<string, Kind> = {
  kind: 'string',
  name: 'string',
  maintainers: 'string[]',
  members: 'string[]',
  description: 'string',
  quotas: 'object',
  ingressControllerNamespaceLabels: 'object',
  imageRetention: 'object',
  monthlyBudget: 'object',
};

/** The keys of an onboarded team's file: TeamOnboardingProps as data. */
const ONBOARDING_KEYS: Record<string, Kind> = {
  ...TEAM_KEYS,
  infrastructureRepository: 'string',
  serviceRepositories: 'string[]',
};

/** One team file, read and shape-checked. */
interface TeamFile {
  readonly file: string;
  readonly kind: typeof ONBOARDING | typeof TEAM;
  readonly props: Record<string, unknown>;
}

/**
 * The teams of a platform repository declared as data: one JSON file per team
 * in a directory (the platform repository's `teams/`, which
 * `golden-paths add team` writes).
 *
 * - `"kind": "onboarding"`: the team deploys from its own infrastructure
 *   repository; the file holds `TeamOnboardingProps` and becomes a
 *   {@link TeamOnboarding}, declared with {@link TeamOnboarding.define} (so
 *   that `golden-paths synth --jobs` shares onboardings out too; stacks
 *   `onboarding-<team>` and `onboarding-<team>-<env>`).
 * - `"kind": "team"`: the team and its services live in this repository; the
 *   file holds `TeamEnvironmentProps` and the team is declared with
 *   {@link TeamEnvironment.define} (so that `golden-paths synth --jobs` shares
 *   teams out to its processes), its services and databases read from the
 *   folder of its name next to the file (`teams/<team>/`, the files a team
 *   repository keeps in `services/`, see {@link TeamServices}).
 *
 * The file is named after the team (`teams/payments.json` holds
 * `"name": "payments"`), and each team's construct id is its name. Unknown
 * keys and values of the wrong type fail with the file, the JSON pointer, the
 * value and the fix; every file is read before failing, so one synth lists
 * every problem.
 *
 * @example
 * PlatformTeams.fromDirectory(platform, 'teams');
 */
export class PlatformTeams {
  /** The `kind` of an onboarded team's file. */
  public static readonly ONBOARDING_KIND: string = ONBOARDING;
  /** The `kind` of the file of a team declared in this repository. */
  public static readonly TEAM_KIND: string = TEAM;

  /**
   * Onboards or declares, on `platform`, every team of the `.json` files in
   * `directory` (other files, such as a README, are left alone). A missing
   * directory declares nothing.
   *
   * @param platform the Platform, at App scope
   * @param directory the directory of the team files
   */
  public static fromDirectory(platform: Platform, directory: string): PlatformTeams {
    return new PlatformTeams(platform, directory);
  }

  /** Every team of the directory, in file name order. */
  public readonly names: string[] = [];
  /**
   * The onboarded teams (`"kind": "onboarding"`) that this process built, in
   * file name order: all of them, except in a worker of `golden-paths synth
   * --jobs`, which builds its share (see {@link TeamOnboarding.define}).
   */
  public readonly onboardings: TeamOnboarding[] = [];
  /**
   * The teams declared here (`"kind": "team"`) that this process built: all
   * of them, except in a worker of `golden-paths synth --jobs`, which builds
   * its share (see {@link TeamEnvironment.define}).
   */
  public readonly teams: TeamEnvironment[] = [];

  private constructor(platform: Platform, directory: string) {
    const stat = fs.statSync(directory, { throwIfNoEntry: false });
    if (stat !== undefined && !stat.isDirectory()) {
      throw propError(platform, { prop: 'directory', value: directory, problem: 'is a file, not a folder', fix: 'give the folder of the team files (a platform repository\'s teams/), or move the file away' });
    }
    const entries = stat === undefined ? [] : fs.readdirSync(directory, { withFileTypes: true });
    const { errors, attempt } = errorCollector();
    const files = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name).sort()
      .map((name) => attempt(() => readTeamFile(path.join(directory, name))));
    const declaredHere = new Set(files.filter((f) => f?.kind === TEAM).map((f) => path.basename(f!.file, '.json')));
    for (const folder of entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      if (declaredHere.has(folder)) continue;
      const kind = files.find((f) => f !== undefined && path.basename(f.file, '.json') === folder)?.kind;
      attempt(() => {
        throw inputError(path.join(directory, folder), `holds declarations of no team of this repository: ${kind === ONBOARDING
          ? `${folder}.json onboards the team, whose services its own infrastructure repository declares`
          : `there is no ${folder}.json`}`, kind === ONBOARDING
          ? `move the services to the team's infrastructure repository, or make ${folder}.json "kind": "team"`
          : `add the team (golden-paths add team ${folder} --declare-here --maintainers <logins>), or remove the folder`);
      });
    }
    for (const f of files) {
      if (f === undefined) continue;
      const name = String(f.props.name);
      this.names.push(name);
      if (f.kind === ONBOARDING) {
        const onboarding = attempt(() => TeamOnboarding.define(platform, name, f.props as unknown as TeamOnboardingProps));
        if (onboarding) this.onboardings.push(onboarding);
      } else {
        const services = path.join(directory, name);
        const team = attempt(() => TeamEnvironment.define(platform, name, f.props as unknown as TeamEnvironmentProps, {
          define: (t: TeamEnvironment) => {
            TeamServices.fromDirectory(t, services);
          },
        }));
        if (team) this.teams.push(team);
      }
    }
    if (errors.length === 0) return;
    const asError = (e: unknown) => (e instanceof Error ? e : new Error(`[${directory}] ${String(e)}`));
    if (errors.length === 1) throw asError(errors[0]);
    const heading = `${errors.length} team files are wrong`;
    if (errors.every((e) => GoldenPathsValidationError.isGoldenPathsValidationError(e))) throw combinedError(directory, heading, errors);
    // A defect among them: the same list, but not an error of the input.
    throw new Error(`[${directory}] ${heading}:\n${errors.map((e) => asError(e).message).join('\n')}`);
  }
}

function fail(file: string, found: FileProblem[]): never {
  throw fileProblemsError(file, found);
}

function readTeamFile(file: string): TeamFile {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw inputError(file, `is not JSON: ${(e as Error).message}`, 'write one JSON object, e.g. { "kind": "onboarding", "name": "payments", "maintainers": ["alice"] }', e);
  }
  const deep = nestingProblem(json);
  if (deep) fail(file, [deep]);
  if (!isObject(json) || (json.kind !== ONBOARDING && json.kind !== TEAM)) {
    fail(file, [{
      pointer: '/kind',
      value: isObject(json) ? json.kind : json,
      problem: `is not "${ONBOARDING}" nor "${TEAM}"`,
      fix: `write "kind": "${ONBOARDING}" (the team deploys from its own infrastructure repository) or "kind": "${TEAM}" (its services are declared here, under teams/<team>/)`,
    }]);
  }
  const found = objectProblems('', json, json.kind === ONBOARDING ? ONBOARDING_KEYS : TEAM_KEYS).map((p): FileProblem => {
    const key = p.pointer.slice(1);
    // An onboarding's keys in the file of a team declared here: the team has no repository of its own.
    return json.kind === TEAM && !Object.hasOwn(TEAM_KEYS, key) && Object.hasOwn(ONBOARDING_KEYS, key)
      ? { ...p, problem: `is an onboarded team's setting, and this team is declared here ("kind": "${TEAM}"): its services are in teams/${String(json.name)}/`, fix: `remove it, or make the file "kind": "${ONBOARDING}" to onboard the team onto its own infrastructure repository` }
      : p;
  });
  if (typeof json.name !== 'string') found.push({ pointer: '/name', value: json.name, problem: 'is missing', fix: 'name the team, e.g. "payments"' });
  else if (path.basename(file) !== `${json.name}.json`) found.push({ pointer: '/name', value: json.name, problem: `differs from the file name ${path.basename(file)}`, fix: `rename the file ${json.name}.json` });
  if (json.maintainers === undefined) found.push({ pointer: '/maintainers', value: undefined, problem: 'is missing', fix: 'list the GitHub logins of the team\'s maintainers, e.g. ["alice"]' });
  if (found.length > 0) fail(file, found);
  const { kind, ...props } = json;
  return { file, kind: kind as TeamFile['kind'], props };
}
