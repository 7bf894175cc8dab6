import type { IConstruct } from 'constructs';
import { ONBOARDING_STACK_PREFIX, RESERVED_TEAM_NAMES } from '../private/constants';
import { type FileProblem, isObject } from '../private/json-shape';
import { onRelease } from '../private/parallel-synth';

/**
 * What the platform repository publishes about a team it onboarded
 * (`platform.json`, under `teams.<name>`): everything the team's own
 * repository needs and must not choose for itself. Team repositories read it;
 * they never write it.
 */
export interface OnboardedTeam {
  /** The team name (its GitHub team slug, the prefix of its namespaces and stacks). */
  readonly name: string;
  /** The team's infrastructure repository in the organization. */
  readonly infrastructureRepository: string;
  /** The bucket that holds the state of the team's stacks, and nobody else's. */
  readonly stateBucket: string;
  /** The read-only identity pull requests plan with. */
  readonly planServiceAccount: string;
  /** The apply identity of each deploy gate, keyed by the stack it applies (`<team>`, `<team>-<env>`). */
  readonly applyServiceAccounts: { readonly [stack: string]: string };
  /** The quota of each environment's namespace, as the platform set it: the team's workloads must fit. */
  readonly quotas: { readonly [environment: string]: OnboardedQuota };
  /** The team's own Google Cloud projects, when the platform creates them (`teamProjects`). */
  readonly projects?: OnboardedProjects;
  /**
   * The service repositories the platform created for the team: the only
   * repositories the team's stacks may manage, and the only ones its GitHub
   * App tokens reach.
   */
  readonly serviceRepositories: readonly string[];
}

/** The Google Cloud projects of an onboarded team. */
export interface OnboardedProjects {
  /** The team's project: its registry and deployer accounts. */
  readonly team: string;
  /** Each environment's project: databases, secrets, workload accounts. */
  readonly environments: { readonly [environment: string]: string };
}

/** A namespace quota as published: the hard limits of the team's namespace in one environment. */
export interface OnboardedQuota {
  readonly cpu: string;
  readonly memory: string;
  readonly pods: number;
}

/** The onboarded teams of a `platform.json` (`teams`), with the problems of their shape. */
export function readOnboardedTeams(json: unknown): { teams: Map<string, OnboardedTeam>; problems: FileProblem[] } {
  const teams = new Map<string, OnboardedTeam>();
  const problems: FileProblem[] = [];
  if (json === undefined) return { teams, problems };
  if (!isObject(json)) {
    return { teams, problems: [{ pointer: '/teams', value: json, problem: 'is not an object', fix: 'keep the "teams" the platform repository\'s synth writes' }] };
  }
  for (const [name, entry] of Object.entries(json)) {
    const at = `/teams/${name}`;
    const stringAt = (key: string) => (isObject(entry) && typeof entry[key] === 'string' ? entry[key] as string : undefined);
    const missing = ['infrastructureRepository', 'stateBucket', 'planServiceAccount'].filter((k) => stringAt(k) === undefined);
    const apply = isObject(entry) && isObject(entry.applyServiceAccounts) ? entry.applyServiceAccounts : undefined;
    const quotas = isObject(entry) && isObject(entry.quotas) ? entry.quotas : undefined;
    if (!isObject(entry) || missing.length > 0 || !apply || !quotas
      || !Object.values(apply).every((v) => typeof v === 'string')
      || !Object.values(quotas).every((q) => isObject(q) && typeof q.cpu === 'string' && typeof q.memory === 'string' && typeof q.pods === 'number')) {
      problems.push({
        pointer: at,
        value: entry,
        problem: 'is not an onboarded team as the platform repository writes it (infrastructureRepository, stateBucket, planServiceAccount, applyServiceAccounts, quotas)',
        fix: 'use the platform.json the platform repository\'s synth writes, unchanged',
      });
      continue;
    }
    const projects = isObject(entry.projects) && typeof entry.projects.team === 'string' && isObject(entry.projects.environments)
      && Object.values(entry.projects.environments).every((p) => typeof p === 'string')
      ? { team: entry.projects.team, environments: entry.projects.environments as Record<string, string> }
      : undefined;
    const repositories = entry.serviceRepositories ?? [];
    if (!Array.isArray(repositories) || !repositories.every((r) => typeof r === 'string')) {
      problems.push({ pointer: `${at}/serviceRepositories`, value: entry.serviceRepositories, problem: 'is not a list of repository names', fix: 'use the platform.json the platform repository\'s synth writes, unchanged' });
      continue;
    }
    if (entry.projects !== undefined && projects === undefined) {
      problems.push({ pointer: `${at}/projects`, value: entry.projects, problem: 'is not the team\'s projects as the platform repository writes them ({ team, environments })', fix: 'use the platform.json the platform repository\'s synth writes, unchanged' });
      continue;
    }
    teams.set(name, {
      name,
      infrastructureRepository: stringAt('infrastructureRepository')!,
      stateBucket: stringAt('stateBucket')!,
      planServiceAccount: stringAt('planServiceAccount')!,
      applyServiceAccounts: apply as Record<string, string>,
      quotas: quotas as Record<string, OnboardedQuota>,
      ...(projects ? { projects } : {}),
      serviceRepositories: [...repositories as string[]],
    });
  }
  return { teams, problems };
}

/** The onboarded teams of each Platform: made by TeamOnboarding (platform repository) or read from platform.json (team repositories). */
const ONBOARDED = new WeakMap<object, Map<string, () => OnboardedTeam>>();
/** Platforms whose settings came from a published platform.json: their teams must be onboarded there. */
const PUBLISHED = new WeakSet<object>();

/**
 * Records a team the platform onboards; `describe` runs at synth, when quotas
 * are final. A team recorded before (in its place of the declaration order,
 * see {@link addOnboardedElsewhere}) keeps its place. With `owner`, the
 * construct `describe` reads: when a parallel synth drops it with its batch,
 * what it described is kept and the construct let go.
 */
export function addOnboardedTeam(platform: object, name: string, describe: () => OnboardedTeam, owner?: IConstruct): void {
  let teams = ONBOARDED.get(platform);
  if (!teams) ONBOARDED.set(platform, teams = new Map());
  teams.set(name, describe);
  if (owner === undefined) return;
  let owners = OWNERS.get(platform);
  if (!owners) {
    OWNERS.set(platform, owners = new Map());
    const [known, held] = [teams, owners];
    onRelease(owner, (released) => {
      for (const [team, entry] of held) {
        if (!released(entry.owner)) continue;
        const kept = entry.describe();
        known.set(team, () => kept);
        held.delete(team);
      }
    });
  }
  owners.set(name, { owner, describe });
}

/** The constructs that describe onboarded teams, for letting go of them (see {@link addOnboardedTeam}). */
const OWNERS = new WeakMap<object, Map<string, { readonly owner: IConstruct; readonly describe: () => OnboardedTeam }>>();

/** What other processes of a parallel synth said of the teams they onboarded, by app and team name. */
const CARRIED = new WeakMap<object, Map<string, OnboardedTeam>>();

/**
 * Records, in its place of the declaration order, a team that another process
 * of a parallel synth onboards (or that this one onboards later, a batch at a
 * time): `platform.json` lists it as one process would, with what that
 * process hands back ({@link restoreOnboardedTeam}).
 */
export function addOnboardedElsewhere(platform: IConstruct, name: string): void {
  const root = platform.node.root;
  addOnboardedTeam(platform, name, () => {
    const team = CARRIED.get(root)?.get(name);
    if (team === undefined) {
      throw new Error(`[${platform.node.path}] the onboarded team "${name}" was built by another process of the synth, which handed nothing back. Fix: run golden-paths synth again; if it persists, synthesize with --jobs 1.`);
    }
    return team;
  });
}

/** What another process of a parallel synth onboarded, as it handed it back, for the app of `scope`. */
export function restoreOnboardedTeam(scope: IConstruct, team: OnboardedTeam): void {
  const root = scope.node.root;
  if (!CARRIED.has(root)) CARRIED.set(root, new Map());
  CARRIED.get(root)!.set(team.name, team);
}

/** Records the teams a published platform.json lists, for a team repository's Platform. */
export function usePublishedTeams(platform: object, teams: ReadonlyMap<string, OnboardedTeam>): void {
  PUBLISHED.add(platform);
  for (const [name, team] of teams) addOnboardedTeam(platform, name, () => team);
}

/** The onboarded team `name` of `platform`, if any. */
export function onboardedTeam(platform: object, name: string): OnboardedTeam | undefined {
  return ONBOARDED.get(platform)?.get(name)?.();
}

/** Every onboarded team of `platform`, by name, in the order they were onboarded. */
export function onboardedTeams(platform: object): OnboardedTeam[] {
  return [...(ONBOARDED.get(platform)?.values() ?? [])].map((describe) => describe());
}

/** Whether `platform` was built from a published platform.json (a team repository). */
export function isPublishedPlatform(platform: object): boolean {
  return PUBLISHED.has(platform);
}

// Kept in private/constants.ts, where the portal's team Template reads them too.
export { ONBOARDING_STACK_PREFIX, RESERVED_TEAM_NAMES };

/** The file a PlatformFoundation writes next to the stacks: the settings and the shared resources' names. */
export const PLATFORM_SETTINGS_FILE = 'platform.json';
