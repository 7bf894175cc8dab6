import type { Construct } from 'constructs';
import { CHILD_ID_PREFIXES, FIXED_CHILD_IDS } from '../private/constants';
import { Team, TeamMembership } from '../private/providers/github';
import { terraformLiteral } from '../private/terraform-literal';

/** A team's GitHub team and its memberships. */
export interface TeamGithubResources {
  /** The GitHub team (closed, no default maintainer). */
  readonly team: Team;
  /** Maintainers (role `maintainer`) first, then members (role `member`). */
  readonly memberships: TeamMembership[];
}

/**
 * Makes, in `scope` (the TeamEnvironment), the GitHub team `name` and one
 * membership per person, each named after the lowercase username.
 */
export function makeGithubTeam(
  scope: Construct, name: string, description: string, maintainers: readonly string[], members: readonly string[],
): TeamGithubResources {
  const team = new Team(scope, FIXED_CHILD_IDS.TEAM_GITHUB_TEAM, {
    name,
    // Free text Terraform must read literally.
    description: terraformLiteral(description),
    privacy: 'closed',
    createDefaultMaintainer: false,
  });
  const memberships: TeamMembership[] = [];
  const roles = [
    ['maintainer', CHILD_ID_PREFIXES.TEAM_MAINTAINER, maintainers],
    ['member', CHILD_ID_PREFIXES.TEAM_MEMBER, members],
  ] as const;
  for (const [role, idPrefix, users] of roles) {
    for (const user of users) {
      memberships.push(new TeamMembership(scope, `${idPrefix}${user.toLowerCase()}`, {
        teamId: team.id,
        username: user,
        role,
      }));
    }
  }
  return { team, memberships };
}
