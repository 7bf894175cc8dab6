import type { IConstruct } from 'constructs';
import type { ITeamEnvironment } from './team-interfaces';
import { NameKind, NameRegistry, type NameClaim } from '../private/name-registry';
import { boundedName } from '../private/naming';

/**
 * The names a team takes, claimed in its app's NameRegistry: in its platform
 * (the team name and its namespaces, refused twice at once, and the team
 * found again by name) and in the real world (the GitHub team and the
 * namespaces in their clusters, unique across the app).
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

/**
 * Claims the names `team` takes, each checked once: in its platform, its name
 * (refused twice at once, and found again by name) and its namespaces; in
 * the real world, unique across the app, its GitHub team and its namespaces
 * in their clusters.
 */
export function claimTeamNames(team: ITeamEnvironment): void {
  const platform = team.platform;
  const organization = platform.githubOrganization;
  const teamClaim: NameClaim = {
    kind: NameKind.TEAM,
    label: team.name,
    inPlatform: {
      platform,
      key: team.name,
      conflict: (other) => ({
        prop: 'name',
        value: team.name,
        problem: `is already the name of the team at ${other.path} in this platform`,
        fix: 'give every team a distinct name: it names the GitHub team, the namespaces and the registry',
      }),
    },
    inWorld: {
      key: `${organization}/${team.name}`.toLowerCase(),
      problem: { prop: 'name', value: team.name, problem: `names the GitHub team "${team.name}" of "${organization}" that another team of the app already has`, fix: 'give every team of the app a distinct name' },
    },
  };
  const namespaceClaims = platform.environments.flatMap((env): NameClaim[] => {
    const target = platform.deployTarget(env.name);
    return namespacesOf(team.name, env.name).map((ns) => ({
      kind: NameKind.NAMESPACE,
      label: team.name,
      inPlatform: {
        platform,
        key: ns,
        conflict: (other) => ({
          prop: 'name',
          value: team.name,
          problem: `would make the namespace "${ns}", which the team "${other.label}" at ${other.path} already has`,
          fix: platform.environments.some((e) => grantsNamespaceName(other.label!, e.name) === ns || grantsNamespaceName(team.name, e.name) === ns)
            ? 'choose a team name that is not another team\'s name plus "-grants": "<team>-grants-<environment>" is where that team\'s database grant Jobs run'
            : 'choose a team name that does not end in another team\'s name plus an environment',
        }),
      },
      inWorld: {
        key: `${target.project}/${target.location}/${target.cluster}/${ns}`,
        problem: { prop: 'name', value: team.name, problem: `would make the namespace "${ns}" in the cluster "${target.cluster}" that another team of the app already has`, fix: 'give every team of the app a distinct name' },
      },
    }));
  });
  NameRegistry.of(platform).claim(team, [teamClaim, ...namespaceClaims]);
}

/** The team of `platform` named `name`, if one has claimed it and a parallel synth has not dropped it. */
export function registeredTeam(platform: IConstruct, name: string): ITeamEnvironment | undefined {
  return NameRegistry.of(platform).lookup(platform, NameKind.TEAM, name) as ITeamEnvironment | undefined;
}
