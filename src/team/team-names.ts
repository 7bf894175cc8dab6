import type { IConstruct } from 'constructs';
import { TEAM_SYMBOL, type ITeamEnvironment } from './team-interfaces';
import type { Platform } from '../platform/platform';
import { propError } from '../private/errors';
import { boundedName } from '../private/naming';
import { onRelease } from '../private/parallel-synth';

/**
 * The names a team takes: in its platform (the team name and its namespaces,
 * refused twice at once, and found again by name) and in the real world (the
 * GitHub team and the namespaces in their clusters, claimed app-wide).
 */

/**
 * The namespace of a team's database grant Jobs in an environment:
 * `<team>-grants-<env>`, its start shortened with a hash past Kubernetes' 63
 * characters. It ends in `-<env>`, as the team's namespace does: that is how
 * the guardrails tell a production namespace. Only the platform and Terraform
 * reach it: no service, no deployer and no person of the team may run
 * anything there.
 */
export function grantsNamespaceName(team: string, environment: string): string {
  return `${boundedName([team, 'grants'], 63 - 1 - environment.length)}-${environment}`;
}

/** The namespaces a team takes in an environment: its own and its grant Jobs'. */
function namespacesOf(team: string, environment: string): string[] {
  return [`${team}-${environment}`, grantsNamespaceName(team, environment)];
}

/** A team a worker of a parallel synth has synthesized and dropped: its name stays taken. */
interface DroppedTeam {
  readonly name: string;
  readonly path: string;
}

/** Teams by name and by namespace, per platform, to refuse duplicates at once. */
const TEAMS_BY_NAME = new WeakMap<Platform, Map<string, ITeamEnvironment | DroppedTeam>>();
const TEAMS_BY_NAMESPACE = new WeakMap<Platform, Map<string, ITeamEnvironment | DroppedTeam>>();

/** Refuses a second team of the same name, or whose namespaces another team already has; then registers `team`. */
export function registerTeam(team: ITeamEnvironment): void {
  const platform = team.platform;
  if (!TEAMS_BY_NAME.has(platform)) onRelease(platform, (released) => dropTeams(platform, released));
  const byName = mapOf(TEAMS_BY_NAME, platform);
  const other = byName.get(team.name);
  if (other) {
    throw propError(team, {
      prop: 'name',
      value: team.name,
      problem: `is already the name of the team at ${pathOfTeam(other)} in this platform`,
      fix: 'give every team a distinct name: it names the GitHub team, the namespaces and the registry',
    });
  }
  const byNamespace = mapOf(TEAMS_BY_NAMESPACE, platform);
  const namespaces = platform.environments.flatMap((e) => namespacesOf(team.name, e.name));
  for (const ns of namespaces) {
    const owner = byNamespace.get(ns);
    if (owner) {
      throw propError(team, {
        prop: 'name',
        value: team.name,
        problem: `would make the namespace "${ns}", which the team "${owner.name}" at ${pathOfTeam(owner)} already has`,
        fix: platform.environments.some((e) => grantsNamespaceName(owner.name, e.name) === ns || grantsNamespaceName(team.name, e.name) === ns)
          ? 'choose a team name that is not another team\'s name plus "-grants": "<team>-grants-<environment>" is where that team\'s database grant Jobs run'
          : 'choose a team name that does not end in another team\'s name plus an environment',
      });
    }
  }
  byName.set(team.name, team);
  namespaces.forEach((ns) => byNamespace.set(ns, team));
}

/** The team of `platform` named `name`, if one has been registered and not dropped by a parallel synth. */
export function registeredTeam(platform: Platform, name: string): ITeamEnvironment | undefined {
  const team = TEAMS_BY_NAME.get(platform)?.get(name);
  return team !== undefined && isTeam(team) ? team : undefined;
}

/** The names the team takes in the real world, unique across the whole app (every Platform in it). */
export function claimTeamNames(team: ITeamEnvironment): void {
  const platform = team.platform;
  const organization = platform.githubOrganization;
  platform._claimName(team, 'github_team', `${organization}/${team.name}`.toLowerCase(), {
    prop: 'name', value: team.name, problem: `names the GitHub team "${team.name}" of "${organization}" that another team of the app already has`, fix: 'give every team of the app a distinct name',
  });
  for (const env of platform.environments) {
    const target = platform.deployTarget(env.name);
    for (const ns of namespacesOf(team.name, env.name)) {
      platform._claimName(team, 'namespace', `${target.project}/${target.location}/${target.cluster}/${ns}`, {
        prop: 'name', value: team.name, problem: `would make the namespace "${ns}" in the cluster "${target.cluster}" that another team of the app already has`, fix: 'give every team of the app a distinct name',
      });
    }
  }
}

/** Whether an entry is a team built here (a TeamEnvironment), not one a parallel synth dropped. */
function isTeam(entry: ITeamEnvironment | DroppedTeam): entry is ITeamEnvironment {
  return TEAM_SYMBOL in entry;
}

function pathOfTeam(team: ITeamEnvironment | DroppedTeam): string {
  return isTeam(team) ? team.node.path : team.path;
}

/** Keeps only the names of the teams a parallel synth has dropped. */
function dropTeams(platform: Platform, released: (c: IConstruct) => boolean): void {
  for (const registry of [TEAMS_BY_NAME, TEAMS_BY_NAMESPACE]) {
    const map = registry.get(platform);
    for (const [key, team] of map ?? []) {
      if (isTeam(team) && released(team)) map!.set(key, { name: team.name, path: team.node.path });
    }
  }
}

function mapOf<K extends object, V>(registry: WeakMap<K, Map<string, V>>, key: K): Map<string, V> {
  let map = registry.get(key);
  if (!map) {
    map = new Map();
    registry.set(key, map);
  }
  return map;
}
