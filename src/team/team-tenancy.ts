import type { TeamEnvironmentProps } from './team-environment-props';
import type { PlatformEnvironment } from '../platform/environment';
import { isPublishedPlatform, onboardedTeam, onboardedTeams, type OnboardedTeam } from '../platform/onboarded-team';
import type { Platform } from '../platform/platform';
import { propError, type PropProblem } from '../private/errors';

/**
 * A team repository's side of the tenancy boundary: a Platform built from a
 * published platform.json at App scope holds only onboarded teams, and their
 * namespaces, quotas, registry, budget and RBAC are the platform's.
 */

/** The props of a TeamEnvironment that the platform's TeamOnboarding sets for an onboarded team. */
const PLATFORM_OWNED_PROPS = ['quotas', 'monthlyBudget', 'groupSubject', 'ingressControllerNamespaceLabels', 'imageRetention'] as const;

/**
 * What the platform published about the team `props.name`, when the Platform
 * was built from a published platform.json (a team repository); fails with
 * the fix when the platform did not onboard the team.
 */
export function onboardedTeamOf(platform: Platform, path: string, props: TeamEnvironmentProps): OnboardedTeam | undefined {
  // Only teams with stacks of their own are onboarded.
  if (!platform._layout.teamsApart || !isPublishedPlatform(platform)) return undefined;
  const found = onboardedTeam(platform, props.name);
  if (found) return found;
  const known = onboardedTeams(platform).map((t) => `"${t.name}"`);
  throw propError(path, {
    prop: 'name',
    value: props.name,
    problem: `is not a team the platform onboarded (its platform.json lists ${known.length === 0 ? 'no team' : known.join(', ')}), so nothing gives this repository a namespace, identities or state`,
    fix: `ask the platform team to onboard it: new TeamOnboarding(platform, "${props.name}", { name: "${props.name}", maintainers: [...] }) in the platform repository, then use the platform.json its synth writes`,
  });
}

/** Props an onboarded team's repository gives that belong to the platform. */
export function onboardedTeamProblems(props: TeamEnvironmentProps, team: OnboardedTeam, environments: readonly PlatformEnvironment[]): PropProblem[] {
  return PLATFORM_OWNED_PROPS.filter((prop) => props[prop] !== undefined).map((prop) => ({
    prop,
    value: props[prop],
    problem: `is set by the platform for the onboarded team "${team.name}": its TeamOnboarding makes the namespaces${prop === 'quotas' ? ` (quotas now: ${environments.map((e) => `${e.name} cpu ${team.quotas[e.name]?.cpu}, memory ${team.quotas[e.name]?.memory}, ${team.quotas[e.name]?.pods} pods`).join('; ')})` : ''}, the registry, the budget and the RBAC`,
    fix: `remove ${prop} here, and ask the platform team to set it on TeamOnboarding "${team.name}" in the platform repository`,
  }));
}
